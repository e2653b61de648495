//! Public keys of devices and makers, their signatures, and their one text form.
//!
//! A key prints as `sr25519:0x<64 hex>` or `ed25519:0x<64 hex>`. Parsing accepts that form and
//! the key's SCALE encoding as hex, `0x<66 hex>` (type byte `00` for sr25519 or `01` for
//! ed25519, then the 32-byte key), which is what polkadot.js shows for a `PublicKey` value.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// A 64-byte sr25519 or ed25519 signature, as raw bytes (not a `MultiSignature`: the key's
/// scheme is known from the key).
pub type RawSignature = [u8; 64];

/// A public key: a device's identity, or a maker's certificate key.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum PublicKey {
	/// Schnorrkel sr25519 (the default of Substrate wallets).
	Sr25519([u8; 32]),
	/// Ed25519 (common in secure elements).
	Ed25519([u8; 32]),
}

impl PublicKey {
	/// The name of the key's signature scheme, as the text form spells it.
	pub fn scheme(&self) -> &'static str {
		match self {
			PublicKey::Sr25519(_) => "sr25519",
			PublicKey::Ed25519(_) => "ed25519",
		}
	}

	/// The 32 bytes of the key.
	pub fn bytes(&self) -> &[u8; 32] {
		match self {
			PublicKey::Sr25519(key) | PublicKey::Ed25519(key) => key,
		}
	}

	/// Whether `signature` is this key's signature of `message`. Works in the runtime and
	/// natively (no externalities needed).
	pub fn verify(&self, message: &[u8], signature: &RawSignature) -> bool {
		match self {
			PublicKey::Sr25519(key) => sp_io::crypto::sr25519_verify(
				&sp_core::sr25519::Signature::from_raw(*signature),
				message,
				&sp_core::sr25519::Public::from_raw(*key),
			),
			PublicKey::Ed25519(key) => sp_io::crypto::ed25519_verify(
				&sp_core::ed25519::Signature::from_raw(*signature),
				message,
				&sp_core::ed25519::Public::from_raw(*key),
			),
		}
	}
}

/// The text form: `sr25519:0x<64 hex>` or `ed25519:0x<64 hex>`.
impl core::fmt::Display for PublicKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{}:0x", self.scheme())?;
		self.bytes().iter().try_for_each(|b| write!(f, "{b:02x}"))
	}
}

/// Same as the text form, so logs and test failures show keys the way users type them.
impl core::fmt::Debug for PublicKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		core::fmt::Display::fmt(self, f)
	}
}

/// Why a text is not a device key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyParseError;

impl core::fmt::Display for KeyParseError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(
			"expected sr25519:0x<64 hex>, ed25519:0x<64 hex> or 0x<66 hex> (SCALE: type byte 00 \
			 for sr25519 or 01 for ed25519, then the key)",
		)
	}
}

#[cfg(feature = "std")]
impl std::error::Error for KeyParseError {}

fn hex_digit(c: u8) -> Result<u8, KeyParseError> {
	match c {
		b'0'..=b'9' => Ok(c - b'0'),
		b'a'..=b'f' => Ok(c - b'a' + 10),
		b'A'..=b'F' => Ok(c - b'A' + 10),
		_ => Err(KeyParseError),
	}
}

/// Exactly `N` bytes from `0x` and `2N` hex digits.
fn hex_bytes<const N: usize>(text: &str) -> Result<[u8; N], KeyParseError> {
	let digits = text.strip_prefix("0x").ok_or(KeyParseError)?.as_bytes();
	if digits.len() != 2 * N {
		return Err(KeyParseError);
	}
	let mut out = [0u8; N];
	for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
		let (high, low) = match pair {
			[high, low] => (hex_digit(*high)?, hex_digit(*low)?),
			_ => return Err(KeyParseError),
		};
		*byte = (high << 4) | low;
	}
	Ok(out)
}

impl core::str::FromStr for PublicKey {
	type Err = KeyParseError;

	/// Parses the text form or the SCALE hex form (see the module docs).
	fn from_str(text: &str) -> Result<Self, Self::Err> {
		if let Some(hex) = text.strip_prefix("sr25519:") {
			return Ok(PublicKey::Sr25519(hex_bytes(hex)?));
		}
		if let Some(hex) = text.strip_prefix("ed25519:") {
			return Ok(PublicKey::Ed25519(hex_bytes(hex)?));
		}
		let scale: [u8; 33] = hex_bytes(text)?;
		PublicKey::decode(&mut &scale[..]).map_err(|_| KeyParseError)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use core::str::FromStr;

	const HEX: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

	#[test]
	fn text_form_round_trips() {
		let key = PublicKey::Sr25519([0xd4; 32]);
		let text = key.to_string();
		assert_eq!(text, format!("sr25519:0x{}", "d4".repeat(32)));
		assert_eq!(PublicKey::from_str(&text), Ok(key));
		assert_eq!(format!("{key:?}"), text);
		let ed = PublicKey::Ed25519([7; 32]);
		assert_eq!(PublicKey::from_str(&ed.to_string()), Ok(ed));
	}

	#[test]
	fn scale_hex_form_parses() {
		let sr = PublicKey::from_str(&format!("0x00{HEX}")).unwrap();
		assert_eq!(sr.scheme(), "sr25519");
		assert_eq!(format!("0x{}", hex_of(sr.bytes())), format!("0x{HEX}"));
		let ed = PublicKey::from_str(&format!("0x01{HEX}")).unwrap();
		assert_eq!(ed.scheme(), "ed25519");
		assert_eq!(ed.encode(), [&[1u8][..], ed.bytes()].concat());
	}

	#[test]
	fn bad_texts_are_refused() {
		for bad in [
			"",
			HEX,
			&format!("sr25519:{HEX}"),
			&format!("sr25519:0x{}", &HEX[2..]),
			&format!("sr25519:0x{HEX}00"),
			&format!("ecdsa:0x{HEX}"),
			&format!("0x02{HEX}"),
			&format!("0x00{}", &HEX[1..]),
			&format!("0x00{}g", &HEX[1..]),
			"sr25519:0xé",
		] {
			assert_eq!(PublicKey::from_str(bad), Err(KeyParseError), "{bad:?}");
		}
	}

	#[test]
	fn signatures_verify_natively() {
		use sp_core::Pair;
		let pair = sp_core::sr25519::Pair::from_seed(&[1; 32]);
		let key = PublicKey::Sr25519(pair.public().0);
		let signature = pair.sign(b"message").0;
		assert!(key.verify(b"message", &signature));
		assert!(!key.verify(b"other", &signature));
		let ed = sp_core::ed25519::Pair::from_seed(&[1; 32]);
		let ed_key = PublicKey::Ed25519(ed.public().0);
		assert!(ed_key.verify(b"message", &ed.sign(b"message").0));
		assert!(!PublicKey::Ed25519(pair.public().0).verify(b"message", &signature));
	}

	fn hex_of(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}
}
