//! Witnessed work: challenges and beacons. A device is challenged in an epoch iff a hash of
//! the epoch's seed, the epoch and the device falls below the threshold of the challenge rate
//! (nothing per device is stored). A challenged device's beacon counts with the signed
//! receipts of nearby witness devices of other owners; the beaconer earns one unit per
//! witness and each witness one unit, clipped at their class caps (the witnesses did nothing
//! wrong).

use alloc::vec::Vec;
use depin_primitives::{h3, DeviceInspect, ProofKind, PublicKey};
use frame_support::{ensure, pallet_prelude::*};
use sp_core::H256;
use sp_runtime::{traits::Zero, PerThing, Perbill};

use super::item;
use crate::{pallet::*, EpochIndex, WitnessReceipt};

impl<T: Config> Pallet<T> {
	/// The bytes a witness device signs for the beacon of `beaconer` in `epoch`.
	pub fn witness_payload(beaconer: &PublicKey, epoch: EpochIndex, challenge: &H256) -> Vec<u8> {
		crate::payload::witness(&crate::payload::genesis_hash::<T>(), beaconer, epoch, challenge)
	}

	/// The challenge of `device` in `epoch`: `blake2_256(CHALLENGE_TAG, seed, epoch, device)`,
	/// or `None` if the epoch's seed is not stored (the epoch closed or has not started).
	pub fn challenge(epoch: EpochIndex, device: &PublicKey) -> Option<H256> {
		let seed = Seeds::<T>::get(epoch)?;
		Some(crate::payload::challenge(&seed, epoch, device))
	}

	/// Whether `challenge` is below the threshold of `rate`: its first eight bytes, read as a
	/// big-endian integer `v`, satisfy `v / 2^64 < rate`, computed exactly in integers.
	pub fn challenged_at(challenge: &H256, rate: Perbill) -> bool {
		let first = challenge.0.first_chunk::<8>().copied().unwrap_or([u8::MAX; 8]);
		let v = u128::from(u64::from_be_bytes(first));
		v.saturating_mul(u128::from(Perbill::ACCURACY)) < u128::from(rate.deconstruct()) << 64
	}

	/// Whether `device` is challenged in `epoch` at the current challenge rate.
	pub fn is_challenged(epoch: EpochIndex, device: &PublicKey) -> bool {
		Self::challenge(epoch, device)
			.is_some_and(|c| Self::challenged_at(&c, ChallengeRate::<T>::get()))
	}

	/// Counts the beacon of `beaconer` in `epoch` with its witnesses' receipts, all or nothing
	/// (see the `submit_beacon` call for the checks and errors).
	pub(crate) fn do_submit_beacon(
		beaconer: PublicKey,
		epoch: EpochIndex,
		witnesses: BoundedVec<WitnessReceipt, T::MaxWitnesses>,
	) -> DispatchResult {
		Self::check_epoch(epoch)?;
		let beacon_device =
			T::Devices::device(&beaconer).ok_or(Error::<T>::UnknownDevice { index: 0 })?;
		ensure!(beacon_device.active, Error::<T>::DeviceNotActive { index: 0 });
		let class = beacon_device.params;
		ensure!(class.proof == ProofKind::Witnessed, Error::<T>::WrongProofKind { index: 0 });
		let challenge = Self::challenge(epoch, &beaconer).ok_or(Error::<T>::EpochTooOld)?;
		ensure!(
			Self::challenged_at(&challenge, ChallengeRate::<T>::get()),
			Error::<T>::NotChallenged
		);
		ensure!(!Beacons::<T>::contains_key(epoch, beaconer), Error::<T>::DuplicateBeacon);
		let rules = class.witness;
		ensure!(witnesses.len() >= rules.min_witnesses as usize, Error::<T>::TooFewWitnesses);
		ensure!(witnesses.len() <= rules.max_witnesses as usize, Error::<T>::TooManyWitnesses);
		let (owner, location) = (beacon_device.owner, beacon_device.location);
		let payload = Self::witness_payload(&beaconer, epoch, &challenge);

		let mut caps = Vec::with_capacity(witnesses.len());
		for (i, w) in witnesses.iter().enumerate() {
			let index = item(i);
			let witness = T::Devices::device(&w.witness)
				.filter(|v| v.params.proof == ProofKind::Witnessed && v.active)
				.ok_or(Error::<T>::WitnessNotEligible { index })?;
			ensure!(
				!witnesses.iter().take(i).any(|earlier| earlier.witness == w.witness),
				Error::<T>::DuplicateWitness { index }
			);
			ensure!(witness.owner != owner, Error::<T>::WitnessSameOwner { index });
			let in_band = match (location, witness.location) {
				(Some(a), Some(b)) => {
					h3::in_proximity_band(a, b, rules.near_resolution, rules.far_resolution)
				}
				_ => false,
			};
			ensure!(in_band, Error::<T>::WitnessOutOfBand { index });
			ensure!(
				w.witness.verify(&payload, &w.signature),
				Error::<T>::BadWitnessSignature { index }
			);
			caps.push(witness.params.units_cap);
		}

		Beacons::<T>::insert(epoch, beaconer, ());
		let count = witnesses.len() as u64;
		let units = Self::add_units(
			epoch,
			&beaconer,
			ProofKind::Witnessed,
			count,
			Zero::zero(),
			class.units_cap,
		);
		for (w, cap) in witnesses.iter().zip(caps) {
			Self::add_units(epoch, &w.witness, ProofKind::Witnessed, 1, Zero::zero(), cap);
		}
		Self::deposit_event(Event::BeaconRecorded {
			beaconer,
			epoch,
			witnesses: count as u32,
			units,
		});
		Ok(())
	}
}
