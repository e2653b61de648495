//! Verifiers: accounts that attest devices' work, each with a bond on hold
//! (`HoldReason::VerifierBond`) and a per-epoch quota of attested units.
//!
//! Admission takes two steps, so nobody's funds are held without their consent: an account
//! applies and puts the bond on hold itself (`apply_verifier`), then `DeviceAdmin` admits it
//! with a quota (`admit_verifier`). A verifier loses `VerifierSlash` of its bond, to the
//! treasury, for each attestation outside the tolerance of its quorum's median and for each
//! attestation of work that an upheld dispute voided.

use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::traits::{Saturating, Zero};

use depin_primitives::PublicKey;

use crate::{pallet::*, EpochIndex, Verifier};

impl<T: Config> Pallet<T> {
	/// Puts `VerifierBond` on hold from `applicant` and records its application. Fails with
	/// `AlreadyVerifier`, `AlreadyApplied` or `CannotAffordBond`, changing nothing.
	pub(crate) fn do_apply_verifier(applicant: T::AccountId) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&applicant), Error::<T>::AlreadyVerifier);
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
		Verifiers::<T>::insert(
			&verifier,
			Verifier { bond, quota, slashed: Zero::zero(), slashes: 0 },
		);
		VerifierCount::<T>::mutate(|n| n.saturating_inc());
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
		VerifierCount::<T>::mutate(|n| n.saturating_dec());
		Self::deposit_event(Event::VerifierRemoved { verifier });
		Ok(())
	}

	/// Slashes `VerifierSlash` of `verifier`'s bond to the treasury for its attestation of
	/// `device` in `epoch` (`VerifierSlashed`); returns the amount moved. Nothing for an
	/// account that is no longer a verifier (removal released its bond).
	pub(crate) fn slash_verifier(
		verifier: &T::AccountId,
		device: &PublicKey,
		epoch: EpochIndex,
	) -> BalanceOf<T> {
		let Some(mut v) = Verifiers::<T>::get(verifier) else { return Zero::zero() };
		let amount = T::VerifierSlash::get() * v.bond;
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::VerifierBond.into(),
			verifier,
			&T::Treasury::get(),
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|_| Zero::zero());
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
}
