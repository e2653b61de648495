//! Unit tests: every call's success with its event, and every error path with `assert_noop!`.
//! Every test ends with `do_try_state` (see `mock::new_test_ext`).

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_core::{ed25519, sr25519, Pair};
use sp_runtime::DispatchError;

use crate::{
	mock::*, ClassParams, DeviceInspect, DeviceStatus, Devices as DevicesMap, Error, Event,
	HoldReason, NetworkKind, ProofKind, PublicKey, RawSignature, WitnessRules, DEVICE_CONSENT_TAG,
	MAKER_ATTESTATION_TAG,
};

/// Resolution-9 H3 cell (San Francisco) and another child of its resolution-8 parent.
const CELL: u64 = 0x8928308280fffff;
const OTHER_CELL: u64 = 0x8928308280fffff & !(0b111 << 18);

const BOND: u64 = 100;

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
	raw(maker_pair().sign(&(MAKER_ATTESTATION_TAG, genesis(), device, class).encode()))
}

fn consent_sig(device: &sr25519::Pair, owner: u64) -> RawSignature {
	raw(device.sign(&(DEVICE_CONSENT_TAG, genesis(), owner).encode()))
}

fn class_params(location_required: bool) -> ClassParams<u64> {
	ClassParams {
		kind: NetworkKind::Physical,
		proof: ProofKind::Witnessed,
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
		b"Acme".to_vec(),
		10
	));
	assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(true)));
}

/// Registers `device` for `owner` in class 0 at `CELL`.
fn register(owner: u64, device: &sr25519::Pair) -> PublicKey {
	let key = sr_key(device);
	assert_ok!(Devices::register_device(
		RuntimeOrigin::signed(owner),
		key,
		0,
		0,
		maker_sig(&key, 0),
		consent_sig(device, owner),
		Some(CELL),
		b"ipfs://device".to_vec(),
	));
	key
}

fn statuses() -> (u32, u32, u32) {
	let c = crate::DeviceCountByStatus::<Test>::get();
	(c.active, c.suspended, c.retiring)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

#[test]
fn makers_are_registered_updated_and_revoked() {
	new_test_ext(|| {
		let key = PublicKey::Ed25519([7; 32]);
		assert_ok!(Devices::register_maker(RuntimeOrigin::root(), key, b"Acme".to_vec(), 3));
		assert_eq!(
			last_event(),
			Event::MakerRegistered { maker: 0, attestation_key: key, quota: 3 }.into()
		);
		assert_ok!(Devices::set_maker_quota(RuntimeOrigin::root(), 0, 5));
		assert_eq!(last_event(), Event::MakerQuotaSet { maker: 0, quota: 5 }.into());
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().quota, 5);
		assert_ok!(Devices::revoke_maker(RuntimeOrigin::root(), 0));
		assert_eq!(last_event(), Event::MakerRevoked { maker: 0 }.into());

		assert_noop!(Devices::revoke_maker(RuntimeOrigin::root(), 0), Error::<Test>::MakerRevoked);
		assert_noop!(
			Devices::set_maker_quota(RuntimeOrigin::root(), 0, 1),
			Error::<Test>::MakerRevoked
		);
		assert_noop!(
			Devices::set_maker_quota(RuntimeOrigin::root(), 9, 1),
			Error::<Test>::UnknownMaker
		);
		assert_noop!(Devices::revoke_maker(RuntimeOrigin::root(), 9), Error::<Test>::UnknownMaker);
		assert_noop!(
			Devices::register_maker(RuntimeOrigin::root(), key, vec![b'x'; 17], 1),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Devices::register_maker(RuntimeOrigin::signed(ALICE), key, b"Evil".to_vec(), 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn classes_are_created_and_updated() {
	new_test_ext(|| {
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(true)));
		assert_eq!(last_event(), Event::ClassCreated { class: 0 }.into());
		let mut p = class_params(false);
		p.bond = 7;
		assert_ok!(Devices::update_class(RuntimeOrigin::root(), 0, p.clone()));
		assert_eq!(last_event(), Event::ClassUpdated { class: 0 }.into());
		assert_eq!(crate::Classes::<Test>::get(0), Some(p.clone()));

		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 1, p.clone()),
			Error::<Test>::UnknownClass
		);
		let mut bad = p.clone();
		bad.witness.min_witnesses = 9;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), bad.clone()),
			Error::<Test>::InvalidWitnessRules
		);
		assert_noop!(
			Devices::update_class(RuntimeOrigin::root(), 0, bad),
			Error::<Test>::InvalidWitnessRules
		);
		let mut bad = p;
		bad.witness.far_resolution = 7;
		assert_noop!(
			Devices::create_class(RuntimeOrigin::root(), bad.clone()),
			Error::<Test>::InvalidWitnessRules
		);
		assert_noop!(
			Devices::create_class(RuntimeOrigin::signed(ALICE), bad),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn device_registers_with_sr25519_and_ed25519_keys() {
	new_test_ext(|| {
		setup();
		let device = sr_device("a");
		let key = register(ALICE, &device);
		assert_eq!(
			last_event(),
			Event::DeviceRegistered { device: key, owner: ALICE, class: 0, maker: 0, bond: BOND }
				.into()
		);
		assert_eq!(held(ALICE), BOND);
		assert_eq!(crate::DeviceCountByClass::<Test>::get(0), 1);
		assert_eq!(crate::DeviceCountByMaker::<Test>::get(0), 1);
		assert_eq!(crate::DeviceCountByOwner::<Test>::get(ALICE), 1);
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().onboarded, 1);
		assert!(crate::DevicesByOwner::<Test>::contains_key(ALICE, key));

		// An ed25519 device key.
		let ed = ed25519::Pair::from_string("//Device//ed", None).unwrap();
		let ed_key = PublicKey::Ed25519(ed.public().0);
		assert_ok!(Devices::register_device(
			RuntimeOrigin::signed(ALICE),
			ed_key,
			0,
			0,
			maker_sig(&ed_key, 0),
			raw(ed.sign(&(DEVICE_CONSENT_TAG, genesis(), ALICE).encode())),
			Some(CELL),
			vec![],
		));
		assert_eq!(held(ALICE), 2 * BOND);
		assert_eq!(crate::DeviceCountByOwner::<Test>::get(ALICE), 2);
	});
}

#[test]
fn device_registration_rejects_every_bad_input() {
	new_test_ext(|| {
		setup();
		let device = sr_device("a");
		let key = sr_key(&device);
		let good_maker = maker_sig(&key, 0);
		let good_consent = consent_sig(&device, ALICE);
		let call = |owner: u64,
		            class: u32,
		            maker: u32,
		            maker_sig: RawSignature,
		            consent: RawSignature,
		            location: Option<u64>,
		            metadata: Vec<u8>| {
			Devices::register_device(
				RuntimeOrigin::signed(owner),
				key,
				class,
				maker,
				maker_sig,
				consent,
				location,
				metadata,
			)
		};
		let ok_loc = Some(CELL);

		assert_noop!(
			call(ALICE, 5, 0, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::UnknownClass
		);
		assert_noop!(
			call(ALICE, 0, 5, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::UnknownMaker
		);
		// Signed by another key than the maker's.
		let wrong_key =
			raw(sr_device("x").sign(&(MAKER_ATTESTATION_TAG, genesis(), key, 0u32).encode()));
		assert_noop!(
			call(ALICE, 0, 0, wrong_key, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		// The maker attested another class.
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(false)));
		assert_noop!(
			call(ALICE, 1, 0, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		// A maker attestation for another chain (genesis hash) or purpose (tag).
		let other_chain =
			raw(maker_pair().sign(&(MAKER_ATTESTATION_TAG, [1u8; 32], key, 0u32).encode()));
		assert_noop!(
			call(ALICE, 0, 0, other_chain, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		let other_tag =
			raw(maker_pair().sign(&(DEVICE_CONSENT_TAG, genesis(), key, 0u32).encode()));
		assert_noop!(
			call(ALICE, 0, 0, other_tag, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		// The device consented to another owner, chain or purpose.
		assert_noop!(
			call(BOB, 0, 0, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::BadDeviceSignature
		);
		let consent_other_chain =
			raw(device.sign(&(DEVICE_CONSENT_TAG, [1u8; 32], ALICE).encode()));
		assert_noop!(
			call(ALICE, 0, 0, good_maker, consent_other_chain, ok_loc, vec![]),
			Error::<Test>::BadDeviceSignature
		);
		let consent_other_tag =
			raw(device.sign(&(MAKER_ATTESTATION_TAG, genesis(), ALICE).encode()));
		assert_noop!(
			call(ALICE, 0, 0, good_maker, consent_other_tag, ok_loc, vec![]),
			Error::<Test>::BadDeviceSignature
		);
		// Locations.
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, None, vec![]),
			Error::<Test>::LocationRequired
		);
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, Some(CELL | (1 << 63)), vec![]),
			Error::<Test>::InvalidH3Cell
		);
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, Some(CELL & !0b111), vec![]),
			Error::<Test>::InvalidH3Cell
		);
		// Resolution 4 is coarser than MinH3Resolution (5).
		let res4 = crate::h3::parent(CELL, 4).unwrap();
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, Some(res4), vec![]),
			Error::<Test>::H3ResolutionOutOfRange
		);
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, ok_loc, vec![0; 33]),
			Error::<Test>::MetadataTooLong
		);
		// The poor owner cannot put up the bond.
		let poor_consent = consent_sig(&device, POOR);
		assert_noop!(
			call(POOR, 0, 0, good_maker, poor_consent, ok_loc, vec![]),
			Error::<Test>::CannotAffordBond
		);

		// Registered once; a second time is refused.
		assert_ok!(call(ALICE, 0, 0, good_maker, good_consent, ok_loc, vec![]));
		assert_noop!(
			call(ALICE, 0, 0, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::DeviceAlreadyRegistered
		);
	});
}

#[test]
fn maker_quota_and_revocation_stop_onboarding() {
	new_test_ext(|| {
		setup();
		assert_ok!(Devices::set_maker_quota(RuntimeOrigin::root(), 0, 1));
		register(ALICE, &sr_device("a"));
		let device = sr_device("b");
		let key = sr_key(&device);
		let attempt = || {
			Devices::register_device(
				RuntimeOrigin::signed(ALICE),
				key,
				0,
				0,
				maker_sig(&key, 0),
				consent_sig(&device, ALICE),
				Some(CELL),
				vec![],
			)
		};
		assert_noop!(attempt(), Error::<Test>::MakerQuotaExhausted);
		assert_ok!(Devices::set_maker_quota(RuntimeOrigin::root(), 0, 5));
		assert_ok!(Devices::revoke_maker(RuntimeOrigin::root(), 0));
		assert_noop!(attempt(), Error::<Test>::MakerRevoked);
	});
}

#[test]
fn location_changes_respect_the_cooldown() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, OTHER_CELL),
			Error::<Test>::LocationCooldown
		);
		System::set_block_number(11);
		assert_ok!(Devices::set_location(RuntimeOrigin::signed(ALICE), key, OTHER_CELL));
		assert_eq!(last_event(), Event::LocationSet { device: key, location: OTHER_CELL }.into());
		assert_eq!(Devices::location(&key), Some(OTHER_CELL));

		System::set_block_number(30);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(BOB), key, CELL),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, CELL | (1 << 63)),
			Error::<Test>::InvalidH3Cell
		);
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), PublicKey::Sr25519([0; 32]), CELL),
			Error::<Test>::UnknownDevice
		);
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), key));
		assert_noop!(
			Devices::set_location(RuntimeOrigin::signed(ALICE), key, CELL),
			Error::<Test>::DeviceSuspended
		);
	});
}

#[test]
fn metadata_is_bounded_and_owner_only() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_ok!(Devices::set_metadata(RuntimeOrigin::signed(ALICE), key, b"sha256:00".to_vec()));
		assert_eq!(last_event(), Event::MetadataSet { device: key }.into());
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().metadata.to_vec(), b"sha256:00".to_vec());
		assert_noop!(
			Devices::set_metadata(RuntimeOrigin::signed(ALICE), key, vec![1; 33]),
			Error::<Test>::MetadataTooLong
		);
		assert_noop!(
			Devices::set_metadata(RuntimeOrigin::signed(BOB), key, vec![]),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn transfer_moves_the_bond_to_the_new_owner() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, ALICE),
			Error::<Test>::TransferToSelf
		);
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(BOB), key, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::NoPendingTransfer
		);

		// Offered to the poor account, which cannot take over the bond.
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, POOR));
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(POOR), key),
			Error::<Test>::CannotAffordBond
		);
		// A new offer replaces it.
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));
		assert_eq!(
			last_event(),
			Event::TransferOffered { device: key, from: ALICE, to: BOB }.into()
		);
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(POOR), key),
			Error::<Test>::NoPendingTransfer
		);
		let (alice_total, bob_total) =
			(Balances::total_balance(&ALICE), Balances::total_balance(&BOB));
		assert_ok!(Devices::accept_transfer(RuntimeOrigin::signed(BOB), key));
		assert_eq!(
			last_event(),
			Event::DeviceTransferred { device: key, from: ALICE, to: BOB }.into()
		);
		assert_eq!(held(ALICE), 0);
		assert_eq!(held(BOB), BOND);
		// Holds move no money between the two: each keeps its total.
		assert_eq!(Balances::total_balance(&ALICE), alice_total);
		assert_eq!(Balances::total_balance(&BOB), bob_total);
		assert_eq!(Devices::owner(&key), Some(BOB));
		assert!(!crate::DevicesByOwner::<Test>::contains_key(ALICE, key));
		assert_eq!(crate::DeviceCountByOwner::<Test>::get(BOB), 1);
		assert!(crate::PendingTransfers::<Test>::get(key).is_none());

		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), key));
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(BOB), key, ALICE),
			Error::<Test>::DeviceSuspended
		);
	});
}

#[test]
fn retire_then_withdraw_after_unbonding() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::NotRetiring
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::NotOwner
		);
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));
		assert_eq!(statuses(), (1, 0, 0));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));
		assert_eq!(last_event(), Event::DeviceRetiring { device: key, unbonds_at: 21 }.into());
		assert_eq!(statuses(), (0, 0, 1));
		assert!(!Devices::is_active(&key));
		assert!(crate::PendingTransfers::<Test>::get(key).is_none(), "retiring drops the offer");
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::DeviceRetiring
		);
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB),
			Error::<Test>::DeviceRetiring
		);
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::root(), key),
			Error::<Test>::DeviceRetiring
		);
		System::set_block_number(20);
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::StillUnbonding
		);
		System::set_block_number(21);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		assert_eq!(
			last_event(),
			Event::BondWithdrawn { device: key, owner: ALICE, amount: BOND }.into()
		);
		assert_eq!(held(ALICE), 0);
		assert!(DevicesMap::<Test>::get(key).is_none());
		assert_eq!(crate::DeviceCountByClass::<Test>::get(0), 0);
		assert_eq!(crate::DeviceCountByMaker::<Test>::get(0), 0);
		assert_eq!(crate::DeviceCountByOwner::<Test>::get(ALICE), 0);
		assert_eq!(statuses(), (0, 0, 0));
		// The maker's quota is not given back.
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().onboarded, 1);
	});
}

#[test]
fn admin_suspends_and_resumes() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::signed(ALICE), key),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Devices::resume_device(RuntimeOrigin::root(), key),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), key));
		assert_eq!(last_event(), Event::DeviceSuspended { device: key }.into());
		assert_eq!(statuses(), (0, 1, 0));
		assert!(!Devices::is_active(&key));
		assert_noop!(
			Devices::suspend_device(RuntimeOrigin::root(), key),
			Error::<Test>::DeviceSuspended
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::DeviceSuspended
		);
		assert_ok!(Devices::resume_device(RuntimeOrigin::root(), key));
		assert_eq!(last_event(), Event::DeviceResumed { device: key }.into());
		assert_eq!(statuses(), (1, 0, 0));
		assert!(Devices::is_active(&key));
		assert_noop!(
			Devices::resume_device(RuntimeOrigin::root(), PublicKey::Sr25519([0; 32])),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn other_pallets_inspect_and_slash_through_the_trait() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert!(Devices::is_active(&key));
		assert_eq!(Devices::owner(&key), Some(ALICE));
		assert_eq!(Devices::class_of(&key), Some((0, class_params(true))));
		assert_eq!(Devices::location(&key), Some(CELL));
		let unknown = PublicKey::Sr25519([0; 32]);
		assert!(!Devices::is_active(&unknown));
		assert_eq!(Devices::owner(&unknown), None);

		let treasury_before = Balances::balance(&TREASURY);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&key), Some(BOND));
		assert_eq!(Devices::slash(&key, 30, &TREASURY), Ok(30));
		assert_eq!(
			last_event(),
			Event::BondSlashed { device: key, amount: 30, beneficiary: TREASURY }.into()
		);
		assert_eq!(Balances::balance(&TREASURY), treasury_before + 30);
		assert_eq!(held(ALICE), BOND - 30);
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().bond, BOND - 30);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&key), Some(BOND - 30));
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().status, DeviceStatus::Suspended);
		// Suspending again through the trait is a no-op, not an error.
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(
			Devices::slash(&unknown, 1, &TREASURY),
			Err(Error::<Test>::UnknownDevice.into())
		);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&unknown), None);
		// Never more than the bond.
		assert_eq!(Devices::slash(&key, BOND * 10, &TREASURY), Ok(BOND - 30));
		assert_eq!(held(ALICE), 0);
	});
}

/// The worked example of `docs/devices.md`: if this test fails, the documented byte layout is
/// wrong and firmware built from it would produce signatures the chain rejects.
#[test]
fn signed_payload_layout_matches_the_docs() {
	new_test_ext(|| {
		// The test chain's genesis hash is 0x45 repeated (as in the docs' example).
		assert_eq!(genesis(), sp_core::H256::repeat_byte(0x45));
		let alice = sp_keyring::Sr25519Keyring::Alice.public().0;
		let bob = sp_keyring::Sr25519Keyring::Bob.to_account_id();

		let maker = Devices::maker_attestation_payload(&PublicKey::Sr25519(alice), 2);
		assert_eq!(
			hex(&maker),
			"6470696e2f6d616b65722d6174742f31\
			 4545454545454545454545454545454545454545454545454545454545454545\
			 00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d\
			 02000000"
		);
		// The runtime's accounts are 32-byte AccountId32; the mock's are u64, so the consent
		// payload is built from its parts here exactly as `device_consent_payload` does.
		let consent = (DEVICE_CONSENT_TAG, genesis(), bob).encode();
		assert_eq!(
			hex(&consent),
			"6470696e2f6465762d6f776e65722f31\
			 4545454545454545454545454545454545454545454545454545454545454545\
			 8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"
		);
		assert_eq!(
			Devices::device_consent_payload(&ALICE),
			(DEVICE_CONSENT_TAG, genesis(), ALICE).encode()
		);
		// An ed25519 key is variant 1.
		assert_eq!(PublicKey::Ed25519([9; 32]).encode()[0], 1);
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn genesis_registers_makers_and_classes() {
	use sp_runtime::BuildStorage;
	let config = crate::GenesisConfig::<Test> {
		makers: vec![(PublicKey::Sr25519([1; 32]), b"Demo".to_vec(), 100)],
		classes: vec![class_params(true), class_params(false)],
		synthetic: None,
	};
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		devices: config,
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(crate::NextMakerId::<Test>::get(), 1);
		assert_eq!(crate::Makers::<Test>::get(0).unwrap().quota, 100);
		assert_eq!(crate::NextClassId::<Test>::get(), 2);
		assert_eq!(crate::Classes::<Test>::get(1), Some(class_params(false)));
		Devices::do_try_state().unwrap();
	});
}

#[test]
fn migration_v0_to_v1_counts_devices_by_status() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		register(ALICE, &sr_device("b"));
		register(BOB, &sr_device("c"));
		assert_ok!(Devices::suspend_device(RuntimeOrigin::root(), a));
		// A chain from before the counters: version 0, no counts.
		crate::DeviceCountByStatus::<Test>::kill();
		StorageVersion::new(0).put::<Devices>();
		crate::migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(statuses(), (2, 1, 0));
		assert_eq!(Devices::on_chain_storage_version(), 1);
		// It runs once: at version 1 it is a no-op.
		crate::DeviceCountByStatus::<Test>::kill();
		crate::migrations::V0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(statuses(), (0, 0, 0));
		// Put the counts back for the invariant check that ends every test.
		crate::DeviceCountByStatus::<Test>::put(crate::StatusCounts {
			active: 2,
			suspended: 1,
			retiring: 0,
		});
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_v0_to_v1_passes_its_pre_and_post_upgrade_checks() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext(|| {
		setup();
		let a = register(ALICE, &sr_device("a"));
		register(BOB, &sr_device("b"));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), a));
		crate::DeviceCountByStatus::<Test>::kill();
		StorageVersion::new(0).put::<Devices>();
		crate::migrations::V0ToV1::<Test>::try_on_runtime_upgrade(true)
			.expect("pre_upgrade, the migration and post_upgrade pass");
		assert_eq!(statuses(), (1, 0, 1));
	});
}

#[test]
fn synthetic_fleet_is_registered_at_genesis_with_bonds_on_hold() {
	use crate::{
		DeviceCountByClass, DeviceCountByOwner, DeviceCountByStatus, Makers, SyntheticFleet,
	};
	use frame_support::traits::{fungible::InspectHold, BuildGenesisConfig};
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		crate::GenesisConfig::<Test> {
			makers: vec![(PublicKey::Sr25519([7; 32]), b"Acme".to_vec(), 10)],
			classes: vec![class_params(true)],
			synthetic: Some(SyntheticFleet {
				count: 50,
				class: 0,
				owner: BOB,
				location: Some(CELL),
			}),
		}
		.build();
		let issuance = <Test as crate::Config>::Currency::total_issuance();
		let ed = <Test as crate::Config>::Currency::minimum_balance();
		assert_eq!(issuance, 10_000 + 50 * BOND + ed);
		assert_eq!(Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &BOB), 50 * BOND);
		assert_eq!(DeviceCountByOwner::<Test>::get(BOB), 50);
		assert_eq!(DeviceCountByClass::<Test>::get(0), 50);
		assert_eq!(DeviceCountByStatus::<Test>::get().active, 50);
		// The fleet has a maker of its own (id 1) whose quota is used up.
		let maker = Makers::<Test>::get(1).unwrap();
		assert_eq!((maker.quota, maker.onboarded), (50, 50));
		let d = crate::Devices::<Test>::get(SyntheticFleet::<u64>::key(49)).unwrap();
		assert_eq!((d.owner, d.class, d.maker, d.location), (BOB, 0, 1, Some(CELL)));
		assert!(crate::Devices::<Test>::get(SyntheticFleet::<u64>::key(50)).is_none());
		Devices::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "the synthetic fleet names an existing class")]
fn synthetic_fleet_of_an_unknown_class_stops_genesis() {
	use crate::SyntheticFleet;
	use frame_support::traits::BuildGenesisConfig;
	sp_io::TestExternalities::default().execute_with(|| {
		crate::GenesisConfig::<Test> {
			makers: vec![],
			classes: vec![],
			synthetic: Some(SyntheticFleet { count: 1, class: 0, owner: BOB, location: None }),
		}
		.build();
	});
}

#[test]
fn a_disputed_device_cannot_change_hands_retire_or_release_its_bond() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));

		// Two disputes open (the work pallet reports them): every way out is closed.
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		assert_eq!(crate::DisputeLocks::<Test>::get(key), 2);
		assert_noop!(
			Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);

		// One resolved: still locked. Both resolved: the lock is gone from storage.
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert_noop!(
			Devices::retire_device(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert!(!crate::DisputeLocks::<Test>::contains_key(key));
		assert_ok!(Devices::retire_device(RuntimeOrigin::signed(ALICE), key));

		// A dispute opened while the device unbonds keeps its bond on hold.
		<Devices as DeviceInspect<_, _>>::dispute_opened(&key);
		System::set_block_number(21);
		assert_noop!(
			Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::UnderDispute
		);
		<Devices as DeviceInspect<_, _>>::dispute_closed(&key);
		assert_ok!(Devices::withdraw_bond(RuntimeOrigin::signed(ALICE), key));
		Devices::do_try_state().unwrap();
	});
}
