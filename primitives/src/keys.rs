//! Public keys of devices and makers, their signatures, and their one text form.
//!
//! A key prints as `sr25519:0x<64 hex>`, `ed25519:0x<64 hex>` or `p256:0x<66 hex>` (a NIST
//! P-256 key in compressed SEC1 form: `02` or `03`, then the 32-byte x coordinate). Parsing
//! accepts that form and the key's SCALE encoding as hex, `0x<66 hex>` (type byte `00` for
//! sr25519 or `01` for ed25519, then the 32-byte key) or `0x<68 hex>` (type byte `02`, then the
//! 33-byte P-256 key), which is what polkadot.js shows for a `PublicKey` value.
//!
//! A P-256 signature is the 64 bytes `r ‖ s` (each 32 bytes, big-endian) of ECDSA over SHA-256
//! of the signed bytes, with `s` in the lower half of the group order ("low-S"), so that a
//! signature has one form only. Secure elements (Microchip ATECC608, TPM 2.0, Android
//! StrongBox, Apple's Secure Enclave) sign with such keys; their raw signatures need `s`
//! replaced by `n − s` when it is high, which [`normalize_p256_signature`] does.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// A 64-byte sr25519, ed25519 or P-256 (`r ‖ s`, low-S) signature, as raw bytes (not a
/// `MultiSignature`: the key's scheme is known from the key).
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
	/// Ed25519.
	Ed25519([u8; 32]),
	/// NIST P-256 (secp256r1), compressed SEC1 (33 bytes: `02` or `03`, then x): the keys of
	/// secure elements, TPMs and phone keystores. Verified in the runtime's own code (there
	/// is no host function for it), about 40 times the cost of an sr25519 check.
	P256(#[serde(with = "bytes33")] [u8; 33]),
}

/// Serde form of a 33-byte array (serde derives arrays up to 32 only): a sequence of 33 bytes,
/// as serde writes `[u8; 32]`.
mod bytes33 {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(bytes: &[u8; 33], serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_seq(bytes.iter())
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 33], D::Error> {
		let bytes = alloc::vec::Vec::<u8>::deserialize(deserializer)?;
		bytes.try_into().map_err(|v: alloc::vec::Vec<u8>| {
			D::Error::custom(alloc::format!("a P-256 key has 33 bytes, not {}", v.len()))
		})
	}
}

impl PublicKey {
	/// The name of the key's signature scheme, as the text form spells it.
	pub fn scheme(&self) -> &'static str {
		match self {
			PublicKey::Sr25519(_) => "sr25519",
			PublicKey::Ed25519(_) => "ed25519",
			PublicKey::P256(_) => "p256",
		}
	}

	/// The bytes of the key: 32 for sr25519 and ed25519, 33 for P-256.
	pub fn bytes(&self) -> &[u8] {
		match self {
			PublicKey::Sr25519(key) | PublicKey::Ed25519(key) => key,
			PublicKey::P256(key) => key,
		}
	}

	/// Whether this is a P-256 key (its signatures cost the runtime far more to check).
	pub fn is_p256(&self) -> bool {
		matches!(self, PublicKey::P256(_))
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
			PublicKey::P256(key) => {
				p256_verify_prehash(key, &sp_io::hashing::sha2_256(message), signature, true)
			}
		}
	}
}

/// Whether `signature` (`r ‖ s`) is the P-256 ECDSA signature by `key` (compressed SEC1) of a
/// message whose SHA-256 is `digest`. With `low_s`, a signature whose `s` is in the upper half of
/// the group order is refused (payload signatures must be low-S so that each has one form);
/// certificate signatures, made by tools that do not normalize, are checked without it. An
/// invalid key, an `r` or `s` of zero or not below the order, and a wrong signature are all
/// `false`. So is a key in any form but compressed `02`/`03 ‖ x`: the curve crate also reads
/// the SEC1 "compact" form `05 ‖ x`, which would give one secure element a second device key.
pub fn p256_verify_prehash(
	key: &[u8; 33],
	digest: &[u8; 32],
	signature: &RawSignature,
	low_s: bool,
) -> bool {
	use p256::ecdsa::{signature::hazmat::PrehashVerifier, Signature, VerifyingKey};
	if !sec1_form_is_standard(key) {
		return false;
	}
	let Ok(key) = VerifyingKey::from_sec1_bytes(key) else { return false };
	let Ok(signature) = Signature::from_slice(signature) else { return false };
	if low_s && signature.normalize_s().is_some() {
		return false;
	}
	key.verify_prehash(digest, &signature).is_ok()
}

/// The low-S form of a P-256 signature `r ‖ s` (`s` replaced by `n − s` when it is in the upper
/// half of the group order): what a device's raw secure-element signature must become before
/// it is submitted. `None` if `r` or `s` is zero or not below the order.
pub fn normalize_p256_signature(signature: &RawSignature) -> Option<RawSignature> {
	let parsed = p256::ecdsa::Signature::from_slice(signature).ok()?;
	let low = parsed.normalize_s().unwrap_or(parsed);
	let mut out = [0u8; 64];
	out.copy_from_slice(&low.to_bytes());
	Some(out)
}

/// The compressed SEC1 form (33 bytes) of a P-256 public key given compressed or uncompressed
/// (65 bytes, `04 ‖ x ‖ y`); `None` if the bytes are not a point of the curve or are in another
/// form (the compact `05 ‖ x`, the identity `00`).
pub fn p256_compress(sec1: &[u8]) -> Option<[u8; 33]> {
	use p256::elliptic_curve::sec1::ToEncodedPoint;
	if !sec1_form_is_standard(sec1) {
		return None;
	}
	let key = p256::PublicKey::from_sec1_bytes(sec1).ok()?;
	key.to_encoded_point(true).as_bytes().try_into().ok()
}

/// Whether SEC1 bytes are a compressed (`02`/`03`, 33 bytes) or uncompressed (`04`, 65 bytes)
/// point encoding: the only forms a device key or a certificate key may take.
fn sec1_form_is_standard(sec1: &[u8]) -> bool {
	matches!((sec1.len(), sec1.first()), (33, Some(2 | 3)) | (65, Some(4)))
}

/// The text form: `sr25519:0x<64 hex>`, `ed25519:0x<64 hex>` or `p256:0x<66 hex>`.
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
			"expected sr25519:0x<64 hex>, ed25519:0x<64 hex>, p256:0x<66 hex> (a compressed key, \
			 02 or 03 first) or the SCALE hex form: 0x<66 hex> (type byte 00 for sr25519 or 01 \
			 for ed25519, then the key) or 0x<68 hex> (type byte 02, then the P-256 key)",
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
		if let Some(hex) = text.strip_prefix("p256:") {
			return p256_key(hex_bytes(hex)?);
		}
		if let Ok(scale) = hex_bytes::<34>(text) {
			return match scale.split_first() {
				Some((2, key)) => p256_key(key.try_into().map_err(|_| KeyParseError)?),
				_ => Err(KeyParseError),
			};
		}
		let scale: [u8; 33] = hex_bytes(text)?;
		match scale[0] {
			0 | 1 => PublicKey::decode(&mut &scale[..]).map_err(|_| KeyParseError),
			_ => Err(KeyParseError),
		}
	}
}

/// A P-256 key from its compressed form, refused unless it is a point of the curve.
fn p256_key(bytes: [u8; 33]) -> Result<PublicKey, KeyParseError> {
	p256_compress(&bytes).filter(|c| *c == bytes).map(PublicKey::P256).ok_or(KeyParseError)
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
			&format!("0x0204{HEX}"),
			&format!("p256:0x{HEX}"),
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

	fn p256_pair(seed: u8) -> (p256::ecdsa::SigningKey, PublicKey) {
		let signing = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap();
		let key = p256_compress(signing.verifying_key().to_encoded_point(true).as_bytes()).unwrap();
		(signing, PublicKey::P256(key))
	}

	fn p256_sign(signing: &p256::ecdsa::SigningKey, message: &[u8]) -> RawSignature {
		use p256::ecdsa::signature::Signer;
		let signature: p256::ecdsa::Signature = signing.sign(message);
		normalize_p256_signature(&signature.to_bytes().into()).unwrap()
	}

	#[test]
	fn p256_keys_print_parse_and_verify() {
		let (signing, key) = p256_pair(7);
		let text = key.to_string();
		assert!(text.starts_with("p256:0x0"), "{text}");
		assert_eq!(text.len(), "p256:0x".len() + 66);
		assert_eq!(PublicKey::from_str(&text), Ok(key));
		let scale = format!("0x{}", hex_of(&key.encode()));
		assert_eq!(scale.len(), 2 + 68);
		assert_eq!(PublicKey::from_str(&scale), Ok(key));
		assert_eq!(key.encode().len(), 34);
		assert_eq!(PublicKey::max_encoded_len(), 34);
		let json = serde_json::to_string(&key).unwrap();
		assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), key);
		assert!(serde_json::from_str::<PublicKey>(r#"{"P256":[2,3]}"#).is_err());

		let signature = p256_sign(&signing, b"message");
		assert!(key.verify(b"message", &signature));
		assert!(!key.verify(b"other", &signature));
		let (_, other) = p256_pair(8);
		assert!(!other.verify(b"message", &signature));
		// The same bytes under another scheme's key are no signature.
		assert!(!PublicKey::Sr25519([1; 32]).verify(b"message", &signature));
	}

	#[test]
	fn p256_high_s_zero_and_out_of_range_signatures_are_refused() {
		let (signing, key) = p256_pair(9);
		let low = p256_sign(&signing, b"m");
		let parsed = p256::ecdsa::Signature::from_slice(&low).unwrap();
		// n - s: the same signature in its high-S form.
		let high_s = -*parsed.s();
		let high = p256::ecdsa::Signature::from_scalars(parsed.r(), high_s).unwrap();
		let high: RawSignature = high.to_bytes().into();
		assert!(!key.verify(b"m", &high), "high-S must be refused");
		let digest = sp_io::hashing::sha2_256(b"m");
		let PublicKey::P256(raw) = key else { unreachable!() };
		assert!(p256_verify_prehash(&raw, &digest, &high, false), "certificates accept high-S");
		assert_eq!(normalize_p256_signature(&high), Some(low));
		assert!(!key.verify(b"m", &[0; 64]));
		assert!(!key.verify(b"m", &[0xff; 64]));
		assert_eq!(normalize_p256_signature(&[0; 64]), None);
	}

	#[test]
	fn p256_off_curve_and_bad_prefix_keys_are_refused() {
		let (_, key) = p256_pair(10);
		let PublicKey::P256(mut raw) = key else { unreachable!() };
		raw[0] = 4;
		assert_eq!(PublicKey::from_str(&format!("p256:0x{}", hex_of(&raw))), Err(KeyParseError));
		// About half of all x coordinates have no point on the curve.
		let off = (0u8..=255)
			.map(|x| {
				let mut k = [0u8; 33];
				k[0] = 2;
				k[32] = x;
				k
			})
			.find(|k| p256_compress(k).is_none())
			.unwrap();
		assert_eq!(PublicKey::from_str(&format!("p256:0x{}", hex_of(&off))), Err(KeyParseError));
		assert!(!PublicKey::P256(off).verify(b"m", &[1; 64]));
		assert_eq!(PublicKey::from_str(&format!("0x03{}", hex_of(&raw))), Err(KeyParseError));
	}

	/// The curve crate reads `05 ‖ x` (SEC1 "compact") as the point with that x and the smaller
	/// y: for such keys, without the form check, one secure element would answer to two device
	/// keys (two registrations, two reward streams, and a `Revocation::Key` that misses one).
	#[test]
	fn p256_compact_form_aliases_are_refused() {
		use p256::ecdsa::VerifyingKey;
		let mut aliased = 0;
		for seed in 1..=16u8 {
			let (signing, key) = p256_pair(seed);
			let PublicKey::P256(raw) = key else { unreachable!() };
			let mut alias = raw;
			alias[0] = 5;
			let signature = p256_sign(&signing, b"consent");
			assert!(key.verify(b"consent", &signature));
			// The alias really names the same point for the curve crate in about half the keys.
			if VerifyingKey::from_sec1_bytes(&alias).ok().as_ref() == Some(signing.verifying_key())
			{
				aliased += 1;
			}
			assert!(!PublicKey::P256(alias).verify(b"consent", &signature), "seed {seed}");
			assert_eq!(p256_compress(&alias), None);
			assert_eq!(
				PublicKey::from_str(&format!("p256:0x{}", hex_of(&alias))),
				Err(KeyParseError)
			);
		}
		assert!(aliased > 0, "no seed gave a compact-form alias: the test checks nothing");
		assert_eq!(p256_compress(&[0]), None);
	}

	fn hex_of(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}
}
