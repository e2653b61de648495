//! Background clean-up in `on_idle`, oldest epoch first and within the weight left in the
//! block: the beacon, attestation, verifier-usage and settled-voucher records of closed epochs
//! (`PruneCursor`),
//! then the work records, attesters and totals of epochs past `WorkRetention`
//! (`RecordsCursor`), which emissions no longer pays and no dispute can reach by then. Both steps are priced by their benchmarks, every read and
//! write included.

use frame_support::pallet_prelude::*;

use depin_primitives::idle::key_budget;

use crate::{pallet::*, EpochIndex, WeightInfo};

impl<T: Config> Pallet<T> {
	/// Clean-up within `remaining` weight; returns the weight used, never more than
	/// `remaining`. Both steps are priced by their benchmarks (`prune_closed_epoch(k)` and
	/// `prune_expired_records(k)`, which count every read and write): the base is the dearer
	/// of the two at `k = 0`, and each removed key costs the dearer slope, so the budget of
	/// keys is `(remaining − base) ÷ per key` in every weight dimension.
	pub(crate) fn prune(remaining: Weight) -> Weight {
		let base =
			T::WeightInfo::prune_closed_epoch(0).max(T::WeightInfo::prune_expired_records(0));
		let per_key = T::WeightInfo::prune_closed_epoch(1)
			.saturating_sub(T::WeightInfo::prune_closed_epoch(0))
			.max(
				T::WeightInfo::prune_expired_records(1)
					.saturating_sub(T::WeightInfo::prune_expired_records(0)),
			);
		let Some(budget) = key_budget(remaining, base, per_key) else { return Weight::zero() };

		let cursor = PruneCursor::<T>::get();
		let open = Closing::<T>::get().map_or(CurrentEpoch::<T>::get(), |(epoch, _)| epoch);
		if cursor < open {
			let beacons = Beacons::<T>::clear_prefix(cursor, budget, None);
			let mut left = budget.saturating_sub(beacons.backend);
			let paid = BeaconPaid::<T>::clear_prefix(cursor, left, None);
			left = left.saturating_sub(paid.backend);
			let attestations = Attestations::<T>::clear_prefix(cursor, left, None);
			left = left.saturating_sub(attestations.backend);
			let usage = VerifierUsage::<T>::clear_prefix(cursor, left, None);
			left = left.saturating_sub(usage.backend);
			let settled = Settled::<T>::clear_prefix(cursor, left, None);
			let removed = beacons
				.backend
				.saturating_add(paid.backend)
				.saturating_add(attestations.backend)
				.saturating_add(usage.backend)
				.saturating_add(settled.backend);
			if beacons.maybe_cursor.is_none()
				&& paid.maybe_cursor.is_none()
				&& attestations.maybe_cursor.is_none()
				&& usage.maybe_cursor.is_none()
				&& settled.maybe_cursor.is_none()
			{
				PruneCursor::<T>::put(cursor.saturating_add(1));
			}
			return T::WeightInfo::prune_closed_epoch(removed).min(remaining);
		}

		let records = RecordsCursor::<T>::get();
		if Self::expired(records) {
			let cleared = WorkRecords::<T>::clear_prefix(records, budget, None);
			let left = budget.saturating_sub(cleared.backend);
			let attesters = Attesters::<T>::clear_prefix(records, left, None);
			if cleared.maybe_cursor.is_none() && attesters.maybe_cursor.is_none() {
				Totals::<T>::remove(records);
				RecordsCursor::<T>::put(records.saturating_add(1));
			}
			let removed = cleared.backend.saturating_add(attesters.backend);
			return T::WeightInfo::prune_expired_records(removed).min(remaining);
		}
		T::WeightInfo::prune_closed_epoch(0).min(remaining)
	}

	/// Whether `epoch` is past `WorkRetention`: its records may be removed.
	pub(crate) fn expired(epoch: EpochIndex) -> bool {
		epoch.saturating_add(T::WorkRetention::get()) < CurrentEpoch::<T>::get()
	}
}
