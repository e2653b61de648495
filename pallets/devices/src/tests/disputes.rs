//! Dispute locks: a disputed device keeps its owner and its bond.

use super::*;

#[test]
fn a_disputed_device_cannot_change_hands_retire_or_release_its_bond() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));

		// Two disputes open (the work pallet reports them): every way out is closed.
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		assert_eq!(crate::DisputeLocks::<Test>::get(key), 2);
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);

		// One resolved: still locked. Both resolved: the lock is gone from storage.
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert!(!crate::DisputeLocks::<Test>::contains_key(key));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));

		// A dispute opened while the device unbonds keeps its bond on hold.
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		System::set_block_number(21);
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		Devices::do_try_state().unwrap();
	});
}
