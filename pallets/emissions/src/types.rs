//! Types of the emissions pallet: the schedule and its parameters, per-epoch rewards, and the
//! pure function that gives any epoch's scheduled emission.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{EpochIndex, PerKind, ProofKind};

use crate::{DemandIndex, NetEmissions};
pub use depin_primitives::ValidatorSet;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, Saturating, UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
	Perbill, Perquintill,
};

/// Balances in genesis JSON are decimal strings: JSON numbers cannot hold every `u128`.
pub(crate) mod balance_string {
	use super::*;
	use alloc::string::{String, ToString};

	pub fn serialize<S: serde::Serializer, B: Copy + UniqueSaturatedInto<u128>>(
		value: &B,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&(*value).unique_saturated_into().to_string())
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>, B: UniqueSaturatedFrom<u128>>(
		deserializer: D,
	) -> Result<B, D::Error> {
		let text = String::deserialize(deserializer)?;
		let value: u128 = text.parse().map_err(serde::de::Error::custom)?;
		Ok(B::unique_saturated_from(value))
	}
}

/// How the emission per epoch falls over time.
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
#[serde(rename_all = "camelCase")]
pub enum Shape {
	/// The emission halves every `every` epochs (`every > 0`).
	Halving { every: EpochIndex },
	/// The emission falls by `per_epoch` each epoch: `initial × (1 − per_epoch)^n`.
	Decay { per_epoch: Perbill },
}

/// Shares that must add up to 100 %.
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
pub struct Split {
	/// Device operators (owners), paid through claims.
	pub operators: Perbill,
	/// The epoch's validators, paid at the epoch close.
	pub validators: Perbill,
	/// The treasury, paid at the epoch close (and every rounding remainder).
	pub treasury: Perbill,
}

/// The weights of the proof kinds inside the operators' share; they add up to 100 %.
pub type KindWeights = PerKind<Perbill>;

/// The emission parameters, set by the `EmissionAdmin` origin.
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
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: Copy + UniqueSaturatedInto<u128>",
		deserialize = "Balance: UniqueSaturatedFrom<u128>"
	)
)]
pub struct Schedule<Balance> {
	/// Tokens emitted in the schedule's first epoch.
	#[serde(with = "balance_string")]
	pub initial: Balance,
	/// How the emission falls.
	pub shape: Shape,
	/// The emission never falls below this floor (until the supply cap is reached).
	#[serde(with = "balance_string")]
	pub tail: Balance,
	/// Total issuance never exceeds this cap (itself at most the runtime's `MaxSupplyCap`).
	#[serde(with = "balance_string")]
	pub cap: Balance,
	/// Operators / validators / treasury.
	pub split: Split,
	/// Proof-kind weights inside the operators' share.
	pub kinds: KindWeights,
	/// A device's usage reward for an epoch is at most this multiple of the credits
	/// consumers burned for its usage units. At 1 (every preset), self-dealing usage returns
	/// at most what it burned; at most the runtime's `MaxUsageCapMultiplier`.
	pub usage_cap_multiplier: u32,
	/// A device's witnessed or attested reward for an epoch is at most this share of its bond
	/// (the bond it had when the epoch's work was first credited); usage rewards are capped by
	/// the credits burned instead. An upheld dispute slashes `DisputeSlash` of the bond, so a
	/// cap at or below `detection × DisputeSlash ÷ (1 − detection)` makes faking work lose
	/// money at that per-epoch detection rate, however few devices share a pool (see
	/// `docs/security.md`). What the cap withholds is never minted. Not zero.
	pub bond_reward_cap: Perbill,
	/// Rewards not claimed within this many epochs after their epoch expire, unminted.
	pub claim_expiry: EpochIndex,
	/// Net emissions: the burn re-minted into the operators' pools (see [`NetEmissions`]).
	pub net: NetEmissions<Balance>,
	/// The demand-indexed shape: with an index, the curve's witnessed and attested pools
	/// taper as the sustainability ratio rises (see [`DemandIndex`]); without one, the curve
	/// alone sets them.
	pub demand_index: Option<DemandIndex>,
}

/// The schedule's curve `n` epochs after it took effect: `initial` shaped by `shape`, never
/// below `tail`. Pure integer arithmetic; O(log n). [`crate::scheduled_emission`] adds the
/// demand index.
pub fn curve_emission<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	n: EpochIndex,
) -> Balance {
	let shaped = match schedule.shape {
		Shape::Halving { every } => {
			let halvings = n.checked_div(every).unwrap_or(0);
			// Halving more than 127 times leaves nothing of any u128.
			if halvings >= 128 {
				Zero::zero()
			} else {
				let mut value = schedule.initial;
				for _ in 0..halvings {
					value /= 2u32.into();
					if value.is_zero() {
						break;
					}
				}
				value
			}
		}
		Shape::Decay { per_epoch } => {
			// (1 - r)^n by squaring, in 18-digit fixed point (Perquintill) so that the
			// rounding of the ~17 squarings over decades of epochs stays far below a
			// millionth; each set bit of n multiplies the balance, rounding down.
			let rate = Perquintill::from_parts(u64::from(per_epoch.deconstruct()) * 1_000_000_000);
			let mut factor = Perquintill::one().saturating_sub(rate);
			let mut value: u128 = schedule.initial.unique_saturated_into();
			let mut exp = n;
			while exp > 0 && value > 0 {
				if exp & 1 == 1 {
					value = factor.mul_floor(value);
				}
				exp >>= 1;
				if exp > 0 {
					factor = factor.saturating_mul(factor);
				}
			}
			Balance::unique_saturated_from(value)
		}
	};
	shaped.max(schedule.tail)
}

/// What an epoch's close set aside for device operators, per proof kind.
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
pub struct EpochReward<Balance> {
	/// The pool of each proof kind.
	pub pools: PerKind<Balance>,
	/// The epoch's shares of each proof kind at its close (the pools' denominators: a
	/// device's reward is `pool × its shares ÷ these`).
	pub shares: PerKind<u128>,
	/// The usage-reward cap multiplier in force at the close.
	pub usage_cap_multiplier: u32,
	/// The bond reward cap in force at the close (see [`Schedule::bond_reward_cap`]).
	pub bond_reward_cap: Perbill,
	/// Rewards claimed so far.
	pub claimed: Balance,
}

impl<Balance: AtLeast32BitUnsigned + Copy> EpochReward<Balance> {
	/// Sum of the pools.
	pub fn pool(&self) -> Balance {
		self.pools.iter().fold(Zero::zero(), |sum: Balance, (_, p)| sum.saturating_add(*p))
	}
}

/// A device's reward for one epoch, as wallets and explorers see it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PendingReward<AccountId, Balance> {
	/// The reward epoch the work was done in.
	pub epoch: EpochIndex,
	/// Who earned it: the device's owner when the work was done, the only account that can
	/// claim it (even after the device changed hands or retired).
	pub earner: AccountId,
	/// The proof kind of the work.
	pub kind: ProofKind,
	/// The device's units in the epoch.
	pub units: u64,
	/// The device's shares of its kind's pool (units or credits, weighted by its class and
	/// scaled by its occupancy; see the work pallet).
	pub shares: u128,
	/// The reward: what was claimed, or what a claim would pay (zero before the epoch
	/// closes and for voided work).
	pub reward: Balance,
	/// Whether the work is final (claimable once).
	pub is_final: bool,
	/// Whether an upheld dispute voided the work.
	pub voided: bool,
	/// Whether it was claimed.
	pub claimed: bool,
}
