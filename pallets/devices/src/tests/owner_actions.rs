//! What an owner changes on a device besides its location and owner: metadata.

use super::*;

#[test]
fn metadata_is_bounded_and_owner_only() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_ok!(Devices::set_metadata(RuntimeOrigin::signed(ALICE), key, bounded(b"sha256:00")));
		assert_eq!(last_event(), Event::MetadataSet { device: key }.into());
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().metadata.to_vec(), b"sha256:00".to_vec());
		// Metadata longer than `MaxMetadataLen` (32) never reaches the pallet: the call does
		// not decode.
		let index =
			call_index(crate::Call::set_metadata { device: key, metadata: Default::default() });
		assert!(decodes(index, (key, vec![1u8; 32])));
		assert!(!decodes(index, (key, vec![1u8; 33])));
		assert_noop!(
			Devices::set_metadata(RuntimeOrigin::signed(BOB), key, Default::default()),
			Error::<Test>::NotOwner
		);
	});
}
