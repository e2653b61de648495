//! Witnesses at the beaconer's location.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{genesis_config_presets::DEMO_CLASS_HOTSPOT, Runtime, RuntimeCall, Work};
use frame_support::assert_noop;
use pallet_devices::Error as DevicesError;
use pallet_work::Error as WorkError;
use sp_core::Pair as _;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::traits::Dispatchable;

// --- 4. Witnesses at the beaconer's location.

/// Witnesses declared in the beaconer's own resolution-10 cell (the class's far resolution), in a
/// finer cell inside it, or outside its resolution-8 cell are out of the proximity band. A
/// rejected witness cannot be moved next door at once: locations change at most once a day.
///
/// KNOWN LIMIT: locations are declared by the owners. The chain compares declared cells only;
/// two devices on the same roof that declare neighbouring resolution-10 cells (like the accepted
/// witness below) pass, and catching that is left to off-chain analysis and disputes.
#[test]
fn witnesses_at_the_beaconers_location_are_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (same, same_key) =
			register_demo_device(Bob, "SameCell", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (inside, _) = register_demo_device(Charlie, "Inside", DEMO_CLASS_HOTSPOT, Some(INSIDE));
		let (far, _) = register_demo_device(Dave, "Far", DEMO_CLASS_HOTSPOT, Some(FAR));
		let (near, near_key) = register_demo_device(Eve, "Near", DEMO_CLASS_HOTSPOT, Some(NEAR));

		assert_refused(
			beacon(beaconer, 0, vec![witness(&same, beaconer, 0)]),
			WorkError::<Runtime>::WitnessOutOfBand { index: 0 },
		);
		assert_refused(
			beacon(beaconer, 0, vec![witness(&near, beaconer, 0), witness(&inside, beaconer, 0)]),
			WorkError::<Runtime>::WitnessOutOfBand { index: 1 },
		);
		assert_refused(
			beacon(beaconer, 0, vec![witness(&far, beaconer, 0)]),
			WorkError::<Runtime>::WitnessOutOfBand { index: 0 },
		);
		assert_noop!(
			RuntimeCall::Devices(pallet_devices::Call::set_location {
				device: same_key,
				location: NEAR2,
			})
			.dispatch(origin(Bob)),
			DevicesError::<Runtime>::LocationCooldown
		);

		// Another resolution-10 cell of the same resolution-8 cell: counted.
		assert_applied(beacon(beaconer, 0, vec![witness(&near, beaconer, 0)]));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, near_key).unwrap().units, 1);
		check_invariants();
	});
}

/// A stranger with hotspots next to Alice's tries to beacon in its name: its own witnesses sign
/// receipts, and it signs the beacon with one of its own keys (or not at all). Had the chain
/// counted it, Alice's hotspot would carry work it never did: disputable by the stranger's
/// second account, and (with work in the dispute window) unable to be sold or to withdraw its
/// bond. The beacon needs the device's own signature: the pool and blocks refuse it with
/// `BadBeaconerSignature`, nothing is written, and Alice can still sell her device.
#[test]
fn a_beacon_the_device_did_not_sign_cannot_lock_it() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (_, victim) = register_demo_device(Alice, "Victim", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (w1, _) = register_demo_device(Bob, "StrangerW1", DEMO_CLASS_HOTSPOT, Some(NEAR));
		let (w2, _) = register_demo_device(Bob, "StrangerW2", DEMO_CLASS_HOTSPOT, Some(NEAR2));
		let receipts = vec![witness(&w1, victim, 0), witness(&w2, victim, 0)];
		let challenge = Work::challenge(0, &victim).expect("epoch 0 has a seed");
		for beaconer_signature in
			[w1.sign(&Work::beacon_payload(&victim, 0, &challenge)).0, [0; 64]]
		{
			assert_refused(
				RuntimeCall::Work(pallet_work::Call::submit_beacon {
					beaconer: victim,
					epoch: 0,
					witnesses: receipts.clone().try_into().unwrap(),
					beaconer_signature,
				}),
				WorkError::<Runtime>::BadBeaconerSignature,
			);
		}
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, victim), None);
		assert_eq!(pallet_devices::LastWork::<Runtime>::get(victim), None);
		assert_noop!(
			RuntimeCall::Work(pallet_work::Call::open_dispute {
				device: victim,
				epoch: 0,
				evidence: Default::default(),
			})
			.dispatch(origin(Charlie)),
			WorkError::<Runtime>::NoWorkToDispute
		);
		assert_eq!(
			RuntimeCall::Devices(pallet_devices::Call::transfer_device {
				device: victim,
				new_owner: Dave.to_account_id(),
			})
			.dispatch(origin(Alice))
			.map(|_| ()),
			Ok(())
		);
		check_invariants();
	});
}
