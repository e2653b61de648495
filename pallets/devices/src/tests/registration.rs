//! Device registration: both key schemes, and every input it refuses.

use super::*;

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
			Default::default(),
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
				bounded(metadata),
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
			raw(sr_device("x").sign(&(MAKER_CERTIFICATE_TAG, genesis(), key, 0u32).encode()));
		assert_noop!(
			call(ALICE, 0, 0, wrong_key, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		// The maker certified another class.
		assert_ok!(Devices::create_class(RuntimeOrigin::root(), class_params(false)));
		assert_noop!(
			call(ALICE, 1, 0, good_maker, good_consent, ok_loc, vec![]),
			Error::<Test>::BadMakerSignature
		);
		// A maker certificate for another chain (genesis hash) or purpose (tag).
		let other_chain =
			raw(maker_pair().sign(&(MAKER_CERTIFICATE_TAG, [1u8; 32], key, 0u32).encode()));
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
			raw(device.sign(&(MAKER_CERTIFICATE_TAG, genesis(), ALICE).encode()));
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
		// Metadata longer than `MaxMetadataLen` (32) never reaches the pallet: the call does
		// not decode.
		let index = call_index(crate::Call::register_device {
			device: key,
			class: 0,
			maker: 0,
			maker_signature: good_maker,
			device_signature: good_consent,
			location: ok_loc,
			metadata: Default::default(),
		});
		let args =
			|metadata: Vec<u8>| (key, 0u32, 0u32, good_maker, good_consent, ok_loc, metadata);
		assert!(decodes(index, args(vec![0; 32])));
		assert!(!decodes(index, args(vec![0; 33])));
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
