//! Verifiers: two-step admission with a bond the applicant puts on hold itself, removal
//! releasing it, slashing outside the median's tolerance and for attesting voided work, the
//! quorum's bounds, and the origin and state errors.

use super::*;
use sp_runtime::Perbill;

#[test]
fn verifiers_apply_with_their_own_bond_and_are_admitted() {
	new_test_ext(|| {
		// Governance cannot hold anybody's funds: only applicants can be admitted.
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::root(), verifier(1), 10),
			Error::<Test>::NoApplication
		);
		assert_noop!(
			Work::apply_verifier(RuntimeOrigin::signed(poor())),
			Error::<Test>::CannotAffordBond
		);
		assert_ok!(Work::apply_verifier(RuntimeOrigin::signed(verifier(1))));
		assert!(has_event(Event::VerifierApplied { applicant: verifier(1), bond: VERIFIER_BOND }));
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert_noop!(
			Work::apply_verifier(RuntimeOrigin::signed(verifier(1))),
			Error::<Test>::AlreadyApplied
		);
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::signed(alice()), verifier(1), 10),
			BadOrigin
		);
		assert_ok!(Work::admit_verifier(RuntimeOrigin::root(), verifier(1), 500));
		assert!(has_event(Event::VerifierAdmitted {
			verifier: verifier(1),
			quota: 500,
			bond: VERIFIER_BOND
		}));
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert!(VerifierApplications::<Test>::get(verifier(1)).is_none());
		assert_noop!(
			Work::apply_verifier(RuntimeOrigin::signed(verifier(1))),
			Error::<Test>::AlreadyVerifier
		);
		assert_ok!(Work::apply_verifier(RuntimeOrigin::signed(verifier(2))));
		assert_ok!(Work::admit_verifier(RuntimeOrigin::root(), verifier(2), 10));
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::root(), verifier(1), 10),
			Error::<Test>::AlreadyVerifier
		);
		assert_eq!(VerifierCount::<Test>::get(), 2);
	});
}

#[test]
fn applications_can_be_withdrawn() {
	new_test_ext(|| {
		assert_noop!(
			Work::withdraw_application(RuntimeOrigin::signed(verifier(1))),
			Error::<Test>::NoApplication
		);
		assert_ok!(Work::apply_verifier(RuntimeOrigin::signed(verifier(1))));
		assert_ok!(Work::withdraw_application(RuntimeOrigin::signed(verifier(1))));
		assert!(has_event(Event::ApplicationWithdrawn { applicant: verifier(1) }));
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), 0);
		assert_noop!(
			Work::admit_verifier(RuntimeOrigin::root(), verifier(1), 10),
			Error::<Test>::NoApplication
		);
	});
}

#[test]
fn verifiers_are_removed_with_their_bond() {
	new_test_ext(|| {
		admit(1, 500);
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

#[test]
fn an_attestation_outside_the_tolerance_is_slashed() {
	new_test_ext(|| {
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 3));
		for n in 1..=3 {
			admit(n, 10_000);
		}
		let device = gpu("gpu", 10_000);
		// Tolerance 10 %: of 100, 105 and 150, only 150 strays from the median.
		assert_ok!(attest(&verifier(1), 0, vec![(device, 100)]));
		assert_ok!(attest(&verifier(2), 0, vec![(device, 105)]));
		assert_ok!(attest(&verifier(3), 0, vec![(device, 150)]));
		assert_eq!(units(0, &device), 105, "the lower median of 100, 105, 150");
		// The median is 105: 100 is within 10.5 of it, 150 is not.
		let slash = Perbill::from_percent(10) * VERIFIER_BOND;
		assert_eq!(held(HoldReason::VerifierBond, &verifier(3)), VERIFIER_BOND - slash);
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert!(has_event(Event::VerifierSlashed {
			verifier: verifier(3),
			device,
			epoch: 0,
			amount: slash
		}));
		let v = Verifiers::<Test>::get(verifier(3)).unwrap();
		assert_eq!((v.bond, v.slashed, v.slashes), (VERIFIER_BOND - slash, slash, 1));
		assert_eq!(Attesters::<Test>::get(0, device).into_inner(), vec![verifier(1), verifier(2)]);
	});
}

#[test]
fn an_upheld_dispute_slashes_the_attesters() {
	new_test_ext(|| {
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 2));
		admit(1, 10_000);
		admit(2, 10_000);
		let device = gpu("gpu", 10_000);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 100)]));
		assert_ok!(attest(&verifier(2), 0, vec![(device, 100)]));
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		let slash = Perbill::from_percent(10) * VERIFIER_BOND;
		for n in 1..=2 {
			assert_eq!(held(HoldReason::VerifierBond, &verifier(n)), VERIFIER_BOND - slash);
		}
		assert!(Attesters::<Test>::get(0, device).is_empty());
	});
}

/// A committee majority records work for a device that did nothing (giving it disputable
/// work, and a lock on its sale and bond). Governance can blame the verifiers alone: the work
/// is voided and its attesters slashed (a fifth of each slash to the disputer), while the
/// device keeps its bond and stays active. The verdict waits for every other dispute of the
/// work (`OtherDisputesOpen`) and is refused for work that verifiers did not attest, writing
/// nothing.
#[test]
fn attested_work_can_be_voided_without_slashing_the_device() {
	new_test_ext(|| {
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 2));
		admit(1, 10_000);
		admit(2, 10_000);
		let device = gpu("gpu", 10_000);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 100)]));
		assert_ok!(attest(&verifier(2), 0, vec![(device, 100)]));
		let verifiers_at_fault =
			|id| Work::resolve_dispute(RuntimeOrigin::root(), id, Verdict::UpheldVerifiersAtFault);
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		// A second dispute, claiming the device cheated, is decided first.
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(charlie()), device, 0, H256::zero()));
		assert_noop!(verifiers_at_fault(0), Error::<Test>::OtherDisputesOpen);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 1, Verdict::Rejected));
		let bob_before = Balances::free_balance(bob());
		assert_ok!(verifiers_at_fault(0));
		assert!(record(0, &device).unwrap().voided);
		let slash = Perbill::from_percent(10) * VERIFIER_BOND;
		for n in 1..=2 {
			assert_eq!(held(HoldReason::VerifierBond, &verifier(n)), VERIFIER_BOND - slash);
		}
		assert!(SLASHES.with(|s| s.borrow().is_empty()), "the device keeps its bond");
		assert!(Registry::get(&device).unwrap().active, "and stays active");
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0, "the disputer's bond is released");
		// The disputer gets a fifth of each verifier's slash, on top of its bond.
		let share = Perbill::from_percent(20) * slash;
		assert_eq!(Balances::free_balance(bob()), bob_before + DISPUTE_BOND + 2 * share);
		assert!(has_event(Event::DisputeUpheld { id: 0, slashed: 2 * slash }));

		// Usage work has no verifiers to blame.
		let (sensor, sensor_key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&sensor, 0, 10)]));
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), sensor_key, 0, H256::zero()));
		assert_noop!(verifiers_at_fault(2), Error::<Test>::NotAttestedWork);
		assert_noop!(verifiers_at_fault(9), Error::<Test>::UnknownDispute);
	});
}

#[test]
fn a_rejected_dispute_leaves_the_attesters_alone() {
	new_test_ext(|| {
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 1));
		admit(1, 10_000);
		let device = gpu("gpu", 10_000);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 100)]));
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Rejected));
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert_eq!(Attesters::<Test>::get(0, device).into_inner(), vec![verifier(1)]);
	});
}

#[test]
fn the_tolerance_is_governed() {
	new_test_ext(|| {
		let tolerance = Perbill::from_percent(25);
		assert_noop!(
			Work::set_attestation_tolerance(RuntimeOrigin::signed(alice()), tolerance),
			BadOrigin
		);
		assert_ok!(Work::set_attestation_tolerance(RuntimeOrigin::root(), tolerance));
		assert!(has_event(Event::AttestationToleranceSet { tolerance }));
		assert_eq!(AttestationTolerance::<Test>::get(), tolerance);
	});
}

#[test]
fn the_quorum_cannot_go_below_the_runtime_minimum() {
	new_test_ext(|| {
		MinQuorum::set(3);
		assert_noop!(
			Work::set_attestation_quorum(RuntimeOrigin::root(), 2),
			Error::<Test>::InvalidQuorum
		);
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 3));
		MinQuorum::set(1);
		assert_noop!(
			Work::set_attestation_quorum(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidQuorum
		);
	});
}

#[test]
fn a_verifier_slashed_below_half_its_bond_tops_it_up_before_attesting() {
	new_test_ext(|| {
		admit(1, 1_000);
		let device = gpu("gpu", 500);
		// Seven slashes of a tenth of what is left: 0.9^7 ≈ 48 % of the bond.
		for _ in 0..7 {
			Work::slash_verifier(&verifier(1), &device, 0, None);
		}
		let left = Verifiers::<Test>::get(verifier(1)).unwrap().bond;
		assert!(left < VERIFIER_BOND / 2, "{left}");
		assert_noop!(
			attest(&verifier(1), 0, vec![(device, 10)]),
			Error::<Test>::VerifierBondDepleted
		);
		assert_noop!(
			Work::apply_verifier(RuntimeOrigin::signed(poor())),
			Error::<Test>::CannotAffordBond
		);
		assert_ok!(Work::apply_verifier(RuntimeOrigin::signed(verifier(1))));
		assert!(has_event(Event::VerifierBondToppedUp {
			verifier: verifier(1),
			bond: VERIFIER_BOND
		}));
		let v = Verifiers::<Test>::get(verifier(1)).unwrap();
		assert_eq!((v.bond, v.slashes), (VERIFIER_BOND, 7), "the slashes stay on record");
		assert_eq!(held(HoldReason::VerifierBond, &verifier(1)), VERIFIER_BOND);
		assert_noop!(
			Work::apply_verifier(RuntimeOrigin::signed(verifier(1))),
			Error::<Test>::AlreadyVerifier
		);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 10)]));
	});
}
