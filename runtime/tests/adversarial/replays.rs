//! Signatures replayed across chains and purposes; vouchers replayed within and across epochs,
//! sent out of order, or twice in one block.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::work::DEV_EPOCH_LENGTH,
	genesis_config_presets::{DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
	Devices, Executive, Runtime, RuntimeCall, RuntimeEvent, System, Work, DPIN, MILLI_DPIN,
};
use frame_support::{assert_noop, assert_ok};
use pallet_devices::{Error as DevicesError, DEVICE_CONSENT_TAG, MAKER_CERTIFICATE_TAG};
use pallet_work::{
	payload, Error as WorkError, VoucherItemOf, WitnessReceipt, CHALLENGE_TAG, USAGE_BATCH_TAG,
	USAGE_VOUCHER_TAG, WITNESS_RECEIPT_TAG,
};
use sp_core::{sr25519, Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use sp_runtime::{
	generic::Preamble,
	traits::{Dispatchable, Header},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	MultiSignature,
};

// --- 1. Signature replay across chains and across purposes.

/// A maker certificate, a device consent, a usage voucher, a consumer's batch signature or a
/// witness receipt signed for another chain (another genesis hash) does not verify here: every signed payload commits to the genesis
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

		// Usage: the device signed its voucher, or the consumer the batch, for the other chain.
		let consumer = Dave.to_account_id();
		dispatch(Dave, buy_credits(consumer.clone(), DPIN));
		let price = class_price(&key);
		let foreign_voucher = VoucherItemOf::<Runtime> {
			device: key,
			cumulative_units: 10,
			unit_price: price,
			device_signature: device
				.sign(&payload::usage_voucher(&elsewhere, &key, &consumer, 0, 10, price))
				.0,
		};
		assert_refused(
			settle(Dave, 0, vec![foreign_voucher]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);
		let items = vec![voucher(&device, Dave, 0, 10)];
		let foreign_batch =
			payload::usage_batch(&elsewhere, &consumer, 0, &payload::voucher_items_hash(&items));
		assert_refused(
			settle_with(
				consumer.clone(),
				0,
				items.clone(),
				MultiSignature::Sr25519(Dave.sign(&foreign_batch)),
			),
			WorkError::<Runtime>::BadConsumerSignature,
		);
		assert_applied(settle(Dave, 0, items));

		// Witnessed work: the witness signed the beacon's receipt for the other chain.
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (witness_pair, witness_key) =
			register_demo_device(Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(NEAR));
		let challenge = Work::challenge(0, &beaconer).expect("epoch 0 has a seed");
		let foreign = payload::witness(&elsewhere, &beaconer, 0, &challenge);
		let foreign_receipt =
			WitnessReceipt { witness: witness_key, signature: witness_pair.sign(&foreign).0 };
		assert_refused(
			beacon(beaconer, 0, vec![foreign_receipt]),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 },
		);
		assert_applied(beacon(beaconer, 0, vec![witness(&witness_pair, beaconer, 0)]));
		check_invariants();
	});
}

/// A signature made for one purpose is presented for another: a device's consent as its voucher
/// signature or as a witness signature, a witness receipt for one beacon as one for another, a
/// maker certificate of one class for another class, a consumer's transaction signature as its
/// batch signature and the other way round. Payloads are domain-separated by a 16-byte tag and
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
			USAGE_VOUCHER_TAG,
			USAGE_BATCH_TAG,
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
			(Work::voucher_payload(&sensor_key, &consumer, 0, 10, MILLI_DPIN), USAGE_VOUCHER_TAG),
			(Work::batch_payload(&consumer, 0, &[voucher(&sensor, Dave, 0, 10)]), USAGE_BATCH_TAG),
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

		// The sensor's consent to its owner, presented as its signature of a voucher.
		let mut forged = voucher(&sensor, Dave, 0, 10);
		forged.device_signature = sensor.sign(&Devices::device_consent_payload(&owner)).0;
		assert_refused(
			settle(Dave, 0, vec![forged]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);

		// The witness's consent to its owner, presented as its witness receipt.
		let consent = witness_pair.sign(&Devices::device_consent_payload(&Bob.to_account_id())).0;
		assert_refused(
			beacon(beaconer, 0, vec![WitnessReceipt { witness: witness_key, signature: consent }]),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 },
		);

		// A witness receipt for one beacon, presented for another beaconer of the same owner
		// (also in the witness's band): it names the beaconer and its challenge.
		assert_refused(
			beacon(other_beaconer, 0, vec![witness(&witness_pair, beaconer, 0)]),
			WorkError::<Runtime>::BadWitnessSignature { index: 0 },
		);

		// The consumer's signature of a transaction, presented as its batch signature.
		let transaction = signed(Dave, 0, buy_credits(consumer.clone(), DPIN));
		let Preamble::Signed(_, transaction_signature, _) = transaction.preamble.clone() else {
			panic!("a signed transaction");
		};
		let items = vec![voucher(&sensor, Dave, 0, 10)];
		assert_refused(
			settle_with(consumer.clone(), 0, items.clone(), transaction_signature),
			WorkError::<Runtime>::BadConsumerSignature,
		);

		// The consumer's batch signature, presented as the signature of a transaction: a batch
		// payload never decodes as a call (its first byte, `d`, is no pallet), so it cannot be
		// anyone's signed transaction.
		let RuntimeCall::Work(pallet_work::Call::settle_usage { consumer_signature, .. }) =
			settle(Dave, 0, items.clone())
		else {
			panic!("a settlement");
		};
		let mut replayed = transaction;
		if let Preamble::Signed(_, ref mut signature, _) = replayed.preamble {
			*signature = consumer_signature;
		}
		let before = storage_root();
		assert_eq!(Executive::apply_extrinsic(replayed), Err(InvalidTransaction::BadProof.into()));
		assert_eq!(storage_root(), before);

		// Used for what they were signed for, the voucher and the batch settle (once).
		assert_applied(settle(Dave, 0, items.clone()));
		assert_refused(settle(Dave, 0, items), WorkError::<Runtime>::NothingToSettle);
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, sensor_key).unwrap().units, 10);
		check_invariants();
	});
}

// --- 2. Voucher replay and order.

/// Anyone can copy a settlement from a block and send it again, or send an older voucher after
/// a newer one. Vouchers are cumulative and the chain settles only the increase over what it
/// settled for the consumer and device in the epoch: a copy or an older voucher settles
/// nothing, so the pool refuses it alone (`NothingToSettle`, nothing written, no block can
/// include it). In a batch that settles something else it is skipped with `VoucherSkipped` and
/// the rest settles. The consumer pays each unit once.
#[test]
fn a_voucher_replayed_in_the_same_epoch_settles_nothing() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let (camera, camera_key) =
			register_demo_device(Alice, "Camera", DEMO_CLASS_SENSOR, Some(NEAR));
		let dave = Dave.to_account_id();
		dispatch(Dave, buy_credits(dave.clone(), DPIN));
		let first = settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]);
		assert_applied(first.clone());
		assert_eq!(credits(&dave), DPIN - 10 * MILLI_DPIN - charge(1));

		// The copy, and an older voucher (5 units in all), each alone.
		assert_refused(first, WorkError::<Runtime>::NothingToSettle);
		assert_refused(
			settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 5)]),
			WorkError::<Runtime>::NothingToSettle,
		);
		// Two vouchers of one device in a batch: refused as a whole.
		assert_refused(
			settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 12), voucher(&sensor, Dave, 0, 15)]),
			WorkError::<Runtime>::DuplicateDevice { index: 1 },
		);

		// The copy hidden in a batch with a new voucher of another device: skipped, and the
		// batch pays for the camera's 5 units and a charge for its two vouchers.
		System::reset_events();
		assert_applied(settle(
			Dave,
			0,
			vec![voucher(&sensor, Dave, 0, 10), voucher(&camera, Dave, 0, 5)],
		));
		let events: Vec<_> = System::events().into_iter().map(|r| r.event).collect();
		assert!(events.contains(&RuntimeEvent::Work(pallet_work::Event::VoucherSkipped {
			consumer: dave.clone(),
			device: key,
			epoch: 0,
		})));
		assert!(events.contains(&RuntimeEvent::Work(pallet_work::Event::UsageSettled {
			consumer: dave.clone(),
			epoch: 0,
			vouchers: 1,
			units: 5,
			credits: 5 * MILLI_DPIN,
			charge: charge(2),
		})));

		// A newer voucher settles its increase only: 15 of its 25 units.
		assert_applied(settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 25)]));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 25);
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, camera_key).unwrap().units, 5);
		assert_eq!(pallet_work::Settled::<Runtime>::get(0, (dave.clone(), key)), Some(25));
		// Each of the 30 units paid once, plus three settlement charges; the charges do not
		// count as the epoch's credits (they back no reward).
		assert_eq!(credits(&dave), DPIN - 30 * MILLI_DPIN - 2 * charge(1) - charge(2));
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).credits, 30 * MILLI_DPIN);
		check_invariants();
	});
}

/// A voucher of an earlier epoch is replayed later: during the epoch's grace it settles
/// nothing; relabelled for the new epoch, neither the consumer's batch signature nor the
/// device's voucher signature verifies (both name the epoch); once the epoch has closed nothing
/// is accepted for it at all.
#[test]
fn a_voucher_replayed_in_a_later_epoch_settles_nothing() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let dave = Dave.to_account_id();
		dispatch(Dave, buy_credits(dave.clone(), DPIN));
		let first = settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]);
		assert_applied(first.clone());
		let relabelled = |call: &RuntimeCall, epoch: u32| {
			let RuntimeCall::Work(pallet_work::Call::settle_usage {
				consumer,
				items,
				consumer_signature,
				..
			}) = call.clone()
			else {
				panic!("a settlement");
			};
			settle_with(consumer, epoch, items.into_inner(), consumer_signature)
		};

		// Epoch 1 has started; epoch 0 is in its grace.
		run_to_block(DEV_EPOCH_LENGTH);
		assert_eq!(pallet_work::CurrentEpoch::<Runtime>::get(), 1);
		assert_refused(first.clone(), WorkError::<Runtime>::NothingToSettle);
		assert_refused(relabelled(&first, 1), WorkError::<Runtime>::BadConsumerSignature);
		// Even the consumer, signing the old voucher into a batch of epoch 1.
		assert_refused(
			settle(Dave, 1, vec![voucher(&sensor, Dave, 0, 10)]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);

		// Epoch 0 has closed.
		run_to_block(closes_at(0));
		assert_refused(first, WorkError::<Runtime>::EpochTooOld);

		// The same holds one epoch later for a voucher of epoch 1, whose units count from zero.
		let later = settle(Dave, 1, vec![voucher(&sensor, Dave, 1, 10)]);
		assert_applied(later.clone());
		run_to_block(2 * DEV_EPOCH_LENGTH);
		assert_refused(later.clone(), WorkError::<Runtime>::NothingToSettle);
		assert_refused(relabelled(&later, 2), WorkError::<Runtime>::BadConsumerSignature);
		assert_refused(
			settle(Dave, 2, vec![voucher(&sensor, Dave, 1, 10)]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);

		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 10);
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(1, key).unwrap().units, 10);
		assert_eq!(credits(&dave), DPIN - 20 * MILLI_DPIN - 2 * charge(1));
		check_invariants();
	});
}

/// The flaw of v1's usage receipts: a consumer's receipts carried per-device nonces that had
/// to strictly increase, so whoever sent a later receipt first (the consumer, a gateway, anyone
/// who saw it on the network) made every earlier one that was not yet on chain invalid
/// forever, voiding the device's work for them. Vouchers are cumulative, so the order of
/// submission does not matter: the device serves 10, 20 and 30 units in all and signs a voucher
/// at each step; in whatever order they are sent, it ends with its 30 units and the consumer
/// pays 30 units. Only the settlement charges differ: one per voucher that raised the total
/// (those that settle nothing are refused and cost nothing).
#[test]
fn out_of_order_vouchers_cannot_void_a_devices_work() {
	for order in [[10, 20, 30], [30, 20, 10], [20, 30, 10], [10, 30, 20]] {
		ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
			start_block_1();
			let (sensor, key) =
				register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
			let dave = Dave.to_account_id();
			dispatch(Dave, buy_credits(dave.clone(), DPIN));
			let signed_by_the_device: Vec<_> =
				order.iter().map(|units| voucher(&sensor, Dave, 0, *units)).collect();
			let (mut settled, mut settlements) = (0, 0);
			for item in signed_by_the_device {
				let cumulative = item.cumulative_units;
				let call = settle(Dave, 0, vec![item]);
				if cumulative > settled {
					assert_applied(call);
					settled = cumulative;
					settlements += 1;
				} else {
					assert_refused(call, WorkError::<Runtime>::NothingToSettle);
				}
			}
			assert_eq!(
				pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units,
				30,
				"order {order:?}"
			);
			assert_eq!(pallet_work::Totals::<Runtime>::get(0).credits, 30 * MILLI_DPIN);
			assert_eq!(credits(&dave), DPIN - 30 * MILLI_DPIN - settlements * charge(1));
			check_invariants();
		});
	}
}

/// The same settlement twice in one block (sent by two gateways, or copied by someone who saw
/// it in the pool): the pool takes it, the block builder applies it once, and the second copy
/// settles nothing: it is invalid when applied (`NothingToSettle`), so the builder leaves it
/// out, and a block that carries it anyway is rejected by every node that imports it. It is
/// never dispatched, so it takes no block space for free.
#[test]
fn the_same_settlement_twice_in_a_block_is_included_once() {
	let set_up = || {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Dave, buy_credits(Dave.to_account_id(), DPIN));
		(general(settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)])), key)
	};
	let nothing: TransactionValidityError =
		InvalidTransaction::Custom(code(WorkError::<Runtime>::NothingToSettle)).into();

	// Block 2, built by an honest author.
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (xt, key) = set_up();
		let header = Executive::finalize_block();
		start_block(2, Header::hash(&header));
		let valid = pool_validity(xt.clone()).expect("the pool takes it");
		assert_eq!(valid.provides.len(), 1, "one tag: the (consumer, device, epoch)");
		assert_eq!(push(xt.clone()), Ok(Ok(())));
		let credits_after = credits(&Dave.to_account_id());
		let before = storage_root();
		assert_eq!(push(xt.clone()), Err(nothing));
		assert_eq!(storage_root(), before);
		assert_eq!(pool_validity(xt).map(|_| ()), Err(nothing), "and the pool drops it");
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 10);
		assert_eq!(credits(&Dave.to_account_id()), credits_after);
		check_invariants();
	});

	// Block 2 imported with both copies: the second is invalid. With one copy, every extrinsic
	// applies (the import fails only at the final checks, the header's roots being empty).
	let both = import_failure(set_up, |(xt, _)| vec![xt.clone(), xt]);
	assert!(both.contains(INVALID_CUSTOM), "{both}");
	let once = import_failure(set_up, |(xt, _)| vec![xt]);
	assert!(!once.contains(INVALID_CUSTOM), "{once}");
}
