//! Identifiers and records of devices' work: reward epochs, device classes, per-device and
//! per-epoch work.

use crate::{NetworkKind, PerKind, ProofKind, PublicKey, RawSignature};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Index of a reward epoch (not a BABE epoch, which is a session). Epoch 0 starts at genesis.
pub type EpochIndex = u32;
/// Identifies a manufacturer.
pub type MakerId = u32;
/// Identifies a device class.
pub type ClassId = u32;
/// An H3 cell index, a 64-bit integer (validated with [`crate::h3::validate`]). JavaScript
/// clients must handle it as a `BigInt` or a string: a `Number` loses its low bits.
pub type H3Cell = u64;

/// Who may witness a beacon, for witnessed classes.
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
pub struct WitnessRules {
	/// Fewest valid witnesses for a challenge to count.
	pub min_witnesses: u8,
	/// Most witnesses counted per challenge.
	pub max_witnesses: u8,
	/// Witness and beaconer share their ancestor cell at this resolution (close enough).
	pub near_resolution: u8,
	/// Witness and beaconer differ at this resolution (not the same spot).
	pub far_resolution: u8,
}

/// The parameters of a device class, set by the `DeviceAdmin` origin.
#[derive(
	Clone,
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
pub struct ClassParams<Balance> {
	/// Physical or digital resource network.
	pub kind: NetworkKind,
	/// How devices of this class prove work.
	pub proof: ProofKind,
	/// Bond a device of this class puts on hold from its owner.
	pub bond: Balance,
	/// Most work units a device may earn per reward epoch.
	pub units_cap: u64,
	/// Credits a consumer pays per unit of usage that a device of this class serves (usage
	/// classes; credits are bought by burning tokens, one credit per planck burned).
	pub unit_price: Balance,
	/// Relative weight of this class's units in reward pools.
	pub reward_weight: u32,
	/// Whether devices must have an H3 location.
	pub location_required: bool,
	/// Witness rules (meaningful for witnessed classes).
	pub witness: WitnessRules,
}

/// A device's work in one reward epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceWork<Balance> {
	/// The proof kind of the device's class (a device's class never changes).
	pub kind: ProofKind,
	/// Units credited (never above the class's cap).
	pub units: u64,
	/// Credits consumers spent on these units (usage work).
	pub credits: Balance,
	/// Voided by an upheld dispute: the units earn nothing.
	pub voided: bool,
}

/// The totals of a reward epoch, as `OnEpochClosed` receives them.
#[derive(
	Clone,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct EpochTotals<Balance> {
	/// Units credited per proof kind (the reward pools' denominators).
	pub units: PerKind<u64>,
	/// Credits consumers spent on usage work.
	pub credits: Balance,
	/// Devices with any work in the epoch.
	pub devices: u32,
}

impl<Balance> EpochTotals<Balance> {
	/// The units of one proof kind.
	pub fn units_of(&self, kind: ProofKind) -> u64 {
		*self.units.get(kind)
	}
}

/// One device's usage voucher inside a settlement batch: the device signed
/// [`crate::payload::usage_voucher`] for the batch's consumer and epoch. The chain settles the
/// increase of `cumulative_units` over the last value it settled for the same consumer and
/// device in the same epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct VoucherItem<Balance> {
	/// The device that served.
	pub device: PublicKey,
	/// Units served to the consumer in the epoch, in all (not since the last voucher).
	pub cumulative_units: u64,
	/// Credits per unit; must equal the device class's price at settlement.
	pub unit_price: Balance,
	/// The device key's signature of the voucher payload.
	pub device_signature: RawSignature,
}
