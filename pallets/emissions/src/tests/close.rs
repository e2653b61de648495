//! The epoch close: the emission split between operators' pools, validators and treasury,
//! clipped at the cap, without a schedule or validators, and the shares that cannot be minted.

use super::*;

#[test]
fn an_epoch_close_splits_the_emission_without_touching_devices() {
	new_test_ext(|| {
		let issuance = Balances::total_issuance();
		close(0, totals(100, 50, 0));
		// 10,000: operators 7,000 (usage 3,500, witnessed 2,100, attested's 1,400 unminted
		// because no attested work), validators 2,000 (two paid: MaxValidators = 2),
		// treasury 1,000.
		let reward = Rewards::<Test>::get(0).unwrap();
		assert_eq!(reward.pools, PerKind { usage: 3_500, witnessed: 2_100, attested: 0 });
		let full = depin_primitives::SHARE_PARTS;
		assert_eq!(reward.shares, PerKind { usage: 100, witnessed: 50 * full, attested: 0 });
		assert_eq!(
			(Balances::balance(&V1), Balances::balance(&V2), Balances::balance(&V3)),
			(1_000, 1_000, 0)
		);
		assert_eq!(Balances::balance(&TREASURY), 10 + 1_000);
		assert_eq!(Reserved::<Test>::get(), 5_600);
		assert_eq!(Minted::<Test>::get(0), 3_000);
		assert_eq!(Balances::total_issuance(), issuance + 3_000);
		assert!(has_event(Event::EpochRewarded {
			epoch: 0,
			emission: 10_000,
			withheld: 0,
			reminted: 0,
			operators: 5_600,
			validators: 2_000,
			treasury: 1_000,
		}));
	});
}

#[test]
fn the_emission_halves_and_is_clipped_at_the_cap() {
	new_test_ext(|| {
		close(3, totals(1, 0, 0));
		assert_eq!(Rewards::<Test>::get(3).unwrap().pools.usage, 3_500);
		close(4, totals(1, 0, 0));
		assert_eq!(Rewards::<Test>::get(4).unwrap().pools.usage, 1_750, "halved after 4 epochs");
		// A cap 6,000 above what is committed: epoch 5 (old schedule) commits 5,000, epoch 6
		// (new schedule) is clipped to the 1,000 left, epoch 7 gets nothing.
		let committed = Emissions::committed();
		let mut s = schedule();
		s.cap = committed + 6_000;
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), s));
		close(5, totals(1, 1, 1));
		close(6, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 6,
			emission: 1_000,
			withheld: 0,
			reminted: 0,
			operators: 700,
			validators: 200,
			treasury: 100,
		}));
		close(7, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 7,
			emission: 0,
			withheld: 0,
			reminted: 0,
			operators: 0,
			validators: 0,
			treasury: 0,
		}));
		assert_eq!(Emissions::committed(), committed + 6_000, "never past the cap");
	});
}

#[test]
fn a_lower_cap_bounds_the_close_that_enacts_it() {
	new_test_ext(|| {
		close(3, totals(1, 0, 0));
		// A cap only 1,000 above what is committed, set before a close that would emit 5,000
		// under the old schedule: that close is clipped to the new cap, which is in force
		// right after it.
		let committed = Emissions::committed();
		let mut s = schedule();
		s.cap = committed + 1_000;
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), s.clone()));
		close(4, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 4,
			emission: 1_000,
			withheld: 0,
			reminted: 0,
			operators: 700,
			validators: 200,
			treasury: 100,
		}));
		assert_eq!(ActiveSchedule::<Test>::get(), Some(s));
		assert_eq!(Emissions::committed(), committed + 1_000, "exactly at the new cap");
		assert_ok!(Emissions::do_try_state());
	});
}

#[test]
fn without_a_schedule_nothing_is_emitted() {
	with_schedule(None, || {
		let issuance = Balances::total_issuance();
		close(0, totals(10, 10, 10));
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(Rewards::<Test>::get(0).is_none());
	});
}

#[test]
fn without_validators_their_share_goes_to_the_treasury() {
	new_test_ext(|| {
		VALIDATORS.with(|v| v.borrow_mut().clear());
		close(0, totals(0, 0, 0));
		// No work at all: only the treasury is paid (its 10 % and the validators' 20 %).
		assert_eq!(Balances::balance(&TREASURY), 10 + 3_000);
		assert_eq!(Reserved::<Test>::get(), 0);
	});
}

#[test]
fn shares_that_cannot_be_minted_are_reported() {
	// 10 per epoch, no tail, the operators' share all usage (no rounding): operators 7,
	// validators 2 (1 each, below the existential deposit of 5 of accounts that do not exist
	// yet), treasury 1 plus the validators' 2.
	let mut s = schedule();
	s.initial = 10;
	s.tail = 0;
	s.kinds.usage = Perbill::one();
	s.kinds.witnessed = Perbill::from_percent(0);
	s.kinds.attested = Perbill::from_percent(0);
	with_schedule(Some(s), || {
		// Without a treasury account, its 3 is below the existential deposit too.
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&TREASURY, 0);
		let issuance = Balances::total_issuance();
		close(0, totals(0, 0, 0));
		for validator in [V1, V2] {
			assert!(has_event(Event::ValidatorPayoutSkipped { epoch: 0, validator, amount: 1 }));
			assert_eq!(Balances::balance(&validator), 0);
		}
		assert!(has_event(Event::TreasuryPayoutSkipped { epoch: 0, amount: 3 }));
		assert!(has_event(Event::EpochRewarded {
			epoch: 0,
			emission: 10,
			withheld: 0,
			reminted: 0,
			operators: 0,
			validators: 0,
			treasury: 0,
		}));
		assert_eq!(Balances::total_issuance(), issuance, "nothing was minted");
		assert_eq!(Minted::<Test>::get(0), 0);
	});
}

#[test]
fn a_close_that_pays_everyone_reports_nothing_skipped() {
	new_test_ext(|| {
		close(0, totals(1, 1, 1));
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Emissions(
				Event::ValidatorPayoutSkipped { .. } | Event::TreasuryPayoutSkipped { .. }
			)
		)));
	});
}
