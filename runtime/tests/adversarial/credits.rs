//! Spending credits twice: batches of one consumer that together cost more than it holds.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	genesis_config_presets::DEMO_CLASS_SENSOR, Executive, Runtime, UncheckedExtrinsic, DPIN,
	MILLI_DPIN,
};
use pallet_work::Error as WorkError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Dave};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};

/// Dave signs two batches, each of 60 units (0.06 DPIN of credits and a charge), holding credits
/// for one of them and 40 units more. Each alone is valid, so the pool takes both (it checks
/// each against the same state). The block applies the first; the second is invalid when
/// applied (`InsufficientCredits`): the builder leaves it out, and a block that carries it
/// anyway is rejected by every node that imports it. It is never dispatched, so it takes no
/// block space for free and no device is credited for usage nobody paid. Once Dave buys more
/// credits it is valid again (he did sign it).
#[test]
fn a_consumer_cannot_spend_its_credits_twice() {
	let set_up = || -> (UncheckedExtrinsic, UncheckedExtrinsic) {
		start_block_1();
		let (sensor, _) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let (camera, _) = register_demo_device(Alice, "Camera", DEMO_CLASS_SENSOR, Some(NEAR));
		dispatch(Dave, buy_credits(Dave.to_account_id(), 100 * MILLI_DPIN + charge(1)));
		(
			general(settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 60)])),
			general(settle(Dave, 0, vec![voucher(&camera, Dave, 0, 60)])),
		)
	};
	let insufficient: TransactionValidityError =
		InvalidTransaction::Custom(code(WorkError::<Runtime>::InsufficientCredits)).into();

	// Built by an honest author.
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let (first, second) = set_up();
		assert!(pool_validity(first.clone()).is_ok());
		assert!(pool_validity(second.clone()).is_ok());
		assert_eq!(push(first), Ok(Ok(())));
		let dave = Dave.to_account_id();
		assert_eq!(credits(&dave), 40 * MILLI_DPIN);
		let before = storage_root();
		assert_eq!(push(second.clone()), Err(insufficient));
		assert_eq!(pool_validity(second.clone()).map(|_| ()), Err(insufficient));
		assert_eq!(storage_root(), before);
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.usage, 60);

		dispatch(Dave, buy_credits(dave.clone(), DPIN));
		assert_eq!(Executive::apply_extrinsic(second), Ok(Ok(())));
		assert_eq!(credits(&dave), DPIN - 20 * MILLI_DPIN - charge(1));
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.usage, 120);
		check_invariants();
	});

	// Block 2 imported with both: the second is invalid. With the first alone, every extrinsic
	// applies (the import fails only at the final checks, the header's roots being empty).
	let both = import_failure(set_up, |(first, second)| vec![first, second]);
	assert!(both.contains(INVALID_CUSTOM), "{both}");
	let once = import_failure(set_up, |(first, _)| vec![first]);
	assert!(!once.contains(INVALID_CUSTOM), "{once}");
}
