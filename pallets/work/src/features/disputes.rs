//! Disputes. Anyone may dispute a device's recorded work in an epoch, with a bond on hold
//! (`HoldReason::DisputeBond`: the larger of `DisputeBond` and `DisputeBondShare` of the
//! device's bond), from the epoch's start until `DisputeWindow` epochs after it. Up to
//! `MaxDisputesPerWork` disputes, one per disputer, may stand against the same work, so a junk
//! dispute cannot squat it. While a dispute is open the registry locks the device (no
//! transfer, retirement or bond withdrawal) and its work is not final. `DisputeAdmin`
//! resolves it: upheld voids the work and applies the penalty to the device (once, whichever
//! of its disputes is upheld first; that dispute's disputer gets the reporter's share), rejected
//! gives the disputer's bond to the treasury. A dispute still waiting for a verdict after
//! `DisputeTimeout` epochs times out: anyone may close it (`expire_dispute`), `on_idle` does,
//! and its bond is refunded.

use depin_primitives::{DeviceInspect, OnWorkVoided, ProofKind, PublicKey};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

use crate::{pallet::*, Dispute, DisputeId, EpochIndex, Verdict, WeightInfo};

impl<T: Config> Pallet<T> {
	/// Opens a dispute of `device`'s work in `epoch` by `disputer`, putting its bond on hold
	/// and locking the device in the registry (see the `open_dispute` call for the errors).
	pub(crate) fn do_open_dispute(
		disputer: T::AccountId,
		device: PublicKey,
		epoch: EpochIndex,
		evidence: H256,
	) -> DispatchResult {
		let current = CurrentEpoch::<T>::get();
		ensure!(
			epoch <= current && current <= epoch.saturating_add(DisputeWindow::<T>::get()),
			Error::<T>::DisputeOutsideWindow
		);
		let view = T::Devices::device(&device).ok_or(Error::<T>::DisputedDeviceUnknown)?;
		ensure!(
			WorkRecords::<T>::get(epoch, device).is_some_and(|w| !w.voided),
			Error::<T>::NoWorkToDispute
		);
		let mut open = OpenDisputes::<T>::get(epoch, device).unwrap_or_default();
		ensure!(
			!open.iter().any(|id| Disputes::<T>::get(id).is_some_and(|d| d.disputer == disputer)),
			Error::<T>::DisputeAlreadyOpen
		);
		let id = NextDisputeId::<T>::get();
		open.try_push(id).map_err(|_| Error::<T>::TooManyDisputes)?;
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let bond = Self::dispute_bond(view.bond);
		T::Currency::hold(&HoldReason::DisputeBond.into(), &disputer, bond)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		let deadline = current.saturating_add(DisputeTimeout::<T>::get());
		NextDisputeId::<T>::put(next);
		Disputes::<T>::insert(
			id,
			Dispute { device, epoch, disputer: disputer.clone(), bond, evidence, deadline },
		);
		OpenDisputes::<T>::insert(epoch, device, open);
		DisputeDeadlines::<T>::insert(deadline, id, ());
		T::Devices::dispute_opened(&device);
		Self::deposit_event(Event::DisputeOpened { id, device, epoch, disputer, bond, deadline });
		Ok(())
	}

	/// The bond of a dispute against a device with `device_bond`: the larger of
	/// `DisputeBond` and `DisputeBondShare` of it.
	pub fn dispute_bond(device_bond: BalanceOf<T>) -> BalanceOf<T> {
		T::DisputeBond::get().max(T::DisputeBondShare::get() * device_bond)
	}

	/// Takes dispute `id` out of storage and its indexes and unlocks its device; returns it.
	fn close_dispute(id: DisputeId) -> Result<DisputeOf<T>, Error<T>> {
		let d = Disputes::<T>::take(id).ok_or(Error::<T>::UnknownDispute)?;
		OpenDisputes::<T>::mutate_exists(d.epoch, d.device, |open| {
			if let Some(ids) = open {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*open = None;
				}
			}
		});
		DisputeDeadlines::<T>::remove(d.deadline, id);
		T::Devices::dispute_closed(&d.device);
		Ok(d)
	}

	/// Resolves dispute `id`, closing it and unlocking the device in the registry.
	///
	/// Upheld: the disputer's bond is released; the first upheld dispute of the work also voids
	/// it and applies the penalty to the device ([`Self::slash_device`], with the reporter's
	/// share to this disputer, and suspension). A later upheld dispute of the same work (its
	/// evidence held too) only gets its bond back: the work was voided and the device punished
	/// once. Rejected: the disputer's bond goes to the treasury.
	///
	/// Errors are handled by what they concern:
	/// - releasing or transferring the *disputer's* bond is this pallet's own hold, so a
	///   failure there is a broken invariant: it propagates and the whole call fails with
	///   nothing written (FRAME calls are transactional);
	/// - the *device's* penalty goes through the registry, which may refuse (typically because
	///   the device is no longer registered). The verdict must not depend on it: if upholding
	///   failed whenever the penalty could not be taken, governance could only reject, which
	///   would punish an honest disputer, or leave the dispute and the device's lock open for
	///   ever. So a refused slash or suspension is skipped and reported with
	///   `DisputeSlashSkipped` or `DisputeSuspensionSkipped` (emitted before `DisputeUpheld`),
	///   and the rest of the resolution stands.
	pub(crate) fn do_resolve_dispute(id: DisputeId, verdict: Verdict) -> DispatchResult {
		if verdict == Verdict::UpheldVerifiersAtFault {
			let d = Disputes::<T>::get(id).ok_or(Error::<T>::UnknownDispute)?;
			ensure!(
				WorkRecords::<T>::get(d.epoch, d.device)
					.is_some_and(|w| w.kind == ProofKind::Attested),
				Error::<T>::NotAttestedWork
			);
			// The lighter verdict voids the work for good: every other claim about it (that the
			// device itself cheated, say) is decided first, so that the device's owner cannot
			// pre-empt an honest dispute with a second account's dispute blaming the verifiers.
			ensure!(
				OpenDisputes::<T>::get(d.epoch, d.device).is_some_and(|ids| ids.len() == 1),
				Error::<T>::OtherDisputesOpen
			);
		}
		let d = Self::close_dispute(id)?;
		let reason = HoldReason::DisputeBond.into();
		if verdict != Verdict::Rejected {
			let first = WorkRecords::<T>::get(d.epoch, d.device).is_some_and(|w| !w.voided);
			T::Currency::release(&reason, &d.disputer, d.bond, Precision::BestEffort)?;
			let mut slashed: BalanceOf<T> = Zero::zero();
			if first {
				Self::void_work(d.epoch, &d.device);
				// The verifiers who attested voided work answer for it too. Blamed alone, they pay
				// the disputer its share (and `slashed` reports their slashes); otherwise the
				// device's slash does.
				let alone = verdict == Verdict::UpheldVerifiersAtFault;
				for verifier in Attesters::<T>::take(d.epoch, d.device) {
					let reporter = alone.then_some(&d.disputer);
					let moved = Self::slash_verifier(&verifier, &d.device, d.epoch, reporter);
					if alone {
						slashed = slashed.saturating_add(moved);
					}
				}
				// The verifiers alone at fault: the device keeps its bond and stays active.
				if !alone {
					slashed = Self::slash_device(id, &d.device, &d.disputer);
					if verdict == Verdict::UpheldMakerAtFault {
						T::Devices::maker_fault(&d.device);
					}
					if let Err(error) = T::Devices::suspend(&d.device) {
						Self::deposit_event(Event::DisputeSuspensionSkipped {
							id,
							device: d.device,
							error,
						});
					}
				}
			}
			Self::deposit_event(Event::DisputeUpheld { id, slashed });
		} else {
			let slashed = T::Currency::transfer_on_hold(
				&reason,
				&d.disputer,
				&T::Treasury::get(),
				d.bond,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Self::deposit_event(Event::DisputeRejected { id, slashed });
		}
		Ok(())
	}

	/// Closes dispute `id`, which timed out: the disputer's bond is refunded (`DisputeTimedOut`)
	/// and the device unlocked. Fails with `UnknownDispute`; the caller checked the deadline.
	pub(crate) fn do_expire_dispute(id: DisputeId) -> DispatchResult {
		let d = Self::close_dispute(id)?;
		let refunded = T::Currency::release(
			&HoldReason::DisputeBond.into(),
			&d.disputer,
			d.bond,
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::DisputeTimedOut { id, refunded });
		Ok(())
	}

	/// Closes the disputes whose deadline has passed, oldest deadline first, within
	/// `remaining` weight: two reads to start (the cursor and the epoch), a read per deadline
	/// epoch looked at, each dispute at its `expire_dispute` benchmark, and a write when the
	/// cursor moves. Returns the weight used, never more than `remaining`.
	pub(crate) fn expire_disputes(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let mut used = db.reads(2);
		if !used.all_lte(remaining) {
			return Weight::zero();
		}
		let look = db.reads(1);
		let close = T::WeightInfo::expire_dispute();
		// Room for one more look, the dispute it may find, and the cursor's write.
		let room = look.saturating_add(close).saturating_add(db.writes(1));
		let current = CurrentEpoch::<T>::get();
		let start = DeadlineCursor::<T>::get();
		let mut cursor = start;
		while cursor < current && used.saturating_add(room).all_lte(remaining) {
			used.saturating_accrue(look);
			match DisputeDeadlines::<T>::iter_key_prefix(cursor).next() {
				Some(id) => {
					used.saturating_accrue(close);
					if Self::do_expire_dispute(id).is_err() {
						// A deadline entry without its dispute (a broken invariant, which
						// `try_state` reports): drop it rather than stall the cursor.
						DisputeDeadlines::<T>::remove(cursor, id);
					}
				}
				None => cursor.saturating_inc(),
			}
		}
		if cursor != start {
			DeadlineCursor::<T>::put(cursor);
			used.saturating_accrue(db.writes(1));
		}
		used.min(remaining)
	}

	/// Voids `device`'s work in `epoch` (an upheld dispute): it earns nothing more in the
	/// epoch, and its units, shares and credits leave the epoch's totals (before the close,
	/// the pools are then shared among the other devices). If the epoch is already closed, its
	/// pools were set aside with the work counted: `OnWorkVoided` is told, and the emissions
	/// pallet pays the voided reward to the treasury instead of letting it expire silently.
	/// Nothing happens to work already voided or not recorded.
	pub(crate) fn void_work(epoch: EpochIndex, device: &PublicKey) {
		let Some(mut work) = WorkRecords::<T>::get(epoch, device) else { return };
		if work.voided {
			return;
		}
		Totals::<T>::mutate(epoch, |t| super::records::remove_from_totals(t, &work));
		let closed = epoch < CurrentEpoch::<T>::get()
			&& Closing::<T>::get().is_none_or(|(closing, _)| closing != epoch);
		if closed {
			T::OnWorkVoided::on_work_voided(epoch, device, &work);
		}
		work.voided = true;
		WorkRecords::<T>::insert(epoch, device, work);
	}

	/// The slash of upheld dispute `id`: `DisputeSlash` of the device's bond, `DisputerShare`
	/// of it to the disputer and the rest (with whatever of the disputer's share did not
	/// move) to the treasury. Returns the total moved.
	///
	/// A device the registry no longer knows has no bond, so nothing is due; the registry
	/// then refuses the disputer's (zero) slash too, which reports it. Each slash the registry
	/// refuses moves nothing and emits `DisputeSlashSkipped` with the amount and the error.
	fn slash_device(id: DisputeId, device: &PublicKey, disputer: &T::AccountId) -> BalanceOf<T> {
		let total =
			T::Devices::device(device).map_or_else(Zero::zero, |d| T::DisputeSlash::get() * d.bond);
		let to_disputer = T::DisputerShare::get() * total;
		let first = Self::try_slash(id, device, to_disputer, disputer);
		let rest = total.saturating_sub(first);
		let second = if rest.is_zero() {
			Zero::zero()
		} else {
			Self::try_slash(id, device, rest, &T::Treasury::get())
		};
		first.saturating_add(second)
	}

	/// Moves up to `amount` of `device`'s bond to `beneficiary` through the registry and
	/// returns what moved; if the registry refuses, emits `DisputeSlashSkipped` and returns
	/// zero.
	fn try_slash(
		id: DisputeId,
		device: &PublicKey,
		amount: BalanceOf<T>,
		beneficiary: &T::AccountId,
	) -> BalanceOf<T> {
		match T::Devices::slash(device, amount, beneficiary) {
			Ok(moved) => moved,
			Err(error) => {
				Self::deposit_event(Event::DisputeSlashSkipped {
					id,
					device: *device,
					beneficiary: beneficiary.clone(),
					amount,
					error,
				});
				Zero::zero()
			}
		}
	}
}
