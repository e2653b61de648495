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

#[test]
fn block_with_a_balance_transfer_executes_natively() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let (alice_before, bob_before) = (free(&alice), free(&bob));

		// Block 1, authored by validator 0 in slot 1000 (a secondary-slot BABE block).
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
