//! The storage invariants of the work pallet, checked by `try_state` (try-runtime), after
//! every unit test and by the runtime's tests and fuzz harness.

use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::traits::{Saturating, Zero};

use crate::{pallet::*, EpochIndex, EpochTotals, ProofKind};

impl<T: Config> Pallet<T> {
	/// The pallet's invariants:
	///
	/// - each epoch's totals equal the sums over its devices' work not voided (units and
	///   shares per proof kind, credits) and the number of its work records, so no voucher,
	///   witness or attestation is counted twice and voided work counts for nothing;
	/// - every counted beacon has its work recorded; pending attestation lists name distinct
	///   verifiers, stay below the quorum and belong to devices without work in the epoch;
	/// - each verifier's held bond equals its recorded bond (an applicant's, its application's),
	///   and the verifier count matches; verifier slots are exactly `0..count`, each naming the
	///   verifier that records it; attesters are distinct and of attested work;
	/// - each disputer's held dispute bonds equal the bonds of their open disputes; open
	///   disputes, their per-work index (no empty or repeated entries) and their deadlines
	///   agree, and no deadline is behind the cursor that times them out;
	/// - the reciprocity window is within its bound;
	/// - the closing epoch, if any, is the one before the current one.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut sums: BTreeMap<EpochIndex, EpochTotals<BalanceOf<T>>> = BTreeMap::new();
		for (epoch, _, work) in WorkRecords::<T>::iter() {
			let t = sums.entry(epoch).or_default();
			if work.voided {
				super::records::add_to_totals(t, work.kind, 0, 0, Zero::zero(), true);
			} else {
				let (units, shares, credits) = (work.units, work.shares, work.credits);
				super::records::add_to_totals(t, work.kind, units, shares, credits, true);
			}
		}
		// An expired epoch may be half removed by the background clean-up.
		sums.retain(|epoch, _| !Self::expired(*epoch));
		for (epoch, totals) in Totals::<T>::iter().filter(|(e, _)| !Self::expired(*e)) {
			ensure!(
				sums.remove(&epoch).unwrap_or_default() == totals,
				"epoch totals differ from the sum of device work"
			);
		}
		ensure!(sums.is_empty(), "device work without epoch totals");

		for (epoch, device, witnesses) in
			Beacons::<T>::iter().filter(|(e, _, _)| !Self::expired(*e))
		{
			ensure!(WorkRecords::<T>::contains_key(epoch, device), "beacon without recorded work");
			ensure!(!witnesses.is_empty(), "a beacon counted without witnesses");
			for (i, w) in witnesses.iter().enumerate() {
				ensure!(!witnesses.iter().take(i).any(|e| e == w), "a witness counted twice");
				ensure!(*w != device, "a beaconer witnessed itself");
			}
		}
		for (epoch, (_, device), _) in Settled::<T>::iter() {
			ensure!(
				WorkRecords::<T>::contains_key(epoch, device) || Self::expired(epoch),
				"settled usage without a work record"
			);
		}
		let quorum = AttestationQuorum::<T>::get() as usize;
		for (epoch, device, list) in Attestations::<T>::iter() {
			ensure!(list.len() < quorum.max(1), "attestations at quorum left pending");
			ensure!(
				!WorkRecords::<T>::contains_key(epoch, device),
				"pending attestations of attested work"
			);
			for (i, (who, _)) in list.iter().enumerate() {
				ensure!(
					!list.iter().take(i).any(|(earlier, _)| earlier == who),
					"a verifier attested a device twice"
				);
			}
		}

		let mut verifiers = 0u32;
		for (who, v) in Verifiers::<T>::iter() {
			verifiers.saturating_inc();
			ensure!(
				!VerifierApplications::<T>::contains_key(&who),
				"a verifier with a pending application"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::VerifierBond.into(), &who) == v.bond,
				"verifier bond not on hold"
			);
			ensure!(
				VerifierSlots::<T>::get(v.slot).as_ref() == Some(&who),
				"a verifier's slot names another account"
			);
		}
		ensure!(verifiers == VerifierCount::<T>::get(), "verifier count mismatch");
		ensure!(
			VerifierSlots::<T>::iter_keys().count() as u32 == verifiers
				&& VerifierSlots::<T>::iter_keys().all(|slot| slot < verifiers),
			"verifier slots are not 0..count"
		);
		for (epoch, _) in CommitteeBases::<T>::iter() {
			ensure!(Seeds::<T>::contains_key(epoch), "a committee base without its epoch's seed");
		}
		for (who, bond) in VerifierApplications::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::VerifierBond.into(), &who) == bond,
				"application bond not on hold"
			);
		}
		for (epoch, device, attesters) in Attesters::<T>::iter() {
			ensure!(
				WorkRecords::<T>::get(epoch, device).is_some_and(|w| w.kind == ProofKind::Attested),
				"attesters of a device without attested work"
			);
			for (i, who) in attesters.iter().enumerate() {
				ensure!(!attesters.iter().take(i).any(|e| e == who), "an attester listed twice");
			}
		}

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut disputes = 0usize;
		for (id, d) in Disputes::<T>::iter() {
			disputes += 1;
			ensure!(
				OpenDisputes::<T>::get(d.epoch, d.device).is_some_and(|ids| ids.contains(&id)),
				"dispute not indexed"
			);
			ensure!(
				DisputeDeadlines::<T>::contains_key(d.deadline, id),
				"dispute without deadline"
			);
			ensure!(d.deadline >= DeadlineCursor::<T>::get(), "a deadline behind the cursor");
			ensure!(id < NextDisputeId::<T>::get(), "dispute id above the next id");
			let b = bonds.entry(d.disputer.clone()).or_insert_with(Zero::zero);
			*b = b.saturating_add(d.bond);
		}
		let mut indexed = 0usize;
		for (_, _, ids) in OpenDisputes::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty open-dispute index is stored");
			for (i, id) in ids.iter().enumerate() {
				ensure!(!ids.iter().take(i).any(|e| e == id), "a dispute indexed twice");
			}
			indexed += ids.len();
		}
		ensure!(indexed == disputes, "stale open-dispute index");
		ensure!(DisputeDeadlines::<T>::iter().count() == disputes, "stale dispute deadline");
		for (who, total) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who) == total,
				"dispute bonds not on hold"
			);
		}

		ensure!(
			Self::leaves_time_for_verdict(
				Self::shortest_live_dispute_timeout(),
				Self::shortest_epoch_length()
			),
			"disputes may time out before governance can decide them"
		);
		ensure!(
			ReciprocityWindow::<T>::get() <= T::MaxReciprocityWindow::get(),
			"reciprocity window above its bound"
		);
		if let Some((closing, _)) = Closing::<T>::get() {
			ensure!(
				closing.saturating_add(1) == CurrentEpoch::<T>::get(),
				"closing epoch is stale"
			);
		}
		Ok(())
	}
}
