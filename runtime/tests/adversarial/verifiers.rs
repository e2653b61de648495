//! Compromised and colluding verifiers: quotas and the quorum.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::work::DEV_EPOCH_LENGTH, genesis_config_presets::DEMO_CLASS_GPU, Runtime, RuntimeCall,
	DPIN,
};
use frame_support::{assert_noop, assert_ok};
use pallet_devices::PublicKey;
use pallet_emissions::Error as EmissionsError;
use pallet_work::Error as WorkError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::Dispatchable;

// --- 5. and 6. Compromised and colluding verifiers.

/// A compromised verifier tries to attest more units than its per-epoch quota: at once, spread
/// over devices, across batches, or with a `u64::MAX` that would overflow the running total.
/// Every attempt is refused, naming the first attestation over the quota, and the quota is per
/// epoch. Nor can it attest a device twice (`QuorumReached` once its value counts).
///
/// Bounded (economics): the quota bounds a verifier's *units*, not its devices' share of the
/// attested pool. With the development preset's quorum of 1, the 1,000 units this verifier may
/// attest per epoch would hold all of the attested pool's shares (998.76 DPIN) if no honest
/// attested work is reported; what each device can take is its bond reward cap (0.5 % of its
/// 500 DPIN bond, 2.5 DPIN per epoch), and production presets need a quorum of 3.
#[test]
fn a_compromised_verifier_cannot_exceed_its_quota() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (_, gpu1) = register_demo_device(Charlie, "Gpu1", DEMO_CLASS_GPU, None);
		let (_, gpu2) = register_demo_device(Dave, "Gpu2", DEMO_CLASS_GPU, None);
		let quota = 1_000;
		admit_verifier(Eve, quota);
		let eve =
			|epoch: u32, items: &[(PublicKey, u64)]| attest(epoch, items).dispatch(origin(Eve));

		assert_noop!(
			eve(0, &[(gpu1, quota + 1)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 0 }
		);
		assert_noop!(
			eve(0, &[(gpu1, 600), (gpu2, 600)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 1 }
		);
		assert_noop!(
			eve(0, &[(gpu1, u64::MAX)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 0 }
		);
		assert_noop!(
			attest(0, &[(gpu1, 1)]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::NotVerifier
		);

		assert_ok!(eve(0, &[(gpu1, 600)]));
		assert_noop!(
			eve(0, &[(gpu2, 401)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 0 }
		);
		// 600 + u64::MAX overflows: refused the same way.
		assert_noop!(
			eve(0, &[(gpu2, u64::MAX)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 0 }
		);
		assert_noop!(eve(0, &[(gpu1, 1)]), WorkError::<Runtime>::QuorumReached { index: 0 });
		assert_noop!(eve(1, &[(gpu2, 1)]), WorkError::<Runtime>::EpochInFuture);
		assert_ok!(eve(0, &[(gpu2, 400)]));
		assert_eq!(pallet_work::VerifierUsage::<Runtime>::get(0, Eve.to_account_id()), quota);
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.attested, quota);

		// The next epoch: the full quota again, and no more.
		run_to_block(DEV_EPOCH_LENGTH);
		assert_noop!(
			eve(1, &[(gpu1, quota + 1)]),
			WorkError::<Runtime>::VerifierQuotaExceeded { index: 0 }
		);
		assert_ok!(eve(1, &[(gpu1, quota)]));
		check_invariants();
	});
}

/// With a quorum of 3, two colluding verifiers attest the class cap (100,000 units) for a device:
/// short of the quorum, nothing is recorded, the pending attestations are pruned once the epoch
/// has closed, and the device has nothing to claim. One colluder inside a full quorum cannot move
/// the (lower) median of the honest measurements.
///
/// The colluder inside the honest device's quorum attested 100,000 units against a median of
/// 510: outside the 10 % tolerance, it loses a tenth of its 1,000 DPIN bond to the treasury.
/// A quorum whose majority colludes still sets the median (bounded by each verifier's quota and
/// the class cap); against that stand disputes, which slash every attester of voided work.
#[test]
fn colluding_verifiers_below_quorum_earn_nothing() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		root(RuntimeCall::Work(pallet_work::Call::set_attestation_quorum { quorum: 3 }));
		for verifier in [Eve, Ferdie, Dave, Bob] {
			admit_verifier(verifier, 1_000_000);
		}
		let (_, inflated) = register_demo_device(Charlie, "Inflated", DEMO_CLASS_GPU, None);
		let (_, honest) = register_demo_device(Charlie, "Honest", DEMO_CLASS_GPU, None);

		for colluder in [Eve, Ferdie] {
			dispatch(colluder, attest(0, &[(inflated, 100_000)]));
		}
		assert_eq!(pallet_work::Attestations::<Runtime>::get(0, inflated).len(), 2);
		assert!(pallet_work::WorkRecords::<Runtime>::get(0, inflated).is_none());

		// Sorted, the quorum's values are 500, 510 and 100,000: the median is 510.
		dispatch(Eve, attest(0, &[(honest, 100_000)]));
		dispatch(Dave, attest(0, &[(honest, 500)]));
		dispatch(Bob, attest(0, &[(honest, 510)]));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, honest).unwrap().units, 510);
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.attested, 510);

		run_to_block(final_at(0));
		assert_eq!(pallet_work::Attestations::<Runtime>::iter_prefix(0).count(), 0);
		assert_noop!(
			claim(inflated, &[0]).dispatch(origin(Charlie)),
			EmissionsError::<Runtime>::NoReward
		);
		let before = free(&Charlie.to_account_id());
		dispatch(Charlie, claim(honest, &[0]));
		assert_eq!(free(&Charlie.to_account_id()), before + bond_cap(DEMO_CLASS_GPU));

		// Removing a colluder hands back what the slash left of its bond.
		let before = free(&Eve.to_account_id());
		assert_eq!(verifier_bond(Eve), 900 * DPIN);
		root(RuntimeCall::Work(pallet_work::Call::remove_verifier {
			verifier: Eve.to_account_id(),
		}));
		assert_eq!(verifier_bond(Eve), 0);
		assert_eq!(free(&Eve.to_account_id()), before + 900 * DPIN);
		check_invariants();
	});
}

/// Bonds without consent: governance (or whoever passes a `device_admin` referendum) tries to
/// make an account a verifier, which would put 1,000 DPIN of its funds on hold. Admission takes
/// the account's own application first (`apply_verifier`, which it signs and bonds itself):
/// without one, `admit_verifier` fails with `NoApplication` and holds nothing. An applicant
/// may withdraw before admission and gets its bond back.
#[test]
fn governance_cannot_hold_an_accounts_funds_without_its_consent() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let admit = || {
			RuntimeCall::Work(pallet_work::Call::admit_verifier {
				verifier: Dave.to_account_id(),
				quota: 1_000,
			})
			.dispatch(depin_runtime::RuntimeOrigin::root())
		};
		assert_noop!(admit(), WorkError::<Runtime>::NoApplication);
		assert_eq!(verifier_bond(Dave), 0);
		dispatch(Dave, RuntimeCall::Work(pallet_work::Call::apply_verifier {}));
		assert_eq!(verifier_bond(Dave), 1_000 * DPIN, "its own bond, on its own signature");
		dispatch(Dave, RuntimeCall::Work(pallet_work::Call::withdraw_application {}));
		assert_eq!(verifier_bond(Dave), 0);
		assert_noop!(admit(), WorkError::<Runtime>::NoApplication);
		check_invariants();
	});
}

/// A committee that lies about an innocent device: a colluding verifier (the development
/// preset's quorum of one) records work for Charlie's idle GPU. That work marks the GPU (no
/// sale or bond withdrawal while it is disputable) and exposes it to disputes: a second
/// account of the colluder disputes it, hoping for a verdict that slashes half of Charlie's
/// 500 DPIN bond. Governance blames the verifier alone (`UpheldVerifiersAtFault`, which the
/// `dispute_resolver` track may give): the work is voided and the verifier slashed a tenth of
/// its bond (a fifth of that to the disputer), while the GPU keeps its bond and stays active.
/// The verdict is refused for work no verifier attested (`NotAttestedWork`), and while other
/// disputes of the same work are open (`OtherDisputesOpen`: they are decided first, so an owner
/// who did collude cannot pre-empt an honest dispute with a lighter one of its own).
#[test]
fn attested_work_can_be_voided_without_slashing_the_device() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, gpu) = register_demo_device(Charlie, "Idle", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(gpu, 100)]));
		assert!(pallet_work::WorkRecords::<Runtime>::get(0, gpu).is_some());
		dispatch(Ferdie, open_dispute(gpu, 0));
		let bonds = device_bonds(Charlie);
		let resolver =
			|| depin_runtime::RuntimeOrigin::from(depin_runtime::origins::Origin::DisputeResolver);
		let verdict = |id| {
			RuntimeCall::Work(pallet_work::Call::resolve_dispute {
				id,
				verdict: pallet_work::Verdict::UpheldVerifiersAtFault,
			})
		};
		let ferdie = free(&Ferdie.to_account_id());
		assert_ok!(verdict(0).dispatch(resolver()));
		assert!(pallet_work::WorkRecords::<Runtime>::get(0, gpu).unwrap().voided);
		assert_eq!(verifier_bond(Eve), 900 * DPIN);
		// The disputer: its bond back and a fifth of the verifier's slash.
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND + 20 * DPIN);
		assert_eq!(device_bonds(Charlie), bonds, "the device keeps its bond");
		assert_eq!(
			pallet_devices::Devices::<Runtime>::get(gpu).unwrap().status,
			pallet_devices::DeviceStatus::Active,
			"and works on"
		);

		// A sensor's usage work has no verifiers to blame.
		let (sensor, sensor_key) = register_demo_device(
			Charlie,
			"Sensor",
			depin_runtime::genesis_config_presets::DEMO_CLASS_SENSOR,
			Some(CELL),
		);
		let consumer = Dave;
		dispatch(consumer, buy_credits(consumer.to_account_id(), DPIN));
		assert_applied(settle(consumer, 0, vec![voucher(&sensor, consumer, 0, 10)]));
		dispatch(Ferdie, open_dispute(sensor_key, 0));
		assert_noop!(verdict(1).dispatch(resolver()), WorkError::<Runtime>::NotAttestedWork);
		check_invariants();
	});
}
