//! `DepinApi`: what explorers, wallets and the node's `depin_*` RPC ask the runtime about
//! devices, epochs, rewards and the token economy. Every method is a read; none iterates over
//! all devices (lists are paged).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

pub use pallet_devices::{
	ClassId, ClassParams, DeviceStatus, H3Cell, MakerId, PublicKey, StatusCounts,
};
pub use pallet_emissions::{PendingReward, Schedule};
pub use pallet_work::{EpochIndex, EpochTotals};

/// Most devices one `devices_of` page returns.
pub const MAX_PAGE: u32 = 1_000;

/// A registered device.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceInfo<AccountId, Balance, BlockNumber> {
	/// The owner, who holds the bond.
	pub owner: AccountId,
	/// Its class.
	pub class: ClassId,
	/// The maker that attested it.
	pub maker: MakerId,
	/// The bond on hold.
	pub bond: Balance,
	/// Active, suspended or retiring.
	pub status: DeviceStatus<BlockNumber>,
	/// Its H3 cell, if any.
	pub location: Option<H3Cell>,
	/// The owner's metadata (a content hash or URI).
	pub metadata: Vec<u8>,
	/// The account the device was offered to, if a transfer is pending.
	pub offered_to: Option<AccountId>,
}

/// A registered manufacturer.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct MakerInfo {
	/// The key that signs its attestations.
	pub attestation_key: PublicKey,
	/// Its name.
	pub name: Vec<u8>,
	/// Most devices it may onboard.
	pub quota: u32,
	/// Devices onboarded so far.
	pub onboarded: u32,
	/// Devices of it still registered.
	pub devices: u32,
	/// Whether it was revoked.
	pub revoked: bool,
}

/// The reward-epoch clock.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EpochInfo<BlockNumber> {
	/// The current epoch.
	pub index: EpochIndex,
	/// Its first block.
	pub start: BlockNumber,
	/// The first block of the next epoch (at the current length).
	pub end: BlockNumber,
	/// Blocks per epoch.
	pub length: BlockNumber,
	/// The previous epoch, while it is still in its submission grace.
	pub closing: Option<EpochIndex>,
	/// Share of witnessed devices challenged per epoch, in parts per billion.
	pub challenge_rate_ppb: u32,
	/// Verifier attestations needed per attested device.
	pub attestation_quorum: u32,
}

/// Whether a device is challenged in an epoch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ChallengeStatus {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The device's challenge (what witnesses sign), if the epoch's seed is still stored.
	pub challenge: Option<[u8; 32]>,
	/// Whether it is challenged at the current rate.
	pub challenged: bool,
	/// Whether its beacon was already counted.
	pub beacon_counted: bool,
}

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
	#[api_version(1)]
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
		fn maker(maker: MakerId) -> Option<MakerInfo>;
		/// The reward-epoch clock.
		fn epoch() -> EpochInfo<BlockNumber>;
		/// A device's rewards for the epochs `from..=to` in which it has work (at most 1,000
		/// epochs are looked at).
		fn pending_rewards(device: PublicKey, from: EpochIndex, to: EpochIndex) -> Vec<PendingReward<Balance>>;
		/// Whether a device is challenged in an epoch.
		fn challenge_status(device: PublicKey, epoch: EpochIndex) -> ChallengeStatus;
		/// The emission schedule in force.
		fn schedule() -> Option<Schedule<Balance>>;
		/// The scheduled emission of the next `epochs` epochs (at most 10,000).
		fn projection(epochs: u32) -> Vec<(EpochIndex, Balance)>;
		/// Network figures for an epoch.
		fn stats(epoch: EpochIndex) -> NetworkStats<Balance>;
	}
}
