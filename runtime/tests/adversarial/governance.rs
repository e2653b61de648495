//! Governance scope: each governed setter answers to the origin whose power it has.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::work::{DEV_EPOCH_LENGTH, PRODUCTION_EPOCH_LENGTH},
	genesis_config_presets::PRODUCTION_RUNTIME_PRESET,
	origins, Runtime, RuntimeCall, RuntimeOrigin, DAYS, HOURS, MINUTES,
};
use frame_support::assert_noop;
use pallet_work::Error as WorkError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_runtime::{traits::Dispatchable, DispatchError};

fn set_epoch_length(length: u32) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::set_epoch_length { length })
}

/// The epoch length sets the emission per hour (each epoch emits the schedule's amount): at
/// 10-block epochs instead of 600, a `device_admin` referendum would multiply it by 60 and
/// bring the first halving from four years to 24 days, and `u32::MAX` would stop the epoch
/// clock. Only root or an `emission_admin` referendum may set it (a `device_admin` or
/// `dispute_resolver` one gets `BadOrigin`), and on a live chain only within 30 minutes to 4
/// hours: at most twice the production emission per hour (`InvalidEpochLength`).
#[test]
fn device_admin_cannot_change_the_emission_rate_through_the_epoch_length() {
	ext_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		assert_eq!(pallet_work::EpochLength::<Runtime>::get(), PRODUCTION_EPOCH_LENGTH);
		for admin in [origins::Origin::DeviceAdmin, origins::Origin::DisputeResolver] {
			assert_noop!(
				set_epoch_length(DEV_EPOCH_LENGTH).dispatch(RuntimeOrigin::from(admin)),
				DispatchError::BadOrigin
			);
		}
		let emission_admin = || RuntimeOrigin::from(origins::Origin::EmissionAdmin);
		for length in [DEV_EPOCH_LENGTH, PRODUCTION_EPOCH_LENGTH / 2 - 1, 4 * HOURS + 1, u32::MAX] {
			assert_noop!(
				set_epoch_length(length).dispatch(emission_admin()),
				WorkError::<Runtime>::InvalidEpochLength
			);
		}
		// Half-hour epochs need a longer dispute timeout than the preset's 72 epochs (see
		// `dispute_timeout_cannot_undercut_the_dispute_track`): this chain has long had 101.
		pallet_work::DisputeTimeout::<Runtime>::put(101);
		for length in [PRODUCTION_EPOCH_LENGTH / 2, 4 * HOURS] {
			set_epoch_length(length).dispatch(emission_admin()).expect("within the bounds");
			assert_eq!(pallet_work::PendingEpochLength::<Runtime>::get(), Some(length));
		}
		check_invariants();
	});
}

/// Development chains keep their one-minute epochs: the lower bound follows the chain profile.
#[test]
fn development_chains_may_keep_one_minute_epochs() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		root(set_epoch_length(DEV_EPOCH_LENGTH));
		assert_noop!(
			set_epoch_length(4 * HOURS + 1).dispatch(RuntimeOrigin::root()),
			WorkError::<Runtime>::InvalidEpochLength
		);
	});
}

/// Disputes are resolved on their own short track: a `dispute_resolver` referendum may reject
/// or uphold a dispute but may not fault a maker, nor touch any other setting (`BadOrigin`).
#[test]
fn the_dispute_track_resolves_disputes_and_nothing_else() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let resolver = || RuntimeOrigin::from(origins::Origin::DisputeResolver);
		for call in [
			RuntimeCall::Work(pallet_work::Call::set_attestation_quorum { quorum: 1 }),
			RuntimeCall::Work(pallet_work::Call::set_dispute_window { epochs: 3 }),
			RuntimeCall::Devices(pallet_devices::Call::set_occupancy_limits {
				limits: Default::default(),
			}),
			set_epoch_length(DEV_EPOCH_LENGTH),
		] {
			assert_noop!(call.dispatch(resolver()), DispatchError::BadOrigin);
		}
		// Nor may it fault a maker: that verdict takes a `device_admin` referendum.
		assert_noop!(
			RuntimeCall::Work(pallet_work::Call::resolve_dispute {
				id: 7,
				verdict: pallet_work::Verdict::UpheldMakerAtFault
			})
			.dispatch(resolver()),
			DispatchError::BadOrigin
		);
		// An unknown dispute: the origin passed, the call itself failed.
		assert_noop!(
			RuntimeCall::Work(pallet_work::Call::resolve_dispute {
				id: 7,
				verdict: pallet_work::Verdict::Upheld
			})
			.dispatch(resolver()),
			WorkError::<Runtime>::UnknownDispute
		);
	});
}

/// A dispute that times out refunds its bond and leaves the device unpunished, so a dispute
/// timeout shorter than a referendum on the `dispute_resolver` track would let every fake
/// escape its slash. The timeout times the epoch length must last twice the track's longest
/// referendum (10 minutes + a day + an hour + a minute, twice: 30,220 blocks, about 50 hours);
/// neither `set_dispute_timeout` nor `set_epoch_length` can go below it
/// (`DisputeTimeoutTooShort`), nor can shorter epochs undercut disputes opened under an
/// earlier, shorter timeout. Development chains follow their short tracks (50 blocks).
#[test]
fn dispute_timeout_cannot_undercut_the_dispute_track() {
	use depin_runtime::configs::work::MinDisputeVerdictTime;
	use frame_support::traits::Get;
	let set_timeout = |epochs| RuntimeCall::Work(pallet_work::Call::set_dispute_timeout { epochs });
	ext_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		assert_eq!(MinDisputeVerdictTime::get(), 2 * (10 * MINUTES + DAYS + HOURS + MINUTES));
		assert_eq!(MinDisputeVerdictTime::get(), 30_220);
		assert_eq!(pallet_work::DisputeTimeout::<Runtime>::get(), 72, "72 hours: enough");
		let device_admin = || RuntimeOrigin::from(origins::Origin::DeviceAdmin);
		let emission_admin = || RuntimeOrigin::from(origins::Origin::EmissionAdmin);
		// 50 hourly epochs are 30,000 blocks: short of a verdict.
		assert_noop!(
			set_timeout(50).dispatch(device_admin()),
			WorkError::<Runtime>::DisputeTimeoutTooShort
		);
		// Half-hour epochs would leave 72 epochs 21,600 blocks.
		assert_noop!(
			set_epoch_length(PRODUCTION_EPOCH_LENGTH / 2).dispatch(emission_admin()),
			WorkError::<Runtime>::DisputeTimeoutTooShort
		);
		set_timeout(51).dispatch(device_admin()).expect("30,600 blocks");
		// Raising the timeout to 101 epochs (30,300 blocks of half an hour) is not enough at
		// once: disputes opened under 51 would get 51 half-hour epochs. The chain remembers the
		// earlier timeout (51) until no dispute opened under it can be open (after epoch
		// 0 + 51).
		set_timeout(101).dispatch(device_admin()).expect("at hourly epochs");
		assert_eq!(pallet_work::EarlierDisputeTimeout::<Runtime>::get(), Some((51, 51)));
		assert_noop!(
			set_epoch_length(PRODUCTION_EPOCH_LENGTH / 2).dispatch(emission_admin()),
			WorkError::<Runtime>::DisputeTimeoutTooShort
		);
		// Longer epochs are always fine.
		set_epoch_length(4 * HOURS).dispatch(emission_admin()).expect("longer epochs");
		check_invariants();
	});
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		// 2 + 20 + 2 + 1 blocks, twice: the development preset's 5 one-minute epochs pass.
		assert_eq!(MinDisputeVerdictTime::get(), 50);
		assert_noop!(
			set_timeout(4).dispatch(RuntimeOrigin::root()),
			WorkError::<Runtime>::DisputeTimeoutTooShort
		);
		check_invariants();
	});
}
