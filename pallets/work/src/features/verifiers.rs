//! Verifiers: accounts admitted by `DeviceAdmin` to attest devices' work, each with a bond on
//! hold (`HoldReason::VerifierBond`) and a per-epoch quota of attested units.

use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::traits::Saturating;

use crate::{pallet::*, Verifier};

impl<T: Config> Pallet<T> {
	/// Admits `verifier` with `quota`, putting `VerifierBond` on hold from it. Fails with
	/// `AlreadyVerifier` or `CannotAffordBond`, changing nothing.
	pub(crate) fn do_admit_verifier(verifier: T::AccountId, quota: u64) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&verifier), Error::<T>::AlreadyVerifier);
		let bond = T::VerifierBond::get();
		T::Currency::hold(&HoldReason::VerifierBond.into(), &verifier, bond)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		Verifiers::<T>::insert(&verifier, Verifier { bond, quota });
		VerifierCount::<T>::mutate(|n| n.saturating_inc());
		Self::deposit_event(Event::VerifierAdmitted { verifier, quota, bond });
		Ok(())
	}

	/// Removes `verifier` and releases its bond; its recorded attestations stay. Fails with
	/// `NotVerifier`.
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
}
