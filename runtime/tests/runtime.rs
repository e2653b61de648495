//! Integration tests on the real `Runtime`, executed natively: every genesis preset builds,
//! and a block carrying a signed balance transfer executes.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use codec::Encode;
use depin_runtime::{
	genesis_config_presets::{preset_names, PRODUCTION_RUNTIME_PRESET},
	AccountId, Balance, Balances, BalancesCall, BuildStorage, ChallengeRandomness, Executive,
	Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, SignedPayload, System,
	UncheckedExtrinsic, DPIN, SLOT_DURATION,
};
use frame_support::traits::{fungible::Inspect, Randomness};
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_core::Pair as _;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	MultiSignature,
};

/// Merges a JSON patch into a base value, as the node does with preset patches.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// The full genesis config of a named preset.
fn preset_config(name: &str) -> RuntimeGenesisConfig {
	let patch = depin_runtime::genesis_config_presets::get_preset(&name.to_string())
		.unwrap_or_else(|| panic!("preset {name} exists"));
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, patch);
	serde_json::from_value(config).expect("preset matches RuntimeGenesisConfig")
}

fn ext_for(preset: &str) -> sp_io::TestExternalities {
	preset_config(preset).build_storage().expect("genesis storage builds").into()
}

#[test]
fn every_preset_builds_its_genesis_state() {
	let names = preset_names();
	assert_eq!(names.len(), 3, "development, local_testnet and production");
	for name in names {
		let mut ext = ext_for(&name);
		ext.execute_with(|| {
			let validators = pallet_session::Validators::<Runtime>::get();
			let expected = if name == DEV_RUNTIME_PRESET { 1 } else { 3 };
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
	assert!(depin_runtime::genesis_config_presets::get_preset(&"nope".to_string()).is_none());
	assert_eq!(
		[DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, PRODUCTION_RUNTIME_PRESET].len(),
		preset_names().len()
	);
}

/// A signed, immortal transaction from `signer` with the given nonce, built the way a wallet
/// builds it (the implicit data — genesis hash, versions — is read from the chain state).
fn signed(signer: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let tx_ext = depin_runtime::immortal_tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("implicit data");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		signer.to_account_id().into(),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// Initialises block 1 (authored by validator 0 in slot 1000, a secondary-slot BABE block)
/// and applies its timestamp inherent, so signed extrinsics can be applied next.
fn start_block_1() {
	let slot = 1000u64;
	let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: slot.into(),
	});
	let header = Header::new(
		1,
		Default::default(),
		Default::default(),
		System::block_hash(0),
		Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] },
	);
	Executive::initialize_block(&header);

	// The timestamp inherent must fall into the block's slot.
	let set_time =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
			now: slot * SLOT_DURATION,
		}));
	Executive::apply_extrinsic(set_time).expect("valid").expect("dispatched");
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
	let metadata = Runtime::metadata_at_version(15).expect("metadata v15");
	assert!(!metadata.is_empty());
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), depin_runtime::SS58_PREFIX);
	assert_eq!(depin_runtime::TOKEN_SYMBOL, "DPIN");
	assert_eq!(depin_runtime::TOKEN_DECIMALS, 12);
	assert_eq!(DPIN, 10u128.pow(12));
}

/// The demo maker of the development and local presets, from its secret URI.
fn demo_maker() -> sp_core::sr25519::Pair {
	sp_core::sr25519::Pair::from_string("//DemoMaker", None).expect("valid URI")
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
			assert_eq!(maker.attestation_key, PublicKey::Sr25519(DEMO_MAKER_KEY));
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

/// Registers a hotspot on the development chain the way a device owner does: the maker's
/// attestation and the device's consent are real sr25519 signatures over the payloads laid out
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

		// Maker attestation: tag (16) | genesis hash (32) | device (1 + 32) | class (u32 LE).
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
			metadata: b"ipfs://demo-hotspot".to_vec(),
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
		// consent that device gave Alice, even with a valid maker attestation.
		let second = sp_core::sr25519::Pair::from_string("//DemoDevice2", None).unwrap();
		let mut second_attestation = maker_payload.clone();
		second_attestation[49..81].copy_from_slice(&second.public().0);
		let mut consent_to_alice = device_payload.clone();
		consent_to_alice[48..80].copy_from_slice(owner.as_ref());
		let stolen = RuntimeCall::Devices(pallet_devices::Call::register_device {
			device: PublicKey::Sr25519(second.public().0),
			class: DEMO_CLASS_HOTSPOT,
			maker: 0,
			maker_signature: demo_maker().sign(&second_attestation).0,
			device_signature: second.sign(&consent_to_alice).0,
			location: Some(cell),
			metadata: vec![],
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
