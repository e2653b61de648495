//! Governance scope: each governed setter answers to the origin whose power it has.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::work::{DEV_EPOCH_LENGTH, PRODUCTION_EPOCH_LENGTH},
	genesis_config_presets::PRODUCTION_RUNTIME_PRESET,
	origins, Runtime, RuntimeCall, RuntimeOrigin, HOURS,
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
