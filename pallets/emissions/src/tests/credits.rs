//! Credits: buying them burns tokens, the purchase errors, and the work pallet spending them.

use super::*;

fn buy(buyer: u64, consumer: u64, amount: u64) -> frame_support::dispatch::DispatchResult {
	Emissions::buy_credits(RuntimeOrigin::signed(buyer), consumer, amount)
}

#[test]
fn buying_credits_burns_tokens() {
	new_test_ext(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(buy(ALICE, BOB, 300));
		assert_eq!(Balances::balance(&ALICE), 700);
		assert_eq!(Balances::total_issuance(), issuance - 300, "burned, not transferred");
		assert_eq!(Credits::<Test>::get(BOB), 300);
		assert_eq!(Credits::<Test>::get(ALICE), 0);
		assert_eq!(Burned::<Test>::get(0), 300);
		System::assert_last_event(
			Event::CreditsBought { buyer: ALICE, consumer: BOB, amount: 300, epoch: 0 }.into(),
		);
		// Burns are booked in the epoch they happen in; with the epoch's mint this gives the
		// sustainability ratio burned / minted.
		MockWork::set_epoch(4);
		assert_ok!(buy(ALICE, ALICE, 100));
		assert_eq!((Burned::<Test>::get(0), Burned::<Test>::get(4)), (300, 100));
		assert_eq!(CreditsIssued::<Test>::get(), 400);
	});
}

#[test]
fn credit_purchase_errors_write_nothing() {
	new_test_ext(|| {
		assert_noop!(buy(ALICE, BOB, MIN_PURCHASE - 1), Error::<Test>::BelowMinimumPurchase);
		assert_noop!(buy(ALICE, BOB, 1_001), Error::<Test>::InsufficientBalance);
		// The buyer must keep the existential deposit (5).
		assert_noop!(buy(ALICE, BOB, 996), Error::<Test>::InsufficientBalance);
		assert_noop!(buy(3, ALICE, MIN_PURCHASE), Error::<Test>::InsufficientBalance);
		assert_noop!(Emissions::buy_credits(RuntimeOrigin::root(), BOB, MIN_PURCHASE), BadOrigin);
		assert_ok!(buy(ALICE, BOB, 995));
	});
}

#[test]
fn the_work_pallet_spends_credits() {
	new_test_ext(|| {
		assert_ok!(buy(ALICE, BOB, 100));
		assert_eq!(<Emissions as CreditLedger<u64, u64>>::credits(&BOB), 100);
		assert_ok!(<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 60));
		assert_noop!(
			<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 41),
			Error::<Test>::InsufficientCredits
		);
		assert_ok!(<Emissions as CreditLedger<u64, u64>>::debit(&BOB, 40));
		assert_eq!(Credits::<Test>::get(BOB), 0);
		assert!(!Credits::<Test>::contains_key(BOB), "spent to zero, the entry is removed");
		assert_eq!(CreditsSpent::<Test>::get(), 100);
		assert_noop!(
			<Emissions as CreditLedger<u64, u64>>::debit(&TREASURY, 1),
			Error::<Test>::InsufficientCredits
		);
		// The invariants catch a stored empty entry.
		Credits::<Test>::insert(BOB, 0);
		assert_eq!(
			Emissions::do_try_state(),
			Err(sp_runtime::TryRuntimeError::Other("a consumer without credits keeps an entry"))
		);
		Credits::<Test>::remove(BOB);
	});
}
