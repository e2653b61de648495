//! P-256 devices registered with maker certificate chains (`set_maker_root`,
//! `register_device_with_chain`, `revoke_certificate`, `restore_certificate`), on the chain
//! the openssl command line made (`scripts/x509-vectors.sh`): root → intermediate → signer →
//! device, and a rogue certificate issued by the device's key.

use super::*;
use crate::{
	CertificateChain, DeviceCertificate, DeviceCertificates, MakerRoots, Revocation,
	RevokedCertificates, Serial,
};
use depin_primitives::{
	keys::{normalize_p256_signature, p256_compress},
	x509::parse,
};
use p256::ecdsa::{signature::Signer, SigningKey};

const ROOT: &[u8] = include_bytes!("../../../../primitives/tests/x509/root.der");
const INTER: &[u8] = include_bytes!("../../../../primitives/tests/x509/inter.der");
const SIGNER: &[u8] = include_bytes!("../../../../primitives/tests/x509/signer.der");
const DEVICE: &[u8] = include_bytes!("../../../../primitives/tests/x509/device.der");
const ROGUE: &[u8] = include_bytes!("../../../../primitives/tests/x509/rogue.der");

fn signing(name: &str) -> SigningKey {
	let scalar: &[u8] = match name {
		"root" => include_bytes!("../../../../primitives/tests/x509/root.scalar"),
		"signer" => include_bytes!("../../../../primitives/tests/x509/signer.scalar"),
		"device" => include_bytes!("../../../../primitives/tests/x509/device.scalar"),
		_ => include_bytes!("../../../../primitives/tests/x509/rogue.scalar"),
	};
	SigningKey::from_slice(scalar).unwrap()
}

fn p256_of(key: &SigningKey) -> [u8; 33] {
	p256_compress(key.verifying_key().to_encoded_point(true).as_bytes()).unwrap()
}

fn sign(key: &SigningKey, message: &[u8]) -> RawSignature {
	let signature: p256::ecdsa::Signature = key.sign(message);
	normalize_p256_signature(&signature.to_bytes().into()).unwrap()
}

fn device_key() -> PublicKey {
	PublicKey::P256(p256_of(&signing("device")))
}

fn chain(certs: &[&[u8]]) -> CertificateChain {
	certs.iter().map(|c| c.to_vec().try_into().unwrap()).collect::<Vec<_>>().try_into().unwrap()
}

/// The class binding `(CHAIN_BINDING_TAG, genesis, maker 0, device, class)` by `key`.
fn binding_by(key: &SigningKey, device: &PublicKey, class: u32) -> RawSignature {
	sign(key, &(CHAIN_BINDING_TAG, genesis(), 0u32, device, class).encode())
}

fn class_sig(device: &PublicKey, class: u32) -> RawSignature {
	binding_by(&signing("signer"), device, class)
}

fn p256_consent(owner: u64) -> RawSignature {
	sign(&signing("device"), &(DEVICE_CONSENT_TAG, genesis(), owner).encode())
}

/// Maker 0 and class 0 (see `setup`), maker 0's root is the vectors' root, and the clock is a
/// day into the validity of every certificate.
fn setup_root() {
	setup();
	NowSecs::set(parse(DEVICE).unwrap().not_before as u64 + 86_400);
	assert_ok!(Devices::set_maker_root(RuntimeOrigin::root(), 0, Some(p256_of(&signing("root")))));
}

fn register_with(
	owner: u64,
	device: PublicKey,
	certs: &[&[u8]],
	class_signature: RawSignature,
	device_signature: RawSignature,
) -> sp_runtime::DispatchResult {
	Devices::register_device_with_chain(
		RuntimeOrigin::signed(owner),
		device,
		0,
		0,
		chain(certs),
		class_signature,
		device_signature,
		Some(CELL),
		bounded(b"atecc608"),
	)
}

fn register_chain(certs: &[&[u8]]) -> sp_runtime::DispatchResult {
	let device = device_key();
	register_with(ALICE, device, certs, class_sig(&device, 0), p256_consent(ALICE))
}

#[test]
fn set_maker_root_sets_replaces_and_removes() {
	new_test_ext(|| {
		setup();
		let root = p256_of(&signing("root"));
		assert_ok!(Devices::set_maker_root(RuntimeOrigin::root(), 0, Some(root)));
		assert_eq!(MakerRoots::<Test>::get(0), Some(root));
		assert_eq!(last_event(), Event::MakerRootSet { maker: 0, root: Some(root) }.into());
		assert_ok!(Devices::set_maker_root(RuntimeOrigin::root(), 0, None));
		assert_eq!(MakerRoots::<Test>::get(0), None);
		assert_eq!(last_event(), Event::MakerRootSet { maker: 0, root: None }.into());
	});
}

#[test]
fn set_maker_root_refuses_bad_input() {
	new_test_ext(|| {
		setup();
		let root = p256_of(&signing("root"));
		assert_noop!(
			Devices::set_maker_root(RuntimeOrigin::signed(ALICE), 0, Some(root)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::set_maker_root(RuntimeOrigin::root(), 7, Some(root)),
			Error::<Test>::UnknownMaker
		);
		let mut uncompressed_prefix = root;
		uncompressed_prefix[0] = 4;
		assert_noop!(
			Devices::set_maker_root(RuntimeOrigin::root(), 0, Some(uncompressed_prefix)),
			Error::<Test>::InvalidRootKey
		);
		assert_noop!(
			Devices::set_maker_root(RuntimeOrigin::root(), 0, Some([0; 33])),
			Error::<Test>::InvalidRootKey
		);
		assert_ok!(Devices::set_maker_root(RuntimeOrigin::root(), 0, Some(root)));
		assert_ok!(Devices::revoke_maker(RuntimeOrigin::root(), 0));
		assert_noop!(
			Devices::set_maker_root(RuntimeOrigin::root(), 0, Some(root)),
			Error::<Test>::MakerRevoked
		);
		// A revoked maker's root can still be removed.
		assert_ok!(Devices::set_maker_root(RuntimeOrigin::root(), 0, None));
		assert_eq!(MakerRoots::<Test>::get(0), None);
	});
}

#[test]
fn a_device_registers_with_the_openssl_chain() {
	new_test_ext(|| {
		setup_root();
		assert_ok!(register_chain(&[DEVICE, SIGNER, INTER]));
		let device = device_key();
		let d = DevicesMap::<Test>::get(device).unwrap();
		assert_eq!((d.owner, d.class, d.maker, d.bond), (ALICE, 0, 0, BOND));
		assert_eq!(held(ALICE), BOND);
		let cert = parse(DEVICE).unwrap();
		let serial: Serial = cert.serial.to_vec().try_into().unwrap();
		let signer = p256_of(&signing("signer"));
		assert_eq!(
			DeviceCertificates::<Test>::get(device),
			Some(DeviceCertificate {
				issuer: signer,
				serial: serial.clone(),
				not_after: cert.not_after
			})
		);
		assert_eq!(
			last_event(),
			Event::DeviceCertified { device, issuer: signer, serial: serial.clone() }.into()
		);
		assert!(System::events().iter().any(|e| matches!(
			e.event,
			RuntimeEvent::Devices(Event::DeviceRegistered { device: d, .. }) if d == device
		)));
		assert_eq!(Devices::certificate_status(&device).map(|(_, revoked)| revoked), Some(false));
		// Revoking the signer's key afterwards shows in the status; the device stays.
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), Revocation::Key(signer)));
		assert_eq!(Devices::certificate_status(&device).map(|(_, revoked)| revoked), Some(true));
		assert!(DevicesMap::<Test>::contains_key(device));
		// So does revoking the device certificate itself.
		assert_ok!(Devices::restore_certificate(RuntimeOrigin::root(), Revocation::Key(signer)));
		let one = Revocation::Certificate { issuer: signer, serial };
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), one));
		assert_eq!(Devices::certificate_status(&device).map(|(_, revoked)| revoked), Some(true));
		// A device registered without a chain has no certificate status.
		assert_eq!(Devices::certificate_status(&register(BOB, &sr_device("plain"))), None);
	});
}

#[test]
fn a_ca_certificate_is_no_device_certificate_and_the_record_goes_with_the_device() {
	new_test_ext(|| {
		setup_root();
		// The signer's own key cannot register as a "device" (its certificate is a CA's), with
		// or without the root's copy at the end, even with its issuer binding the class.
		let signer = PublicKey::P256(p256_of(&signing("signer")));
		let inter = include_bytes!("../../../../primitives/tests/x509/inter.scalar");
		let inter = SigningKey::from_slice(inter).unwrap();
		let consent = sign(&signing("signer"), &(DEVICE_CONSENT_TAG, genesis(), BOB).encode());
		for certs in [&[SIGNER, INTER, ROOT][..], &[SIGNER, INTER]] {
			assert_noop!(
				register_with(BOB, signer, certs, binding_by(&inter, &signer, 0), consent),
				Error::<Test>::DeviceCertificateIsAuthority
			);
		}
		// Retire and withdraw a real device: the certificate record leaves with it.
		assert_ok!(register_chain(&[DEVICE, SIGNER, INTER]));
		let device = device_key();
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), device));
		System::set_block_number(1 + UnbondingPeriod::get());
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), device));
		assert!(!DeviceCertificates::<Test>::contains_key(device));
	});
}

/// The audit's replay: a class binding is not a maker certificate. With a P-256 root that is
/// also a maker's certificate key, a revoked device cannot register through the plain call
/// with its old binding, nor with a fresh maker certificate; a binding for another maker, or
/// a plain maker certificate as a binding, is refused; a revoked root refuses every chain.
#[test]
fn bindings_are_not_maker_certificates_and_revoked_roots_refuse_chains() {
	new_test_ext(|| {
		setup_root();
		let root = signing("root");
		assert_ok!(Devices::register_maker(
			RuntimeOrigin::root(),
			PublicKey::P256(p256_of(&root)),
			bounded(b"Chips"),
			5
		));
		let device = device_key();
		// A device the root certifies directly: no certificate chain of its own here, so the
		// plain call with the root's maker certificate is the only way in.
		let binding = binding_by(&signing("signer"), &device, 0);
		let plain = |maker_signature| {
			Devices::register_device(
				RuntimeOrigin::signed(ALICE),
				device,
				0,
				1,
				maker_signature,
				p256_consent(ALICE),
				Some(CELL),
				bounded(b""),
			)
		};
		assert_noop!(plain(binding), Error::<Test>::BadMakerSignature);
		let by_root = binding_by(&root, &device, 0);
		assert_noop!(plain(by_root), Error::<Test>::BadMakerSignature);
		// A revoked device key is refused by the plain call too.
		let revoked = Revocation::Key(p256_of(&signing("device")));
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), revoked.clone()));
		let certificate = sign(&root, &(MAKER_CERTIFICATE_TAG, genesis(), device, 0u32).encode());
		assert_noop!(plain(certificate), Error::<Test>::CertificateRevoked);
		assert_ok!(Devices::restore_certificate(RuntimeOrigin::root(), revoked));

		// A binding for maker 1 or a plain maker certificate does not bind for maker 0.
		let other_maker =
			sign(&signing("signer"), &(CHAIN_BINDING_TAG, genesis(), 1u32, device, 0u32).encode());
		let good = [DEVICE, SIGNER, INTER];
		assert_noop!(
			register_with(ALICE, device, &good, other_maker, p256_consent(ALICE)),
			Error::<Test>::BadMakerSignature
		);
		let as_certificate =
			sign(&signing("signer"), &(MAKER_CERTIFICATE_TAG, genesis(), device, 0u32).encode());
		assert_noop!(
			register_with(ALICE, device, &good, as_certificate, p256_consent(ALICE)),
			Error::<Test>::BadMakerSignature
		);
		// Revoking the root key stops every chain under it, and maker 1, whose certificate
		// key it is, certifies no more devices through the plain call either.
		let root_key = Revocation::Key(p256_of(&root));
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), root_key.clone()));
		assert_noop!(register_chain(&good), Error::<Test>::CertificateRevoked);
		let certificate = sign(&root, &(MAKER_CERTIFICATE_TAG, genesis(), device, 0u32).encode());
		assert_noop!(plain(certificate), Error::<Test>::CertificateRevoked);
		assert_ok!(Devices::restore_certificate(RuntimeOrigin::root(), root_key));
		assert_ok!(register_chain(&good));
	});
}

#[test]
fn bad_chains_are_refused_with_their_error() {
	new_test_ext(|| {
		setup();
		let good = [DEVICE, SIGNER, INTER];
		assert_noop!(register_chain(&good), Error::<Test>::NoMakerRoot);
		setup_root();
		assert_noop!(register_chain(&[]), Error::<Test>::EmptyCertificateChain);
		assert_noop!(register_chain(&[&[0x30, 0x00]]), Error::<Test>::CertificateMalformed);
		assert_noop!(
			register_chain(&[&DEVICE[..400], SIGNER]),
			Error::<Test>::CertificateMalformed
		);
		// ecdsa-with-SHA384 (…04 03 03) in place of SHA-256 (…04 03 02), inside and outside.
		let sha384 = DEVICE
			.windows(10)
			.enumerate()
			.filter(|(_, w)| *w == [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])
			.map(|(i, _)| i + 9)
			.collect::<Vec<_>>();
		assert_eq!(sha384.len(), 2);
		let mut other_alg = DEVICE.to_vec();
		sha384.iter().for_each(|i| other_alg[*i] = 0x03);
		assert_noop!(
			register_chain(&[&other_alg, SIGNER, INTER]),
			Error::<Test>::CertificateUnsupported
		);
		assert_noop!(
			register_chain(&[DEVICE, INTER, SIGNER]),
			Error::<Test>::CertificateIssuerMismatch
		);
		assert_noop!(register_chain(&[DEVICE, SIGNER]), Error::<Test>::WrongRoot);
		let mut forged = DEVICE.to_vec();
		let at = forged.windows(4).position(|w| w == b"0123").unwrap();
		forged[at] = b'9';
		assert_noop!(
			register_chain(&[&forged, SIGNER, INTER]),
			Error::<Test>::BadCertificateSignature
		);
		// The rogue certificate, issued by the device's key (not a CA), for the rogue key.
		let rogue = PublicKey::P256(p256_of(&signing("rogue")));
		let rogue_class = binding_by(&signing("device"), &rogue, 0);
		let rogue_consent =
			sign(&signing("rogue"), &(DEVICE_CONSENT_TAG, genesis(), ALICE).encode());
		assert_noop!(
			register_with(ALICE, rogue, &[ROGUE, DEVICE, SIGNER], rogue_class, rogue_consent),
			Error::<Test>::NotCertificateAuthority
		);

		// Keys and signatures.
		let device = device_key();
		assert_noop!(
			register_with(ALICE, rogue, &good, class_sig(&rogue, 0), rogue_consent),
			Error::<Test>::CertificateKeyMismatch
		);
		let sr = sr_key(&sr_device("sr"));
		assert_noop!(
			register_with(ALICE, sr, &good, class_sig(&sr, 0), p256_consent(ALICE)),
			Error::<Test>::CertificateKeyMismatch
		);
		assert_noop!(
			register_with(ALICE, device, &good, class_sig(&device, 1), p256_consent(ALICE)),
			Error::<Test>::BadMakerSignature
		);
		let by_root = binding_by(&signing("root"), &device, 0);
		assert_noop!(
			register_with(ALICE, device, &good, by_root, p256_consent(ALICE)),
			Error::<Test>::BadMakerSignature
		);
		assert_noop!(
			register_with(ALICE, device, &good, class_sig(&device, 0), p256_consent(BOB)),
			Error::<Test>::BadDeviceSignature
		);
		assert_noop!(
			register_with(POOR, device, &good, class_sig(&device, 0), p256_consent(POOR)),
			Error::<Test>::CannotAffordBond
		);

		// Time.
		let signer = parse(SIGNER).unwrap();
		NowSecs::set(signer.not_before as u64 - 1);
		assert_noop!(register_chain(&good), Error::<Test>::CertificateNotYetValid);
		NowSecs::set(signer.not_after as u64 + 1);
		assert_noop!(register_chain(&good), Error::<Test>::CertificateExpired);
		NowSecs::set(signer.not_after as u64);
		assert_ok!(register_chain(&good));
		assert_noop!(register_chain(&good), Error::<Test>::DeviceAlreadyRegistered);
	});
}

#[test]
fn revoked_certificates_and_keys_refuse_chains() {
	new_test_ext(|| {
		setup_root();
		let inter = parse(INTER).unwrap();
		let by_serial = Revocation::Certificate {
			issuer: p256_of(&signing("root")),
			serial: inter.serial.to_vec().try_into().unwrap(),
		};
		let signer_key = Revocation::Key(p256_of(&signing("signer")));
		let device_key_revoked = Revocation::Key(p256_of(&signing("device")));
		for revocation in [by_serial, signer_key, device_key_revoked] {
			assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), revocation.clone()));
			assert_eq!(
				last_event(),
				Event::CertificateRevoked { revocation: revocation.clone() }.into()
			);
			assert_noop!(
				register_chain(&[DEVICE, SIGNER, INTER]),
				Error::<Test>::CertificateRevoked
			);
			assert_ok!(Devices::restore_certificate(RuntimeOrigin::root(), revocation.clone()));
			assert_eq!(last_event(), Event::CertificateRestored { revocation }.into());
		}
		assert_ok!(register_chain(&[DEVICE, SIGNER, INTER]));
	});
}

#[test]
fn revocations_refuse_bad_input() {
	new_test_ext(|| {
		let key = Revocation::Key(p256_of(&signing("signer")));
		assert_noop!(
			Devices::revoke_certificate(RuntimeOrigin::signed(ALICE), key.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::restore_certificate(RuntimeOrigin::signed(ALICE), key.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::restore_certificate(RuntimeOrigin::root(), key.clone()),
			Error::<Test>::NotRevoked
		);
		// Revocations that could match nothing: a key off the curve, serials that are not
		// minimal DER (a missing sign byte, a superfluous zero, none).
		let signer = p256_of(&signing("signer"));
		let mut off_curve = signer;
		off_curve[0] = 4;
		let serial = |bytes: &[u8]| -> Serial { bytes.to_vec().try_into().unwrap() };
		for bad in [
			Revocation::Key(off_curve),
			Revocation::Key([0; 33]),
			Revocation::Certificate { issuer: off_curve, serial: serial(&[1]) },
			Revocation::Certificate { issuer: signer, serial: serial(&[0x81, 0x23]) },
			Revocation::Certificate { issuer: signer, serial: serial(&[0, 0x01]) },
			Revocation::Certificate { issuer: signer, serial: serial(&[]) },
		] {
			assert_noop!(
				Devices::revoke_certificate(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidRevocation
			);
		}
		let fine = Revocation::Certificate { issuer: signer, serial: serial(&[0, 0x81, 0x23]) };
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), fine));
		assert_ok!(Devices::revoke_certificate(RuntimeOrigin::root(), key.clone()));
		assert!(RevokedCertificates::<Test>::contains_key(&key));
		assert_noop!(
			Devices::revoke_certificate(RuntimeOrigin::root(), key),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn p256_keys_register_without_a_chain_too() {
	new_test_ext(|| {
		setup();
		// A maker whose certificate key is P-256 (a root used directly) certifies a P-256
		// device with the plain maker certificate.
		let root = signing("root");
		assert_ok!(Devices::register_maker(
			RuntimeOrigin::root(),
			PublicKey::P256(p256_of(&root)),
			bounded(b"Chips"),
			5
		));
		let device = device_key();
		let maker_signature =
			sign(&root, &(MAKER_CERTIFICATE_TAG, genesis(), device, 0u32).encode());
		assert_ok!(Devices::register_device(
			RuntimeOrigin::signed(ALICE),
			device,
			0,
			1,
			maker_signature,
			p256_consent(ALICE),
			Some(CELL),
			bounded(b""),
		));
		assert_eq!(DevicesMap::<Test>::get(device).unwrap().maker, 1);
		assert_eq!(Devices::certificate_status(&device), None);
		// A high-S form of a good consent signature is refused.
		let other = PublicKey::P256(p256_of(&signing("rogue")));
		let good = sign(&signing("rogue"), &(DEVICE_CONSENT_TAG, genesis(), BOB).encode());
		let parsed = p256::ecdsa::Signature::from_slice(&good).unwrap();
		let high: RawSignature = p256::ecdsa::Signature::from_scalars(parsed.r(), -*parsed.s())
			.unwrap()
			.to_bytes()
			.into();
		let maker_signature =
			sign(&root, &(MAKER_CERTIFICATE_TAG, genesis(), other, 0u32).encode());
		assert_noop!(
			Devices::register_device(
				RuntimeOrigin::signed(BOB),
				other,
				0,
				1,
				maker_signature,
				high,
				Some(CELL),
				bounded(b""),
			),
			Error::<Test>::BadDeviceSignature
		);
	});
}
