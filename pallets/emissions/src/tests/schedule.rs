//! The emission schedule: the schedule function against its closed forms over ten years,
//! schedule changes (effective after the next close, kept in a bounded history) and the rules
//! a schedule must meet.

use super::*;

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
		assert_eq!(curve_emission(&s, n), closed_form, "epoch {n}");
	}
	// Far in the future only the tail is left.
	assert_eq!(curve_emission(&s, u32::MAX), s.tail);
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
		let value = curve_emission(&s, n);
		let exact = (s.initial as f64) * (1.0 - 0.00002f64).powi(n as i32);
		let expected = exact.max(s.tail as f64);
		let error = ((value as f64) - expected).abs() / expected;
		assert!(error < 1e-6, "epoch {n}: {value} vs {expected} (relative error {error})");
		assert!(value <= previous, "never increases");
		previous = value;
	}
	// A 100 % decay leaves only the tail after the first epoch.
	let all = Schedule { shape: Shape::Decay { per_epoch: Perbill::one() }, ..s };
	assert_eq!(curve_emission(&all, 0), all.initial);
	assert_eq!(curve_emission(&all, 1), all.tail);
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
		net: NetEmissions { smoothing: 1, remint_cap: 0, ratio_window: 1 },
		demand_index: None,
	}
}

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
			withheld: 0,
			reminted: 0,
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
		check(|s| s.net.smoothing = 0, Error::<Test>::InvalidSmoothing);
		check(|s| s.net.smoothing = 1_001, Error::<Test>::InvalidSmoothing);
		check(|s| s.net.ratio_window = 0, Error::<Test>::InvalidRatioWindow);
		check(|s| s.net.ratio_window = 1_001, Error::<Test>::InvalidRatioWindow);
		check(|s| s.net.remint_cap = MAX_REMINT_CAP + 1, Error::<Test>::RemintCapTooHigh);
		check(
			|s| s.demand_index = Some(DemandIndex { target_ppm: 0, ..default_index() }),
			Error::<Test>::InvalidDemandTarget,
		);
		check(
			|s| {
				s.demand_index =
					Some(DemandIndex { target_ppm: 10 * RATIO_ONE as u32 + 1, ..default_index() })
			},
			Error::<Test>::InvalidDemandTarget,
		);
		check(
			|s| {
				s.demand_index = Some(DemandIndex {
					floor: Perbill::from_percent(60),
					ceiling: Perbill::from_percent(50),
					..default_index()
				})
			},
			Error::<Test>::SubsidyFloorAboveCeiling,
		);
		// At the bounds, and with the floor at the ceiling, the schedule is valid.
		let mut s = schedule();
		s.net = NetEmissions { smoothing: 1_000, remint_cap: MAX_REMINT_CAP, ratio_window: 1_000 };
		s.demand_index = Some(DemandIndex { floor: Perbill::one(), ..default_index() });
		assert_ok!(Emissions::check_schedule(&s));
		assert_eq!(PendingSchedule::<Test>::get(), None);
	});
}

/// A demand index reaching its floor of 20 % at a sustainability ratio of 1.
pub(super) fn default_index() -> DemandIndex {
	DemandIndex {
		target_ppm: RATIO_ONE as u32,
		floor: Perbill::from_percent(20),
		ceiling: Perbill::one(),
	}
}
