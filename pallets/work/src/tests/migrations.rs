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
