//! Keys: sr25519 or ed25519 pairs from a secret URI (`//Alice`, a mnemonic with an optional
//! derivation path, a `0x` seed), NIST P-256 device keys (a `0x` scalar, or a development name),
//! or from a key file that only its owner may read.
//!
//! P-256 keys are device keys only: the keys of the secure elements that real devices carry.
//! They sign device payloads (consent, vouchers, receipts, beacons) and, as a maker's signer
//! key, class bindings and certificates, but the chain's accounts are sr25519 or ed25519, so a
//! P-256 key never signs a transaction ([`Key::ensure_account`]).

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use depin_primitives::{PublicKey, RawSignature};
use serde::{Deserialize, Serialize};
use sp_core::{crypto::AccountId32, ed25519, sr25519, Pair};
use sp_runtime::MultiSignature;

use crate::text::{account_text, to_hex};

/// A signature scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
	/// Schnorrkel sr25519, the default of Substrate wallets.
	Sr25519,
	/// Ed25519, common in secure elements.
	Ed25519,
	/// NIST P-256 ECDSA (secp256r1), the curve of secure elements, TPMs and phone enclaves: a
	/// device key only (it has no account).
	P256,
}

/// A key pair. (Few exist at a time, so the ed25519 variant's size does not matter.)
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Key {
	/// An sr25519 pair.
	Sr25519(sr25519::Pair),
	/// An ed25519 pair.
	Ed25519(ed25519::Pair),
	/// A P-256 signing key.
	P256(p256::ecdsa::SigningKey),
}

/// What a key file holds (JSON, mode 0600).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
	/// The signature scheme.
	pub scheme: Scheme,
	/// The secret URI: a mnemonic, optionally with a derivation path, or a `0x` seed.
	pub secret: String,
	/// The public key, `0x` and 64 hex digits (66 for P-256, compressed SEC1), for reference:
	/// the secret decides.
	pub public_key: String,
	/// The account of the key, SS58 with the chain's prefix (for reference; P-256 keys have
	/// none).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub account: Option<String>,
}

/// The domain of development P-256 keys derived from a name (`p256://Name`).
const P256_DEV_TAG: &[u8] = b"dpin/p256-dev/1";

impl Key {
	/// A key from a secret URI. A `sr25519:`, `ed25519:` or `p256:` prefix picks the scheme;
	/// without one, `scheme` is used.
	///
	/// A P-256 secret is `0x` and the 64 hex digits of the private scalar, or, for development
	/// and tests only, a name such as `//Device/1`, whose scalar is SHA-256 of a fixed tag and
	/// the name (anyone who knows the name has the key, as with `//Alice`).
	pub fn from_suri(suri: &str, scheme: Scheme) -> Result<Key> {
		let (scheme, suri) = if let Some(rest) = suri.strip_prefix("sr25519:") {
			(Scheme::Sr25519, rest)
		} else if let Some(rest) = suri.strip_prefix("ed25519:") {
			(Scheme::Ed25519, rest)
		} else if let Some(rest) = suri.strip_prefix("p256:") {
			(Scheme::P256, rest)
		} else {
			(scheme, suri)
		};
		let hint = "expected a secret URI such as //Alice, a 12 or 24 word mnemonic (optionally \
		            followed by a derivation path like //device/1) or a 0x seed, or a key file";
		match scheme {
			Scheme::Sr25519 => sr25519::Pair::from_string(suri, None)
				.map(Key::Sr25519)
				.map_err(|e| anyhow!("bad sr25519 secret: {e:?}; {hint}")),
			Scheme::Ed25519 => ed25519::Pair::from_string(suri, None)
				.map(Key::Ed25519)
				.map_err(|e| anyhow!("bad ed25519 secret: {e:?}; {hint}")),
			Scheme::P256 => p256_from_secret(suri).map(Key::P256),
		}
	}

	/// Fails for a P-256 key: the chain's accounts, which sign transactions and pay fees, are
	/// sr25519 or ed25519.
	pub fn ensure_account(&self, role: &str) -> Result<()> {
		match self {
			Key::P256(_) => Err(no_account(role)),
			_ => Ok(()),
		}
	}

	/// A key from a key file written by `depin key generate`. Refuses files that others may
	/// read, as ssh does.
	pub fn from_file(path: &Path) -> Result<Key> {
		check_private(path)?;
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read key file {}", path.display()))?;
		let file: KeyFile = serde_json::from_str(&text).with_context(|| {
			format!(
				"{} is not a key file (expected the JSON of `depin key generate`)",
				path.display()
			)
		})?;
		Key::from_suri(&file.secret, file.scheme)
			.with_context(|| format!("key file {}", path.display()))
	}

	/// A key from `spec`: the path of a key file if such a file exists, else a secret URI
	/// (`sr25519:`/`ed25519:`/`p256:` prefix optional, sr25519 by default).
	pub fn load(spec: &str) -> Result<Key> {
		let path = Path::new(spec);
		if path.is_file() {
			Key::from_file(path)
		} else {
			Key::from_suri(spec, Scheme::Sr25519)
		}
	}

	/// A fresh key and its secret: a new 12-word mnemonic, or for P-256 a random scalar (`0x`
	/// and 64 hex digits), as a secure element would make inside itself.
	pub fn generate(scheme: Scheme) -> (Key, String) {
		match scheme {
			Scheme::Sr25519 => {
				let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
				(Key::Sr25519(pair), phrase)
			}
			Scheme::Ed25519 => {
				let (pair, phrase, _) = ed25519::Pair::generate_with_phrase(None);
				(Key::Ed25519(pair), phrase)
			}
			Scheme::P256 => {
				let key = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
				let secret = to_hex(&key.to_bytes());
				(Key::P256(key), secret)
			}
		}
	}

	/// The scheme.
	pub fn scheme(&self) -> Scheme {
		match self {
			Key::Sr25519(_) => Scheme::Sr25519,
			Key::Ed25519(_) => Scheme::Ed25519,
			Key::P256(_) => Scheme::P256,
		}
	}

	/// The public key bytes: 32, or 33 for P-256 (compressed SEC1).
	pub fn public_bytes(&self) -> Vec<u8> {
		self.device_key().bytes().to_vec()
	}

	/// The key as a device or maker key.
	pub fn device_key(&self) -> PublicKey {
		match self {
			Key::Sr25519(p) => PublicKey::Sr25519(p.public().0),
			Key::Ed25519(p) => PublicKey::Ed25519(p.public().0),
			Key::P256(k) => PublicKey::P256(p256_public(k.verifying_key())),
		}
	}

	/// The key's account: its public key, for sr25519 and ed25519. A P-256 key has none; the
	/// commands refuse it where an account signs ([`Key::ensure_account`]), and this returns
	/// the all-zero account for it, which no one can sign for.
	pub fn account(&self) -> AccountId32 {
		match self {
			Key::Sr25519(p) => AccountId32::new(p.public().0),
			Key::Ed25519(p) => AccountId32::new(p.public().0),
			Key::P256(_) => AccountId32::new([0; 32]),
		}
	}

	/// A raw 64-byte signature of `message`: for P-256, ECDSA over SHA-256 of the message,
	/// `r ‖ s` with the low `s` the chain requires.
	pub fn sign(&self, message: &[u8]) -> RawSignature {
		match self {
			Key::Sr25519(p) => p.sign(message).0,
			Key::Ed25519(p) => p.sign(message).0,
			Key::P256(k) => {
				use p256::ecdsa::signature::Signer;
				let signature: p256::ecdsa::Signature = k.sign(message);
				// `sign` already returns the low-S form; normalising again is a no-op.
				let signature = signature.normalize_s().unwrap_or(signature);
				signature.to_bytes().into()
			}
		}
	}

	/// A signature of `message` as an account signature. Fails for P-256 keys, which have no
	/// account.
	pub fn multi_sign(&self, message: &[u8]) -> Result<MultiSignature> {
		match self {
			Key::Sr25519(p) => Ok(MultiSignature::Sr25519(p.sign(message))),
			Key::Ed25519(p) => Ok(MultiSignature::Ed25519(p.sign(message))),
			Key::P256(_) => Err(no_account("account")),
		}
	}

	/// The key file for this key and its secret.
	pub fn to_file(&self, secret: String) -> KeyFile {
		KeyFile {
			scheme: self.scheme(),
			secret,
			public_key: to_hex(&self.public_bytes()),
			account: (!matches!(self, Key::P256(_))).then(|| account_text(&self.account())),
		}
	}
}

/// Why a P-256 key cannot act as an account.
fn no_account(role: &str) -> anyhow::Error {
	anyhow!(
		"the {role} key is a P-256 key, which has no account on this chain: P-256 keys only sign \
		 as devices or as a maker's signer; use an sr25519 or ed25519 key for accounts"
	)
}

/// The compressed SEC1 form of a P-256 public key.
pub fn p256_public(key: &p256::ecdsa::VerifyingKey) -> [u8; 33] {
	let point = key.to_encoded_point(true);
	let mut out = [0u8; 33];
	out.copy_from_slice(point.as_bytes());
	out
}

/// A P-256 signing key from `0x` and a 64-hex-digit scalar, or a development name (`//Name`).
fn p256_from_secret(secret: &str) -> Result<p256::ecdsa::SigningKey> {
	let scalar: [u8; 32] = if let Some(hex) = secret.strip_prefix("0x") {
		crate::text::hex32(hex).context("bad P-256 secret: expected 0x and 64 hex digits")?
	} else if secret.starts_with("//") {
		{
			use sha2::Digest;
			sha2::Sha256::digest([P256_DEV_TAG, secret.as_bytes()].concat()).into()
		}
	} else {
		bail!(
			"bad P-256 secret: expected 0x and the 64 hex digits of the private scalar, or a \
			 development name such as //Device/1"
		);
	};
	p256::ecdsa::SigningKey::from_slice(&scalar)
		.map_err(|_| anyhow!("bad P-256 secret: the scalar is zero or not below the curve order"))
}

/// Signs transactions for subxt with a [`Key`].
pub struct TxSigner<'a>(pub &'a Key);

impl subxt::tx::Signer<subxt::SubstrateConfig> for TxSigner<'_> {
	fn account_id(&self) -> subxt::utils::AccountId32 {
		subxt::utils::AccountId32(self.0.account().into())
	}

	fn sign(&self, payload: &[u8]) -> subxt::utils::MultiSignature {
		match self.0 {
			Key::Sr25519(p) => subxt::utils::MultiSignature::Sr25519(p.sign(payload).0),
			Key::Ed25519(p) => subxt::utils::MultiSignature::Ed25519(p.sign(payload).0),
			// Refused before signing (`Chain::submit` checks `ensure_account`); a zero
			// signature would only fail the chain's check.
			Key::P256(_) => subxt::utils::MultiSignature::Sr25519([0; 64]),
		}
	}
}

/// Writes a key file readable only by its owner; refuses to overwrite an existing file.
pub fn write_key_file(path: &Path, file: &KeyFile) -> Result<()> {
	use std::io::Write;
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(0o600);
	}
	let mut out = options.open(path).with_context(|| {
		format!("cannot create key file {} (an existing file is never overwritten)", path.display())
	})?;
	let text = serde_json::to_string_pretty(file)?;
	out.write_all(text.as_bytes())?;
	out.write_all(b"\n")?;
	Ok(())
}

/// Fails if group or others may read or write `path`.
fn check_private(path: &Path) -> Result<()> {
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = std::fs::metadata(path)
			.with_context(|| format!("cannot read key file {}", path.display()))?
			.permissions()
			.mode();
		if mode & 0o077 != 0 {
			bail!(
				"key file {} is accessible by other users (mode {:o}); run `chmod 600 {}`",
				path.display(),
				mode & 0o777,
				path.display()
			);
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn uris_pick_the_scheme() {
		let sr = Key::from_suri("//Alice", Scheme::Sr25519).unwrap();
		let ed = Key::from_suri("ed25519://Alice", Scheme::Sr25519).unwrap();
		assert_eq!(sr.scheme(), Scheme::Sr25519);
		assert_eq!(ed.scheme(), Scheme::Ed25519);
		assert_ne!(sr.public_bytes(), ed.public_bytes());
		assert!(Key::from_suri("not a secret", Scheme::Sr25519).is_err());
	}

	#[test]
	fn p256_keys_sign_what_the_chain_verifies_and_have_no_account() {
		let dev = Key::from_suri("p256://Device/1", Scheme::Sr25519).unwrap();
		assert_eq!(dev.scheme(), Scheme::P256);
		let again = Key::from_suri("//Device/1", Scheme::P256).unwrap();
		assert_eq!(dev.device_key(), again.device_key(), "names derive one key");
		assert_eq!(dev.public_bytes().len(), 33);
		let signature = dev.sign(b"payload");
		assert!(dev.device_key().verify(b"payload", &signature));
		assert!(!dev.device_key().verify(b"other", &signature));
		assert!(dev.ensure_account("owner").unwrap_err().to_string().contains("no account"));
		assert!(dev.multi_sign(b"x").is_err());

		let (fresh, secret) = Key::generate(Scheme::P256);
		assert_eq!(secret.len(), 66, "{secret}");
		let loaded = Key::from_suri(&secret, Scheme::P256).unwrap();
		assert_eq!(loaded.device_key(), fresh.device_key());
		assert!(fresh.to_file(secret).account.is_none());

		for bad in ["p256:0x00", "p256:Alice", &format!("p256:0x{}", "00".repeat(32))] {
			assert!(Key::from_suri(bad, Scheme::Sr25519).is_err(), "{bad}");
		}
		// The curve order n is not a scalar.
		let n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
		assert!(Key::from_suri(&format!("p256:0x{n}"), Scheme::Sr25519).is_err());
	}

	#[test]
	fn key_files_are_private_and_round_trip() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("k.json");
		let (key, phrase) = Key::generate(Scheme::Ed25519);
		write_key_file(&path, &key.to_file(phrase)).unwrap();
		assert_eq!(Key::load(path.to_str().unwrap()).unwrap().public_bytes(), key.public_bytes());
		assert!(write_key_file(&path, &key.to_file(String::new())).is_err(), "no overwrite");
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
			let err = Key::from_file(&path).err().unwrap().to_string();
			assert!(err.contains("chmod 600"), "{err}");
		}
	}
}
