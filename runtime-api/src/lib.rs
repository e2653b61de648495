//! `DepinApi`: what explorers, wallets and the node's `depin_*` RPC ask the runtime about
//! devices, epochs, rewards and the token economy. Every method is a read; none iterates over
//! all devices (lists are paged).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

pub use pallet_devices::{
	api::{DeviceInfo, MakerInfo, MAX_DEVICES_PAGE},
	ClassId, ClassParams, DeviceStatus, H3Cell, MakerId, PublicKey, StatusCounts,
};
pub use pallet_emissions::{
	api::{MAX_PROJECTION_EPOCHS, MAX_REWARD_EPOCHS, MAX_SUPPLY_PAGE},
	scale_of, DemandIndex, DemandState, NetEmissions, PendingReward, Schedule, Shape, SupplyRecord,
};
pub use pallet_work::{
	api::{ChallengeStatus, EpochInfo, VerifierInfo},
	EpochIndex, EpochTotals,
};

/// Most devices one `devices_of` page returns (the devices pallet's [`MAX_DEVICES_PAGE`]).
pub const MAX_PAGE: u32 = MAX_DEVICES_PAGE;

/// Network figures for one epoch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct NetworkStats<Balance> {
	/// The epoch.
	pub epoch: EpochIndex,
	/// Registered devices per class (all statuses).
	pub devices_by_class: Vec<(ClassId, u32)>,
	/// Registered devices per life-cycle state.
	pub devices_by_status: StatusCounts,
	/// The epoch's work totals.
	pub totals: EpochTotals<Balance>,
	/// Tokens minted for the epoch.
	pub minted: Balance,
	/// Tokens burned for credits in the epoch.
	pub burned: Balance,
}

sp_api::decl_runtime_apis! {
	/// Devices, epochs, rewards and the token economy, for explorers and wallets.
	///
	/// Version 2 added [`DepinApi::credits`]. Version 3 (protocol v2's sybil economics) added
	/// [`DepinApi::verifier`] and [`DepinApi::committee`], and changed what `device`, `maker`,
	/// `epoch` and `pending_rewards` return (occupancy and activity; maker bonds and faults;
	/// the tolerance, verifier count and reciprocity window; each reward's earner and
	/// shares): a node reads version 3 runtimes only, so node and runtime upgrade together.
	/// Version 4 (emissions that follow demand) added [`DepinApi::supply_history`] and
	/// [`DepinApi::demand`], and `schedule` returns net emissions and the demand index: a node
	/// decodes `schedule` from version 4 runtimes only.
	/// Version 5 (hardware keys) added each device's maker certificate to `device` and each
	/// maker's root key to `maker`: a node decodes those two from version 5 runtimes only.
	#[api_version(5)]
	pub trait DepinApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A device, if registered.
		fn device(device: PublicKey) -> Option<DeviceInfo<AccountId, Balance, BlockNumber>>;
		/// Up to `limit` (at most [`MAX_PAGE`]) devices of `owner`, after `start_after`.
		fn devices_of(owner: AccountId, start_after: Option<PublicKey>, limit: u32) -> Vec<PublicKey>;
		/// A device class.
		fn class(class: ClassId) -> Option<ClassParams<Balance>>;
		/// A maker.
		fn maker(maker: MakerId) -> Option<MakerInfo<AccountId, Balance, BlockNumber>>;
		/// The reward-epoch clock.
		fn epoch() -> EpochInfo<BlockNumber>;
		/// A device's rewards for the epochs `from..=to` in which it has work (at most
		/// [`MAX_REWARD_EPOCHS`] epochs from `from` are looked at). Any key is answered: ask
		/// [`DepinApi::device`] whether it is registered.
		fn pending_rewards(device: PublicKey, from: EpochIndex, to: EpochIndex) -> Vec<PendingReward<AccountId, Balance>>;
		/// Whether a device is challenged in an epoch. Any key is answered: ask
		/// [`DepinApi::device`] whether it is registered.
		fn challenge_status(device: PublicKey, epoch: EpochIndex) -> ChallengeStatus;
		/// The emission schedule in force.
		fn schedule() -> Option<Schedule<Balance>>;
		/// The scheduled emission of `epochs` epochs from the current one on (at most
		/// [`MAX_PROJECTION_EPOCHS`]): the curve, split, with the witnessed and attested pools
		/// tapered at the scale the demand state gives now; before the cap and re-mints.
		fn projection(epochs: u32) -> Vec<(EpochIndex, Balance)>;
		/// Network figures for an epoch.
		fn stats(epoch: EpochIndex) -> NetworkStats<Balance>;
		/// A consumer's credits (zero for an account that never bought any). Since version 2.
		fn credits(account: AccountId) -> Balance;
		/// An account as a verifier or an applicant, if it is either. Since version 3.
		fn verifier(account: AccountId) -> Option<VerifierInfo<Balance>>;
		/// The verifiers drawn to attest a device in an epoch; `None` if every verifier may.
		/// Since version 3.
		fn committee(device: PublicKey, epoch: EpochIndex) -> Option<Vec<AccountId>>;
		/// The sustainability record of the closed epochs `from..from + limit` that are still
		/// kept (`limit` at most [`MAX_SUPPLY_PAGE`]), oldest first. Since version 4.
		fn supply_history(from: EpochIndex, limit: u32) -> Vec<(EpochIndex, SupplyRecord<Balance>)>;
		/// The demand state after the last close: the smoothed burn, the burn and re-mint
		/// totals, and the trailing averages of the sustainability ratio. Since version 4.
		fn demand() -> DemandState<Balance>;
	}
}
