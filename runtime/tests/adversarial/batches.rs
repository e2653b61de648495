//! Maximum-size batches against the block weight and the decoder.

use crate::common::*;
use crate::helpers::*;
use codec::{DecodeAll, Encode};
use depin_runtime::{
	genesis_config_presets::DEMO_CLASS_SENSOR, AccountId, Executive, Runtime, RuntimeCall,
	RuntimeEvent, System, TransactionPayment, Work, MILLI_DPIN,
};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Get,
	BoundedVec,
};
use pallet_work::{VoucherItemOf, WeightInfo as _};
use sp_core::{sr25519, Pair as _};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::Alice;

type WorkWeights = <Runtime as pallet_work::Config>::WeightInfo;

// --- 10. Maximum-size batches.

/// A settlement at the bound (`MaxVouchers`, 128), each voucher of its own device: the
/// benchmark's worst case, where every voucher reads its device, class, settled units and work
/// record and writes two of them. Its declared weight is the benchmarked `settle_usage(128)`,
/// the whole settlement as a block applies it: `authorize_settle_usage(128)` for its
/// authorization (the signatures are checked there, once) and the rest for the call; dozens
/// of such batches fit in a block. Applied as an authorized
/// general transaction it uses no more block weight than declared (a little less: the nonce and
/// fee extensions skip a transaction without a signer and refund their weight) and pays no
/// fee: the
/// consumer pays the settlement charge in credits instead, one credit per picosecond of that
/// weight. A batch one voucher larger does not even decode.
#[test]
fn a_maximum_settlement_fits_in_a_block_and_a_larger_one_does_not_decode() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let max = <Runtime as pallet_work::Config>::MaxVouchers::get();
		let consumer = sr25519::Pair::from_string("//Consumer", None).unwrap();
		let account = AccountId::new(consumer.public().0);
		let units_cost = u128::from(max) * MILLI_DPIN;
		dispatch(Alice, buy_credits(account.clone(), units_cost + charge(max)));
		let mut items = Vec::new();
		for i in 0..max {
			let (sensor, _) =
				register_demo_device(Alice, &format!("Sensor{i}"), DEMO_CLASS_SENSOR, Some(CELL));
			items.push(voucher_for(&sensor, &account, 0, 1));
		}
		let call = settle_by(&consumer, 0, items.clone());

		// The declared weight fits one extrinsic, and many of them a block.
		let batch = general(call.clone());
		let info = batch.get_dispatch_info();
		assert_eq!(info.call_weight, Work::settle_usage_weight(max));
		assert!(info.extension_weight.all_gte(WorkWeights::authorize_settle_usage(max)));
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

		// Applied: no more weight than declared, no fee, the charge in credits.
		let consumed = *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(Executive::apply_extrinsic(batch), Ok(Ok(())));
		let used = frame_system::BlockWeight::<Runtime>::get()
			.get(DispatchClass::Normal)
			.saturating_sub(consumed);
		// CheckWeight also counts the transaction's encoded length as proof size.
		let with_len =
			with_base.saturating_add(frame_support::weights::Weight::from_parts(0, u64::from(len)));
		assert!(used.all_lte(with_len), "used {used:?}, declared {with_len:?}");
		let work = info.call_weight + WorkWeights::authorize_settle_usage(max);
		assert!(
			used.ref_time() >= (work + normal.base_extrinsic).ref_time(),
			"used {used:?}, the call and its authorization {work:?}"
		);
		// The benchmark weighs the whole settlement as a block applies it, authorization and
		// dispatch; the call declares the rest.
		assert_eq!(work.ref_time(), WorkWeights::settle_usage(max).ref_time());
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { .. }
			)
		)));
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance, "no fee burned");
		let rate = pallet_work::SettlementRate::<Runtime>::get();
		assert_eq!(charge(max), rate * u128::from((work + normal.base_extrinsic).ref_time()));
		assert!(charge(max) <= rate * u128::from(used.ref_time()));
		// The charge is what a signed transaction of that weight pays for it, without the
		// length fee: no more than the fee this transaction would pay if it were signed.
		assert!(charge(max) <= TransactionPayment::compute_fee(len, &info, 0));
		assert_eq!(credits(&account), 0, "the units and the charge, exactly");
		// Every voucher counted: one work record and one settled entry each.
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.usage, u64::from(max));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::iter_prefix(0).count(), max as usize);
		assert_eq!(pallet_work::Settled::<Runtime>::iter_prefix(0).count(), max as usize);

		// One voucher more: no bounded vector, no call, no transaction.
		let over: Vec<_> = items.iter().chain(items.first()).cloned().collect();
		assert_eq!(over.len(), max as usize + 1);
		assert!(BoundedVec::<
			VoucherItemOf<Runtime>,
			<Runtime as pallet_work::Config>::MaxVouchers,
		>::try_from(over.clone())
		.is_err());
		let encoded = call.encode();
		assert_eq!(RuntimeCall::decode_all(&mut &encoded[..]).ok(), Some(call.clone()));
		assert_oversized_settlement_refused(call, &consumer, over);
		check_invariants();
	});
}
