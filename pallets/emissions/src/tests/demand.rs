//! Emissions that follow demand: the smoothed unrepaid burn and the trailing ratio against
//! their closed forms over ten years of epochs, the subsidy taper, re-mints into the operators'
//! pools (never above the supply cap, the re-mint cap or the unrepaid burn), a self-dealer's
//! claims, the sustainability record and its pruning.

use super::*;

/// Ten years of hourly epochs.
const TEN_YEARS: EpochIndex = 24 * 365 * 10;

const DPIN: u128 = 1_000_000_000_000;

fn net(smoothing: u32, remint_cap: u128, ratio_window: u32) -> NetEmissions<u128> {
	NetEmissions { smoothing, remint_cap, ratio_window }
}

/// The production-like schedule of the scenarios: 7,134 DPIN halving every four years, split
/// as the presets split it (operators 70 %: usage 40 %, witnessed 40 %, attested 20 %), a
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
		kinds: KindWeights {
			usage: Perbill::from_percent(40),
			witnessed: Perbill::from_percent(40),
			attested: Perbill::from_percent(20),
		},
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

/// The usage pool the curve gives epoch `n` of `schedule` (40 % of the operators' 70 % here).
fn curve_usage_pool(schedule: &Schedule<u128>, n: EpochIndex) -> u128 {
	allocate(schedule, curve_emission(schedule, n), Perbill::one()).pools.usage
}

/// The smoothed burn's closed form, `t` epochs into a phase that started at `s0`, in which
/// every epoch burns `b` for credits spent on usage and the curve's usage pool is `p`: the
/// unrepaid burn is `max(b − p, 0)` each epoch, so `s_t = u + (s0 − u)·(1 − 1/k)^t` with
/// `u = max(b − p, 0)`.
fn phase(s0: f64, b: f64, p: f64, k: f64, t: i32) -> f64 {
	let u = (b - p).max(0.0);
	u + (s0 - u) * (1.0 - 1.0 / k).powi(t)
}

/// Plays `burn` for ten years on the scenario schedule and checks the smoothed burn of every
/// epoch against [`phase`], a phase lasting while the burn and the curve's usage pool stay the
/// same (it restarts from the played value when either changes). The floors of each step keep
/// the recurrence within `2k` plancks plus a billionth of the closed form. Returns Σ burned,
/// Σ unrepaid and the state after the last close.
fn check_closed_form(burn: impl Fn(EpochIndex) -> u128) -> (u128, DemandState<u128>) {
	let s = scenario_schedule();
	let k = f64::from(s.net.smoothing);
	let (mut start, mut since, mut last) = (0.0f64, 0, (u128::MAX, u128::MAX));
	let (mut previous, mut burned, mut end) = (0.0f64, 0u128, DemandState::default());
	let mut unrepaid = 0u128;
	play(&s, TEN_YEARS, &burn, |n, figures, state| {
		let (b, p) = (burn(n), curve_usage_pool(&s, n));
		if (b, p) != last {
			(start, since, last) = (previous, n, (b, p));
		}
		let exact = phase(start, b as f64, p as f64, k, (n - since + 1) as i32);
		let error = (state.smoothed_burn as f64 - exact).abs();
		assert!(error <= 2.0 * k + exact * 1e-9, "epoch {n}: {} vs {exact}", state.smoothed_burn);
		assert!(figures.remint <= s.net.remint_cap, "epoch {n}");
		assert!(state.reminted <= state.unrepaid, "epoch {n}: never more than unrepaid");
		burned += b;
		assert_eq!(state.burned, burned);
		unrepaid += b.saturating_sub(p);
		assert_eq!(state.unrepaid, unrepaid, "epoch {n}: the credits beyond the usage pool");
		previous = state.smoothed_burn as f64;
		end = *state;
	});
	(burned, end)
}

#[test]
fn a_steady_burn_is_smoothed_and_reminted_as_its_closed_form_says() {
	// 5,000 DPIN an epoch against a usage pool of 1,997.52 DPIN (998.76 after the first
	// halving, 499.38 after the second): s settles at 3,002.48 DPIN, then 4,001.24, then
	// 4,500.62, under the re-mint cap.
	let (_, state) = check_closed_form(|_| 5_000 * DPIN);
	// All the unrepaid burn came back but the smoothing's lag (about k·s).
	assert!(state.reminted >= state.unrepaid - 168 * 4_600 * DPIN, "{state:?}");
	assert!(state.reminted <= state.unrepaid);
}

#[test]
fn a_burn_the_usage_pool_repays_is_not_reminted() {
	// 400 DPIN an epoch, under the usage pool (499.38 DPIN after the second halving): repaid
	// every epoch, nothing to re-mint.
	let (_, state) = check_closed_form(|_| 400 * DPIN);
	assert_eq!((state.unrepaid, state.reminted, state.smoothed_burn), (0, 0, 0));
}

#[test]
fn a_single_burn_decays_to_zero_and_is_reminted_at_most_once() {
	// One burn b in epoch 0: s_n = ((b − p)/k)·(1 − 1/k)^n; the re-mints add up to b − p.
	let s = Schedule { net: net(7, u128::MAX, 7), ..scenario_schedule() };
	let p = curve_usage_pool(&s, 0);
	let (b, k) = (700_000 * DPIN, 7f64);
	let mut reminted = 0u128;
	play(
		&s,
		24 * 365,
		|n| if n == 0 { b } else { 0 },
		|n, figures, state| {
			let exact = ((b - p) as f64 / k) * (1.0 - 1.0 / k).powi(n as i32);
			assert!(
				(state.smoothed_burn as f64 - exact).abs() <= 2.0 * k + exact * 1e-9,
				"epoch {n}"
			);
			assert!(figures.remint <= b - p);
			reminted = state.reminted;
			assert!(reminted <= b - p);
		},
	);
	// The rounding keeps back at most a few plancks per close while s decays.
	let rounding = 3 * 24 * 365;
	assert!(
		reminted >= b - p - rounding,
		"all but the rounding came back: {reminted} of {}",
		b - p
	);
}

#[test]
fn the_trailing_ratio_and_the_subsidy_scale_follow_their_closed_forms() {
	// The scale falls linearly from the ceiling to the floor at the target and stays there;
	// with a steady burn the ratio settles where the taper and the issuance balance.
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
	let b = 6_000 * DPIN;
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
	// The closed form of the steady state: the unrepaid burn u = b − p against the curve's
	// issuance m = c − (1 − scale)·W (W the witnessed and attested pools, scale = 1 − 0.75·r
	// below the target of 1), so r·m = u: 0.75·W·r² − c·r + u = 0.
	let c = curve_emission(&s, 0) as f64;
	let u = (b - curve_usage_pool(&s, 0)) as f64;
	let pools = allocate(&s, curve_emission(&s, 0), Perbill::one()).pools;
	let w = (pools.witnessed + pools.attested) as f64;
	let a = 0.75 * w;
	let expected = (c - (c * c - 4.0 * a * u).sqrt()) / (2.0 * a);
	let ratio = last.unwrap() as f64 / RATIO_ONE as f64;
	assert!((ratio - expected).abs() < 0.005, "{ratio} vs {expected}");
}

/// The burn of the growing scenario (as `runtime/examples/supply_chart.rs`): 10 DPIN, 5 % more
/// each epoch (rounded down), until the plateau of 10,000 DPIN.
fn growing(n: EpochIndex) -> u128 {
	let mut burn = 10 * DPIN;
	for _ in 0..n {
		burn = burn * 105 / 100;
		if burn >= 10_000 * DPIN {
			return 10_000 * DPIN;
		}
	}
	burn
}

#[test]
fn demand_growing_to_a_plateau_matches_its_closed_form_over_ten_years() {
	// Below the usage pool nothing is unrepaid; on the plateau s settles at
	// 10,000 − 1,997.52 = 8,002.48 DPIN (the re-mint cap, 7,134, binds), then higher after each
	// halving of the curve's usage pool.
	let (burned, state) = check_closed_form(growing);
	assert!(state.reminted > burned / 2, "most of the burn is re-minted: {state:?}");
}

#[test]
fn demand_that_comes_and_goes_matches_its_closed_form_over_ten_years() {
	// 30 days of 5,000 DPIN per epoch, then 30 days without, over and over.
	let month = 24 * 30;
	let burn = move |n: EpochIndex| if (n / month).is_multiple_of(2) { 5_000 * DPIN } else { 0 };
	let (burned, state) = check_closed_form(burn);
	assert!(state.reminted > 0 && state.reminted <= state.unrepaid, "{state:?} of {burned}");
	// The subsidy tapers while demand lasts and recovers when it goes: at the end of the first
	// month of demand, and at the end of the month without.
	let s = scenario_schedule();
	let mut scales = Vec::new();
	play(&s, 2 * month, burn, |_, figures, _| scales.push(figures.subsidy_scale));
	let (on, off) = (scales[month as usize - 1], scales[2 * month as usize - 1]);
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
fn unrepaid_usage_credits_are_reminted_at_the_next_close_into_the_pools_at_work() {
	with_schedule(Some(net_schedule()), || {
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 800));
		// Epoch 0: 4,300 credits of usage against a usage pool of 3,500 (50 % of 7,000): 800
		// unrepaid, s_0 = 400. Nothing is re-minted yet (the previous s was zero).
		close(0, totals(4_300, 50, 0));
		let record = SupplyRecords::<Test>::get(0).unwrap();
		assert_eq!((record.burned, record.unrepaid, record.reminted), (800, 800, 0));
		assert_eq!(record.smoothed_burn, 400);
		// ratio: unrepaid 800 / issued 8,600 (pools 5,600, validators 2,000, treasury 1,000).
		assert_eq!(record.ratio_ppm, 800 * RATIO_ONE / 8_600);
		let issuance = Balances::total_issuance();
		// Epoch 1: s_0 = 400 is re-minted over usage and witnessed (no attested work): 50 %
		// and 30 % renormalised to 5/8 and 3/8. Its 100 credits are repaid: s_1 = 200.
		close(1, totals(100, 50, 0));
		let reward = Rewards::<Test>::get(1).unwrap();
		assert_eq!(
			reward.pools,
			PerKind { usage: 3_500 + 250, witnessed: 2_100 + 150, attested: 0 }
		);
		assert!(has_event(Event::EpochRewarded {
			epoch: 1,
			emission: 10_000,
			withheld: 0,
			reminted: 400,
			operators: 6_000,
			validators: 2_000,
			treasury: 1_000,
		}));
		assert_eq!(Balances::total_issuance(), issuance + 3_000, "pools are minted on claim");
		let demand = Demand::<Test>::get();
		assert_eq!((demand.unrepaid, demand.reminted, demand.smoothed_burn), (800, 400, 200));
		// Epoch 2 has no work at all: nothing is re-minted, s keeps decaying.
		close(2, totals(0, 0, 0));
		let demand = Demand::<Test>::get();
		assert_eq!((demand.reminted, demand.smoothed_burn), (400, 100));
	});
}

#[test]
fn remints_are_capped_per_epoch_and_by_the_unrepaid_burn() {
	let mut s = net_schedule();
	s.net.remint_cap = 100;
	with_schedule(Some(s), || {
		// 900 credits beyond the usage pool: s_0 = 450, re-minted at most 100 an epoch.
		close(0, totals(3_500 + 900, 0, 0));
		close(1, totals(1, 0, 0));
		assert_eq!(SupplyRecords::<Test>::get(1).unwrap().reminted, 100);
		close(2, totals(1, 0, 0));
		assert_eq!(SupplyRecords::<Test>::get(2).unwrap().reminted, 100);
		// s has decayed to 112 by now; the rest of it, and of the 900, is never re-minted.
		for epoch in 3..40 {
			close(epoch, totals(1, 0, 0));
		}
		let demand = Demand::<Test>::get();
		assert_eq!(demand.unrepaid, 900);
		assert!(demand.reminted < 900 && demand.smoothed_burn == 0, "{demand:?}");
	});
}

/// Alice self-deals `credits` a close for `epochs` closes on her usage device (device 1) and
/// holds every witnessed and attested share (devices 2 and 3), claiming each epoch once it is
/// final. Returns her usage claims and her witnessed and attested claims.
fn self_deal(credits: u64, epochs: EpochIndex) -> (u64, u64) {
	let (mut usage, mut subsidy) = (0, 0);
	for epoch in 0..epochs + WINDOW + 1 {
		if epoch < epochs {
			MockWork::set_work(epoch, device(1), ProofKind::Usage, credits, credits);
			MockWork::set_work(epoch, device(2), ProofKind::Witnessed, 1, 0);
			MockWork::set_work(epoch, device(3), ProofKind::Attested, 1, 0);
			close(epoch, totals(credits, 1, 1));
		}
		// Claim the epoch that just became final.
		if let Some(final_epoch) = epoch.checked_sub(WINDOW) {
			if final_epoch < epochs {
				MockWork::set_epoch(epoch + 1);
				let before = Balances::balance(&ALICE);
				assert_ok!(claim(ALICE, device(1), vec![final_epoch]));
				usage += Balances::balance(&ALICE) - before;
				let before = Balances::balance(&ALICE);
				assert_ok!(claim(ALICE, device(2), vec![final_epoch]));
				assert_ok!(claim(ALICE, device(3), vec![final_epoch]));
				subsidy += Balances::balance(&ALICE) - before;
			}
		}
	}
	(usage, subsidy)
}

#[test]
fn a_self_dealer_gets_back_at_most_what_it_burned() {
	// A flat schedule (no halving) with usage rewards capped at 1 × the credits: the curve's
	// pools are usage 3,500, witnessed 2,100, attested 1,400 every epoch.
	let flat = Schedule {
		shape: Shape::Halving { every: 1_000 },
		usage_cap_multiplier: 1,
		..net_schedule()
	};
	let epochs = 20;
	// Under the usage pool: her credits come back in full, nothing is unrepaid, and her
	// witnessed and attested claims are the curve's pools, no more.
	with_schedule(Some(flat.clone()), || {
		let (usage, subsidy) = self_deal(1_000, epochs);
		assert_eq!(usage, 1_000 * epochs as u64, "her credits, back once");
		assert_eq!(subsidy, (2_100 + 1_400) * epochs as u64, "no re-mint reaches her");
		assert_eq!((Demand::<Test>::get().unrepaid, Demand::<Test>::get().reminted), (0, 0));
	});
	// Beyond it: 5,000 a close, 1,500 unrepaid. The usage pool repays 3,500, and the re-mints
	// (usage, witnessed and attested alike) pay back at most the 1,500: what she gets beyond the
	// curve's pools is at most what she burned.
	with_schedule(Some(flat), || {
		let (usage, subsidy) = self_deal(5_000, epochs);
		let burned = 5_000 * epochs as u64;
		let beyond_the_curve = usage + subsidy - (3_500 + 2_100 + 1_400) * epochs as u64;
		assert!(usage <= burned);
		assert!(3_500 * epochs as u64 + beyond_the_curve <= burned, "{usage} + {subsidy}");
		let demand = Demand::<Test>::get();
		assert_eq!(demand.unrepaid, 1_500 * epochs as u64);
		assert_eq!(beyond_the_curve, demand.reminted, "every re-mint came to her");
	});
}

#[test]
fn at_the_supply_cap_operators_are_paid_out_of_what_was_burned() {
	with_schedule(Some(net_schedule()), || {
		// Drive issuance to the cap: a cap 9,000 above what is committed.
		let mut s = net_schedule();
		s.cap = Emissions::committed() + 9_000;
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), s.clone()));
		// Work of every kind, but no credits yet (they would keep their room for re-mints).
		let work = EpochTotals { credits: 0, ..totals(1, 1, 1) };
		close(0, work.clone());
		close(1, work.clone());
		assert_eq!(Emissions::committed(), s.cap, "at the cap");
		close(2, work);
		assert!(has_event(Event::EpochRewarded {
			epoch: 2,
			emission: 0,
			withheld: 0,
			reminted: 0,
			operators: 0,
			validators: 0,
			treasury: 0,
		}));
		// A consumer burns 600 and spends it on usage in epoch 3: issuance falls by 600. The
		// curve may not take the room it freed (the credits are not counted yet), and the
		// usage pool is empty: all 600 are unrepaid, and the next closes re-mint them (s =
		// 300, then 150, ...) into the pools.
		MockWork::set_epoch(3);
		assert_ok!(Emissions::buy_credits(RuntimeOrigin::signed(ALICE), BOB, 600));
		// Bob's usage spends them (as the work pallet's settlements do).
		assert_ok!(<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 600));
		close(3, totals(600, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 3,
			emission: 0,
			withheld: 0,
			reminted: 0,
			operators: 0,
			validators: 0,
			treasury: 0,
		}));
		assert_eq!(SupplyRecords::<Test>::get(3).unwrap().unrepaid, 600);
		close(4, totals(1, 1, 1));
		assert!(has_event(Event::EpochRewarded {
			epoch: 4,
			emission: 0,
			withheld: 0,
			reminted: 300,
			operators: 300,
			validators: 0,
			treasury: 0,
		}));
		for epoch in 5..14 {
			close(epoch, totals(1, 1, 1));
			assert!(Emissions::committed() <= s.cap, "never above the cap");
		}
		let demand = Demand::<Test>::get();
		// All of it but the rounding: s decays by halves and each close's split over the three
		// kinds rounds down by up to 2 plancks; once s is down to a few plancks, the curve may
		// take the little room left.
		assert!(demand.reminted <= 600 && demand.reminted >= 580, "{demand:?}");
		assert!(Emissions::committed() <= s.cap);
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
		// Epoch 0: no demand yet, full subsidy; its usage credits exceed the usage pool by 900.
		close(0, totals(3_500 + 900, 1, 1));
		assert_eq!(
			Rewards::<Test>::get(0).unwrap().pools,
			PerKind { usage: 3_500, witnessed: 2_100, attested: 1_400 }
		);
		// Epoch 0 left 900 unrepaid for 10,000 issued: ratio 0.09, half the target: the scale
		// is 100 % − 80 % × 0.5 = 60 %.
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

#[test]
fn the_chains_close_matches_the_model_the_chart_uses() {
	// Every kind at work and usage credits varying from close to close: the chain's demand
	// state and what each close commits are the model's (`model_close`, which the supply chart
	// runs), with a demand index and net emissions on.
	let s = Schedule {
		demand_index: Some(tests::schedule::default_index()),
		net: NetEmissions { smoothing: 3, remint_cap: 2_000, ratio_window: 4 },
		..schedule()
	};
	with_schedule(Some(s.clone()), || {
		let mut model = DemandState::<u64>::default();
		for epoch in 0..24u32 {
			let credits = [500, 4_000, 9_000, 1_000][epoch as usize % 4];
			let headroom = s.cap - Emissions::committed();
			let before = Emissions::committed();
			close(epoch, totals(credits, 1, 1));
			let (figures, minted, after) = model_close(&s, epoch, &model, credits, headroom);
			let reminted = after.reminted - model.reminted;
			assert!(reminted <= figures.remint, "the parts round down");
			model = after;
			// The model counts the credits as burned in the epoch; the mock's totals were not
			// bought, so only the burn totals differ.
			let chain = Demand::<Test>::get();
			assert_eq!(DemandState { burned: model.burned, ..chain }, model, "epoch {epoch}");
			assert_eq!(Emissions::committed() - before, minted, "epoch {epoch}");
			assert_eq!(SupplyRecords::<Test>::get(epoch).unwrap().reminted, reminted);
		}
		assert!(model.reminted > 0 && model.ratio_ppm() > 0, "{model:?}");
	});
}

#[test]
fn a_change_of_net_emissions_or_index_applies_from_the_next_close() {
	with_schedule(Some(net_schedule()), || {
		close(0, totals(3_500 + 900, 1, 1));
		// s_0 = 450. A schedule with a re-mint cap of 100 and an index is set during epoch 1:
		// close 1 still re-mints under the old cap (450 ≤ 1,000) without a taper...
		let mut next = net_schedule();
		next.net.remint_cap = 100;
		next.demand_index = Some(tests::schedule::default_index());
		assert_ok!(Emissions::set_schedule(RuntimeOrigin::root(), next.clone()));
		close(1, totals(1, 1, 1));
		let one = SupplyRecords::<Test>::get(1).unwrap();
		assert_eq!((one.reminted, one.subsidy_scale), (450, Perbill::one()));
		assert_eq!(ActiveSchedule::<Test>::get(), Some(next));
		// ...and close 2 under the new one, from the demand state carried over: s_1 = 225,
		// capped at 100; epoch 0's ratio (900 over 10,000, window 1) is gone after epoch 1.
		close(2, totals(1, 1, 1));
		let two = SupplyRecords::<Test>::get(2).unwrap();
		assert_eq!(two.reminted, 100);
		assert_eq!(Demand::<Test>::get().unrepaid, 900, "carried over the change");
	});
}
