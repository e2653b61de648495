//! Capacity of the chain from the runtime's own weights, with no timing: what one transfer,
//! one voucher settled alone and a batch of 100 vouchers take of a block when a block applies
//! them (`System::BlockWeight` before and after, so the extrinsic base, every extension and the
//! refunds are all counted as block production counts them), and from that:
//!
//! - how many devices, each settling one voucher per production reward epoch in batches of 100,
//!   fit in 25% of a reward epoch's normal block weight: protocol v2 asks for at least a
//!   million (`docs/performance.md`, "Capacity");
//! - the ratios to transfers that weight allows, the bound that `scripts/bench.sh` measures in
//!   transactions and items per second (every workload there fills its blocks by weight).
//!
//! The figures follow the weights in `runtime/src/weights/`: regenerating them changes what
//! this test prints, and a regression below a million devices fails it.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::*;
use depin_runtime::{
	configs::work::PRODUCTION_EPOCH_LENGTH, genesis_config_presets::DEMO_CLASS_SENSOR, Runtime,
	RuntimeCall, RuntimeOrigin, DPIN,
};
use frame_support::{dispatch::DispatchClass, weights::Weight};
use sp_core::Pair as _;
use sp_keyring::Sr25519Keyring;

/// A resolution-10 cell (San Francisco), where the demo sensors are.
const CELL: u64 = 0x8a28308280c7fff;

/// The normal-class weight that applying `xt` in the current block adds.
fn block_weight_of(xt: depin_runtime::UncheckedExtrinsic) -> Weight {
	let before = *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
	push(xt).expect("valid").expect("dispatched");
	let after = *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
	after.saturating_sub(before)
}

/// How many times `item` fits in `budget`, in the scarcer dimension.
fn fits(budget: Weight, item: Weight) -> u64 {
	let by_time = budget.ref_time() / item.ref_time().max(1);
	if item.proof_size() == 0 {
		by_time
	} else {
		by_time.min(budget.proof_size() / item.proof_size())
	}
}

#[test]
fn a_million_devices_settle_a_voucher_per_epoch_in_a_quarter_of_the_normal_weight() {
	ext_for("development").execute_with(|| {
		start_block_1();
		// 101 demo sensors of Alice, one consumer with plenty of credits.
		let sensors: Vec<_> = (0..101)
			.map(|i| {
				register_demo_device(
					Sr25519Keyring::Alice,
					&format!("sensor{i}"),
					DEMO_CLASS_SENSOR,
					Some(CELL),
				)
				.0
			})
			.collect();
		let consumer = sp_core::sr25519::Pair::from_string("//Consumer", None).unwrap();
		let account = depin_runtime::AccountId::from(consumer.public());
		let buy = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
			consumer: account.clone(),
			amount: 1_000 * DPIN,
		});
		sp_runtime::traits::Dispatchable::dispatch(
			buy,
			RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
		)
		.expect("credits bought");
		let epoch = pallet_work::CurrentEpoch::<Runtime>::get();

		let transfer = block_weight_of(signed(
			Sr25519Keyring::Bob,
			0,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Sr25519Keyring::Charlie.to_account_id().into(),
				value: DPIN,
			}),
		));
		let single = block_weight_of(general(settle_by(
			&consumer,
			epoch,
			vec![voucher_for(&sensors[100], &account, epoch, 1)],
		)));
		let items: Vec<_> =
			sensors[..100].iter().map(|d| voucher_for(d, &account, epoch, 1)).collect();
		let batch = block_weight_of(general(settle_by(&consumer, epoch, items)));

		let normal = <Runtime as frame_system::Config>::BlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.expect("a normal-class limit");
		let epoch_quarter = normal.saturating_mul(u64::from(PRODUCTION_EPOCH_LENGTH)) / 4;
		let devices = fits(epoch_quarter, batch) * 100;
		let per_block = |w| fits(normal, w);
		println!(
			"block weight taken (ref time): transfer {:.1} µs, one voucher {:.1} µs, \
			 100 vouchers {:.1} µs ({:.1} µs each)",
			transfer.ref_time() as f64 / 1e6,
			single.ref_time() as f64 / 1e6,
			batch.ref_time() as f64 / 1e6,
			batch.ref_time() as f64 / 1e8,
		);
		println!(
			"per normal block: {} transfers, {} single vouchers ({:.2}x), {} vouchers in \
			 batches of 100 ({:.2}x)",
			per_block(transfer),
			per_block(single),
			per_block(single) as f64 / per_block(transfer) as f64,
			per_block(batch) * 100,
			(per_block(batch) * 100) as f64 / per_block(transfer) as f64,
		);
		println!(
			"capacity: {devices} devices settling one voucher per reward epoch of \
			 {PRODUCTION_EPOCH_LENGTH} blocks in 25% of its normal weight"
		);
		assert!(devices >= 1_000_000, "{devices} devices fit; protocol v2 asks for a million");
	});
}
