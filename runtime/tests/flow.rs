//! The whole DePIN flow on the real runtime, executed natively: devices of each proof kind are
//! registered, do work, one is disputed, the epoch closes, the dispute window passes, and the
//! owners claim. Balances, issuance and events are checked against figures computed by hand
//! from the development preset's schedule.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::*;
use depin_runtime::{
	configs::{governance::TreasuryAccount, work::DEV_EPOCH_LENGTH},
	genesis_config_presets::{DEMO_CLASS_GPU, DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
	Balances, Emissions, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System, Work, DPIN,
	MILLI_DPIN,
};
use frame_support::traits::{fungible::Inspect, Get, Hooks};
use pallet_work::{Attestation, WitnessReceipt};
use sp_core::{Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::Dispatchable;

fn root(call: RuntimeCall) {
	call.dispatch(RuntimeOrigin::root()).expect("root call succeeds");
}

fn issuance() -> u128 {
	pallet_balances::TotalIssuance::<Runtime>::get()
}

/// Runs the work pallet's clock (and so the emissions pallet's epoch close) up to block `n`.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Work::on_initialize(next);
	}
}

fn claim(
	owner: Sr25519Keyring,
	device: pallet_devices::PublicKey,
) -> Result<(), sp_runtime::DispatchError> {
	RuntimeCall::Emissions(pallet_emissions::Call::claim {
		device,
		epochs: vec![0].try_into().unwrap(),
	})
	.dispatch(RuntimeOrigin::signed(owner.to_account_id()))
	.map(|_| ())
	.map_err(|e| e.error)
}

#[test]
fn register_work_dispute_close_and_claim() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		start_block_1();
		let genesis_issuance = issuance();

		// --- Devices of each proof kind, at resolution 10 where location matters.
		let cell = 0x8a28308280c7fffu64;
		let near = 0x8a2830828107fffu64;
		let (sensor, sensor_key) =
			register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(cell));
		let (cheat, cheat_key) =
			register_demo_device(Alice, "Cheat", DEMO_CLASS_SENSOR, Some(cell));
		let (_, hotspot) = register_demo_device(Alice, "Hotspot", DEMO_CLASS_HOTSPOT, Some(cell));
		let (witness, witness_key) =
			register_demo_device(Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(near));
		let (_, gpu) = register_demo_device(Charlie, "Gpu", DEMO_CLASS_GPU, None);

		// --- Usage: Dave buys 1 DPIN of credits; the sensor serves 40 units, the cheat 60.
		dispatch(
			Dave,
			RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: Dave.to_account_id(),
				amount: DPIN,
			}),
		);
		// Dave authorizes both vouchers in one batch; it is sent as an authorized general
		// transaction (no signer, no fee).
		let consumer = Dave.to_account_id();
		assert_eq!(
			apply_general(settle_by(
				&Dave.pair(),
				0,
				vec![voucher_for(&sensor, &consumer, 0, 40), voucher_for(&cheat, &consumer, 0, 60)],
			)),
			Ok(Ok(()))
		);
		// 100 units at 0.001 DPIN of credits, and the settlement charge on top.
		let charge = Work::settlement_charge(2);
		assert_eq!(credits(&consumer), DPIN - 100 * MILLI_DPIN - charge);

		// --- Witnessed: Alice's hotspot beacons, Bob's hotspot witnesses (also a general
		// transaction).
		let challenge = Work::challenge(0, &hotspot).unwrap();
		let signature = witness.sign(&Work::witness_payload(&hotspot, 0, &challenge)).0;
		assert_eq!(
			apply_general(RuntimeCall::Work(pallet_work::Call::submit_beacon {
				beaconer: hotspot,
				epoch: 0,
				witnesses: vec![WitnessReceipt { witness: witness_key, signature }]
					.try_into()
					.unwrap(),
				beaconer_signature: beacon_signature(&hotspot, 0),
			})),
			Ok(Ok(()))
		);

		// --- Attested: Eve applies with her bond, becomes a verifier (quorum 1 on dev chains) and
		// measures the GPU.
		dispatch(Eve, RuntimeCall::Work(pallet_work::Call::apply_verifier {}));
		root(RuntimeCall::Work(pallet_work::Call::admit_verifier {
			verifier: Eve.to_account_id(),
			quota: 1_000_000,
		}));
		dispatch(
			Eve,
			RuntimeCall::Work(pallet_work::Call::submit_attestations {
				epoch: 0,
				attestations: vec![Attestation { device: gpu, units: 500 }].try_into().unwrap(),
			}),
		);

		// --- Ferdie disputes the cheat; governance upholds it.
		dispatch(
			Ferdie,
			RuntimeCall::Work(pallet_work::Call::open_dispute {
				device: cheat_key,
				epoch: 0,
				evidence: H256::repeat_byte(1),
			}),
		);
		let treasury_at_genesis = Balances::balance(&TreasuryAccount::get());
		root(RuntimeCall::Work(pallet_work::Call::resolve_dispute {
			id: 0,
			verdict: pallet_work::Verdict::UpheldMakerAtFault,
		}));
		// Half of the cheat's 10 DPIN bond: 1 DPIN to Ferdie, 4 DPIN to the treasury.
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_at_genesis + 4 * DPIN);

		// --- The epoch ends at block 10 and closes after the 5-block grace.
		let alice_before_close = free(&Alice.to_account_id());
		let grace: u32 = <Runtime as pallet_work::Config>::SubmissionGrace::get();
		run_to(DEV_EPOCH_LENGTH + grace);
		let totals = pallet_work::Totals::<Runtime>::get(0);
		// The cheat's 60 usage units were voided before the close: they left the totals.
		assert_eq!(
			(totals.units.usage, totals.units.witnessed, totals.units.attested),
			(40, 2, 500)
		);

		// Epoch 0 of the preset schedule emits 7,134 DPIN: operators 70 % = 4,993.8 DPIN
		// (usage 40 % and witnessed 40 % = 1,997.52 DPIN each, attested 20 % = 998.76 DPIN),
		// validators 20 % = 1,426.8 DPIN (all to Alice, the only validator), treasury 10 % =
		// 713.4 DPIN.
		let emission = 7_134 * DPIN;
		let (usage_pool, witnessed_pool, attested_pool) =
			(1_997_520 * MILLI_DPIN, 1_997_520 * MILLI_DPIN, 998_760 * MILLI_DPIN);
		let (validators, treasury) = (1_426_800 * MILLI_DPIN, 713_400 * MILLI_DPIN);
		// Net emissions: Dave's credits spent on usage (0.04 DPIN) are repaid by the usage
		// pool, so nothing is left to re-mint (`credits_spent_beyond_the_usage_pool_are_reminted`
		// plays a re-mint).
		assert_eq!(
			rewarded(0),
			Some((emission, usage_pool + witnessed_pool + attested_pool, validators, treasury))
		);
		let record = pallet_emissions::SupplyRecords::<Runtime>::get(0).expect("recorded");
		assert_eq!(
			(record.burned, record.unrepaid, record.reminted, record.smoothed_burn),
			(DPIN, 0, 0, 0)
		);
		assert_eq!(record.operators, usage_pool + witnessed_pool + attested_pool);
		assert_eq!(
			(record.validators, record.treasury, record.withheld),
			(validators, treasury, 0)
		);
		// Nothing unrepaid: the sustainability ratio stays at zero, the subsidy whole.
		assert_eq!((record.ratio_ppm, record.subsidy_scale), (0, sp_runtime::Perbill::one()));
		assert_eq!(free(&Alice.to_account_id()), alice_before_close + validators);
		assert_eq!(
			Balances::balance(&TreasuryAccount::get()),
			treasury_at_genesis + 4 * DPIN + treasury
		);
		assert_eq!(pallet_emissions::Burned::<Runtime>::get(0), DPIN);
		assert_eq!(pallet_emissions::Minted::<Runtime>::get(0), validators + treasury);

		// --- Not final before the dispute window (2 epochs on dev chains) has passed.
		let window = pallet_work::DisputeWindow::<Runtime>::get();
		assert_eq!(window, 2);
		assert_eq!(
			claim(Alice, sensor_key),
			Err(pallet_emissions::Error::<Runtime>::EpochNotFinal.into())
		);
		run_to((window + 1) * DEV_EPOCH_LENGTH);

		// --- Claims.
		let (alice, bob, charlie) = (
			free(&Alice.to_account_id()),
			free(&Bob.to_account_id()),
			free(&Charlie.to_account_id()),
		);
		// The sensor's usage (0.04 DPIN of credits: the settlement charge backs no reward) would
		// earn its share of the usage pool, but the usage reward is capped at 1 × the credits
		// burned for it.
		assert_eq!(claim(Alice, sensor_key), Ok(()));
		// The cheat's work was voided: nothing.
		assert_eq!(
			claim(Alice, cheat_key),
			Err(pallet_emissions::Error::<Runtime>::NoReward.into())
		);
		// Beaconer and witness share the witnessed pool (the beacon's unit against a witness
		// unit worth 1/16 of it: 16/17 and 1/17) and the GPU has the whole attested pool, but
		// each is paid at most the bond reward cap, 0.5 % of its bond: 0.5 DPIN per hotspot
		// (100 DPIN bond), 2.5 DPIN for the GPU (500 DPIN). The rest is never minted.
		assert_eq!(claim(Alice, hotspot), Ok(()));
		assert_eq!(claim(Bob, witness_key), Ok(()));
		assert_eq!(claim(Charlie, gpu), Ok(()));
		assert_eq!(
			claim(Charlie, gpu),
			Err(pallet_emissions::Error::<Runtime>::AlreadyClaimed.into())
		);
		let sensor_reward = 40 * MILLI_DPIN;
		let (beaconer_share, witness_share) = (witnessed_pool * 16 / 17, witnessed_pool / 17);
		let (hotspot_cap, gpu_cap) = (500 * MILLI_DPIN, 2_500 * MILLI_DPIN);
		assert!(witness_share > hotspot_cap && attested_pool > gpu_cap, "the caps bind");
		let (beaconer_reward, witness_reward, gpu_reward) = (hotspot_cap, hotspot_cap, gpu_cap);
		assert_eq!(free(&Alice.to_account_id()), alice + sensor_reward + beaconer_reward);
		assert_eq!(free(&Bob.to_account_id()), bob + witness_reward);
		assert_eq!(free(&Charlie.to_account_id()), charlie + gpu_reward);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Emissions(pallet_emissions::Event::RewardsClaimed {
				device: gpu,
				owner: Charlie.to_account_id(),
				epochs: 1,
				amount: gpu_reward,
			})));

		// --- Issuance: genesis + everything minted − the credits burned. Epochs 1 to
		// `window - 1` have closed too, without work: each minted only the validators' and
		// treasury's shares.
		let claimed = sensor_reward + beaconer_reward + witness_reward + gpu_reward;
		assert_eq!(pallet_emissions::Minted::<Runtime>::get(0), validators + treasury + claimed);
		for epoch in 1..window {
			assert_eq!(pallet_emissions::Minted::<Runtime>::get(epoch), validators + treasury);
		}
		assert_eq!(pallet_emissions::Minted::<Runtime>::get(window), 0, "still in its grace");
		let minted =
			validators + treasury + claimed + u128::from(window - 1) * (validators + treasury);
		assert_eq!(issuance(), genesis_issuance + minted - DPIN);
		// The unclaimed rest of the usage pool, and what the caps withheld of the witnessed and
		// attested pools, stay set aside until they expire, never minted.
		let _ = beaconer_share;
		assert_eq!(
			pallet_emissions::Reserved::<Runtime>::get(),
			usage_pool - sensor_reward + witnessed_pool - beaconer_reward - witness_reward
				+ attested_pool
				- gpu_reward
		);

		// What explorers see through the runtime API.
		{
			use depin_runtime::{AccountId, Balance, Block, BlockNumber};
			use depin_runtime_api::runtime_decl_for_depin_api::DepinApiV5;
			let info = <Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::device(gpu)
				.expect("the GPU is registered");
			assert_eq!(info.owner, Charlie.to_account_id());
			let rewards =
				<Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::pending_rewards(
					gpu, 0, 30,
				);
			assert_eq!(rewards.len(), 1);
			assert!(rewards[0].claimed && rewards[0].is_final && rewards[0].reward == gpu_reward);
			assert_eq!(rewards[0].earner, Charlie.to_account_id(), "the owner at work time");
			assert_eq!(info.occupancy_scale_ppb, 1_000_000_000, "a digital class: full scale");
			assert_eq!(
				<Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::committee(gpu, 0),
				None,
				"no more verifiers than the quorum: every verifier may attest"
			);
			let cheat =
				<Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::pending_rewards(
					cheat_key, 0, 0,
				);
			assert!(cheat[0].voided && cheat[0].reward == 0 && !cheat[0].is_final);
			let stats = <Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::stats(0);
			assert_eq!((stats.minted, stats.burned), (validators + treasury + claimed, DPIN));
			let history =
				<Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::supply_history(
					0, 10,
				);
			assert_eq!(history.len() as u32, window, "epochs 0..window closed");
			assert_eq!(history[0], (0, record));
			assert!(history[1..].iter().all(|(_, r)| r.reminted == 0 && r.burned == 0));
			assert!(history.iter().all(|(_, r)| r.subsidy_scale == sp_runtime::Perbill::one()));
			assert_eq!(
				<Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::demand(),
				pallet_emissions::Demand::<Runtime>::get()
			);
			let by_status = stats.devices_by_status;
			assert_eq!(
				(by_status.active, by_status.suspended, by_status.retiring),
				(4, 1, 0),
				"five devices, the cheat suspended by its dispute"
			);
			let page = <Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::devices_of(
				Alice.to_account_id(),
				None,
				2,
			);
			assert_eq!(page.len(), 2);
			let rest = <Runtime as DepinApiV5<Block, AccountId, Balance, BlockNumber>>::devices_of(
				Alice.to_account_id(),
				Some(page[1]),
				10,
			);
			assert_eq!(
				rest.len(),
				1,
				"Alice owns three devices: the sensor, the cheat and the hotspot"
			);
		}

		pallet_work::Pallet::<Runtime>::do_try_state().expect("work invariants");
		pallet_emissions::Pallet::<Runtime>::do_try_state().expect("emissions invariants");
		pallet_devices::Pallet::<Runtime>::do_try_state().expect("registry invariants");
		let _ = Emissions::on_idle(System::block_number(), frame_support::weights::Weight::MAX);
	});
}

/// Net emissions on the real runtime: a consumer buys credits and spends them on a sensor beyond
/// what the usage pool pays back; the close smooths the unrepaid part, the next close re-mints it
/// into that epoch's usage pool, and the owner claims it, with exact balances and issuance.
#[test]
fn credits_spent_beyond_the_usage_pool_are_reminted() {
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		start_block_1();
		let genesis_issuance = issuance();
		// Governance lowers the emission to 30 DPIN per epoch from epoch 1: the usage pool (40 %
		// of the operators' 70 %) is 8.4 DPIN, less than a busy sensor's 10 DPIN of credits.
		let mut schedule = depin_runtime::genesis_config_presets::default_schedule();
		(schedule.initial, schedule.tail) = (30 * DPIN, 30 * DPIN);
		root(RuntimeCall::Emissions(pallet_emissions::Call::set_schedule { schedule }));
		let (sensor, key) =
			register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(0x8a28308280c7fff));
		// Dave buys 25 DPIN of credits (burned) for two epochs of 10,000 units at 0.001 DPIN.
		let consumer = Dave.to_account_id();
		dispatch(
			Dave,
			RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: consumer.clone(),
				amount: 25 * DPIN,
			}),
		);
		let settle = |epoch: u32| {
			assert_eq!(pallet_work::CurrentEpoch::<Runtime>::get(), epoch);
			assert_eq!(
				apply_general(settle_by(
					&Dave.pair(),
					epoch,
					vec![voucher_for(&sensor, &consumer, epoch, 10_000)],
				)),
				Ok(Ok(()))
			);
		};
		run_to(DEV_EPOCH_LENGTH);
		settle(1);
		run_to(2 * DEV_EPOCH_LENGTH);
		settle(2);
		let grace: u32 = <Runtime as pallet_work::Config>::SubmissionGrace::get();
		run_to(3 * DEV_EPOCH_LENGTH + grace);

		// Epoch 1: 10 DPIN of credits against the 8.4 DPIN pool: 1.6 DPIN unrepaid, smoothed
		// over 168 epochs; nothing to re-mint yet (no unrepaid burn before).
		let usage_pool = 8_400 * MILLI_DPIN;
		let one = pallet_emissions::SupplyRecords::<Runtime>::get(1).expect("epoch 1 closed");
		assert_eq!((one.unrepaid, one.reminted), (1_600 * MILLI_DPIN, 0));
		let smoothed = 1_600 * MILLI_DPIN / 168;
		assert_eq!(one.smoothed_burn, smoothed);
		assert_eq!(one.operators, usage_pool, "only the usage pool: no other work");
		// Epoch 2: the smoothed burn is re-minted into the usage pool, the only kind at work.
		let two = pallet_emissions::SupplyRecords::<Runtime>::get(2).expect("epoch 2 closed");
		assert_eq!(two.reminted, smoothed);
		assert_eq!(two.operators, usage_pool + smoothed);
		assert_eq!(two.unrepaid, 1_600 * MILLI_DPIN, "measured against the curve's pool");
		let demand = pallet_emissions::Demand::<Runtime>::get();
		assert_eq!((demand.burned, demand.reminted), (25 * DPIN, smoothed));

		// Alice claims both epochs once they are final: each pool whole (her credits, 10 DPIN
		// an epoch, cap neither), the re-mint included.
		let window = pallet_work::DisputeWindow::<Runtime>::get();
		run_to((2 + window + 1) * DEV_EPOCH_LENGTH);
		let before = free(&Alice.to_account_id());
		dispatch(
			Alice,
			RuntimeCall::Emissions(pallet_emissions::Call::claim {
				device: key,
				epochs: vec![1, 2].try_into().unwrap(),
			}),
		);
		let claimed = 2 * usage_pool + smoothed;
		assert_eq!(free(&Alice.to_account_id()), before + claimed);
		assert_eq!(
			pallet_emissions::Minted::<Runtime>::get(2),
			two.validators + two.treasury + usage_pool + smoothed
		);

		// Issuance: genesis + everything minted (re-mint included) − the 25 DPIN burned.
		assert_eq!(
			issuance(),
			genesis_issuance + pallet_emissions::TotalMinted::<Runtime>::get() - 25 * DPIN
		);
		pallet_emissions::Pallet::<Runtime>::do_try_state().expect("emissions invariants");
		pallet_work::Pallet::<Runtime>::do_try_state().expect("work invariants");
	});
}
