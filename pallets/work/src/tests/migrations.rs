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
