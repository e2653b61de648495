//! Bad vouchers and batches: signed for another chain, device or consumer, a batch signature
//! over other items, a price that is not the class price, an epoch past its grace, too few
//! credits, malformed items and a batch over the bound. Each is refused by the pool and by a
//! block with the work pallet error's code, and nothing is written.

use crate::common::*;
use crate::helpers::*;

use depin_runtime::{
	genesis_config_presets::{demo_classes, DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
	Runtime, RuntimeCall, RuntimeOrigin, Work, DPIN, MILLI_DPIN,
};
use frame_support::traits::Get;
use pallet_devices::PublicKey;
use pallet_work::{payload, Error as WorkError, VoucherItemOf};
use sp_core::{sr25519, Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Dave, Eve};
use sp_runtime::{traits::Dispatchable, MultiSignature};

/// Registers two demo sensors of Alice's and buys Dave 1 DPIN of credits.
fn two_sensors() -> (sr25519::Pair, sr25519::Pair) {
	start_block_1();
	let (sensor, _) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
	let (camera, _) = register_demo_device(Alice, "Camera", DEMO_CLASS_SENSOR, Some(NEAR));
	dispatch(Dave, buy_credits(Dave.to_account_id(), DPIN));
	(sensor, camera)
}

/// A voucher names its chain, device, consumer and epoch; a batch signature names the chain,
/// the consumer, the epoch and the exact items. A voucher or a batch signed for another chain,
/// a voucher presented as another device's, a voucher of Dave's in Eve's batch, or a batch
/// naming Dave that Dave did not sign (someone spending his credits) are all refused.
#[test]
fn vouchers_for_another_chain_device_or_consumer_are_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (sensor, camera) = two_sensors();
		let dave = Dave.to_account_id();
		let elsewhere = H256::repeat_byte(0x42);
		let price = MILLI_DPIN;

		// For another chain: the device's voucher, or the consumer's batch signature.
		let mut foreign = voucher(&sensor, Dave, 0, 10);
		foreign.device_signature = sensor
			.sign(&payload::usage_voucher(&elsewhere, &foreign.device, &dave, 0, 10, price))
			.0;
		assert_refused(
			settle(Dave, 0, vec![foreign]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);
		let items = vec![voucher(&sensor, Dave, 0, 10)];
		let batch =
			payload::usage_batch(&elsewhere, &dave, 0, &payload::voucher_items_hash(&items));
		assert_refused(
			settle_with(dave.clone(), 0, items, MultiSignature::Sr25519(Dave.sign(&batch))),
			WorkError::<Runtime>::BadConsumerSignature,
		);

		// The sensor's voucher presented as the camera's (the second item of the batch).
		let mut stolen = voucher(&sensor, Dave, 0, 10);
		stolen.device = PublicKey::Sr25519(camera.public().0);
		assert_refused(
			settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 5), stolen]),
			WorkError::<Runtime>::BadDeviceSignature { index: 1 },
		);

		// A voucher the sensor signed for Dave, in a batch of Eve's (who holds credits).
		dispatch(Eve, buy_credits(Eve.to_account_id(), DPIN));
		assert_refused(
			settle(Eve, 0, vec![voucher(&sensor, Dave, 0, 10)]),
			WorkError::<Runtime>::BadDeviceSignature { index: 0 },
		);

		// Dave's vouchers in a batch naming Dave but signed by Eve: Dave's credits are his.
		let items = vec![voucher(&sensor, Dave, 0, 10)];
		let eve_signed = Eve.sign(&Work::batch_payload(&dave, 0, &items));
		assert_refused(
			settle_with(dave.clone(), 0, items.clone(), MultiSignature::Sr25519(eve_signed)),
			WorkError::<Runtime>::BadConsumerSignature,
		);
		// Or Dave's batch signature under Eve's name.
		let RuntimeCall::Work(pallet_work::Call::settle_usage { consumer_signature, .. }) =
			settle(Dave, 0, items.clone())
		else {
			panic!("a settlement");
		};
		assert_refused(
			settle_with(Eve.to_account_id(), 0, items, consumer_signature),
			WorkError::<Runtime>::BadConsumerSignature,
		);

		assert_eq!(credits(&dave), DPIN);
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.usage, 0);
		check_invariants();
	});
}

/// The consumer signs the hash of the exact items: a relay cannot add a voucher to a signed
/// batch (the consumer would pay for usage it did not authorize), drop one, reorder them, or
/// change a voucher's units, even to units that the device signed.
#[test]
fn a_batch_signature_over_other_items_is_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (sensor, camera) = two_sensors();
		let (meter, _) = register_demo_device(Alice, "Meter", DEMO_CLASS_SENSOR, Some(NEAR2));
		let dave = Dave.to_account_id();
		let a = voucher(&sensor, Dave, 0, 10);
		let b = voucher(&camera, Dave, 0, 20);
		let signed_items = vec![a.clone(), b.clone()];
		let RuntimeCall::Work(pallet_work::Call::settle_usage { consumer_signature, .. }) =
			settle(Dave, 0, signed_items.clone())
		else {
			panic!("a settlement");
		};
		let carrying = |items: Vec<VoucherItemOf<Runtime>>| {
			settle_with(dave.clone(), 0, items, consumer_signature.clone())
		};
		for items in [
			vec![a.clone()],
			vec![b.clone(), a.clone()],
			vec![a.clone(), b.clone(), voucher(&meter, Dave, 0, 40)],
			vec![a.clone(), voucher(&camera, Dave, 0, 200)],
		] {
			assert_refused(carrying(items), WorkError::<Runtime>::BadConsumerSignature);
		}
		assert_applied(carrying(signed_items));
		assert_eq!(credits(&dave), DPIN - 30 * MILLI_DPIN - charge(2));
		check_invariants();
	});
}

/// A voucher must be at its class's current unit price (0.001 DPIN for the demo sensor): one
/// signed at a lower price is refused (`WrongPrice`), as is one signed at the class price but
/// sent with another. When governance changes the price, vouchers signed at the old one are
/// refused from then on, and vouchers at the new one settle at it.
#[test]
fn a_voucher_not_at_the_class_price_is_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (sensor, _) = two_sensors();
		let dave = Dave.to_account_id();
		let cheap = voucher_at(&sensor, &dave, 0, 10, MILLI_DPIN / 2);
		assert_refused(settle(Dave, 0, vec![cheap]), WorkError::<Runtime>::WrongPrice { index: 0 });
		let mut relabelled = voucher(&sensor, Dave, 0, 10);
		relabelled.unit_price = 0;
		assert_refused(
			settle(Dave, 0, vec![relabelled]),
			WorkError::<Runtime>::WrongPrice { index: 0 },
		);

		let mut class = demo_classes()[DEMO_CLASS_SENSOR as usize].clone();
		class.unit_price = 2 * MILLI_DPIN;
		root(RuntimeCall::Devices(pallet_devices::Call::update_class {
			class: DEMO_CLASS_SENSOR,
			params: class,
		}));
		let old_price = voucher_at(&sensor, &dave, 0, 10, MILLI_DPIN);
		assert_refused(
			settle(Dave, 0, vec![old_price]),
			WorkError::<Runtime>::WrongPrice { index: 0 },
		);
		assert_applied(settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]));
		assert_eq!(credits(&dave), DPIN - 20 * MILLI_DPIN - charge(1));
		check_invariants();
	});
}

/// Settlements are accepted for the current epoch and, during its submission grace, the one
/// before it: a voucher of the next epoch is refused (`EpochInFuture`), and one of an epoch
/// whose grace is over (`EpochTooOld`) even though it was never settled.
#[test]
fn a_voucher_past_its_epochs_grace_is_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (sensor, _) = two_sensors();
		assert_refused(
			settle(Dave, 1, vec![voucher(&sensor, Dave, 1, 10)]),
			WorkError::<Runtime>::EpochInFuture,
		);
		let late = settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]);
		run_to_block(closes_at(0) - 1);
		let validity = pool_validity(general(late.clone())).expect("valid in the grace");
		assert_eq!(validity.longevity, 1, "until the grace ends");
		run_to_block(closes_at(0));
		assert_refused(late, WorkError::<Runtime>::EpochTooOld);
		assert_eq!(credits(&Dave.to_account_id()), DPIN);
		check_invariants();
	});
}

/// The consumer must hold the credits for the units and the settlement charge: one credit
/// short, the batch is refused (`InsufficientCredits`) and nothing is debited; with more (the
/// smallest purchase, 0.001 DPIN) it settles and leaves that purchase less the missing credit.
#[test]
fn a_batch_the_consumer_cannot_pay_for_is_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, _) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let eve = Eve.to_account_id();
		let call = settle(Eve, 0, vec![voucher(&sensor, Eve, 0, 10)]);
		assert_refused(call.clone(), WorkError::<Runtime>::InsufficientCredits);
		dispatch(Dave, buy_credits(eve.clone(), 10 * MILLI_DPIN + charge(1) - 1));
		assert_refused(call.clone(), WorkError::<Runtime>::InsufficientCredits);
		assert_eq!(credits(&eve), 10 * MILLI_DPIN + charge(1) - 1);
		dispatch(Dave, buy_credits(eve.clone(), MILLI_DPIN));
		assert_applied(call);
		assert_eq!(credits(&eve), MILLI_DPIN - 1);
		check_invariants();
	});
}

/// Items that name nothing to settle: zero units, an unregistered device, a device of a
/// witnessed class, a suspended device, an empty batch, one device twice. Each refused with its
/// error. A batch one voucher over `MaxVouchers` does not even decode.
#[test]
fn malformed_batches_are_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (sensor, camera) = two_sensors();
		let (hotspot, _) = register_demo_device(Alice, "Hotspot", DEMO_CLASS_HOTSPOT, Some(FAR));
		let stranger = sr25519::Pair::from_string("//Unregistered", None).unwrap();
		let dave = Dave.to_account_id();
		let ok = voucher(&sensor, Dave, 0, 10);
		for (items, error) in [
			(
				vec![ok.clone(), voucher(&camera, Dave, 0, 0)],
				WorkError::<Runtime>::ZeroUnits { index: 1 },
			),
			(
				vec![voucher_at(&stranger, &dave, 0, 10, MILLI_DPIN)],
				WorkError::<Runtime>::UnknownDevice { index: 0 },
			),
			(
				vec![ok.clone(), voucher_at(&hotspot, &dave, 0, 10, 0)],
				WorkError::<Runtime>::WrongProofKind { index: 1 },
			),
			(vec![], WorkError::<Runtime>::EmptyBatch),
			(
				vec![ok.clone(), voucher(&camera, Dave, 0, 3), ok.clone()],
				WorkError::<Runtime>::DuplicateDevice { index: 2 },
			),
		] {
			assert_refused(settle(Dave, 0, items), error);
		}
		let camera_key = PublicKey::Sr25519(camera.public().0);
		RuntimeCall::Devices(pallet_devices::Call::suspend_device { device: camera_key })
			.dispatch(RuntimeOrigin::root())
			.expect("root suspends");
		assert_refused(
			settle(Dave, 0, vec![ok.clone(), voucher(&camera, Dave, 0, 3)]),
			WorkError::<Runtime>::DeviceNotActive { index: 1 },
		);

		// One over the bound: the call does not decode, so neither does the transaction.
		let max: u32 = <Runtime as pallet_work::Config>::MaxVouchers::get();
		let max = max as usize;
		let over = vec![ok.clone(); max + 1];
		assert_oversized_settlement_refused(settle(Dave, 0, vec![ok]), &Dave.pair(), over);

		assert_eq!(credits(&dave), DPIN);
		check_invariants();
	});
}
