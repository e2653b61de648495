//! The work pallet's logic: the epoch clock, the `do_*` functions behind the calls, challenge
//! derivation, pruning, [`WorkInspect`] for the emissions pallet and the storage invariants.

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Randomness,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_devices::{h3, DeviceInspect, ProofKind, PublicKey};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Verify, Zero},
	ArithmeticError, PerThing, Perbill, SaturatedConversion,
};

use crate::{
	pallet::*, Attestation, CreditLedger, DeviceWork, Dispute, EpochIndex, EpochTotals,
	OnEpochClosed, Verifier, WeightInfo, WitnessReceipt, WorkInspect, CHALLENGE_TAG,
};

/// The position of a batch item as errors report it (batches hold at most 256 items).
fn item(index: usize) -> u8 {
	u8::try_from(index).unwrap_or(u8::MAX)
}

impl<T: Config> Pallet<T> {
	/// The genesis block hash, which every signed payload commits to.
	pub fn genesis_hash() -> T::Hash {
		frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero())
	}

	/// The bytes that both the device and the consumer sign for a usage receipt.
	pub fn usage_payload(
		device: &PublicKey,
		consumer: &T::AccountId,
		epoch: EpochIndex,
		units: u64,
		nonce: u64,
	) -> Vec<u8> {
		crate::payload::usage(&Self::genesis_hash(), device, consumer, epoch, units, nonce)
	}

	/// The bytes a witness device signs for the beacon of `beaconer` in `epoch`.
	pub fn witness_payload(beaconer: &PublicKey, epoch: EpochIndex, challenge: &H256) -> Vec<u8> {
		crate::payload::witness(&Self::genesis_hash(), beaconer, epoch, challenge)
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

	/// Starts `epoch` at block `start` with a fresh challenge seed.
	pub(crate) fn start_epoch(epoch: EpochIndex, start: BlockNumberFor<T>) {
		CurrentEpoch::<T>::put(epoch);
		EpochStart::<T>::put(start);
		let (seed, _) = T::Randomness::random(&(CHALLENGE_TAG, epoch).encode());
		Seeds::<T>::insert(epoch, seed);
		Self::deposit_event(Event::EpochStarted { epoch, start, length: EpochLength::<T>::get() });
	}

	/// The epoch clock, run at the start of every block: starts the next epoch at the
	/// boundary and closes the ended one when its grace is over. O(1).
	pub(crate) fn advance_clock(n: BlockNumberFor<T>) -> Weight {
		let mut weight = T::DbWeight::get().reads(3);
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
		let totals = Totals::<T>::get(epoch);
		let hook = T::OnEpochClosed::on_epoch_closed(epoch, &totals);
		let devices = totals.devices;
		Self::deposit_event(Event::EpochClosed { epoch, totals });
		T::WeightInfo::close_epoch(devices).saturating_add(hook)
	}

	/// Reports are accepted for the current epoch and for the ended one during its grace.
	fn check_epoch(epoch: EpochIndex) -> DispatchResult {
		ensure!(epoch <= CurrentEpoch::<T>::get(), Error::<T>::EpochInFuture);
		ensure!(
			epoch == CurrentEpoch::<T>::get()
				|| Closing::<T>::get().is_some_and(|(closing, _)| closing == epoch),
			Error::<T>::EpochTooOld
		);
		Ok(())
	}

	/// Credits up to `units` to `device` in `epoch` (clipped at `cap`) and `credits` spent;
	/// returns the units credited.
	fn add_units(
		epoch: EpochIndex,
		device: &PublicKey,
		kind: ProofKind,
		units: u64,
		credits: BalanceOf<T>,
		cap: u64,
	) -> u64 {
		let mut new_device = false;
		let credited = WorkRecords::<T>::mutate(epoch, device, |work| {
			let work = work.get_or_insert_with(|| {
				new_device = true;
				DeviceWork { kind, units: 0, credits: Zero::zero(), voided: false }
			});
			let credited = units.min(cap.saturating_sub(work.units));
			work.units = work.units.saturating_add(credited);
			work.credits = work.credits.saturating_add(credits);
			credited
		});
		Totals::<T>::mutate(epoch, |totals| {
			let kind_units = totals.units_mut(kind);
			*kind_units = kind_units.saturating_add(credited);
			totals.credits = totals.credits.saturating_add(credits);
			if new_device {
				totals.devices = totals.devices.saturating_add(1);
			}
		});
		credited
	}

	pub(crate) fn do_submit_usage(
		epoch: EpochIndex,
		receipts: BoundedVec<UsageReceiptOf<T>, T::MaxReceipts>,
	) -> DispatchResult {
		ensure!(!receipts.is_empty(), Error::<T>::EmptyBatch);
		Self::check_epoch(epoch)?;
		let count = receipts.len() as u32;
		let (mut units, mut credits) = (0u64, BalanceOf::<T>::zero());
		for (i, r) in receipts.into_iter().enumerate() {
			let index = item(i);
			ensure!(r.units > 0, Error::<T>::ZeroUnits { index });
			let (_, class) =
				T::Devices::class_of(&r.device).ok_or(Error::<T>::UnknownDevice { index })?;
			ensure!(T::Devices::is_active(&r.device), Error::<T>::DeviceNotActive { index });
			ensure!(class.proof == ProofKind::Usage, Error::<T>::WrongProofKind { index });
			let payload = Self::usage_payload(&r.device, &r.consumer, epoch, r.units, r.nonce);
			ensure!(
				r.device.verify(&payload, &r.device_signature),
				Error::<T>::BadDeviceSignature { index }
			);
			ensure!(
				r.consumer_signature.verify(payload.as_slice(), &r.consumer),
				Error::<T>::BadConsumerSignature { index }
			);
			if let Some(last) = ConsumerNonces::<T>::get(&r.consumer, r.device) {
				ensure!(r.nonce != last, Error::<T>::ReceiptReplayed { index });
				ensure!(r.nonce > last, Error::<T>::NonceNotIncreasing { index });
			}
			let used = WorkRecords::<T>::get(epoch, r.device).map_or(0, |w| w.units);
			ensure!(
				used.checked_add(r.units).is_some_and(|total| total <= class.units_cap),
				Error::<T>::UnitsCapExceeded { index }
			);
			let cost = class.unit_price.saturating_mul(r.units.saturated_into());
			T::Credits::debit(&r.consumer, cost)
				.map_err(|_| Error::<T>::InsufficientCredits { index })?;
			ConsumerNonces::<T>::insert(&r.consumer, r.device, r.nonce);
			Self::add_units(epoch, &r.device, ProofKind::Usage, r.units, cost, class.units_cap);
			units = units.saturating_add(r.units);
			credits = credits.saturating_add(cost);
		}
		Self::deposit_event(Event::UsageRecorded { epoch, receipts: count, units, credits });
		Ok(())
	}

	pub(crate) fn do_submit_beacon(
		beaconer: PublicKey,
		epoch: EpochIndex,
		witnesses: BoundedVec<WitnessReceipt, T::MaxWitnesses>,
	) -> DispatchResult {
		Self::check_epoch(epoch)?;
		let (_, class) =
			T::Devices::class_of(&beaconer).ok_or(Error::<T>::UnknownDevice { index: 0 })?;
		ensure!(T::Devices::is_active(&beaconer), Error::<T>::DeviceNotActive { index: 0 });
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
		let owner = T::Devices::owner(&beaconer).ok_or(Error::<T>::UnknownDevice { index: 0 })?;
		let location = T::Devices::location(&beaconer);
		let payload = Self::witness_payload(&beaconer, epoch, &challenge);

		let mut caps = Vec::with_capacity(witnesses.len());
		for (i, w) in witnesses.iter().enumerate() {
			let index = item(i);
			let eligible = T::Devices::class_of(&w.witness)
				.filter(|(_, c)| c.proof == ProofKind::Witnessed)
				.filter(|_| T::Devices::is_active(&w.witness));
			let (_, witness_class) = eligible.ok_or(Error::<T>::WitnessNotEligible { index })?;
			ensure!(
				!witnesses.iter().take(i).any(|earlier| earlier.witness == w.witness),
				Error::<T>::DuplicateWitness { index }
			);
			ensure!(
				T::Devices::owner(&w.witness).as_ref() != Some(&owner),
				Error::<T>::WitnessSameOwner { index }
			);
			let in_band = match (location, T::Devices::location(&w.witness)) {
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
			caps.push(witness_class.units_cap);
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

	pub(crate) fn do_submit_attestations(
		verifier: T::AccountId,
		epoch: EpochIndex,
		attestations: BoundedVec<Attestation, T::MaxAttestations>,
	) -> DispatchResult {
		let quota = Verifiers::<T>::get(&verifier).ok_or(Error::<T>::NotVerifier)?.quota;
		ensure!(!attestations.is_empty(), Error::<T>::EmptyBatch);
		Self::check_epoch(epoch)?;
		let quorum = AttestationQuorum::<T>::get() as usize;
		let count = attestations.len() as u32;
		let mut used = VerifierUsage::<T>::get(epoch, &verifier);
		for (i, a) in attestations.into_iter().enumerate() {
			let index = item(i);
			ensure!(a.units > 0, Error::<T>::ZeroUnits { index });
			let (_, class) =
				T::Devices::class_of(&a.device).ok_or(Error::<T>::UnknownDevice { index })?;
			ensure!(T::Devices::is_active(&a.device), Error::<T>::DeviceNotActive { index });
			ensure!(class.proof == ProofKind::Attested, Error::<T>::WrongProofKind { index });
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
			if list.len() >= quorum {
				let mut values: Vec<u64> = list.iter().map(|(_, units)| *units).collect();
				values.sort_unstable();
				let median = values.get(values.len().saturating_sub(1) / 2).copied().unwrap_or(0);
				Attestations::<T>::remove(epoch, a.device);
				let units = Self::add_units(
					epoch,
					&a.device,
					ProofKind::Attested,
					median,
					Zero::zero(),
					class.units_cap,
				);
				Self::deposit_event(Event::DeviceAttested { device: a.device, epoch, units });
			} else {
				Attestations::<T>::insert(epoch, a.device, list);
			}
		}
		VerifierUsage::<T>::insert(epoch, &verifier, used);
		Self::deposit_event(Event::AttestationsRecorded { verifier, epoch, count });
		Ok(())
	}

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
		ensure!(
			WorkRecords::<T>::get(epoch, device).is_some_and(|w| !w.voided),
			Error::<T>::NoWorkToDispute
		);
		ensure!(!OpenDisputes::<T>::contains_key(epoch, device), Error::<T>::DisputeAlreadyOpen);
		let id = NextDisputeId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &disputer, bond)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		NextDisputeId::<T>::put(next);
		Disputes::<T>::insert(
			id,
			Dispute { device, epoch, disputer: disputer.clone(), bond, evidence },
		);
		OpenDisputes::<T>::insert(epoch, device, id);
		T::Devices::dispute_opened(&device);
		Self::deposit_event(Event::DisputeOpened { id, device, epoch, disputer });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(id: crate::DisputeId, upheld: bool) -> DispatchResult {
		let d = Disputes::<T>::take(id).ok_or(Error::<T>::UnknownDispute)?;
		OpenDisputes::<T>::remove(d.epoch, d.device);
		T::Devices::dispute_closed(&d.device);
		let reason = HoldReason::DisputeBond.into();
		if upheld {
			WorkRecords::<T>::mutate(d.epoch, d.device, |w| {
				if let Some(w) = w {
					w.voided = true;
				}
			});
			T::Currency::release(&reason, &d.disputer, d.bond, Precision::BestEffort)?;
			let slashed = Self::slash_device(&d.device, &d.disputer);
			// A device that already left the registry has nothing to suspend.
			let _ = T::Devices::suspend(&d.device);
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

	/// Slashes `DisputeSlash` of the device's bond: `DisputerShare` of it to the disputer,
	/// the rest to the treasury. Returns the total moved (zero if the device left the
	/// registry).
	fn slash_device(device: &PublicKey, disputer: &T::AccountId) -> BalanceOf<T> {
		let bond = T::Devices::bond(device).unwrap_or_default();
		let total = T::DisputeSlash::get() * bond;
		let to_disputer = T::DisputerShare::get() * total;
		let first = T::Devices::slash(device, to_disputer, disputer).unwrap_or_default();
		let rest = total.saturating_sub(first);
		let second = if rest.is_zero() {
			Zero::zero()
		} else {
			T::Devices::slash(device, rest, &T::Treasury::get()).unwrap_or_default()
		};
		first.saturating_add(second)
	}

	/// Background clean-up within `remaining` weight, oldest epoch first: the beacon,
	/// attestation and verifier-usage records of closed epochs, then the work records and
	/// totals of epochs older than `WorkRetention` (emissions no longer pays them by then).
	pub(crate) fn prune(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let mut used = db.reads(4);
		if remaining.any_lt(used.saturating_add(db.writes(3))) {
			return used;
		}
		let budget = remaining.saturating_sub(used).ref_time() / db.writes(1).ref_time().max(1);
		let budget = u32::try_from(budget).unwrap_or(u32::MAX).saturating_sub(2);

		let cursor = PruneCursor::<T>::get();
		let open = Closing::<T>::get().map_or(CurrentEpoch::<T>::get(), |(epoch, _)| epoch);
		if cursor < open {
			let beacons = Beacons::<T>::clear_prefix(cursor, budget, None);
			let mut left = budget.saturating_sub(beacons.backend);
			let attestations = Attestations::<T>::clear_prefix(cursor, left, None);
			left = left.saturating_sub(attestations.backend);
			let usage = VerifierUsage::<T>::clear_prefix(cursor, left, None);
			let removed = beacons.backend + attestations.backend + usage.backend;
			used.saturating_accrue(db.reads_writes(removed.into(), removed.into()));
			if beacons.maybe_cursor.is_none()
				&& attestations.maybe_cursor.is_none()
				&& usage.maybe_cursor.is_none()
			{
				PruneCursor::<T>::put(cursor.saturating_add(1));
				used.saturating_accrue(db.writes(1));
			}
			return used;
		}

		let records = RecordsCursor::<T>::get();
		if Self::expired(records) {
			let cleared = WorkRecords::<T>::clear_prefix(records, budget, None);
			used.saturating_accrue(db.reads_writes(cleared.backend.into(), cleared.backend.into()));
			if cleared.maybe_cursor.is_none() {
				Totals::<T>::remove(records);
				RecordsCursor::<T>::put(records.saturating_add(1));
				used.saturating_accrue(db.writes(2));
			}
		}
		used
	}

	/// Whether `epoch` is past `WorkRetention`: its records may be removed.
	pub(crate) fn expired(epoch: EpochIndex) -> bool {
		epoch.saturating_add(T::WorkRetention::get()) < CurrentEpoch::<T>::get()
	}

	/// The pallet's invariants:
	///
	/// - each epoch's totals equal the sums over its devices' work (units per proof kind,
	///   credits, device count), so no receipt, witness or attestation is counted twice;
	/// - every counted beacon has its work recorded; pending attestation lists name distinct
	///   verifiers, stay below the quorum and belong to devices without work in the epoch;
	/// - each verifier's held bond equals its recorded bond, and the verifier count matches;
	/// - each disputer's held dispute bonds equal the bonds of their open disputes, and open
	///   disputes and their index agree;
	/// - the closing epoch, if any, is the one before the current one.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut sums: BTreeMap<EpochIndex, EpochTotals<BalanceOf<T>>> = BTreeMap::new();
		for (epoch, _, work) in WorkRecords::<T>::iter() {
			let t = sums.entry(epoch).or_default();
			*t.units_mut(work.kind) = t.units(work.kind).saturating_add(work.units);
			t.credits = t.credits.saturating_add(work.credits);
			t.devices = t.devices.saturating_add(1);
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

		for (epoch, device, ()) in Beacons::<T>::iter().filter(|(e, _, _)| !Self::expired(*e)) {
			ensure!(WorkRecords::<T>::contains_key(epoch, device), "beacon without recorded work");
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
				T::Currency::balance_on_hold(&HoldReason::VerifierBond.into(), &who) == v.bond,
				"verifier bond not on hold"
			);
		}
		ensure!(verifiers == VerifierCount::<T>::get(), "verifier count mismatch");

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, d) in Disputes::<T>::iter() {
			ensure!(OpenDisputes::<T>::get(d.epoch, d.device) == Some(id), "dispute not indexed");
			ensure!(id < NextDisputeId::<T>::get(), "dispute id above the next id");
			let b = bonds.entry(d.disputer.clone()).or_insert_with(Zero::zero);
			*b = b.saturating_add(d.bond);
		}
		ensure!(
			OpenDisputes::<T>::iter().count() == Disputes::<T>::iter().count(),
			"stale open-dispute index"
		);
		for (who, total) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who) == total,
				"dispute bonds not on hold"
			);
		}

		if let Some((closing, _)) = Closing::<T>::get() {
			ensure!(
				closing.saturating_add(1) == CurrentEpoch::<T>::get(),
				"closing epoch is stale"
			);
		}
		Ok(())
	}
}

impl<T: Config> WorkInspect<BalanceOf<T>> for Pallet<T> {
	fn final_work(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<BalanceOf<T>>> {
		if !Self::epoch_final(epoch) || OpenDisputes::<T>::contains_key(epoch, device) {
			return None;
		}
		WorkRecords::<T>::get(epoch, device).filter(|w| !w.voided)
	}

	fn work_of(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<BalanceOf<T>>> {
		WorkRecords::<T>::get(epoch, device)
	}

	fn epoch_totals(epoch: EpochIndex) -> EpochTotals<BalanceOf<T>> {
		Totals::<T>::get(epoch)
	}

	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get()
	}

	fn epoch_final(epoch: EpochIndex) -> bool {
		let closing = Closing::<T>::get().is_some_and(|(e, _)| e == epoch);
		CurrentEpoch::<T>::get() > epoch.saturating_add(DisputeWindow::<T>::get()) && !closing
	}

	fn max_dispute_window() -> EpochIndex {
		T::MaxDisputeWindow::get()
	}

	fn retention() -> EpochIndex {
		T::WorkRetention::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_final_work(device: PublicKey, epoch: EpochIndex, work: DeviceWork<BalanceOf<T>>) {
		Totals::<T>::mutate(epoch, |t| {
			*t.units_mut(work.kind) = t.units(work.kind).saturating_add(work.units);
			t.credits = t.credits.saturating_add(work.credits);
			t.devices = t.devices.saturating_add(1);
		});
		WorkRecords::<T>::insert(epoch, device, work);
		let final_from = epoch.saturating_add(DisputeWindow::<T>::get()).saturating_add(1);
		if CurrentEpoch::<T>::get() < final_from {
			CurrentEpoch::<T>::put(final_from);
			Closing::<T>::kill();
		}
	}
}
