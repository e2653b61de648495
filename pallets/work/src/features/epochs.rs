//! The reward-epoch clock. Epoch `e + 1` starts at the first block at or after
//! `start(e) + EpochLength`; epoch `e` then stays open to late reports for `SubmissionGrace`
//! blocks and is closed when the grace is over, its totals going to `OnEpochClosed`. A new
//! epoch length set by governance takes effect at the next boundary. Nothing here iterates
//! over devices.

use codec::Encode;
use frame_support::{ensure, pallet_prelude::*, traits::Randomness};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, SaturatedConversion};

use crate::{pallet::*, CommitteeBase, EpochIndex, OnEpochClosed, WeightInfo, CHALLENGE_TAG};

impl<T: Config> Pallet<T> {
	/// Starts `epoch` at block `start` with a fresh challenge seed.
	pub(crate) fn start_epoch(epoch: EpochIndex, start: BlockNumberFor<T>) {
		CurrentEpoch::<T>::put(epoch);
		EpochStart::<T>::put(start);
		let (seed, _) = T::Randomness::random(&(CHALLENGE_TAG, epoch).encode());
		Seeds::<T>::insert(epoch, seed);
		CommitteeBases::<T>::insert(
			epoch,
			CommitteeBase { start, verifiers: VerifierCount::<T>::get() },
		);
		Self::deposit_event(Event::EpochStarted { epoch, start, length: EpochLength::<T>::get() });
	}

	/// The epoch clock, run at the start of every block: starts the next epoch at the
	/// boundary and closes the ended one when its grace is over. O(1). Weighed by benchmarks:
	/// `clock_tick` for every block, plus `epoch_boundary` and `close_epoch` (each measured on
	/// a whole block's clock, so the tick is counted twice there: a small overestimate).
	pub(crate) fn advance_clock(n: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::clock_tick();
		if n >= EpochStart::<T>::get().saturating_add(EpochLength::<T>::get()) {
			// Only if governance ever made the grace outlast an epoch: close the older one
			// first, so that no epoch is skipped.
			if let Some((older, _)) = Closing::<T>::get() {
				weight.saturating_accrue(Self::close_epoch(older));
			}
			let ended = CurrentEpoch::<T>::get();
			if let Some(length) = PendingEpochLength::<T>::take() {
				EpochLength::<T>::put(length);
			}
			Self::start_epoch(ended.saturating_add(1), n);
			Closing::<T>::put((ended, n.saturating_add(T::SubmissionGrace::get())));
			if let Some(older) = ended.checked_sub(1) {
				Seeds::<T>::remove(older);
				CommitteeBases::<T>::remove(older);
			}
			let devices = Totals::<T>::get(ended).devices;
			weight.saturating_accrue(T::WeightInfo::epoch_boundary(devices));
		}
		if let Some((epoch, at)) = Closing::<T>::get() {
			if n >= at {
				weight.saturating_accrue(Self::close_epoch(epoch));
			}
		}
		weight
	}

	/// Closes `epoch`: its totals are final and go to `OnEpochClosed`.
	fn close_epoch(epoch: EpochIndex) -> Weight {
		Closing::<T>::kill();
		Seeds::<T>::remove(epoch);
		CommitteeBases::<T>::remove(epoch);
		let totals = Totals::<T>::get(epoch);
		let hook = T::OnEpochClosed::on_epoch_closed(epoch, &totals);
		let devices = totals.devices;
		Self::deposit_event(Event::EpochClosed { epoch, totals });
		T::WeightInfo::close_epoch(devices).saturating_add(hook)
	}

	/// Reports are accepted for the current epoch and for the ended one during its grace.
	pub(super) fn check_epoch(epoch: EpochIndex) -> Result<(), Error<T>> {
		ensure!(epoch <= CurrentEpoch::<T>::get(), Error::<T>::EpochInFuture);
		ensure!(
			epoch == CurrentEpoch::<T>::get()
				|| Closing::<T>::get().is_some_and(|(closing, _)| closing == epoch),
			Error::<T>::EpochTooOld
		);
		Ok(())
	}

	/// Blocks from now until reports for `epoch` stop being accepted (at least 1): the end of
	/// its submission grace. The longevity of authorized transactions for it.
	pub(super) fn blocks_left(epoch: EpochIndex) -> u64 {
		let now = frame_system::Pallet::<T>::block_number();
		let end = match Closing::<T>::get() {
			Some((closing, at)) if closing == epoch => at,
			_ => EpochStart::<T>::get()
				.saturating_add(EpochLength::<T>::get())
				.saturating_add(T::SubmissionGrace::get()),
		};
		end.saturating_sub(now).saturated_into::<u64>().max(1)
	}

	/// The base weight of an extrinsic in the normal class (what every transaction pays before
	/// its call and extensions).
	pub(crate) fn base_extrinsic() -> Weight {
		<T as frame_system::Config>::BlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.base_extrinsic
	}

	/// The pool priority of an authorized transaction of `weight` (besides the base): that of
	/// an untipped signed transaction of the same weight under `pallet-transaction-payment`,
	/// how many such transactions fit in a block, so the lighter is preferred and neither kind
	/// starves the other.
	pub(crate) fn untipped_priority(weight: Weight) -> u64 {
		let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
		let weight = weight
			.saturating_add(Self::base_extrinsic())
			.max(Weight::from_parts(1, 1))
			.min(max_block);
		max_block.checked_div_per_component(&weight).unwrap_or(1)
	}

	/// A pallet error as the reason an authorized transaction is invalid: custom code `n` is
	/// the error's index in the pallet's `Error` enum (its name and docs are in the metadata).
	pub(crate) fn invalid(error: Error<T>) -> TransactionValidityError {
		let code = error.encode().first().copied().unwrap_or(u8::MAX);
		InvalidTransaction::Custom(code).into()
	}
}
