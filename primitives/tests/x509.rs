//! The maker-certificate chain check against certificates made by the openssl command line
//! (`scripts/x509-vectors.sh`): a root, an intermediate, a signer, a device certificate (whose
//! signature is high-S, as openssl leaves it) and a rogue certificate issued by the device's key.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use depin_primitives::{
	keys::p256_compress,
	x509::{parse, verify_chain, CertError, ChainError, MAX_CHAIN_LEN},
};
use p256::ecdsa::SigningKey;

const ROOT: &[u8] = include_bytes!("x509/root.der");
const INTER: &[u8] = include_bytes!("x509/inter.der");
const SIGNER: &[u8] = include_bytes!("x509/signer.der");
const DEVICE: &[u8] = include_bytes!("x509/device.der");
const ROGUE: &[u8] = include_bytes!("x509/rogue.der");

fn key_of(scalar: &[u8]) -> [u8; 33] {
	let signing = SigningKey::from_slice(scalar).unwrap();
	p256_compress(signing.verifying_key().to_encoded_point(true).as_bytes()).unwrap()
}

fn root_key() -> [u8; 33] {
	key_of(include_bytes!("x509/root.scalar"))
}

fn now() -> i64 {
	// Inside every certificate's validity: a day after the last one starts.
	[ROOT, INTER, SIGNER, DEVICE].iter().map(|c| parse(c).unwrap().not_before).max().unwrap()
		+ 86_400
}

fn never_revoked(_: &[u8; 33], _: &[u8], _: &[u8; 33]) -> bool {
	false
}

#[test]
fn openssl_certificates_read() {
	let root = parse(ROOT).unwrap();
	let inter = parse(INTER).unwrap();
	let signer = parse(SIGNER).unwrap();
	let device = parse(DEVICE).unwrap();
	assert_eq!(root.key, root_key());
	assert_eq!(signer.key, key_of(include_bytes!("x509/signer.scalar")));
	assert_eq!(device.key, key_of(include_bytes!("x509/device.scalar")));
	assert_eq!(root.serial, [1]);
	assert_eq!(signer.serial, [0x10, 0x01]);
	// The high bit is set, so DER puts a zero byte first.
	assert_eq!(device.serial.len(), 17);
	assert_eq!(device.serial[..3], [0x00, 0x81, 0x23]);
	assert!(root.is_ca && root.path_len.is_none() && root.may_sign_certificates);
	assert!(inter.is_ca && inter.path_len == Some(1) && inter.may_sign_certificates);
	assert!(signer.is_ca && signer.path_len == Some(0) && signer.may_sign_certificates);
	assert!(!device.is_ca && !device.may_sign_certificates);
	assert_eq!(device.issuer, signer.subject);
	assert_eq!(signer.issuer, inter.subject);
	assert_eq!(inter.issuer, root.subject);
	// 36,500 days: past 2049, so openssl wrote a GeneralizedTime; 100 years less the leap
	// days' drift.
	assert!(device.not_after - device.not_before == 36_500 * 86_400);
	assert!(device.not_after > 4_102_444_800, "after 2100");
	// openssl does not normalize: this device certificate's signature is high-S (s > n/2),
	// which the chain accepts (payload signatures must be low-S).
	assert!(device.signature[32] >= 0x80, "the vector should keep its high-S signature");
}

#[test]
fn openssl_chain_verifies_to_the_root() {
	let chain = verify_chain(&[DEVICE, SIGNER, INTER], &root_key(), now(), never_revoked).unwrap();
	assert_eq!(chain.device_key, key_of(include_bytes!("x509/device.scalar")));
	assert_eq!(chain.signer_key, key_of(include_bytes!("x509/signer.scalar")));
	assert_eq!(chain.serial, parse(DEVICE).unwrap().serial);
	// A trailing copy of the root certificate is accepted and not checked.
	let with_root = verify_chain(&[DEVICE, SIGNER, ROOT], &root_key(), now(), never_revoked)
		.map(|c| c.device_key);
	assert_eq!(with_root, Err(ChainError::WrongRoot), "the intermediate is still missing");
	// A CA's certificate is no device certificate, whatever follows it.
	for certs in [&[SIGNER, INTER, ROOT][..], &[SIGNER, INTER], &[INTER]] {
		assert_eq!(
			verify_chain(certs, &root_key(), now(), never_revoked),
			Err(ChainError::DeviceIsAuthority)
		);
	}
	// Four certificates are one too many, even when the fourth is the root's copy.
	assert_eq!(
		verify_chain(&[DEVICE, SIGNER, INTER, ROOT], &root_key(), now(), never_revoked),
		Err(ChainError::BadLength)
	);
}

#[test]
fn bad_chains_are_refused_with_their_reason() {
	let root = root_key();
	let t = now();
	let chain = |certs: &[&[u8]], at: i64| {
		verify_chain(certs, &root, at, never_revoked).map(|chain| chain.device_key)
	};
	assert_eq!(chain(&[], t), Err(ChainError::BadLength));
	assert_eq!(chain(&[DEVICE; MAX_CHAIN_LEN as usize + 1], t), Err(ChainError::BadLength));
	// Missing the intermediate: the signer certificate is not the root's.
	assert_eq!(chain(&[DEVICE, SIGNER], t), Err(ChainError::WrongRoot));
	assert_eq!(chain(&[DEVICE], t), Err(ChainError::WrongRoot));
	let other_root = key_of(include_bytes!("x509/rogue.scalar"));
	assert_eq!(
		verify_chain(&[DEVICE, SIGNER, INTER], &other_root, t, never_revoked),
		Err(ChainError::WrongRoot)
	);
	assert_eq!(chain(&[SIGNER, DEVICE, INTER], t), Err(ChainError::DeviceIsAuthority));
	assert_eq!(chain(&[DEVICE, INTER, SIGNER], t), Err(ChainError::IssuerMismatch { index: 0 }));
	// The device's key is no CA: what it signs is no certificate.
	assert_eq!(chain(&[ROGUE, DEVICE, SIGNER], t), Err(ChainError::NotAuthority { index: 1 }));

	let device = parse(DEVICE).unwrap();
	let signer = parse(SIGNER).unwrap();
	assert_eq!(
		chain(&[DEVICE, SIGNER, INTER], signer.not_before - 1),
		Err(ChainError::NotYetValid { index: 0 })
	);
	assert_eq!(
		chain(&[DEVICE, SIGNER, INTER], signer.not_after + 1),
		Err(ChainError::Expired { index: 1 })
	);
	assert_eq!(
		chain(&[DEVICE, SIGNER, INTER], device.not_after + 1),
		Err(ChainError::Expired { index: 0 })
	);
	assert!(chain(&[DEVICE, SIGNER, INTER], signer.not_after).is_ok(), "validity is inclusive");

	// A changed byte in the signed part (the device's name) breaks the signature.
	let mut forged = DEVICE.to_vec();
	let at = forged.windows(4).position(|w| w == b"0123").unwrap();
	forged[at] = b'9';
	assert_eq!(chain(&[&forged, SIGNER, INTER], t), Err(ChainError::BadSignature { index: 0 }));
	// The same change under the root's key, with no signer in between.
	assert_eq!(chain(&[&forged], t), Err(ChainError::WrongRoot));
}

#[test]
fn revocation_applies_to_every_certificate_and_key() {
	let root = root_key();
	let signer = parse(SIGNER).unwrap();
	let device = parse(DEVICE).unwrap();
	let revoke_device_serial = |issuer: &[u8; 33], serial: &[u8], _: &[u8; 33]| {
		*issuer == signer.key && serial == device.serial
	};
	assert_eq!(
		verify_chain(&[DEVICE, SIGNER, INTER], &root, now(), revoke_device_serial),
		Err(ChainError::Revoked { index: 0 })
	);
	let revoke_signer = |_: &[u8; 33], _: &[u8], key: &[u8; 33]| *key == signer.key;
	assert_eq!(
		verify_chain(&[DEVICE, SIGNER, INTER], &root, now(), revoke_signer),
		Err(ChainError::Revoked { index: 1 })
	);
	let inter = parse(INTER).unwrap();
	let revoke_inter_serial =
		|issuer: &[u8; 33], serial: &[u8], _: &[u8; 33]| *issuer == root && serial == inter.serial;
	assert_eq!(
		verify_chain(&[DEVICE, SIGNER, INTER], &root, now(), revoke_inter_serial),
		Err(ChainError::Revoked { index: 2 })
	);
	// Another issuer's certificate with the same serial number is not revoked.
	let same_serial_elsewhere =
		|issuer: &[u8; 33], serial: &[u8], _: &[u8; 33]| *issuer == root && serial == device.serial;
	assert!(verify_chain(&[DEVICE, SIGNER, INTER], &root, now(), same_serial_elsewhere).is_ok());
}

#[test]
fn every_truncation_and_byte_change_is_an_error_or_a_certificate() {
	for cert in [ROOT, INTER, SIGNER, DEVICE, ROGUE] {
		for len in 0..cert.len() {
			assert!(parse(&cert[..len]).is_err(), "a truncation to {len} bytes read");
		}
		let mut extended = cert.to_vec();
		extended.push(0);
		assert_eq!(parse(&extended), Err(CertError::Malformed));
		for i in 0..cert.len() {
			for flip in [0x01u8, 0x80, 0xff] {
				let mut changed = cert.to_vec();
				changed[i] ^= flip;
				// Must not panic; most changes are errors.
				let _ = parse(&changed);
				let _ = verify_chain(&[&changed, SIGNER, INTER], &root_key(), now(), never_revoked);
			}
		}
	}
	assert_eq!(parse(&[0x30; 2000]), Err(CertError::Malformed));
}
