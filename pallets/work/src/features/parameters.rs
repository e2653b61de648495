//! The parameters governance sets: the epoch length (`EmissionAdmin`, from the next boundary),
//! the challenge rate, the attestation quorum, the dispute window and the dispute timeout
//! (`DeviceAdmin`). Each setter validates its value against the pallet's bounds and emits an
//! event. The epoch length and the dispute timeout are checked together: their product must
//! leave governance `MinDisputeVerdictTime` blocks to decide a dispute.

use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Perbill;

use crate::{pallet::*, EpochIndex};

impl<T: Config> Pallet<T> {
	/// Schedules `length` as the epoch length from the next boundary. Fails with
	/// `InvalidEpochLength` outside `MinEpochLength..=MaxEpochLength` or not above
	/// `SubmissionGrace`, and with `DisputeTimeoutTooShort` if the shortest live dispute
	/// timeout would last less than `MinDisputeVerdictTime` at this length.
	pub(crate) fn do_set_epoch_length(length: BlockNumberFor<T>) -> DispatchResult {
		ensure!(
			length >= T::MinEpochLength::get()
				&& length <= T::MaxEpochLength::get()
				&& length > T::SubmissionGrace::get(),
			Error::<T>::InvalidEpochLength
		);
		ensure!(
			Self::leaves_time_for_verdict(Self::shortest_live_dispute_timeout(), length),
			Error::<T>::DisputeTimeoutTooShort
		);
		PendingEpochLength::<T>::put(length);
		Self::deposit_event(Event::EpochLengthScheduled { length });
		Ok(())
	}

	/// Sets the dispute timeout. Fails with `InvalidDisputeTimeout` outside
	/// `1..=MaxDisputeTimeout` and with `DisputeTimeoutTooShort` if `epochs` of the shortest
	/// length in force or scheduled last less than `MinDisputeVerdictTime`. When it raises the
	/// timeout, remembers the one it replaces while disputes opened under it may still be open
	/// (see [`EarlierDisputeTimeout`]).
	pub(crate) fn do_set_dispute_timeout(epochs: EpochIndex) -> DispatchResult {
		ensure!(
			(1..=T::MaxDisputeTimeout::get()).contains(&epochs),
			Error::<T>::InvalidDisputeTimeout
		);
		ensure!(
			Self::leaves_time_for_verdict(epochs, Self::shortest_epoch_length()),
			Error::<T>::DisputeTimeoutTooShort
		);
		let (old, now) = (DisputeTimeout::<T>::get(), CurrentEpoch::<T>::get());
		// Only a raise leaves disputes with a shorter timeout than the new one; they can be
		// open until epoch `now + old` ends. Entries merge conservatively (the shortest
		// timeout, the latest end), and one that has passed is forgotten.
		if old < epochs {
			let until = now.saturating_add(old);
			let earlier = match EarlierDisputeTimeout::<T>::get() {
				Some((t, u)) if u >= now => (t.min(old), u.max(until)),
				_ => (old, until),
			};
			EarlierDisputeTimeout::<T>::put(earlier);
		}
		DisputeTimeout::<T>::put(epochs);
		Self::deposit_event(Event::DisputeTimeoutSet { epochs });
		Ok(())
	}

	/// The shortest timeout a dispute open now or opened later may have: `DisputeTimeout`, or
	/// an earlier, shorter one while disputes opened under it may still be open.
	pub fn shortest_live_dispute_timeout() -> EpochIndex {
		let current = DisputeTimeout::<T>::get();
		match EarlierDisputeTimeout::<T>::get() {
			Some((t, until)) if until >= CurrentEpoch::<T>::get() => t.min(current),
			_ => current,
		}
	}

	/// The shorter of the epoch length in force and the one scheduled from the next boundary.
	pub fn shortest_epoch_length() -> BlockNumberFor<T> {
		let length = EpochLength::<T>::get();
		PendingEpochLength::<T>::get().map_or(length, |pending| pending.min(length))
	}

	/// Whether `timeout` epochs of `length` blocks last at least `MinDisputeVerdictTime`.
	pub fn leaves_time_for_verdict(timeout: EpochIndex, length: BlockNumberFor<T>) -> bool {
		use sp_runtime::traits::Saturating;
		length.saturating_mul(BlockNumberFor::<T>::from(timeout)) >= T::MinDisputeVerdictTime::get()
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
