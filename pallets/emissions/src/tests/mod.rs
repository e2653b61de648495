//! Unit tests: the schedule function against closed forms, the epoch close, claims, expiry,
//! credits, every error path with `assert_noop!`, and the invariants after each test.
//!
//! One file per concern; this module holds the shared fixtures (devices, epoch totals, the
//! close and claim helpers, a closed epoch 0) that the files use through `use super::*`.

use depin_primitives::{
	CreditLedger, EpochIndex, EpochTotals, OnEpochClosed, OnWorkVoided, PerKind, ProofKind,
	PublicKey,
};
use frame_support::{
	assert_noop, assert_ok, traits::fungible::Inspect, traits::Hooks, weights::Weight, BoundedVec,
};
use sp_runtime::{traits::BadOrigin, Perbill};

use crate::{mock::*, pallet::*, *};
use depin_primitives::WorkInspect;

mod claims;
mod close;
mod credits;
mod demand;
mod expiry;
mod schedule;
mod upgrades;

fn device(n: u8) -> PublicKey {
	PublicKey::Sr25519([n; 32])
}

/// An epoch's totals with `usage` credits burned for usage (at weight 1, its usage shares) and
/// `witnessed` and `attested` units (a full share each, as `MockWork::set_work` records them).
fn totals(usage: u64, witnessed: u64, attested: u64) -> EpochTotals<u64> {
	let full = depin_primitives::SHARE_PARTS;
	EpochTotals {
		units: PerKind { usage, witnessed, attested },
		shares: PerKind {
			usage: u128::from(usage),
			witnessed: u128::from(witnessed) * full,
			attested: u128::from(attested) * full,
		},
		credits: usage,
		devices: 0,
	}
}

fn close(epoch: EpochIndex, t: EpochTotals<u64>) {
	let _ = <Emissions as OnEpochClosed<u64>>::on_epoch_closed(epoch, &t);
}

fn claim(
	who: u64,
	device: PublicKey,
	epochs: Vec<EpochIndex>,
) -> frame_support::dispatch::DispatchResult {
	let epochs: BoundedVec<_, _> = epochs.try_into().expect("within MaxClaimEpochs");
	Emissions::claim(RuntimeOrigin::signed(who), device, epochs)
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Emissions(event.clone()))
}

/// Closes epoch 0 with usage worth 1,100 credits (device 1: 60 units for 1,000 credits,
/// device 2: 40 units for 100) and witnessed 50 units (device 3), owned by Alice, and makes it
/// final.
fn closed_epoch_zero() {
	for n in 1..=3 {
		MockDevices::set_owner(device(n), ALICE);
	}
	MockWork::set_work(0, device(1), ProofKind::Usage, 60, 1_000);
	MockWork::set_work(0, device(2), ProofKind::Usage, 40, 100);
	MockWork::set_work(0, device(3), ProofKind::Witnessed, 50, 0);
	close(0, totals(1_100, 50, 0));
	MockWork::set_epoch(WINDOW + 1);
}
