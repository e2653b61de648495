//! Attested work: the quorum median, its edge cases (even quorums, caps, quorum changes) and every
//! attestation error, including the per-epoch verifier quota.

use super::*;

#[test]
fn a_quorum_of_attestations_sets_the_median() {
	new_test_ext(|| {
		(1..=4).for_each(|n| admit(n, 1_000));
		let device = gpu("gpu", 500);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 10)]));
		assert_ok!(attest(&verifier(2), 0, vec![(device, 300)]));
		assert_eq!(units(0, &device), 0, "no units before the quorum of 3");
		assert!(has_event(Event::AttestationsRecorded {
			verifier: verifier(2),
			epoch: 0,
			count: 1
		}));
		assert_ok!(attest(&verifier(3), 0, vec![(device, 20)]));
		// Median of 10, 300 and 20: one outlier cannot move it.
		assert_eq!(units(0, &device), 20);
		assert!(has_event(Event::DeviceAttested { device, epoch: 0, units: 20 }));
		assert!(!Attestations::<Test>::contains_key(0, device));
		assert_noop!(
			attest(&verifier(4), 0, vec![(device, 20)]),
			Error::<Test>::QuorumReached { index: 0 }
		);
		assert_eq!(VerifierUsage::<Test>::get(0, verifier(2)), 300);
	});
}

#[test]
fn median_edge_cases() {
	new_test_ext(|| {
		(1..=3).for_each(|n| admit(n, 1_000));
		// Even quorum: the lower median.
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 2));
		assert!(has_event(Event::AttestationQuorumSet { quorum: 2 }));
		let even = gpu("even", 500);
		assert_ok!(attest(&verifier(1), 0, vec![(even, 30)]));
		assert_ok!(attest(&verifier(2), 0, vec![(even, 10)]));
		assert_eq!(units(0, &even), 10);
		// Above the class cap: clipped.
		let capped = gpu("capped", 15);
		assert_ok!(attest(&verifier(1), 0, vec![(capped, 40)]));
		assert_ok!(attest(&verifier(2), 0, vec![(capped, 50)]));
		assert_eq!(units(0, &capped), 15);
		// A quorum of one: the first attestation counts.
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 1));
		let single = gpu("single", 500);
		assert_ok!(attest(&verifier(3), 0, vec![(single, 7)]));
		assert_eq!(units(0, &single), 7);
		// Lowering the quorum below pending attestations: the next one completes it.
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 3));
		let pending = gpu("pending", 500);
		assert_ok!(attest(&verifier(1), 0, vec![(pending, 5)]));
		assert_ok!(attest(&verifier(2), 0, vec![(pending, 9)]));
		assert_ok!(Work::set_attestation_quorum(RuntimeOrigin::root(), 2));
		assert_ok!(attest(&verifier(3), 0, vec![(pending, 8)]));
		assert_eq!(units(0, &pending), 8, "median of 5, 9 and 8");
		assert_eq!(Totals::<Test>::get(0).units.attested, 10 + 15 + 7 + 8);
		// Quorum bounds.
		assert_noop!(
			Work::set_attestation_quorum(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidQuorum
		);
		assert_noop!(
			Work::set_attestation_quorum(RuntimeOrigin::root(), 6),
			Error::<Test>::InvalidQuorum
		);
		assert_noop!(Work::set_attestation_quorum(RuntimeOrigin::signed(alice()), 2), BadOrigin);
	});
}

#[test]
fn attestation_errors_write_nothing() {
	new_test_ext(|| {
		admit(1, 100);
		admit(2, 1_000);
		let device = gpu("gpu", 500);
		let other = gpu("other", 500);
		let (_, hotspot_key) = hotspot("hotspot", alice(), CELL);
		let idle = gpu("idle", 500);
		Registry::set_active(&idle, false);
		let unknown = PublicKey::Sr25519([9; 32]);

		assert_noop!(attest(&alice(), 0, vec![(device, 1)]), Error::<Test>::NotVerifier);
		assert_noop!(attest(&verifier(1), 0, vec![]), Error::<Test>::EmptyBatch);
		assert_noop!(attest(&verifier(1), 1, vec![(device, 1)]), Error::<Test>::EpochInFuture);
		let check = |bad: (PublicKey, u64), error: Error<Test>| {
			assert_noop!(attest(&verifier(1), 0, vec![(other, 1), bad]), error);
		};
		check((device, 0), Error::<Test>::ZeroUnits { index: 1 });
		check((unknown, 1), Error::<Test>::UnknownDevice { index: 1 });
		check((idle, 1), Error::<Test>::DeviceNotActive { index: 1 });
		check((hotspot_key, 1), Error::<Test>::WrongProofKind { index: 1 });
		check((other, 1), Error::<Test>::DuplicateAttestation { index: 1 });
		// Quota 100: 1 + 100 is over it.
		check((device, 100), Error::<Test>::VerifierQuotaExceeded { index: 1 });
		assert_ok!(attest(&verifier(1), 0, vec![(device, 99)]));
		assert_noop!(
			attest(&verifier(1), 0, vec![(device, 1)]),
			Error::<Test>::DuplicateAttestation { index: 0 }
		);
		assert_noop!(
			attest(&verifier(1), 0, vec![(other, 2)]),
			Error::<Test>::VerifierQuotaExceeded { index: 0 }
		);
		// The quota is per epoch.
		run_to_block(EPOCH + GRACE);
		assert_noop!(attest(&verifier(1), 0, vec![(other, 1)]), Error::<Test>::EpochTooOld);
		assert_ok!(attest(&verifier(1), 1, vec![(other, 100)]));
	});
}
