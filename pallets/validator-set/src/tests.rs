//! Unit tests: every call's success with its events, every error path with `assert_noop!`,
//! the hand-over to the session pallet, and the invariants after each test.

use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::traits::BadOrigin;

use crate::{mock::*, pallet::*};

fn set() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn governance_adds_and_removes_validators() {
	new_test_ext(|| {
		assert_eq!(set(), vec![1, 2, 3]);
		assert_eq!(ValidatorSet::new_session(1), None, "no change, no new set");
		Keys::set(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		System::assert_last_event(Event::ValidatorAdded { validator: 4 }.into());
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		System::assert_last_event(Event::ValidatorRemoved { validator: 2 }.into());
		assert_eq!(set(), vec![1, 3, 4]);
		// The session pallet gets the new set once, at the next session.
		assert_eq!(ValidatorSet::new_session(2), Some(vec![1, 3, 4]));
		System::assert_last_event(Event::SetQueued { session: 2, validators: 3 }.into());
		assert_eq!(ValidatorSet::new_session(3), None);
		// Genesis keeps the session pallet's own keys.
		assert_eq!(ValidatorSet::new_session_genesis(0), None);
	});
}

#[test]
fn validator_errors_write_nothing() {
	new_test_ext(|| {
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4), BadOrigin);
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 3), BadOrigin);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::AlreadyValidator
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NotValidator
		);
		Keys::set(4);
		Keys::set(5);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooManyValidators
		);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(set(), vec![1, 2]);
	});
}
