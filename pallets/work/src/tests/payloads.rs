//! The documented signed-payload bytes and challenge derivation (`docs/work.md`).

use super::*;

/// The worked examples of `docs/work.md`: if this test fails, the documented byte layouts are
/// wrong (or the chain changed them).
#[test]
fn signed_payload_layouts_match_the_docs() {
	new_test_ext(|| {
		let device = PublicKey::Sr25519(pair("//Alice").public().0);
		let consumer = account("//Bob");
		// The runtime's balance is a u128: the price takes 16 bytes.
		let genesis = H256::repeat_byte(0x45);
		let price: u128 = 1_000_000_000;
		let voucher = crate::payload::usage_voucher(&genesis, &device, &consumer, 7, 250, price);
		let expected = [
			"6470696e2f75736167652d7663682f31",
			"4545454545454545454545454545454545454545454545454545454545454545",
			"00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
			"8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
			"07000000",
			"fa00000000000000",
			"00ca9a3b000000000000000000000000",
		]
		.concat();
		assert_eq!(hex(&voucher), expected);
		assert_eq!(voucher.len(), 141);
		// The pallet builds the same bytes with this chain's genesis hash.
		assert_eq!(
			Work::voucher_payload(&device, &consumer, 7, 250, 2),
			crate::payload::usage_voucher(
				&crate::payload::genesis_hash::<Test>(),
				&device,
				&consumer,
				7,
				250,
				2u64
			)
		);

		// A batch of one item, with a placeholder signature (the hash does not check it).
		let items = vec![VoucherItem {
			device,
			cumulative_units: 250,
			unit_price: price,
			device_signature: [0x11; 64],
		}];
		let encoded_items = [
			"04",
			"00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
			"fa00000000000000",
			"00ca9a3b000000000000000000000000",
			&"11".repeat(64),
		]
		.concat();
		assert_eq!(hex(&items.encode()), encoded_items);
		let items_hash = crate::payload::voucher_items_hash(&items);
		assert_eq!(
			hex(&items_hash),
			"5cd1a162d75debe761a7dc596263e57add8f0a7ba93412aaf79ea2278edfa98b"
		);
		let batch = crate::payload::usage_batch(&genesis, &consumer, 7, &items_hash);
		let expected = [
			"6470696e2f75736167652d6261742f31",
			"4545454545454545454545454545454545454545454545454545454545454545",
			"8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
			"07000000",
			"5cd1a162d75debe761a7dc596263e57add8f0a7ba93412aaf79ea2278edfa98b",
		]
		.concat();
		assert_eq!(hex(&batch), expected);
		assert_eq!(batch.len(), 116);

		let challenge = H256::repeat_byte(0xab);
		let witness = Work::witness_payload(&device, 7, &challenge);
		let expected = [
			"6470696e2f7769746e6573732d722f31",
			"4545454545454545454545454545454545454545454545454545454545454545",
			"00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
			"07000000",
			"abababababababababababababababababababababababababababababababab",
		]
		.concat();
		assert_eq!(hex(&witness), expected);
		assert_eq!(witness.len(), 117);

		// The challenge derivation and the threshold comparison.
		let seed = H256::repeat_byte(0x11);
		Seeds::<Test>::insert(7, seed);
		let mut preimage = CHALLENGE_TAG.to_vec();
		preimage.extend_from_slice(seed.as_bytes());
		preimage.extend_from_slice(&7u32.to_le_bytes());
		preimage.push(0);
		preimage.extend_from_slice(&pair("//Alice").public().0);
		assert_eq!(preimage.len(), 85);
		let challenge = Work::challenge(7, &device).unwrap();
		assert_eq!(challenge.0, sp_io::hashing::blake2_256(&preimage));
		// First eight bytes 0x1999999999999999 are just below 10 % of 2^64.
		let mut c = [0u8; 32];
		c[..8].copy_from_slice(&0x1999_9999_9999_9999u64.to_be_bytes());
		assert!(Work::challenged_at(&H256(c), Perbill::from_percent(10)));
		c[..8].copy_from_slice(&0x1999_9999_9999_999au64.to_be_bytes());
		assert!(!Work::challenged_at(&H256(c), Perbill::from_percent(10)));
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
