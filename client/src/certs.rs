//! X.509 certificates for certificate-chain makers (off chain): what a maker's PKI and a
//! factory do. A maker makes a self-signed **root** (whose key governance registers with
//! `devices.setMakerRoot`), issues **intermediate** and **signer** CA certificates below it,
//! and a factory's signer issues one **device** certificate per chip, for the public key the
//! chip generated inside itself. Issuing uses the RustCrypto `x509-cert` builder; the chain the
//! device registers with is checked here by the runtime's own reader
//! (`depin_primitives::x509`), so a chain the chain would refuse is refused before it costs a
//! fee.

use std::{str::FromStr, time::SystemTime};

use anyhow::{anyhow, bail, ensure, Context, Result};
use depin_primitives::x509;
use der::{Decode, Encode};
use p256::ecdsa::{DerSignature, SigningKey};
use x509_cert::{
	builder::{Builder, CertificateBuilder, Profile},
	name::Name,
	serial_number::SerialNumber,
	spki::{EncodePublicKey, SubjectPublicKeyInfoOwned},
	time::{Time, Validity},
	Certificate,
};

use crate::keys::p256_public;

/// What a certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
	/// An intermediate CA below the root: may issue signers (path length 1).
	Intermediate,
	/// A factory's issuing CA: issues device certificates only (path length 0). Its key signs
	/// the class bindings of the devices it certifies.
	Signer,
	/// A device's own certificate (not a CA), for the key in the device's secure element.
	Device,
}

/// A certificate to issue.
pub struct Request<'a> {
	/// The subject's public key, compressed (33 bytes).
	pub subject_key: [u8; 33],
	/// The subject's distinguished name (`CN=…,O=…`, RFC 4514).
	pub subject: &'a str,
	/// The serial number: a positive integer, big-endian, 1 to 20 bytes.
	pub serial: &'a [u8],
	/// The validity, in seconds since the epoch.
	pub not_before: u64,
	/// The end of the validity.
	pub not_after: u64,
}

/// A distinguished name from RFC 4514 text (`CN=Acme Root,O=Acme`); text without `=` is taken
/// as a common name.
pub fn name(text: &str) -> Result<Name> {
	let text = if text.contains('=') { text.to_owned() } else { format!("CN={text}") };
	Name::from_str(&text).map_err(|e| {
		anyhow!("bad name {text:?}: {e}; expected attributes like CN=Acme Signer 1,O=Acme Inc")
	})
}

/// The SubjectPublicKeyInfo of a compressed P-256 key.
fn spki(key: &[u8; 33]) -> Result<SubjectPublicKeyInfoOwned> {
	let public = p256::PublicKey::from_sec1_bytes(key)
		.map_err(|_| anyhow!("not a P-256 public key: 0x{}", hex::encode(key)))?;
	let der = public.to_public_key_der().context("cannot encode the public key")?;
	SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).context("cannot encode the public key")
}

fn validity(not_before: u64, not_after: u64) -> Result<Validity> {
	ensure!(not_before < not_after, "the validity ends before it starts");
	let time = |secs: u64| -> Result<Time> {
		let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
		Time::try_from(at).map_err(|e| anyhow!("cannot encode the time {secs}: {e}"))
	};
	Ok(Validity { not_before: time(not_before)?, not_after: time(not_after)? })
}

fn serial(bytes: &[u8]) -> Result<SerialNumber> {
	ensure!(
		!bytes.is_empty() && bytes.len() <= 20,
		"a serial number has 1 to 20 bytes, this one {}",
		bytes.len()
	);
	ensure!(bytes.iter().any(|b| *b != 0), "a serial number must be positive");
	SerialNumber::new(bytes).map_err(|e| anyhow!("bad serial number: {e}"))
}

/// A maker's self-signed root certificate for `key`.
pub fn root(key: &SigningKey, request: &Request) -> Result<Vec<u8>> {
	ensure!(
		p256_public(key.verifying_key()) == request.subject_key,
		"the root certificate's key must be the signing key"
	);
	build(Profile::Root, key, request)
}

/// A certificate issued by the CA holding `issuer_key`, whose own certificate is `issuer_der`.
pub fn issue(
	role: Role,
	issuer_key: &SigningKey,
	issuer_der: &[u8],
	request: &Request,
) -> Result<Vec<u8>> {
	let issuer = Certificate::from_der(issuer_der)
		.context("the issuer's certificate is not a DER X.509 certificate")?;
	let ours = depin_primitives::x509::parse(issuer_der)
		.map_err(|e| anyhow!("the chain cannot read the issuer's certificate: {e:?}"))?;
	ensure!(
		ours.key == p256_public(issuer_key.verifying_key()),
		"the issuer's key does not match the issuer's certificate"
	);
	ensure!(ours.is_ca && ours.may_sign_certificates, "the issuer's certificate is not a CA");
	let issuer = issuer.tbs_certificate.subject;
	let profile = match role {
		Role::Intermediate => Profile::SubCA { issuer, path_len_constraint: Some(1) },
		Role::Signer => Profile::SubCA { issuer, path_len_constraint: Some(0) },
		Role::Device => {
			Profile::Leaf { issuer, enable_key_agreement: false, enable_key_encipherment: false }
		}
	};
	build(profile, issuer_key, request)
}

fn build(profile: Profile, signer: &SigningKey, request: &Request) -> Result<Vec<u8>> {
	let builder = CertificateBuilder::new(
		profile,
		serial(request.serial)?,
		validity(request.not_before, request.not_after)?,
		name(request.subject)?,
		spki(&request.subject_key)?,
		signer,
	)
	.map_err(|e| anyhow!("cannot build the certificate: {e}"))?;
	let certificate =
		builder.build::<DerSignature>().map_err(|e| anyhow!("cannot sign the certificate: {e}"))?;
	let der = certificate.to_der().context("cannot encode the certificate")?;
	ensure!(
		der.len() <= x509::MAX_CERTIFICATE_LEN as usize,
		"the certificate is {} bytes, more than the chain's {} (shorten the names)",
		der.len(),
		x509::MAX_CERTIFICATE_LEN
	);
	Ok(der)
}

/// Reads a certificate file: DER, or PEM (`-----BEGIN CERTIFICATE-----`).
pub fn read(path: &std::path::Path) -> Result<Vec<u8>> {
	let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	if bytes.starts_with(b"-----BEGIN") {
		let text = String::from_utf8(bytes).context("a PEM file must be text")?;
		let (label, der) = der::pem::decode_vec(text.as_bytes())
			.map_err(|e| anyhow!("{} is not PEM: {e}", path.display()))?;
		ensure!(label == "CERTIFICATE", "{} holds a {label}, not a CERTIFICATE", path.display());
		return Ok(der);
	}
	Ok(bytes)
}

/// Why the chain refused a chain, in words (the runtime's `ChainError`).
pub fn explain(error: x509::ChainError) -> String {
	use x509::ChainError as E;
	let which = |index: u32| match index {
		0 => "the device certificate".to_owned(),
		i => format!("certificate {} of the chain (0 is the device's)", i),
	};
	match error {
		E::BadLength => format!("a chain has 1 to {} certificates", x509::MAX_CHAIN_LEN),
		E::Certificate { index, error } => format!("{} cannot be read: {error:?}", which(index)),
		E::NotYetValid { index } => format!("{} is not valid yet", which(index)),
		E::Expired { index } => format!("{} has expired", which(index)),
		E::IssuerMismatch { index } => {
			format!("{}'s issuer is not the subject of the next certificate", which(index))
		}
		E::NotAuthority { index } => format!(
			"{} issues certificates but is not a CA allowed to (basicConstraints, keyUsage or \
			 pathLenConstraint)",
			which(index)
		),
		E::BadSignature { index } => {
			format!("{}'s signature does not verify under the next certificate's key", which(index))
		}
		E::WrongRoot => "the chain does not end at the maker's root key".to_owned(),
		E::Revoked { index } => format!("{} or its key is revoked", which(index)),
		E::DeviceIsAuthority => {
			"the device certificate is a CA's (basicConstraints cA): issue it with --role \
			 device"
				.to_owned()
		}
	}
}

/// Checks a chain as the runtime will at time `now` (seconds), with the maker's `root` key and
/// no revocations known; returns the device key, the signer key and the device serial.
pub fn check(
	chain: &[Vec<u8>],
	root: &[u8; 33],
	now: i64,
) -> Result<([u8; 33], [u8; 33], Vec<u8>)> {
	let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
	match x509::verify_chain(&refs, root, now, |_, _, _| false) {
		Ok(v) => Ok((v.device_key, v.signer_key, v.serial.to_vec())),
		Err(e) => bail!("the chain does not verify: {}", explain(e)),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn key(seed: u8) -> SigningKey {
		SigningKey::from_slice(&[seed; 32]).unwrap()
	}

	fn request(key: &SigningKey, subject: &'static str, serial: &'static [u8]) -> Request<'static> {
		Request {
			subject_key: p256_public(key.verifying_key()),
			subject,
			serial,
			not_before: 1_700_000_000,
			not_after: 2_000_000_000,
		}
	}

	/// A root, an intermediate, a signer and a device certificate made here verify with the
	/// runtime's reader; the class-binding key is the signer's.
	#[test]
	fn issued_chains_verify_with_the_runtime_reader() {
		let (root_key, inter_key, signer_key, device_key) = (key(1), key(2), key(3), key(4));
		let root_der = root(&root_key, &request(&root_key, "CN=Test Root,O=Acme", &[1])).unwrap();
		let inter = issue(
			Role::Intermediate,
			&root_key,
			&root_der,
			&request(&inter_key, "CN=Test Intermediate,O=Acme", &[2]),
		)
		.unwrap();
		let signer = issue(
			Role::Signer,
			&inter_key,
			&inter,
			&request(&signer_key, "Test Signer", &[0x80, 1]),
		)
		.unwrap();
		let device = issue(
			Role::Device,
			&signer_key,
			&signer,
			&request(&device_key, "CN=chip 0001", &[0x12, 0x34]),
		)
		.unwrap();
		let root_pub = p256_public(root_key.verifying_key());
		let chain = vec![device.clone(), signer.clone(), inter.clone()];
		let (dev, sig, serial) = check(&chain, &root_pub, 1_800_000_000).unwrap();
		assert_eq!(dev, p256_public(device_key.verifying_key()));
		assert_eq!(sig, p256_public(signer_key.verifying_key()));
		assert_eq!(serial, vec![0x12, 0x34]);
		// A signer's serial with the high bit set gets DER's leading zero byte.
		assert_eq!(x509::parse(&signer).unwrap().serial, &[0, 0x80, 1]);

		// Outside the validity, under another root, or too long: refused, with a reason.
		let expired = check(&chain, &root_pub, 2_000_000_001).unwrap_err().to_string();
		assert!(expired.contains("expired"), "{expired}");
		let other = p256_public(key(9).verifying_key());
		assert!(check(&chain, &other, 1_800_000_000).unwrap_err().to_string().contains("root"));
		let four = vec![device.clone(), signer.clone(), inter, root_der.clone(), root_der.clone()];
		assert!(check(&four, &root_pub, 1_800_000_000).is_err());
		// A signer under the root itself, with the root's own certificate at the end (accepted,
		// not checked).
		let direct =
			issue(Role::Signer, &root_key, &root_der, &request(&signer_key, "CN=S2", &[7]))
				.unwrap();
		let leaf = issue(Role::Device, &signer_key, &direct, &request(&device_key, "CN=c2", &[8]))
			.unwrap();
		let short = vec![leaf.clone(), direct.clone(), root_der.clone()];
		assert_eq!(check(&short, &root_pub, 1_800_000_000).unwrap().1, sig);
		assert!(check(&[leaf, direct], &root_pub, 1_800_000_000).is_ok());
		// A device certificate cannot issue.
		assert!(issue(Role::Device, &device_key, &device, &request(&key(5), "x", &[1])).is_err());
		// The issuer's key must be its certificate's.
		assert!(issue(Role::Device, &key(7), &signer, &request(&key(5), "x", &[1])).is_err());
	}

	#[test]
	fn bad_requests_are_refused_with_a_reason() {
		let k = key(1);
		let mut r = request(&k, "CN=Root", &[1]);
		r.serial = &[];
		assert!(root(&k, &r).unwrap_err().to_string().contains("serial"));
		r.serial = &[0; 3];
		assert!(root(&k, &r).unwrap_err().to_string().contains("positive"));
		r.serial = &[1];
		r.not_after = r.not_before;
		assert!(root(&k, &r).unwrap_err().to_string().contains("validity"));
		assert!(name("CN=a,=b").is_err());
		assert!(root(&key(2), &request(&k, "CN=Root", &[1])).is_err(), "not the signing key");
	}
}
