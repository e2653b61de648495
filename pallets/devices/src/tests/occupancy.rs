//! The network kind's rules and occupancy: physical classes need a location fine enough to be
//! counted, their active devices are counted per parent cell, the interactive ones (those that
//! earned recently) too, and governance limits how many of them a cell rewards fully. Also the
//! reciprocity record kept for the work pallet.

use super::*;
use crate::{
	mock::CurrentEpoch, Activity, InteractiveCount, InteractiveMark, InteractiveMarks,
	InteractiveOccupancy, Occupancy, OccupancyLimits,
};
use depin_primitives::{h3, DeviceActivity, SHARE_PARTS};
use frame_support::traits::ConstU32;

/// The occupancy of class 0 in the parent of `cell` at resolution `r`.
fn occupancy(cell: u64, r: u8) -> u32 {
	Occupancy::<Test>::get((0, h3::parent(cell, r).unwrap()))
}

fn limits(pairs: &[(u8, u32)]) -> BoundedVec<(u8, u32), ConstU32<4>> {
	pairs.to_vec().try_into().unwrap()
}

fn scale(device: &PublicKey) -> u32 {
	<Devices as DeviceInspect<u64, u64>>::occupancy_scale(device, &view(device).unwrap())
}

/// The device (of class 0) earned witnessed or attested units in the current epoch.
fn earn(device: &PublicKey) {
	let cell = view(device).unwrap().location.unwrap();
	<Devices as DeviceInspect<u64, u64>>::note_interactive(device, 0, cell);
}

/// The interactive devices of class 0 in the parent of `cell` at resolution `r`, seen from
/// the current epoch's period (4 epochs per period in the mock).
fn interactive(cell: u64, r: u8) -> u32 {
	InteractiveOccupancy::<Test>::get((0, h3::parent(cell, r).unwrap()))
		.map_or(0, |c| c.seen_from(CurrentEpoch::get() / 4))
}

#[test]
fn class_rules_follow_the_network_kind() {
	new_test_ext(|| {
		let mut physical = class_params(true);
		physical.location_required = false;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), physical),
			Error::<Test>::PhysicalNeedsLocation
		);
		let mut digital = class_params(false);
		digital.proof = ProofKind::Witnessed;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), digital.clone()),
			Error::<Test>::WitnessedNeedsPhysical
		);
		// A digital class may ask for a location, but is never counted.
		digital.proof = ProofKind::Usage;
		digital.location_required = true;
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), digital));
	});
}

#[test]
fn a_witnessed_or_attested_class_needs_a_bond() {
	new_test_ext(|| {
		setup();
		for (physical, proof) in [(true, ProofKind::Witnessed), (false, ProofKind::Attested)] {
			let mut params = class_params(physical);
			params.proof = proof;
			params.bond = 0;
			assert_noop!(
				Devices::create_class(RuntimeOrigin::root(), params.clone()),
				Error::<Test>::BondRequired
			);
			assert_noop!(
				Devices::update_class(RuntimeOrigin::root(), 0, params),
				Error::<Test>::BondRequired
			);
		}
		// Usage rewards are capped by the credits burned, not the bond: no bond is fine.
		let mut usage = class_params(true);
		usage.proof = ProofKind::Usage;
		usage.bond = 0;
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), usage));
	});
}

#[test]
fn a_class_with_devices_keeps_its_proof_and_network_kind() {
	new_test_ext(|| {
		setup();
		let mut usage = class_params(true);
		usage.proof = ProofKind::Usage;
		// No device yet: the kinds may change.
		assert_ok!(Devices::update_class(RuntimeOrigin::root(), 0, usage.clone()));
		assert_ok!(Devices::update_class(RuntimeOrigin::root(), 0, class_params(true)));
		register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 0, usage),
			Error::<Test>::ClassInUse
		);
		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 0, class_params(false)),
			Error::<Test>::ClassInUse
		);
		// Other parameters still change.
		let mut cheaper = class_params(true);
		cheaper.bond = 1;
		cheaper.reward_weight = 3;
		assert_ok!(Devices::update_class(RuntimeOrigin::root(), 0, cheaper));
	});
}

#[test]
fn physical_devices_must_locate_finely_enough_to_be_counted() {
	new_test_ext(|| {
		setup();
		// Resolution 7 is coarser than the finest counted resolution (8).
		let coarse = h3::parent(CELL, 7).unwrap();
		let device = sr_device("a");
		assert_noop!(register_at(ALICE, &device, coarse), Error::<Test>::LocationTooCoarse);
		let key = register(ALICE, &device);
		System::set_block_number(100);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, coarse),
			Error::<Test>::LocationTooCoarse
		);
		// Resolution 8 itself is fine.
		let at_8 = h3::parent(CELL, 8).unwrap();
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), key, at_8));
		assert_eq!(occupancy(CELL, 8), 1);
	});
}

#[test]
fn occupancy_follows_registration_moves_and_status() {
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		let b = register(BOB, &sr_device("b"));
		assert_eq!((occupancy(CELL, 6), occupancy(CELL, 8)), (2, 2));

		// A move to another resolution-8 cell inside the same resolution-6 cell.
		// A sibling of the resolution-8 parent (another digit at resolution 8).
		let far = h3::parent(CELL, 8).unwrap() ^ (1 << (3 * (15 - 8)));
		h3::validate(far, 5, 12).expect("a valid sibling cell");
		System::set_block_number(100);
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), a, far));
		assert_eq!((occupancy(CELL, 6), occupancy(CELL, 8), occupancy(far, 8)), (2, 1, 1));

		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), b));
		assert_eq!(occupancy(CELL, 8), 0);
		assert!(!Occupancy::<Test>::contains_key((0, h3::parent(CELL, 8).unwrap())));
		assert_eq!(occupancy(CELL, 6), 1);
		assert_ok!(Devices::resume_device(RuntimeOrigin::root(), b));
		assert_eq!((occupancy(CELL, 6), occupancy(CELL, 8)), (2, 1));

		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(BOB), b));
		assert_eq!((occupancy(CELL, 6), occupancy(CELL, 8)), (1, 0));
		System::set_block_number(1_000);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(BOB), b));
		assert_eq!(occupancy(CELL, 6), 1);
	});
}

#[test]
fn occupancy_limits_scale_crowded_cells() {
	new_test_ext(|| {
		setup();
		let keys: Vec<_> = ["a", "b", "c", "d"]
			.iter()
			.enumerate()
			.map(|(i, seed)| register(if i % 2 == 0 { ALICE } else { BOB }, &sr_device(seed)))
			.collect();
		keys.iter().for_each(earn);
		// No limits: full scale.
		assert_eq!(scale(&keys[0]), SHARE_PARTS as u32);
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(8, 2)])));
		assert_eq!(last_event(), Event::OccupancyLimitsSet { limits: limits(&[(8, 2)]) }.into());
		// Four interactive devices where two are rewarded fully: each earns half.
		assert_eq!(scale(&keys[0]), 500_000_000);
		// Both resolutions limited: the scales multiply.
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(6, 1), (8, 2)])));
		assert_eq!(scale(&keys[3]), 125_000_000);
		// A suspended device leaves the count, so the others earn more.
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), keys[3]));
		assert_eq!(scale(&keys[0]), 222_222_221); // 1/3 × 2/3, rounded down
											// Resumed, it counts again only once it earns again.
		assert_ok!(Devices::resume_device(RuntimeOrigin::root(), keys[3]));
		assert_eq!(scale(&keys[0]), 222_222_221);
		// Until then it would count itself: four at both resolutions.
		assert_eq!(scale(&keys[3]), 125_000_000);
		earn(&keys[3]);
		assert_eq!(scale(&keys[0]), 125_000_000);
		// Digital classes are never scaled, with or without a location.
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(false)));
		let digital = view(&keys[0]).map(|mut v| {
			v.params = class_params(false);
			v
		});
		assert_eq!(
			<Devices as DeviceInspect<u64, u64>>::occupancy_scale(&keys[0], &digital.unwrap()),
			SHARE_PARTS as u32
		);
	});
}

#[test]
fn idle_devices_do_not_dilute_the_devices_that_work() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(8, 2)])));
		let a = register(ALICE, &sr_device("a"));
		let b = register(BOB, &sr_device("b"));
		earn(&a);
		earn(&b);
		// An attacker registers idle devices in the pair's cell (occupancy squatting): they
		// are counted as active devices, not as interactive ones.
		let squatters: Vec<_> =
			["s1", "s2", "s3"].iter().map(|seed| register(ALICE, &sr_device(seed))).collect();
		assert_eq!(occupancy(CELL, 8), 5);
		assert_eq!(interactive(CELL, 8), 2);
		assert_eq!(scale(&a), SHARE_PARTS as u32);
		assert_eq!(scale(&b), SHARE_PARTS as u32);
		// A squatter that works counts itself: three where two earn fully.
		assert_eq!(scale(&squatters[0]), 666_666_666);
		earn(&squatters[0]);
		assert_eq!(scale(&a), 666_666_666);
	});
}

#[test]
fn a_device_counts_as_interactive_for_its_period_and_the_next() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(8, 1)])));
		let a = register(ALICE, &sr_device("a"));
		let b = register(BOB, &sr_device("b"));
		// Epoch 1, period 0: a earns.
		CurrentEpoch::set(1);
		earn(&a);
		earn(&a); // counted once per period
		assert_eq!(
			InteractiveMarks::<Test>::get(a),
			Some(InteractiveMark { period: 0, also_previous: false })
		);
		assert_eq!(interactive(CELL, 8), 1);
		assert_eq!(scale(&b), 500_000_000);
		// Period 1: a still counts (it earned in the previous period).
		CurrentEpoch::set(7);
		assert_eq!(interactive(CELL, 8), 1);
		assert_eq!(scale(&b), 500_000_000);
		assert_eq!(scale(&a), 1_000_000_000);
		// b earns in period 1, a again: a was counted in period 0 as well.
		earn(&b);
		earn(&a);
		assert_eq!(
			InteractiveMarks::<Test>::get(a),
			Some(InteractiveMark { period: 1, also_previous: true })
		);
		assert_eq!(
			InteractiveOccupancy::<Test>::get((0, h3::parent(CELL, 8).unwrap())),
			Some(InteractiveCount { period: 1, previous: 1, current: 2, fresh: 1 })
		);
		assert_eq!(interactive(CELL, 8), 2);
		// Period 2: both earned in period 1.
		CurrentEpoch::set(8);
		assert_eq!(interactive(CELL, 8), 2);
		// Period 3: neither earned in period 2, so neither counts: each alone earns fully.
		CurrentEpoch::set(12);
		assert_eq!(interactive(CELL, 8), 0);
		assert_eq!(scale(&a), 1_000_000_000);
		// b earns in period 3: a stale counter starts afresh.
		earn(&b);
		assert_eq!(
			InteractiveOccupancy::<Test>::get((0, h3::parent(CELL, 8).unwrap())),
			Some(InteractiveCount { period: 3, previous: 0, current: 1, fresh: 1 })
		);
		assert_eq!(scale(&a), 500_000_000);
	});
}

#[test]
fn interactive_counts_follow_moves_and_status() {
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		let b = register(BOB, &sr_device("b"));
		let c = register(ALICE, &sr_device("c"));
		CurrentEpoch::set(3);
		[a, b, c].iter().for_each(earn);
		CurrentEpoch::set(5);
		earn(&b);
		assert_eq!((interactive(CELL, 6), interactive(CELL, 8)), (3, 3));
		// A move takes a working device out of its old cells and counts it in the new ones
		// (for the period it last earned in), so moving resets no count.
		let far = h3::parent(CELL, 8).unwrap() ^ (1 << (3 * (15 - 8)));
		System::set_block_number(100);
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), a, far));
		assert_eq!(
			InteractiveMarks::<Test>::get(a),
			Some(InteractiveMark { period: 0, also_previous: false })
		);
		assert_eq!((interactive(CELL, 6), interactive(CELL, 8), interactive(far, 8)), (3, 2, 1));
		earn(&a);
		assert_eq!((interactive(CELL, 6), interactive(CELL, 8), interactive(far, 8)), (3, 2, 1));
		// Suspension (of a device counted in both periods) and retirement take it out.
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), b));
		assert_eq!((interactive(CELL, 6), interactive(CELL, 8)), (2, 1));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), c));
		assert_eq!((interactive(CELL, 6), interactive(CELL, 8)), (1, 0));
		// Nothing counted in a cell: its entry is gone.
		assert!(!InteractiveOccupancy::<Test>::contains_key((0, h3::parent(CELL, 8).unwrap())));
		assert!(!InteractiveMarks::<Test>::contains_key(b));
		assert!(!InteractiveMarks::<Test>::contains_key(c));
	});
}

#[test]
fn occupancy_limits_are_checked() {
	new_test_ext(|| {
		assert_noop!(
			Devices::set_occupancy_limits(RuntimeOrigin::signed(ALICE), limits(&[(8, 2)])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(7, 2)])),
			Error::<Test>::InvalidOccupancyResolution
		);
		assert_noop!(
			Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(8, 2), (8, 3)])),
			Error::<Test>::InvalidOccupancyResolution
		);
		assert_noop!(
			Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(6, 0)])),
			Error::<Test>::ZeroOccupancyLimit
		);
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(6, 5)])));
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[])));
		assert!(OccupancyLimits::<Test>::get().is_empty());
	});
}

#[test]
fn activity_is_kept_for_registered_devices_and_removed_with_them() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_eq!(<Devices as DeviceInspect<u64, u64>>::activity(&key), DeviceActivity::default());
		<Devices as DeviceInspect<u64, u64>>::note_beaconed(&key, 3);
		<Devices as DeviceInspect<u64, u64>>::note_witnessed(&key, 5);
		assert_eq!(
			<Devices as DeviceInspect<u64, u64>>::activity(&key),
			DeviceActivity { last_beaconed: Some(3), last_witnessed: Some(5) }
		);
		// Unknown devices get no record.
		let unknown = PublicKey::Sr25519([9; 32]);
		<Devices as DeviceInspect<u64, u64>>::note_beaconed(&unknown, 3);
		assert!(!Activity::<Test>::contains_key(unknown));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));
		System::set_block_number(1_000);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		assert!(!Activity::<Test>::contains_key(key));
	});
}

#[test]
fn moving_to_the_same_cell_does_not_reset_its_count() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_occupancy_limits(RuntimeOrigin::root(), limits(&[(8, 2)])));
		let ring: Vec<_> = ["r1", "r2", "r3", "r4"]
			.iter()
			.enumerate()
			.map(|(i, seed)| register(if i % 2 == 0 { ALICE } else { BOB }, &sr_device(seed)))
			.collect();
		ring.iter().for_each(earn);
		assert_eq!(scale(&ring[0]), 500_000_000);
		// Every member "moves" to where it is: the cell still counts all four.
		System::set_block_number(100);
		for (i, key) in ring.iter().enumerate() {
			let owner = if i % 2 == 0 { ALICE } else { BOB };
			assert_ok!(Devices::set_location(RuntimeOrigin::signed(owner), *key, CELL));
		}
		assert_eq!(interactive(CELL, 8), 4);
		assert_eq!(scale(&ring[0]), 500_000_000);
		// A stale mark (two periods old) is not carried.
		CurrentEpoch::set(8);
		System::set_block_number(200);
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), ring[0], CELL));
		assert!(!InteractiveMarks::<Test>::contains_key(ring[0]));
	});
}

#[test]
fn a_stale_mark_may_outlive_its_cells_count() {
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		let b = register(BOB, &sr_device("b"));
		earn(&a);
		// Period 2: a's mark of period 0 is stale; b earns, and the count rolls past a.
		CurrentEpoch::set(8);
		earn(&b);
		// b leaves: the cell's count is empty and removed, a's stale mark stays (and the
		// invariants, checked at the end, accept it).
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(BOB), b));
		assert!(!InteractiveOccupancy::<Test>::contains_key((0, h3::parent(CELL, 8).unwrap())));
		assert!(InteractiveMarks::<Test>::contains_key(a));
		assert_eq!(scale(&a), SHARE_PARTS as u32);
		// a earns again: counted afresh.
		earn(&a);
		assert_eq!(interactive(CELL, 8), 1);
	});
}
