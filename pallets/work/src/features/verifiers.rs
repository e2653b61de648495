//! Verifiers: accounts that attest devices' work, each with a bond on hold
//! (`HoldReason::VerifierBond`) and a per-epoch quota of attested units.
//!
//! Admission takes two steps, so nobody's funds are held without their consent: an account
//! applies and puts the bond on hold itself (`apply_verifier`), then `DeviceAdmin` admits it
//! with a quota (`admit_verifier`). A verifier loses `VerifierSlash` of its bond, to the
//! treasury, for each attestation outside the tolerance of its quorum's median and for each
//! attestation of work that an upheld dispute voided.
//!
//! Each verifier holds a slot in `0..VerifierCount`. When there are more verifiers than the
//! quorum, each attested device gets a committee of quorum-many slots per epoch, drawn with
//! the epoch's seed (`committee`); only its members may attest the device in that epoch, so
//! a group of colluding verifiers cannot choose to attest its own fake devices together. A
//! majority of the committee records the device's work, so a minority that withholds its
//! attestations cannot hold back an honest device's reward.

use alloc::vec::Vec;
use depin_primitives::{DeviceInspect, PublicKey};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

use crate::{pallet::*, EpochIndex, Verifier};

impl<T: Config> Pallet<T> {
	/// Puts `VerifierBond` on hold from `applicant` and records its application, or tops up an
	/// admitted verifier's slashed bond to `VerifierBond`. Fails with `AlreadyVerifier` (a
	/// verifier with its full bond), `AlreadyApplied` or `CannotAffordBond`, changing nothing.
	pub(crate) fn do_apply_verifier(applicant: T::AccountId) -> DispatchResult {
		if let Some(mut v) = Verifiers::<T>::get(&applicant) {
			// A verifier topping up the bond that slashes reduced.
			let full = T::VerifierBond::get();
			ensure!(v.bond < full, Error::<T>::AlreadyVerifier);
			T::Currency::hold(&HoldReason::VerifierBond.into(), &applicant, full - v.bond)
				.map_err(|_| Error::<T>::CannotAffordBond)?;
			v.bond = full;
			Verifiers::<T>::insert(&applicant, v);
			Self::deposit_event(Event::VerifierBondToppedUp { verifier: applicant, bond: full });
			return Ok(());
		}
		ensure!(!VerifierApplications::<T>::contains_key(&applicant), Error::<T>::AlreadyApplied);
		let bond = T::VerifierBond::get();
		T::Currency::hold(&HoldReason::VerifierBond.into(), &applicant, bond)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		VerifierApplications::<T>::insert(&applicant, bond);
		Self::deposit_event(Event::VerifierApplied { applicant, bond });
		Ok(())
	}

	/// Withdraws `applicant`'s application and releases its bond. Fails with `NoApplication`.
	pub(crate) fn do_withdraw_application(applicant: T::AccountId) -> DispatchResult {
		let bond = VerifierApplications::<T>::take(&applicant).ok_or(Error::<T>::NoApplication)?;
		T::Currency::release(
			&HoldReason::VerifierBond.into(),
			&applicant,
			bond,
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::ApplicationWithdrawn { applicant });
		Ok(())
	}

	/// Admits applicant `verifier` with `quota`; its application's bond, already on hold,
	/// becomes its verifier bond. Fails with `AlreadyVerifier` or `NoApplication`, changing
	/// nothing.
	pub(crate) fn do_admit_verifier(verifier: T::AccountId, quota: u64) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&verifier), Error::<T>::AlreadyVerifier);
		let bond = VerifierApplications::<T>::take(&verifier).ok_or(Error::<T>::NoApplication)?;
		let slot = VerifierCount::<T>::get();
		Verifiers::<T>::insert(
			&verifier,
			Verifier { bond, quota, slashed: Zero::zero(), slashes: 0, slot },
		);
		VerifierSlots::<T>::insert(slot, &verifier);
		VerifierCount::<T>::put(slot.saturating_add(1));
		Self::deposit_event(Event::VerifierAdmitted { verifier, quota, bond });
		Ok(())
	}

	/// Removes `verifier` and releases what is left of its bond; its recorded attestations
	/// stay. Fails with `NotVerifier`.
	pub(crate) fn do_remove_verifier(verifier: T::AccountId) -> DispatchResult {
		let v = Verifiers::<T>::take(&verifier).ok_or(Error::<T>::NotVerifier)?;
		T::Currency::release(
			&HoldReason::VerifierBond.into(),
			&verifier,
			v.bond,
			Precision::BestEffort,
		)?;
		// The verifier in the last slot takes the freed one, so slots stay `0..count`.
		let last = VerifierCount::<T>::get().saturating_sub(1);
		if let Some(moved) = VerifierSlots::<T>::take(last) {
			if moved != verifier {
				Verifiers::<T>::mutate(&moved, |m| {
					if let Some(m) = m {
						m.slot = v.slot;
					}
				});
				VerifierSlots::<T>::insert(v.slot, moved);
			}
		}
		VerifierCount::<T>::put(last);
		Self::deposit_event(Event::VerifierRemoved { verifier });
		Ok(())
	}

	/// Slashes `VerifierSlash` of `verifier`'s bond for its attestation of `device` in
	/// `epoch` (`VerifierSlashed`): `DisputerShare` of it to `reporter` if there is one (the
	/// disputer whose dispute blamed the verifiers), the rest to the treasury; returns the
	/// amount moved. Nothing for an account that is no longer a verifier (removal released
	/// its bond).
	pub(crate) fn slash_verifier(
		verifier: &T::AccountId,
		device: &PublicKey,
		epoch: EpochIndex,
		reporter: Option<&T::AccountId>,
	) -> BalanceOf<T> {
		let Some(mut v) = Verifiers::<T>::get(verifier) else { return Zero::zero() };
		let amount = T::VerifierSlash::get() * v.bond;
		let slash = |to: &T::AccountId, amount: BalanceOf<T>| {
			T::Currency::transfer_on_hold(
				&HoldReason::VerifierBond.into(),
				verifier,
				to,
				amount,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_else(|_| Zero::zero())
		};
		let to_reporter = match reporter {
			Some(reporter) => slash(reporter, T::DisputerShare::get() * amount),
			None => Zero::zero(),
		};
		let moved = to_reporter
			.saturating_add(slash(&T::Treasury::get(), amount.saturating_sub(to_reporter)));
		v.bond = v.bond.saturating_sub(moved);
		v.slashed = v.slashed.saturating_add(moved);
		v.slashes = v.slashes.saturating_add(1);
		Verifiers::<T>::insert(verifier, v);
		Self::deposit_event(Event::VerifierSlashed {
			verifier: verifier.clone(),
			device: *device,
			epoch,
			amount: moved,
		});
		moved
	}

	/// The verifiers assigned to attest `device` in `epoch`, by slot: `None` if every verifier
	/// may (the epoch has no committee base, or no more verifiers than the quorum). Otherwise
	/// `payload::committee` over the epoch's seed and verifier slots, of the current quorum's
	/// size: a colluding group holds a device's whole committee only with the odds of
	/// drawing it, and cannot choose the devices it is drawn for.
	pub fn committee(epoch: EpochIndex, device: &PublicKey) -> Option<Vec<u32>> {
		let base = CommitteeBases::<T>::get(epoch)?;
		let size = AttestationQuorum::<T>::get();
		if base.verifiers <= size {
			return None;
		}
		let seed = Seeds::<T>::get(epoch)?;
		Some(depin_primitives::payload::committee(&seed, epoch, device, base.verifiers, size))
	}

	/// Whether `verifier` (in `slot`) may attest `device` in `epoch`: `Ok` if it is on the
	/// device's committee and the device registered at least `AssignmentLookahead` blocks
	/// before the epoch started (genesis devices always did). `index` names the batch item.
	/// Returns how many attestations record the device's work: a majority of its committee
	/// (so members that withhold theirs cannot block it while they are a minority), or the
	/// quorum when every verifier may attest.
	pub(crate) fn ensure_assigned(
		slot: u32,
		epoch: EpochIndex,
		device: &PublicKey,
		index: u8,
	) -> Result<usize, Error<T>> {
		let Some(slots) = Self::committee(epoch, device) else {
			return Ok(AttestationQuorum::<T>::get() as usize);
		};
		if let (Some(at), Some(base)) =
			(T::Devices::registered_at(device), CommitteeBases::<T>::get(epoch))
		{
			let lookahead: u64 = T::AssignmentLookahead::get().saturated_into();
			ensure!(
				at.saturating_add(lookahead) < base.start.saturated_into::<u64>(),
				Error::<T>::DeviceTooNew { index }
			);
		}
		ensure!(slots.contains(&slot), Error::<T>::NotAssigned { index });
		Ok(slots.len() / 2 + 1)
	}
}
