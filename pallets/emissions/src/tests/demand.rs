//! Emissions that follow demand: the smoothed burn and the trailing ratio against their closed
//! forms over ten years of epochs, the subsidy taper, re-mints into the operators' pools (never
//! above the supply cap, the re-mint cap or what was burned), the sustainability record and
//! its pruning.

use super::*;

/// Ten years of hourly epochs.
const TEN_YEARS: EpochIndex = 24 * 365 * 10;

const DPIN: u128 = 1_000_000_000_000;

fn net(smoothing: u32, remint_cap: u128, ratio_window: u32) -> NetEmissions<u128> {
	NetEmissions { smoothing, remint_cap, ratio_window }
}

/// The production-like schedule of the scenarios: 7,134 DPIN halving every four years, a
/// week of smoothing, a month's ratio window, re-mints up to 7,134 DPIN, and a demand index
/// from 100 % down to 25 % at a ratio of 1.
fn scenario_schedule() -> Schedule<u128> {
	let s = schedule();
	Schedule {
		initial: 7_134 * DPIN,
		shape: Shape::Halving { every: 24 * 365 * 4 },
		tail: 100 * DPIN,
		cap: 1_000_000_000 * DPIN,
		split: s.split,
		kinds: s.kinds,
		usage_cap_multiplier: 1,
		bond_reward_cap: s.bond_reward_cap,
		claim_expiry: s.claim_expiry,
		net: net(168, 7_134 * DPIN, 720),
		demand_index: Some(DemandIndex {
			target_ppm: RATIO_ONE as u32,
			floor: Perbill::from_percent(25),
			ceiling: Perbill::one(),
		}),
	}
}

/// Runs the pure close of `schedule` over `epochs` epochs with `burn(n)` burned in epoch `n`
/// and every kind at work, calling `check(n, figures, state after the close)`.
fn play(
	schedule: &Schedule<u128>,
	epochs: EpochIndex,
	burn: impl Fn(EpochIndex) -> u128,
	mut check: impl FnMut(EpochIndex, &CloseFigures<u128>, &DemandState<u128>),
) {
	let mut state = DemandState::<u128>::default();
	let mut committed = 0u128;
	for n in 0..epochs {
		let burned = burn(n);
		committed = committed.saturating_sub(burned);
		let (figures, minted, after) =
			model_close(schedule, n, &state, burned, schedule.cap.saturating_sub(committed));
		committed += minted;
		state = after;
		check(n, &figures, &state);
	}
}

#[test]
fn without_demand_the_schedule_is_its_curve_over_ten_years() {
	let s = scenario_schedule();
	play(
		&s,
		TEN_YEARS,
		|_| 0,
		|n, figures, state| {
			let curve = (s.initial >> (n / (24 * 365 * 4))).max(s.tail);
			assert_eq!(figures.curve, curve, "epoch {n}");
			assert_eq!((figures.subsidy_scale, figures.remint), (Perbill::one(), 0), "epoch {n}");
			assert_eq!(state.ratio_ppm(), 0);
			assert_eq!(scheduled_emission(&s, n, state), curve, "nothing tapered, nothing lost");
		},
	);
}

#[test]
fn a_steady_burn_is_smoothed_and_reminted_as_its_closed_form_says() {
	// A constant burn b: s_n = b·(1 − (1 − 1/k)^(n+1)), to within the rounding of n steps.
	let s = scenario_schedule();
	let (b, k) = (1_000 * DPIN, 168f64);
	let mut reminted = 0u128;
	play(
		&s,
		TEN_YEARS,
		|_| b,
		|n, figures, state| {
			let exact = b as f64 * (1.0 - (1.0 - 1.0 / k).powi(n as i32 + 1));
			let error = (state.smoothed_burn as f64 - exact).abs();
			assert!(error <= 2.0 * k, "epoch {n}: {} vs {exact}", state.smoothed_burn);
			assert_eq!(figures.remint, state.smoothed_burn.min(s.net.remint_cap), "epoch {n}");
			// What the pools got: the re-mint's parts, each rounded down (at most 2 plancks less).
			assert!(state.reminted - reminted + 2 >= figures.remint, "epoch {n}");
			reminted = state.reminted;
			assert!(reminted <= b * u128::from(n + 1), "never more than was burned");
		},
	);
	// After ten years all of it came back but the smoothing's lag, about k epochs of burn
	// (re-minted once the burn stops).
	let burned = b * u128::from(TEN_YEARS);
	assert!(reminted >= burned - b * 169 && reminted < burned - b * 167, "{reminted} of {burned}");
}

#[test]
fn a_single_burn_decays_to_zero_and_is_reminted_at_most_once() {
	// One burn b in epoch 0: s_n = (b/k)·(1 − 1/k)^n; the sum of the re-mints tends to b.
	let s = Schedule { net: net(7, u128::MAX, 7), ..scenario_schedule() };
	let (b, k) = (700 * DPIN, 7f64);
	let mut reminted = 0u128;
	play(
		&s,
		24 * 365,
		|n| if n == 0 { b } else { 0 },
		|n, figures, state| {
			let exact = (b as f64 / k) * (1.0 - 1.0 / k).powi(n as i32);
			assert!((state.smoothed_burn as f64 - exact).abs() <= 2.0 * k, "epoch {n}");
			assert!(figures.remint <= state.smoothed_burn);
			reminted = state.reminted;
			assert!(reminted <= b);
		},
	);
	// The rounding keeps back a few plancks per epoch while s decays (about 200 epochs).
	assert!(reminted >= b - 1_000, "all but the rounding came back: {reminted} of {b}");
}

#[test]
fn the_trailing_ratio_and_the_subsidy_scale_follow_their_closed_forms() {
	// With every close minting m and burning b, the ratio tends to b/m; the scale falls
	// linearly from the ceiling to the floor at the target and stays there.
	let index = tests::schedule::default_index();
	assert_eq!(subsidy_scale(&index, 0), Perbill::one());
	assert_eq!(subsidy_scale(&index, RATIO_ONE / 2), Perbill::from_percent(60));
	assert_eq!(subsidy_scale(&index, RATIO_ONE), Perbill::from_percent(20));
	assert_eq!(subsidy_scale(&index, u64::MAX), Perbill::from_percent(20));
	let flat = DemandIndex {
		floor: Perbill::from_percent(50),
		ceiling: Perbill::from_percent(50),
		..index
	};
	assert_eq!(subsidy_scale(&flat, RATIO_ONE / 3), Perbill::from_percent(50));

	let s = scenario_schedule();
	let b = 2_000 * DPIN;
	let mut last = None;
	play(
		&s,
		24 * 365,
		|_| b,
		|n, figures, state| {
			// The scale of each close follows the ratio after the previous one.
			if let Some(ratio) = last {
				assert_eq!(
					figures.subsidy_scale,
					subsidy_scale(s.demand_index.as_ref().unwrap(), ratio),
					"epoch {n}"
				);
			}
			last = Some(state.ratio_ppm());
		},
	);
	// Minted per epoch settles at the tapered curve plus the re-mint; the ratio at b over it.
	let ratio = last.unwrap() as f64 / RATIO_ONE as f64;
	assert!(ratio > 0.2 && ratio < 1.0, "{ratio}");
}

#[test]
fn demand_that_comes_and_goes_never_reminting_more_than_was_burned() {
	let s = scenario_schedule();
	let burn = |n: EpochIndex| if (n / (24 * 30)).is_multiple_of(2) { 5_000 * DPIN } else { 0 };
	let (mut burned, mut reminted) = (0u128, 0u128);
	let mut scales = Vec::new();
	play(&s, 24 * 365 * 2, burn, |n, figures, state| {
		burned += burn(n);
		reminted = state.reminted;
		assert!(reminted <= burned, "epoch {n}");
		assert!(figures.remint <= s.net.remint_cap);
		assert_eq!(state.burned, burned);
		scales.push(figures.subsidy_scale);
	});
	// The subsidy tapers while demand lasts and recovers when it goes: at the end of the first
	// month of demand, and at the end of the month without.
	let (on, off) = (scales[24 * 30 - 1], scales[24 * 60 - 1]);
	assert!(on < Perbill::from_percent(80) && off > on, "{on:?} then {off:?}");
}

/// The mock schedule with net emissions (k = 2, re-mints up to 1,000, window 1).
fn net_schedule() -> Schedule<u64> {
	Schedule {
		net: NetEmissions { smoothing: 2, remint_cap: 1_000, ratio_window: 1 },
		..schedule()
	}
}

#[test]
fn burns_are_reminted_into_the_pools_of_the_kinds_at_work() {
	with_schedule(Some(net_schedule()), || {
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 800));
		let issuance = Balances::total_issuance();
		// s_0 = 800 / 2 = 400, re-minted over usage and witnessed (no attested work): 50 % and
		// 30 % renormalised to 5/8 and 3/8.
		close(0, totals(100, 50, 0));
		let reward = Rewards::<Test>::get(0).unwrap();
		assert_eq!(
			reward.pools,
			PerKind { usage: 3_500 + 250, witnessed: 2_100 + 150, attested: 0 }
		);
		assert!(has_event(Event::EpochRewarded {
			epoch: 0,
			emission: 10_000,
			reminted: 400,
			operators: 6_000,
			validators: 2_000,
			treasury: 1_000,
		}));
		assert_eq!(Balances::total_issuance(), issuance + 3_000, "pools are minted on claim");
		let record = SupplyRecords::<Test>::get(0).unwrap();
		assert_eq!((record.burned, record.reminted, record.smoothed_burn), (800, 400, 400));
		assert_eq!((record.operators, record.validators, record.treasury), (6_000, 2_000, 1_000));
		// ratio: burned 800 / minted 9,000 (window 1).
		assert_eq!(record.ratio_ppm, 800 * RATIO_ONE / 9_000);
		// s_1 = 200; nothing burned in epoch 1.
		close(1, totals(100, 0, 0));
		assert_eq!(Rewards::<Test>::get(1).unwrap().pools.usage, 3_500 + 200);
		let demand = Demand::<Test>::get();
		assert_eq!((demand.burned, demand.reminted, demand.smoothed_burn), (800, 600, 200));
	});
}

#[test]
fn remints_are_capped_per_epoch_and_by_what_was_burned() {
	let mut s = net_schedule();
	s.net.remint_cap = 100;
	with_schedule(Some(s), || {
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 900));
		close(0, totals(1, 0, 0));
		// s_0 = 450, capped at 100 per epoch; the rest of s decays, never paid twice.
		assert_eq!(SupplyRecords::<Test>::get(0).unwrap().reminted, 100);
		close(1, totals(1, 0, 0));
		assert_eq!(SupplyRecords::<Test>::get(1).unwrap().reminted, 100);
		let demand = Demand::<Test>::get();
		assert!(demand.reminted <= demand.burned);
		// Kinds without work get nothing; without any work nothing is re-minted.
		let before = Demand::<Test>::get().reminted;
		close(2, totals(0, 0, 0));
		assert_eq!(Demand::<Test>::get().reminted, before);
	});
}

#[test]
fn at_the_supply_cap_operators_are_paid_out_of_what_was_burned() {
	with_schedule(Some(net_schedule()), || {
		// Drive issuance to the cap: a cap 9,000 above what is committed.
		let mut s = net_schedule();
		s.cap = Emissions::committed() + 9_000;
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), s.clone()));
		close(0, totals(1, 1, 1));
		close(1, totals(1, 1, 1));
		assert_eq!(Emissions::committed(), s.cap, "at the cap");
		close(2, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 2,
			emission: 0,
			reminted: 0,
			operators: 0,
			validators: 0,
			treasury: 0,
		}));
		// A consumer burns 600: issuance falls by 600, and the closes re-mint it (s = 300,
		// then 150, ...) into the pools; the curve may not take the room it freed.
		MockWork::set_epoch(3);
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 600));
		close(3, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 3,
			emission: 0,
			reminted: 300,
			operators: 300,
			validators: 0,
			treasury: 0,
		}));
		for epoch in 4..12 {
			close(epoch, totals(1, 1, 1));
			assert!(Emissions::committed() <= s.cap, "never above the cap");
		}
		let demand = Demand::<Test>::get();
		// All of it but the rounding: s decays by halves and each close's split over the three
		// kinds rounds down by up to 2 plancks.
		assert!(demand.reminted <= 600 && demand.reminted >= 580, "{demand:?}");
		assert_eq!(Emissions::committed(), s.cap - (600 - demand.reminted));
	});
}

#[test]
fn the_demand_index_tapers_only_the_subsidy_pools() {
	// Floor 20 % at a ratio of 0.18.
	let index = DemandIndex { target_ppm: 180_000, ..tests::schedule::default_index() };
	let indexed = Schedule {
		demand_index: Some(index),
		net: NetEmissions { smoothing: 1, remint_cap: 0, ratio_window: 1 },
		..schedule()
	};
	with_schedule(Some(indexed), || {
		// Epoch 0: no demand yet, full subsidy.
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 900));
		close(0, totals(1, 1, 1));
		assert_eq!(
			Rewards::<Test>::get(0).unwrap().pools,
			PerKind { usage: 3_500, witnessed: 2_100, attested: 1_400 }
		);
		// Epoch 0 burned 900 for 10,000 minted: ratio 0.09, half the target: the scale is
		// 100 % − 80 % × 0.5 = 60 %.
		assert_eq!(Demand::<Test>::get().ratio_ppm(), 90_000);
		assert_eq!(Emissions::emission_of(1), 10_000 - (2_100 - 1_260) - (1_400 - 840));
		close(1, totals(1, 1, 1));
		let record = SupplyRecords::<Test>::get(1).unwrap();
		assert_eq!(record.subsidy_scale, Perbill::from_percent(60));
		assert_eq!(
			Rewards::<Test>::get(1).unwrap().pools,
			PerKind { usage: 3_500, witnessed: 1_260, attested: 840 }
		);
		assert_eq!(record.withheld, 2_100 - 1_260 + 1_400 - 840, "withheld, never minted");
		assert_eq!(record.treasury, 1_000, "the treasury does not get what was withheld");
		// Epoch 1 burned nothing: with a window of one epoch the ratio is back at zero.
		assert_eq!(Emissions::emission_of(2), 10_000);
	});
}

#[test]
fn the_supply_record_keeps_the_last_epochs_only() {
	with_schedule(Some(net_schedule()), || {
		for epoch in 0..10 {
			close(epoch, totals(1, 0, 0));
		}
		let kept: Vec<_> = {
			let mut k: Vec<_> = SupplyRecords::<Test>::iter_keys().collect();
			k.sort();
			k
		};
		assert_eq!(kept, vec![6, 7, 8, 9], "MaxSupplyRecords (4)");
	});
}
