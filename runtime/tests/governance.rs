//! Governance on the real runtime, executed natively over whole blocks: referenda on the
//! `emission_admin` and `device_admin` tracks go from preimage to enactment, failing and
//! rule-breaking referenda change nothing, plain accounts cannot use admin calls, and a
//! governance call changes the validator set at the next sessions. The development preset is a
//! fast test chain (`FastChain`): every period lasts a few blocks.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use codec::Encode;
use common::*;
use depin_runtime::{
	configs::governance::{EMISSION_ADMIN_TRACK, FAST_DECISION},
	genesis_config_presets::default_schedule,
	origins, Balance, OriginCaller, Preimage, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	System, DPIN,
};
use frame_support::traits::{schedule::DispatchTime, Bounded, StorePreimage};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{traits::Dispatchable, DispatchError};

fn signed(who: Sr25519Keyring, call: RuntimeCall) -> Result<(), DispatchError> {
	call.dispatch(RuntimeOrigin::signed(who.to_account_id())).map(|_| ()).map_err(|e| e.error)
}

/// Notes `call` as a preimage (Alice pays the deposit) and returns its bounded form.
fn note(call: RuntimeCall) -> Bounded<RuntimeCall, <Runtime as frame_system::Config>::Hashing> {
	signed(
		Alice,
		RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: call.encode() }),
	)
	.expect("preimage noted");
	let bounded = Preimage::bound(call).expect("bounded");
	assert!(matches!(bounded, Bounded::Lookup { .. } | Bounded::Inline(..)));
	bounded
}

/// Submits a referendum for `call` as `origin`, places its decision deposit and returns its
/// index.
fn propose(origin: OriginCaller, call: RuntimeCall) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	signed(
		Alice,
		RuntimeCall::Referenda(pallet_referenda::Call::submit {
			proposal_origin: Box::new(origin),
			proposal: note(call),
			enactment_moment: DispatchTime::After(0),
		}),
	)
	.expect("submitted");
	signed(Alice, RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index }))
		.expect("decision deposit placed");
	index
}

/// `who` votes on referendum `index` with 900,000 DPIN at 1x conviction.
fn vote(who: Sr25519Keyring, index: u32, aye: bool) {
	let vote = AccountVote::Standard {
		vote: Vote { aye, conviction: Conviction::Locked1x },
		balance: 900_000 * DPIN as Balance,
	};
	signed(
		who,
		RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
			poll_index: index,
			vote,
		}),
	)
	.expect("voted");
}

fn approved(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(pallet_referenda::ReferendumInfo::Approved(..))
	)
}

fn rejected(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(pallet_referenda::ReferendumInfo::Rejected(..))
	)
}

/// Runs `blocks` blocks and returns every event they emitted (events are reset per block).
fn run_collecting(blocks: u32) -> Vec<RuntimeEvent> {
	let mut events = Vec::new();
	let end = System::block_number() + blocks;
	while System::block_number() < end {
		run_to_block(System::block_number() + 1);
		events.extend(System::events().into_iter().map(|r| r.event));
	}
	events
}

/// Runs enough blocks for a referendum submitted now to be decided and enacted, and returns
/// the results of the calls the scheduler dispatched meanwhile (the referenda pallet's own
/// alarms and the enactment; error messages stripped, as in events).
fn run_through_referendum() -> Vec<Result<(), DispatchError>> {
	run_collecting(FAST_DECISION + 10)
		.into_iter()
		.filter_map(|event| match event {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { result, .. }) => {
				Some(result.map(|_| ()))
			}
			_ => None,
		})
		.collect()
}

#[test]
fn an_emission_referendum_changes_the_schedule_from_the_next_epoch() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let mut schedule = default_schedule();
		schedule.initial = 9_000 * DPIN;
		let call = RuntimeCall::Emissions(pallet_emissions::Call::set_schedule {
			schedule: schedule.clone(),
		});
		let index = propose(OriginCaller::Origins(origins::Origin::EmissionAdmin), call);
		let status = pallet_referenda::ReferendumInfoFor::<Runtime>::get(index);
		assert!(
			matches!(status, Some(pallet_referenda::ReferendumInfo::Ongoing(ref s)) if s.track == EMISSION_ADMIN_TRACK),
			"on the emission_admin track"
		);
		for voter in [Bob, Charlie, Dave, Eve, Ferdie] {
			vote(voter, index, true);
		}
		// Decision, enactment (as EmissionAdmin), then the next epoch closes: the schedule
		// takes effect from the epoch after that close, which emits the new initial amount.
		let mut events = run_collecting(FAST_DECISION + 10);
		assert!(approved(index), "the referendum passed");
		events.extend(run_collecting(30));
		assert_eq!(pallet_emissions::ActiveSchedule::<Runtime>::get(), Some(schedule.clone()));
		let enacted_from = events
			.iter()
			.find_map(|event| match event {
				RuntimeEvent::Emissions(pallet_emissions::Event::ScheduleEnacted { epoch }) =>
					Some(*epoch),
				_ => None,
			})
			.expect("the schedule was enacted at an epoch close");
		assert_eq!(pallet_emissions::ScheduleStart::<Runtime>::get(), enacted_from);
		let emission_of = |e: u32| {
			events.iter().find_map(|event| match event {
				RuntimeEvent::Emissions(pallet_emissions::Event::EpochRewarded {
					epoch,
					emission,
					..
				}) if *epoch == e => Some(*emission),
				_ => None,
			})
		};
		assert_eq!(emission_of(enacted_from - 1), Some(7_134 * DPIN), "the old schedule");
		assert_eq!(emission_of(enacted_from), Some(9_000 * DPIN), "the new schedule");
	});
}

#[test]
fn a_failed_referendum_changes_nothing() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let mut schedule = default_schedule();
		schedule.initial = 1;
		let call = RuntimeCall::Emissions(pallet_emissions::Call::set_schedule { schedule });
		let index = propose(OriginCaller::Origins(origins::Origin::EmissionAdmin), call);
		for voter in [Bob, Charlie, Dave, Eve, Ferdie] {
			vote(voter, index, false);
		}
		let dispatched = run_through_referendum();
		assert!(rejected(index));
		assert!(dispatched.iter().all(Result::is_ok), "nothing failed: nothing was enacted");
		assert_eq!(pallet_emissions::PendingSchedule::<Runtime>::get(), None);
		assert_eq!(pallet_emissions::ActiveSchedule::<Runtime>::get(), Some(default_schedule()));
	});
}

#[test]
fn a_passed_referendum_that_breaks_a_rule_is_enacted_with_an_error() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let mut schedule = default_schedule();
		schedule.cap = depin_runtime::configs::emissions::MAX_SUPPLY_CAP + 1;
		let call = RuntimeCall::Emissions(pallet_emissions::Call::set_schedule { schedule });
		let index = propose(OriginCaller::Origins(origins::Origin::EmissionAdmin), call);
		for voter in [Bob, Charlie, Dave, Eve, Ferdie] {
			vote(voter, index, true);
		}
		let dispatched = run_through_referendum();
		assert!(approved(index));
		let cap_too_high: DispatchError = pallet_emissions::Error::<Runtime>::CapTooHigh.into();
		assert!(dispatched.contains(&Err(cap_too_high.stripped())), "{dispatched:?}");
		assert_eq!(pallet_emissions::PendingSchedule::<Runtime>::get(), None);
	});
}

#[test]
fn a_device_admin_referendum_registers_a_maker_and_plain_accounts_cannot() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let register = RuntimeCall::Devices(pallet_devices::Call::register_maker {
			certificate_key: pallet_devices::PublicKey::Ed25519([7; 32]),
			name: b"Acme Sensors".to_vec().try_into().unwrap(),
			quota: 500,
		});
		assert_eq!(signed(Alice, register.clone()), Err(DispatchError::BadOrigin));
		let next = pallet_devices::NextMakerId::<Runtime>::get();
		let index = propose(OriginCaller::Origins(origins::Origin::DeviceAdmin), register.clone());
		for voter in [Bob, Charlie, Dave, Eve, Ferdie] {
			vote(voter, index, true);
		}
		assert!(run_through_referendum().iter().all(Result::is_ok));
		assert!(approved(index));
		let maker = pallet_devices::Makers::<Runtime>::get(next).expect("registered");
		assert_eq!(maker.name.as_slice(), b"Acme Sensors");
		// The emission track's origin is not a device admin.
		assert_eq!(
			register
				.dispatch(OriginCaller::Origins(origins::Origin::EmissionAdmin).into())
				.map_err(|e| e.error),
			Err(DispatchError::BadOrigin)
		);
	});
}

#[test]
fn governance_changes_the_validator_set_at_the_next_sessions() {
	use sp_core::crypto::key_types::{BABE, GRANDPA};
	use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};

	let keystore = MemoryKeystore::new();
	let babe = keystore.sr25519_generate_new(BABE, Some("//Bob")).unwrap();
	let grandpa = keystore.ed25519_generate_new(GRANDPA, Some("//Bob")).unwrap();
	let mut ext = ext_for(DEV_RUNTIME_PRESET);
	ext.register_extension(KeystoreExt::new(keystore));
	ext.execute_with(|| {
		start_block_1();
		let bob = Bob.to_account_id();
		let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			validator: bob.clone(),
		});
		// Without session keys a candidate is refused.
		assert_eq!(
			add.clone().dispatch(RuntimeOrigin::root()).map_err(|e| e.error),
			Err(pallet_validator_set::Error::<Runtime>::NoSessionKeys.into())
		);
		let mut keys = depin_runtime::SessionKeys { babe: babe.into(), grandpa: grandpa.into() };
		let proof = keys.create_ownership_proof(&bob.encode()).expect("keys in the keystore");
		signed(
			Bob,
			RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof: proof.encode() }),
		)
		.expect("keys set");
		// Governance (root track) adds Bob; plain accounts cannot.
		assert_eq!(signed(Bob, add.clone()), Err(DispatchError::BadOrigin));
		add.dispatch(RuntimeOrigin::root()).expect("added");

		let authorities = || pallet_babe::Authorities::<Runtime>::get().len();
		assert_eq!(authorities(), 1);
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		// Sessions are BABE epochs (10 slots on dev chains, 100 on production); the new set is
		// queued at the next session change and active at the one after.
		let epoch = <depin_runtime::configs::consensus::EpochDuration as frame_support::traits::Get<
			u64,
		>>::get() as u32;
		assert_eq!(epoch, 10, "dev chains have one-minute sessions");
		run_to_block(System::block_number() + 2 * epoch + 5);
		assert!(pallet_session::CurrentIndex::<Runtime>::get() >= session + 2);
		assert!(pallet_session::Validators::<Runtime>::get().contains(&bob));
		assert_eq!(authorities(), 2, "BABE follows the session's validators");
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
			2,
			"and so does GRANDPA"
		);
	});
}
