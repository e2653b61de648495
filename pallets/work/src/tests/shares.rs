//! Sybil economics in the work records: shares (usage by value, class weights, occupancy),
//! who earned the work, witness reciprocity, and voided work leaving the totals.

use super::*;
use depin_primitives::{DeviceActivity, DeviceInspect, SHARE_PARTS};

/// Full share parts of one unit at weight 1.
const FULL: u128 = SHARE_PARTS;

#[test]
fn usage_shares_are_the_credits_burned_times_the_class_weight() {
	new_test_ext(|| {
		let mut heavy = class(ProofKind::Usage, 100);
		heavy.reward_weight = 3;
		let (d, key) = device("heavy", alice(), heavy, None);
		let (e, other) = usage_device("plain");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10), voucher(&e, 0, 5)]));
		// 10 units at price 2 are 20 credits, weight 3; 5 units are 10 credits, weight 1.
		assert_eq!(record(0, &key).unwrap().shares, 60);
		assert_eq!(record(0, &other).unwrap().shares, 10);
		assert_eq!(Totals::<Test>::get(0).shares.usage, 70);
		assert_eq!(Totals::<Test>::get(0).credits, 30);
	});
}

#[test]
fn witnessed_shares_follow_the_weight_and_the_occupancy_scale() {
	new_test_ext(|| {
		let mut crowded = class(ProofKind::Witnessed, 100);
		crowded.reward_weight = 2;
		let (_, beaconer) = device("beaconer", alice(), crowded, Some(CELL));
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		// The beaconer's cell rewards a quarter of each unit; the witness's cell in full.
		Registry::set_scale(CELL, 250_000_000);
		assert_ok!(submit_beacon(beaconer, 0, vec![witness_receipt(&w1, &beaconer, 0)]));
		assert_eq!(units(0, &beaconer), 1);
		assert_eq!(record(0, &beaconer).unwrap().shares, 2 * FULL / 4);
		// The witness's unit: its own full scale times the beaconer's quarter (HIP-17 scales
		// witnesses by the transmitter's density), over the class's 4 witnesses at most.
		assert_eq!(record(0, &k1).unwrap().shares, FULL / 4 / 4);
		assert_eq!(Totals::<Test>::get(0).shares.witnessed, FULL / 2 + FULL / 16);
		assert_eq!(Totals::<Test>::get(0).units.witnessed, 2);
	});
}

#[test]
fn the_record_keeps_the_owner_who_did_the_work() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		// The device changes hands in the epoch: the epoch's record stays the seller's.
		let mut moved = Registry::get(&key).unwrap();
		moved.owner = bob();
		Registry::add(key, moved);
		assert_ok!(settle(0, vec![voucher(&d, 0, 15)]));
		assert_eq!(record(0, &key).unwrap().owner, alice());
		assert_eq!(units(0, &key), 15);
		// From the next epoch the buyer earns.
		run_to_block(EPOCH);
		assert_ok!(settle(1, vec![voucher(&d, 1, 3)]));
		assert_eq!(record(1, &key).unwrap().owner, bob());
	});
}

#[test]
fn witnesses_count_only_when_reciprocal() {
	new_test_ext(|| {
		assert_ok!(Work::set_reciprocity_window(RuntimeOrigin::root(), 3));
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		run_to_block(4 * EPOCH);
		// Nobody has beaconed or witnessed yet: the beacon is recorded, nobody earns.
		assert_ok!(submit_beacon(beaconer, 4, vec![witness_receipt(&w1, &beaconer, 4)]));
		assert_eq!((units(4, &beaconer), units(4, &k1)), (0, 0));
		assert!(record(4, &beaconer).is_some(), "the beacon's work record exists, at zero");
		assert!(record(4, &k1).is_none());
		assert_eq!(
			<Registry as DeviceInspect<AccountId, u64>>::activity(&beaconer).last_beaconed,
			Some(4)
		);
		assert_eq!(
			<Registry as DeviceInspect<AccountId, u64>>::activity(&k1).last_witnessed,
			Some(4)
		);
		assert!(has_event(Event::BeaconRecorded {
			beaconer,
			epoch: 4,
			witnesses: 1,
			total: 1,
			units: 0
		}));

		// w2 beaconed in epoch 1 (within 3 epochs of 4) and the beaconer witnessed in epoch 2:
		// w2 earns, and earns the beaconer a unit; w1 still has not beaconed.
		Registry::set_activity(
			&k2,
			DeviceActivity { last_beaconed: Some(1), last_witnessed: None },
		);
		Registry::set_activity(
			&beaconer,
			DeviceActivity { last_beaconed: Some(4), last_witnessed: Some(2) },
		);
		assert_ok!(submit_beacon(beaconer, 4, vec![witness_receipt(&w2, &beaconer, 4)]));
		assert_eq!((units(4, &beaconer), units(4, &k1), units(4, &k2)), (1, 0, 1));
		assert_eq!(Beacons::<Test>::get(4, beaconer).into_inner(), vec![k1, k2]);
	});
}

#[test]
fn only_devices_that_earn_witnessed_or_attested_units_count_as_interactive() {
	new_test_ext(|| {
		let interactive = || INTERACTIVE.with(|v| v.borrow().clone());
		assert_ok!(Work::set_reciprocity_window(RuntimeOrigin::root(), 3));
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		run_to_block(4 * EPOCH);
		// A beacon that earns nobody anything counts nobody (idle devices cannot squat).
		assert_ok!(submit_beacon(beaconer, 4, vec![witness_receipt(&w1, &beaconer, 4)]));
		assert!(interactive().is_empty());
		// Reciprocal now: the beaconer and the witness earn, and count.
		let recent = DeviceActivity { last_beaconed: Some(3), last_witnessed: Some(3) };
		Registry::set_activity(&beaconer, recent);
		Registry::set_activity(&k1, recent);
		run_to_block(5 * EPOCH);
		assert_ok!(submit_beacon(beaconer, 5, vec![witness_receipt(&w1, &beaconer, 5)]));
		assert_eq!(interactive(), vec![beaconer, k1]);
		// Usage work is not scaled by occupancy, so it does not count.
		let (d, _) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(5, vec![voucher(&d, 5, 10)]));
		assert_eq!(interactive(), vec![beaconer, k1]);
	});
}

#[test]
fn witnesses_that_never_beacon_cannot_fill_a_beacon() {
	new_test_ext(|| {
		assert_ok!(Work::set_reciprocity_window(RuntimeOrigin::root(), 3));
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		let recent = DeviceActivity { last_beaconed: Some(3), last_witnessed: Some(3) };
		Registry::set_activity(&beaconer, recent);
		Registry::set_activity(&k2, recent);
		run_to_block(4 * EPOCH);
		// w1 never beaconed: it may take the class's minimum of one slot (how a new pair
		// starts), as the first witness.
		assert_ok!(submit_beacon(beaconer, 4, vec![witness_receipt(&w1, &beaconer, 4)]));
		assert_eq!(Beacons::<Test>::get(4, beaconer).into_inner(), vec![k1]);
		assert_eq!(units(4, &beaconer), 0);
		// Past the minimum, witnesses that never beaconed are skipped: a submission of only
		// such witnesses adds nothing.
		let (w3, k3) = hotspot("w3", account("//Dave"), NEAR);
		assert_noop!(
			submit_beacon(beaconer, 4, vec![witness_receipt(&w3, &beaconer, 4)]),
			Error::<Test>::NoNewWitnesses
		);
		// A skipped witness's signature is not even checked: it changes nothing, and checking
		// it would let old public receipts make the pool verify them for free (about 2 ms each
		// for P-256). A forged one is still "nothing new", not a bad signature.
		let mut forged = witness_receipt(&w3, &beaconer, 4);
		forged.signature = [7; 64];
		assert_noop!(submit_beacon(beaconer, 4, vec![forged]), Error::<Test>::NoNewWitnesses);
		// Mixed with a reciprocal witness, they are skipped and it is counted.
		assert_ok!(submit_beacon(
			beaconer,
			4,
			vec![witness_receipt(&w3, &beaconer, 4), witness_receipt(&w2, &beaconer, 4)]
		));
		assert_eq!(Beacons::<Test>::get(4, beaconer).into_inner(), vec![k1, k2]);
		assert_eq!((units(4, &beaconer), units(4, &k2), units(4, &k3)), (1, 1, 0));
		assert_eq!(
			<Registry as DeviceInspect<AccountId, u64>>::activity(&k3).last_witnessed,
			None,
			"a skipped witness is not recorded"
		);
	});
}

#[test]
fn reciprocity_expires_after_the_window() {
	new_test_ext(|| {
		assert_ok!(Work::set_reciprocity_window(RuntimeOrigin::root(), 2));
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let recent = DeviceActivity { last_beaconed: Some(1), last_witnessed: Some(1) };
		Registry::set_activity(&beaconer, recent);
		Registry::set_activity(&k1, recent);
		run_to_block(4 * EPOCH);
		// Epoch 1 is three epochs before 4: outside a window of 2.
		assert_ok!(submit_beacon(beaconer, 4, vec![witness_receipt(&w1, &beaconer, 4)]));
		assert_eq!((units(4, &beaconer), units(4, &k1)), (0, 0));
	});
}

#[test]
fn the_reciprocity_window_is_governed_and_bounded() {
	new_test_ext(|| {
		assert_noop!(Work::set_reciprocity_window(RuntimeOrigin::signed(alice()), 1), BadOrigin);
		assert_noop!(
			Work::set_reciprocity_window(RuntimeOrigin::root(), MAX_RECIPROCITY + 1),
			Error::<Test>::InvalidReciprocityWindow
		);
		assert_ok!(Work::set_reciprocity_window(RuntimeOrigin::root(), MAX_RECIPROCITY));
		assert!(has_event(Event::ReciprocityWindowSet { epochs: MAX_RECIPROCITY }));
		assert_eq!(ReciprocityWindow::<Test>::get(), MAX_RECIPROCITY);
	});
}

#[test]
fn work_voided_before_the_close_leaves_the_totals() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (e, other) = usage_device("camera");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10), voucher(&e, 0, 4)]));
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), key, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::UpheldMakerAtFault));
		let totals = Totals::<Test>::get(0);
		assert_eq!((totals.units.usage, totals.shares.usage, totals.credits), (4, 8, 8));
		assert_eq!(totals.devices, 2, "the voided device keeps its record");
		assert_eq!(MAKER_FAULTS.with(|m| m.borrow().clone()), vec![key], "its maker answers");
		// The close hands the reduced totals to emissions; nothing is voided after it.
		run_to_block(EPOCH + GRACE);
		let closed = CLOSED.with(|c| c.borrow().clone());
		assert_eq!(closed.first().map(|(_, t)| t.shares.usage), Some(8));
		assert!(VOIDED.with(|v| v.borrow().is_empty()));
		assert_eq!(units(0, &other), 4);
	});
}

#[test]
fn work_voided_after_the_close_is_reported_for_the_treasury() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		run_to_block(EPOCH + GRACE);
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), key, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		let voided = VOIDED.with(|v| v.borrow().clone());
		assert_eq!(voided.len(), 1);
		let (epoch, device, work) = &voided[0];
		assert_eq!((*epoch, *device, work.units, work.voided), (0, key, 10, false));
		assert_eq!(Totals::<Test>::get(0).units.usage, 0);
		assert!(record(0, &key).unwrap().voided);
	});
}
