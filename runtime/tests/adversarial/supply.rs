//! The supply cap: schedules past it and emissions clipped at it.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::emissions::MAX_SUPPLY_CAP, genesis_config_presets::default_schedule, Balance,
	Emissions, Runtime, RuntimeOrigin, DPIN,
};
use frame_support::{assert_noop, assert_ok};
use pallet_emissions::Error as EmissionsError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::Alice;
use sp_runtime::{traits::Dispatchable, DispatchError};

// --- 12. The supply cap.

/// A schedule whose supply cap is above the runtime's `MaxSupplyCap` (ten billion DPIN) is
/// refused (`CapTooHigh`), as is one whose cap is below what is already issued or set aside
/// (`CapBelowIssuance`); a plain account cannot set a schedule at all.
#[test]
fn an_emission_schedule_past_the_supply_cap_is_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let mut schedule = default_schedule();
		for cap in [MAX_SUPPLY_CAP + 1, Balance::MAX] {
			schedule.cap = cap;
			assert_noop!(
				set_schedule(schedule.clone()).dispatch(RuntimeOrigin::root()),
				EmissionsError::<Runtime>::CapTooHigh
			);
		}
		schedule.cap = Emissions::committed() - 1;
		assert_noop!(
			set_schedule(schedule.clone()).dispatch(RuntimeOrigin::root()),
			EmissionsError::<Runtime>::CapBelowIssuance
		);
		schedule.cap = MAX_SUPPLY_CAP;
		assert_noop!(
			set_schedule(schedule.clone()).dispatch(origin(Alice)),
			DispatchError::BadOrigin
		);
		assert_ok!(set_schedule(schedule).dispatch(RuntimeOrigin::root()));
		check_invariants();
	});
}

/// Governance sets a schedule whose emission per epoch (10 × `MaxSupplyCap`) would pass the cap
/// in one epoch. It is accepted (only the cap is bounded), but the first close under it emits
/// exactly the headroom left below the cap, and nothing ever takes the committed supply (issuance
/// plus rewards set aside) above the cap. With no work done, the operators' 70 % of it is not
/// even minted.
#[test]
fn an_oversized_emission_is_clipped_at_the_supply_cap() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let mut schedule = default_schedule();
		schedule.initial = 10 * MAX_SUPPLY_CAP;
		schedule.tail = 10 * MAX_SUPPLY_CAP;
		schedule.cap = MAX_SUPPLY_CAP;
		root(set_schedule(schedule.clone()));

		// Enacted at the close of epoch 0, in force from epoch 1.
		run_to_block(closes_at(1) - 1);
		assert_eq!(pallet_emissions::ActiveSchedule::<Runtime>::get(), Some(schedule));
		let committed = Emissions::committed();
		run_to_block(closes_at(1));
		let (emission, operators, validators, treasury_share) =
			rewarded(1).expect("epoch 1 closed");
		assert_eq!(emission, MAX_SUPPLY_CAP - committed);
		assert_eq!(operators, 0);
		assert_eq!(Emissions::committed(), committed + validators + treasury_share);
		assert!(Emissions::committed() <= MAX_SUPPLY_CAP);

		run_to_block(closes_at(2));
		assert!(Emissions::committed() <= MAX_SUPPLY_CAP);
		check_invariants();
	});
}

/// The cap of a new schedule is checked against the committed supply when it is *set*, and the
/// schedule is enacted at the next epoch close. That close mints under the old schedule but is
/// clipped at the new cap too: a cap set 1,000 DPIN above the committed supply lets the enacting
/// close of epoch 0 emit 1,000 DPIN (it would emit 7,134 DPIN and mint 2,140.2 of it otherwise),
/// and later closes only what is left under the cap. (Found by this catalogue: the close used to be
/// clipped at the old cap only, leaving the supply 1,140.2 DPIN above the new one.)
#[test]
fn a_supply_cap_set_just_above_issuance_bounds_the_enacting_close() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let committed = Emissions::committed();
		let mut schedule = default_schedule();
		schedule.cap = committed + 1_000 * DPIN;
		root(set_schedule(schedule.clone()));

		run_to_block(closes_at(0));
		// 1,000 DPIN: validators 20 % (200), treasury 10 % (100); the operators' 70 % is not
		// minted, as no device worked.
		assert_eq!(rewarded(0), Some((1_000 * DPIN, 0, 200 * DPIN, 100 * DPIN)));
		assert_eq!(pallet_emissions::ActiveSchedule::<Runtime>::get(), Some(schedule.clone()));
		assert!(Emissions::committed() <= schedule.cap);
		assert_eq!(pallet_emissions::Pallet::<Runtime>::do_try_state(), Ok(()));

		// The operators' unminted 700 DPIN is headroom the next close may emit, and no more.
		run_to_block(closes_at(1));
		assert_eq!(rewarded(1).map(|r| r.0), Some(700 * DPIN));
		assert!(Emissions::committed() <= schedule.cap);
		check_invariants();
	});
}
