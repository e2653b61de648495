//! Integration tests on the real `Runtime`, executed natively: every genesis preset builds, a
//! block carrying a signed balance transfer executes, devices register with real signatures
//! and their work counts.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::*;
use depin_runtime::{
	genesis_config_presets::{preset_names, PRODUCTION_RUNTIME_PRESET},
	Balances, BalancesCall, ChallengeRandomness, Executive, Runtime, RuntimeCall, RuntimeEvent,
	System, DPIN,
};
use frame_support::traits::Randomness;
use sp_core::Pair as _;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Header as _;

#[test]
fn every_preset_builds_its_genesis_state() {
	let names = preset_names();
	assert_eq!(names.len(), 3 + 6, "development, local_testnet, production, local_testnet_1..6");
	for name in names {
		let mut ext = ext_for(&name);
		ext.execute_with(|| {
			let validators = pallet_session::Validators::<Runtime>::get();
			let expected = match name.strip_prefix("local_testnet_") {
				Some(n) => n.parse().unwrap(),
				None if name == DEV_RUNTIME_PRESET => 1,
				None => 3,
			};
			assert_eq!(validators.len(), expected, "validators of {name}");
			assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), expected);
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), expected);
			let sudo = pallet_sudo::Key::<Runtime>::get();
			if name == PRODUCTION_RUNTIME_PRESET {
				assert!(sudo.is_none(), "the production preset has no sudo key");
			} else {
				assert_eq!(sudo, Some(Sr25519Keyring::Alice.to_account_id()));
			}
			assert!(pallet_balances::TotalIssuance::<Runtime>::get() > 0);
		});
	}
	// An unknown preset name is not silently accepted.
	for bad in ["nope", "local_testnet_0", "local_testnet_7", "local_testnet_x"] {
		assert!(depin_runtime::genesis_config_presets::get_preset(&bad.to_string()).is_none());
	}
	assert!(preset_names().contains(&LOCAL_TESTNET_RUNTIME_PRESET.to_string()));
}

#[test]
fn block_with_a_balance_transfer_executes_natively() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let (alice_before, bob_before) = (free(&alice), free(&bob));

		start_block_1();

		let amount = 10 * DPIN;
		let transfer = signed(
			Sr25519Keyring::Alice,
			0,
			RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: bob.clone().into(),
				value: amount,
			}),
		);
		Executive::apply_extrinsic(transfer).expect("valid").expect("dispatched");

		let finalized = Executive::finalize_block();
		assert_eq!(*finalized.number(), 1);

		assert_eq!(free(&bob), bob_before + amount);
		// Alice paid the amount plus a fee.
		assert!(free(&alice) < alice_before - amount);
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount: a })
				if *from == alice && *to == bob && *a == amount
		)));
		assert_eq!(System::account_nonce(&alice), 1);
	});
}

#[test]
fn replayed_or_badly_signed_transfer_is_rejected() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: bob.into(),
			value: DPIN,
		});
		// Signed by Bob but claiming to be Alice: bad signature.
		let mut forged = signed(Sr25519Keyring::Bob, 0, call.clone());
		if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = forged.preamble {
			*address = Sr25519Keyring::Alice.to_account_id().into();
		}
		assert!(Executive::apply_extrinsic(forged).is_err());
		// A nonce from the future is not applicable in a block.
		assert!(Executive::apply_extrinsic(signed(Sr25519Keyring::Alice, 5, call)).is_err());
	});
}

#[test]
fn babe_randomness_is_available_to_pallets() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		// Pallets take randomness through the `Randomness` trait; the runtime exposes BABE's
		// VRF output of the previous epoch as `ChallengeRandomness`.
		fn take<R: Randomness<depin_runtime::Hash, depin_runtime::BlockNumber>>(
		) -> depin_runtime::Hash {
			R::random(b"challenge").0
		}
		let a = take::<ChallengeRandomness>();
		let b = ChallengeRandomness::random(b"another subject").0;
		assert_ne!(a, b, "randomness is domain-separated by subject");
	});
}

#[test]
fn metadata_and_chain_properties() {
	// Metadata is built inside the runtime, with chain state: the referendum tracks it lists
	// depend on the genesis (short periods on fast test chains, `FastChain`).
	let metadata = ext_for(DEV_RUNTIME_PRESET)
		.execute_with(|| Runtime::metadata_at_version(15))
		.expect("metadata v15");
	assert!(!metadata.is_empty());
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), depin_runtime::SS58_PREFIX);
	assert_eq!(depin_runtime::TOKEN_SYMBOL, "DPIN");
	assert_eq!(depin_runtime::TOKEN_DECIMALS, 12);
	assert_eq!(DPIN, 10u128.pow(12));
}

#[test]
fn dev_and_local_presets_have_the_demo_maker_and_classes() {
	use depin_runtime::genesis_config_presets::{
		DEMO_CLASS_GPU, DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR, DEMO_MAKER_KEY, DEMO_MAKER_NAME,
	};
	use pallet_devices::{NetworkKind, ProofKind, PublicKey};

	assert_eq!(demo_maker().public().0, DEMO_MAKER_KEY, "DEMO_MAKER_KEY is //DemoMaker");
	for name in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		ext_for(name).execute_with(|| {
			let maker = pallet_devices::Makers::<Runtime>::get(0).expect("demo maker");
			assert_eq!(maker.certificate_key, PublicKey::Sr25519(DEMO_MAKER_KEY));
			assert_eq!(maker.name.as_slice(), DEMO_MAKER_NAME.as_bytes());
			assert!(!maker.revoked && maker.quota > 0 && maker.onboarded == 0);
			assert_eq!(pallet_devices::NextMakerId::<Runtime>::get(), 1);
			assert_eq!(pallet_devices::NextClassId::<Runtime>::get(), 3);

			let class = |id| pallet_devices::Classes::<Runtime>::get(id).expect("demo class");
			let hotspot = class(DEMO_CLASS_HOTSPOT);
			assert_eq!(
				(hotspot.kind, hotspot.proof),
				(NetworkKind::Physical, ProofKind::Witnessed)
			);
			assert!(hotspot.location_required && hotspot.witness.min_witnesses >= 1);
			let sensor = class(DEMO_CLASS_SENSOR);
			assert_eq!((sensor.kind, sensor.proof), (NetworkKind::Physical, ProofKind::Usage));
			let gpu = class(DEMO_CLASS_GPU);
			assert_eq!((gpu.kind, gpu.proof), (NetworkKind::Digital, ProofKind::Attested));
			assert!(!gpu.location_required);
			pallet_devices::Pallet::<Runtime>::do_try_state().expect("registry invariants hold");
		});
	}
	// A production chain starts with no makers or classes: governance registers them.
	ext_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_devices::NextMakerId::<Runtime>::get(), 0);
		assert_eq!(pallet_devices::NextClassId::<Runtime>::get(), 0);
	});
}

/// Registers a hotspot on the development chain the way a device owner does: the maker
/// certificate and the device's consent are real sr25519 signatures over the payloads laid out
/// byte by byte as `docs/devices.md` describes them, and the registration is a signed
/// transaction applied in a block.
#[test]
fn owner_registers_a_demo_hotspot_with_real_signatures() {
	use depin_runtime::{genesis_config_presets::DEMO_CLASS_HOTSPOT, RuntimeHoldReason};
	use frame_support::traits::fungible::InspectHold;
	use pallet_devices::{HoldReason, PublicKey};

	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		let owner = Sr25519Keyring::Alice.to_account_id();
		let device_pair = sp_core::sr25519::Pair::from_string("//DemoDevice", None).unwrap();
		let device_key: [u8; 32] = device_pair.public().0;
		// A resolution-9 cell in San Francisco.
		let cell: u64 = 0x8928308280fffff;
		start_block_1();
		let genesis_hash: [u8; 32] = System::block_hash(0).into();

		// Maker certificate: tag (16) | genesis hash (32) | device (1 + 32) | class (u32 LE).
		let mut maker_payload = b"dpin/maker-att/1".to_vec();
		maker_payload.extend_from_slice(&genesis_hash);
		maker_payload.push(0); // sr25519
		maker_payload.extend_from_slice(&device_key);
		maker_payload.extend_from_slice(&DEMO_CLASS_HOTSPOT.to_le_bytes());
		assert_eq!(maker_payload.len(), 85);
		// Device consent: tag (16) | genesis hash (32) | owner account (32).
		let mut device_payload = b"dpin/dev-owner/1".to_vec();
		device_payload.extend_from_slice(&genesis_hash);
		device_payload.extend_from_slice(owner.as_ref());
		assert_eq!(device_payload.len(), 80);

		let call = RuntimeCall::Devices(pallet_devices::Call::register_device {
			device: PublicKey::Sr25519(device_key),
			class: DEMO_CLASS_HOTSPOT,
			maker: 0,
			maker_signature: demo_maker().sign(&maker_payload).0,
			device_signature: device_pair.sign(&device_payload).0,
			location: Some(cell),
			metadata: b"ipfs://demo-hotspot".to_vec().try_into().unwrap(),
		});
		let free_before = free(&owner);
		Executive::apply_extrinsic(signed(Sr25519Keyring::Alice, 0, call))
			.expect("valid transaction")
			.expect("registration dispatched");
		Executive::finalize_block();

		let bond = 100 * DPIN;
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Devices(pallet_devices::Event::DeviceRegistered {
				device, owner: o, class, maker: 0, bond: b,
			}) if *device == PublicKey::Sr25519(device_key) && *o == owner
				&& *class == DEMO_CLASS_HOTSPOT && *b == bond
		)));
		let held =
			Balances::balance_on_hold(&RuntimeHoldReason::Devices(HoldReason::DeviceBond), &owner);
		assert_eq!(held, bond, "the class bond is on hold");
		assert!(free(&owner) < free_before - bond, "the owner paid the bond and a fee");
		let device = pallet_devices::Devices::<Runtime>::get(PublicKey::Sr25519(device_key))
			.expect("registered");
		assert_eq!((&device.owner, device.location), (&owner, Some(cell)));
		assert_eq!(pallet_devices::Makers::<Runtime>::get(0).unwrap().onboarded, 1);
		pallet_devices::Pallet::<Runtime>::do_try_state().expect("registry invariants hold");

		// A device's consent names its owner: Bob cannot register a second device with the
		// consent that device gave Alice, even with a valid maker certificate.
		let second = sp_core::sr25519::Pair::from_string("//DemoDevice2", None).unwrap();
		let mut second_certificate = maker_payload.clone();
		second_certificate[49..81].copy_from_slice(&second.public().0);
		let mut consent_to_alice = device_payload.clone();
		consent_to_alice[48..80].copy_from_slice(owner.as_ref());
		let stolen = RuntimeCall::Devices(pallet_devices::Call::register_device {
			device: PublicKey::Sr25519(second.public().0),
			class: DEMO_CLASS_HOTSPOT,
			maker: 0,
			maker_signature: demo_maker().sign(&second_certificate).0,
			device_signature: second.sign(&consent_to_alice).0,
			location: Some(cell),
			metadata: Default::default(),
		});
		let result = sp_runtime::traits::Dispatchable::dispatch(
			stolen,
			depin_runtime::RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id()),
		);
		assert_eq!(
			result.map_err(|e| e.error),
			Err(pallet_devices::Error::<Runtime>::BadDeviceSignature.into())
		);
	});
}

/// On the real runtime: a consumer buys credits by burning DPIN, a demo sensor's usage voucher
/// (signed by the device, authorized by the consumer's signature of the batch) spends them, and
/// a demo hotspot's beacon is witnessed by another owner's hotspot nearby. Both are sent as
/// authorized general transactions, which nobody signs and which pay no fee. The epoch then
/// ends and closes.
#[test]
fn usage_and_witnessed_work_count_on_the_runtime() {
	use depin_runtime::{
		configs::work::DEV_EPOCH_LENGTH,
		genesis_config_presets::{DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
		Work, MILLI_DPIN,
	};
	use pallet_work::WitnessReceipt;

	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		start_block_1();
		let consumer = Sr25519Keyring::Dave;
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		dispatch(
			consumer,
			RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: consumer.to_account_id(),
				amount: DPIN,
			}),
		);
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance - DPIN);

		// Usage: 40 units at the sensor class's price of 0.001 DPIN of credits each.
		let cell = 0x8928308280fffffu64;
		let (sensor, sensor_key) =
			register_demo_device(Sr25519Keyring::Alice, "Sensor", DEMO_CLASS_SENSOR, Some(cell));
		let account = consumer.to_account_id();
		let settlement =
			settle_by(&consumer.pair(), 0, vec![voucher_for(&sensor, &account, 0, 40)]);
		let free_before = free(&account);
		assert_eq!(apply_general(settlement), Ok(Ok(())));
		// The units' credits and the settlement charge, in credits; no DPIN moves.
		let charge = Work::settlement_charge(1);
		assert!(charge > 0);
		assert_eq!(credits(&account), DPIN - 40 * MILLI_DPIN - charge);
		assert_eq!(free(&account), free_before);
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, sensor_key).unwrap().units, 40);

		// Witnessed: Alice's hotspot beacons, Bob's hotspot in the same resolution-8 cell
		// (another resolution-10 cell) witnesses. Every hotspot is challenged on dev chains.
		// Both are located at resolution 10, the class's far resolution.
		let (_, beaconer) = register_demo_device(
			Sr25519Keyring::Alice,
			"Hotspot",
			DEMO_CLASS_HOTSPOT,
			Some(0x8a28308280c7fff),
		);
		let near = 0x8a2830828107fffu64;
		let (witness, witness_key) =
			register_demo_device(Sr25519Keyring::Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(near));
		let challenge = Work::challenge(0, &beaconer).expect("epoch 0 has a seed");
		let signature = witness.sign(&Work::witness_payload(&beaconer, 0, &challenge)).0;
		assert_eq!(
			apply_general(RuntimeCall::Work(pallet_work::Call::submit_beacon {
				beaconer,
				epoch: 0,
				witnesses: vec![WitnessReceipt { witness: witness_key, signature }]
					.try_into()
					.unwrap(),
				beaconer_signature: beacon_signature(&beaconer, 0),
			})),
			Ok(Ok(()))
		);

		let totals = pallet_work::Totals::<Runtime>::get(0);
		assert_eq!((totals.units.usage, totals.units.witnessed), (40, 2));
		// The charge backs no reward: the epoch counts the units' credits only.
		assert_eq!(totals.credits, 40 * MILLI_DPIN);
		pallet_work::Pallet::<Runtime>::do_try_state().expect("work invariants");
		pallet_emissions::Pallet::<Runtime>::do_try_state().expect("credit invariants");

		// The clock: epoch 1 starts at block DEV_EPOCH_LENGTH; epoch 0 closes after the grace.
		use frame_support::traits::{Get, Hooks};
		Work::on_initialize(DEV_EPOCH_LENGTH);
		assert_eq!(pallet_work::CurrentEpoch::<Runtime>::get(), 1);
		let grace: u32 = <Runtime as pallet_work::Config>::SubmissionGrace::get();
		Work::on_initialize(DEV_EPOCH_LENGTH + grace);
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Work(pallet_work::Event::EpochClosed { epoch: 0, totals: t })
				if *t == totals
		)));
	});
}

/// A fast test chain upgraded from a runtime that kept its flag in `Origins::FastTracks` keeps
/// it (in `ChainProfile::IsFastChain`), and the old key is gone; a second run changes nothing.
#[test]
fn the_fast_chain_flag_moves_out_of_origins_on_upgrade() {
	use depin_runtime::chain_profile::{pallet_chain_profile::IsFastChain, MoveFastChainFlag};
	use frame_support::{
		storage::migration::{get_storage_value, put_storage_value},
		traits::OnRuntimeUpgrade,
	};
	ext_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		assert!(!IsFastChain::<Runtime>::get());
		put_storage_value(b"Origins", b"FastTracks", &[], true);
		MoveFastChainFlag::on_runtime_upgrade();
		assert!(IsFastChain::<Runtime>::get());
		assert_eq!(get_storage_value::<bool>(b"Origins", b"FastTracks", &[]), None);
		MoveFastChainFlag::on_runtime_upgrade();
		assert!(IsFastChain::<Runtime>::get(), "a second run is a no-op");
	});
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		assert!(IsFastChain::<Runtime>::get(), "new development chains start fast");
		MoveFastChainFlag::on_runtime_upgrade();
		assert!(IsFastChain::<Runtime>::get());
	});
}
