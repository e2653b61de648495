//! Unit tests: the schedule function against closed forms, the epoch close, claims, expiry,
//! credits, every error path with `assert_noop!`, and the invariants after each test.

use depin_primitives::{
	CreditLedger, EpochIndex, EpochTotals, OnEpochClosed, OnWorkVoided, PerKind, ProofKind,
	PublicKey,
};
use frame_support::{
	assert_noop, assert_ok, traits::fungible::Inspect, traits::Hooks, weights::Weight, BoundedVec,
};
use sp_runtime::{traits::BadOrigin, Perbill};

use crate::{mock::*, pallet::*, *};
use depin_primitives::WorkInspect;

fn buy(buyer: u64, consumer: u64, amount: u64) -> frame_support::dispatch::DispatchResult {
	Emissions::buy_credits(RuntimeOrigin::signed(buyer), consumer, amount)
}

fn device(n: u8) -> PublicKey {
	PublicKey::Sr25519([n; 32])
}

/// An epoch's totals with `usage` credits burned for usage (at weight 1, its usage shares) and
/// `witnessed` and `attested` units (a full share each, as `MockWork::set_work` records them).
fn totals(usage: u64, witnessed: u64, attested: u64) -> EpochTotals<u64> {
	let full = depin_primitives::SHARE_PARTS;
	EpochTotals {
		units: PerKind { usage, witnessed, attested },
		shares: PerKind {
			usage: u128::from(usage),
			witnessed: u128::from(witnessed) * full,
			attested: u128::from(attested) * full,
		},
		credits: usage,
		devices: 0,
	}
}

fn close(epoch: EpochIndex, t: EpochTotals<u64>) {
	let _ = <Emissions as OnEpochClosed<u64>>::on_epoch_closed(epoch, &t);
}

fn claim(
	who: u64,
	device: PublicKey,
	epochs: Vec<EpochIndex>,
) -> frame_support::dispatch::DispatchResult {
	let epochs: BoundedVec<_, _> = epochs.try_into().expect("within MaxClaimEpochs");
	Emissions::claim(RuntimeOrigin::signed(who), device, epochs)
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Emissions(event.clone()))
}

// ---------------------------------------------------------------------------------------------
// The schedule function

/// Ten years of hourly epochs.
const TEN_YEARS: EpochIndex = 24 * 365 * 10;

#[test]
fn halving_matches_its_closed_form_over_ten_years() {
	let dpin: u128 = 1_000_000_000_000;
	let s = Schedule {
		initial: 7_134 * dpin,
		shape: Shape::Halving { every: 24 * 365 * 4 },
		tail: 100 * dpin,
		..mock_schedule_u128()
	};
	for n in 0..=TEN_YEARS {
		let closed_form = (s.initial >> (n / (24 * 365 * 4))).max(s.tail);
		assert_eq!(scheduled_emission(&s, n), closed_form, "epoch {n}");
	}
	// Far in the future only the tail is left.
	assert_eq!(scheduled_emission(&s, u32::MAX), s.tail);
}

#[test]
fn decay_matches_its_closed_form_over_ten_years() {
	let dpin: u128 = 1_000_000_000_000;
	let s = Schedule {
		initial: 10_000 * dpin,
		shape: Shape::Decay { per_epoch: Perbill::from_parts(20_000) }, // 0.002 % per epoch
		tail: 50 * dpin,
		..mock_schedule_u128()
	};
	let mut previous = u128::MAX;
	for n in (0..=TEN_YEARS).step_by(7) {
		let value = scheduled_emission(&s, n);
		let exact = (s.initial as f64) * (1.0 - 0.00002f64).powi(n as i32);
		let expected = exact.max(s.tail as f64);
		let error = ((value as f64) - expected).abs() / expected;
		assert!(error < 1e-6, "epoch {n}: {value} vs {expected} (relative error {error})");
		assert!(value <= previous, "never increases");
		previous = value;
	}
	// A 100 % decay leaves only the tail after the first epoch.
	let all = Schedule { shape: Shape::Decay { per_epoch: Perbill::one() }, ..s };
	assert_eq!(scheduled_emission(&all, 0), all.initial);
	assert_eq!(scheduled_emission(&all, 1), all.tail);
}

fn mock_schedule_u128() -> Schedule<u128> {
	let s = schedule();
	Schedule {
		initial: s.initial.into(),
		shape: s.shape,
		tail: s.tail.into(),
		cap: u128::MAX,
		split: s.split,
		kinds: s.kinds,
		usage_cap_multiplier: s.usage_cap_multiplier,
		bond_reward_cap: s.bond_reward_cap,
		claim_expiry: s.claim_expiry,
	}
}

// ---------------------------------------------------------------------------------------------
// Epoch close

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
			operators: 700,
			validators: 200,
			treasury: 100,
		}));
		close(7, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 7,
			emission: 0,
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

// ---------------------------------------------------------------------------------------------
// Claims

/// Closes epoch 0 with usage worth 1,100 credits (device 1: 60 units for 1,000 credits,
/// device 2: 40 units for 100) and witnessed 50 units (device 3), owned by Alice, and makes it
/// final.
fn closed_epoch_zero() {
	for n in 1..=3 {
		MockDevices::set_owner(device(n), ALICE);
	}
	MockWork::set_work(0, device(1), ProofKind::Usage, 60, 1_000);
	MockWork::set_work(0, device(2), ProofKind::Usage, 40, 100);
	MockWork::set_work(0, device(3), ProofKind::Witnessed, 50, 0);
	close(0, totals(1_100, 50, 0));
	MockWork::set_epoch(WINDOW + 1);
}

#[test]
fn owners_claim_their_share_of_the_pool() {
	new_test_ext(|| {
		closed_epoch_zero();
		let before = Balances::balance(&ALICE);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		// The usage pool (3,500) is shared by value: device 1's 1,000 of the 1,100 credits
		// would earn 3,181, above 3 × its 1,000 credits: it gets the cap, 3,000.
		assert_eq!(Balances::balance(&ALICE), before + 3_000);
		assert_eq!(Claimed::<Test>::get(0, device(1)), Some(3_000));
		assert!(has_event(Event::RewardsClaimed {
			device: device(1),
			owner: ALICE,
			epochs: 1,
			amount: 3_000
		}));
		// Device 2: 318 of the pool, capped at 3 × its 100 credits. Its 40 units (40 % of
		// the usage units for 9 % of the value) count for nothing by themselves.
		assert_ok!(claim(ALICE, device(2), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(2)), Some(300));
		// Device 3 has all witnessed units.
		assert_ok!(claim(ALICE, device(3), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(2_100));
		let reward = Rewards::<Test>::get(0).unwrap();
		assert_eq!(reward.claimed, 5_400);
		assert_eq!(Reserved::<Test>::get(), 5_600 - 5_400);
		assert_eq!(Minted::<Test>::get(0), 3_000 + 5_400);
	});
}

#[test]
fn witnessed_and_attested_rewards_never_exceed_the_cap_times_the_bond() {
	let capped = Schedule { bond_reward_cap: Perbill::from_percent(10), ..schedule() };
	with_schedule(Some(capped), || {
		// Device 3 alone earns the witnessed pool (2,100) on a bond of 5,000: capped at 500.
		// Device 4 shares the attested pool (1,400) with nobody, on an uncapped bond.
		MockWork::set_bond(device(3), 5_000);
		MockWork::set_work(0, device(3), ProofKind::Witnessed, 50, 0);
		MockWork::set_work(0, device(4), ProofKind::Attested, 7, 0);
		// Usage is capped by the credits burned, never by the bond.
		MockWork::set_bond(device(1), 1);
		MockWork::set_work(0, device(1), ProofKind::Usage, 10, 1_000);
		close(0, totals(1_000, 50, 7));
		MockWork::set_epoch(WINDOW + 1);
		assert_eq!(Rewards::<Test>::get(0).unwrap().bond_reward_cap, Perbill::from_percent(10));
		assert_eq!(Emissions::pending_reward(&device(3), 0).unwrap().reward, 500);
		assert_ok!(claim(ALICE, device(3), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(500));
		assert_ok!(claim(ALICE, device(4), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(4)), Some(1_400));
		assert_ok!(claim(ALICE, device(1), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(1)), Some(3_000), "3 × its credits");
		// What the cap withheld is never minted: it stays reserved until the epoch expires.
		assert_eq!(Reserved::<Test>::get(), 3_500 + 2_100 + 1_400 - 500 - 1_400 - 3_000);
		// The invariants catch a claim above the cap.
		Claimed::<Test>::insert(0, device(3), 501);
		assert_eq!(
			Emissions::do_try_state(),
			Err(sp_runtime::TryRuntimeError::Other("a claim above the bond reward cap"))
		);
		Claimed::<Test>::insert(0, device(3), 500);
		// A schedule that caps at zero would pay no witnessed or attested device: refused.
		assert_noop!(
			Emissions::set_schedule(
				RuntimeOrigin::root(),
				Schedule { bond_reward_cap: Perbill::zero(), ..schedule() }
			),
			Error::<Test>::ZeroBondRewardCap
		);
	});
}

#[test]
fn only_the_owner_at_work_time_claims() {
	new_test_ext(|| {
		closed_epoch_zero();
		// Device 1 changed hands after the work: the buyer cannot take the seller's reward.
		MockDevices::set_owner(device(1), BOB);
		assert_noop!(claim(BOB, device(1), vec![0]), Error::<Test>::NotOwner);
		assert_ok!(claim(ALICE, device(1), vec![0]));
	});
}

#[test]
fn a_voided_reward_of_a_closed_epoch_goes_to_the_treasury() {
	new_test_ext(|| {
		closed_epoch_zero();
		let treasury = Balances::balance(&TREASURY);
		let work = MockWork::work_of(&device(3), 0).unwrap();
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(3), &work);
		// Device 3's whole witnessed pool is minted to the treasury and counted as claimed.
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(2_100));
		assert_eq!(Rewards::<Test>::get(0).unwrap().claimed, 2_100);
		assert_eq!(Reserved::<Test>::get(), 5_600 - 2_100);
		assert!(has_event(Event::VoidedRewardToTreasury {
			epoch: 0,
			device: device(3),
			amount: 2_100
		}));
		// Told again (or after a claim), nothing more moves.
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(3), &work);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		let work = MockWork::work_of(&device(1), 0).unwrap();
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(1), &work);
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
		// An epoch without rewards pays nothing.
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(7, &device(2), &work);
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
	});
}

#[test]
fn claims_over_several_epochs_in_one_call() {
	new_test_ext(|| {
		MockDevices::set_owner(device(3), ALICE);
		for epoch in 0..3 {
			MockWork::set_work(epoch, device(3), ProofKind::Witnessed, 5, 0);
			close(epoch, totals(0, 10, 0));
		}
		MockWork::set_epoch(2 + WINDOW + 1);
		let before = Balances::balance(&ALICE);
		assert_ok!(claim(ALICE, device(3), vec![0, 1, 2]));
		// Half of each epoch's 2,100 witnessed pool.
		assert_eq!(Balances::balance(&ALICE), before + 3 * 1_050);
	});
}

#[test]
fn claim_errors_write_nothing() {
	new_test_ext(|| {
		closed_epoch_zero();
		MockWork::set_work(0, device(4), ProofKind::Usage, 1, 1);
		MockDevices::set_owner(device(4), ALICE);
		MockWork::void(0, device(4));
		MockDevices::set_owner(device(5), ALICE);

		// A device without work (registered or not) has no reward.
		assert_noop!(claim(ALICE, device(9), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(BOB, device(1), vec![0]), Error::<Test>::NotOwner);
		assert_noop!(claim(ALICE, device(1), vec![]), Error::<Test>::NoEpochs);
		assert_noop!(claim(ALICE, device(1), vec![0, 1]), Error::<Test>::EpochNotFinal);
		assert_noop!(claim(ALICE, device(4), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(ALICE, device(5), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(ALICE, device(1), vec![0, 0]), Error::<Test>::AlreadyClaimed);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		assert_noop!(claim(ALICE, device(1), vec![0]), Error::<Test>::AlreadyClaimed);
		// Too many epochs cannot even be expressed: the bound is part of the call's type.
		assert!(BoundedVec::<EpochIndex, <Test as Config>::MaxClaimEpochs>::try_from(vec![0; 5])
			.is_err());
		// After `claim_expiry` (5) epochs, unclaimed rewards are gone.
		MockWork::set_epoch(6);
		assert_noop!(claim(ALICE, device(2), vec![0]), Error::<Test>::ClaimExpired);
	});
}

#[test]
fn rounding_never_pays_more_than_the_pool() {
	new_test_ext(|| {
		// 7 devices with awkward unit counts share one witnessed pool.
		let units = [1u64, 2, 3, 5, 7, 11, 13];
		let total: u64 = units.iter().sum();
		for (i, u) in units.iter().enumerate() {
			let d = device(10 + i as u8);
			MockWork::set_work(0, d, ProofKind::Witnessed, *u, 0);
			MockDevices::set_owner(d, ALICE);
		}
		close(0, totals(0, total, 0));
		MockWork::set_epoch(WINDOW + 1);
		for i in 0..units.len() {
			assert_ok!(claim(ALICE, device(10 + i as u8), vec![0]));
		}
		let reward = Rewards::<Test>::get(0).unwrap();
		assert!(reward.claimed <= reward.pools.witnessed);
		assert!(
			reward.pools.witnessed - reward.claimed < units.len() as u64,
			"at most a planck each"
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Expiry

/// `on_idle` expiry removes as many claim records as its benchmarked price allows after the
/// fixed part, finishes the epoch only once they are all gone, and never reports more weight
/// than it was given.
#[test]
fn expiry_budgets_claim_records_by_their_benchmarked_price() {
	let base = <TestWeights as crate::WeightInfo>::expire_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::expire_epoch(1).saturating_sub(base);
	let mut ext = genesis(Some(schedule()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Rewards::<Test>::insert(0, EpochReward::default());
		(1..=4).for_each(|n| Claimed::<Test>::insert(0, device(n), 1));
		MockWork::set_epoch(6);
	});
	// Storage-removal limits count keys already in the backend: commit before each block.
	ext.commit_all().expect("the overlay commits");
	for (given, keys_left) in [
		(base.saturating_add(per_key).saturating_sub(Weight::from_parts(1, 0)), 4),
		(base.saturating_add(per_key), 3),
		(base.saturating_add(per_key.saturating_mul(2)), 1),
		(Weight::MAX, 0),
	] {
		ext.execute_with(|| {
			let used = Emissions::on_idle(1, given);
			assert!(used.all_lte(given), "used {used:?} of {given:?}");
			assert_eq!(Claimed::<Test>::iter_prefix(0).count(), keys_left, "{given:?}");
			assert_eq!(Rewards::<Test>::contains_key(0), keys_left > 0, "{given:?}");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| assert_eq!(ExpiryCursor::<Test>::get(), 1));
}

/// Multi-block state: an epoch's claim records are removed over several blocks with a small
/// `on_idle` budget, and governance raises the claim expiry half-way. No reward is claimed
/// twice (a device whose record is gone cannot claim, `ClaimExpired`), none is paid to the
/// treasury as voided, the epoch finishes expiring, and the invariants hold at every block.
#[test]
fn an_epoch_part_way_through_expiry_pays_nothing_whatever_the_expiry() {
	let base = <TestWeights as crate::WeightInfo>::expire_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::expire_epoch(1).saturating_sub(base);
	let mut ext = genesis(Some(schedule()));
	ext.execute_with(|| {
		System::set_block_number(1);
		for n in 1..=4 {
			MockWork::set_work(0, device(n), ProofKind::Witnessed, 10, 0);
		}
		close(0, totals(0, 40, 0));
		MockWork::set_epoch(WINDOW + 1);
		for n in 1..=3 {
			assert_ok!(claim(ALICE, device(n), vec![0]));
		}
		// Past the claim expiry (5 epochs): device 4 never claimed.
		MockWork::set_epoch(6);
		Emissions::do_try_state().expect("before");
	});
	ext.commit_all().expect("the overlay commits");
	let one_key = base.saturating_add(per_key);
	// Three claim records: one removed per block, the last one at block 4.
	for block in 2..=3 {
		ext.execute_with(|| {
			System::set_block_number(block);
			Emissions::on_idle(block, one_key);
			assert_eq!(Emissions::expiring_epoch(), Some(0), "block {block}");
			Emissions::do_try_state().expect("invariants hold part-way");
			if block == 2 {
				// Governance lengthens the claim expiry to 10 epochs: epoch 0 would be
				// claimable again, but it is part-way through expiry.
				ActiveSchedule::<Test>::mutate(|s| s.as_mut().unwrap().claim_expiry = 10);
			}
			for n in 1..=4 {
				assert_noop!(claim(ALICE, device(n), vec![0]), Error::<Test>::ClaimExpired);
			}
			let work = MockWork::work_of(&device(4), 0).unwrap();
			let treasury = Balances::balance(&TREASURY);
			let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(4), &work);
			assert_eq!(Balances::balance(&TREASURY), treasury, "nothing paid as voided");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| {
		Emissions::on_idle(4, one_key);
		assert_eq!((Emissions::expiring_epoch(), ExpiryCursor::<Test>::get()), (None, 1));
		assert!(!Rewards::<Test>::contains_key(0));
		assert_eq!(Claimed::<Test>::iter_prefix(0).count(), 0);
		Emissions::do_try_state().expect("after");
	});
}

#[test]
fn unclaimed_rewards_expire_unminted() {
	new_test_ext(|| {
		closed_epoch_zero();
		assert_ok!(claim(ALICE, device(1), vec![0]));
		let issuance = Balances::total_issuance();
		Emissions::on_idle(1, Weight::MAX);
		assert!(Rewards::<Test>::get(0).is_some(), "not expired yet");
		MockWork::set_epoch(6);
		Emissions::on_idle(1, Weight::MAX);
		assert!(Rewards::<Test>::get(0).is_none());
		assert_eq!(Claimed::<Test>::get(0, device(1)), None);
		assert_eq!(Reserved::<Test>::get(), 0);
		assert!(has_event(Event::RewardsExpired { epoch: 0, unclaimed: 5_600 - 3_000 }));
		assert_eq!(Balances::total_issuance(), issuance, "expired rewards are never minted");
		assert_eq!(ExpiryCursor::<Test>::get(), 1);
	});
}

// ---------------------------------------------------------------------------------------------
// Schedule changes

#[test]
fn a_schedule_change_takes_effect_after_the_next_close() {
	new_test_ext(|| {
		let mut s = schedule();
		s.initial = 20_000;
		s.shape = Shape::Decay { per_epoch: Perbill::from_percent(10) };
		assert_noop!(Emissions::set_schedule(RuntimeOrigin::signed(ALICE), s.clone()), BadOrigin);
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), s.clone()));
		assert!(has_event(Event::ScheduleSet { schedule: s.clone() }));
		close(0, totals(0, 0, 0));
		assert!(has_event(Event::EpochRewarded {
			epoch: 0,
			emission: 10_000,
			operators: 0,
			validators: 2_000,
			treasury: 1_000,
		}));
		assert_eq!(ActiveSchedule::<Test>::get(), Some(s.clone()));
		assert_eq!(ScheduleStart::<Test>::get(), 1);
		assert!(has_event(Event::ScheduleEnacted { epoch: 1 }));
		assert_eq!(Emissions::emission_of(1), 20_000);
		assert_eq!(Emissions::emission_of(2), 18_000);
		// The history keeps the latest MaxHistory (3) schedules.
		for epoch in 1..4 {
			assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), schedule()));
			close(epoch, totals(0, 0, 0));
		}
		let history: Vec<_> = History::<Test>::get().iter().map(|(e, _)| *e).collect();
		assert_eq!(history, vec![2, 3, 4]);
	});
}

#[test]
fn invalid_schedules_are_rejected() {
	new_test_ext(|| {
		let check = |change: fn(&mut Schedule<u64>), error: Error<Test>| {
			let mut s = schedule();
			change(&mut s);
			assert_noop!(Emissions::set_schedule(RuntimeOrigin::root(), s), error);
		};
		check(|s| s.split.treasury = Perbill::from_percent(11), Error::<Test>::InvalidSplit);
		check(|s| s.kinds.usage = Perbill::from_percent(49), Error::<Test>::InvalidKindWeights);
		check(|s| s.shape = Shape::Halving { every: 0 }, Error::<Test>::InvalidShape);
		check(|s| s.cap = MAX_CAP + 1, Error::<Test>::CapTooHigh);
		check(|s| s.usage_cap_multiplier = 4, Error::<Test>::UsageCapTooHigh);
		check(|s| s.bond_reward_cap = Perbill::zero(), Error::<Test>::ZeroBondRewardCap);
		check(
			|s| s.bond_reward_cap = Perbill::from_percent(51),
			Error::<Test>::BondRewardCapTooHigh,
		);
		check(|s| s.cap = 100, Error::<Test>::CapBelowIssuance);
		check(|s| s.claim_expiry = WINDOW, Error::<Test>::ClaimExpiryTooShort);
		check(|s| s.claim_expiry = RETENTION + 1, Error::<Test>::ClaimExpiryTooLong);
		assert_eq!(PendingSchedule::<Test>::get(), None);
	});
}

// ---------------------------------------------------------------------------------------------
// Credits

#[test]
fn buying_credits_burns_tokens() {
	new_test_ext(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(buy(ALICE, BOB, 300));
		assert_eq!(Balances::balance(&ALICE), 700);
		assert_eq!(Balances::total_issuance(), issuance - 300, "burned, not transferred");
		assert_eq!(Credits::<Test>::get(BOB), 300);
		assert_eq!(Credits::<Test>::get(ALICE), 0);
		assert_eq!(Burned::<Test>::get(0), 300);
		System::assert_last_event(
			Event::CreditsBought { buyer: ALICE, consumer: BOB, amount: 300, epoch: 0 }.into(),
		);
		// Burns are booked in the epoch they happen in; with the epoch's mint this gives the
		// sustainability ratio burned / minted.
		MockWork::set_epoch(4);
		assert_ok!(buy(ALICE, ALICE, 100));
		assert_eq!((Burned::<Test>::get(0), Burned::<Test>::get(4)), (300, 100));
		assert_eq!(CreditsIssued::<Test>::get(), 400);
	});
}

#[test]
fn credit_purchase_errors_write_nothing() {
	new_test_ext(|| {
		assert_noop!(buy(ALICE, BOB, MIN_PURCHASE - 1), Error::<Test>::BelowMinimumPurchase);
		assert_noop!(buy(ALICE, BOB, 1_001), Error::<Test>::InsufficientBalance);
		// The buyer must keep the existential deposit (5).
		assert_noop!(buy(ALICE, BOB, 996), Error::<Test>::InsufficientBalance);
		assert_noop!(buy(3, ALICE, MIN_PURCHASE), Error::<Test>::InsufficientBalance);
		assert_noop!(Emissions::buy_credits(RuntimeOrigin::root(), BOB, MIN_PURCHASE), BadOrigin);
		assert_ok!(buy(ALICE, BOB, 995));
	});
}

#[test]
fn the_work_pallet_spends_credits() {
	new_test_ext(|| {
		assert_ok!(buy(ALICE, BOB, 100));
		assert_eq!(<Emissions as CreditLedger<u64, u64>>::credits(&BOB), 100);
		assert_ok!(<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 60));
		assert_noop!(
			<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 41),
			Error::<Test>::InsufficientCredits
		);
		assert_ok!(<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 40));
		assert_eq!(Credits::<Test>::get(BOB), 0);
		assert!(!Credits::<Test>::contains_key(BOB), "spent to zero, the entry is removed");
		assert_eq!(CreditsSpent::<Test>::get(), 100);
		assert_noop!(
			<Emissions as CreditLedger<u64, u64>>::debit(&TREASURY, 1),
			Error::<Test>::InsufficientCredits
		);
		// The invariants catch a stored empty entry.
		Credits::<Test>::insert(BOB, 0);
		assert_eq!(
			Emissions::do_try_state(),
			Err(sp_runtime::TryRuntimeError::Other("a consumer without credits keeps an entry"))
		);
		Credits::<Test>::remove(BOB);
	});
}

// ---------------------------------------------------------------------------------------------
// Shares that cannot be minted, and the storage version

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

#[test]
fn the_storage_version_is_declared_and_set_at_genesis() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	use sp_runtime::BuildStorage;
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		emissions: GenesisConfig { schedule: None },
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(Emissions::in_code_storage_version(), StorageVersion::new(2));
		assert_eq!(Emissions::on_chain_storage_version(), Emissions::in_code_storage_version());
	});
}

/// A v0 reward record of epoch 4 with `pools`, on a chain at storage version 0.
fn v0_reward(pools: PerKind<u64>) {
	use frame_support::{storage::unhashed, traits::StorageVersion};
	unhashed::put(
		&Rewards::<Test>::hashed_key_for(4),
		&migrations::v0::EpochReward {
			pools,
			units: PerKind { usage: 1, witnessed: 2, attested: 3 },
			usage_cap_multiplier: 1,
			claimed: 50u64,
		},
	);
	StorageVersion::new(0).put::<Emissions>();
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v0_to_v1_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	new_test_ext(|| {
		v0_reward(PerKind { usage: 100, witnessed: 200, attested: 300 });
		migrations::V0ToV1::<Test>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		Rewards::<Test>::remove(4);
	});
}

#[test]
fn migration_v0_to_v1_turns_reward_units_into_shares() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		let pools = PerKind { usage: 100u64, witnessed: 200, attested: 300 };
		v0_reward(pools);
		migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 1);
		let reward = migrations::v1::Rewards::<Test>::get(4).expect("translated");
		assert_eq!(reward.pools, pools);
		assert_eq!(
			reward.shares,
			PerKind {
				usage: depin_primitives::SHARE_PARTS,
				witnessed: 2 * depin_primitives::SHARE_PARTS,
				attested: 3 * depin_primitives::SHARE_PARTS
			}
		);
		assert_eq!((reward.usage_cap_multiplier, reward.claimed), (1, 50));
		Rewards::<Test>::remove(4);
	});
}

/// A v1 schedule in force, a pending one, and a v1 reward record of epoch 4, on a chain at
/// storage version 1.
fn v1_state() {
	use frame_support::{storage::unhashed, traits::StorageVersion};
	let s = schedule();
	let old = migrations::v1::Schedule {
		initial: s.initial,
		shape: s.shape,
		tail: s.tail,
		cap: s.cap,
		split: s.split,
		kinds: s.kinds,
		usage_cap_multiplier: 1,
		claim_expiry: s.claim_expiry,
	};
	unhashed::put(&ActiveSchedule::<Test>::hashed_key(), &old);
	unhashed::put(&PendingSchedule::<Test>::hashed_key(), &old);
	unhashed::put(&History::<Test>::hashed_key(), &vec![(0u32, &old), (3u32, &old)]);
	migrations::v1::Rewards::<Test>::insert(
		4,
		migrations::v1::EpochReward {
			pools: PerKind { usage: 100u64, witnessed: 200, attested: 300 },
			shares: PerKind { usage: 1, witnessed: 2, attested: 3 },
			usage_cap_multiplier: 1,
			claimed: 50,
		},
	);
	StorageVersion::new(1).put::<Emissions>();
}

frame_support::parameter_types! {
	pub const CapAtV2: Perbill = Perbill::from_percent(1);
}

#[test]
fn migration_v1_to_v2_caps_new_rewards_by_bond_and_leaves_closed_epochs_alone() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		v1_state();
		migrations::V1ToV2::<Test, CapAtV2>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 2);
		for s in [ActiveSchedule::<Test>::get(), PendingSchedule::<Test>::get()] {
			let s = s.expect("translated");
			assert_eq!((s.bond_reward_cap, s.usage_cap_multiplier), (CapAtV2::get(), 1));
			assert_eq!(s.claim_expiry, schedule().claim_expiry);
		}
		let history = History::<Test>::get();
		assert_eq!(history.iter().map(|(e, _)| *e).collect::<Vec<_>>(), vec![0, 3]);
		assert!(history.iter().all(|(_, s)| s.bond_reward_cap == CapAtV2::get()));
		let reward = Rewards::<Test>::get(4).expect("translated");
		assert_eq!(reward.bond_reward_cap, Perbill::one(), "rewards already closed keep theirs");
		assert_eq!((reward.pools.attested, reward.shares.attested, reward.claimed), (300, 3, 50));
		// Run again, it changes nothing: the version is 2.
		migrations::V1ToV2::<Test, CapAtV2>::on_runtime_upgrade();
		assert_eq!(Rewards::<Test>::get(4), Some(reward));
		Rewards::<Test>::remove(4);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v1_to_v2_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	new_test_ext(|| {
		v1_state();
		migrations::V1ToV2::<Test, CapAtV2>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		Rewards::<Test>::remove(4);
	});
}
