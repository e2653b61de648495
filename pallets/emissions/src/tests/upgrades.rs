//! The storage version and the runtime-upgrade migrations (`v0 → v1`, `v1 → v2`) with their
//! try-runtime checks. (Not named `migrations.rs`: a `mod migrations` here would hide
//! `crate::migrations`, which these tests reach as `migrations::`.)

use super::*;

#[test]
fn the_storage_version_is_declared_and_set_at_genesis() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	use sp_runtime::BuildStorage;
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		emissions: GenesisConfig { schedule: None },
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(Emissions::in_code_storage_version(), StorageVersion::new(3));
		assert_eq!(Emissions::on_chain_storage_version(), Emissions::in_code_storage_version());
	});
}

/// A v0 reward record of epoch 4 with `pools`, on a chain at storage version 0.
fn v0_reward(pools: PerKind<u64>) {
	use frame_support::{storage::unhashed, traits::StorageVersion};
	unhashed::put(
		&Rewards::<Test>::hashed_key_for(4),
		&migrations::v0::EpochReward {
			pools,
			units: PerKind { usage: 1, witnessed: 2, attested: 3 },
			usage_cap_multiplier: 1,
			claimed: 50u64,
		},
	);
	StorageVersion::new(0).put::<Emissions>();
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v0_to_v1_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	new_test_ext(|| {
		v0_reward(PerKind { usage: 100, witnessed: 200, attested: 300 });
		migrations::V0ToV1::<Test>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		Rewards::<Test>::remove(4);
	});
}

#[test]
fn migration_v0_to_v1_turns_reward_units_into_shares() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		let pools = PerKind { usage: 100u64, witnessed: 200, attested: 300 };
		v0_reward(pools);
		migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 1);
		let reward = migrations::v1::Rewards::<Test>::get(4).expect("translated");
		assert_eq!(reward.pools, pools);
		assert_eq!(
			reward.shares,
			PerKind {
				usage: depin_primitives::SHARE_PARTS,
				witnessed: 2 * depin_primitives::SHARE_PARTS,
				attested: 3 * depin_primitives::SHARE_PARTS
			}
		);
		assert_eq!((reward.usage_cap_multiplier, reward.claimed), (1, 50));
		Rewards::<Test>::remove(4);
	});
}

/// A v1 schedule in force, a pending one, and a v1 reward record of epoch 4, on a chain at
/// storage version 1.
fn v1_state() {
	use frame_support::{storage::unhashed, traits::StorageVersion};
	let s = schedule();
	let old = migrations::v1::Schedule {
		initial: s.initial,
		shape: s.shape,
		tail: s.tail,
		cap: s.cap,
		split: s.split,
		kinds: s.kinds,
		usage_cap_multiplier: 1,
		claim_expiry: s.claim_expiry,
	};
	unhashed::put(&ActiveSchedule::<Test>::hashed_key(), &old);
	unhashed::put(&PendingSchedule::<Test>::hashed_key(), &old);
	unhashed::put(&History::<Test>::hashed_key(), &vec![(0u32, &old), (3u32, &old)]);
	migrations::v1::Rewards::<Test>::insert(
		4,
		migrations::v1::EpochReward {
			pools: PerKind { usage: 100u64, witnessed: 200, attested: 300 },
			shares: PerKind { usage: 1, witnessed: 2, attested: 3 },
			usage_cap_multiplier: 1,
			claimed: 50,
		},
	);
	StorageVersion::new(1).put::<Emissions>();
}

frame_support::parameter_types! {
	pub const CapAtV2: Perbill = Perbill::from_percent(1);
}

#[test]
fn migration_v1_to_v2_caps_new_rewards_by_bond_and_leaves_closed_epochs_alone() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		v1_state();
		migrations::V1ToV2::<Test, CapAtV2>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 2);
		for s in [
			migrations::v2::ActiveSchedule::<Test>::get(),
			migrations::v2::PendingSchedule::<Test>::get(),
		] {
			let s = s.expect("translated");
			assert_eq!((s.bond_reward_cap, s.usage_cap_multiplier), (CapAtV2::get(), 1));
			assert_eq!(s.claim_expiry, schedule().claim_expiry);
		}
		let history = migrations::v2::History::<Test>::get();
		assert_eq!(history.iter().map(|(e, _)| *e).collect::<Vec<_>>(), vec![0, 3]);
		assert!(history.iter().all(|(_, s)| s.bond_reward_cap == CapAtV2::get()));
		let reward = Rewards::<Test>::get(4).expect("translated");
		assert_eq!(reward.bond_reward_cap, Perbill::one(), "rewards already closed keep theirs");
		assert_eq!((reward.pools.attested, reward.shares.attested, reward.claimed), (300, 3, 50));
		// Run again, it changes nothing: the version is 2.
		migrations::V1ToV2::<Test, CapAtV2>::on_runtime_upgrade();
		assert_eq!(Rewards::<Test>::get(4), Some(reward));
		Rewards::<Test>::remove(4);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v1_to_v2_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	new_test_ext(|| {
		v1_state();
		migrations::V1ToV2::<Test, CapAtV2>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		Rewards::<Test>::remove(4);
	});
}

frame_support::parameter_types! {
	pub const NetAtV3: NetEmissions<u64> =
		NetEmissions { smoothing: 7, remint_cap: 1_000, ratio_window: 30 };
	pub const IndexAtV3: Option<DemandIndex> = Some(DemandIndex {
		target_ppm: RATIO_ONE as u32,
		floor: Perbill::from_percent(25),
		ceiling: Perbill::from_percent(100),
	});
}

/// A v2 schedule in force, a pending one and a history of two, on a chain at version 2.
fn v2_state() -> migrations::v2::Schedule<u64> {
	use frame_support::traits::StorageVersion;
	let s = schedule();
	let old = migrations::v2::Schedule {
		initial: s.initial,
		shape: s.shape,
		tail: s.tail,
		cap: s.cap,
		split: s.split,
		kinds: s.kinds,
		usage_cap_multiplier: s.usage_cap_multiplier,
		bond_reward_cap: s.bond_reward_cap,
		claim_expiry: s.claim_expiry,
	};
	migrations::v2::ActiveSchedule::<Test>::put(old.clone());
	migrations::v2::PendingSchedule::<Test>::put(old.clone());
	migrations::v2::History::<Test>::put(vec![(0u32, old.clone()), (3u32, old.clone())]);
	StorageVersion::new(2).put::<Emissions>();
	old
}

#[test]
fn migration_v2_to_v3_gives_every_schedule_net_emissions_and_the_demand_index() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		v2_state();
		migrations::V2ToV3::<Test, NetAtV3, IndexAtV3>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 3);
		let expected =
			Schedule { net: NetAtV3::get(), demand_index: IndexAtV3::get(), ..schedule() };
		assert_eq!(ActiveSchedule::<Test>::get(), Some(expected.clone()));
		assert_eq!(PendingSchedule::<Test>::get(), Some(expected.clone()));
		let history = History::<Test>::get();
		assert_eq!(history.into_inner(), vec![(0, expected.clone()), (3, expected)]);
		assert_eq!(Demand::<Test>::get(), DemandState::default(), "burns count from the upgrade");
		// Run again, it changes nothing: the version is 3.
		migrations::V2ToV3::<Test, NetAtV3, IndexAtV3>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 3);
	});
}

#[test]
fn migrations_v1_to_v3_run_in_sequence() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
	new_test_ext(|| {
		v1_state();
		migrations::V1ToV2::<Test, CapAtV2>::on_runtime_upgrade();
		migrations::V2ToV3::<Test, NetAtV3, IndexAtV3>::on_runtime_upgrade();
		assert_eq!(Emissions::on_chain_storage_version(), 3);
		let s = ActiveSchedule::<Test>::get().expect("decodes in the v3 layout");
		assert_eq!((s.bond_reward_cap, s.net), (CapAtV2::get(), NetAtV3::get()));
		assert_eq!(History::<Test>::get().len(), 2);
		Rewards::<Test>::remove(4);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v2_to_v3_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::OnRuntimeUpgrade;
	new_test_ext(|| {
		v2_state();
		migrations::V2ToV3::<Test, NetAtV3, IndexAtV3>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
	});
}
