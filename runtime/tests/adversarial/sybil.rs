//! Sybil rings: hotspots witnessing each other under one owner or split across accounts.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{genesis_config_presets::DEMO_CLASS_HOTSPOT, Emissions, Runtime};
use pallet_work::{EpochTotals, Error as WorkError};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, AliceStash, Bob};

// --- 3. Sybil rings.

/// Hotspots of one owner witness each other's beacons. A witness must have another owner than
/// the beaconer (`WitnessSameOwner`), also when honest witnesses of other owners are in the same
/// submission: the pool refuses the submission and no block can include it.
#[test]
fn a_sybil_ring_under_one_owner_is_rejected() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let ring = [("Ring0", CELL), ("Ring1", NEAR), ("Ring2", NEAR2)]
			.map(|(name, cell)| register_demo_device(Alice, name, DEMO_CLASS_HOTSPOT, Some(cell)));
		let (outsider, _) = register_demo_device(Bob, "Outsider", DEMO_CLASS_HOTSPOT, Some(NEAR3));

		for (_, beaconer) in &ring {
			let witnesses = ring
				.iter()
				.filter(|(_, key)| key != beaconer)
				.map(|(pair, _)| witness(pair, *beaconer, 0))
				.collect();
			assert_refused(
				beacon(*beaconer, 0, witnesses),
				WorkError::<Runtime>::WitnessSameOwner { index: 0 },
			);
		}
		// An honest witness first does not launder the ring's own.
		let (ring1, beaconer) = (&ring[1].0, ring[0].1);
		assert_refused(
			beacon(beaconer, 0, vec![witness(&outsider, beaconer, 0), witness(ring1, beaconer, 0)]),
			WorkError::<Runtime>::WitnessSameOwner { index: 1 },
		);

		assert_eq!(pallet_work::Totals::<Runtime>::get(0), EpochTotals::default());
		check_invariants();
	});
}

/// Bounded: "other owner" means another *account*, so an operator who registers its hotspots
/// under two accounts (here Alice and her stash) runs a ring that the chain accepts: two devices
/// witnessing each other's beacon earn 2 units each per epoch, and if nobody else does witnessed
/// work they hold all of the witnessed pool's shares (1,997.52 DPIN on the development chain).
/// What a device can take from a pool is capped by its bond: at most the schedule's bond reward
/// cap (0.5 %) of its 100 DPIN bond, 0.5 DPIN per epoch, while an upheld dispute slashes 50 DPIN
/// and suspends it. At the detection rate of the attack-economics table (2 % per fake
/// device-epoch) the ring loses money; the rest of the pool stays unminted.
#[test]
fn a_sybil_ring_split_across_accounts_earns_at_most_its_bond_cap() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (a, a_key) = register_demo_device(Alice, "Ring0", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (s, s_key) = register_demo_device(AliceStash, "Ring1", DEMO_CLASS_HOTSPOT, Some(NEAR));
		assert_applied(beacon(a_key, 0, vec![witness(&s, a_key, 0)]));
		assert_applied(beacon(s_key, 0, vec![witness(&a, s_key, 0)]));
		for key in [a_key, s_key] {
			// One unit as beaconer, one as witness.
			assert_eq!(pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().units, 2);
		}
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.witnessed, 4);

		run_to_block(closes_at(0));
		let rewards = pallet_emissions::Rewards::<Runtime>::get(0).expect("epoch 0 had work");
		// Four units of the hotspot class (weight 100), in a cell below the occupancy limits.
		// Per device: the beacon's unit at weight 100, and a witness unit worth 1/16 of it (the
		// class counts up to 16 witnesses).
		let shares = 2 * (100 * pallet_work::SHARE_PARTS + 100 * pallet_work::SHARE_PARTS / 16);
		assert_eq!((rewards.pools.witnessed, rewards.shares.witnessed), (WITNESSED_POOL, shares));
		let hotspot_bond =
			depin_runtime::genesis_config_presets::demo_classes()[DEMO_CLASS_HOTSPOT as usize].bond;
		assert_eq!(bond_cap(DEMO_CLASS_HOTSPOT), hotspot_bond / 200);
		for key in [a_key, s_key] {
			let pending = Emissions::pending_reward(&key, 0).unwrap();
			assert_eq!(pending.reward, bond_cap(DEMO_CLASS_HOTSPOT), "0.5 DPIN, not 998.76 DPIN");
			assert_eq!(
				pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().bond,
				hotspot_bond
			);
		}
		check_invariants();
	});
}
