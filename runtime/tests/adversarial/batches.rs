//! Maximum-size batches against the block weight and the decoder.

use crate::common::*;
use crate::helpers::*;
use codec::{Decode, DecodeAll, Encode};
use depin_runtime::{
	genesis_config_presets::DEMO_CLASS_SENSOR, AccountId, Executive, Runtime, RuntimeCall,
	TransactionPayment, Work, MILLI_DPIN,
};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Get,
	BoundedVec,
};
use pallet_work::UsageReceiptOf;
use sp_core::{sr25519, Pair as _};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Dave, Eve};
use sp_runtime::{transaction_validity::InvalidTransaction, MultiSignature};

// --- 10. Maximum-size batches.

/// A usage batch at the bound (`MaxReceipts`, 128), each receipt with its own device and its own
/// consumer: the benchmark's worst case, where every receipt reads and writes its own device,
/// nonce, work record and credits. Its declared weight (about 44 ms of the 1.3 s an extrinsic may
/// use: some 34 such batches fit in a block) is the benchmarked `submit_usage(128)`; applied as a
/// signed transaction it uses no more block weight than declared and pays no more than the fee
/// of its declared weight. A batch one receipt larger does not even decode.
#[test]
fn a_maximum_usage_batch_fits_in_a_block_and_a_larger_one_does_not_decode() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let max = <Runtime as pallet_work::Config>::MaxReceipts::get();
		let mut receipts = Vec::new();
		for i in 0..max {
			let (sensor, key) =
				register_demo_device(Alice, &format!("Sensor{i}"), DEMO_CLASS_SENSOR, Some(CELL));
			let consumer = sr25519::Pair::from_string(&format!("//Consumer{i}"), None).unwrap();
			let account = AccountId::new(consumer.public().0);
			dispatch(Dave, buy_credits(account.clone(), MILLI_DPIN));
			let payload = Work::usage_payload(&key, &account, 0, 1, 1);
			receipts.push(UsageReceiptOf::<Runtime> {
				device: key,
				consumer: account,
				units: 1,
				nonce: 1,
				device_signature: sensor.sign(&payload).0,
				consumer_signature: MultiSignature::Sr25519(consumer.sign(&payload)),
			});
		}
		let call = usage(0, receipts.clone());

		// The declared weight fits one extrinsic, and many of them a block.
		let batch = signed(Eve, 0, call.clone());
		let info = batch.get_dispatch_info();
		assert_eq!(
			info.call_weight,
			<<Runtime as pallet_work::Config>::WeightInfo as pallet_work::WeightInfo>::submit_usage(
				max
			)
		);
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = limits.get(DispatchClass::Normal);
		let with_base = info.total_weight() + normal.base_extrinsic;
		assert!(with_base.all_lte(normal.max_extrinsic.expect("normal extrinsics are bounded")));
		let per_block =
			normal.max_total.expect("normal class is bounded").ref_time() / with_base.ref_time();
		assert!(per_block >= 20, "only {per_block} full batches fit in a block");
		let len = batch.encode().len() as u32;
		let max_len =
			*<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal);
		assert!(len <= max_len, "{len} bytes");

		// Applied: no more weight and no higher fee than declared.
		let declared_fee = TransactionPayment::compute_fee(len, &info, 0);
		let consumed = *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
		assert_eq!(Executive::apply_extrinsic(batch), Ok(Ok(())));
		let used = frame_system::BlockWeight::<Runtime>::get()
			.get(DispatchClass::Normal)
			.saturating_sub(consumed);
		// CheckWeight also counts the transaction's encoded length as proof size.
		let with_len =
			with_base.saturating_add(frame_support::weights::Weight::from_parts(0, u64::from(len)));
		assert_eq!(used.ref_time(), with_base.ref_time(), "used {used:?}, declared {with_base:?}");
		assert!(used.all_lte(with_len), "used {used:?}, declared {with_len:?}");
		let fee = fee_paid(&Eve.to_account_id());
		assert!(fee <= declared_fee, "paid {fee}, declared {declared_fee}");
		// Every receipt counted: one work record, nonce and credit debit each.
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.usage, u64::from(max));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::iter_prefix(0).count(), max as usize);
		assert_eq!(pallet_work::ConsumerNonces::<Runtime>::iter().count(), max as usize);

		// One receipt more: no bounded vector, no call, no transaction.
		let over: Vec<_> = receipts.iter().chain(receipts.first()).cloned().collect();
		assert_eq!(over.len(), max as usize + 1);
		assert!(BoundedVec::<
			UsageReceiptOf<Runtime>,
			<Runtime as pallet_work::Config>::MaxReceipts,
		>::try_from(over.clone())
		.is_err());
		let encoded = call.encode();
		assert_eq!(RuntimeCall::decode_all(&mut &encoded[..]).ok(), Some(call.clone()));
		// The same pallet and call index and epoch, then the 129 receipts.
		let mut oversized = encoded[..2].to_vec();
		0u32.encode_to(&mut oversized);
		over.encode_to(&mut oversized);
		assert!(RuntimeCall::decode(&mut &oversized[..]).is_err());
		let mut xt = signed(Eve, 1, call);
		xt.encoded_call = Some(oversized);
		assert_eq!(Executive::apply_extrinsic(xt), Err(InvalidTransaction::Call.into()));
		check_invariants();
	});
}
