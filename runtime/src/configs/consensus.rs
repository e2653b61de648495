//! Consensus: time, BABE block production, sessions (validator sets), block authorship and
//! GRANDPA finality.
//!
//! A BABE epoch is one session ([`EpochDuration`]: 10 minutes, one minute on [`FastChain`]s such
//! as the dev and local chains); it is unrelated to the *reward* epoch of the work and emissions
//! pallets.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Get},
};
use sp_core::Void;
use sp_runtime::traits::ConvertInto;

use crate::{
	AccountId, Babe, Balances, Runtime, RuntimeEvent, SessionKeys, EPOCH_DURATION_IN_SLOTS,
	MILLISECS_PER_BLOCK, MINUTES, SLOT_DURATION,
};

/// Largest validator set of the chain: the bound of BABE's and GRANDPA's authority sets, of the
/// validator-set pallet and of the validators the emissions pallet pays.
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

/// Whether this is a fast test chain: chosen at genesis and never changed afterwards.
///
/// It has two effects, both to let tests and development chains see within minutes what takes
/// days on a public network, with the same runtime:
///
/// - BABE epochs (sessions) last [`FAST_EPOCH_DURATION_IN_SLOTS`] (a minute) instead of
///   [`EPOCH_DURATION_IN_SLOTS`] (10 minutes), so validator-set changes take effect within
///   minutes ([`EpochDuration`]);
/// - every referendum track's periods shrink to a few blocks, curves and deposits unchanged
///   (`configs::governance::TracksInfo`).
///
/// The development and local presets set it (genesis key `chainProfile.fastChain`); the
/// production preset does not, and a public network must never. The flag is stored by the
/// runtime's `ChainProfile` pallet (`chain_profile.rs`), which holds nothing else; read it
/// through this type.
pub struct FastChain;

impl crate::chain_profile::pallet_chain_profile::Config for Runtime {}

impl Get<bool> for FastChain {
	fn get() -> bool {
		crate::chain_profile::pallet_chain_profile::IsFastChain::<Runtime>::get()
	}
}

/// Slots per BABE epoch (= session) on a [`FastChain`]: one minute.
pub const FAST_EPOCH_DURATION_IN_SLOTS: u64 = MINUTES as u64;

/// Slots per BABE epoch, which is also a session: [`EPOCH_DURATION_IN_SLOTS`] (10 minutes), or
/// [`FAST_EPOCH_DURATION_IN_SLOTS`] on a [`FastChain`]. The flag is fixed at genesis (BABE
/// requires a fixed epoch length), so the length is the same for the chain's whole life.
pub struct EpochDuration;

impl Get<u64> for EpochDuration {
	fn get() -> u64 {
		if FastChain::get() {
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
