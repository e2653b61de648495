//! What the runtime API (`DepinApi` in `runtime-api`) answers about rewards, the emission
//! schedule, credits and the token flow: read-only queries over this pallet's storage (and the
//! work pallet's records, through [`depin_primitives::WorkInspect`]), with the bounds that keep
//! each call's work small. The runtime's `apis.rs` only forwards to these functions.

use alloc::vec::Vec;
use depin_primitives::{EpochIndex, PublicKey};

use crate::{pallet::*, DemandState, PendingReward, ScheduleOf, SupplyRecord};

/// Most epochs one [`Pallet::api_pending_rewards`] call looks at: `from..=to` is cut to its
/// first `MAX_REWARD_EPOCHS` epochs. Each epoch costs a few storage reads.
pub const MAX_REWARD_EPOCHS: u32 = 1_000;

/// Most epochs one [`Pallet::api_supply_history`] call looks at (one read each).
pub const MAX_SUPPLY_PAGE: u32 = 1_000;

/// Most epochs one [`Pallet::api_projection`] call projects. Projecting reads no storage per
/// epoch, but the answer grows with it.
pub const MAX_PROJECTION_EPOCHS: u32 = 10_000;

impl<T: Config> Pallet<T> {
	/// `device`'s reward (as [`Pallet::pending_reward`]) for each epoch of `from..=to` in which
	/// it has work, oldest first; at most [`MAX_REWARD_EPOCHS`] epochs from `from` are looked
	/// at. Any key is answered (an unregistered one usually has no work): whether the device
	/// is registered is the devices pallet's question.
	pub fn api_pending_rewards(
		device: PublicKey,
		from: EpochIndex,
		to: EpochIndex,
	) -> Vec<PendingReward<T::AccountId, BalanceOf<T>>> {
		let to = to.min(from.saturating_add(MAX_REWARD_EPOCHS.saturating_sub(1)));
		(from..=to).filter_map(|epoch| Self::pending_reward(&device, epoch)).collect()
	}

	/// The emission schedule in force, if one was set.
	pub fn api_schedule() -> Option<ScheduleOf<T>> {
		ActiveSchedule::<T>::get()
	}

	/// The scheduled emission of the next `epochs` epochs (as [`Pallet::projection`]), at most
	/// [`MAX_PROJECTION_EPOCHS`].
	pub fn api_projection(epochs: u32) -> Vec<(EpochIndex, BalanceOf<T>)> {
		Self::projection(epochs.min(MAX_PROJECTION_EPOCHS))
	}

	/// `consumer`'s credits: what usage receipts it co-signs may still spend (zero for an
	/// account that never bought any).
	pub fn api_credits(consumer: T::AccountId) -> BalanceOf<T> {
		Credits::<T>::get(consumer)
	}

	/// Tokens minted for `epoch` so far (its treasury and validators' shares at its close, and
	/// the rewards claimed from it).
	pub fn api_minted(epoch: EpochIndex) -> BalanceOf<T> {
		Minted::<T>::get(epoch)
	}

	/// Tokens burned for credits in `epoch`.
	pub fn api_burned(epoch: EpochIndex) -> BalanceOf<T> {
		Burned::<T>::get(epoch)
	}

	/// The sustainability records of the epochs `from..from + limit` still kept, oldest first;
	/// `limit` is cut to [`MAX_SUPPLY_PAGE`].
	pub fn api_supply_history(
		from: EpochIndex,
		limit: u32,
	) -> Vec<(EpochIndex, SupplyRecord<BalanceOf<T>>)> {
		let limit = limit.min(MAX_SUPPLY_PAGE);
		(from..from.saturating_add(limit))
			.filter_map(|epoch| SupplyRecords::<T>::get(epoch).map(|r| (epoch, r)))
			.collect()
	}

	/// The demand state after the last close.
	pub fn api_demand() -> DemandState<BalanceOf<T>> {
		Demand::<T>::get()
	}
}
