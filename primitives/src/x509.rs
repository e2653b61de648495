//! Maker certificate chains: a bounded, total reader of the X.509 certificates that secure
//! elements are provisioned with, and the check of a chain from a device's certificate up to a
//! maker's root key.
//!
//! Only what device attestation needs is read, and everything else is refused rather than
//! guessed at:
//!
//! - DER only (definite, minimal lengths of at most two bytes; single-byte tags), at most
//!   [`MAX_CERTIFICATE_LEN`] bytes per certificate and [`MAX_CHAIN_LEN`] certificates;
//! - version 3 (or 1, without extensions), a serial number of 1 to 20 bytes (21 with the sign
//!   byte), `ecdsa-with-SHA256` signatures, and subject keys on P-256 (`id-ecPublicKey` with
//!   `prime256v1`), compressed or not;
//! - validity as `UTCTime` or `GeneralizedTime` in their DER forms (`YYMMDDHHMMSSZ`,
//!   `YYYYMMDDHHMMSSZ`);
//! - extensions: `basicConstraints` and `keyUsage` are read; `extKeyUsage`,
//!   `subjectKeyIdentifier`, `authorityKeyIdentifier` and any non-critical extension are skipped;
//!   any other critical extension refuses the certificate, as RFC 5280 requires.
//!
//! Every malformed input is an error value, never a panic: all indexing goes through
//! `get`/`split_at_checked`, and the fuzz target `x509` in `fuzz/` feeds it arbitrary bytes.
//! The reader costs a few microseconds; the chain's cost is its P-256 signature checks.

use crate::keys::{p256_compress, p256_verify_prehash, RawSignature};

/// Longest certificate accepted, in bytes (device certificates of secure elements are 400 to
/// 700 bytes, phone attestation certificates up to about 1,100).
pub const MAX_CERTIFICATE_LEN: u32 = 1536;
/// Most certificates in a chain: the device's own, then up to two issuing certificates below
/// the maker's root (a trailing copy of the root's own certificate counts too).
pub const MAX_CHAIN_LEN: u32 = 3;
/// Longest serial number, in content bytes: 20 octets (RFC 5280), plus a leading zero that
/// keeps a number with its high bit set positive.
pub const MAX_SERIAL_LEN: u32 = 21;

/// Why a certificate cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertError {
	/// Not DER, or not the structure of an X.509 certificate (also: longer than
	/// [`MAX_CERTIFICATE_LEN`], trailing bytes, a duplicated extension).
	Malformed,
	/// Well-formed, but outside what the chain accepts: a signature algorithm other than
	/// `ecdsa-with-SHA256`, a key not on P-256, a version other than 1 or 3, or an unknown
	/// critical extension.
	Unsupported,
	/// A validity time that is not a date (month 13, 30 February, 24:00 and the like).
	BadTime,
}

/// What a certificate says, borrowed from its DER bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate<'a> {
	/// The `tbsCertificate` element, tag and length included: the bytes the issuer signed.
	pub tbs: &'a [u8],
	/// The serial number's content bytes, as encoded (1 to [`MAX_SERIAL_LEN`]).
	pub serial: &'a [u8],
	/// The issuer's name, the whole DER element (compared byte for byte with the issuing
	/// certificate's subject).
	pub issuer: &'a [u8],
	/// The subject's name, the whole DER element.
	pub subject: &'a [u8],
	/// Start of validity, in seconds since 1970-01-01T00:00:00Z (negative before).
	pub not_before: i64,
	/// End of validity (inclusive), in seconds since the epoch.
	pub not_after: i64,
	/// The subject's P-256 public key, compressed.
	pub key: [u8; 33],
	/// `basicConstraints`' `cA` (false without the extension).
	pub is_ca: bool,
	/// `basicConstraints`' `pathLenConstraint`: how many issuing certificates may follow below.
	pub path_len: Option<u32>,
	/// Whether the `keyUsage` extension allows signing certificates (true without it).
	pub may_sign_certificates: bool,
	/// The issuer's signature, `r ‖ s` (not normalized: certificate tools make high-S ones).
	pub signature: RawSignature,
}

// Tags.
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const BOOLEAN: u8 = 0x01;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const EXPLICIT_0: u8 = 0xa0;
const EXPLICIT_3: u8 = 0xa3;
const ISSUER_UID: u8 = 0x81;
const SUBJECT_UID: u8 = 0x82;

// Object identifiers, content bytes.
/// 1.2.840.10045.4.3.2, ecdsa-with-SHA256.
const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
/// 1.2.840.10045.2.1, id-ecPublicKey.
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// 1.2.840.10045.3.1.7, prime256v1 (P-256).
const PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// 2.5.29.19, basicConstraints.
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
/// 2.5.29.15, keyUsage.
const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
/// Extensions that may be critical and that the chain check has no use for: extKeyUsage,
/// subjectKeyIdentifier, authorityKeyIdentifier.
const SKIPPED_CRITICAL: [&[u8]; 3] =
	[&[0x55, 0x1d, 0x25], &[0x55, 0x1d, 0x0e], &[0x55, 0x1d, 0x23]];

/// A cursor over DER elements.
struct Der<'a> {
	rest: &'a [u8],
}

impl<'a> Der<'a> {
	fn new(bytes: &'a [u8]) -> Self {
		Der { rest: bytes }
	}

	fn is_empty(&self) -> bool {
		self.rest.is_empty()
	}

	fn peek_tag(&self) -> Option<u8> {
		self.rest.first().copied()
	}

	/// The next element: `(tag, content, the whole element)`.
	fn any(&mut self) -> Result<(u8, &'a [u8], &'a [u8]), CertError> {
		let all = self.rest;
		let (&tag, after_tag) = all.split_first().ok_or(CertError::Malformed)?;
		// Multi-byte tag numbers are not used by X.509 certificates.
		if tag & 0x1f == 0x1f {
			return Err(CertError::Malformed);
		}
		let (&first, after_len) = after_tag.split_first().ok_or(CertError::Malformed)?;
		let (len, content_and_rest) = match first {
			0..=0x7f => (usize::from(first), after_len),
			0x81 => {
				let (&b, rest) = after_len.split_first().ok_or(CertError::Malformed)?;
				// DER: the long form only for lengths the short form cannot hold.
				if b < 0x80 {
					return Err(CertError::Malformed);
				}
				(usize::from(b), rest)
			}
			0x82 => {
				let (bytes, rest) = after_len.split_at_checked(2).ok_or(CertError::Malformed)?;
				let len = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
				if len < 0x100 {
					return Err(CertError::Malformed);
				}
				(len, rest)
			}
			// Indefinite lengths (BER) and lengths beyond 64 KiB.
			_ => return Err(CertError::Malformed),
		};
		let (content, rest) = content_and_rest.split_at_checked(len).ok_or(CertError::Malformed)?;
		let whole_len = all.len() - rest.len();
		let whole = all.get(..whole_len).ok_or(CertError::Malformed)?;
		self.rest = rest;
		Ok((tag, content, whole))
	}

	/// The next element, which must have `tag`: its content.
	fn expect(&mut self, tag: u8) -> Result<&'a [u8], CertError> {
		match self.any()? {
			(t, content, _) if t == tag => Ok(content),
			_ => Err(CertError::Malformed),
		}
	}

	/// The next element if it has `tag`: its content.
	fn optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>, CertError> {
		if self.peek_tag() == Some(tag) {
			self.expect(tag).map(Some)
		} else {
			Ok(None)
		}
	}

	/// The next element, which must have `tag`: the whole element.
	fn element(&mut self, tag: u8) -> Result<&'a [u8], CertError> {
		match self.any()? {
			(t, _, whole) if t == tag => Ok(whole),
			_ => Err(CertError::Malformed),
		}
	}

	fn end(&self) -> Result<(), CertError> {
		if self.is_empty() {
			Ok(())
		} else {
			Err(CertError::Malformed)
		}
	}
}

/// A DER INTEGER's content that must be non-negative and minimally encoded.
fn unsigned_integer(content: &[u8]) -> Result<&[u8], CertError> {
	match content {
		[] => Err(CertError::Malformed),
		[b, ..] if *b & 0x80 != 0 => Err(CertError::Malformed),
		[0, next, ..] if *next & 0x80 == 0 => Err(CertError::Malformed),
		_ => Ok(content),
	}
}

/// A non-negative INTEGER's content as a 32-byte big-endian number.
fn scalar(content: &[u8]) -> Result<[u8; 32], CertError> {
	let content = unsigned_integer(content)?;
	let digits = match content {
		[0, rest @ ..] => rest,
		_ => content,
	};
	let mut out = [0u8; 32];
	let start = 32usize.checked_sub(digits.len()).ok_or(CertError::Malformed)?;
	out.get_mut(start..).ok_or(CertError::Malformed)?.copy_from_slice(digits);
	Ok(out)
}

/// The content of a BIT STRING with no unused bits.
fn whole_bytes(content: &[u8]) -> Result<&[u8], CertError> {
	match content.split_first() {
		Some((0, bytes)) => Ok(bytes),
		_ => Err(CertError::Malformed),
	}
}

/// A DER BOOLEAN's content.
fn boolean(content: &[u8]) -> Result<bool, CertError> {
	match content {
		[0x00] => Ok(false),
		[0xff] => Ok(true),
		_ => Err(CertError::Malformed),
	}
}

/// `n` ASCII digits as a number.
fn digits(bytes: &[u8]) -> Result<u32, CertError> {
	bytes.iter().try_fold(0u32, |n, b| match b {
		b'0'..=b'9' => Ok(n * 10 + u32::from(b - b'0')),
		_ => Err(CertError::BadTime),
	})
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian), negative before.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
	let y = if month <= 2 { year - 1 } else { year };
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let m = i64::from(month);
	let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
	match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		_ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
		_ => 28,
	}
}

/// A `UTCTime` or `GeneralizedTime` in its DER form, as seconds since the epoch.
fn time(tag: u8, content: &[u8]) -> Result<i64, CertError> {
	let (year, rest) = match (tag, content.len()) {
		(UTC_TIME, 13) => {
			let (yy, rest) = content.split_at_checked(2).ok_or(CertError::BadTime)?;
			let yy = i64::from(digits(yy)?);
			// RFC 5280: two-digit years 50 to 99 are 19xx, 00 to 49 are 20xx.
			(if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
		}
		(GENERALIZED_TIME, 15) => {
			let (yyyy, rest) = content.split_at_checked(4).ok_or(CertError::BadTime)?;
			(i64::from(digits(yyyy)?), rest)
		}
		(UTC_TIME | GENERALIZED_TIME, _) => return Err(CertError::BadTime),
		_ => return Err(CertError::Malformed),
	};
	let (fields, zulu) = rest.split_at_checked(10).ok_or(CertError::BadTime)?;
	if zulu != b"Z" {
		return Err(CertError::BadTime);
	}
	let field = |i: usize| fields.get(i..i + 2).ok_or(CertError::BadTime).and_then(digits);
	let (month, day, hour, minute, second) =
		(field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
	if !(1..=12).contains(&month)
		|| day == 0
		|| day > days_in_month(year, month)
		|| hour > 23
		|| minute > 59
		|| second > 59
	{
		return Err(CertError::BadTime);
	}
	let days = days_from_civil(year, month, day);
	Ok(days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

/// The two INTEGERs of an ECDSA signature value, as `r ‖ s`.
fn ecdsa_signature(content: &[u8]) -> Result<RawSignature, CertError> {
	let mut outer = Der::new(whole_bytes(content)?);
	let mut pair = Der::new(outer.expect(SEQUENCE)?);
	outer.end()?;
	let r = scalar(pair.expect(INTEGER)?)?;
	let s = scalar(pair.expect(INTEGER)?)?;
	pair.end()?;
	let mut out = [0u8; 64];
	out[..32].copy_from_slice(&r);
	out[32..].copy_from_slice(&s);
	Ok(out)
}

/// An `AlgorithmIdentifier` that must be `ecdsa-with-SHA256` without parameters.
fn signature_algorithm(content: &[u8]) -> Result<(), CertError> {
	let mut alg = Der::new(content);
	if alg.expect(OID)? != ECDSA_WITH_SHA256 {
		return Err(CertError::Unsupported);
	}
	alg.end().map_err(|_| CertError::Unsupported)
}

/// A `SubjectPublicKeyInfo` that must hold a P-256 key: the key, compressed.
fn p256_key_info(content: &[u8]) -> Result<[u8; 33], CertError> {
	let mut info = Der::new(content);
	let mut alg = Der::new(info.expect(SEQUENCE)?);
	let key = whole_bytes(info.expect(BIT_STRING)?)?;
	info.end()?;
	if alg.expect(OID)? != EC_PUBLIC_KEY || alg.expect(OID)? != PRIME256V1 {
		return Err(CertError::Unsupported);
	}
	alg.end()?;
	p256_compress(key).ok_or(CertError::Unsupported)
}

/// What the extensions say: `(is_ca, path_len, may_sign_certificates)`.
fn extensions(content: &[u8]) -> Result<(bool, Option<u32>, bool), CertError> {
	let mut outer = Der::new(content);
	let mut list = Der::new(outer.expect(SEQUENCE)?);
	outer.end()?;
	if list.is_empty() {
		return Err(CertError::Malformed);
	}
	let (mut basic, mut usage) = (None, None);
	// RFC 5280: an extension appears at most once. The list is bounded by the certificate's
	// length, so the quadratic check stays small.
	let mut seen: alloc::vec::Vec<&[u8]> = alloc::vec::Vec::new();
	while !list.is_empty() {
		let mut ext = Der::new(list.expect(SEQUENCE)?);
		let id = ext.expect(OID)?;
		if seen.contains(&id) {
			return Err(CertError::Malformed);
		}
		seen.push(id);
		let critical = match ext.optional(BOOLEAN)? {
			// DER: a default value is left out.
			Some(b) if boolean(b)? => true,
			Some(_) => return Err(CertError::Malformed),
			None => false,
		};
		let value = ext.expect(OCTET_STRING)?;
		ext.end()?;
		if id == BASIC_CONSTRAINTS {
			let mut outer = Der::new(value);
			let mut bc = Der::new(outer.expect(SEQUENCE)?);
			outer.end()?;
			let is_ca = match bc.optional(BOOLEAN)? {
				Some(b) if boolean(b)? => true,
				Some(_) => return Err(CertError::Malformed),
				None => false,
			};
			let path_len = match bc.optional(INTEGER)? {
				Some(n) => {
					let n = unsigned_integer(n)?;
					if n.len() > 4 {
						return Err(CertError::Unsupported);
					}
					Some(n.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
				}
				None => None,
			};
			bc.end()?;
			basic = Some((is_ca, path_len));
		} else if id == KEY_USAGE {
			let mut outer = Der::new(value);
			let bits = outer.expect(BIT_STRING)?;
			outer.end()?;
			// keyCertSign is bit 5: 0x04 of the first byte after the unused-bits count. DER
			// leaves the unused bits of the last byte zero.
			let may_sign = match bits {
				[0] => false,
				[unused, rest @ ..] if *unused < 8 => {
					let clean = rest.last().is_some_and(|last| last & ((1u8 << *unused) - 1) == 0);
					match rest.first() {
						Some(first) if clean => first & 0x04 != 0,
						_ => return Err(CertError::Malformed),
					}
				}
				_ => return Err(CertError::Malformed),
			};
			usage = Some(may_sign);
		} else if critical && !SKIPPED_CRITICAL.contains(&id) {
			return Err(CertError::Unsupported);
		}
	}
	let (is_ca, path_len) = basic.unwrap_or((false, None));
	Ok((is_ca, path_len, usage.unwrap_or(true)))
}

/// Reads one DER certificate. Total: any input gives a certificate or an error.
pub fn parse(der: &[u8]) -> Result<Certificate<'_>, CertError> {
	if der.len() > MAX_CERTIFICATE_LEN as usize {
		return Err(CertError::Malformed);
	}
	let mut outer = Der::new(der);
	let mut cert = Der::new(outer.expect(SEQUENCE)?);
	outer.end()?;
	let tbs = cert.element(SEQUENCE)?;
	let outer_alg = cert.expect(SEQUENCE)?;
	let signature = ecdsa_signature(cert.expect(BIT_STRING)?)?;
	cert.end()?;
	signature_algorithm(outer_alg)?;

	let mut fields = Der::new(Der::new(tbs).expect(SEQUENCE)?);
	let version = match fields.optional(EXPLICIT_0)? {
		Some(v) => {
			let mut v = Der::new(v);
			let number = unsigned_integer(v.expect(INTEGER)?)?;
			v.end()?;
			match number {
				// DER leaves out the default, v1 (0).
				[0] => return Err(CertError::Malformed),
				[2] => 3,
				_ => return Err(CertError::Unsupported),
			}
		}
		None => 1,
	};
	let serial = unsigned_integer(fields.expect(INTEGER)?)?;
	if serial.len() > MAX_SERIAL_LEN as usize {
		return Err(CertError::Malformed);
	}
	// The signed algorithm must be the one outside (RFC 5280, 4.1.1.2).
	if fields.expect(SEQUENCE)? != outer_alg {
		return Err(CertError::Malformed);
	}
	let issuer = fields.element(SEQUENCE)?;
	let mut validity = Der::new(fields.expect(SEQUENCE)?);
	let (tag, content, _) = validity.any()?;
	let not_before = time(tag, content)?;
	let (tag, content, _) = validity.any()?;
	let not_after = time(tag, content)?;
	validity.end()?;
	let subject = fields.element(SEQUENCE)?;
	let key = p256_key_info(fields.expect(SEQUENCE)?)?;
	let (mut is_ca, mut path_len, mut may_sign_certificates) = (false, None, true);
	if version == 3 {
		fields.optional(ISSUER_UID)?;
		fields.optional(SUBJECT_UID)?;
		if let Some(ext) = fields.optional(EXPLICIT_3)? {
			(is_ca, path_len, may_sign_certificates) = extensions(ext)?;
		}
	}
	fields.end()?;
	// Names are SEQUENCEs of SETs; anything else in them is not a name.
	for name in [issuer, subject] {
		let mut outer = Der::new(name);
		let mut rdns = Der::new(outer.expect(SEQUENCE)?);
		while !rdns.is_empty() {
			rdns.expect(SET)?;
		}
	}
	Ok(Certificate {
		tbs,
		serial,
		issuer,
		subject,
		not_before,
		not_after,
		key,
		is_ca,
		path_len,
		may_sign_certificates,
		signature,
	})
}

/// Why a chain does not lead from a device to a maker's root. `index` counts from the device's
/// own certificate (0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainError {
	/// No certificate, or more than [`MAX_CHAIN_LEN`].
	BadLength,
	/// A certificate cannot be read.
	Certificate { index: u32, error: CertError },
	/// A certificate's validity starts after now.
	NotYetValid { index: u32 },
	/// A certificate's validity ended before now.
	Expired { index: u32 },
	/// A certificate's issuer name is not the subject name of the certificate after it.
	IssuerMismatch { index: u32 },
	/// An issuing certificate is not a CA (`basicConstraints`), may not sign certificates
	/// (`keyUsage`), or has more certificates below it than its `pathLenConstraint` allows.
	NotAuthority { index: u32 },
	/// A certificate's signature does not verify under the key of the certificate after it.
	BadSignature { index: u32 },
	/// The last certificate is not signed by the maker's root key.
	WrongRoot,
	/// A certificate, or its key, is revoked.
	Revoked { index: u32 },
	/// The device's own certificate is a CA's (`basicConstraints cA`).
	DeviceIsAuthority,
}

/// A chain that verified: the device's key (its certificate's) and the key that issued the
/// device's certificate (the signer, which also signs the class binding), with the device
/// certificate's serial number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedChain<'a> {
	/// The device certificate's subject key, compressed.
	pub device_key: [u8; 33],
	/// The key that signed the device certificate (an issuing certificate's, or the root).
	pub signer_key: [u8; 33],
	/// The device certificate's serial number.
	pub serial: &'a [u8],
	/// The end of the device certificate's validity.
	pub not_after: i64,
}

/// Checks that `chain` (the device's certificate first, then each certificate's issuer; a
/// trailing copy of the root's own certificate is allowed and not checked) leads to `root` at
/// time `now` (seconds since the epoch):
///
/// - every certificate reads ([`parse`]) and is valid at `now` (`not_before ≤ now ≤
///   not_after`);
/// - each certificate's issuer name equals the next certificate's subject name, and its
///   signature (ECDSA P-256 over SHA-256 of `tbsCertificate`; high-S accepted) verifies under
///   the next certificate's key, the last one's under `root`;
/// - every issuing certificate is a CA that may sign certificates, with no more issuing
///   certificates below it than its path length allows;
/// - `revoked(issuer key, serial, subject key)` is false for every certificate;
/// - the device's own certificate is not a CA's.
///
/// Costs one SHA-256 and one P-256 verification per certificate.
pub fn verify_chain<'a>(
	chain: &[&'a [u8]],
	root: &[u8; 33],
	now: i64,
	revoked: impl Fn(&[u8; 33], &[u8], &[u8; 33]) -> bool,
) -> Result<VerifiedChain<'a>, ChainError> {
	if chain.is_empty() || chain.len() > MAX_CHAIN_LEN as usize {
		return Err(ChainError::BadLength);
	}
	let mut certs = alloc::vec::Vec::with_capacity(chain.len());
	for (index, der) in (0u32..).zip(chain) {
		certs.push(parse(der).map_err(|error| ChainError::Certificate { index, error })?);
	}
	// A copy of the root's own certificate at the end is trusted as the root key is, unread.
	if certs.len() > 1 && certs.last().map(|c| &c.key) == Some(root) {
		certs.pop();
	}
	if certs.first().is_some_and(|device| device.is_ca) {
		return Err(ChainError::DeviceIsAuthority);
	}
	for (index, cert) in (0u32..).zip(&certs) {
		let issuer = certs.get(index as usize + 1);
		if now < cert.not_before {
			return Err(ChainError::NotYetValid { index });
		}
		if now > cert.not_after {
			return Err(ChainError::Expired { index });
		}
		if let Some(issuer) = issuer {
			if cert.issuer != issuer.subject {
				return Err(ChainError::IssuerMismatch { index });
			}
		}
		if index > 0 {
			let below = index - 1;
			if !cert.is_ca
				|| !cert.may_sign_certificates
				|| cert.path_len.is_some_and(|limit| below > limit)
			{
				return Err(ChainError::NotAuthority { index });
			}
		}
		let issuer_key = issuer.map_or(root, |i| &i.key);
		let digest = sp_io::hashing::sha2_256(cert.tbs);
		if !p256_verify_prehash(issuer_key, &digest, &cert.signature, false) {
			return Err(if issuer.is_some() {
				ChainError::BadSignature { index }
			} else {
				ChainError::WrongRoot
			});
		}
		if revoked(issuer_key, cert.serial, &cert.key) {
			return Err(ChainError::Revoked { index });
		}
	}
	let device = certs.first().ok_or(ChainError::BadLength)?;
	let signer_key = *certs.get(1).map_or(root, |c| &c.key);
	Ok(VerifiedChain {
		device_key: device.key,
		signer_key,
		serial: device.serial,
		not_after: device.not_after,
	})
}

/// The openssl-made chain of `scripts/x509-vectors.sh` (root → intermediate → signer →
/// device), for the benchmarks, which measure the longest chain the runtime accepts.
#[cfg(feature = "runtime-benchmarks")]
pub mod vectors {
	/// The root's self-signed certificate.
	pub const ROOT: &[u8] = include_bytes!("../tests/x509/root.der");
	/// The intermediate CA, issued by the root.
	pub const INTER: &[u8] = include_bytes!("../tests/x509/inter.der");
	/// The signer (a factory's issuing CA), issued by the intermediate.
	pub const SIGNER: &[u8] = include_bytes!("../tests/x509/signer.der");
	/// The device's certificate, issued by the signer.
	pub const DEVICE: &[u8] = include_bytes!("../tests/x509/device.der");
	/// The root's private scalar.
	pub const ROOT_SCALAR: &[u8] = include_bytes!("../tests/x509/root.scalar");
	/// The signer's private scalar (it binds the device's class).
	pub const SIGNER_SCALAR: &[u8] = include_bytes!("../tests/x509/signer.scalar");
	/// The device's private scalar.
	pub const DEVICE_SCALAR: &[u8] = include_bytes!("../tests/x509/device.scalar");
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_convert_like_unix_time() {
		assert_eq!(time(UTC_TIME, b"700101000000Z"), Ok(0));
		assert_eq!(time(UTC_TIME, b"000229120000Z"), Ok(951_825_600));
		assert_eq!(time(GENERALIZED_TIME, b"20261202170000Z"), Ok(1_796_230_800));
		assert_eq!(time(GENERALIZED_TIME, b"99991231235959Z"), Ok(253_402_300_799));
		assert_eq!(time(UTC_TIME, b"491231235959Z"), Ok(2_524_607_999));
		assert_eq!(time(UTC_TIME, b"500101000000Z"), Ok(-631_152_000));
		for bad in [
			&b"010229000000Z"[..],
			b"001301000000Z",
			b"000100000000Z",
			b"000101240000Z",
			b"000101006000Z",
			b"000101000060Z",
			b"0001010000000",
			b"00010100000Z",
			b"0a0101000000Z",
		] {
			assert_eq!(time(UTC_TIME, bad), Err(CertError::BadTime), "{bad:?}");
		}
		assert_eq!(time(GENERALIZED_TIME, b"19000229000000Z"), Err(CertError::BadTime));
		assert_eq!(time(GENERALIZED_TIME, b"20000229000000Z"), Ok(951_782_400));
		assert_eq!(time(INTEGER, b"20000229000000Z"), Err(CertError::Malformed));
	}

	#[test]
	fn der_lengths_must_be_minimal_and_definite() {
		assert!(Der::new(&[0x04, 0x01, 0xaa]).any().is_ok());
		assert_eq!(Der::new(&[0x04, 0x81, 0x01, 0xaa]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x04, 0x80, 0xaa, 0, 0]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x04, 0x82, 0x00, 0x80]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x04, 0x83, 0, 0, 1, 0]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x1f, 0x01, 0x00]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x04, 0x05, 0xaa]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[0x04]).any(), Err(CertError::Malformed));
		assert_eq!(Der::new(&[]).any(), Err(CertError::Malformed));
	}

	#[test]
	fn integers_must_be_positive_and_minimal() {
		assert_eq!(unsigned_integer(&[0x01]), Ok(&[0x01][..]));
		assert_eq!(unsigned_integer(&[0x00, 0x80]), Ok(&[0x00, 0x80][..]));
		assert_eq!(unsigned_integer(&[0x80]), Err(CertError::Malformed));
		assert_eq!(unsigned_integer(&[0x00, 0x01]), Err(CertError::Malformed));
		assert_eq!(unsigned_integer(&[]), Err(CertError::Malformed));
		assert_eq!(scalar(&[0x00; 1]).map(|s| s[31]), Ok(0));
		assert!(scalar(&[0x01; 33]).is_err());
		let mut big = [0xffu8; 33];
		big[0] = 0;
		assert_eq!(scalar(&big), Ok([0xff; 32]));
	}

	/// DER of one extension: its OID, critical, and the value's DER.
	fn extension(oid: &[u8], value: &[u8]) -> alloc::vec::Vec<u8> {
		let mut inner = [&[0x06, oid.len() as u8][..], oid, &[0x01, 0x01, 0xff]].concat();
		inner.extend_from_slice(&[0x04, value.len() as u8]);
		inner.extend_from_slice(value);
		[&[0x30, inner.len() as u8][..], &inner].concat()
	}

	fn list(extensions: &[alloc::vec::Vec<u8>]) -> alloc::vec::Vec<u8> {
		let all = extensions.concat();
		[&[0x30, all.len() as u8][..], &all].concat()
	}

	#[test]
	fn key_usage_bits_are_der_and_extensions_appear_once() {
		// keyCertSign and cRLSign (0x06, one unused bit), as openssl and x509-cert write them.
		let usage = extension(KEY_USAGE, &[0x03, 0x02, 0x01, 0x06]);
		assert_eq!(extensions(&list(std::slice::from_ref(&usage))), Ok((false, None, true)));
		// digitalSignature only (0x80, seven unused bits).
		let signing = extension(KEY_USAGE, &[0x03, 0x02, 0x07, 0x80]);
		assert_eq!(extensions(&list(&[signing])), Ok((false, None, false)));
		// keyCertSign hidden in bits declared unused: not DER.
		let hidden = extension(KEY_USAGE, &[0x03, 0x02, 0x07, 0x04]);
		assert_eq!(extensions(&list(&[hidden])), Err(CertError::Malformed));
		let no_bits = extension(KEY_USAGE, &[0x03, 0x01, 0x01]);
		assert_eq!(extensions(&list(&[no_bits])), Err(CertError::Malformed));
		// Any extension twice, a skipped one too.
		assert_eq!(extensions(&list(&[usage.clone(), usage])), Err(CertError::Malformed));
		let ski = extension(&[0x55, 0x1d, 0x0e], &[0x04, 0x01, 0xaa]);
		assert_eq!(extensions(&list(std::slice::from_ref(&ski))), Ok((false, None, true)));
		assert_eq!(extensions(&list(&[ski.clone(), ski])), Err(CertError::Malformed));
		// An unknown critical extension.
		let unknown = extension(&[0x55, 0x1d, 0x1e], &[0x30, 0x00]);
		assert_eq!(extensions(&list(&[unknown])), Err(CertError::Unsupported));
	}
}
