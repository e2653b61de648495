//! Verifiers: admission with a bond on hold, removal releasing it, and the origin and state
//! errors.

use super::*;

#[test]
fn verifiers_are_admitted_with_a_bond_and_removed() {
	new_test_ext(|| {
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::signed(alice()), verifier(1), 10),
			BadOrigin
		);
		admit(1, 500);
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert!(has_event(Event::VerifierAdmitted {
			verifier: verifier(1),
			quota: 500,
			bond: VERIFIER_BOND
		}));
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::root(), verifier(1), 10),
			Error::<Test>::AlreadyVerifier
		);
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::root(), poor(), 10),
			Error::<Test>::CannotAffordBond
		);
		assert_noop!(Work::remove_verifier(RuntimeOrigin::signed(alice()), verifier(1)), BadOrigin);
		assert_ok!(Work::remove_verifier(RuntimeOrigin::root(), verifier(1)));
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), 0);
		assert!(has_event(Event::VerifierRemoved { verifier: verifier(1) }));
		assert_noop!(
			Work::remove_verifier(RuntimeOrigin::root(), verifier(1)),
			Error::<Test>::NotVerifier
		);
		assert_eq!(VerifierCount::<Test>::get(), 0);
	});
}
