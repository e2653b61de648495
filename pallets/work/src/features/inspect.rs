//! [`WorkInspect`]: what the emissions pallet reads about work, through a trait in its
//! `Config` rather than this pallet's storage. Work is final once its epoch is closed, the
//! dispute window has passed, no dispute is open and the work was not voided.

use depin_primitives::PublicKey;
use frame_support::pallet_prelude::*;

use crate::{pallet::*, EpochIndex, EpochTotals, WorkInspect};

impl<T: Config> WorkInspect<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn final_work(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWorkOf<T>> {
		if !Self::epoch_final(epoch) || OpenDisputes::<T>::contains_key(epoch, device) {
			return None;
		}
		WorkRecords::<T>::get(epoch, device).filter(|w| !w.voided)
	}

	fn work_of(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWorkOf<T>> {
		WorkRecords::<T>::get(epoch, device)
	}

	fn epoch_totals(epoch: EpochIndex) -> EpochTotals<BalanceOf<T>> {
		Totals::<T>::get(epoch)
	}

	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get()
	}

	fn epoch_final(epoch: EpochIndex) -> bool {
		let closing = Closing::<T>::get().is_some_and(|(e, _)| e == epoch);
		CurrentEpoch::<T>::get() > epoch.saturating_add(DisputeWindow::<T>::get()) && !closing
	}

	/// The longest a work record can be under dispute after its epoch: the longest window
	/// plus the longest timeout (a dispute opened on the window's last epoch ends by then).
	fn max_dispute_window() -> EpochIndex {
		T::MaxDisputeWindow::get().saturating_add(T::MaxDisputeTimeout::get())
	}

	fn retention() -> EpochIndex {
		T::WorkRetention::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_final_work(device: PublicKey, epoch: EpochIndex, work: DeviceWorkOf<T>) {
		Totals::<T>::mutate(epoch, |t| {
			super::records::add_to_totals(t, work.kind, work.units, work.shares, work.credits, true)
		});
		WorkRecords::<T>::insert(epoch, device, work);
		let final_from = epoch.saturating_add(DisputeWindow::<T>::get()).saturating_add(1);
		if CurrentEpoch::<T>::get() < final_from {
			CurrentEpoch::<T>::put(final_from);
			Closing::<T>::kill();
		}
	}
}
