//! Verifier committees: with more verifiers than the quorum, only the verifiers drawn for a
//! device in an epoch may attest it, new devices wait out the assignment lookahead, verifiers
//! admitted in an epoch join the next one, and removal keeps the slots dense.

use super::*;
use depin_primitives::payload;

/// Admits verifiers `1..=n` in epoch 0 and starts epoch 1, whose committees draw from them.
fn verifiers_then_epoch_1(n: u32) {
	(1..=n).for_each(|v| admit(v, 1_000));
	run_to_block(EPOCH + 1);
	assert_eq!(CurrentEpoch::<Test>::get(), 1);
}

fn slot(n: u32) -> u32 {
	Verifiers::<Test>::get(verifier(n)).expect("an admitted verifier").slot
}

/// The verifiers (by number, of `1..=n`) on `device`'s committee in `epoch`.
fn members(epoch: EpochIndex, device: &PublicKey, n: u32) -> Vec<u32> {
	let slots = Work::committee(epoch, device).expect("more verifiers than the quorum");
	(1..=n).filter(|v| slots.contains(&slot(*v))).collect()
}

#[test]
fn only_the_drawn_committee_may_attest() {
	new_test_ext(|| {
		verifiers_then_epoch_1(6);
		let device = gpu("gpu", 500);
		let committee = members(1, &device, 6);
		assert_eq!(committee.len(), 3, "a committee of the quorum's size");
		for v in (1..=6).filter(|v| !committee.contains(v)) {
			assert_noop!(
				attest(&verifier(v), 1, vec![(device, 10)]),
				Error::<Test>::NotAssigned { index: 0 }
			);
		}
		// A majority of the committee (2 of 3) records the work; the third comes too late.
		assert_ok!(attest(&verifier(committee[0]), 1, vec![(device, 10)]));
		assert_eq!(units(1, &device), 0, "one of three is not a majority");
		assert_ok!(attest(&verifier(committee[1]), 1, vec![(device, 12)]));
		assert_eq!(units(1, &device), 10, "the lower median of 10 and 12");
		assert_noop!(
			attest(&verifier(committee[2]), 1, vec![(device, 10)]),
			Error::<Test>::QuorumReached { index: 0 }
		);
		// Every verifier's slot is its place in the dense slot map.
		for v in 1..=6 {
			assert_eq!(VerifierSlots::<Test>::get(slot(v)), Some(verifier(v)));
		}
	});
}

#[test]
fn an_item_off_the_committee_fails_the_whole_batch() {
	new_test_ext(|| {
		verifiers_then_epoch_1(6);
		// A verifier on one device's committee but not on another's.
		let (on, off, v) = (0..50)
			.map(|i| gpu(&format!("gpu{i}"), 500))
			.collect::<Vec<_>>()
			.windows(2)
			.find_map(|w| {
				let (a, b) = (w[0], w[1]);
				let shared = members(1, &a, 6).into_iter().find(|v| !members(1, &b, 6).contains(v));
				shared.map(|v| (a, b, v))
			})
			.expect("two committees differ among 50 devices");
		assert_noop!(
			attest(&verifier(v), 1, vec![(on, 10), (off, 10)]),
			Error::<Test>::NotAssigned { index: 1 }
		);
		assert_ok!(attest(&verifier(v), 1, vec![(on, 10)]));
	});
}

#[test]
fn devices_registered_within_the_lookahead_wait() {
	new_test_ext(|| {
		(1..=6).for_each(|v| admit(v, 1_000));
		let young = gpu("young", 500);
		// Registered at block 5: epoch 1 (from block 11) and 2 (from 21) start less than the
		// lookahead of 20 blocks later, epoch 3 (from 31) does not.
		Registry::set_registered_at(&young, 5);
		let genesis = gpu("genesis", 500);
		run_to_block(EPOCH + 1);
		for v in members(1, &young, 6) {
			assert_noop!(
				attest(&verifier(v), 1, vec![(young, 10)]),
				Error::<Test>::DeviceTooNew { index: 0 }
			);
		}
		// A genesis device has no registration block: it is never too new.
		let v = members(1, &genesis, 6)[0];
		assert_ok!(attest(&verifier(v), 1, vec![(genesis, 10)]));
		run_to_block(2 * EPOCH + 1);
		let v = members(2, &young, 6)[0];
		assert_noop!(
			attest(&verifier(v), 2, vec![(young, 10)]),
			Error::<Test>::DeviceTooNew { index: 0 }
		);
		run_to_block(3 * EPOCH + 1);
		assert_eq!(CurrentEpoch::<Test>::get(), 3);
		for v in &members(3, &young, 6)[..2] {
			assert_ok!(attest(&verifier(*v), 3, vec![(young, 10)]));
		}
		assert_eq!(units(3, &young), 10);
	});
}

#[test]
fn a_verifier_admitted_in_an_epoch_joins_the_next() {
	new_test_ext(|| {
		verifiers_then_epoch_1(4);
		admit(5, 1_000);
		assert_eq!(slot(5), 4);
		let devices: Vec<_> = (0..20).map(|i| gpu(&format!("gpu{i}"), 500)).collect();
		for device in &devices {
			assert_noop!(
				attest(&verifier(5), 1, vec![(*device, 10)]),
				Error::<Test>::NotAssigned { index: 0 }
			);
		}
		run_to_block(2 * EPOCH + 1);
		assert_eq!(CommitteeBases::<Test>::get(2).map(|b| b.verifiers), Some(5));
		let drawn = *devices.iter().find(|d| members(2, d, 5).contains(&5)).expect("drawn once");
		assert_ok!(attest(&verifier(5), 2, vec![(drawn, 10)]));
	});
}

#[test]
fn every_verifier_may_attest_when_there_are_no_more_than_the_quorum() {
	new_test_ext(|| {
		verifiers_then_epoch_1(3);
		let device = gpu("gpu", 500);
		assert_eq!(Work::committee(1, &device), None);
		// The young-device rule guards committees only: with nothing to draw, nothing to grind.
		Registry::set_registered_at(&device, 10);
		for v in 1..=3 {
			assert_ok!(attest(&verifier(v), 1, vec![(device, 10)]));
		}
		assert_eq!(units(1, &device), 10);
	});
}

#[test]
fn removal_gives_the_last_slot_to_the_freed_one() {
	new_test_ext(|| {
		(1..=4).for_each(|v| admit(v, 1_000));
		assert_eq!((slot(1), slot(2), slot(3), slot(4)), (0, 1, 2, 3));
		assert_ok!(Work::remove_verifier(RuntimeOrigin::root(), verifier(2)));
		assert_eq!(slot(4), 1);
		assert_eq!(VerifierSlots::<Test>::get(1), Some(verifier(4)));
		assert_eq!(VerifierSlots::<Test>::get(3), None);
		assert_eq!(VerifierCount::<Test>::get(), 3);
		// Removing the last slot's own verifier moves nobody.
		assert_ok!(Work::remove_verifier(RuntimeOrigin::root(), verifier(3)));
		assert_eq!((slot(1), slot(4)), (0, 1));
		admit(5, 1_000);
		assert_eq!(slot(5), 2);
	});
}

#[test]
fn committees_are_distinct_in_range_and_spread() {
	let seed = [7u8; 32];
	let mut seen = [0u32; 12];
	for i in 0..600u32 {
		let device = PublicKey::Sr25519(sp_io::hashing::blake2_256(&i.to_le_bytes()));
		let slots = payload::committee(&seed, 4, &device, 12, 3);
		assert_eq!(slots.len(), 3);
		assert!(slots.iter().all(|s| *s < 12));
		assert!(slots[0] != slots[1] && slots[1] != slots[2] && slots[0] != slots[2]);
		// A bigger committee keeps the smaller one's slots.
		assert_eq!(payload::committee(&seed, 4, &device, 12, 4)[..3], slots[..]);
		slots.iter().for_each(|s| seen[*s as usize] += 1);
	}
	// 1,800 seats over 12 slots: 150 each on average; a fair draw stays well within 100..200.
	assert!(seen.iter().all(|n| (100..200).contains(n)), "uneven draw: {seen:?}");
	assert_eq!(payload::committee(&seed, 0, &PublicKey::Sr25519([0; 32]), 2, 3), vec![0, 1]);
}

#[test]
fn three_colluders_among_twelve_hold_one_committee_in_about_220() {
	// The odds the economics table prices: C(3,3) / C(12,3) = 1/220 of devices.
	let seed = [9u8; 32];
	let colluders = [0u32, 1, 2];
	let held = (0..22_000u32)
		.filter(|i| {
			let device = PublicKey::Sr25519(sp_io::hashing::blake2_256(&i.to_le_bytes()));
			let slots = payload::committee(&seed, 1, &device, 12, 3);
			slots.iter().all(|s| colluders.contains(s))
		})
		.count();
	assert!((60..150).contains(&held), "{held} of 22,000 (expected about 100)");
}

#[test]
fn a_withholding_minority_cannot_hold_back_a_device() {
	new_test_ext(|| {
		verifiers_then_epoch_1(6);
		let device = gpu("gpu", 500);
		let committee = members(1, &device, 6);
		// The first member withholds; the other two are a majority.
		for v in &committee[1..] {
			assert_ok!(attest(&verifier(*v), 1, vec![(device, 10)]));
		}
		assert_eq!(units(1, &device), 10);
		// With committees of 5, two withholders are still a minority: three record.
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 5));
		let other = gpu("other", 500);
		let committee = members(1, &other, 6);
		assert_eq!(committee.len(), 5);
		for v in &committee[2..] {
			assert_ok!(attest(&verifier(*v), 1, vec![(other, 20)]));
		}
		assert_eq!(units(1, &other), 20);
		// A colluding majority sets the median, and the honest minority is refused, not slashed.
		let third = gpu("third", 500);
		let committee = members(1, &third, 6);
		for v in &committee[..3] {
			assert_ok!(attest(&verifier(*v), 1, vec![(third, 400)]));
		}
		assert_noop!(
			attest(&verifier(committee[3]), 1, vec![(third, 10)]),
			Error::<Test>::QuorumReached { index: 0 }
		);
		assert_eq!(units(1, &third), 400);
	});
}
