//! Storage migrations: `v0 → v1` stores the dispute window once, and passes its try-runtime
//! checks.

use super::*;

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
	use crate::migrations::v2;
	use depin_primitives::PerKind;
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	use sp_runtime::Perbill;
	frame_support::parameter_types! {
		pub const Tolerance: Perbill = Perbill::from_percent(10);
	}
	new_test_ext(|| {
		// A v2 chain: an attested record of a registered device (Alice's), a usage record of a
		// device no longer registered, their epoch's totals, and two verifiers.
		let device = gpu("gpu", 500);
		let gone = PublicKey::Sr25519([9; 32]);
		let old = |kind, units, credits| v2::DeviceWork { kind, units, credits, voided: false };
		unhashed::put(
			&WorkRecords::<Test>::hashed_key_for(0, device),
			&old(ProofKind::Attested, 7, 0u64),
		);
		unhashed::put(&WorkRecords::<Test>::hashed_key_for(0, gone), &old(ProofKind::Usage, 3, 30));
		unhashed::put(
			&Totals::<Test>::hashed_key_for(0),
			&v2::EpochTotals {
				units: PerKind { usage: 3, witnessed: 0, attested: 7 },
				credits: 30u64,
				devices: 2,
			},
		);
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
		StorageVersion::new(2).put::<Work>();

		crate::migrations::V2ToV3::<Test, Tolerance>::on_runtime_upgrade();

		assert_eq!(Work::on_chain_storage_version(), 3);
		let attested = record(0, &device).expect("translated");
		assert_eq!((attested.owner, attested.units), (alice(), 7));
		assert_eq!(attested.shares, 7 * SHARE_PARTS, "a full share per unit, as v2 split pools");
		let usage = record(0, &gone).expect("translated");
		assert_eq!(usage.owner, TreasuryAccount::get(), "an unknown device's earner");
		assert_eq!((usage.credits, usage.shares), (30, 3 * SHARE_PARTS));
		let totals = Totals::<Test>::get(0);
		assert_eq!(totals.shares, PerKind { usage: 3 * SHARE_PARTS, witnessed: 0, attested: 7 * SHARE_PARTS });
		assert_eq!((totals.credits, totals.devices), (30, 2));
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
		assert_ok!(Work::set_attestation_tolerance(RuntimeOrigin::root(), Perbill::from_percent(5)));
		crate::migrations::V2ToV3::<Test, Tolerance>::on_runtime_upgrade();
		assert_eq!(AttestationTolerance::<Test>::get(), Perbill::from_percent(5));
	});
}
