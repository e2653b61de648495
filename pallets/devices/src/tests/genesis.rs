//! Genesis: makers, classes and the synthetic fleet.

use super::*;

#[test]
fn genesis_registers_makers_and_classes() {
	use sp_runtime::BuildStorage;
	let config = crate::GenesisConfig::<Test> {
		makers: vec![(PublicKey::Sr25519([1; 32]), b"Demo".to_vec(), 100)],
		classes: vec![class_params(true), class_params(false)],
		synthetic: None,
		occupancy_limits: vec![(8, 3)],
		maker_params: Default::default(),
	};
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		devices: config,
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(crate::NextMakerId::<Test>::get(), 1);
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().quota, 100);
		assert_eq!(crate::NextClassId::<Test>::get(), 2);
		assert_eq!(crate::Classes::<Test>::get(1), Some(class_params(false)));
		assert_eq!(crate::OccupancyLimits::<Test>::get().into_inner(), vec![(8, 3)]);
		Devices::do_try_state().unwrap();
	});
}

#[test]
fn synthetic_fleet_is_registered_at_genesis_with_bonds_on_hold() {
	use crate::{
		DeviceCountByClass, DeviceCountByOwner, DeviceCountByStatus, Makers, SyntheticFleet,
	};
	use frame_support::traits::{fungible::InspectHold, BuildGenesisConfig};
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		crate::GenesisConfig::<Test> {
			makers: vec![(PublicKey::Sr25519([7; 32]), b"Acme".to_vec(), 10)],
			classes: vec![class_params(true)],
			synthetic: Some(SyntheticFleet {
				count: 50,
				class: 0,
				owner: BOB,
				location: Some(CELL),
			}),
			occupancy_limits: vec![],
			maker_params: Default::default(),
		}
		.build();
		let issuance = <Test as crate::Config>::Currency::total_issuance();
		let ed = <Test as crate::Config>::Currency::minimum_balance();
		assert_eq!(issuance, 10_000 + 50 * BOND + ed);
		assert_eq!(Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &BOB), 50 * BOND);
		assert_eq!(DeviceCountByOwner::<Test>::get(BOB), 50);
		assert_eq!(DeviceCountByClass::<Test>::get(0), 50);
		assert_eq!(DeviceCountByStatus::<Test>::get().active, 50);
		// The fleet has a maker of its own (id 1) whose quota is used up.
		let maker = Makers::<Test>::get(1).unwrap();
		assert_eq!((maker.quota, maker.onboarded), (50, 50));
		let d = crate::Devices::<Test>::get(SyntheticFleet::<u64>::key(49)).unwrap();
		assert_eq!((d.owner, d.class, d.maker, d.location), (BOB, 0, 1, Some(CELL)));
		assert!(crate::Devices::<Test>::get(SyntheticFleet::<u64>::key(50)).is_none());
		// The fleet fills its cells' occupancy at every counted resolution.
		for r in [6, 8] {
			let parent = depin_primitives::h3::parent(CELL, r).unwrap();
			assert_eq!(crate::Occupancy::<Test>::get((0, parent)), 50);
		}
		Devices::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "the synthetic fleet names an existing class")]
fn synthetic_fleet_of_an_unknown_class_stops_genesis() {
	use crate::SyntheticFleet;
	use frame_support::traits::BuildGenesisConfig;
	sp_io::TestExternalities::default().execute_with(|| {
		crate::GenesisConfig::<Test> {
			makers: vec![],
			classes: vec![],
			synthetic: Some(SyntheticFleet { count: 1, class: 0, owner: BOB, location: None }),
			occupancy_limits: vec![],
			maker_params: Default::default(),
		}
		.build();
	});
}

#[test]
#[should_panic(expected = "genesis occupancy limits name counted resolutions")]
fn occupancy_limits_of_an_uncounted_resolution_stop_genesis() {
	use frame_support::traits::BuildGenesisConfig;
	sp_io::TestExternalities::default().execute_with(|| {
		crate::GenesisConfig::<Test> {
			makers: vec![],
			classes: vec![],
			synthetic: None,
			occupancy_limits: vec![(7, 3)],
			maker_params: Default::default(),
		}
		.build();
	});
}
