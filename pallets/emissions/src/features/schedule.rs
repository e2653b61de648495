//! The emission schedule: the rules a schedule must meet, the committed supply its cap bounds,
//! enacting a schedule (and keeping its history), and the emission it schedules for an epoch.

use depin_primitives::{EpochIndex, WorkInspect};
use frame_support::{ensure, pallet_prelude::*, traits::fungible::Inspect};
use sp_runtime::{
	traits::{Saturating, Zero},
	PerThing, Perbill,
};

use crate::{pallet::*, scheduled_emission, Shape};

fn sums_to_one<'a>(parts: impl IntoIterator<Item = &'a Perbill>) -> bool {
	parts.into_iter().map(|p| u64::from(p.deconstruct())).sum::<u64>()
		== u64::from(Perbill::ACCURACY)
}

impl<T: Config> Pallet<T> {
	/// Checks a schedule against every rule.
	pub fn check_schedule(s: &ScheduleOf<T>) -> DispatchResult {
		ensure!(
			sums_to_one(&[s.split.operators, s.split.validators, s.split.treasury]),
			Error::<T>::InvalidSplit
		);
		ensure!(
			sums_to_one(s.kinds.iter().map(|(_, weight)| weight)),
			Error::<T>::InvalidKindWeights
		);
		ensure!(!matches!(s.shape, Shape::Halving { every: 0 }), Error::<T>::InvalidShape);
		ensure!(s.cap <= T::MaxSupplyCap::get(), Error::<T>::CapTooHigh);
		ensure!(
			s.usage_cap_multiplier <= T::MaxUsageCapMultiplier::get(),
			Error::<T>::UsageCapTooHigh
		);
		ensure!(!s.bond_reward_cap.is_zero(), Error::<T>::ZeroBondRewardCap);
		ensure!(s.bond_reward_cap <= T::MaxBondRewardCap::get(), Error::<T>::BondRewardCapTooHigh);
		ensure!(s.cap >= Self::committed(), Error::<T>::CapBelowIssuance);
		ensure!(s.claim_expiry > T::Work::max_dispute_window(), Error::<T>::ClaimExpiryTooShort);
		ensure!(s.claim_expiry <= T::Work::retention(), Error::<T>::ClaimExpiryTooLong);
		ensure!(
			(1..=T::MaxSmoothing::get()).contains(&s.net.smoothing),
			Error::<T>::InvalidSmoothing
		);
		ensure!(
			(1..=T::MaxRatioWindow::get()).contains(&s.net.ratio_window),
			Error::<T>::InvalidRatioWindow
		);
		ensure!(s.net.remint_cap <= T::MaxRemintCap::get(), Error::<T>::RemintCapTooHigh);
		if let Some(index) = &s.demand_index {
			ensure!(
				(1..=T::MaxDemandTarget::get()).contains(&index.target_ppm),
				Error::<T>::InvalidDemandTarget
			);
			ensure!(index.floor <= index.ceiling, Error::<T>::SubsidyFloorAboveCeiling);
		}
		Ok(())
	}

	/// Tokens issued plus rewards set aside: what the supply cap bounds.
	pub fn committed() -> BalanceOf<T> {
		T::Currency::total_issuance().saturating_add(Reserved::<T>::get())
	}

	/// Makes `schedule` the one in force from `epoch` on.
	pub(crate) fn enact(schedule: ScheduleOf<T>, epoch: EpochIndex) {
		ActiveSchedule::<T>::put(schedule.clone());
		ScheduleStart::<T>::put(epoch);
		History::<T>::mutate(|history| {
			// Append, then keep the latest `MaxHistory` entries (the oldest go first).
			let mut entries = core::mem::take(history).into_inner();
			entries.push((epoch, schedule));
			let excess = entries.len().saturating_sub(T::MaxHistory::get() as usize);
			*history = BoundedVec::truncate_from(entries.split_off(excess));
		});
		Self::deposit_event(Event::ScheduleEnacted { epoch });
	}

	/// The emission scheduled for `epoch` by the schedule in force (zero without one) in the
	/// current demand state, before clipping at the supply cap and without re-mints.
	pub fn emission_of(epoch: EpochIndex) -> BalanceOf<T> {
		ActiveSchedule::<T>::get().map_or(Zero::zero(), |s| {
			scheduled_emission(
				&s,
				epoch.saturating_sub(ScheduleStart::<T>::get()),
				&Demand::<T>::get(),
			)
		})
	}

	/// The scheduled emissions of `epochs` epochs from the current one on, by the schedule in
	/// force (a pending change is not included) in the current demand state (the subsidy scale
	/// it gives holds until the next close), before cap clipping and re-mints.
	pub fn projection(epochs: u32) -> alloc::vec::Vec<(EpochIndex, BalanceOf<T>)> {
		let current = T::Work::current_epoch();
		(0..epochs)
			.map(|i| {
				let epoch = current.saturating_add(i);
				(epoch, Self::emission_of(epoch))
			})
			.collect()
	}
}
