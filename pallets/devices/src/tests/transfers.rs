//! Transfers: the offer, the acceptance and the bond that moves with the device.

use super::*;

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
		assert_eq!(view(&key).map(|d| d.owner), Some(BOB));
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
fn an_owner_can_withdraw_its_offer() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		let unknown = sr_key(&sr_device("never registered"));
		assert_noop!(
			Devices::cancel_transfer(RuntimeOrigin::signed(ALICE), unknown),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Devices::cancel_transfer(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::NoPendingTransfer
		);
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));
		// Only the owner may withdraw it, not the account it was offered to.
		assert_noop!(
			Devices::cancel_transfer(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::NotOwner
		);
		assert_ok!(Devices::cancel_transfer(RuntimeOrigin::signed(ALICE), key));
		assert_eq!(last_event(), Event::TransferCancelled { device: key, to: BOB }.into());
		assert!(crate::PendingTransfers::<Test>::get(key).is_none());
		// Bob can no longer take the device; it stays Alice's, bond and all.
		assert_noop!(
			Devices::accept_transfer(RuntimeOrigin::signed(BOB), key),
			Error::<Test>::NoPendingTransfer
		);
		assert_eq!((view(&key).map(|d| d.owner), held(ALICE)), (Some(ALICE), BOND));
		assert_noop!(
			Devices::cancel_transfer(RuntimeOrigin::signed(ALICE), key),
			Error::<Test>::NoPendingTransfer
		);
	});
}

/// A sale before disputes: the seller's bond answered for the seller's work, so a device whose
/// last work may still be disputed cannot be offered or change hands (`WorkStillDisputable`)
/// until that epoch's dispute window has passed; then the sale goes through.
#[test]
fn a_device_with_disputable_work_cannot_change_hands() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, BOB));
		// Work credited in epoch 5 (the work pallet tells the registry).
		CurrentEpoch::set(5);
		<Devices as DeviceInspect<u64, u64>>::note_work(&key, 5);
		// Late work of an earlier epoch never moves the mark back.
		<Devices as DeviceInspect<u64, u64>>::note_work(&key, 4);
		assert_eq!(crate::LastWork::<Test>::get(key), Some(5));
		// An unknown device gets no mark.
		let unknown = sr_key(&sr_device("never registered"));
		<Devices as DeviceInspect<u64, u64>>::note_work(&unknown, 5);
		assert!(crate::LastWork::<Test>::get(unknown).is_none());
		for epoch in [5, 6, 7] {
			CurrentEpoch::set(epoch);
			assert_noop!(
				Devices::accept_transfer(RuntimeOrigin::signed(BOB), key),
				Error::<Test>::WorkStillDisputable
			);
			assert_noop!(
				Devices::transfer_device(RuntimeOrigin::signed(ALICE), key, POOR),
				Error::<Test>::WorkStillDisputable
			);
		}
		// Epoch 8: epoch 5's window (2 epochs) has passed.
		CurrentEpoch::set(8);
		assert_ok!(Devices::accept_transfer(RuntimeOrigin::signed(BOB), key));
		assert_eq!(view(&key).map(|d| d.owner), Some(BOB));
	});
}
