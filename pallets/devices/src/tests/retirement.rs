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
