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
	/// Relative weight of this class's work inside its proof kind's pool: a device's share
	/// of the pool is its units (for usage, the credits burned for them) times this weight,
	/// over the sum of those products in the epoch. Zero earns nothing.
	pub reward_weight: u32,
	/// Whether devices must have an H3 location (always for physical classes).
	pub location_required: bool,
	/// Witness rules (meaningful for witnessed classes).
	pub witness: WitnessRules,
}

/// A device's work in one reward epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceWork<AccountId, Balance> {
	/// Who owned the device when its first unit of the epoch was credited: the only account
	/// that may claim the epoch's reward, also after the device changed hands.
	pub owner: AccountId,
	/// The proof kind of the device's class (a device's class never changes).
	pub kind: ProofKind,
	/// Units credited (never above the class's cap).
	pub units: u64,
	/// Credits consumers spent on these units (usage work).
	pub credits: Balance,
	/// The device's share of its proof kind's pool: for usage the credits times the class's
	/// `reward_weight`, for the other kinds each credited unit times the weight and the
	/// device's occupancy scale in parts per billion (see [`shares_of_units`]).
	pub shares: u128,
	/// The device's bond when its first unit of the epoch was credited: witnessed and
	/// attested work earns at most the epoch's `bond_reward_cap` of it, so that no device
	/// can earn more in an epoch than what a dispute would slash (records from before the
	/// cap carry the largest balance: uncapped).
	pub bond: Balance,
	/// Voided by an upheld dispute: the units earn nothing and have left the epoch's totals.
	pub voided: bool,
}

/// Parts per billion of a full share: a unit of witnessed or attested work at weight 1 and
/// occupancy scale 100 % is worth this many shares.
pub const SHARE_PARTS: u128 = 1_000_000_000;

/// The shares of `units` units of witnessed or attested work at `weight` and an occupancy
/// `scale` (parts per billion, at most [`SHARE_PARTS`]): `units × weight × scale`. Exact in a
/// `u128` (at most 2^64 · 2^32 · 2^30).
pub fn shares_of_units(units: u64, weight: u32, scale: u32) -> u128 {
	u128::from(units)
		.saturating_mul(u128::from(weight))
		.saturating_mul(u128::from(scale).min(SHARE_PARTS))
}

/// The shares of usage work for which consumers burned `credits`: `credits × weight`.
pub fn shares_of_credits(credits: u128, weight: u32) -> u128 {
	credits.saturating_mul(u128::from(weight))
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
	/// Units credited per proof kind, voided work excluded.
	pub units: PerKind<u64>,
	/// Shares per proof kind, voided work excluded (the reward pools' denominators).
	pub shares: PerKind<u128>,
	/// Credits consumers spent on usage work, voided work excluded.
	pub credits: Balance,
	/// Devices with any work in the epoch (a voided device still counts: its record stays).
	pub devices: u32,
}

impl<Balance> EpochTotals<Balance> {
	/// The units of one proof kind.
	pub fn units_of(&self, kind: ProofKind) -> u64 {
		*self.units.get(kind)
	}

	/// The shares of one proof kind.
	pub fn shares_of(&self, kind: ProofKind) -> u128 {
		*self.shares.get(kind)
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
