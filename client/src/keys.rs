//! Keys: sr25519 or ed25519 pairs from a secret URI (`//Alice`, a mnemonic with an optional
//! derivation path, a `0x` seed) or from a key file that only its owner may read.

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
}

/// A key pair. (Few exist at a time, so the ed25519 variant's size does not matter.)
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Key {
	/// An sr25519 pair.
	Sr25519(sr25519::Pair),
	/// An ed25519 pair.
	Ed25519(ed25519::Pair),
}

/// What a key file holds (JSON, mode 0600).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
	/// The signature scheme.
	pub scheme: Scheme,
	/// The secret URI: a mnemonic, optionally with a derivation path, or a `0x` seed.
	pub secret: String,
	/// The public key, `0x` and 64 hex digits (for reference; the secret decides).
	pub public_key: String,
	/// The account of the key, SS58 with the chain's prefix (for reference).
	pub account: String,
}

impl Key {
	/// A key from a secret URI. A `sr25519:` or `ed25519:` prefix picks the scheme; without
	/// one, `scheme` is used.
	pub fn from_suri(suri: &str, scheme: Scheme) -> Result<Key> {
		let (scheme, suri) = if let Some(rest) = suri.strip_prefix("sr25519:") {
			(Scheme::Sr25519, rest)
		} else if let Some(rest) = suri.strip_prefix("ed25519:") {
			(Scheme::Ed25519, rest)
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
	/// (`sr25519:`/`ed25519:` prefix optional, sr25519 by default).
	pub fn load(spec: &str) -> Result<Key> {
		let path = Path::new(spec);
		if path.is_file() {
			Key::from_file(path)
		} else {
			Key::from_suri(spec, Scheme::Sr25519)
		}
	}

	/// A fresh key with a new 12-word mnemonic; returns the key and the mnemonic.
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
		}
	}

	/// The scheme.
	pub fn scheme(&self) -> Scheme {
		match self {
			Key::Sr25519(_) => Scheme::Sr25519,
			Key::Ed25519(_) => Scheme::Ed25519,
		}
	}

	/// The 32 public key bytes.
	pub fn public_bytes(&self) -> [u8; 32] {
		match self {
			Key::Sr25519(p) => p.public().0,
			Key::Ed25519(p) => p.public().0,
		}
	}

	/// The key as a device or maker key.
	pub fn device_key(&self) -> PublicKey {
		match self {
			Key::Sr25519(p) => PublicKey::Sr25519(p.public().0),
			Key::Ed25519(p) => PublicKey::Ed25519(p.public().0),
		}
	}

	/// The key's account (its public key, for both schemes).
	pub fn account(&self) -> AccountId32 {
		AccountId32::new(self.public_bytes())
	}

	/// A raw 64-byte signature of `message`.
	pub fn sign(&self, message: &[u8]) -> RawSignature {
		match self {
			Key::Sr25519(p) => p.sign(message).0,
			Key::Ed25519(p) => p.sign(message).0,
		}
	}

	/// A signature of `message` as an account signature.
	pub fn multi_sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Key::Sr25519(p) => MultiSignature::Sr25519(p.sign(message)),
			Key::Ed25519(p) => MultiSignature::Ed25519(p.sign(message)),
		}
	}

	/// The key file for this key and its secret.
	pub fn to_file(&self, secret: String) -> KeyFile {
		KeyFile {
			scheme: self.scheme(),
			secret,
			public_key: to_hex(&self.public_bytes()),
			account: account_text(&self.account()),
		}
	}
}

/// Signs transactions for subxt with a [`Key`].
pub struct TxSigner<'a>(pub &'a Key);

impl subxt::tx::Signer<subxt::SubstrateConfig> for TxSigner<'_> {
	fn account_id(&self) -> subxt::utils::AccountId32 {
		subxt::utils::AccountId32(self.0.public_bytes())
	}

	fn sign(&self, payload: &[u8]) -> subxt::utils::MultiSignature {
		match self.0 {
			Key::Sr25519(p) => subxt::utils::MultiSignature::Sr25519(p.sign(payload).0),
			Key::Ed25519(p) => subxt::utils::MultiSignature::Ed25519(p.sign(payload).0),
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
