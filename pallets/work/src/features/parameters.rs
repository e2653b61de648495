//! The parameters governance (`DeviceAdmin`) sets: the epoch length (from the next boundary),
//! the challenge rate, the attestation quorum and the dispute window (both at once). Each
//! setter validates its value against the pallet's constants and emits an event.

use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Perbill;

use crate::{pallet::*, EpochIndex};

impl<T: Config> Pallet<T> {
	/// Schedules `length` as the epoch length from the next boundary. Fails with
	/// `InvalidEpochLength` outside `MinEpochLength..=MaxEpochLength` or not above
	/// `SubmissionGrace`.
	pub(crate) fn do_set_epoch_length(length: BlockNumberFor<T>) -> DispatchResult {
		ensure!(
			length >= T::MinEpochLength::get()
				&& length <= T::MaxEpochLength::get()
				&& length > T::SubmissionGrace::get(),
			Error::<T>::InvalidEpochLength
		);
		PendingEpochLength::<T>::put(length);
		Self::deposit_event(Event::EpochLengthScheduled { length });
		Ok(())
	}

	/// Sets the challenge rate; it applies to every beacon checked from now on. Never fails.
	pub(crate) fn do_set_challenge_rate(rate: Perbill) -> DispatchResult {
		ChallengeRate::<T>::put(rate);
		Self::deposit_event(Event::ChallengeRateSet { rate });
		Ok(())
	}

	/// Sets the attestation quorum. Fails with `InvalidQuorum` outside
	/// `MinQuorum..=MaxQuorum` (and at zero).
	pub(crate) fn do_set_attestation_quorum(quorum: u32) -> DispatchResult {
		ensure!(
			(T::MinQuorum::get().max(1)..=T::MaxQuorum::get()).contains(&quorum),
			Error::<T>::InvalidQuorum
		);
		AttestationQuorum::<T>::put(quorum);
		Self::deposit_event(Event::AttestationQuorumSet { quorum });
		Ok(())
	}

	/// Sets the dispute window, at once. Fails with `InvalidDisputeWindow` outside
	/// `1..=MaxDisputeWindow`.
	pub(crate) fn do_set_dispute_window(epochs: EpochIndex) -> DispatchResult {
		ensure!(
			(1..=T::MaxDisputeWindow::get()).contains(&epochs),
			Error::<T>::InvalidDisputeWindow
		);
		DisputeWindow::<T>::put(epochs);
		Self::deposit_event(Event::DisputeWindowSet { epochs });
		Ok(())
	}
}
