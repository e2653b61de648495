//! The maker-certificate reader and chain check on arbitrary bytes; see `depin_fuzz::x509`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	depin_fuzz::x509(data);
});
