//! Usage vouchers: the increase over the settled cumulative units, stale and replayed vouchers
//! skipped, the class cap and price, the settlement charge, late settlement during the grace
//! only, the authorization (pool validity) and every error with nothing written.

use super::*;
use frame_support::traits::{Authorize, PalletInfoAccess};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource};

#[test]
fn vouchers_settle_the_increase_of_cumulative_units() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (e, other) = usage_device("camera");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10), voucher(&e, 0, 4)]));
		assert_eq!(
			record(0, &key),
			Some(DeviceWork {
				owner: alice(),
				kind: ProofKind::Usage,
				units: 10,
				credits: 20,
				shares: 20,
				bond: BOND,
				voided: false
			})
		);
		assert_eq!(Settled::<Test>::get(0, (consumer(), key)), Some(10));
		// A later voucher covers the earlier ones: only the 15 new units settle.
		assert_ok!(settle(0, vec![voucher(&d, 0, 25)]));
		assert_eq!(units(0, &key), 25);
		assert_eq!(units(0, &other), 4);
		assert_eq!(Credits::credits(&consumer()), 1_000 - 29 * 2);
		let totals = Totals::<Test>::get(0);
		assert_eq!((totals.units.usage, totals.credits, totals.devices), (29, 58, 2));
		assert!(has_event(Event::UsageSettled {
			consumer: consumer(),
			epoch: 0,
			vouchers: 1,
			units: 15,
			credits: 30,
			charge: 0
		}));
	});
}

#[test]
fn stale_and_replayed_vouchers_settle_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (e, other) = usage_device("camera");
		Credits::set(&consumer(), 1_000);
		let old = voucher(&d, 0, 5);
		assert_ok!(settle(0, vec![voucher(&d, 0, 20)]));
		// Submitted out of order, the older voucher cannot void the device's work: on its own
		// it is refused (nothing to settle), in a batch it is skipped with an event.
		assert_noop!(settle(0, vec![old.clone()]), Error::<Test>::NothingToSettle);
		assert_noop!(settle(0, vec![voucher(&d, 0, 20)]), Error::<Test>::NothingToSettle);
		assert_ok!(settle(0, vec![old, voucher(&e, 0, 3)]));
		assert!(has_event(Event::VoucherSkipped { consumer: consumer(), device: key, epoch: 0 }));
		assert_eq!((units(0, &key), units(0, &other)), (20, 3));
		assert_eq!(Credits::credits(&consumer()), 1_000 - 23 * 2);
		assert_eq!(Settled::<Test>::get(0, (consumer(), key)), Some(20));

		// A stale item's signature is not checked (it settles nothing, so it cannot matter):
		// old vouchers cannot make a batch with one bad voucher cost a batch's worth of
		// checks. The fresh item's is, and names it.
		let mut stale_forged = voucher(&d, 0, 20);
		stale_forged.device_signature = [7; 64];
		let mut fresh_forged = voucher(&e, 0, 9);
		fresh_forged.device_signature = [7; 64];
		assert_noop!(
			settle(0, vec![stale_forged.clone(), fresh_forged]),
			Error::<Test>::BadDeviceSignature { index: 1 }
		);
		assert_ok!(settle(0, vec![stale_forged, voucher(&e, 0, 9)]));
		assert_eq!((units(0, &key), units(0, &other)), (20, 9));
	});
}

#[test]
fn cumulative_units_restart_each_epoch_and_late_ones_settle_during_the_grace_only() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_noop!(settle(1, vec![voucher(&d, 1, 1)]), Error::<Test>::EpochInFuture);
		assert_ok!(settle(0, vec![voucher(&d, 0, 3)]));
		run_to_block(EPOCH);
		// Epoch 1 counts from zero; epoch 0's final voucher may still come in its grace,
		// after epoch 1's first.
		assert_ok!(settle(1, vec![voucher(&d, 1, 2)]));
		assert_ok!(settle(0, vec![voucher(&d, 0, 7)]));
		assert_eq!((units(0, &key), units(1, &key)), (7, 2));
		run_to_block(EPOCH + GRACE);
		assert_noop!(settle(0, vec![voucher(&d, 0, 9)]), Error::<Test>::EpochTooOld);
		assert_eq!(CLOSED.with(|c| c.borrow()[0].1.units.usage), 7);
	});
}

#[test]
fn units_above_the_cap_are_clipped_and_not_paid_for() {
	new_test_ext(|| {
		// The test class caps a device at 100 units per epoch.
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 90)]));
		assert_ok!(settle(0, vec![voucher(&d, 0, 130)]));
		assert_eq!(units(0, &key), 100);
		assert_eq!(
			Credits::credits(&consumer()),
			1_000 - 100 * 2,
			"the 30 clipped units cost nothing"
		);
		// The cumulative value still advanced: the clipped units cannot settle later.
		assert_eq!(Settled::<Test>::get(0, (consumer(), key)), Some(130));
	});
}

#[test]
fn a_batch_pays_the_settlement_charge_for_its_weight() {
	new_test_ext(|| {
		let (d, _) = usage_device("sensor");
		let (e, _) = usage_device("camera");
		// The mock weighs a batch of n at 30 + 3n, plus 5 for the extrinsic's base; 5 credits
		// per unit of weight.
		assert_ok!(Work::set_settlement_rate(RuntimeOrigin::root(), 5));
		assert!(has_event(Event::SettlementRateSet { rate: 5 }));
		assert_eq!(Work::settlement_charge(2), 5 * 41);
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10), voucher(&e, 0, 10)]));
		assert_eq!(Credits::credits(&consumer()), 1_000 - 40 - 205);
		assert!(has_event(Event::UsageSettled {
			consumer: consumer(),
			epoch: 0,
			vouchers: 2,
			units: 20,
			credits: 40,
			charge: 205
		}));
		// The charge does not back rewards: the epoch counts the units' credits only.
		assert_eq!(Totals::<Test>::get(0).credits, 40);
		// Credits for the units but not for the charge: refused.
		Credits::set(&consumer(), 2 * 5 + 5 * 38 - 1);
		assert_noop!(settle(0, vec![voucher(&d, 0, 15)]), Error::<Test>::InsufficientCredits);
		Credits::set(&consumer(), 2 * 5 + 5 * 38);
		assert_ok!(settle(0, vec![voucher(&d, 0, 15)]));
		assert_eq!(Credits::credits(&consumer()), 0);
		assert_noop!(Work::set_settlement_rate(RuntimeOrigin::signed(bob()), 0), BadOrigin);
		// Governance cannot make settlements free where the runtime sets a floor.
		MinSettlementRate::set(1);
		assert_noop!(
			Work::set_settlement_rate(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidSettlementRate
		);
		assert_ok!(Work::set_settlement_rate(RuntimeOrigin::root(), 1));
	});
}

#[test]
fn settlements_are_authorized_general_transactions() {
	new_test_ext(|| {
		let (d, _) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		let items = vec![voucher(&d, 0, 10)];
		let consumer_signature = batch_signature(0, &items);
		// Not from an account: the signatures are the authorization.
		assert_noop!(
			Work::settle_usage(
				RuntimeOrigin::signed(consumer()),
				consumer(),
				0,
				bounded(items.clone()),
				consumer_signature.clone()
			),
			BadOrigin
		);
		let call = Call::<Test>::settle_usage {
			consumer: consumer(),
			epoch: 0,
			items: bounded(items.clone()),
			consumer_signature,
		};
		let (validity, _) = call.authorize(TransactionSource::External).unwrap().unwrap();
		let key = PublicKey::Sr25519(d.public().0);
		assert_eq!(validity.provides, vec![("DepinUsage", (consumer(), key, 0u32)).encode()]);
		assert!(validity.requires.is_empty());
		// An untipped transaction's priority for its weight (33 for the whole settlement of
		// one voucher + the base 5).
		assert_eq!(validity.priority, MAX_BLOCK / 38);
		// The call declares the whole settlement minus its authorization, which
		// `AuthorizeCall` charges: together they are the whole settlement's weight.
		use frame_support::dispatch::GetDispatchInfo;
		assert_eq!(call.get_dispatch_info().call_weight, Weight::from_parts(33 - 22, 0));
		assert_eq!(call.weight_of_authorize(), Weight::from_parts(22, 0));
		assert_eq!(validity.longevity, EPOCH + GRACE - 1, "until the grace of epoch 0 ends");
		// A bad batch is refused with the pallet error's index as its custom code.
		let bad = Call::<Test>::settle_usage {
			consumer: consumer(),
			epoch: 0,
			items: bounded(items.clone()),
			consumer_signature: batch_signature(0, &[voucher(&d, 0, 11)]),
		};
		let code = Error::<Test>::BadConsumerSignature.encode()[0];
		assert_eq!(
			bad.authorize(TransactionSource::External),
			Some(Err(InvalidTransaction::Custom(code).into()))
		);
	});
}

#[test]
fn voucher_errors_name_the_bad_voucher_and_write_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		let (w, _) = device("hotspot", alice(), class(ProofKind::Witnessed, 100), Some(CELL));
		let (idle, idle_key) = usage_device("idle");
		Registry::set_active(&idle_key, false);
		let (e, _) = usage_device("camera");
		let stranger = pair("//Stranger");
		Credits::set(&consumer(), 1_000);

		assert_noop!(settle(0, vec![]), Error::<Test>::EmptyBatch);
		let good = voucher(&e, 0, 1);
		let check = |bad: VoucherItemOf<Test>, error: Error<Test>| {
			// The bad voucher is second: the first, valid one is not written either.
			assert_noop!(settle(0, vec![good.clone(), bad]), error);
		};
		check(voucher(&d, 0, 0), Error::<Test>::ZeroUnits { index: 1 });
		check(voucher(&stranger, 0, 1), Error::<Test>::UnknownDevice { index: 1 });
		check(voucher(&idle, 0, 1), Error::<Test>::DeviceNotActive { index: 1 });
		check(voucher(&w, 0, 1), Error::<Test>::WrongProofKind { index: 1 });
		check(voucher(&e, 0, 2), Error::<Test>::DuplicateDevice { index: 1 });
		// Signed at another price than the class's (2).
		check(voucher_at(&d, 0, 1, 1), Error::<Test>::WrongPrice { index: 1 });

		// Signed by another key than the device's.
		let mut forged = voucher(&d, 0, 1);
		forged.device_signature = voucher(&stranger, 0, 1).device_signature;
		check(forged, Error::<Test>::BadDeviceSignature { index: 1 });
		// Units changed after signing.
		let mut inflated = voucher(&d, 0, 1);
		inflated.cumulative_units = 50;
		check(inflated, Error::<Test>::BadDeviceSignature { index: 1 });
		// Signed for another chain (genesis hash), purpose (domain tag), consumer or epoch.
		let genesis = crate::payload::genesis_hash::<Test>();
		for payload in [
			(USAGE_VOUCHER_TAG, H256::repeat_byte(1), key, consumer(), 0u32, 1u64, 2u64).encode(),
			(*b"dpin/other-tag/1", genesis, key, consumer(), 0u32, 1u64, 2u64).encode(),
			(USAGE_VOUCHER_TAG, genesis, key, bob(), 0u32, 1u64, 2u64).encode(),
			(USAGE_VOUCHER_TAG, genesis, key, consumer(), 1u32, 1u64, 2u64).encode(),
		] {
			let mut v = voucher(&d, 0, 1);
			v.device_signature = d.sign(&payload).0;
			check(v, Error::<Test>::BadDeviceSignature { index: 1 });
		}

		// The consumer's batch signature: over other items, another epoch, by another key.
		let items = vec![voucher(&d, 0, 5)];
		for signature in [
			batch_signature(0, &[voucher(&d, 0, 6)]),
			batch_signature(1, &items),
			MultiSignature::Sr25519(pair("//Bob").sign(&Work::batch_payload(
				&consumer(),
				0,
				&items,
			))),
		] {
			assert_noop!(
				settle_signed(0, items.clone(), signature),
				Error::<Test>::BadConsumerSignature
			);
		}

		// Credits for 5 units at 2 each, not for 6.
		Credits::set(&consumer(), 10);
		assert_noop!(settle(0, vec![voucher(&d, 0, 6)]), Error::<Test>::InsufficientCredits);
		assert_ok!(settle(0, vec![voucher(&d, 0, 5)]));
		assert_eq!(units(0, &key), 5);
	});
}

#[test]
fn a_batch_over_the_size_bound_cannot_be_built() {
	new_test_ext(|| {
		let (d, _) = usage_device("sensor");
		let items = vec![voucher(&d, 0, 1); MAX_VOUCHERS as usize + 1];
		assert!(BoundedVec::<VoucherItemOf<Test>, <Test as Config>::MaxVouchers>::try_from(
			items.clone()
		)
		.is_err());
		// Nor decoded: a call carrying more items than the bound does not decode.
		let mut encoded = vec![];
		consumer().encode_to(&mut encoded);
		0u32.encode_to(&mut encoded);
		items.encode_to(&mut encoded);
		batch_signature(0, &items).encode_to(&mut encoded);
		let mut call = vec![Work::index() as u8, 11];
		call.extend(encoded);
		assert!(<RuntimeCall as codec::Decode>::decode(&mut &call[..]).is_err());
	});
}

#[test]
fn competing_settlements_of_one_pair_share_a_pool_tag() {
	new_test_ext(|| {
		// Vouchers of one pair, however many and however signed, take one pool slot: nobody
		// floods the pool with a consumer's and a device's keys.
		let (d, _) = usage_device("sensor");
		let (e, _) = usage_device("camera");
		Credits::set(&consumer(), 1_000);
		let tags = |items: Vec<VoucherItemOf<Test>>| {
			let consumer_signature = batch_signature(0, &items);
			let call = Call::<Test>::settle_usage {
				consumer: consumer(),
				epoch: 0,
				items: bounded(items),
				consumer_signature,
			};
			call.authorize(TransactionSource::External).unwrap().unwrap().0.provides
		};
		let ten = tags(vec![voucher(&d, 0, 10)]);
		let twenty = tags(vec![voucher(&d, 0, 20)]);
		let resigned = tags(vec![voucher(&d, 0, 10)]);
		let both = tags(vec![voucher(&e, 0, 3), voucher(&d, 0, 30)]);
		assert_eq!(ten, twenty);
		assert_eq!(ten, resigned);
		assert!(both.contains(&ten[0]), "a batch conflicts with every pending one of its pairs");
		// The priority does not grow with the units claimed, clipped or not.
		let priority = |cumulative| {
			let items = vec![voucher(&d, 0, cumulative)];
			let consumer_signature = batch_signature(0, &items);
			Call::<Test>::settle_usage {
				consumer: consumer(),
				epoch: 0,
				items: bounded(items),
				consumer_signature,
			}
			.authorize(TransactionSource::External)
			.unwrap()
			.unwrap()
			.0
			.priority
		};
		assert_eq!(priority(1), priority(u64::MAX));
	});
}

#[test]
fn voided_work_settles_no_units_and_costs_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		// An upheld dispute voids the epoch's work; the device is suspended, then resumed.
		assert_ok!(Work::open_dispute(RuntimeOrigin::signed(bob()), key, 0, H256::zero()));
		assert_ok!(Work::resolve_dispute(RuntimeOrigin::root(), 0, Verdict::Upheld));
		Registry::set_active(&key, true);
		let credits = Credits::credits(&consumer());
		assert_ok!(settle(0, vec![voucher(&d, 0, 25)]));
		assert_eq!(Credits::credits(&consumer()), credits, "nothing paid for voided work");
		assert_eq!(record(0, &key).map(|w| (w.units, w.voided)), Some((10, true)));
		assert_eq!(Settled::<Test>::get(0, (consumer(), key)), Some(25));
	});
}

#[test]
fn a_batch_that_cannot_pay_its_charge_is_refused_before_any_signature_check() {
	new_test_ext(|| {
		let (d, _) = usage_device("sensor");
		assert_ok!(Work::set_settlement_rate(RuntimeOrigin::root(), 1));
		// No credits and a bad consumer signature: the cheap check answers first.
		let items = vec![voucher(&d, 0, 1)];
		let bad = MultiSignature::Sr25519(pair("//Bob").sign(b"anything"));
		assert_noop!(
			settle_signed(0, items.clone(), bad.clone()),
			Error::<Test>::InsufficientCredits
		);
		// With credits, the same batch fails on its signature.
		Credits::set(&consumer(), 1_000);
		assert_noop!(settle_signed(0, items, bad), Error::<Test>::BadConsumerSignature);
	});
}

/// A record keeps one proof kind: units of another kind (a key re-registered under another
/// class within the epoch) credit nothing, so their shares can never be paid from the wrong
/// pool against another bond.
#[test]
fn work_of_another_proof_kind_credits_nothing() {
	new_test_ext(|| {
		let (d, key) = usage_device("sensor");
		Credits::set(&consumer(), 1_000);
		assert_ok!(settle(0, vec![voucher(&d, 0, 10)]));
		let (before, totals) = (record(0, &key), Totals::<Test>::get(0));
		// The first credit of the epoch told the registry, which keeps the device's bond and
		// owner until the epoch's dispute window has passed.
		assert_eq!(LAST_WORK.with(|w| w.borrow().get(&key.encode()).copied()), Some(0));
		let earner = crate::features::records::Earner {
			device: key,
			owner: alice(),
			cap: u64::MAX,
			weight: 1,
			scale: SHARE_PARTS as u32,
			bond: u128::from(BOND),
			located: None,
		};
		assert_eq!(Work::add_units(0, &earner, ProofKind::Witnessed, 5, 0), 0);
		assert_eq!((record(0, &key), Totals::<Test>::get(0)), (before, totals));
	});
}

#[test]
fn p256_devices_settle_and_pay_for_their_dearer_checks() {
	use p256::ecdsa::{signature::Signer, SigningKey};
	new_test_ext(|| {
		let signing = SigningKey::from_slice(&[3; 32]).unwrap();
		let public = depin_primitives::keys::p256_compress(
			signing.verifying_key().to_encoded_point(true).as_bytes(),
		)
		.unwrap();
		let key = PublicKey::P256(public);
		Registry::add(
			key,
			MockDevice {
				owner: alice(),
				class: class(ProofKind::Usage, 100),
				location: Some(CELL),
				active: true,
				bond: 0,
			},
		);
		let payload = Work::voucher_payload(&key, &consumer(), 0, 10, 2);
		let signature: p256::ecdsa::Signature = signing.sign(&payload);
		let low =
			depin_primitives::keys::normalize_p256_signature(&signature.to_bytes().into()).unwrap();
		let item =
			VoucherItem { device: key, cumulative_units: 10, unit_price: 2, device_signature: low };
		// The mock's P-256 check weighs 100: the authorization and the charge count it.
		let (sr, _) = usage_device("sensor");
		let items = vec![item.clone(), voucher(&sr, 0, 5)];
		assert_eq!(
			Work::authorize_settle_usage_weight(&items),
			TestWeights::authorize_settle_usage(2) + Weight::from_parts(100, 0)
		);
		assert_ok!(Work::set_settlement_rate(RuntimeOrigin::root(), 1));
		assert_eq!(Work::settlement_charge_of(2, 1), Work::settlement_charge(2) + 100);
		Credits::set(&consumer(), 1_000);
		// The pool ranks the batch by its whole weight, its P-256 check included (36 for two
		// vouchers + 100 + the base 5), below an sr25519 batch of the same length (36 + 5).
		let priority = |items: &[VoucherItemOf<Test>]| {
			let call = Call::<Test>::settle_usage {
				consumer: consumer(),
				epoch: 0,
				items: bounded(items.to_vec()),
				consumer_signature: batch_signature(0, items),
			};
			call.authorize(TransactionSource::External).unwrap().unwrap().0.priority
		};
		let (sr2, _) = usage_device("sensor2");
		assert_eq!(priority(&items), MAX_BLOCK / 141);
		assert_eq!(priority(&[voucher(&sr2, 0, 5), voucher(&sr, 0, 5)]), MAX_BLOCK / 41);
		assert_ok!(settle(0, items));
		assert_eq!(Credits::credits(&consumer()), 1_000 - 30 - Work::settlement_charge_of(2, 1));
		assert_eq!(units(0, &key), 10);
		// A high-S form of the device's signature of its next voucher is refused.
		let payload = Work::voucher_payload(&key, &consumer(), 0, 20, 2);
		let fresh: p256::ecdsa::Signature = signing.sign(&payload);
		let fresh =
			depin_primitives::keys::normalize_p256_signature(&fresh.to_bytes().into()).unwrap();
		let parsed_fresh = p256::ecdsa::Signature::from_slice(&fresh).unwrap();
		let high_fresh: depin_primitives::RawSignature =
			p256::ecdsa::Signature::from_scalars(parsed_fresh.r(), -*parsed_fresh.s())
				.unwrap()
				.to_bytes()
				.into();
		let bad = VoucherItem {
			device: key,
			cumulative_units: 20,
			unit_price: 2,
			device_signature: high_fresh,
		};
		assert_noop!(settle(0, vec![bad]), Error::<Test>::BadDeviceSignature { index: 0 });
	});
}
