//! Witnessed work: challenges and beacons. A device is challenged in an epoch iff a hash of
//! the epoch's seed, the epoch and the device falls below the threshold of the challenge rate
//! (nothing per device is stored). A challenged device's beacon counts with the signed
//! receipts of nearby witness devices of other owners; the beaconer and each witness earn
//! units as below, clipped at their class caps (the witnesses did nothing wrong).
//!
//! A beacon earns its beaconer **one unit** (once, whatever its number of witnesses), and each
//! witness one unit worth `1 ÷ max_witnesses` of a full share, so a beacon's witnesses together
//! earn at most what the beaconer does, and a witness's unit is scaled by the beaconer's occupancy
//! as well as its own (HIP-17 scales witness rewards by the transmitter's density). A dense ring
//! of sybils in one cell, whose beacons have many witnesses, therefore earns at most about 6 %
//! more than two honest devices there would (with per-witness beaconer units, its reward grew
//! with its size). Each unit is worth shares
//! scaled by the device's occupancy (HIP-17 style, see the registry). Witnesses count for rewards only if they are reciprocal (HIP-106 style): a
//! witness earns, and adds a unit to the beaconer, only if it has itself beaconed within
//! `ReciprocityWindow` epochs; the beaconer earns only if it has itself witnessed within the
//! window. Non-reciprocal witnesses are still recorded (the beacon counts them towards its
//! minimum and maximum), so reciprocity can build up from nothing when a network starts.
//!
//! A beacon's witness set is additive: any later submission for the same (epoch, beaconer)
//! adds new distinct witnesses up to the class maximum and credits only the increase, so
//! whoever submits first (a front-runner with one witness) does not fix the set. Every
//! submission carries the beaconer's own signature of its beacon (the same for every
//! submission of the epoch, so anyone may add witnesses once the device has beaconed, but no
//! one can start a beacon for a device that did not). Submissions are authorized general
//! transactions: the signatures they carry are their authorization, checked once by [`Pallet::validate_beacon`] in the pool and again right
//! before dispatch.

use alloc::vec::Vec;
use depin_primitives::{h3, DeviceInspect, ProofKind, PublicKey, RawSignature, SignatureWeights};
use frame_support::{ensure, pallet_prelude::*};
use sp_core::H256;
use sp_runtime::{traits::Zero, PerThing, Perbill};

use super::{item, records::Earner};
use crate::{pallet::*, EpochIndex, WeightInfo, WitnessReceipt};

impl<T: Config> Pallet<T> {
	/// The bytes a witness device signs for the beacon of `beaconer` in `epoch`.
	pub fn witness_payload(beaconer: &PublicKey, epoch: EpochIndex, challenge: &H256) -> Vec<u8> {
		crate::payload::witness(&crate::payload::genesis_hash::<T>(), beaconer, epoch, challenge)
	}

	/// The bytes the challenged device `beaconer` signs to claim its beacon in `epoch`.
	pub fn beacon_payload(beaconer: &PublicKey, epoch: EpochIndex, challenge: &H256) -> Vec<u8> {
		crate::payload::beacon(&crate::payload::genesis_hash::<T>(), beaconer, epoch, challenge)
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

	/// Checks a beacon submission against the state and, if `verify` is set, the beaconer's
	/// signature and the signatures of the witnesses it adds; returns what counting it would
	/// do. Writes nothing. Witnesses
	/// already counted for this beacon are skipped; new ones are added in order while the
	/// beacon has room (the class's `max_witnesses`, at most `MaxWitnesses`). With the
	/// reciprocity rule on, a non-reciprocal witness is added only while the beacon has fewer
	/// than the class's `min_witnesses`, and skipped otherwise. Errors: see the `submit_beacon`
	/// call.
	pub(crate) fn validate_beacon(
		beaconer: &PublicKey,
		epoch: EpochIndex,
		witnesses: &[WitnessReceipt],
		beaconer_signature: &RawSignature,
		verify: bool,
	) -> Result<BeaconPlan<T::AccountId>, Error<T>> {
		Self::check_epoch(epoch)?;
		let beacon_device =
			T::Devices::device(beaconer).ok_or(Error::<T>::UnknownDevice { index: 0 })?;
		ensure!(beacon_device.active, Error::<T>::DeviceNotActive { index: 0 });
		let class = beacon_device.params.clone();
		ensure!(class.proof == ProofKind::Witnessed, Error::<T>::WrongProofKind { index: 0 });
		let challenge = Self::challenge(epoch, beaconer).ok_or(Error::<T>::EpochTooOld)?;
		ensure!(
			Self::challenged_at(&challenge, ChallengeRate::<T>::get()),
			Error::<T>::NotChallenged
		);
		let rules = class.witness;
		let max = usize::from(rules.max_witnesses).min(T::MaxWitnesses::get() as usize);
		ensure!(witnesses.len() <= max, Error::<T>::TooManyWitnesses);
		let counted = Beacons::<T>::get(epoch, beaconer);
		let room = max.saturating_sub(counted.len());
		ensure!(room > 0, Error::<T>::BeaconFull);
		// Only the device itself claims its beacon (checked after the cheap checks): without
		// this, anyone with witnesses in the band could give a stranger's device work records,
		// and with them dispute exposure and the lock that keeps disputable devices from
		// changing hands.
		ensure!(
			!verify
				|| beaconer
					.verify(&Self::beacon_payload(beaconer, epoch, &challenge), beaconer_signature),
			Error::<T>::BadBeaconerSignature
		);
		let (owner, location) = (beacon_device.owner.clone(), beacon_device.location);
		let beacon_scale = T::Devices::occupancy_scale(beaconer, &beacon_device);
		let payload = verify.then(|| Self::witness_payload(beaconer, epoch, &challenge));
		let window = ReciprocityWindow::<T>::get();
		// Activity is read only when the rule is on.
		let recent =
			|last: Option<EpochIndex>| last.is_some_and(|e| e.saturating_add(window) >= epoch);

		let mut added = Vec::new();
		for (i, w) in witnesses.iter().enumerate() {
			let index = item(i);
			ensure!(
				!witnesses.iter().take(i).any(|earlier| earlier.witness == w.witness),
				Error::<T>::DuplicateWitness { index }
			);
			if counted.contains(&w.witness) || added.len() == room {
				continue;
			}
			let witness = T::Devices::device(&w.witness)
				.filter(|v| v.params.proof == ProofKind::Witnessed && v.active)
				.ok_or(Error::<T>::WitnessNotEligible { index })?;
			ensure!(witness.owner != owner, Error::<T>::WitnessSameOwner { index });
			let in_band = match (location, witness.location) {
				(Some(a), Some(b)) => {
					h3::in_proximity_band(a, b, rules.near_resolution, rules.far_resolution)
				}
				_ => false,
			};
			ensure!(in_band, Error::<T>::WitnessOutOfBand { index });
			let reciprocal = window == 0 || recent(T::Devices::activity(&w.witness).last_beaconed);
			// A witness that earns nothing may take only the slots a beacon needs to count at
			// all (`min_witnesses`: how a new pair bootstraps reciprocity); beyond them it is
			// skipped, so witnesses that never beacon cannot fill the beacon before the
			// reciprocal ones that earn. The skip comes before the signature check: a witness
			// that changes nothing costs no verification (a P-256 one is ~2 ms), so old public
			// receipts cannot be replayed to make the pool verify them for free.
			if !reciprocal
				&& counted.len().saturating_add(added.len()) >= usize::from(rules.min_witnesses)
			{
				continue;
			}
			if let Some(payload) = &payload {
				ensure!(
					w.witness.verify(payload, &w.signature),
					Error::<T>::BadWitnessSignature { index }
				);
			}
			// A witness's unit is worth `1 ÷ max_witnesses` of a full share, scaled by its own
			// occupancy and by the beaconer's (HIP-17 scales witness rewards by the transmitter's
			// density): a beacon's witnesses together earn at most what its beaconer does, and
			// the many witnesses of a crowded cell are worth little.
			let scale = u64::from(T::Devices::occupancy_scale(&w.witness, &witness))
				.saturating_mul(u64::from(beacon_scale))
				/ depin_primitives::SHARE_PARTS as u64
				/ u64::from(rules.max_witnesses.max(1));
			let scale = u32::try_from(scale).unwrap_or(u32::MAX);
			added.push((Earner::new(w.witness, &witness, scale), reciprocal));
		}
		ensure!(!added.is_empty(), Error::<T>::NoNewWitnesses);
		let total = counted.len().saturating_add(added.len());
		ensure!(total >= usize::from(rules.min_witnesses), Error::<T>::TooFewWitnesses);
		let reciprocal = window == 0 || recent(T::Devices::activity(beaconer).last_witnessed);
		Ok(BeaconPlan {
			added,
			total: total as u32,
			beaconer: Earner::new(*beaconer, &beacon_device, beacon_scale),
			reciprocal,
		})
	}

	/// What the authorization of a beacon submission weighs: its benchmark (sr25519 devices)
	/// and one P-256 check for the beaconer and each witness that is a P-256 device.
	pub fn authorize_beacon_weight(beaconer: &PublicKey, witnesses: &[WitnessReceipt]) -> Weight {
		let p256 = witnesses.iter().filter(|w| w.witness.is_p256()).count() as u64
			+ u64::from(beaconer.is_p256());
		T::WeightInfo::authorize_submit_beacon(witnesses.len() as u32)
			.saturating_add(T::SignatureWeights::verify_p256().saturating_mul(p256))
	}

	/// The weight `submit_beacon` declares for `w` witnesses: the whole submission's minus its
	/// authorization's (see [`Self::settle_usage_weight`]).
	pub fn submit_beacon_weight(w: u32) -> Weight {
		T::WeightInfo::submit_beacon(w).saturating_sub(T::WeightInfo::authorize_submit_beacon(w))
	}

	/// Counts the witnesses that a submission adds to the beacon of `beaconer` in `epoch`,
	/// after [`Self::validate_beacon`] accepted it with its signatures (the call's
	/// authorization, run in the same block right before).
	pub(crate) fn do_submit_beacon(
		beaconer: PublicKey,
		epoch: EpochIndex,
		witnesses: BoundedVec<WitnessReceipt, T::MaxWitnesses>,
		beaconer_signature: RawSignature,
	) -> DispatchResult {
		let plan = Self::validate_beacon(&beaconer, epoch, &witnesses, &beaconer_signature, false)?;
		Beacons::<T>::try_mutate(epoch, beaconer, |counted| {
			counted.try_extend(plan.added.iter().map(|(w, _)| w.device))
		})
		.map_err(|_| Error::<T>::TooManyWitnesses)?;
		// The beaconer earns one unit per beacon, once it counts a reciprocal witness (and the
		// beaconer is reciprocal itself); its record exists even when it earns nothing, so the
		// beacon can be disputed like any recorded work.
		let rewarded = plan.added.iter().any(|(_, reciprocal)| *reciprocal);
		let pays = plan.reciprocal && rewarded && !BeaconPaid::<T>::contains_key(epoch, beaconer);
		if pays {
			BeaconPaid::<T>::insert(epoch, beaconer, ());
		}
		let units = Self::add_units(
			epoch,
			&plan.beaconer,
			ProofKind::Witnessed,
			u64::from(pays),
			Zero::zero(),
		);
		T::Devices::note_beaconed(&beaconer, epoch);
		for (witness, reciprocal) in &plan.added {
			if *reciprocal {
				Self::add_units(epoch, witness, ProofKind::Witnessed, 1, Zero::zero());
			}
			T::Devices::note_witnessed(&witness.device, epoch);
		}
		Self::deposit_event(Event::BeaconRecorded {
			beaconer,
			epoch,
			witnesses: plan.added.len() as u32,
			total: plan.total,
			units,
		});
		Ok(())
	}

	/// The pool validity of a beacon submission: it passes [`Self::validate_beacon`] with the
	/// beaconer's signature and the signatures of the witnesses it adds; it provides one tag per added witness (so of two
	/// submissions adding the same witness the pool keeps one); its priority is that of an
	/// untipped signed transaction of the same weight times the number of witnesses it adds
	/// (so of two conflicting submissions the one adding more wins, although it weighs more);
	/// it lives until the epoch's submission grace ends.
	pub(crate) fn authorize_beacon(
		beaconer: &PublicKey,
		epoch: EpochIndex,
		witnesses: &[WitnessReceipt],
		beaconer_signature: &RawSignature,
	) -> TransactionValidityWithRefund {
		let plan = Self::validate_beacon(beaconer, epoch, witnesses, beaconer_signature, true)
			.map_err(Self::invalid)?;
		// The whole weight, P-256 checks included (as for settlements).
		let weight = Self::submit_beacon_weight(witnesses.len() as u32)
			.saturating_add(Self::authorize_beacon_weight(beaconer, witnesses));
		let priority = Self::untipped_priority(weight).saturating_mul(plan.added.len() as u64);
		let mut validity = ValidTransaction::with_tag_prefix("DepinBeacon")
			.priority(priority)
			.longevity(Self::blocks_left(epoch));
		for (witness, _) in &plan.added {
			validity = validity.and_provides((epoch, beaconer, witness.device));
		}
		Ok((validity.build()?, Weight::zero()))
	}
}

/// What counting a beacon submission does.
pub(crate) struct BeaconPlan<AccountId> {
	/// The witnesses it adds, each with whether it is reciprocal (earns, and earns the
	/// beaconer a unit).
	pub added: Vec<(Earner<AccountId>, bool)>,
	/// Witnesses counted for the beacon after it.
	pub total: u32,
	/// The beaconer.
	pub beaconer: Earner<AccountId>,
	/// Whether the beaconer is reciprocal (earns for its reciprocal witnesses).
	pub reciprocal: bool,
}
