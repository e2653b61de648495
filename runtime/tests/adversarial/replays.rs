//! Signatures replayed across chains and purposes, and receipts replayed within and
//! across epochs.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::work::DEV_EPOCH_LENGTH,
	genesis_config_presets::{DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
	Devices, Executive, Runtime, System, Work, DPIN, MILLI_DPIN,
};
use frame_support::{assert_noop, assert_ok};
use pallet_devices::{Error as DevicesError, DEVICE_CONSENT_TAG, MAKER_CERTIFICATE_TAG};
use pallet_work::{
	Error as WorkError, UsageReceiptOf, WitnessReceipt, CHALLENGE_TAG, USAGE_RECEIPT_TAG,
	WITNESS_RECEIPT_TAG,
};
use sp_core::{sr25519, Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave, Eve, Ferdie};
use sp_runtime::{
	generic::Preamble, traits::Dispatchable, transaction_validity::InvalidTransaction,
	MultiSignature,
};

// --- 1. Signature replay across chains and across purposes.

/// A maker certificate, a device consent, a usage receipt or a witness receipt signed for another
/// chain (another genesis hash) does not verify here: every signed payload commits to the genesis
/// hash.
#[test]
fn signatures_for_another_chain_are_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let here = System::block_hash(0);
		// The genesis hash of another chain running the same runtime (every test chain has the
		// same genesis hash here, so the other one is made up).
		let elsewhere = H256::repeat_byte(0x42);
		assert_ne!(here, elsewhere);
		assert_eq!(pallet_devices::payload::genesis_hash::<Runtime>(), here);
		assert_eq!(pallet_work::payload::genesis_hash::<Runtime>(), here);

		// Registration: the maker certificate, or the device's consent, for the other chain.
		let owner = Alice.to_account_id();
		let device = sr25519::Pair::from_string("//Roaming", None).unwrap();
		let key = key_of(&device);
		let certificate = |genesis: &H256| {
			let payload =
				pallet_devices::payload::maker_certificate(genesis, &key, DEMO_CLASS_SENSOR);
			demo_maker().sign(&payload).0
		};
		let consent = |genesis: &H256| {
			device.sign(&pallet_devices::payload::device_consent(genesis, &owner)).0
		};
		let register = |maker_signature: [u8; 64], device_signature: [u8; 64]| {
			register_call(key, DEMO_CLASS_SENSOR, maker_signature, device_signature, Some(CELL))
				.dispatch(origin(Alice))
		};
		assert_noop!(
			register(certificate(&elsewhere), consent(&here)),
			DevicesError::<Runtime>::BadMakerSignature
		);
		assert_noop!(
			register(certificate(&here), consent(&elsewhere)),
			DevicesError::<Runtime>::BadDeviceSignature
		);
		assert_ok!(register(certificate(&here), consent(&here)));

		// Usage: the device, or the consumer, signed the receipt for the other chain.
		let consumer = Dave.to_account_id();
		dispatch(Dave, buy_credits(consumer.clone(), DPIN));
		let foreign = pallet_work::payload::usage(&elsewhere, &key, &consumer, 0, 10, 1);
		let local = Work::usage_payload(&key, &consumer, 0, 10, 1);
		let receipt_over =
			|device_payload: &[u8], consumer_payload: &[u8]| UsageReceiptOf::<Runtime> {
				device: key,
				consumer: consumer.clone(),
				units: 10,
				nonce: 1,
				device_signature: device.sign(device_payload).0,
				consumer_signature: MultiSignature::Sr25519(Dave.sign(consumer_payload)),
			};
		assert_noop!(
			usage(0, vec![receipt_over(&foreign, &foreign)]).dispatch(origin(Eve)),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 }
		);
		assert_noop!(
			usage(0, vec![receipt_over(&local, &foreign)]).dispatch(origin(Eve)),
			WorkError::<Runtime>::BadConsumerSignature { index: 0 }
		);
		assert_ok!(usage(0, vec![receipt_over(&local, &local)]).dispatch(origin(Eve)));

		// Witnessed work: the witness signed the beacon's receipt for the other chain.
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (witness_pair, witness_key) =
			register_demo_device(Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(NEAR));
		let challenge = Work::challenge(0, &beaconer).expect("epoch 0 has a seed");
		let foreign = pallet_work::payload::witness(&elsewhere, &beaconer, 0, &challenge);
		let foreign_receipt =
			WitnessReceipt { witness: witness_key, signature: witness_pair.sign(&foreign).0 };
		assert_noop!(
			beacon(beaconer, 0, vec![foreign_receipt]).dispatch(origin(Eve)),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 }
		);
		assert_ok!(
			beacon(beaconer, 0, vec![witness(&witness_pair, beaconer, 0)]).dispatch(origin(Eve))
		);
		check_invariants();
	});
}

/// A signature made for one purpose is presented for another: a device's consent as its usage
/// signature or as a witness signature, a witness receipt for one beacon as one for another, a
/// maker certificate of one class for another class, a consumer's transaction signature as its
/// receipt signature and the other way round. Payloads are domain-separated by a 16-byte tag and
/// commit to everything they are about, so none of them verifies.
#[test]
fn signatures_for_another_purpose_are_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let owner = Alice.to_account_id();
		let consumer = Dave.to_account_id();
		let (sensor, sensor_key) =
			register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (_, other_beaconer) =
			register_demo_device(Alice, "OtherBeaconer", DEMO_CLASS_HOTSPOT, Some(NEAR2));
		let (witness_pair, witness_key) =
			register_demo_device(Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(NEAR));
		dispatch(Dave, buy_credits(consumer.clone(), DPIN));

		// Each payload starts with a tag of its own.
		let tags = [
			MAKER_CERTIFICATE_TAG,
			DEVICE_CONSENT_TAG,
			USAGE_RECEIPT_TAG,
			WITNESS_RECEIPT_TAG,
			CHALLENGE_TAG,
		];
		for (i, tag) in tags.iter().enumerate() {
			assert!(!tags[i + 1..].contains(tag), "domain tags are distinct");
		}
		let challenge = Work::challenge(0, &beaconer).unwrap();
		for (payload, tag) in [
			(
				Devices::maker_certificate_payload(&sensor_key, DEMO_CLASS_SENSOR),
				MAKER_CERTIFICATE_TAG,
			),
			(Devices::device_consent_payload(&owner), DEVICE_CONSENT_TAG),
			(Work::usage_payload(&sensor_key, &consumer, 0, 10, 1), USAGE_RECEIPT_TAG),
			(Work::witness_payload(&beaconer, 0, &challenge), WITNESS_RECEIPT_TAG),
		] {
			assert_eq!(payload[..16], tag);
		}

		// A maker certificate of a hotspot (100 DPIN bond) used to register it as a sensor
		// (10 DPIN bond): the class is part of what the maker signed.
		let device = sr25519::Pair::from_string("//Downgraded", None).unwrap();
		let key = key_of(&device);
		let hotspot_certificate =
			demo_maker().sign(&Devices::maker_certificate_payload(&key, DEMO_CLASS_HOTSPOT)).0;
		let consent = device.sign(&Devices::device_consent_payload(&owner)).0;
		assert_noop!(
			register_call(key, DEMO_CLASS_SENSOR, hotspot_certificate, consent, Some(NEAR3))
				.dispatch(origin(Alice)),
			DevicesError::<Runtime>::BadMakerSignature
		);

		// The sensor's consent to its owner, presented as its signature of a usage receipt.
		let mut forged = receipt(&sensor, Dave, 0, 10, 1);
		forged.device_signature = sensor.sign(&Devices::device_consent_payload(&owner)).0;
		assert_noop!(
			usage(0, vec![forged]).dispatch(origin(Eve)),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 }
		);

		// The witness's consent to its owner, presented as its witness receipt.
		let consent = witness_pair.sign(&Devices::device_consent_payload(&Bob.to_account_id())).0;
		assert_noop!(
			beacon(beaconer, 0, vec![WitnessReceipt { witness: witness_key, signature: consent }])
				.dispatch(origin(Eve)),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 }
		);

		// A witness receipt for one beacon, presented for another beaconer of the same owner
		// (also in the witness's band): it names the beaconer and its challenge.
		assert_noop!(
			beacon(other_beaconer, 0, vec![witness(&witness_pair, beaconer, 0)])
				.dispatch(origin(Eve)),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 }
		);

		// The consumer's signature of a transaction, presented as its receipt signature.
		let transaction = signed(Dave, 0, buy_credits(consumer.clone(), DPIN));
		let Preamble::Signed(_, transaction_signature, _) = transaction.preamble.clone() else {
			panic!("a signed transaction");
		};
		let mut forged = receipt(&sensor, Dave, 0, 10, 1);
		forged.consumer_signature = transaction_signature;
		assert_noop!(
			usage(0, vec![forged]).dispatch(origin(Eve)),
			WorkError::<Runtime>::BadConsumerSignature { index: 0 }
		);

		// The consumer's receipt signature, presented as the signature of a transaction: a usage
		// payload never decodes as a call (its first byte, `d`, is no pallet), so it cannot be
		// anyone's signed transaction.
		let mut replayed = transaction;
		if let Preamble::Signed(_, ref mut signature, _) = replayed.preamble {
			*signature = receipt(&sensor, Dave, 0, 10, 1).consumer_signature;
		}
		let before = storage_root();
		assert_eq!(Executive::apply_extrinsic(replayed), Err(InvalidTransaction::BadProof.into()));
		assert_eq!(storage_root(), before);

		// Used for what it was signed for, the receipt counts (once).
		assert_ok!(usage(0, vec![receipt(&sensor, Dave, 0, 10, 1)]).dispatch(origin(Eve)));
		check_invariants();
	});
}

// --- 2. Receipt replay.

/// Anyone can copy a usage receipt from a block and submit it again, alone or hidden in a batch
/// with fresh receipts. The consumer's per-device nonce must strictly increase, so the copy is
/// refused, the whole batch with it, and the consumer pays once.
#[test]
fn a_receipt_replayed_in_the_same_epoch_is_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Dave, buy_credits(Dave.to_account_id(), DPIN));
		let first = receipt(&sensor, Dave, 0, 10, 1);
		dispatch(Eve, usage(0, vec![first.clone()]));

		let replay =
			|receipts: Vec<UsageReceiptOf<Runtime>>| usage(0, receipts).dispatch(origin(Ferdie));
		assert_noop!(
			replay(vec![first.clone()]),
			WorkError::<Runtime>::ReceiptReplayed { index: 0 }
		);
		let second = receipt(&sensor, Dave, 0, 10, 2);
		assert_noop!(
			replay(vec![second.clone(), second.clone()]),
			WorkError::<Runtime>::ReceiptReplayed { index: 1 }
		);
		assert_noop!(
			replay(vec![second.clone(), first.clone()]),
			WorkError::<Runtime>::NonceNotIncreasing { index: 1 }
		);
		assert_noop!(
			replay(vec![receipt(&sensor, Dave, 0, 10, 0)]),
			WorkError::<Runtime>::NonceNotIncreasing { index: 0 }
		);

		// Counted and paid once: 10 units at 0.001 DPIN of credits each.
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 10);
		assert_eq!(
			pallet_emissions::Credits::<Runtime>::get(Dave.to_account_id()),
			DPIN - 10 * MILLI_DPIN
		);
		assert_eq!(pallet_work::ConsumerNonces::<Runtime>::get(Dave.to_account_id(), key), Some(1));
		check_invariants();
	});
}

/// A receipt of an earlier epoch is replayed later: during the epoch's grace the nonce refuses
/// it, relabelled for the new epoch its signatures do not verify (the epoch is signed), and once
/// the epoch has closed nothing is accepted for it at all.
#[test]
fn a_receipt_replayed_in_a_later_epoch_is_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Dave, buy_credits(Dave.to_account_id(), DPIN));
		let first = receipt(&sensor, Dave, 0, 10, 1);
		dispatch(Eve, usage(0, vec![first.clone()]));

		// Epoch 1 has started; epoch 0 is in its grace.
		run_to_block(DEV_EPOCH_LENGTH);
		assert_eq!(pallet_work::CurrentEpoch::<Runtime>::get(), 1);
		assert_noop!(
			usage(0, vec![first.clone()]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::ReceiptReplayed { index: 0 }
		);
		assert_noop!(
			usage(1, vec![first.clone()]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 }
		);

		// Epoch 0 has closed.
		run_to_block(closes_at(0));
		assert_noop!(
			usage(0, vec![first]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::EpochTooOld
		);

		// The same holds one epoch later for a receipt of epoch 1.
		let later = receipt(&sensor, Dave, 1, 10, 2);
		dispatch(Eve, usage(1, vec![later.clone()]));
		run_to_block(2 * DEV_EPOCH_LENGTH);
		assert_noop!(
			usage(1, vec![later.clone()]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::ReceiptReplayed { index: 0 }
		);
		assert_noop!(
			usage(2, vec![later]).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 }
		);

		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 10);
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(1, key).unwrap().units, 10);
		assert_eq!(
			pallet_emissions::Credits::<Runtime>::get(Dave.to_account_id()),
			DPIN - 20 * MILLI_DPIN
		);
		check_invariants();
	});
}
