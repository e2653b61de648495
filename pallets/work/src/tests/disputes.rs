//! Disputes: upheld (voided, slashed, suspended) and rejected outcomes, the registry's dispute
//! lock, every error, a penalty the registry refuses, and finality for emissions.

use super::*;
use sp_runtime::DispatchError;

/// A usage device with 10 units in epoch 0.
fn worked_device() -> PublicKey {
	let (d, key) = usage_device("sensor");
	Credits::set(&consumer(), 1_000);
	assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
	key
}

#[test]
fn an_upheld_dispute_voids_slashes_and_suspends() {
	new_test_ext(|| {
		let device = worked_device();
		let evidence = H256::repeat_byte(7);
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, evidence));
		assert_eq!(held(HoldReason::DisputeBond, &bob()), DISPUTE_BOND);
		assert_eq!(Registry::dispute_locks(&device), 1, "the registry locks the device");
		assert!(has_event(Event::DisputeOpened {
			id: 0,
			device,
			epoch: 0,
			disputer: bob(),
			bond: DISPUTE_BOND,
			deadline: DISPUTE_TIMEOUT,
		}));
		assert_noop!(
			Work::resolve_dispute(RuntimeOrigin::signed(alice()), 0, Verdict::Upheld),
			BadOrigin
		);

		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		assert_eq!(Registry::dispute_locks(&device), 0, "and unlocks it once resolved");
		assert!(record(0, &device).unwrap().voided);
		assert!(!Registry::get(&device).unwrap().active, "suspended");
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0, "the disputer's bond is released");
		// 50 % of the 1,000 bond: a fifth of it (100) to the disputer, 400 to the treasury.
		let slashes = SLASHES.with(|s| s.borrow().clone());
		assert_eq!(slashes, vec![(device, 100, bob()), (device, 400, TreasuryAccount::get())]);
		assert!(has_event(Event::DisputeUpheld { id: 0, slashed: 500 }));
		// Voided work never becomes final, and cannot be disputed again.
		run_to_block((WINDOW as u64 + 2) * EPOCH);
		assert_eq!(<Work as WorkInspect<AccountId, u64>>::final_work(&device, 0), None);
	});
}

/// The registry refuses the penalty of a device that is no longer registered: the verdict
/// stands (work voided, disputer's bond released, lock lifted) and each skipped part is
/// reported by an event.
#[test]
fn an_upheld_dispute_reports_the_penalty_the_registry_refuses() {
	new_test_ext(|| {
		let device = worked_device();
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		Registry::remove(&device);

		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		assert!(record(0, &device).unwrap().voided);
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0, "the disputer's bond is released");
		assert_eq!(Registry::dispute_locks(&device), 0);
		assert!(SLASHES.with(|s| s.borrow().is_empty()), "nothing was slashed");
		assert!(has_event(Event::DisputeUpheld { id: 0, slashed: 0 }));
		// The mock registry's errors are `DispatchError::Other`, whose text is not encoded in
		// stored events: match the variant.
		let work_events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Work(e) => Some(e),
				_ => None,
			})
			.collect();
		let tail: Vec<_> = work_events.iter().rev().take(3).rev().collect();
		assert!(
			matches!(
				tail.as_slice(),
				[
					Event::DisputeSlashSkipped {
						id: 0,
						device: d1,
						beneficiary,
						amount: 0,
						error: DispatchError::Other(_),
					},
					Event::DisputeSuspensionSkipped {
						id: 0,
						device: d2,
						error: DispatchError::Other(_),
					},
					Event::DisputeUpheld { id: 0, slashed: 0 },
				] if *d1 == device && *d2 == device && *beneficiary == bob()
			),
			"the skipped parts are reported, before the verdict: {tail:?}"
		);
	});
}

#[test]
fn a_rejected_dispute_costs_the_disputer_its_bond() {
	new_test_ext(|| {
		let device = worked_device();
		let treasury_before = Balances::free_balance(TreasuryAccount::get());
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		assert_eq!(Registry::dispute_locks(&device), 1);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Rejected));
		assert_eq!(Registry::dispute_locks(&device), 0);
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0);
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury_before + DISPUTE_BOND);
		assert_eq!(Balances::free_balance(bob()), 10_000 - DISPUTE_BOND);
		assert!(has_event(Event::DisputeRejected { id: 0, slashed: DISPUTE_BOND }));
		assert!(!record(0, &device).unwrap().voided);
		assert!(Registry::get(&device).unwrap().active);
	});
}

#[test]
fn dispute_errors_write_nothing() {
	new_test_ext(|| {
		let device = worked_device();
		let (_, idle) = usage_device("no-work");
		let open = |who: AccountId, device, epoch| {
			Work::open_dispute(RuntimeOrigin::signed(who), device, epoch, H256::zero())
		};
		assert_noop!(open(bob(), device, 1), Error::<Test>::DisputeOutsideWindow);
		assert_noop!(open(bob(), idle, 0), Error::<Test>::NoWorkToDispute);
		assert_noop!(open(poor(), device, 0), Error::<Test>::CannotAffordBond);
		assert_ok!(open(bob(), device, 0));
		assert_noop!(open(bob(), device, 0), Error::<Test>::DisputeAlreadyOpen);
		// Two more watchers may dispute the same work; a fourth finds the slots taken.
		assert_ok!(open(charlie(), device, 0));
		assert_ok!(open(alice(), device, 0));
		assert_noop!(open(verifier(1), device, 0), Error::<Test>::TooManyDisputes);
		let gone = {
			let (_, k) = usage_device("gone");
			Registry::remove(&k);
			k
		};
		assert_noop!(open(bob(), gone, 0), Error::<Test>::DisputedDeviceUnknown);
		assert_noop!(
			Work::expire_dispute(RuntimeOrigin::signed(bob()), 0),
			Error::<Test>::DisputeNotTimedOut
		);
		assert_noop!(
			Work::expire_dispute(RuntimeOrigin::signed(bob()), 9),
			Error::<Test>::UnknownDispute
		);
		assert_noop!(
			Work::set_dispute_timeout(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidDisputeTimeout
		);
		assert_noop!(
			Work::set_dispute_timeout(RuntimeOrigin::root(), DISPUTE_TIMEOUT + 2),
			Error::<Test>::InvalidDisputeTimeout
		);
		assert_noop!(Work::set_dispute_timeout(RuntimeOrigin::signed(bob()), 1), BadOrigin);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 1, Verdict::Rejected));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 2, Verdict::Rejected));
		assert_noop!(
			Work::resolve_dispute(RuntimeOrigin::root(), 9, Verdict::Upheld),
			Error::<Test>::UnknownDispute
		);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		assert_noop!(open(charlie(), device, 0), Error::<Test>::NoWorkToDispute);
		assert_noop!(
			Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld),
			Error::<Test>::UnknownDispute
		);
		// Epoch 0 is disputable until epoch WINDOW ends.
		let (d2, k2) = usage_device("late");
		assert_ok!(settle(0, vec![voucher(&d2, 0, 1)]));
		run_to_block(WINDOW as u64 * EPOCH + EPOCH - 1);
		assert_eq!(CurrentEpoch::<Test>::get(), WINDOW);
		run_to_block((WINDOW as u64 + 1) * EPOCH);
		assert_noop!(open(bob(), k2, 0), Error::<Test>::DisputeOutsideWindow);
	});
}

#[test]
fn work_is_final_once_closed_past_the_window_and_undisputed() {
	new_test_ext(|| {
		let device = worked_device();
		let final_work = || <Work as WorkInspect<AccountId, u64>>::final_work(&device, 0);
		assert_eq!(final_work(), None, "the epoch is running");
		run_to_block(EPOCH);
		assert_eq!(final_work(), None, "in its grace");
		run_to_block((WINDOW as u64) * EPOCH + GRACE);
		assert_eq!(final_work(), None, "inside the dispute window");
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		run_to_block((WINDOW as u64 + 1) * EPOCH);
		assert_eq!(final_work(), None, "a dispute is open");
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Rejected));
		assert_eq!(final_work().map(|w| w.units), Some(10));
		assert_eq!(<Work as WorkInspect<AccountId, u64>>::epoch_totals(0).units.usage, 10);
		assert_eq!(<Work as WorkInspect<AccountId, u64>>::current_epoch(), WINDOW + 1);
	});
}

#[test]
fn only_a_verdict_against_the_maker_faults_it() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		// The owner faked its work (say, a colluding consumer): upheld, the maker not at fault.
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), key, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		assert!(record(0, &key).is_some_and(|w| w.voided));
		assert!(
			MAKER_FAULTS.with(|m| m.borrow().is_empty()),
			"an owner's fraud is not the maker's"
		);
		// A device that is not what its maker certified: the maker answers too.
		let (e, other) = usage_device("clone");
		assert_ok!(settle(0, vec![voucher(&e, 0, 5)]));
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), other, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 1, Verdict::UpheldMakerAtFault));
		assert_eq!(MAKER_FAULTS.with(|m| m.borrow().clone()), vec![other]);
	});
}

/// Dispute squatting: the operator's second account opens a junk dispute right after the fake
/// work. Honest watchers may still dispute it (up to `MaxDisputesPerWork`, one each), each
/// bond at least `DisputeBondShare` of the device's bond; governance upholds the honest one,
/// whose disputer gets the reporter's share, and rejects the junk (its bond to the treasury).
/// A later upheld dispute of the same work gets its bond back and punishes nothing twice.
#[test]
fn dispute_squatting_cannot_lock_out_honest_watchers() {
	new_test_ext(|| {
		// A device with twice the test bond: its disputes cost 5 % of 2,000, above the floor.
		let params = ClassParams { bond: 2 * BOND, ..class(ProofKind::Usage, 100) };
		let (d, device) = device("dear", alice(), params, Some(CELL));
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		let open = |who: AccountId| {
			Work::open_dispute(RuntimeOrigin::signed(who), device, 0, H256::repeat_byte(1))
		};
		assert_ok!(open(charlie())); // the squatter
		assert_ok!(open(bob())); // an honest watcher
		assert_ok!(open(verifier(1))); // another
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 100, "5 % of the 2,000 bond");
		assert_eq!(Registry::dispute_locks(&device), 3);
		assert_eq!(
			OpenDisputes::<Test>::get(0, device).map(|ids| ids.into_inner()),
			Some(vec![0, 1, 2])
		);

		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 1, Verdict::Upheld));
		let slashes = SLASHES.with(|s| s.borrow().clone());
		assert_eq!(slashes, vec![(device, 200, bob()), (device, 800, TreasuryAccount::get())]);
		assert!(has_event(Event::DisputeUpheld { id: 1, slashed: 1_000 }));
		assert!(record(0, &device).unwrap().voided);
		// The other honest dispute held too: its bond back, nothing slashed again.
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 2, Verdict::Upheld));
		assert!(has_event(Event::DisputeUpheld { id: 2, slashed: 0 }));
		assert_eq!(SLASHES.with(|s| s.borrow().len()), 2);
		assert_eq!(held(HoldReason::DisputeBond, &verifier(1)), 0);
		// The squatter's junk is rejected.
		let treasury = Balances::free_balance(TreasuryAccount::get());
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Rejected));
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury + 100);
		assert_eq!(Registry::dispute_locks(&device), 0);
		assert!(!OpenDisputes::<Test>::contains_key(0, device));
	});
}

/// Free griefing: a dispute nobody resolves times out after `DisputeTimeout` epochs; anyone
/// may close it then, its bond refunded and the device unlocked, and `on_idle` closes the
/// others, within its weight budget. The work becomes final again.
#[test]
fn a_dispute_left_unresolved_times_out_and_refunds_its_bond() {
	new_test_ext(|| {
		let device = worked_device();
		let (d2, other) = usage_device("other");
		assert_ok!(settle(0, vec![voucher(&d2, 0, 3)]));
		for (who, key) in [(bob(), device), (charlie(), other), (alice(), device)] {
			assert_ok!(Work::open_dispute(RuntimeOrigin::signed(who), key, 0, H256::zero()));
		}
		let deadline = DISPUTE_TIMEOUT;
		assert_eq!(Disputes::<Test>::get(0).map(|d| d.deadline), Some(deadline));
		// Through the deadline's epoch it waits for a verdict.
		run_to_block(u64::from(deadline) * EPOCH + EPOCH - 1);
		assert_noop!(
			Work::expire_dispute(RuntimeOrigin::signed(alice()), 0),
			Error::<Test>::DisputeNotTimedOut
		);
		assert_eq!(<Work as WorkInspect<AccountId, u64>>::final_work(&device, 0), None);
		// Timed out: the device's owner closes Bob's at once, the bond goes back to Bob.
		run_to_block(u64::from(deadline + 1) * EPOCH);
		assert_ok!(Work::expire_dispute(RuntimeOrigin::signed(alice()), 0));
		assert!(has_event(Event::DisputeTimedOut { id: 0, refunded: DISPUTE_BOND }));
		assert_eq!(
			(held(HoldReason::DisputeBond, &bob()), Balances::free_balance(bob())),
			(0, 10_000)
		);
		assert_eq!(Registry::dispute_locks(&device), 1, "Alice's dispute still stands");
		// `on_idle` with room for one dispute closes one: two reads to start, a look at each
		// deadline epoch (0 and 1 are empty, 2 has the two left), the dispute, and the
		// cursor's write. Then the other.
		let db = <Test as frame_system::Config>::DbWeight::get();
		let one = <TestWeights as crate::WeightInfo>::expire_dispute()
			.saturating_add(db.reads_writes(2 + 3, 1));
		let used = Work::on_idle(0, one);
		assert!(used.all_lte(one));
		assert_eq!(Disputes::<Test>::iter().count(), 1);
		Work::on_idle(0, Weight::MAX);
		assert_eq!(Disputes::<Test>::iter().count(), 0);
		assert_eq!(DisputeDeadlines::<Test>::iter().count(), 0);
		assert_eq!(DeadlineCursor::<Test>::get(), deadline + 1);
		assert_eq!((Registry::dispute_locks(&device), Registry::dispute_locks(&other)), (0, 0));
		assert!(<Work as WorkInspect<AccountId, u64>>::final_work(&device, 0).is_some());
		// A shorter timeout applies to disputes opened afterwards.
		assert_ok!(Work::set_dispute_timeout(RuntimeOrigin::root(), 1));
		assert!(has_event(Event::DisputeTimeoutSet { epochs: 1 }));
	});
}
