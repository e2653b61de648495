//! Unit tests: every call's success with its event, and every error path with `assert_noop!`.
//! Every test ends with `do_try_state` (see `mock::new_test_ext`). One file per concern; the
//! helpers they share are here.

use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Get,
	},
	BoundedVec,
};
use sp_core::{ed25519, sr25519, Pair};
use sp_runtime::DispatchError;

use crate::{
	mock::*, ClassParams, DeviceInspect, DeviceStatus, Devices as DevicesMap, Error, Event,
	HoldReason, NetworkKind, ProofKind, PublicKey, RawSignature, WitnessRules, CHAIN_BINDING_TAG,
	DEVICE_CONSENT_TAG, MAKER_CERTIFICATE_TAG,
};

mod chains;
mod classes;
mod counts;
mod disputes;
mod genesis;
mod inspect;
mod locations;
mod maker_bonds;
mod makers;
mod migrations;
mod occupancy;
mod owner_actions;
mod payloads;
mod registration;
mod retirement;
mod suspension;
mod transfers;

/// Resolution-9 H3 cell (San Francisco) and another child of its resolution-8 parent.
const CELL: u64 = 0x8928308280fffff;
const OTHER_CELL: u64 = 0x8928308280fffff & !(0b111 << 18);

const BOND: u64 = 100;

/// What other pallets read about `device` through [`DeviceInspect`].
fn view(device: &PublicKey) -> Option<crate::DeviceView<u64, u64>> {
	<Devices as crate::DeviceInspect<u64, u64>>::device(device)
}

fn maker_pair() -> sr25519::Pair {
	sr25519::Pair::from_string("//Maker", None).unwrap()
}

fn sr_device(seed: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//Device/{seed}"), None).unwrap()
}

fn sr_key(p: &sr25519::Pair) -> PublicKey {
	PublicKey::Sr25519(p.public().0)
}

fn raw(sig: impl AsRef<[u8]>) -> RawSignature {
	sig.as_ref().try_into().unwrap()
}

fn genesis() -> <Test as frame_system::Config>::Hash {
	frame_system::BlockHash::<Test>::get(0)
}

fn maker_sig(device: &PublicKey, class: u32) -> RawSignature {
	raw(maker_pair().sign(&(MAKER_CERTIFICATE_TAG, genesis(), device, class).encode()))
}

fn consent_sig(device: &sr25519::Pair, owner: u64) -> RawSignature {
	raw(device.sign(&(DEVICE_CONSENT_TAG, genesis(), owner).encode()))
}

/// A physical witnessed class if `location_required`, else a digital attested one (a
/// physical class always requires a location).
fn class_params(location_required: bool) -> ClassParams<u64> {
	let (kind, proof) = if location_required {
		(NetworkKind::Physical, ProofKind::Witnessed)
	} else {
		(NetworkKind::Digital, ProofKind::Attested)
	};
	ClassParams {
		kind,
		proof,
		bond: BOND,
		units_cap: 1_000,
		unit_price: 5,
		reward_weight: 1,
		location_required,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses: 5,
			near_resolution: 8,
			far_resolution: 9,
		},
	}
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// Maker 0 (quota 10) and class 0 (location required) exist.
fn setup() {
	assert_ok!(Devices::register_maker(
		RuntimeOrigin::root(),
		PublicKey::Sr25519(maker_pair().public().0),
		bounded(b"Acme"),
		10
	));
	assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(true)));
}

/// Registers `device` for `owner` in class 0 at `CELL`.
fn register(owner: u64, device: &sr25519::Pair) -> PublicKey {
	assert_ok!(register_at(owner, device, CELL));
	sr_key(device)
}

/// `owner` registers `device` in class 0 at `cell`, certified by maker 0.
fn register_at(owner: u64, device: &sr25519::Pair, cell: u64) -> sp_runtime::DispatchResult {
	let key = sr_key(device);
	Devices::register_device(
		RuntimeOrigin::signed(owner),
		key,
		0,
		0,
		maker_sig(&key, 0),
		consent_sig(device, owner),
		Some(cell),
		bounded(b"ipfs://device"),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

fn statuses() -> (u32, u32, u32) {
	let c = crate::DeviceCountByStatus::<Test>::get();
	(c.active, c.suspended, c.retiring)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

/// `bytes` as a call argument bounded by `S` (a name or metadata); they must fit.
fn bounded<S: Get<u32>>(bytes: impl Into<Vec<u8>>) -> BoundedVec<u8, S> {
	bytes.into().try_into().expect("the test's bytes fit the bound")
}

/// Whether the bytes of a call of this pallet, `call_index ++ args`, decode. Oversize names and
/// metadata cannot be built as a `Call`, so tests that show they never reach the pallet encode
/// them by hand (a `BoundedVec` encodes exactly as a `Vec`).
fn decodes(call_index: u8, args: impl Encode) -> bool {
	let mut bytes = vec![call_index];
	args.encode_to(&mut bytes);
	crate::Call::<Test>::decode(&mut &bytes[..]).is_ok()
}

/// The index byte of `call`, which starts its encoding.
fn call_index(call: crate::Call<Test>) -> u8 {
	call.encode().first().copied().expect("a call encodes to its index and arguments")
}
