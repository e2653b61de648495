//! Storage migrations.

use super::*;

/// Three registered devices of the physical test class, the first one suspended.
fn two_active_one_suspended() {
	setup();
	let a = register(ALICE, &sr_device("a"));
	register(ALICE, &sr_device("b"));
	register(BOB, &sr_device("c"));
	assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), a));
}

#[test]
fn migration_v0_to_v1_counts_devices_by_status() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext(|| {
		two_active_one_suspended();
		// A chain from before the counters: version 0, no counts.
		crate::DeviceCountByStatus::<Test>::kill();
		StorageVersion::new(0).put::<Devices>();
		crate::migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(statuses(), (2, 1, 0));
		assert_eq!(Devices::on_chain_storage_version(), 1);
		// It runs once: at version 1 it is a no-op.
		crate::DeviceCountByStatus::<Test>::kill();
		crate::migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(statuses(), (0, 0, 0));
		// Put the counts back for the invariant check that ends every test.
		crate::DeviceCountByStatus::<Test>::put(crate::StatusCounts {
			active: 2,
			suspended: 1,
			retiring: 0,
		});
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v0_to_v1_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		register(BOB, &sr_device("b"));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), a));
		crate::DeviceCountByStatus::<Test>::kill();
		StorageVersion::new(0).put::<Devices>();
		crate::migrations::V0ToV1::<Test>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		assert_eq!(statuses(), (1, 0, 1));
	});
}

#[test]
fn migration_v1_to_v2_counts_occupancy() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext(|| {
		two_active_one_suspended();
		let counted: Vec<_> = crate::Occupancy::<Test>::iter().collect();
		assert!(!counted.is_empty(), "the class is physical: its active devices are counted");
		// A chain from before occupancy: version 1, no counters (and a stray one to clear).
		let _ = crate::Occupancy::<Test>::clear(u32::MAX, None);
		crate::Occupancy::<Test>::insert((7, 0x8928308280fffff), 3);
		StorageVersion::new(1).put::<Devices>();
		crate::migrations::V1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Devices::on_chain_storage_version(), 2);
		let mut recounted: Vec<_> = crate::Occupancy::<Test>::iter().collect();
		let mut counted = counted;
		counted.sort();
		recounted.sort();
		assert_eq!(recounted, counted, "the two active devices, the suspended one left out");
	});
}
