//! Device locations: validation and the update cooldown.

use super::*;

#[test]
fn location_changes_respect_the_cooldown() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, OTHER_CELL),
			Error::<Test>::LocationCooldown
		);
		System::set_block_number(11);
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), key, OTHER_CELL));
		assert_eq!(last_event(), Event::LocationSet { device: key, location: OTHER_CELL }.into());
		assert_eq!(view(&key).and_then(|d| d.location), Some(OTHER_CELL));

		System::set_block_number(30);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(BOB), key, CELL),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, CELL | (1 << 63)),
			Error::<Test>::InvalidH3Cell
		);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), PublicKey::Sr25519([0; 32]), CELL),
			Error::<Test>::UnknownDevice
		);
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), key));
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, CELL),
			Error::<Test>::DeviceSuspended
		);
	});
}
