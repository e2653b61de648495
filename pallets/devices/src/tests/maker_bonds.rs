//! Makers' economics: a bond posted by the maker's own account before it may onboard, a slash
//! for each upheld dispute against one of its devices, a pause past a number of such faults in
//! a window, governance resuming it, and the bond's withdrawal after revocation.

use super::*;
use crate::{MakerParameters, MakerParams, MakerStakes};
use sp_runtime::Perbill;

const MAKER_BOND: u64 = 1_000;

fn params(max_faults: u32) -> MakerParams<u64, u64> {
	MakerParams {
		bond: MAKER_BOND,
		slash: Perbill::from_percent(10),
		max_faults,
		fault_window: 100,
	}
}

fn maker_held(who: u64) -> u64 {
	Balances::balance_on_hold(&crate::HoldReason::MakerBond.into(), &who)
}

/// `who` bonds maker 0 with the maker's consent.
fn bond(who: u64) -> sp_runtime::DispatchResult {
	let signature =
		raw(maker_pair().sign(&(crate::payload::MAKER_BOND_TAG, genesis(), 0u32, who).encode()));
	Devices::bond_maker(RuntimeOrigin::signed(who), 0, signature).map(|_| ()).map_err(|e| e.error)
}

fn fault(device: &PublicKey) {
	<Devices as DeviceInspect<u64, u64>>::maker_fault(device);
}

#[test]
fn maker_params_are_governed() {
	new_test_ext(|| {
		assert_noop!(
			Devices::set_maker_params(RuntimeOrigin::signed(ALICE), params(2)),
			DispatchError::BadOrigin
		);
		assert_ok!(Devices::set_maker_params(RuntimeOrigin::root(), params(2)));
		assert_eq!(last_event(), Event::MakerParamsSet { params: params(2) }.into());
		assert_eq!(MakerParameters::<Test>::get(), params(2));
		assert_noop!(
			Devices::set_maker_params(
				RuntimeOrigin::root(),
				MakerParams { fault_window: 0, ..params(2) }
			),
			Error::<Test>::InvalidMakerParams
		);
		// No fault limit: no window needed.
		assert_ok!(Devices::set_maker_params(
			RuntimeOrigin::root(),
			MakerParams { fault_window: 0, ..params(0) }
		));
	});
}

#[test]
fn an_unbonded_maker_cannot_onboard_while_a_bond_is_required() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_maker_params(RuntimeOrigin::root(), params(2)));
		let device = sr_device("a");
		assert_noop!(register_at(ALICE, &device, CELL), Error::<Test>::MakerNotBonded);
		let signature = raw(maker_pair().sign(&Devices::maker_bond_payload(0, &BOB)));
		assert_noop!(
			Devices::bond_maker(RuntimeOrigin::signed(BOB), 7, signature),
			Error::<Test>::UnknownMaker
		);
		// Without the maker's consent to this account, nobody can bond it.
		assert_noop!(
			Devices::bond_maker(RuntimeOrigin::signed(ALICE), 0, signature),
			Error::<Test>::BadMakerSignature
		);
		assert_noop!(bond(POOR), Error::<Test>::CannotAffordBond);
		assert_ok!(bond(BOB));
		assert_eq!(
			last_event(),
			Event::MakerBonded { maker: 0, account: BOB, bond: MAKER_BOND }.into()
		);
		assert_eq!(maker_held(BOB), MAKER_BOND);
		assert_noop!(bond(ALICE), Error::<Test>::MakerAlreadyBonded);
		register(ALICE, &device);
	});
}

#[test]
fn faults_slash_the_maker_and_pause_it_past_the_limit() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_maker_params(RuntimeOrigin::root(), params(2)));
		assert_ok!(bond(BOB));
		let key = register(ALICE, &sr_device("a"));
		let treasury = Balances::balance(&TREASURY);

		fault(&key);
		assert_eq!(last_event(), Event::MakerFaulted { maker: 0, slashed: 100, faults: 1 }.into());
		fault(&key);
		assert_eq!(maker_held(BOB), 1_000 - 100 - 90);
		assert_eq!(Balances::balance(&TREASURY), treasury + 190);
		assert!(!MakerStakes::<Test>::get(0).paused, "two faults are within the limit");
		// The third fault in the window pauses onboarding.
		fault(&key);
		assert_eq!(last_event(), Event::MakerPaused { maker: 0 }.into());
		let stake = MakerStakes::<Test>::get(0);
		assert_eq!((stake.faults, stake.paused, stake.slashed), (3, true, 271));
		let device = sr_device("b");
		assert_noop!(register_at(ALICE, &device, CELL), Error::<Test>::MakerPaused);

		assert_noop!(
			Devices::resume_maker(RuntimeOrigin::signed(ALICE), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(Devices::resume_maker(RuntimeOrigin::root(), 9), Error::<Test>::UnknownMaker);
		assert_ok!(Devices::resume_maker(RuntimeOrigin::root(), 0));
		assert_eq!(last_event(), Event::MakerResumed { maker: 0 }.into());
		assert_noop!(
			Devices::resume_maker(RuntimeOrigin::root(), 0),
			Error::<Test>::MakerNotPaused
		);
		// Resumed, but the slashes left its bond short: its account tops it up first.
		assert_noop!(register_at(ALICE, &device, CELL), Error::<Test>::MakerBondDepleted);
		assert_noop!(bond(ALICE), Error::<Test>::MakerAlreadyBonded);
		assert_ok!(bond(BOB));
		assert_eq!(
			last_event(),
			Event::MakerBonded { maker: 0, account: BOB, bond: MAKER_BOND }.into()
		);
		assert_eq!(maker_held(BOB), MAKER_BOND);
		assert_noop!(bond(BOB), Error::<Test>::MakerAlreadyBonded);
		register(ALICE, &device);
		// An unknown device's fault is nobody's.
		fault(&PublicKey::Sr25519([9; 32]));
		assert_eq!(MakerStakes::<Test>::get(0).faults, 0);
	});
}

#[test]
fn faults_are_counted_per_window() {
	new_test_ext(|| {
		setup();
		// No bond required: faults are still counted.
		let unbonded = MakerParams { bond: 0, ..params(1) };
		assert_ok!(Devices::set_maker_params(RuntimeOrigin::root(), unbonded));
		let key = register(ALICE, &sr_device("a"));
		fault(&key);
		// A new window starts with the first fault after the last one ended.
		System::set_block_number(1 + 100);
		fault(&key);
		let stake = MakerStakes::<Test>::get(0);
		assert_eq!((stake.faults, stake.paused), (1, false));
		// Unbonded: nothing to slash.
		assert_eq!(stake.slashed, 0);
		fault(&key);
		assert!(MakerStakes::<Test>::get(0).paused);
	});
}

#[test]
fn a_revoked_makers_bond_is_withdrawn_after_unbonding() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_maker_params(RuntimeOrigin::root(), params(0)));
		assert_ok!(bond(BOB));
		assert_noop!(
			Devices::withdraw_maker_bond(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::CannotWithdrawMakerBond
		);
		assert_ok!(Devices::revoke_maker(RuntimeOrigin::root(), 0));
		assert_noop!(bond(ALICE), Error::<Test>::MakerRevoked);
		assert_noop!(
			Devices::withdraw_maker_bond(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::CannotWithdrawMakerBond
		);
		System::set_block_number(1 + 20);
		assert_noop!(
			Devices::withdraw_maker_bond(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::CannotWithdrawMakerBond
		);
		assert_noop!(
			Devices::withdraw_maker_bond(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownMaker
		);
		assert_ok!(Devices::withdraw_maker_bond(RuntimeOrigin::signed(BOB), 0));
		assert_eq!(
			last_event(),
			Event::MakerBondWithdrawn { maker: 0, account: BOB, amount: MAKER_BOND }.into()
		);
		assert_eq!(maker_held(BOB), 0);
	});
}
