//! Witnessed work: beacons with witnesses, every beaconer and witness error, a one-owner sybil
//! ring earning nothing, clipping at the class caps and the challenged share following the rate.

use super::*;

#[test]
fn a_beacon_with_witnesses_earns_units() {
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &beaconer, 0), witness_receipt(&w2, &beaconer, 0)];
		assert_ok!(submit_beacon(beaconer, 0, receipts));
		// One unit for the beacon, one per witness, each witness's worth a quarter of a share
		// (the class counts at most 4 witnesses).
		assert_eq!((units(0, &beaconer), units(0, &k1), units(0, &k2)), (1, 1, 1));
		assert_eq!(Totals::<Test>::get(0).units.witnessed, 3);
		let full = crate::SHARE_PARTS;
		assert_eq!(record(0, &beaconer).unwrap().shares, full);
		assert_eq!(record(0, &k1).unwrap().shares, full / 4);
		assert_eq!(Beacons::<Test>::get(0, beaconer).into_inner(), vec![k1, k2]);
		assert!(has_event(Event::BeaconRecorded {
			beaconer,
			epoch: 0,
			witnesses: 2,
			total: 2,
			units: 1
		}));
	});
}

#[test]
fn beacon_errors_write_nothing() {
	new_test_ext(|| {
		let (b, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, _) = hotspot("w1", bob(), NEAR);
		let (w2, _) = hotspot("w2", charlie(), NEAR2);
		let (same_owner, _) = hotspot("mine", alice(), NEAR);
		let (same_cell, _) = hotspot("same-cell", bob(), CELL);
		let (far, _) = hotspot("far", bob(), FAR);
		let (nowhere, _) = device("nowhere", bob(), class(ProofKind::Witnessed, 100), None);
		let (sensor, _) = device("sensor", bob(), class(ProofKind::Usage, 100), Some(NEAR));
		let (idle, idle_key) = hotspot("idle", bob(), NEAR);
		Registry::set_active(&idle_key, false);
		let stranger = pair("//Stranger");
		let r = |w: &sr25519::Pair| witness_receipt(w, &beaconer, 0);

		// The beaconer itself.
		let (_, usage_key) = usage_device("usage");
		assert_noop!(
			submit_beacon(usage_key, 0, vec![r(&w1)]),
			Error::<Test>::WrongProofKind { index: 0 }
		);
		let unknown = PublicKey::Sr25519(stranger.public().0);
		assert_noop!(
			submit_beacon(unknown, 0, vec![r(&w1)]),
			Error::<Test>::UnknownDevice { index: 0 }
		);
		assert_noop!(
			submit_beacon(idle_key, 0, vec![r(&w1)]),
			Error::<Test>::DeviceNotActive { index: 0 }
		);
		assert_noop!(submit_beacon(beaconer, 1, vec![r(&w1)]), Error::<Test>::EpochInFuture);
		assert_noop!(submit_beacon(beaconer, 0, vec![]), Error::<Test>::NoNewWitnesses);
		let five = ["a", "b", "c", "d", "e"].map(|n| hotspot(n, bob(), NEAR).0);
		assert_noop!(
			submit_beacon(beaconer, 0, five.iter().map(r).collect()),
			Error::<Test>::TooManyWitnesses
		);

		// Each witness, named by its index.
		let check = |bad: WitnessReceipt, error: Error<Test>| {
			assert_noop!(submit_beacon(beaconer, 0, vec![r(&w1), bad]), error);
		};
		check(r(&stranger), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&sensor), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&idle), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&w1), Error::<Test>::DuplicateWitness { index: 1 });
		check(r(&same_owner), Error::<Test>::WitnessSameOwner { index: 1 });
		check(r(&b), Error::<Test>::WitnessSameOwner { index: 1 });
		check(r(&same_cell), Error::<Test>::WitnessOutOfBand { index: 1 });
		check(r(&far), Error::<Test>::WitnessOutOfBand { index: 1 });
		check(r(&nowhere), Error::<Test>::WitnessOutOfBand { index: 1 });
		let mut wrong_key = r(&w2);
		wrong_key.signature = r(&w1).signature;
		check(wrong_key, Error::<Test>::BadWitnessSignature { index: 1 });
		// Signed for another chain or another purpose.
		let challenge = Work::challenge(0, &beaconer).unwrap();
		for payload in [
			(WITNESS_RECEIPT_TAG, H256::repeat_byte(1), beaconer, 0u32, challenge).encode(),
			(
				*b"dpin/other-tag/1",
				crate::payload::genesis_hash::<Test>(),
				beaconer,
				0u32,
				challenge,
			)
				.encode(),
		] {
			let mut bad = r(&w2);
			bad.signature = w2.sign(&payload).0;
			check(bad, Error::<Test>::BadWitnessSignature { index: 1 });
		}

		// The beaconer's own signature: by another key, of a witness receipt, for another chain
		// or another epoch.
		let beacon_payload = Work::beacon_payload(&beaconer, 0, &challenge);
		for signature in [
			w1.sign(&beacon_payload).0,
			b.sign(&Work::witness_payload(&beaconer, 0, &challenge)).0,
			b.sign(&(BEACON_TAG, H256::repeat_byte(1), beaconer, 0u32, challenge).encode()).0,
			b.sign(
				&(BEACON_TAG, crate::payload::genesis_hash::<Test>(), beaconer, 1u32, challenge)
					.encode(),
			)
			.0,
			[0; 64],
		] {
			let call = Call::<Test>::submit_beacon {
				beaconer,
				epoch: 0,
				witnesses: bounded(vec![r(&w1)]),
				beaconer_signature: signature,
			};
			assert_noop!(authorized(call), Error::<Test>::BadBeaconerSignature);
		}

		// Not challenged at a zero rate.
		assert_ok!(Work::set_challenge_rate(RuntimeOrigin::root(), Perbill::zero()));
		assert_noop!(submit_beacon(beaconer, 0, vec![r(&w1)]), Error::<Test>::NotChallenged);
		assert_ok!(Work::set_challenge_rate(RuntimeOrigin::root(), Perbill::one()));

		// A witness counts once per beacon: resubmitting it adds nothing.
		assert_ok!(submit_beacon(beaconer, 0, vec![r(&w1)]));
		assert_noop!(submit_beacon(beaconer, 0, vec![r(&w1)]), Error::<Test>::NoNewWitnesses);

		// After the grace, the epoch is closed.
		let (_, late) = hotspot("late", charlie(), CELL);
		let receipt = witness_receipt(&w1, &late, 0);
		run_to_block(EPOCH + GRACE);
		assert_noop!(submit_beacon(late, 0, vec![receipt]), Error::<Test>::EpochTooOld);
	});
}

#[test]
fn a_front_runner_with_one_witness_does_not_cost_the_beaconer_the_others() {
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		let (w3, k3) = hotspot("w3", bob(), NEAR2);
		let all: Vec<_> =
			[&w1, &w2, &w3].iter().map(|w| witness_receipt(w, &beaconer, 0)).collect();
		// Someone who saw one receipt on the network submits it first.
		assert_ok!(submit_beacon(beaconer, 0, vec![all[1].clone()]));
		assert_eq!(units(0, &beaconer), 1);
		// The beaconer's full submission still counts the other two, and only them; the
		// beacon's unit was earned once.
		assert_ok!(submit_beacon(beaconer, 0, all));
		assert_eq!(units(0, &beaconer), 1);
		assert_eq!((units(0, &k1), units(0, &k2), units(0, &k3)), (1, 1, 1));
		assert_eq!(Beacons::<Test>::get(0, beaconer).into_inner(), vec![k2, k1, k3]);
		assert!(has_event(Event::BeaconRecorded {
			beaconer,
			epoch: 0,
			witnesses: 2,
			total: 3,
			units: 0
		}));
		assert_eq!(Totals::<Test>::get(0).units.witnessed, 4);
	});
}

#[test]
fn witnesses_are_added_up_to_the_class_maximum() {
	new_test_ext(|| {
		// The test class counts at most 4 witnesses.
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let w: Vec<_> = (0..6).map(|i| hotspot(&format!("w{i}"), bob(), NEAR)).collect();
		let r = |i: usize| witness_receipt(&w[i].0, &beaconer, 0);
		assert_ok!(submit_beacon(beaconer, 0, vec![r(0), r(1), r(2)]));
		// Room for one more: of two new witnesses the first is added, the second ignored.
		assert_ok!(submit_beacon(beaconer, 0, vec![r(3), r(4)]));
		assert_eq!(Beacons::<Test>::get(0, beaconer).len(), 4);
		assert_eq!(units(0, &beaconer), 1, "one unit per beacon");
		assert_eq!((units(0, &w[3].1), units(0, &w[4].1)), (1, 0));
		assert_noop!(submit_beacon(beaconer, 0, vec![r(5)]), Error::<Test>::BeaconFull);
	});
}

#[test]
fn a_beacon_needs_the_class_minimum_in_all() {
	new_test_ext(|| {
		let mut params = class(ProofKind::Witnessed, 100);
		params.witness.min_witnesses = 3;
		let (_, beaconer) = device("beaconer", alice(), params, Some(CELL));
		let w: Vec<_> = (0..3).map(|i| hotspot(&format!("w{i}"), bob(), NEAR).0).collect();
		let r = |i: usize| witness_receipt(&w[i], &beaconer, 0);
		assert_noop!(submit_beacon(beaconer, 0, vec![r(0), r(1)]), Error::<Test>::TooFewWitnesses);
		assert_ok!(submit_beacon(beaconer, 0, vec![r(0), r(1), r(2)]));
	});
}

#[test]
fn beacon_submissions_are_authorized_general_transactions() {
	use frame_support::traits::Authorize;
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource};
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &beaconer, 0), witness_receipt(&w2, &beaconer, 0)];
		// Not from an account: the signatures are the authorization.
		assert_noop!(
			Work::submit_beacon(
				RuntimeOrigin::signed(bob()),
				beaconer,
				0,
				bounded(receipts.clone()),
				beaconer_signature(&beaconer, 0)
			),
			BadOrigin
		);
		let call = Call::<Test>::submit_beacon {
			beaconer,
			epoch: 0,
			witnesses: bounded(receipts),
			beaconer_signature: beaconer_signature(&beaconer, 0),
		};
		let (validity, _) = call.authorize(TransactionSource::External).unwrap().unwrap();
		// One tag per added witness, priority by how many it adds, alive until the grace ends.
		let tag = |w: PublicKey| ("DepinBeacon", (0u32, beaconer, w)).encode();
		assert_eq!(validity.provides, vec![tag(k1), tag(k2)]);
		// An untipped transaction's priority (the mock's beacons weigh only the base) times the
		// witnesses it adds.
		assert_eq!(validity.priority, MAX_BLOCK / BASE_EXTRINSIC * 2);
		assert_eq!(validity.longevity, EPOCH + GRACE - 1);
		// A bad submission is refused with the pallet error's index.
		let bad = Call::<Test>::submit_beacon {
			beaconer,
			epoch: 1,
			witnesses: bounded(vec![witness_receipt(&w1, &beaconer, 0)]),
			beaconer_signature: beaconer_signature(&beaconer, 0),
		};
		let code = Error::<Test>::EpochInFuture.encode()[0];
		assert_eq!(
			bad.authorize(TransactionSource::External),
			Some(Err(InvalidTransaction::Custom(code).into()))
		);
	});
}

#[test]
fn a_sybil_ring_owned_by_one_account_earns_nothing() {
	new_test_ext(|| {
		// Six hotspots of one owner, all in each other's band.
		let cells = [CELL, NEAR, NEAR2, CELL, NEAR, NEAR2];
		let ring: Vec<_> = cells
			.iter()
			.enumerate()
			.map(|(i, cell)| hotspot(&format!("ring{i}"), alice(), *cell))
			.collect();
		for (_, beaconer) in &ring {
			let witnesses: Vec<_> = ring
				.iter()
				.filter(|(_, k)| k != beaconer)
				.take(4)
				.map(|(p, _)| witness_receipt(p, beaconer, 0))
				.collect();
			assert_noop!(
				submit_beacon(*beaconer, 0, witnesses),
				Error::<Test>::WitnessSameOwner { index: 0 }
			);
		}
		assert_eq!(Totals::<Test>::get(0), EpochTotals::default());
	});
}

#[test]
fn witnessed_units_are_clipped_at_the_class_cap() {
	new_test_ext(|| {
		let (_, small) = device("small", alice(), class(ProofKind::Witnessed, 1), Some(CELL));
		let (w1, k1) = device("w1", bob(), class(ProofKind::Witnessed, 2), Some(NEAR));
		let (w2, _) = hotspot("w2", charlie(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &small, 0), witness_receipt(&w2, &small, 0)];
		assert_ok!(submit_beacon(small, 0, receipts));
		assert_eq!(units(0, &small), 1, "two witnesses, but the beaconer's cap is 1");
		// w1 witnesses two more beacons; its own cap is 2.
		for name in ["other1", "other2"] {
			let (_, other) = hotspot(name, charlie(), CELL);
			assert_ok!(submit_beacon(other, 0, vec![witness_receipt(&w1, &other, 0)]));
		}
		assert_eq!(units(0, &k1), 2);
		assert_eq!(Totals::<Test>::get(0).units.witnessed, 1 + 2 + 1 + 1 + 1);
	});
}

#[test]
fn the_challenged_share_follows_the_rate() {
	new_test_ext(|| {
		let devices: Vec<PublicKey> = (0u32..4_000)
			.map(|i| PublicKey::Ed25519(sp_io::hashing::blake2_256(&i.encode())))
			.collect();
		let share = |epoch: EpochIndex, rate: Perbill| {
			devices
				.iter()
				.filter(|d| {
					Work::challenge(epoch, d).is_some_and(|c| Work::challenged_at(&c, rate))
				})
				.count()
		};
		for epoch in 0..3 {
			// 4,000 draws at 10 %: mean 400, standard deviation 19; allow 4 of them.
			let n = share(epoch, Perbill::from_percent(10));
			assert!((324..=476).contains(&n), "epoch {epoch}: {n} of 4000 challenged at 10%");
			let n = share(epoch, Perbill::from_percent(50));
			assert!((1_874..=2_126).contains(&n), "epoch {epoch}: {n} of 4000 at 50%");
			assert_eq!(share(epoch, Perbill::zero()), 0);
			assert_eq!(share(epoch, Perbill::one()), devices.len());
			run_to_block(System::block_number() + EPOCH);
		}
		// Different epochs challenge different devices.
		let challenged = |epoch| {
			devices
				.iter()
				.filter(|d| {
					Work::challenge(epoch, d)
						.is_some_and(|c| Work::challenged_at(&c, Perbill::from_percent(10)))
				})
				.cloned()
				.collect::<Vec<_>>()
		};
		assert_ne!(challenged(2), challenged(3));
	});
}

/// A third party with witnesses near a stranger's hotspot cannot start a beacon for it: without
/// the device's own signature the submission is refused, and the device gets no work record,
/// no work mark (which would keep it from being sold or its bond withdrawn while the work is
/// disputable) and nothing anyone could dispute.
#[test]
fn a_beacon_the_device_did_not_sign_cannot_lock_it() {
	new_test_ext(|| {
		let (_, victim) = hotspot("victim", alice(), CELL);
		let (w1, _) = hotspot("attacker-w1", bob(), NEAR);
		let (w2, _) = hotspot("attacker-w2", bob(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &victim, 0), witness_receipt(&w2, &victim, 0)];
		let challenge = Work::challenge(0, &victim).unwrap();
		// The attacker signs the beacon with its own devices' keys, or not at all.
		for beaconer_signature in
			[w1.sign(&Work::beacon_payload(&victim, 0, &challenge)).0, [0; 64]]
		{
			let call = Call::<Test>::submit_beacon {
				beaconer: victim,
				epoch: 0,
				witnesses: bounded(receipts.clone()),
				beaconer_signature,
			};
			assert_noop!(authorized(call), Error::<Test>::BadBeaconerSignature);
		}
		assert_eq!(record(0, &victim), None);
		assert!(Beacons::<Test>::get(0, victim).is_empty());
		assert_eq!(LAST_WORK.with(|w| w.borrow().get(&victim.encode()).copied()), None);
		assert_noop!(
			Work::open_dispute(RuntimeOrigin::signed(bob()), victim, 0, H256::zero()),
			Error::<Test>::NoWorkToDispute
		);
		// The device's own signature makes the same receipts count.
		assert_ok!(submit_beacon(victim, 0, receipts));
		assert_eq!(LAST_WORK.with(|w| w.borrow().get(&victim.encode()).copied()), Some(0));
	});
}
