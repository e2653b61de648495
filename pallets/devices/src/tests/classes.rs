//! Device classes: creation, updates and the witness-rule checks.

use super::*;

#[test]
fn classes_are_created_and_updated() {
	new_test_ext(|| {
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(true)));
		assert_eq!(last_event(), Event::ClassCreated { class: 0 }.into());
		let mut p = class_params(false);
		p.bond = 7;
		assert_ok!(Devices::update_class(RuntimeOrigin::root(), 0, p.clone()));
		assert_eq!(last_event(), Event::ClassUpdated { class: 0 }.into());
		assert_eq!(crate::Classes::<Test>::get(0), Some(p.clone()));

		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 1, p.clone()),
			Error::<Test>::UnknownClass
		);
		let mut bad = p.clone();
		bad.witness.min_witnesses = 9;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), bad.clone()),
			Error::<Test>::InvalidWitnessRules
		);
		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 0, bad),
			Error::<Test>::InvalidWitnessRules
		);
		let mut bad = p;
		bad.witness.far_resolution = 7;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), bad.clone()),
			Error::<Test>::InvalidWitnessRules
		);
		assert_noop!(
			Devices::create_class(RuntimeOrigin::signed(ALICE), bad),
			DispatchError::BadOrigin
		);
	});
}
