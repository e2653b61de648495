//! Self-dealing usage: a device owner as its own consumer.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{genesis_config_presets::DEMO_CLASS_SENSOR, Runtime, DPIN};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::Alice;

// --- Beyond the list: self-dealing usage.

/// KNOWN LIMIT (economics): a device owner can be its own consumer. Alice burns 1 DPIN for
/// credits and has her sensor serve herself 1,000 units (1 DPIN of credits at 0.001 DPIN a unit).
/// Alone in the epoch's usage pool (1,997.52 DPIN) her reward is capped at 5 × the credits burned
/// for those units: she claims 5 DPIN for 1 DPIN burned, a 4 DPIN gain per DPIN. The cap bounds
/// the gain but does not remove it: while real usage is thin, forty sensors (400 DPIN of bonds,
/// 10,000 units and 10 DPIN of credits each per epoch) would take the whole pool for 400 DPIN
/// burned, about 1,600 DPIN of net gain per epoch.
#[test]
fn self_dealing_usage_earns_up_to_the_usage_cap() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Alice, buy_credits(Alice.to_account_id(), DPIN));
		dispatch(Alice, usage(0, vec![receipt(&sensor, Alice, 0, 1_000, 1)]));
		assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().credits, DPIN);

		run_to_block(final_at(0));
		let before = free(&Alice.to_account_id());
		dispatch(Alice, claim(key, &[0]));
		assert_eq!(free(&Alice.to_account_id()), before + 5 * DPIN);
		assert_eq!(pallet_emissions::Reserved::<Runtime>::get(), USAGE_POOL - 5 * DPIN);
		check_invariants();
	});
}
