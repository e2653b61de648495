//! Unit tests: every call's success with its events, every error path with `assert_noop!`
//! (which also proves nothing was written), and the pallet's invariants after each test.

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok, pallet_prelude::DispatchResult, traits::Hooks, weights::Weight,
	BoundedVec,
};
use pallet_devices::{ClassParams, NetworkKind, ProofKind, PublicKey, WitnessRules};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{traits::BadOrigin, MultiSignature, Perbill};

use crate::{mock::*, pallet::*, *};

/// A resolution-9 cell (San Francisco), and cells relative to it.
const CELL: u64 = 0x8928308280fffff;
/// Same resolution-8 parent, another resolution-9 cell: in the band of the test classes.
const NEAR: u64 = 0x89283082813ffff;
/// Same resolution-8 parent, a third resolution-9 cell: also in the band.
const NEAR2: u64 = 0x89283082817ffff;
/// Another resolution-8 parent: out of the band.
const FAR: u64 = 0x8928308282fffff;

const BOND: u64 = 1_000;

fn class(proof: ProofKind, units_cap: u64) -> ClassParams<u64> {
	ClassParams {
		kind: if proof == ProofKind::Attested {
			NetworkKind::Digital
		} else {
			NetworkKind::Physical
		},
		proof,
		bond: BOND,
		units_cap,
		unit_price: 2,
		reward_weight: 1,
		location_required: proof == ProofKind::Witnessed,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses: 4,
			near_resolution: 8,
			far_resolution: 9,
		},
	}
}

/// Registers an active mock device with key `//<name>`.
fn device(
	name: &str,
	owner: AccountId,
	params: ClassParams<u64>,
	location: Option<u64>,
) -> (sr25519::Pair, PublicKey) {
	let p = pair(&format!("//{name}"));
	let key = PublicKey::Sr25519(p.public().0);
	Registry::add(key, MockDevice { owner, class: params, location, active: true, bond: BOND });
	(p, key)
}

fn usage_device(name: &str) -> (sr25519::Pair, PublicKey) {
	device(name, alice(), class(ProofKind::Usage, 100), Some(CELL))
}

fn bounded<T, S: frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::try_from(items).unwrap_or_else(|_| panic!("within bounds"))
}

/// A usage receipt signed by the device and `//Consumer` over the documented payload.
fn receipt(
	device: &sr25519::Pair,
	epoch: EpochIndex,
	units: u64,
	nonce: u64,
) -> UsageReceiptOf<Test> {
	let key = PublicKey::Sr25519(device.public().0);
	let payload = Work::usage_payload(&key, &consumer(), epoch, units, nonce);
	UsageReceipt {
		device: key,
		consumer: consumer(),
		units,
		nonce,
		device_signature: device.sign(&payload).0,
		consumer_signature: MultiSignature::Sr25519(pair("//Consumer").sign(&payload)),
	}
}

fn submit_usage(epoch: EpochIndex, receipts: Vec<UsageReceiptOf<Test>>) -> DispatchResult {
	Work::submit_usage(RuntimeOrigin::signed(bob()), epoch, bounded(receipts))
}

/// A witness receipt of `beaconer`'s beacon in `epoch`, signed by `witness`.
fn witness_receipt(
	witness: &sr25519::Pair,
	beaconer: &PublicKey,
	epoch: EpochIndex,
) -> WitnessReceipt {
	let challenge = Work::challenge(epoch, beaconer).expect("seed of the epoch");
	WitnessReceipt {
		witness: PublicKey::Sr25519(witness.public().0),
		signature: witness.sign(&Work::witness_payload(beaconer, epoch, &challenge)).0,
	}
}

fn submit_beacon(beaconer: PublicKey, epoch: EpochIndex, w: Vec<WitnessReceipt>) -> DispatchResult {
	Work::submit_beacon(RuntimeOrigin::signed(bob()), beaconer, epoch, bounded(w))
}

fn attest(verifier: &AccountId, epoch: EpochIndex, items: Vec<(PublicKey, u64)>) -> DispatchResult {
	let items = items.into_iter().map(|(device, units)| Attestation { device, units }).collect();
	Work::submit_attestations(RuntimeOrigin::signed(verifier.clone()), epoch, bounded(items))
}

fn verifier(n: u32) -> AccountId {
	account(&format!("//V{n}"))
}

fn admit(n: u32, quota: u64) {
	assert_ok!(Work::admit_verifier(RuntimeOrigin::root(), verifier(n), quota));
}

fn units(epoch: EpochIndex, device: &PublicKey) -> u64 {
	record(epoch, device).map_or(0, |w| w.units)
}

fn held(reason: HoldReason, who: &AccountId) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason.into(), who)
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Work(event.clone()))
}

fn record(epoch: EpochIndex, device: &PublicKey) -> Option<DeviceWork<u64>> {
	WorkRecords::<Test>::get(epoch, device)
}

// ---------------------------------------------------------------------------------------------
// Epochs

#[test]
fn epochs_start_at_boundaries_and_close_after_the_grace() {
	new_test_ext(|| {
		assert_eq!((CurrentEpoch::<Test>::get(), EpochStart::<Test>::get()), (0, 0));
		run_to_block(EPOCH - 1);
		assert_eq!(CurrentEpoch::<Test>::get(), 0);
		run_to_block(EPOCH);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		assert_eq!(EpochStart::<Test>::get(), EPOCH);
		assert_eq!(Closing::<Test>::get(), Some((0, EPOCH + GRACE)));
		assert!(has_event(Event::EpochStarted { epoch: 1, start: EPOCH, length: EPOCH }));
		assert!(CLOSED.with(|c| c.borrow().is_empty()), "epoch 0 is still in its grace");
		run_to_block(EPOCH + GRACE);
		assert_eq!(Closing::<Test>::get(), None);
		assert_eq!(CLOSED.with(|c| c.borrow().clone()), vec![(0, EpochTotals::default())]);
		assert!(has_event(Event::EpochClosed { epoch: 0, totals: EpochTotals::default() }));
		// Only the current epoch's seed is kept once the previous one closed.
		assert!(Seeds::<Test>::contains_key(1) && !Seeds::<Test>::contains_key(0));
		run_to_block(3 * EPOCH + GRACE);
		assert_eq!(CurrentEpoch::<Test>::get(), 3);
		let closed: Vec<_> = CLOSED.with(|c| c.borrow().iter().map(|(e, _)| *e).collect());
		assert_eq!(closed, vec![0, 1, 2], "each epoch closes exactly once");
	});
}

#[test]
fn dispute_window_is_governed_and_decides_finality() {
	new_test_ext(|| {
		assert_eq!(DisputeWindow::<Test>::get(), WINDOW);
		assert_noop!(Work::set_dispute_window(RuntimeOrigin::signed(alice()), 1), BadOrigin);
		assert_noop!(
			Work::set_dispute_window(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidDisputeWindow
		);
		assert_noop!(
			Work::set_dispute_window(RuntimeOrigin::root(), WINDOW + 2),
			Error::<Test>::InvalidDisputeWindow
		);
		// Epoch 0 is final once the current epoch is past 0 + window and 0 has closed.
		run_to_block(2 * EPOCH + GRACE);
		assert!(!<Work as WorkInspect<_>>::epoch_final(0), "window 2: final from epoch 3");
		assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), 1));
		assert!(has_event(Event::DisputeWindowSet { epochs: 1 }));
		assert!(<Work as WorkInspect<_>>::epoch_final(0), "window 1: final from epoch 2");
		assert_eq!(<Work as WorkInspect<_>>::max_dispute_window(), WINDOW + 1);
		assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), WINDOW + 1));
		assert!(!<Work as WorkInspect<_>>::epoch_final(0), "lengthening reopens it");
	});
}

#[test]
fn epoch_length_changes_at_the_next_boundary() {
	new_test_ext(|| {
		assert_noop!(Work::set_epoch_length(RuntimeOrigin::signed(alice()), 20), BadOrigin);
		assert_noop!(
			Work::set_epoch_length(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidEpochLength
		);
		assert_ok!(Work::set_epoch_length(RuntimeOrigin::root(), 20));
		assert!(has_event(Event::EpochLengthScheduled { length: 20 }));
		run_to_block(EPOCH);
		assert_eq!(CurrentEpoch::<Test>::get(), 1, "the running epoch keeps its length");
		assert_eq!(EpochLength::<Test>::get(), 20);
		run_to_block(EPOCH + 19);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		run_to_block(EPOCH + 20);
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
	});
}

// ---------------------------------------------------------------------------------------------
// Usage

#[test]
fn usage_receipts_count_units_and_spend_credits() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 10, 1), receipt(&d, 0, 5, 2)]));
		assert_eq!(
			record(0, &key),
			Some(DeviceWork { kind: ProofKind::Usage, units: 15, credits: 30, voided: false })
		);
		assert_eq!(Credits::credits(&consumer()), 1_000 - 15 * 2);
		assert_eq!(ConsumerNonces::<Test>::get(consumer(), key), Some(2));
		let totals = Totals::<Test>::get(0);
		assert_eq!((totals.usage_units, totals.credits, totals.devices), (15, 30, 1));
		assert!(has_event(Event::UsageRecorded { epoch: 0, receipts: 2, units: 15, credits: 30 }));
	});
}

#[test]
fn late_usage_counts_during_the_grace_only() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_noop!(submit_usage(1, vec![receipt(&d, 1, 1, 1)]), Error::<Test>::EpochInFuture);
		run_to_block(EPOCH);
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 3, 1)]));
		assert_eq!(units(0, &key), 3, "counted for the ended epoch");
		run_to_block(EPOCH + GRACE);
		assert_noop!(submit_usage(0, vec![receipt(&d, 0, 1, 2)]), Error::<Test>::EpochTooOld);
		assert_eq!(CLOSED.with(|c| c.borrow()[0].1.usage_units), 3);
	});
}

#[test]
fn usage_receipt_errors_name_the_bad_receipt_and_write_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (w, _) = device("hotspot", alice(), class(ProofKind::Witnessed, 100), Some(CELL));
		let (idle, idle_key) = usage_device("idle");
		Registry::set_active(&idle_key, false);
		let stranger = pair("//Stranger");
		Credits::set(&consumer(), 1_000);

		assert_noop!(submit_usage(0, vec![]), Error::<Test>::EmptyBatch);
		let good = receipt(&d, 0, 1, 1);
		let check = |bad: UsageReceiptOf<Test>, error: Error<Test>| {
			// The bad receipt is second: the first, valid one is not written either.
			assert_noop!(submit_usage(0, vec![good.clone(), bad]), error);
		};
		check(receipt(&d, 0, 0, 2), Error::<Test>::ZeroUnits { index: 1 });
		check(receipt(&stranger, 0, 1, 2), Error::<Test>::UnknownDevice { index: 1 });
		check(receipt(&idle, 0, 1, 2), Error::<Test>::DeviceNotActive { index: 1 });
		check(receipt(&w, 0, 1, 2), Error::<Test>::WrongProofKind { index: 1 });

		// Signed by another key than the device's.
		let mut forged = receipt(&d, 0, 1, 2);
		forged.device_signature = receipt(&stranger, 0, 1, 2).device_signature;
		check(forged, Error::<Test>::BadDeviceSignature { index: 1 });
		// Units changed after signing.
		let mut inflated = receipt(&d, 0, 1, 2);
		inflated.units = 50;
		check(inflated, Error::<Test>::BadDeviceSignature { index: 1 });
		// The consumer did not sign this receipt.
		let mut unpaid = receipt(&d, 0, 1, 2);
		unpaid.consumer_signature = MultiSignature::Sr25519(pair("//Bob").sign(b"anything"));
		check(unpaid, Error::<Test>::BadConsumerSignature { index: 1 });
		// Signed for another chain (genesis hash) or another purpose (domain tag).
		let other_chain =
			(USAGE_RECEIPT_TAG, H256::repeat_byte(1), key, consumer(), 0u32, 1u64, 2u64).encode();
		let other_purpose =
			(*b"dpin/other-tag/1", Work::genesis_hash(), key, consumer(), 0u32, 1u64, 2u64)
				.encode();
		for payload in [other_chain, other_purpose] {
			let mut r = receipt(&d, 0, 1, 2);
			r.device_signature = d.sign(&payload).0;
			r.consumer_signature = MultiSignature::Sr25519(pair("//Consumer").sign(&payload));
			check(r, Error::<Test>::BadDeviceSignature { index: 1 });
		}
		// Replays, within a batch and across batches.
		check(receipt(&d, 0, 1, 1), Error::<Test>::ReceiptReplayed { index: 1 });
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 1, 5)]));
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 1, 5)]),
			Error::<Test>::ReceiptReplayed { index: 0 }
		);
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 1, 4)]),
			Error::<Test>::NonceNotIncreasing { index: 0 }
		);
		// The cap (100 units per epoch) is not clipped: the consumer would pay for nothing.
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 99, 6), receipt(&d, 0, 1, 7)]),
			Error::<Test>::UnitsCapExceeded { index: 1 }
		);
		// 1,000 credits at 2 per unit pay for at most 500 units.
		Credits::set(&consumer(), 20);
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 5, 6), receipt(&d, 0, 6, 7)]),
			Error::<Test>::InsufficientCredits { index: 1 }
		);
		assert_eq!(units(0, &key), 1);
	});
}

// ---------------------------------------------------------------------------------------------
// Witnessed

fn hotspot(name: &str, owner: AccountId, cell: u64) -> (sr25519::Pair, PublicKey) {
	device(name, owner, class(ProofKind::Witnessed, 100), Some(cell))
}

#[test]
fn a_beacon_with_witnesses_earns_units() {
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, k1) = hotspot("w1", bob(), NEAR);
		let (w2, k2) = hotspot("w2", charlie(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &beaconer, 0), witness_receipt(&w2, &beaconer, 0)];
		assert_ok!(submit_beacon(beaconer, 0, receipts));
		assert_eq!((units(0, &beaconer), units(0, &k1), units(0, &k2)), (2, 1, 1));
		assert_eq!(Totals::<Test>::get(0).witnessed_units, 4);
		assert!(Beacons::<Test>::contains_key(0, beaconer));
		assert!(has_event(Event::BeaconRecorded { beaconer, epoch: 0, witnesses: 2, units: 2 }));
	});
}

#[test]
fn beacon_errors_write_nothing() {
	new_test_ext(|| {
		let (b, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, _) = hotspot("w1", bob(), NEAR);
		let (w2, _) = hotspot("w2", charlie(), NEAR2);
		let (same_owner, _) = hotspot("mine", alice(), NEAR);
		let (same_cell, _) = hotspot("same-cell", bob(), CELL);
		let (far, _) = hotspot("far", bob(), FAR);
		let (nowhere, _) = device("nowhere", bob(), class(ProofKind::Witnessed, 100), None);
		let (sensor, _) = device("sensor", bob(), class(ProofKind::Usage, 100), Some(NEAR));
		let (idle, idle_key) = hotspot("idle", bob(), NEAR);
		Registry::set_active(&idle_key, false);
		let stranger = pair("//Stranger");
		let r = |w: &sr25519::Pair| witness_receipt(w, &beaconer, 0);

		// The beaconer itself.
		let (_, usage_key) = usage_device("usage");
		assert_noop!(
			submit_beacon(usage_key, 0, vec![r(&w1)]),
			Error::<Test>::WrongProofKind { index: 0 }
		);
		let unknown = PublicKey::Sr25519(stranger.public().0);
		assert_noop!(
			submit_beacon(unknown, 0, vec![r(&w1)]),
			Error::<Test>::UnknownDevice { index: 0 }
		);
		assert_noop!(
			submit_beacon(idle_key, 0, vec![r(&w1)]),
			Error::<Test>::DeviceNotActive { index: 0 }
		);
		assert_noop!(submit_beacon(beaconer, 1, vec![r(&w1)]), Error::<Test>::EpochInFuture);
		assert_noop!(submit_beacon(beaconer, 0, vec![]), Error::<Test>::TooFewWitnesses);
		let five = ["a", "b", "c", "d", "e"].map(|n| hotspot(n, bob(), NEAR).0);
		assert_noop!(
			submit_beacon(beaconer, 0, five.iter().map(r).collect()),
			Error::<Test>::TooManyWitnesses
		);

		// Each witness, named by its index.
		let check = |bad: WitnessReceipt, error: Error<Test>| {
			assert_noop!(submit_beacon(beaconer, 0, vec![r(&w1), bad]), error);
		};
		check(r(&stranger), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&sensor), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&idle), Error::<Test>::WitnessNotEligible { index: 1 });
		check(r(&w1), Error::<Test>::DuplicateWitness { index: 1 });
		check(r(&same_owner), Error::<Test>::WitnessSameOwner { index: 1 });
		check(r(&b), Error::<Test>::WitnessSameOwner { index: 1 });
		check(r(&same_cell), Error::<Test>::WitnessOutOfBand { index: 1 });
		check(r(&far), Error::<Test>::WitnessOutOfBand { index: 1 });
		check(r(&nowhere), Error::<Test>::WitnessOutOfBand { index: 1 });
		let mut wrong_key = r(&w2);
		wrong_key.signature = r(&w1).signature;
		check(wrong_key, Error::<Test>::BadWitnessSignature { index: 1 });
		// Signed for another chain or another purpose.
		let challenge = Work::challenge(0, &beaconer).unwrap();
		for payload in [
			(WITNESS_RECEIPT_TAG, H256::repeat_byte(1), beaconer, 0u32, challenge).encode(),
			(*b"dpin/other-tag/1", Work::genesis_hash(), beaconer, 0u32, challenge).encode(),
		] {
			let mut bad = r(&w2);
			bad.signature = w2.sign(&payload).0;
			check(bad, Error::<Test>::BadWitnessSignature { index: 1 });
		}

		// Not challenged at a zero rate.
		assert_ok!(Work::set_challenge_rate(RuntimeOrigin::root(), Perbill::zero()));
		assert_noop!(submit_beacon(beaconer, 0, vec![r(&w1)]), Error::<Test>::NotChallenged);
		assert_ok!(Work::set_challenge_rate(RuntimeOrigin::root(), Perbill::one()));

		// One beacon per device and epoch.
		assert_ok!(submit_beacon(beaconer, 0, vec![r(&w1)]));
		assert_noop!(submit_beacon(beaconer, 0, vec![r(&w2)]), Error::<Test>::DuplicateBeacon);

		// After the grace, the epoch is closed.
		let (_, late) = hotspot("late", charlie(), CELL);
		let receipt = witness_receipt(&w1, &late, 0);
		run_to_block(EPOCH + GRACE);
		assert_noop!(submit_beacon(late, 0, vec![receipt]), Error::<Test>::EpochTooOld);
	});
}

#[test]
fn a_sybil_ring_owned_by_one_account_earns_nothing() {
	new_test_ext(|| {
		// Six hotspots of one owner, all in each other's band.
		let cells = [CELL, NEAR, NEAR2, CELL, NEAR, NEAR2];
		let ring: Vec<_> = cells
			.iter()
			.enumerate()
			.map(|(i, cell)| hotspot(&format!("ring{i}"), alice(), *cell))
			.collect();
		for (_, beaconer) in &ring {
			let witnesses: Vec<_> = ring
				.iter()
				.filter(|(_, k)| k != beaconer)
				.take(4)
				.map(|(p, _)| witness_receipt(p, beaconer, 0))
				.collect();
			assert_noop!(
				submit_beacon(*beaconer, 0, witnesses),
				Error::<Test>::WitnessSameOwner { index: 0 }
			);
		}
		assert_eq!(Totals::<Test>::get(0), EpochTotals::default());
	});
}

#[test]
fn witnessed_units_are_clipped_at_the_class_cap() {
	new_test_ext(|| {
		let (_, small) = device("small", alice(), class(ProofKind::Witnessed, 1), Some(CELL));
		let (w1, k1) = device("w1", bob(), class(ProofKind::Witnessed, 2), Some(NEAR));
		let (w2, _) = hotspot("w2", charlie(), NEAR2);
		let receipts = vec![witness_receipt(&w1, &small, 0), witness_receipt(&w2, &small, 0)];
		assert_ok!(submit_beacon(small, 0, receipts));
		assert_eq!(units(0, &small), 1, "two witnesses, but the beaconer's cap is 1");
		// w1 witnesses two more beacons; its own cap is 2.
		for name in ["other1", "other2"] {
			let (_, other) = hotspot(name, charlie(), CELL);
			assert_ok!(submit_beacon(other, 0, vec![witness_receipt(&w1, &other, 0)]));
		}
		assert_eq!(units(0, &k1), 2);
		assert_eq!(Totals::<Test>::get(0).witnessed_units, 1 + 2 + 1 + 1 + 1);
	});
}

#[test]
fn the_challenged_share_follows_the_rate() {
	new_test_ext(|| {
		let devices: Vec<PublicKey> = (0u32..4_000)
			.map(|i| PublicKey::Ed25519(sp_io::hashing::blake2_256(&i.encode())))
			.collect();
		let share = |epoch: EpochIndex, rate: Perbill| {
			devices
				.iter()
				.filter(|d| {
					Work::challenge(epoch, d).is_some_and(|c| Work::challenged_at(&c, rate))
				})
				.count()
		};
		for epoch in 0..3 {
			// 4,000 draws at 10 %: mean 400, standard deviation 19; allow 4 of them.
			let n = share(epoch, Perbill::from_percent(10));
			assert!((324..=476).contains(&n), "epoch {epoch}: {n} of 4000 challenged at 10%");
			let n = share(epoch, Perbill::from_percent(50));
			assert!((1_874..=2_126).contains(&n), "epoch {epoch}: {n} of 4000 at 50%");
			assert_eq!(share(epoch, Perbill::zero()), 0);
			assert_eq!(share(epoch, Perbill::one()), devices.len());
			run_to_block(System::block_number() + EPOCH);
		}
		// Different epochs challenge different devices.
		let challenged = |epoch| {
			devices
				.iter()
				.filter(|d| {
					Work::challenge(epoch, d)
						.is_some_and(|c| Work::challenged_at(&c, Perbill::from_percent(10)))
				})
				.cloned()
				.collect::<Vec<_>>()
		};
		assert_ne!(challenged(2), challenged(3));
	});
}

// ---------------------------------------------------------------------------------------------
// Attested

fn gpu(name: &str, cap: u64) -> PublicKey {
	device(name, alice(), class(ProofKind::Attested, cap), None).1
}

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
		assert_eq!(Totals::<Test>::get(0).attested_units, 10 + 15 + 7 + 8);
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

// ---------------------------------------------------------------------------------------------
// Disputes

/// A usage device with 10 units in epoch 0.
fn worked_device() -> PublicKey {
	let (d, key) = usage_device("sensor");
	Credits::set(&consumer(), 1_000);
	assert_ok!(submit_usage(0, vec![receipt(&d, 0, 10, 1)]));
	key
}

#[test]
fn an_upheld_dispute_voids_slashes_and_suspends() {
	new_test_ext(|| {
		let device = worked_device();
		let evidence = H256::repeat_byte(7);
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, evidence));
		assert_eq!(held(HoldReason::DisputeBond, &bob()), DISPUTE_BOND);
		assert_eq!(Registry::dispute_locks(&device), 1, "the registry locks the device");
		assert!(has_event(Event::DisputeOpened { id: 0, device, epoch: 0, disputer: bob() }));
		assert_noop!(Work::resolve_dispute(RuntimeOrigin::signed(alice()), 0, true), BadOrigin);

		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, true));
		assert_eq!(Registry::dispute_locks(&device), 0, "and unlocks it once resolved");
		assert!(record(0, &device).unwrap().voided);
		assert!(!Registry::get(&device).unwrap().active, "suspended");
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0, "the disputer's bond is released");
		// 50 % of the 1,000 bond: a fifth of it (100) to the disputer, 400 to the treasury.
		let slashes = SLASHES.with(|s| s.borrow().clone());
		assert_eq!(slashes, vec![(device, 100, bob()), (device, 400, TreasuryAccount::get())]);
		assert!(has_event(Event::DisputeUpheld { id: 0, slashed: 500 }));
		// Voided work never becomes final, and cannot be disputed again.
		run_to_block((WINDOW as u64 + 2) * EPOCH);
		assert_eq!(<Work as WorkInspect<u64>>::final_work(&device, 0), None);
	});
}

#[test]
fn a_rejected_dispute_costs_the_disputer_its_bond() {
	new_test_ext(|| {
		let device = worked_device();
		let treasury_before = Balances::free_balance(TreasuryAccount::get());
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		assert_eq!(Registry::dispute_locks(&device), 1);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, false));
		assert_eq!(Registry::dispute_locks(&device), 0);
		assert_eq!(held(HoldReason::DisputeBond, &bob()), 0);
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury_before + DISPUTE_BOND);
		assert_eq!(Balances::free_balance(bob()), 10_000 - DISPUTE_BOND);
		assert!(has_event(Event::DisputeRejected { id: 0, slashed: DISPUTE_BOND }));
		assert!(!record(0, &device).unwrap().voided);
		assert!(Registry::get(&device).unwrap().active);
	});
}

#[test]
fn dispute_errors_write_nothing() {
	new_test_ext(|| {
		let device = worked_device();
		let (_, idle) = usage_device("no-work");
		let open = |who: AccountId, device, epoch| {
			Work::open_dispute(RuntimeOrigin::signed(who), device, epoch, H256::zero())
		};
		assert_noop!(open(bob(), device, 1), Error::<Test>::DisputeOutsideWindow);
		assert_noop!(open(bob(), idle, 0), Error::<Test>::NoWorkToDispute);
		assert_noop!(open(poor(), device, 0), Error::<Test>::CannotAffordBond);
		assert_ok!(open(bob(), device, 0));
		assert_noop!(open(charlie(), device, 0), Error::<Test>::DisputeAlreadyOpen);
		assert_noop!(
			Work::resolve_dispute(RuntimeOrigin::root(), 9, true),
			Error::<Test>::UnknownDispute
		);
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, true));
		assert_noop!(open(charlie(), device, 0), Error::<Test>::NoWorkToDispute);
		assert_noop!(
			Work::resolve_dispute(RuntimeOrigin::root(), 0, true),
			Error::<Test>::UnknownDispute
		);
		// Epoch 0 is disputable until epoch WINDOW ends.
		let (d2, k2) = usage_device("late");
		assert_ok!(submit_usage(0, vec![receipt(&d2, 0, 1, 1)]));
		run_to_block(WINDOW as u64 * EPOCH + EPOCH - 1);
		assert_eq!(CurrentEpoch::<Test>::get(), WINDOW);
		run_to_block((WINDOW as u64 + 1) * EPOCH);
		assert_noop!(open(bob(), k2, 0), Error::<Test>::DisputeOutsideWindow);
	});
}

#[test]
fn work_is_final_once_closed_past_the_window_and_undisputed() {
	new_test_ext(|| {
		let device = worked_device();
		let final_work = || <Work as WorkInspect<u64>>::final_work(&device, 0);
		assert_eq!(final_work(), None, "the epoch is running");
		run_to_block(EPOCH);
		assert_eq!(final_work(), None, "in its grace");
		run_to_block((WINDOW as u64) * EPOCH + GRACE);
		assert_eq!(final_work(), None, "inside the dispute window");
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), device, 0, H256::zero()));
		run_to_block((WINDOW as u64 + 1) * EPOCH);
		assert_eq!(final_work(), None, "a dispute is open");
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, false));
		assert_eq!(final_work().map(|w| w.units), Some(10));
		assert_eq!(<Work as WorkInspect<u64>>::epoch_totals(0).usage_units, 10);
		assert_eq!(<Work as WorkInspect<u64>>::current_epoch(), WINDOW + 1);
	});
}

// ---------------------------------------------------------------------------------------------
// Pruning

#[test]
fn on_idle_prunes_records_of_closed_epochs_only() {
	new_test_ext(|| {
		let (_, beaconer) = hotspot("beaconer", alice(), CELL);
		let (w1, _) = hotspot("w1", bob(), NEAR);
		assert_ok!(submit_beacon(beaconer, 0, vec![witness_receipt(&w1, &beaconer, 0)]));
		admit(1, 100);
		let device = gpu("gpu", 500);
		assert_ok!(attest(&verifier(1), 0, vec![(device, 5)]));
		let idle = |n| Work::on_idle(n, Weight::MAX);

		idle(1);
		assert!(Beacons::<Test>::contains_key(0, beaconer), "epoch 0 is running");
		run_to_block(EPOCH);
		idle(EPOCH);
		assert!(Beacons::<Test>::contains_key(0, beaconer), "epoch 0 is in its grace");
		run_to_block(EPOCH + GRACE);
		idle(EPOCH + GRACE);
		assert!(!Beacons::<Test>::contains_key(0, beaconer));
		assert!(!Attestations::<Test>::contains_key(0, device));
		assert_eq!(VerifierUsage::<Test>::get(0, verifier(1)), 0);
		assert_eq!(PruneCursor::<Test>::get(), 1);
		assert_eq!(units(0, &beaconer), 1, "work stays for emissions");
		// Work records and totals stay while the current epoch is within `WorkRetention` (4)
		// epochs of theirs; each idle call does one epoch's worth of clean-up.
		let last_kept = RETENTION as u64 * EPOCH;
		run_to_block(last_kept);
		(0..5).for_each(|_| {
			idle(last_kept);
		});
		assert_eq!(units(0, &beaconer), 1);
		assert_eq!(RecordsCursor::<Test>::get(), 0);
		run_to_block(last_kept + EPOCH);
		(0..3).for_each(|_| {
			idle(last_kept + EPOCH);
		});
		assert_eq!(record(0, &beaconer), None);
		assert_eq!(Totals::<Test>::get(0), EpochTotals::default());
		assert_eq!(RecordsCursor::<Test>::get(), 1);
	});
}

// ---------------------------------------------------------------------------------------------
// Documentation

/// The worked examples of `docs/work.md`: if this test fails, the documented byte layouts are
/// wrong (or the chain changed them).
#[test]
fn signed_payload_layouts_match_the_docs() {
	new_test_ext(|| {
		let device = PublicKey::Sr25519(pair("//Alice").public().0);
		let consumer = account("//Bob");
		let usage = Work::usage_payload(&device, &consumer, 7, 250, 3);
		let expected = [
			"6470696e2f75736167652d7263702f31",
			"4545454545454545454545454545454545454545454545454545454545454545",
			"00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
			"8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
			"07000000",
			"fa00000000000000",
			"0300000000000000",
		]
		.concat();
		assert_eq!(hex(&usage), expected);
		assert_eq!(usage.len(), 133);

		let challenge = H256::repeat_byte(0xab);
		let witness = Work::witness_payload(&device, 7, &challenge);
		let expected = [
			"6470696e2f7769746e6573732d722f31",
			"4545454545454545454545454545454545454545454545454545454545454545",
			"00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
			"07000000",
			"abababababababababababababababababababababababababababababababab",
		]
		.concat();
		assert_eq!(hex(&witness), expected);
		assert_eq!(witness.len(), 117);

		// The challenge derivation and the threshold comparison.
		let seed = H256::repeat_byte(0x11);
		Seeds::<Test>::insert(7, seed);
		let mut preimage = CHALLENGE_TAG.to_vec();
		preimage.extend_from_slice(seed.as_bytes());
		preimage.extend_from_slice(&7u32.to_le_bytes());
		preimage.push(0);
		preimage.extend_from_slice(&pair("//Alice").public().0);
		assert_eq!(preimage.len(), 85);
		let challenge = Work::challenge(7, &device).unwrap();
		assert_eq!(challenge.0, sp_io::hashing::blake2_256(&preimage));
		// First eight bytes 0x1999999999999999 are just below 10 % of 2^64.
		let mut c = [0u8; 32];
		c[..8].copy_from_slice(&0x1999_9999_9999_9999u64.to_be_bytes());
		assert!(Work::challenged_at(&H256(c), Perbill::from_percent(10)));
		c[..8].copy_from_slice(&0x1999_9999_9999_999au64.to_be_bytes());
		assert!(!Work::challenged_at(&H256(c), Perbill::from_percent(10)));
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn migration_v0_to_v1_sets_the_dispute_window() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	frame_support::parameter_types! {
		pub const OldWindow: EpochIndex = 2;
	}
	new_test_ext(|| {
		// A chain from before the governed window: version 0, no window stored.
		DisputeWindow::<Test>::kill();
		StorageVersion::new(0).put::<Work>();
		crate::migrations::V0ToV1::<Test, OldWindow>::on_runtime_upgrade();
		assert_eq!(DisputeWindow::<Test>::get(), 2);
		assert_eq!(Work::on_chain_storage_version(), 1);
		// Once at version 1 it never runs again, whatever the window is.
		assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), 3));
		crate::migrations::V0ToV1::<Test, OldWindow>::on_runtime_upgrade();
		assert_eq!(DisputeWindow::<Test>::get(), 3);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v0_to_v1_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	frame_support::parameter_types! {
		pub const OldWindow: EpochIndex = 2;
	}
	new_test_ext(|| {
		DisputeWindow::<Test>::kill();
		StorageVersion::new(0).put::<Work>();
		crate::migrations::V0ToV1::<Test, OldWindow>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		assert_eq!(DisputeWindow::<Test>::get(), 2);
	});
}
