//! Front-running a beacon: submitting it first with fewer witnesses than the beaconer has.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	genesis_config_presets::{demo_classes, DEMO_CLASS_HOTSPOT},
	Runtime, RuntimeCall, RuntimeEvent, System,
};
use pallet_work::Error as WorkError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

/// Anyone who sees a beacon's witness receipts (they travel from the witnesses to the beaconer
/// and then to the network) can send the beacon first with only one of them. With v1's beacons
/// the first submission fixed the witness set, so this cost the beaconer its other witnesses'
/// units. Witness sets are now additive: the beaconer's full submission, sent after the
/// front-runner's, adds the witnesses not yet counted, and the beacon ends as it would have
/// without the front-runner: three witnesses, three units to the beaconer, one to each witness.
/// Copies of either submission add nothing and are refused (`NoNewWitnesses`); once the beacon
/// counts its class's maximum of witnesses, further ones are refused (`BeaconFull`).
///
/// In the pool both submissions provide the first witness's tag, so it holds one of them at a
/// time, the one of higher priority: an untipped signed transaction's of its weight times the
/// witnesses it adds, so the beaconer's fuller submission replaces the front-runner's pending
/// one although it weighs more.
#[test]
fn a_beacon_front_runner_with_one_witness_does_not_cost_the_beaconer_its_other_witnesses() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let witnesses = [(Bob, "W1", NEAR), (Charlie, "W2", NEAR2), (Dave, "W3", NEAR3)].map(
			|(owner, name, cell)| register_demo_device(owner, name, DEMO_CLASS_HOTSPOT, Some(cell)),
		);
		let receipts: Vec<_> =
			witnesses.iter().map(|(pair, _)| witness(pair, beaconer, 0)).collect();

		// In the pool, before either is in a block: they conflict, the fuller ranks higher.
		let front_run = beacon(beaconer, 0, vec![receipts[0].clone()]);
		let full = beacon(beaconer, 0, receipts.clone());
		let front_pending = pool_validity(general(front_run.clone())).expect("valid");
		let full_pending = pool_validity(general(full.clone())).expect("valid");
		assert_eq!((front_pending.provides.len(), full_pending.provides.len()), (1, 3));
		assert!(full_pending.provides.contains(&front_pending.provides[0]));
		assert!(
			full_pending.priority > front_pending.priority,
			"the front-runner ranks {}, the beaconer {}",
			front_pending.priority,
			full_pending.priority
		);

		// The front-runner's submission, with the first receipt only, comes first.
		assert_applied(front_run.clone());
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, beaconer).unwrap().units, 1);

		// The beaconer's own submission still adds the other two.
		let validity = pool_validity(general(full.clone())).expect("the pool takes it");
		assert_eq!(validity.provides.len(), 2, "two new witnesses");
		System::reset_events();
		assert_applied(full.clone());
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Work(pallet_work::Event::BeaconRecorded {
				beaconer,
				epoch: 0,
				witnesses: 2,
				total: 3,
				units: 0,
			})));
		let counted: Vec<_> = witnesses.iter().map(|(_, key)| *key).collect();
		assert_eq!(pallet_work::Beacons::<Runtime>::get(0, beaconer).into_inner(), counted);
		// The beacon's one unit was earned with the first witness; each witness earns its own.
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, beaconer).unwrap().units, 1);
		for (_, key) in &witnesses {
			assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 1);
		}
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.witnessed, 4);

		// Copies add nothing.
		assert_refused(front_run, WorkError::<Runtime>::NoNewWitnesses);
		assert_refused(full, WorkError::<Runtime>::NoNewWitnesses);

		// With a maximum of three witnesses (set by governance), the beacon is full.
		let mut class = demo_classes()[DEMO_CLASS_HOTSPOT as usize].clone();
		class.witness.max_witnesses = 3;
		root(RuntimeCall::Devices(pallet_devices::Call::update_class {
			class: DEMO_CLASS_HOTSPOT,
			params: class,
		}));
		let (late, _) = register_demo_device(Eve, "W4", DEMO_CLASS_HOTSPOT, Some(NEAR));
		assert_refused(
			beacon(beaconer, 0, vec![witness(&late, beaconer, 0)]),
			WorkError::<Runtime>::BeaconFull,
		);
		check_invariants();
	});
}
