//! Storage migrations: `v0 → v1` stores the dispute window once, and passes its try-runtime
//! checks.

use super::*;

frame_support::parameter_types! {
	/// The dispute timeout the `v3 → v4` migration stores where none is set.
	pub const DisputeTimeoutAtV4: EpochIndex = 3;
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

#[test]
fn migration_v1_to_v2_removes_receipt_nonces_and_old_beacons() {
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	frame_support::parameter_types! {
		pub const Rate: u64 = 7;
	}
	new_test_ext(|| {
		// A v1 chain: a receipt nonce and a beacon marker (`()`, stored as no bytes).
		let prefix = |item: &[u8]| {
			let mut key = sp_io::hashing::twox_128(b"Work").to_vec();
			key.extend(sp_io::hashing::twox_128(item));
			key
		};
		let device = PublicKey::Sr25519([1; 32]);
		let mut nonce = prefix(b"ConsumerNonces");
		nonce.extend(consumer().using_encoded(sp_io::hashing::blake2_128));
		nonce.extend(consumer().encode());
		nonce.extend(device.using_encoded(sp_io::hashing::blake2_128));
		nonce.extend(device.encode());
		unhashed::put(&nonce, &5u64);
		let mut beacon = prefix(b"Beacons");
		beacon.extend(0u32.using_encoded(sp_io::hashing::twox_64));
		beacon.extend(0u32.encode());
		beacon.extend(device.using_encoded(sp_io::hashing::blake2_128));
		beacon.extend(device.encode());
		unhashed::put_raw(&beacon, &[]);
		StorageVersion::new(1).put::<Work>();

		crate::migrations::V1ToV2::<Test, Rate>::on_runtime_upgrade();
		assert!(!unhashed::exists(&nonce));
		assert!(!unhashed::exists(&beacon));
		assert_eq!(SettlementRate::<Test>::get(), 7);
		assert_eq!(Work::on_chain_storage_version(), 2);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v1_to_v2_passes_its_post_upgrade_checks() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	frame_support::parameter_types! {
		pub const Rate: u64 = 7;
	}
	new_test_ext(|| {
		StorageVersion::new(1).put::<Work>();
		crate::migrations::V1ToV2::<Test, Rate>::try_on_runtime_upgrade(true)
			.expect("the migration and post_upgrade pass");
		assert_eq!(SettlementRate::<Test>::get(), 7);
	});
}

#[test]
fn migration_v2_to_v3_gives_records_earners_and_shares_and_verifiers_slots() {
	use depin_primitives::PerKind;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	use sp_runtime::Perbill;
	frame_support::parameter_types! {
		pub const Tolerance: Perbill = Perbill::from_percent(10);
	}
	new_test_ext(|| {
		let (device, gone) = v2_chain();
		crate::migrations::V2ToV3::<Test, Tolerance>::on_runtime_upgrade();

		assert_eq!(Work::on_chain_storage_version(), 3);
		// Then v3 → v4 records the bonds that cap the rewards.
		crate::migrations::V3ToV4::<Test, DisputeTimeoutAtV4>::on_runtime_upgrade();
		assert_eq!(Work::on_chain_storage_version(), 4);
		// Closed epoch 0 keeps its rewards; open epoch 2 closes under the cap, with the
		// device's bond (none for the device no longer registered).
		for (epoch, key, bond) in
			[(0, device, u64::MAX), (0, gone, u64::MAX), (2, device, BOND), (2, gone, 0)]
		{
			assert_eq!(record(epoch, &key).map(|w| w.bond), Some(bond));
		}
		// Bob's dispute: indexed as a list of one, with a deadline the timeout after the
		// upgrade's epoch (2 + 3), which the cursor will reach.
		assert_eq!(DisputeTimeout::<Test>::get(), DisputeTimeoutAtV4::get());
		assert_eq!(Disputes::<Test>::get(0).map(|d| (d.disputer, d.deadline)), Some((bob(), 5)));
		assert_eq!(OpenDisputes::<Test>::get(2, device).map(|ids| ids.into_inner()), Some(vec![0]));
		assert!(DisputeDeadlines::<Test>::contains_key(5, 0));
		assert_eq!(DeadlineCursor::<Test>::get(), 2);
		// The registry was told of the work still within the dispute window (epochs 0 and 2
		// of a 2-epoch window, current epoch 2): the latest epoch of each device.
		let last = |key: &PublicKey| LAST_WORK.with(|w| w.borrow().get(&key.encode()).copied());
		assert_eq!((last(&device), last(&gone)), (Some(2), Some(2)));
		// Closed epoch 0: a full share per unit, as v2 split its pools.
		let attested = record(0, &device).expect("translated");
		assert_eq!((attested.owner, attested.units), (alice(), 7));
		assert_eq!(attested.shares, 7 * SHARE_PARTS);
		let usage = record(0, &gone).expect("translated");
		assert_eq!(usage.owner, TreasuryAccount::get(), "an unknown device's earner");
		assert_eq!((usage.credits, usage.shares), (30, 3 * SHARE_PARTS));
		let totals = Totals::<Test>::get(0);
		let full = PerKind { usage: 3 * SHARE_PARTS, witnessed: 0, attested: 7 * SHARE_PARTS };
		assert_eq!(totals.shares, full);
		assert_eq!((totals.credits, totals.devices), (30, 2));
		// Open epoch 2: the shares new work gets (class weight; credits for usage).
		assert_eq!(record(2, &device).map(|w| w.shares), Some(3 * 7 * SHARE_PARTS));
		assert_eq!(record(2, &gone).map(|w| w.shares), Some(30));
		let open = PerKind { usage: 30, witnessed: 0, attested: 21 * SHARE_PARTS };
		assert_eq!(Totals::<Test>::get(2).shares, open);
		let mut slots = Vec::new();
		for (n, quota) in [(1, 100), (2, 200)] {
			let v = Verifiers::<Test>::get(verifier(n)).expect("translated");
			assert_eq!((v.bond, v.quota, v.slashes), (VERIFIER_BOND, quota, 0));
			assert_eq!(VerifierSlots::<Test>::get(v.slot), Some(verifier(n)));
			slots.push(v.slot);
		}
		slots.sort();
		assert_eq!(slots, vec![0, 1]);
		assert_eq!(VerifierCount::<Test>::get(), 2);
		assert_eq!(AttestationTolerance::<Test>::get(), Perbill::from_percent(10));
		// Once at version 3 it never runs again.
		assert_ok!(Work::set_attestation_tolerance(
			RuntimeOrigin::root(),
			Perbill::from_percent(5)
		));
		crate::migrations::V2ToV3::<Test, Tolerance>::on_runtime_upgrade();
		assert_eq!(AttestationTolerance::<Test>::get(), Perbill::from_percent(5));
	});
}

/// A v2 chain in epoch 2: in closed epoch 0, an attested record of a registered device (Alice's,
/// of a class weighted 3) and a usage record of a device no longer registered; in open epoch 2,
/// the same two kinds; each epoch's totals; and two verifiers. Returns the two devices.
fn v2_chain() -> (PublicKey, PublicKey) {
	use crate::migrations::v2;
	use depin_primitives::PerKind;
	use frame_support::{storage::unhashed, traits::StorageVersion};
	let device = device(
		"gpu",
		alice(),
		ClassParams { reward_weight: 3, ..class(ProofKind::Attested, 500) },
		None,
	)
	.1;
	let gone = PublicKey::Sr25519([9; 32]);
	let old = |kind, units, credits| v2::DeviceWork { kind, units, credits, voided: false };
	for epoch in [0, 2] {
		unhashed::put(
			&WorkRecords::<Test>::hashed_key_for(epoch, device),
			&old(ProofKind::Attested, 7, 0u64),
		);
		unhashed::put(
			&WorkRecords::<Test>::hashed_key_for(epoch, gone),
			&old(ProofKind::Usage, 3, 30),
		);
		unhashed::put(
			&Totals::<Test>::hashed_key_for(epoch),
			&v2::EpochTotals {
				units: PerKind { usage: 3, witnessed: 0, attested: 7 },
				credits: 30u64,
				devices: 2,
			},
		);
	}
	CurrentEpoch::<Test>::put(2);
	Closing::<Test>::kill();
	admit(1, 100);
	admit(2, 200);
	for (n, quota) in [(1, 100), (2, 200)] {
		unhashed::put(
			&Verifiers::<Test>::hashed_key_for(verifier(n)),
			&v2::Verifier { bond: VERIFIER_BOND, quota },
		);
	}
	let _ = VerifierSlots::<Test>::clear(u32::MAX, None);
	AttestationTolerance::<Test>::kill();
	// Bob's dispute of the device's work in epoch 2, in the layout of v2 and v3 (one per
	// work, no deadline), its bond on hold; no dispute timeout stored.
	assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<_>>::hold(
		&HoldReason::DisputeBond.into(),
		&bob(),
		DISPUTE_BOND
	));
	unhashed::put(
		&Disputes::<Test>::hashed_key_for(0),
		&crate::migrations::v3::Dispute {
			device,
			epoch: 2,
			disputer: bob(),
			bond: DISPUTE_BOND,
			evidence: H256::zero(),
		},
	);
	unhashed::put(&OpenDisputes::<Test>::hashed_key_for(2, device), &0u32);
	NextDisputeId::<Test>::put(1);
	DisputeTimeout::<Test>::kill();
	StorageVersion::new(2).put::<Work>();
	(device, gone)
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v2_to_v3_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	frame_support::parameter_types! {
		pub const Tolerance: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
	}
	new_test_ext(|| {
		v2_chain();
		crate::migrations::V2ToV3::<Test, Tolerance>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		crate::migrations::V3ToV4::<Test, DisputeTimeoutAtV4>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade (with try_state) pass");
	});
}

/// The v3 → v4 migration stores a dispute timeout that leaves governance time for a verdict at
/// the chain's epoch length: asked for one epoch of five blocks, it stores two (10 blocks,
/// the mock's `MinDisputeVerdictTime`).
#[test]
fn v3_to_v4_respects_the_verdict_floor() {
	use frame_support::traits::OnRuntimeUpgrade;
	frame_support::parameter_types! {
		pub const Tolerance: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
		pub const OneEpoch: EpochIndex = 1;
	}
	new_test_ext(|| {
		v2_chain();
		crate::migrations::V2ToV3::<Test, Tolerance>::on_runtime_upgrade();
		EpochLength::<Test>::put(5);
		crate::migrations::V3ToV4::<Test, OneEpoch>::on_runtime_upgrade();
		assert_eq!(DisputeTimeout::<Test>::get(), 2);
	});
}
