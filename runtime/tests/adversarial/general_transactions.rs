//! Authorized general transactions: settlements and beacons carry their own authorization (the
//! signatures of the consumer, the devices and the witnesses), so they have no signer, no nonce
//! and no fee. What that must not open: free block space for other calls, and the authorized
//! calls from an account.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	genesis_config_presets::{DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR},
	AccountId, BalancesCall, Executive, Runtime, RuntimeCall, RuntimeEvent, System, DPIN,
	MILLI_DPIN,
};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_work::WeightInfo as _;
use sp_core::{sr25519, Pair as _};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave, Eve};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, UnknownTransaction},
	DispatchError,
};

type WorkWeights = <Runtime as pallet_work::Config>::WeightInfo;

fn fee_events() -> usize {
	System::events()
		.iter()
		.filter(|r| {
			matches!(
				r.event,
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { .. }
				)
			)
		})
		.count()
}

/// A settlement is sent as an authorized general transaction: nobody signs the transaction, so
/// nobody needs an account or DPIN to send it, and no fee is paid. Here the consumer is a key
/// that has never held DPIN (Dave bought its credits for it), and the transaction has no sender
/// at all. The consumer pays in credits only: units × price for the units, plus the settlement
/// charge, `SettlementRate` (1 credit in the runtime's genesis) × the reference time the
/// settlement declares to its block: the extrinsic's base weight, the call's and its
/// authorization's (`pallet_work::Pallet::settlement_charge(n)` for a batch of n vouchers). That
/// is no more than the block weight it really takes. The charge counts neither in the epoch's
/// credits nor in any balance.
#[test]
fn a_settlement_pays_no_fee_and_needs_no_account() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, key) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let consumer = sr25519::Pair::from_string("//Walletless", None).unwrap();
		let account = AccountId::new(consumer.public().0);
		dispatch(Dave, buy_credits(account.clone(), DPIN));
		assert!(!System::account_exists(&account));

		let xt = general(settle_by(&consumer, 0, vec![voucher_for(&sensor, &account, 0, 40)]));
		let rate = pallet_work::SettlementRate::<Runtime>::get();
		assert_eq!(rate, depin_runtime::configs::work::SETTLEMENT_RATE);
		let base = <Runtime as frame_system::Config>::BlockWeights::get()
			.get(DispatchClass::Normal)
			.base_extrinsic;
		let declared =
			xt.get_dispatch_info().call_weight + WorkWeights::authorize_settle_usage(1) + base;
		let expected_charge = rate * u128::from(declared.ref_time());
		assert_eq!(pallet_work::Pallet::<Runtime>::settlement_charge(1), expected_charge);
		assert!(expected_charge > 0);

		let validity = pool_validity(xt.clone()).expect("the pool takes it");
		assert!(validity.priority > 0);
		System::reset_events();
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let balances: Vec<_> =
			[Alice, Bob, Dave, Eve].iter().map(|k| free(&k.to_account_id())).collect();
		let weight_before = *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		let used = frame_system::BlockWeight::<Runtime>::get()
			.get(DispatchClass::Normal)
			.saturating_sub(weight_before);
		assert!(
			expected_charge <= rate * u128::from(used.ref_time()),
			"the charge is for more than the block weight the settlement took ({used:?})"
		);

		// No fee, no DPIN moved, no account created.
		assert_eq!(fee_events(), 0);
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance);
		let after: Vec<_> =
			[Alice, Bob, Dave, Eve].iter().map(|k| free(&k.to_account_id())).collect();
		assert_eq!(after, balances);
		assert!(!System::account_exists(&account));
		assert_eq!(free(&account), 0);
		// Credits: the 40 units at 0.001 DPIN, then the charge.
		assert_eq!(credits(&account), DPIN - 40 * MILLI_DPIN - expected_charge);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Work(pallet_work::Event::UsageSettled {
				consumer: account.clone(),
				epoch: 0,
				vouchers: 1,
				units: 40,
				credits: 40 * MILLI_DPIN,
				charge: expected_charge,
			})));
		assert_eq!(
			pallet_work::WorkRecords::<Runtime>::get(0, key).unwrap().credits,
			40 * MILLI_DPIN
		);
		assert_eq!(pallet_work::Totals::<Runtime>::get(0).credits, 40 * MILLI_DPIN);
		check_invariants();
	});
}

/// `settle_usage` and `submit_beacon` take their authority from the signatures they carry, not
/// from an account: sent as a signed transaction (by anyone, the consumer included), the origin
/// is the signer, which the calls refuse (`BadOrigin`). What really happens: the pool takes the
/// transaction (it is a well-formed signed transaction whose fee can be paid), a block includes
/// it, the signer pays the fee and nothing is settled or counted. The same holds inside a
/// signed utility batch. Sent as general transactions, the same calls then succeed.
#[test]
fn a_signed_settlement_or_beacon_fails_and_its_signer_pays_the_fee() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, sensor_key) =
			register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		let (_, beaconer) = register_demo_device(Alice, "Beaconer", DEMO_CLASS_HOTSPOT, Some(CELL));
		let (witness_pair, _) =
			register_demo_device(Bob, "Witness", DEMO_CLASS_HOTSPOT, Some(NEAR));
		let dave = Dave.to_account_id();
		dispatch(Dave, buy_credits(dave.clone(), DPIN));
		let settlement = settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]);
		let beacon_call = beacon(beaconer, 0, vec![witness(&witness_pair, beaconer, 0)]);

		for (signer, nonce, call) in [
			(Eve, 0, settlement.clone()),
			(Eve, 1, beacon_call.clone()),
			(Dave, 0, settlement.clone()),
		] {
			let account = signer.to_account_id();
			let xt = signed(signer, nonce, call);
			assert!(pool_validity(xt.clone()).is_ok(), "the pool takes a signed transaction");
			let before = free(&account);
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Err(DispatchError::BadOrigin)));
			let fee = fee_paid(&account);
			assert!(fee > 0);
			assert_eq!(free(&account), before - fee);
			assert_eq!(System::account_nonce(&account), nonce + 1);
		}
		// Inside a signed utility batch: interrupted with `BadOrigin`.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch {
			calls: vec![settlement.clone(), beacon_call.clone()],
		});
		System::reset_events();
		assert_eq!(Executive::apply_extrinsic(signed(Eve, 2, batch)), Ok(Ok(())));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted {
				index: 0,
				error: DispatchError::BadOrigin,
			})));
		assert!(fee_paid(&Eve.to_account_id()) > 0);

		// Nothing settled or counted, no credit spent.
		assert_eq!(credits(&dave), DPIN);
		assert!(!pallet_work::WorkRecords::<Runtime>::contains_key(0, sensor_key));
		assert!(pallet_work::Beacons::<Runtime>::get(0, beaconer).is_empty());

		assert_applied(settlement);
		assert_applied(beacon_call);
		assert_eq!(credits(&dave), DPIN - 10 * MILLI_DPIN - charge(1));
		check_invariants();
	});
}

/// A general transaction has no signer, so its call must authorize it. A call without an
/// authorization (a balance transfer, a remark, buying credits, a claim, a sudo call, even a
/// utility batch of settlements, whose own call authorizes nothing) is refused with
/// `UnknownOrigin` by the pool and by a block, and nothing is written: nobody gets block space
/// for free.
///
/// A settlement sent as a bare extrinsic (the format of inherents) is refused by the pool: the
/// work pallet validates no unsigned transactions (`NoUnsignedValidator`), so no one can get it
/// to a block author. What really happens if the author puts one in its own block anyway (as
/// FRAME applies a bare extrinsic of a call without `ValidateUnsigned`): it is dispatched with
/// no origin and fails with `BadOrigin`; nothing is settled. Only the author's own block space
/// is spent, which it could fill with anything.
#[test]
fn a_general_transaction_without_authorization_is_refused() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (sensor, device) = register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(CELL));
		dispatch(Dave, buy_credits(Dave.to_account_id(), DPIN));
		let settlement = settle(Dave, 0, vec![voucher(&sensor, Dave, 0, 10)]);
		let unauthorized = [
			RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: Bob.to_account_id().into(),
				value: DPIN,
			}),
			RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 1_000] }),
			buy_credits(Eve.to_account_id(), DPIN),
			claim(device, &[0]),
			RuntimeCall::Sudo(pallet_sudo::Call::sudo {
				call: Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
			}),
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![settlement.clone()] }),
		];
		let before = storage_root();
		for call in unauthorized {
			let refusal = Err(InvalidTransaction::UnknownOrigin.into());
			assert_eq!(pool_validity(general(call.clone())).map(|_| ()), refusal, "{call:?}");
			assert_eq!(push(general(call.clone())), refusal.map(Ok), "{call:?}");
		}
		assert_eq!(storage_root(), before, "a refused transaction wrote to storage");

		let bare = depin_runtime::UncheckedExtrinsic::new_bare(settlement.clone());
		assert_eq!(
			pool_validity(bare.clone()).map(|_| ()),
			Err(UnknownTransaction::NoUnsignedValidator.into())
		);
		assert_eq!(push(bare), Ok(Err(DispatchError::BadOrigin)));
		assert_eq!(credits(&Dave.to_account_id()), DPIN);
		assert!(!pallet_work::WorkRecords::<Runtime>::contains_key(0, device));

		assert_applied(settlement);
		check_invariants();
	});
}
