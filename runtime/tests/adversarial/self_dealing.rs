//! Self-dealing usage: a device owner as its own consumer.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{genesis_config_presets::DEMO_CLASS_SENSOR, Runtime, DPIN};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::Alice;

// --- Beyond the list: self-dealing usage.

/// Defended (sybil economics): a device owner can be its own consumer. Alice buys credits and has
/// her sensor serve herself 1,000 units in all (1 DPIN of credits at 0.001 DPIN a unit), then
/// 10,500. The sensor class caps a device at 10,000 units an epoch: the second voucher credits
/// 9,000 more units and costs 9 DPIN, not 9.5 (units above the cap are not paid for, so they
/// cannot raise the reward cap either). Each settlement also pays its charge in credits, on
/// top, which backs no reward: the epoch's credits are the units' 10 DPIN only.
///
/// Alone in the epoch's usage pool (1,997.52 DPIN) her reward is capped at 1 × the credits paid
/// for the units (the presets' `usage_cap_multiplier`): she claims 10 DPIN for 10 DPIN and two
/// settlement charges burned, a loss of the charges. Self-dealing returns at most what it burns,
/// and what the usage pool repaid is not re-minted as well.
#[test]
fn self_dealing_usage_returns_at_most_what_it_burns() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let alice = Alice.to_account_id();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Alice, buy_credits(alice.clone(), 10 * DPIN + 2 * charge(1)));

		assert_applied(settle(Alice, 0, vec![voucher(&sensor, Alice, 0, 1_000)]));
		let work = pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap();
		assert_eq!((work.units, work.credits), (1_000, DPIN));
		assert_eq!(credits(&alice), 9 * DPIN + charge(1));

		assert_applied(settle(Alice, 0, vec![voucher(&sensor, Alice, 0, 10_500)]));
		let work = pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap();
		assert_eq!((work.units, work.credits), (10_000, 10 * DPIN), "9,000 units credited");
		assert_eq!(pallet_work::Settled::<Runtime>::get(0, (alice.clone(), key)), Some(10_500));
		assert_eq!(credits(&alice), 0, "the credited units and two charges, nothing more");
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).credits, 10 * DPIN);

		run_to_block(final_at(0));
		let before = free(&alice);
		dispatch(Alice, claim(key, &[0]));
		assert_eq!(free(&alice), before + 10 * DPIN);
		// Her 10 DPIN of credits were repaid by the usage pool: net emissions re-mint none of
		// it (re-minting it too would pay the same burn twice).
		let record = pallet_emissions::SupplyRecords::<Runtime>::get(0).unwrap();
		assert_eq!((record.unrepaid, record.reminted), (0, 0));
		assert_eq!(pallet_emissions::Reserved::<Runtime>::get(), USAGE_POOL - 10 * DPIN);
		check_invariants();
	});
}
