//! Registration spam from dust accounts: what each registration costs.

use crate::common::*;
use crate::helpers::*;
use codec::Encode;
use depin_runtime::{
	genesis_config_presets::DEMO_CLASS_SENSOR, Executive, Runtime, RuntimeCall, System,
	TransactionPayment, DPIN, EXISTENTIAL_DEPOSIT, MILLI_DPIN,
};
use frame_support::{assert_noop, dispatch::GetDispatchInfo};
use pallet_devices::Error as DevicesError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{One, Two};
use sp_runtime::{traits::Dispatchable, transaction_validity::InvalidTransaction};

// --- 9. Registration spam from dust accounts.

/// Registrations sent as real signed transactions. Each one costs the class bond, put on hold
/// (10 DPIN for a sensor, the cheapest demo class), plus the transaction fee, burned: about
/// 0.0012 DPIN (by the weights: 0.00015 DPIN of base fee, 0.00079 DPIN for the call's benchmarked
/// weight, about 0.00025 DPIN for the transaction extensions, and 10,000 plancks per byte, under
/// 0.000003 DPIN for a ~285-byte transaction). A thousand sybil sensors lock 10,000 DPIN and burn
/// about 1.2 DPIN; the bonds come back a week after retiring, so the lasting cost is the fees and
/// the capital's lock-up. The stronger bound is the maker: every registration needs its
/// certificate and counts against its quota (1,000 for the demo maker). A dust account cannot
/// register at all: below the bond the call fails (and the fee is lost), and an account holding
/// only the existential deposit cannot even pay the fee, so its transaction is not valid.
#[test]
fn dust_accounts_pay_bond_and_fee_per_registration() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let bond = bond_of(DEMO_CLASS_SENSOR);
		assert_eq!(bond, 10 * DPIN);

		// A funded spammer: bond on hold, fee paid.
		let spammer = One.to_account_id();
		let (_, key, call) = registration(&spammer, "Spam0", DEMO_CLASS_SENSOR, Some(CELL));
		let xt = signed(One, 0, call);
		let info = xt.get_dispatch_info();
		let declared_fee = TransactionPayment::compute_fee(xt.encode().len() as u32, &info, 0);
		let before = free(&spammer);
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		let fee = fee_paid(&spammer);
		assert!(fee > 0 && fee <= declared_fee, "paid {fee}, declared {declared_fee}");
		assert!(fee < 10 * MILLI_DPIN, "the fee, {fee} plancks, is about a thousandth of a DPIN");
		assert_eq!(before - free(&spammer), bond + fee);
		assert_eq!(device_bonds(One), bond);
		assert!(pallet_devices::Devices::<Runtime>::contains_key(key));

		// A dust account with half a bond.
		let dust = Two.to_account_id();
		set_free(Two, 5 * DPIN);
		let (_, key, call) = registration(&dust, "Spam1", DEMO_CLASS_SENSOR, Some(CELL));
		assert_noop!(call.clone().dispatch(origin(Two)), DevicesError::<Runtime>::CannotAffordBond);
		assert_eq!(
			Executive::apply_extrinsic(signed(Two, 0, call.clone())),
			Ok(Err(DevicesError::<Runtime>::CannotAffordBond.into()))
		);
		assert_eq!(free(&dust), 5 * DPIN - fee_paid(&dust));
		assert!(!pallet_devices::Devices::<Runtime>::contains_key(key));

		// A dust account with only the existential deposit: the transaction is not valid.
		set_free(Two, EXISTENTIAL_DEPOSIT);
		assert_eq!(
			Executive::apply_extrinsic(signed(Two, 1, call)),
			Err(InvalidTransaction::Payment.into())
		);
		assert_eq!((free(&dust), System::account_nonce(&dust)), (EXISTENTIAL_DEPOSIT, 1));

		// The maker's quota caps what any amount of money can register.
		let onboarded = pallet_devices::Makers::<Runtime>::get(0).unwrap().onboarded;
		root(RuntimeCall::Devices(pallet_devices::Call::set_maker_quota {
			maker: 0,
			quota: onboarded,
		}));
		let (_, _, call) = registration(&spammer, "Spam2", DEMO_CLASS_SENSOR, Some(CELL));
		assert_noop!(call.dispatch(origin(One)), DevicesError::<Runtime>::MakerQuotaExhausted);
		check_invariants();
	});
}
