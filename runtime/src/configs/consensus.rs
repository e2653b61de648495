//! Consensus: time, BABE block production, sessions (validator sets), block authorship and
//! GRANDPA finality.
//!
//! A BABE epoch is one session ([`crate::EPOCH_DURATION_IN_BLOCKS`]); it is unrelated to the
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

parameter_types! {
	pub const EpochDuration: u64 = EPOCH_DURATION_IN_SLOTS;
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
