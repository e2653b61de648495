//! Retirement: retiring a device and withdrawing its bond after unbonding.

use super::*;

#[test]
fn retire_then_withdraw_after_unbonding() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::NotRetiring
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::NotOwner
		);
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));
		assert_eq!(statuses(), (1, 0, 0));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));
		assert_eq!(last_event(), Event::DeviceRetiring { device: key, unbonds_at: 21 }.into());
		assert_eq!(statuses(), (0, 0, 1));
		assert!(!view(&key).is_some_and(|d| d.active));
		assert!(crate::PendingTransfers::<Test>::get(key).is_none(), "retiring drops the offer");
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::DeviceRetiring
		);
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB),
			Error::<Test>::DeviceRetiring
		);
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::root(), key),
			Error::<Test>::DeviceRetiring
		);
		System::set_block_number(20);
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::StillUnbonding
		);
		System::set_block_number(21);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		assert_eq!(
			last_event(),
			Event::BondWithdrawn { device: key, owner: ALICE, amount: BOND }.into()
		);
		assert_eq!(held(ALICE), 0);
		assert!(DevicesMap::<Test>::get(key).is_none());
		assert_eq!(crate::DeviceCountByClass::<Test>::get(0), 0);
		assert_eq!(crate::DeviceCountByMaker::<Test>::get(0), 0);
		assert_eq!(crate::DeviceCountByOwner::<Test>::get(ALICE), 0);
		assert_eq!(statuses(), (0, 0, 0));
		// The maker's quota is not given back.
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().onboarded, 1);
	});
}

/// Unbonding shorter than disputes: however short the unbonding period against the dispute
/// window, a retired device's bond stays on hold until its last work can no longer be
/// disputed (`WorkStillDisputable`), so an upheld dispute always finds it; then the bond and
/// the work mark go.
#[test]
fn a_retired_device_cannot_withdraw_while_its_work_is_disputable() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		CurrentEpoch::set(3);
		<Devices as DeviceInspect<u64, u64>>::note_work(&key, 3);
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));
		// The unbonding period (20 blocks) is over, but epoch 3's window is not.
		System::set_block_number(21);
		CurrentEpoch::set(5);
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::WorkStillDisputable
		);
		CurrentEpoch::set(6);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		assert!(crate::LastWork::<Test>::get(key).is_none(), "removed with the device");
	});
}
