//! The signed payloads' byte layout, as documented for firmware authors.

use super::*;

/// The worked example of `docs/devices.md`: if this test fails, the documented byte layout is
/// wrong and firmware built from it would produce signatures the chain rejects.
#[test]
fn signed_payload_layout_matches_the_docs() {
	new_test_ext(|| {
		// The test chain's genesis hash is 0x45 repeated (as in the docs' example).
		assert_eq!(genesis(), sp_core::H256::repeat_byte(0x45));
		let alice = sp_keyring::Sr25519Keyring::Alice.public().0;
		let bob = sp_keyring::Sr25519Keyring::Bob.to_account_id();

		// The class binding of a P-256 device of maker 3, class 2: 90 bytes.
		let binding = Devices::chain_binding_payload(3, &PublicKey::P256([0x02; 33]), 2);
		assert_eq!(binding.len(), 90);
		assert_eq!(
			hex(&binding),
			"6470696e2f6d616b65722d63686e2f31\
			 4545454545454545454545454545454545454545454545454545454545454545\
			 03000000\
			 02020202020202020202020202020202020202020202020202020202020202020202\
			 02000000"
		);

		let maker = Devices::maker_certificate_payload(&PublicKey::Sr25519(alice), 2);
		assert_eq!(
			hex(&maker),
			"6470696e2f6d616b65722d6174742f31\
			 4545454545454545454545454545454545454545454545454545454545454545\
			 00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d\
			 02000000"
		);
		// The runtime's accounts are 32-byte AccountId32; the mock's are u64, so the consent
		// payload is built from its parts here exactly as `device_consent_payload` does.
		let consent = (DEVICE_CONSENT_TAG, genesis(), &bob).encode();
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
		// The maker's consent to a bonding account: 84 bytes with a 32-byte account.
		let bond = crate::payload::maker_bond(&genesis(), 3, &bob);
		assert_eq!(
			hex(&bond),
			"6470696e2f6d616b65722d626e642f31\
			 4545454545454545454545454545454545454545454545454545454545454545\
			 03000000\
			 8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"
		);
		assert_eq!(
			Devices::maker_bond_payload(3, &ALICE),
			(crate::payload::MAKER_BOND_TAG, genesis(), 3u32, ALICE).encode()
		);
		// An ed25519 key is variant 1.
		assert_eq!(PublicKey::Ed25519([9; 32]).encode()[0], 1);
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
