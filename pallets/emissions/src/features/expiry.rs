//! Claim expiry: `on_idle` expires the rewards of epochs past the claim expiry in bounded
//! steps, and an epoch part-way through expiring (`Expiring`) can be neither claimed nor paid
//! to the treasury.

use depin_primitives::{idle::key_budget, EpochIndex, WorkInspect};
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Saturating;

use crate::{pallet::*, WeightInfo};

impl<T: Config> Pallet<T> {
	/// The epoch `on_idle` is part-way through expiring, if any.
	pub fn expiring_epoch() -> Option<EpochIndex> {
		Expiring::<T>::get().then(ExpiryCursor::<T>::get)
	}

	/// Expires the rewards of epochs past the claim expiry, oldest first, within `remaining`
	/// weight: their unclaimed remainder is released from the reserve, never minted. Priced by
	/// the `expire_epoch(k)` benchmark (every read and write counted): its base, then each
	/// removed claim record at its slope; never reports more than `remaining`.
	pub(crate) fn expire(remaining: Weight) -> Weight {
		let base = T::WeightInfo::expire_epoch(0);
		let per_key = T::WeightInfo::expire_epoch(1).saturating_sub(base);
		let Some(budget) = key_budget(remaining, base, per_key) else { return Weight::zero() };
		let Some(schedule) = ActiveSchedule::<T>::get() else { return base.min(remaining) };
		let cursor = ExpiryCursor::<T>::get();
		// An epoch whose expiry began finishes expiring, whatever the claim expiry now.
		if !Expiring::<T>::get()
			&& T::Work::current_epoch() <= cursor.saturating_add(schedule.claim_expiry)
		{
			return base.min(remaining);
		}
		let cleared = Claimed::<T>::clear_prefix(cursor, budget, None);
		Expiring::<T>::put(cleared.maybe_cursor.is_some());
		if cleared.maybe_cursor.is_none() {
			if let Some(reward) = Rewards::<T>::take(cursor) {
				let unclaimed = reward.pool().saturating_sub(reward.claimed);
				Reserved::<T>::mutate(|r| *r = r.saturating_sub(unclaimed));
				Self::deposit_event(Event::RewardsExpired { epoch: cursor, unclaimed });
			}
			ExpiryCursor::<T>::put(cursor.saturating_add(1));
		}
		T::WeightInfo::expire_epoch(cleared.backend).min(remaining)
	}
}
