//! Attested work: admitted verifiers submit measurements of attested-class devices. Each
//! verifier has a per-epoch quota of units it may attest; once enough verifiers attested (the
//! quorum, or a majority of the device's committee when one is drawn: see `verifiers.rs`)
//! a device in an epoch, its units are the lower median of their measurements, clipped at the
//! class cap, and the pending list is dropped. Each attestation farther from the median than
//! `AttestationTolerance × median` costs its verifier `VerifierSlash` of its bond; the
//! verifiers within tolerance are kept in `Attesters`, so an upheld dispute slashes them. A physical class's attested units are worth
//! shares scaled by the device's occupancy when the quorum is reached.

use alloc::vec::Vec;
use depin_primitives::{DeviceInspect, ProofKind};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Zero;

use super::{item, records::Earner};
use crate::{pallet::*, Attestation, EpochIndex, Verifier};

impl<T: Config> Pallet<T> {
	/// Records `verifier`'s batch of measurements in `epoch`, all or nothing (see the
	/// `submit_attestations` call for the checks and errors).
	pub(crate) fn do_submit_attestations(
		verifier: T::AccountId,
		epoch: EpochIndex,
		attestations: BoundedVec<Attestation, T::MaxAttestations>,
	) -> DispatchResult {
		let Verifier { quota, slot, bond, .. } =
			Verifiers::<T>::get(&verifier).ok_or(Error::<T>::NotVerifier)?;
		// A verifier's exposure is its bond: slashes may not wear it down to nothing while it
		// keeps attesting.
		ensure!(bond >= T::VerifierBond::get() / 2u32.into(), Error::<T>::VerifierBondDepleted);
		ensure!(!attestations.is_empty(), Error::<T>::EmptyBatch);
		Self::check_epoch(epoch)?;
		let count = attestations.len() as u32;
		let mut used = VerifierUsage::<T>::get(epoch, &verifier);
		for (i, a) in attestations.into_iter().enumerate() {
			let index = item(i);
			ensure!(a.units > 0, Error::<T>::ZeroUnits { index });
			let device =
				T::Devices::device(&a.device).ok_or(Error::<T>::UnknownDevice { index })?;
			ensure!(device.active, Error::<T>::DeviceNotActive { index });
			ensure!(
				device.params.proof == ProofKind::Attested,
				Error::<T>::WrongProofKind { index }
			);
			let needed = Self::ensure_assigned(slot, epoch, &a.device, index)?;
			// An attested device has work recorded only once it reached the quorum.
			ensure!(
				!WorkRecords::<T>::contains_key(epoch, a.device),
				Error::<T>::QuorumReached { index }
			);
			let mut list = Attestations::<T>::get(epoch, a.device);
			ensure!(
				!list.iter().any(|(who, _)| *who == verifier),
				Error::<T>::DuplicateAttestation { index }
			);
			used = used
				.checked_add(a.units)
				.filter(|total| *total <= quota)
				.ok_or(Error::<T>::VerifierQuotaExceeded { index })?;
			list.try_push((verifier.clone(), a.units))
				.map_err(|_| Error::<T>::QuorumReached { index })?;
			if list.len() >= needed {
				let median = lower_median(list.iter().map(|(_, units)| *units).collect());
				Attestations::<T>::remove(epoch, a.device);
				// Attestations outside the tolerance cost their verifiers part of their bond;
				// the others are kept, so an upheld dispute of the work can slash them.
				let allowed = AttestationTolerance::<T>::get().mul_floor(median);
				let mut attesters = BoundedVec::<T::AccountId, T::MaxQuorum>::new();
				for (who, units) in list.iter() {
					if units.abs_diff(median) > allowed {
						Self::slash_verifier(who, &a.device, epoch, None);
					} else {
						// At most the quorum's length, which `MaxQuorum` bounds.
						let _ = attesters.try_push(who.clone());
					}
				}
				Attesters::<T>::insert(epoch, a.device, attesters);
				let scale = T::Devices::occupancy_scale(&a.device, &device);
				let earner = Earner::new(a.device, &device, scale);
				let units =
					Self::add_units(epoch, &earner, ProofKind::Attested, median, Zero::zero());
				Self::deposit_event(Event::DeviceAttested { device: a.device, epoch, units });
			} else {
				Attestations::<T>::insert(epoch, a.device, list);
			}
		}
		VerifierUsage::<T>::insert(epoch, &verifier, used);
		Self::deposit_event(Event::AttestationsRecorded { verifier, epoch, count });
		Ok(())
	}
}

/// The lower median of `values` (the middle one, or the lower of the two middle ones); zero
/// for no values. One outlier among three verifiers cannot move it.
fn lower_median(mut values: Vec<u64>) -> u64 {
	values.sort_unstable();
	values.get(values.len().saturating_sub(1) / 2).copied().unwrap_or(0)
}
