//! Background clean-up in `on_idle`: records of closed epochs only, and work records and totals
//! once past `WorkRetention`.

use super::*;

#[test]
fn on_idle_prunes_records_of_closed_epochs_only() {
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, _) = hotspot("w1", bob(), NEAR);
		assert_ok!(submit_beacon(beaconer, 0, vec![witness_receipt(&w1, &beaconer, 0)]));
		admit(1, 100);
		let device = gpu("gpu", 500);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 5)]));
		let idle = |n| Work::on_idle(n, Weight::MAX);

		idle(1);
		assert!(Beacons::<Test>::contains_key(0, beaconer), "epoch 0 is running");
		run_to_block(EPOCH);
		idle(EPOCH);
		assert!(Beacons::<Test>::contains_key(0, beaconer), "epoch 0 is in its grace");
		run_to_block(EPOCH + GRACE);
		idle(EPOCH + GRACE);
		assert!(!Beacons::<Test>::contains_key(0, beaconer));
		assert!(!Attestations::<Test>::contains_key(0, device));
		assert_eq!(VerifierUsage::<Test>::get(0, verifier(1)), 0);
		assert_eq!(PruneCursor::<Test>::get(), 1);
		assert_eq!(units(0, &beaconer), 1, "work stays for emissions");
		// Work records and totals stay while the current epoch is within `WorkRetention` (7)
		// epochs of theirs; each idle call does one epoch's worth of clean-up.
		let last_kept = RETENTION as u64 * EPOCH;
		run_to_block(last_kept);
		(0..5).for_each(|_| {
			idle(last_kept);
		});
		assert_eq!(units(0, &beaconer), 1);
		assert_eq!(RecordsCursor::<Test>::get(), 0);
		run_to_block(last_kept + EPOCH);
		(0..3).for_each(|_| {
			idle(last_kept + EPOCH);
		});
		assert_eq!(record(0, &beaconer), None);
		assert_eq!(Totals::<Test>::get(0), EpochTotals::default());
		assert_eq!(RecordsCursor::<Test>::get(), 1);
	});
}

/// `on_idle` budgets every removed key at its benchmarked cost (in the mock, one read and one
/// write), after its fixed cost (four reads, up to two writes) and the two reads with which
/// it finds no dispute to time out, and never reports more weight than it was given.
#[test]
fn on_idle_budgets_reads_and_writes_per_removed_key() {
	let fixed = <TestWeights as crate::WeightInfo>::prune_closed_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::prune_closed_epoch(1).saturating_sub(fixed);
	let db = <Test as frame_system::Config>::DbWeight::get();
	assert_eq!((fixed, per_key), (db.reads_writes(4, 2), db.reads_writes(1, 1)));
	let closed = EPOCH + GRACE;
	let mut ext = new_committed_ext(|| {
		(1..=4).for_each(|n| VerifierUsage::<Test>::insert(0, verifier(n), 1));
		run_to_block(closed);
		DeadlineCursor::<Test>::put(CurrentEpoch::<Test>::get());
	});
	let fixed = fixed.saturating_add(db.reads(2));
	// One idle call per block, each block's removals committed before the next.
	for (given, keys_left) in [
		(fixed.saturating_add(per_key).saturating_sub(Weight::from_parts(1, 0)), 4),
		(fixed.saturating_add(per_key), 3),
		(fixed.saturating_add(per_key.saturating_mul(2)), 1),
		(Weight::MAX, 0),
	] {
		ext.execute_with(|| {
			let used = Work::on_idle(closed, given);
			assert!(used.all_lte(given), "used {used:?} of {given:?}");
			assert_eq!(VerifierUsage::<Test>::iter_prefix(0).count(), keys_left, "{given:?}");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| {
		assert_eq!(PruneCursor::<Test>::get(), 1);
		Work::do_try_state().expect("invariants hold after the test");
	});
}

/// Multi-block state: with room for one key per block, the clean-up of a closed epoch spans
/// blocks, and governance changes the epoch length, the dispute window and the dispute timeout
/// in between. At every block the invariants hold, the cursor moves only once the epoch is
/// clean, and the epoch's work records (which emissions pays from) stay.
#[test]
fn clean_up_over_many_blocks_survives_parameter_changes() {
	let fixed = <TestWeights as crate::WeightInfo>::prune_closed_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::prune_closed_epoch(1).saturating_sub(fixed);
	let db = <Test as frame_system::Config>::DbWeight::get();
	let closed = EPOCH + GRACE;
	let mut ext = new_committed_ext(|| {
		(1..=4).for_each(|n| VerifierUsage::<Test>::insert(0, verifier(n), 1));
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		assert!(record(0, &key).is_some());
		run_to_block(closed);
		DeadlineCursor::<Test>::put(CurrentEpoch::<Test>::get());
	});
	// Two reads to find no dispute to time out, the fixed cost, and one key.
	let one_key = fixed.saturating_add(per_key).saturating_add(db.reads(2));
	let changes: [fn(); 3] = [
		|| {
			assert_ok!(Work::set_epoch_length(RuntimeOrigin::root(), 2 * EPOCH));
		},
		|| {
			assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), WINDOW + 1));
		},
		|| {
			assert_ok!(Work::set_dispute_timeout(RuntimeOrigin::root(), 1));
		},
	];
	let mut left = 5; // four verifier-usage records and the settled voucher
	for change in changes {
		ext.execute_with(|| {
			Work::on_idle(closed, one_key);
			left -= 1;
			let records = VerifierUsage::<Test>::iter_prefix(0).count()
				+ Settled::<Test>::iter_prefix(0).count();
			assert_eq!(records, left);
			assert_eq!(PruneCursor::<Test>::get(), 0, "epoch 0 is not clean yet");
			change();
			Work::do_try_state().expect("invariants hold part-way");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| {
		Work::on_idle(closed, Weight::MAX);
		assert_eq!(PruneCursor::<Test>::get(), 1);
		assert_eq!(WorkRecords::<Test>::iter_prefix(0).count(), 1, "work stays for emissions");
		Work::do_try_state().expect("invariants hold after");
	});
}
