//! Consensus: time, BABE block production, sessions (validator sets), block authorship and
//! GRANDPA finality.
//!
//! A BABE epoch is one session ([`EpochDuration`]: 10 minutes, one minute on dev and local
//! chains); it is unrelated to the
//! *reward* epoch of the work and emissions pallets.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use sp_core::Void;
use sp_runtime::traits::ConvertInto;

use crate::{
	AccountId, Babe, Balances, Runtime, RuntimeEvent, SessionKeys, EPOCH_DURATION_IN_SLOTS,
	MILLISECS_PER_BLOCK, SLOT_DURATION,
};

/// Largest validator set the consensus pallets accept.
pub const MAX_AUTHORITIES: u32 = 100;

/// BABE's epoch configuration at genesis: a slot has a primary (VRF) leader with probability
/// `c = 1/4`; slots without one are filled by the secondary (VRF) author, so every slot gets a
/// block while at least one validator is online.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: (1, 4),
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// On-chain randomness for pallets (the witnessed-work challenges): BABE's VRF output of the
/// previous epoch. It is fixed before the current epoch starts, so no block author can bias it
/// within the epoch in which it is used.
pub type ChallengeRandomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Babe;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

/// Slots per BABE epoch (= session) on chains with fast tracks (dev and local chains): one
/// minute, so that validator-set changes take effect within minutes there.
pub const FAST_EPOCH_DURATION_IN_SLOTS: u64 = 10;

/// Slots per BABE epoch, which is also a session: [`EPOCH_DURATION_IN_SLOTS`] (10 minutes), or
/// [`FAST_EPOCH_DURATION_IN_SLOTS`] on chains whose genesis enables fast tracks. Chosen at
/// genesis and never changed afterwards (BABE requires a fixed epoch length), so reading the
/// flag is consistent for the chain's whole life.
pub struct EpochDuration;

impl frame_support::traits::Get<u64> for EpochDuration {
	fn get() -> u64 {
		if crate::origins::pallet_custom_origins::FastTracks::<Runtime>::get() {
			FAST_EPOCH_DURATION_IN_SLOTS
		} else {
			EPOCH_DURATION_IN_SLOTS
		}
	}
}

parameter_types! {
	pub const ExpectedBlockTime: u64 = MILLISECS_PER_BLOCK;
}

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	/// Epochs change when sessions rotate.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = crate::Session;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	/// Equivocation reports are not accepted until the chain has staking to slash; `Void`
	/// makes a key-ownership proof impossible to construct, so no unsigned report can be
	/// submitted.
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}

impl pallet_authorship::Config for Runtime {
	/// The author of a block is the validator whose BABE key signed it.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	type EventHandler = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	/// Governance manages the validator set (`configs/governance.rs`).
	type SessionManager = crate::ValidatorSet;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Registering session keys needs no deposit while the validator set is permissioned.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// See [`pallet_babe::Config::KeyOwnerProof`] above: no equivocation reports yet.
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}
