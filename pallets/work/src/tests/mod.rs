//! Unit tests: every call's success with its events, every error path with `assert_noop!`
//! (which also proves nothing was written), and the pallet's invariants after each test.
//!
//! One file per concern; this module holds the shared fixtures (device classes, signed
//! receipts, call helpers) that every file uses through `use super::*`.

use codec::Encode;
use depin_primitives::{ClassParams, NetworkKind, ProofKind, PublicKey, WitnessRules};
use frame_support::{
	assert_noop, assert_ok, pallet_prelude::DispatchResult, traits::Hooks, weights::Weight,
	BoundedVec,
};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{traits::BadOrigin, MultiSignature, Perbill};

use crate::{mock::*, pallet::*, *};

mod attestations;
mod beacons;
mod committees;
mod disputes;
mod epochs;
mod migrations;
mod parameters;
mod payloads;
mod pruning;
mod shares;
mod usage;
mod verifiers;

/// A resolution-9 cell (San Francisco), and cells relative to it.
const CELL: u64 = 0x8928308280fffff;
/// Same resolution-8 parent, another resolution-9 cell: in the band of the test classes.
const NEAR: u64 = 0x89283082813ffff;
/// Same resolution-8 parent, a third resolution-9 cell: also in the band.
const NEAR2: u64 = 0x89283082817ffff;
/// Another resolution-8 parent: out of the band.
const FAR: u64 = 0x8928308282fffff;

const BOND: u64 = 1_000;

fn class(proof: ProofKind, units_cap: u64) -> ClassParams<u64> {
	ClassParams {
		kind: if proof == ProofKind::Attested {
			NetworkKind::Digital
		} else {
			NetworkKind::Physical
		},
		proof,
		bond: BOND,
		units_cap,
		unit_price: 2,
		reward_weight: 1,
		location_required: proof == ProofKind::Witnessed,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses: 4,
			near_resolution: 8,
			far_resolution: 9,
		},
	}
}

// The key pairs of the devices a test registered, so helpers can sign as a device from its
// public key.
std::thread_local! {
	static KEYS: core::cell::RefCell<Vec<(PublicKey, sr25519::Pair)>> = Default::default();
}

/// `device`'s signature of its beacon in `epoch`, if the test registered it (a zero signature
/// otherwise, for submissions refused before the signature is checked).
fn beaconer_signature(device: &PublicKey, epoch: EpochIndex) -> depin_primitives::RawSignature {
	let key = KEYS.with(|keys| keys.borrow().iter().find(|(k, _)| k == device).cloned());
	match (key, Work::challenge(epoch, device)) {
		(Some((_, pair)), Some(challenge)) => {
			pair.sign(&Work::beacon_payload(device, epoch, &challenge)).0
		}
		_ => [0; 64],
	}
}

/// Registers an active mock device with key `//<name>`.
fn device(
	name: &str,
	owner: AccountId,
	params: ClassParams<u64>,
	location: Option<u64>,
) -> (sr25519::Pair, PublicKey) {
	let p = pair(&format!("//{name}"));
	let key = PublicKey::Sr25519(p.public().0);
	KEYS.with(|keys| keys.borrow_mut().push((key, p.clone())));
	let bond = params.bond;
	Registry::add(key, MockDevice { owner, class: params, location, active: true, bond });
	(p, key)
}

fn usage_device(name: &str) -> (sr25519::Pair, PublicKey) {
	device(name, alice(), class(ProofKind::Usage, 100), Some(CELL))
}

fn bounded<T, S: frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::try_from(items).unwrap_or_else(|_| panic!("within bounds"))
}

/// A voucher of `device` to `//Consumer` for `cumulative` units in `epoch` at the test
/// classes' price (2), signed by the device over the documented payload.
fn voucher(device: &sr25519::Pair, epoch: EpochIndex, cumulative: u64) -> VoucherItemOf<Test> {
	voucher_at(device, epoch, cumulative, 2)
}

/// As [`voucher`], signed at `price`.
fn voucher_at(
	device: &sr25519::Pair,
	epoch: EpochIndex,
	cumulative: u64,
	price: u64,
) -> VoucherItemOf<Test> {
	let key = PublicKey::Sr25519(device.public().0);
	let payload = Work::voucher_payload(&key, &consumer(), epoch, cumulative, price);
	VoucherItem {
		device: key,
		cumulative_units: cumulative,
		unit_price: price,
		device_signature: device.sign(&payload).0,
	}
}

/// `//Consumer`'s signature of a batch.
fn batch_signature(epoch: EpochIndex, items: &[VoucherItemOf<Test>]) -> MultiSignature {
	MultiSignature::Sr25519(pair("//Consumer").sign(&Work::batch_payload(
		&consumer(),
		epoch,
		items,
	)))
}

/// Submits `call` as an authorized general transaction does: its authorization first (what
/// the pool and the block run before dispatch; an invalid one fails with the pallet error it
/// reports), then the call with the `Authorized` origin.
fn authorized(call: Call<Test>) -> DispatchResult {
	use frame_support::traits::{Authorize, UnfilteredDispatchable};
	use sp_runtime::transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityError,
	};
	match call.authorize(TransactionSource::External) {
		Some(Ok(_)) => {}
		Some(Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)))) => {
			return Err(error_of_code(code, &call));
		}
		other => panic!("unexpected authorization {other:?}"),
	}
	call.dispatch_bypass_filter(frame_system::RawOrigin::Authorized.into())
		.map(|_| ())
		.map_err(|e| e.error)
}

/// The pallet error an invalid authorization reports by its index: the variant is
/// re-derived by validating again (the code alone does not carry an item's index), and the
/// two must agree.
fn error_of_code(code: u8, call: &Call<Test>) -> sp_runtime::DispatchError {
	let error = match call {
		Call::settle_usage { consumer, epoch, items, consumer_signature } => {
			Work::validate_settlement(consumer, *epoch, items, consumer_signature, true)
				.err()
				.expect("invalid")
		}
		Call::submit_beacon { beaconer, epoch, witnesses, beaconer_signature } => {
			Work::validate_beacon(beaconer, *epoch, witnesses, beaconer_signature, true)
				.err()
				.expect("invalid")
		}
		_ => panic!("not an authorized call"),
	};
	assert_eq!(error.encode()[0], code, "the custom code is the error's index");
	error.into()
}

/// Settles `items` for `//Consumer` in `epoch`, signed by it.
fn settle(epoch: EpochIndex, items: Vec<VoucherItemOf<Test>>) -> DispatchResult {
	let consumer_signature = batch_signature(epoch, &items);
	settle_signed(epoch, items, consumer_signature)
}

/// Settles `items` for `//Consumer` in `epoch` with `consumer_signature`.
fn settle_signed(
	epoch: EpochIndex,
	items: Vec<VoucherItemOf<Test>>,
	consumer_signature: MultiSignature,
) -> DispatchResult {
	authorized(Call::settle_usage {
		consumer: consumer(),
		epoch,
		items: bounded(items),
		consumer_signature,
	})
}

/// A witness receipt of `beaconer`'s beacon in `epoch`, signed by `witness`.
fn witness_receipt(
	witness: &sr25519::Pair,
	beaconer: &PublicKey,
	epoch: EpochIndex,
) -> WitnessReceipt {
	let challenge = Work::challenge(epoch, beaconer).expect("seed of the epoch");
	WitnessReceipt {
		witness: PublicKey::Sr25519(witness.public().0),
		signature: witness.sign(&Work::witness_payload(beaconer, epoch, &challenge)).0,
	}
}

/// Submits the beacon of `beaconer` in `epoch`, signed by the beaconer, with receipts `w`.
fn submit_beacon(beaconer: PublicKey, epoch: EpochIndex, w: Vec<WitnessReceipt>) -> DispatchResult {
	let beaconer_signature = beaconer_signature(&beaconer, epoch);
	authorized(Call::submit_beacon { beaconer, epoch, witnesses: bounded(w), beaconer_signature })
}

fn attest(verifier: &AccountId, epoch: EpochIndex, items: Vec<(PublicKey, u64)>) -> DispatchResult {
	let items = items.into_iter().map(|(device, units)| Attestation { device, units }).collect();
	Work::submit_attestations(RuntimeOrigin::signed(verifier.clone()), epoch, bounded(items))
}

fn verifier(n: u32) -> AccountId {
	account(&format!("//V{n}"))
}

/// Verifier `n` applies (its bond on hold) and is admitted with `quota`.
fn admit(n: u32, quota: u64) {
	assert_ok!(Work::apply_verifier(RuntimeOrigin::signed(verifier(n))));
	assert_ok!(Work::admit_verifier(RuntimeOrigin::root(), verifier(n), quota));
}

fn units(epoch: EpochIndex, device: &PublicKey) -> u64 {
	record(epoch, device).map_or(0, |w| w.units)
}

fn held(reason: HoldReason, who: &AccountId) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason.into(), who)
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Work(event.clone()))
}

fn record(epoch: EpochIndex, device: &PublicKey) -> Option<DeviceWork<AccountId, u64>> {
	WorkRecords::<Test>::get(epoch, device)
}

/// Registers an active witnessed-class device `//<name>` of `owner` at `cell`.
fn hotspot(name: &str, owner: AccountId, cell: u64) -> (sr25519::Pair, PublicKey) {
	device(name, owner, class(ProofKind::Witnessed, 100), Some(cell))
}

/// Registers an active attested-class device `//<name>` of Alice with units cap `cap`.
fn gpu(name: &str, cap: u64) -> PublicKey {
	device(name, alice(), class(ProofKind::Attested, cap), None).1
}
