//! Suspension and resumption by the admin origin.

use super::*;

#[test]
fn admin_suspends_and_resumes() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::signed(ALICE), key),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::resume_device(RuntimeOrigin::root(), key),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), key));
		assert_eq!(last_event(), Event::DeviceSuspended { device: key }.into());
		assert_eq!(statuses(), (0, 1, 0));
		assert!(!view(&key).is_some_and(|d| d.active));
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::root(), key),
			Error::<Test>::DeviceSuspended
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::DeviceSuspended
		);
		assert_ok!(Devices::resume_device(RuntimeOrigin::root(), key));
		assert_eq!(last_event(), Event::DeviceResumed { device: key }.into());
		assert_eq!(statuses(), (1, 0, 0));
		assert!(view(&key).is_some_and(|d| d.active));
		assert_noop!(
			Devices::resume_device(RuntimeOrigin::root(), PublicKey::Sr25519([0; 32])),
			Error::<Test>::UnknownDevice
		);
	});
}
