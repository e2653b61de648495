//! Arbitrary sequences of blocks and calls on the real runtime; see `depin_fuzz::run`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| depin_fuzz::run(data));
