//! Usage receipts: units and credits counted, late reports during the grace only, and every
//! receipt error named by index with nothing written (signatures across chains and purposes,
//! replays, the units cap, credits).

use super::*;

#[test]
fn usage_receipts_count_units_and_spend_credits() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 10, 1), receipt(&d, 0, 5, 2)]));
		assert_eq!(
			record(0, &key),
			Some(DeviceWork { kind: ProofKind::Usage, units: 15, credits: 30, voided: false })
		);
		assert_eq!(Credits::credits(&consumer()), 1_000 - 15 * 2);
		assert_eq!(ConsumerNonces::<Test>::get(consumer(), key), Some(2));
		let totals = Totals::<Test>::get(0);
		assert_eq!((totals.units.usage, totals.credits, totals.devices), (15, 30, 1));
		assert!(has_event(Event::UsageRecorded { epoch: 0, receipts: 2, units: 15, credits: 30 }));
	});
}

#[test]
fn late_usage_counts_during_the_grace_only() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_noop!(submit_usage(1, vec![receipt(&d, 1, 1, 1)]), Error::<Test>::EpochInFuture);
		run_to_block(EPOCH);
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 3, 1)]));
		assert_eq!(units(0, &key), 3, "counted for the ended epoch");
		run_to_block(EPOCH + GRACE);
		assert_noop!(submit_usage(0, vec![receipt(&d, 0, 1, 2)]), Error::<Test>::EpochTooOld);
		assert_eq!(CLOSED.with(|c| c.borrow()[0].1.units.usage), 3);
	});
}

#[test]
fn usage_receipt_errors_name_the_bad_receipt_and_write_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (w, _) = device("hotspot", alice(), class(ProofKind::Witnessed, 100), Some(CELL));
		let (idle, idle_key) = usage_device("idle");
		Registry::set_active(&idle_key, false);
		let stranger = pair("//Stranger");
		Credits::set(&consumer(), 1_000);

		assert_noop!(submit_usage(0, vec![]), Error::<Test>::EmptyBatch);
		let good = receipt(&d, 0, 1, 1);
		let check = |bad: UsageReceiptOf<Test>, error: Error<Test>| {
			// The bad receipt is second: the first, valid one is not written either.
			assert_noop!(submit_usage(0, vec![good.clone(), bad]), error);
		};
		check(receipt(&d, 0, 0, 2), Error::<Test>::ZeroUnits { index: 1 });
		check(receipt(&stranger, 0, 1, 2), Error::<Test>::UnknownDevice { index: 1 });
		check(receipt(&idle, 0, 1, 2), Error::<Test>::DeviceNotActive { index: 1 });
		check(receipt(&w, 0, 1, 2), Error::<Test>::WrongProofKind { index: 1 });

		// Signed by another key than the device's.
		let mut forged = receipt(&d, 0, 1, 2);
		forged.device_signature = receipt(&stranger, 0, 1, 2).device_signature;
		check(forged, Error::<Test>::BadDeviceSignature { index: 1 });
		// Units changed after signing.
		let mut inflated = receipt(&d, 0, 1, 2);
		inflated.units = 50;
		check(inflated, Error::<Test>::BadDeviceSignature { index: 1 });
		// The consumer did not sign this receipt.
		let mut unpaid = receipt(&d, 0, 1, 2);
		unpaid.consumer_signature = MultiSignature::Sr25519(pair("//Bob").sign(b"anything"));
		check(unpaid, Error::<Test>::BadConsumerSignature { index: 1 });
		// Signed for another chain (genesis hash) or another purpose (domain tag).
		let other_chain =
			(USAGE_RECEIPT_TAG, H256::repeat_byte(1), key, consumer(), 0u32, 1u64, 2u64).encode();
		let other_purpose = (
			*b"dpin/other-tag/1",
			crate::payload::genesis_hash::<Test>(),
			key,
			consumer(),
			0u32,
			1u64,
			2u64,
		)
			.encode();
		for payload in [other_chain, other_purpose] {
			let mut r = receipt(&d, 0, 1, 2);
			r.device_signature = d.sign(&payload).0;
			r.consumer_signature = MultiSignature::Sr25519(pair("//Consumer").sign(&payload));
			check(r, Error::<Test>::BadDeviceSignature { index: 1 });
		}
		// Replays, within a batch and across batches.
		check(receipt(&d, 0, 1, 1), Error::<Test>::ReceiptReplayed { index: 1 });
		assert_ok!(submit_usage(0, vec![receipt(&d, 0, 1, 5)]));
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 1, 5)]),
			Error::<Test>::ReceiptReplayed { index: 0 }
		);
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 1, 4)]),
			Error::<Test>::NonceNotIncreasing { index: 0 }
		);
		// The cap (100 units per epoch) is not clipped: the consumer would pay for nothing.
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 99, 6), receipt(&d, 0, 1, 7)]),
			Error::<Test>::UnitsCapExceeded { index: 1 }
		);
		// 1,000 credits at 2 per unit pay for at most 500 units.
		Credits::set(&consumer(), 20);
		assert_noop!(
			submit_usage(0, vec![receipt(&d, 0, 5, 6), receipt(&d, 0, 6, 7)]),
			Error::<Test>::InsufficientCredits { index: 1 }
		);
		assert_eq!(units(0, &key), 1);
	});
}
