//! Proof kinds, network kinds, and [`PerKind`], one value per proof kind.
//!
//! Adding a proof kind means adding a variant to [`ProofKind`], a field to [`PerKind`] and its
//! arms in the four functions below; every pool, total and weight keyed by proof kind then
//! follows, and the compiler points at each match that must decide what the new kind does.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Whether a device class serves a physical resource network (location-bound hardware:
/// coverage, sensors, energy) or a digital one (interchangeable compute, storage, bandwidth).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum NetworkKind {
	/// Physical resource network: hotspots, sensors.
	Physical,
	/// Digital resource network: compute, storage.
	Digital,
}

/// How devices of a class prove their work.
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
	Debug,
	Serialize,
	Deserialize,
)]
pub enum ProofKind {
	/// Receipts co-signed by paying consumers.
	Usage,
	/// Challenges witnessed by nearby devices of other owners.
	Witnessed,
	/// Verifier attestations by a quorum of bonded verifiers.
	Attested,
}

impl ProofKind {
	/// Every proof kind, in [`PerKind`]'s field order.
	pub const ALL: [ProofKind; 3] = [ProofKind::Usage, ProofKind::Witnessed, ProofKind::Attested];
}

/// One value per proof kind: pools, units, weights. SCALE-encodes as its fields in
/// [`ProofKind::ALL`] order (the same bytes as a three-element array).
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct PerKind<T> {
	/// Usage work (receipts co-signed by paying consumers).
	pub usage: T,
	/// Witnessed work (beacons and their witnesses).
	pub witnessed: T,
	/// Attested work (verifier quorums).
	pub attested: T,
}

impl<T> PerKind<T> {
	/// The value of one proof kind.
	pub fn get(&self, kind: ProofKind) -> &T {
		match kind {
			ProofKind::Usage => &self.usage,
			ProofKind::Witnessed => &self.witnessed,
			ProofKind::Attested => &self.attested,
		}
	}

	/// The value of one proof kind, to change it.
	pub fn get_mut(&mut self, kind: ProofKind) -> &mut T {
		match kind {
			ProofKind::Usage => &mut self.usage,
			ProofKind::Witnessed => &mut self.witnessed,
			ProofKind::Attested => &mut self.attested,
		}
	}

	/// The kinds with their values, in [`ProofKind::ALL`] order.
	pub fn iter(&self) -> impl Iterator<Item = (ProofKind, &T)> {
		ProofKind::ALL.into_iter().map(move |kind| (kind, self.get(kind)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn per_kind_encodes_like_an_array() {
		let per = PerKind { usage: 1u64, witnessed: 2, attested: 3 };
		assert_eq!(per.encode(), [1u64, 2, 3].encode());
		assert_eq!(PerKind::<u64>::decode(&mut &[1u64, 2, 3].encode()[..]), Ok(per));
	}

	#[test]
	fn accessors_agree() {
		let mut per = PerKind { usage: 0u8, witnessed: 1, attested: 2 };
		for (kind, value) in per.iter() {
			assert_eq!(*value, kind as u8);
		}
		*per.get_mut(ProofKind::Attested) = 9;
		assert_eq!(per.attested, 9);
		assert_eq!(per.get(ProofKind::Attested), &9);
	}
}
