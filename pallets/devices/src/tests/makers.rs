//! Makers: registration, quotas and revocation, and what they stop.

use super::*;

#[test]
fn makers_are_registered_updated_and_revoked() {
	new_test_ext(|| {
		let key = PublicKey::Ed25519([7; 32]);
		assert_ok!(Devices::register_maker(RuntimeOrigin::root(), key, bounded(b"Acme"), 3));
		assert_eq!(
			last_event(),
			Event::MakerRegistered { maker: 0, certificate_key: key, quota: 3 }.into()
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
		// A name longer than `MaxNameLen` (16) never reaches the pallet: the call does not
		// decode.
		let index = call_index(crate::Call::register_maker {
			certificate_key: key,
			name: bounded(b"Acme"),
			quota: 1,
		});
		assert!(decodes(index, (key, vec![b'x'; 16], 1u32)));
		assert!(!decodes(index, (key, vec![b'x'; 17], 1u32)));
		assert_noop!(
			Devices::register_maker(RuntimeOrigin::signed(ALICE), key, bounded(b"Evil"), 1),
			DispatchError::BadOrigin
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
				Default::default(),
			)
		};
		assert_noop!(attempt(), Error::<Test>::MakerQuotaExhausted);
		assert_ok!(Devices::set_maker_quota(RuntimeOrigin::root(), 0, 5));
		assert_ok!(Devices::revoke_maker(RuntimeOrigin::root(), 0));
		assert_noop!(attempt(), Error::<Test>::MakerRevoked);
	});
}
