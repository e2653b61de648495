//! Background clean-up in `on_idle`, oldest epoch first and within the weight left in the
//! block: the beacon, attestation and verifier-usage records of closed epochs (`PruneCursor`),
//! then the work records and totals of epochs past `WorkRetention` (`RecordsCursor`), which
//! emissions no longer pays by then. Every removed key is budgeted as one read and one write.

use frame_support::pallet_prelude::*;

use crate::{pallet::*, EpochIndex};

impl<T: Config> Pallet<T> {
	/// Clean-up within `remaining` weight; returns the weight used. The budget of removed keys
	/// is what is left after the fixed cost (four reads of cursors and the clock, up to two
	/// writes of cursors and totals) divided by the cost of one key, a read and a write.
	pub(crate) fn prune(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let mut used = db.reads(4);
		let fixed = used.saturating_add(db.writes(2));
		let per_key = db.reads_writes(1, 1);
		if remaining.any_lt(fixed.saturating_add(per_key)) {
			return used;
		}
		let budget = remaining.saturating_sub(fixed).ref_time() / per_key.ref_time().max(1);
		let budget = u32::try_from(budget).unwrap_or(u32::MAX);

		let cursor = PruneCursor::<T>::get();
		let open = Closing::<T>::get().map_or(CurrentEpoch::<T>::get(), |(epoch, _)| epoch);
		if cursor < open {
			let beacons = Beacons::<T>::clear_prefix(cursor, budget, None);
			let mut left = budget.saturating_sub(beacons.backend);
			let attestations = Attestations::<T>::clear_prefix(cursor, left, None);
			left = left.saturating_sub(attestations.backend);
			let usage = VerifierUsage::<T>::clear_prefix(cursor, left, None);
			let removed =
				beacons.backend.saturating_add(attestations.backend).saturating_add(usage.backend);
			used.saturating_accrue(db.reads_writes(removed.into(), removed.into()));
			if beacons.maybe_cursor.is_none()
				&& attestations.maybe_cursor.is_none()
				&& usage.maybe_cursor.is_none()
			{
				PruneCursor::<T>::put(cursor.saturating_add(1));
				used.saturating_accrue(db.writes(1));
			}
			return used;
		}

		let records = RecordsCursor::<T>::get();
		if Self::expired(records) {
			let cleared = WorkRecords::<T>::clear_prefix(records, budget, None);
			used.saturating_accrue(db.reads_writes(cleared.backend.into(), cleared.backend.into()));
			if cleared.maybe_cursor.is_none() {
				Totals::<T>::remove(records);
				RecordsCursor::<T>::put(records.saturating_add(1));
				used.saturating_accrue(db.writes(2));
			}
		}
		used
	}

	/// Whether `epoch` is past `WorkRetention`: its records may be removed.
	pub(crate) fn expired(epoch: EpochIndex) -> bool {
		epoch.saturating_add(T::WorkRetention::get()) < CurrentEpoch::<T>::get()
	}
}
