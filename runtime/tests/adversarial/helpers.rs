//! Shared by the catalogue's attack families: the development preset's figures, H3 cells,
//! the reward-epoch clock, builders of the calls the attacks send, and the checks of authorized
//! general transactions (voucher settlements and beacons).

use crate::common::*;
use codec::Encode;
use depin_runtime::{
	configs::{governance::TreasuryAccount, work::DEV_EPOCH_LENGTH},
	genesis_config_presets::demo_classes,
	AccountId, Balance, Balances, Devices, Executive, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, System, Work, DPIN, MILLI_DPIN,
};
use frame_support::traits::{fungible::InspectHold, Get};
use pallet_devices::PublicKey;
use pallet_work::{Attestation, Error as WorkError, VoucherItemOf, WitnessReceipt};
use sp_core::{sr25519, Pair as _, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, transaction_validity::InvalidTransaction, StateVersion};

// --- Figures of the development preset's schedule (see `flow.rs` for the arithmetic).

/// An epoch's usage pool: 40 % of the operators' 70 % of 7,134 DPIN.
pub const USAGE_POOL: Balance = 1_997_520 * MILLI_DPIN;
/// An epoch's witnessed pool: 40 % of the operators' 70 % of 7,134 DPIN.
pub const WITNESSED_POOL: Balance = 1_997_520 * MILLI_DPIN;
/// An epoch's attested pool: 20 % of the operators' 70 % of 7,134 DPIN.
pub const ATTESTED_POOL: Balance = 998_760 * MILLI_DPIN;

/// The most a device of demo `class` earns from the witnessed or attested pool in an epoch: the
/// schedule's bond reward cap (0.5 %) of its bond (0.5 DPIN for a hotspot, 2.5 DPIN for a GPU). The
/// rest of a pool that few devices share stays unminted.
/// The bond of a dispute against a demo GPU: a tenth of its 500 DPIN bond (above the 10 DPIN
/// floor).
pub const GPU_DISPUTE_BOND: Balance = 50 * DPIN;

pub fn bond_cap(class: u32) -> Balance {
	depin_runtime::configs::emissions::BOND_REWARD_CAP
		* depin_runtime::genesis_config_presets::demo_classes()[class as usize].bond
}

// --- H3 cells (San Francisco). The demo hotspot class wants witnesses in the beaconer's
// resolution-8 cell but not in its resolution-10 cell.

/// A resolution-10 cell.
pub const CELL: u64 = 0x8a28308280c7fff;
/// Other resolution-10 cells with the same resolution-8 parent as [`CELL`]: in its band.
pub const NEAR: u64 = 0x8a2830828107fff;
pub const NEAR2: u64 = 0x8a2830828007fff;
pub const NEAR3: u64 = 0x8a283082800ffff;
/// A resolution-12 cell inside [`CELL`]: the same spot, more precisely.
pub const INSIDE: u64 = 0x8c28308280c35ff;
/// A resolution-10 cell under another resolution-8 parent: too far.
pub const FAR: u64 = 0x8a28308282c7fff;

// --- Blocks of the reward-epoch clock (development preset).

pub fn grace() -> u32 {
	<Runtime as pallet_work::Config>::SubmissionGrace::get()
}

/// The block at which `epoch` closes (its submission grace is over).
pub fn closes_at(epoch: u32) -> u32 {
	(epoch + 1) * DEV_EPOCH_LENGTH + grace()
}

/// The first block at which `epoch`'s work is final (its dispute window has passed).
pub fn final_at(epoch: u32) -> u32 {
	(epoch + pallet_work::DisputeWindow::<Runtime>::get() + 1) * DEV_EPOCH_LENGTH
}

// --- Helpers.

pub fn origin(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

pub fn root(call: RuntimeCall) {
	call.dispatch(RuntimeOrigin::root()).expect("root call succeeds");
}

/// Sends the settlement `call` with its items replaced by `over` (more than `MaxVouchers`),
/// signed by `consumer` for those items, in epoch 0: the call does not decode, so the
/// transaction is invalid (`InvalidTransaction::Call`) and nothing is written.
pub fn assert_oversized_settlement_refused(
	call: RuntimeCall,
	consumer: &sr25519::Pair,
	over: Vec<VoucherItemOf<Runtime>>,
) {
	use codec::Decode;
	let account = depin_runtime::AccountId::from(consumer.public());
	let signature = Work::batch_payload(&account, 0, &over);
	let signature = sp_runtime::MultiSignature::Sr25519(consumer.sign(&signature));
	// The same pallet and call index, consumer and epoch, then the oversized items.
	let mut oversized = call.encode()[..2].to_vec();
	(account, 0u32, over, signature).encode_to(&mut oversized);
	assert!(RuntimeCall::decode(&mut &oversized[..]).is_err());
	let mut xt = general(call);
	xt.encoded_call = Some(oversized);
	let before = storage_root();
	assert_eq!(Executive::apply_extrinsic(xt), Err(InvalidTransaction::Call.into()));
	assert_eq!(storage_root(), before);
}

pub fn storage_root() -> Vec<u8> {
	sp_io::storage::root(StateVersion::V1)
}

pub fn key_of(pair: &sr25519::Pair) -> PublicKey {
	PublicKey::Sr25519(pair.public().0)
}

pub fn bond_of(class: u32) -> Balance {
	demo_classes()[class as usize].bond
}

pub fn device_bonds(who: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Devices(pallet_devices::HoldReason::DeviceBond),
		&who.to_account_id(),
	)
}

pub fn verifier_bond(who: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Work(pallet_work::HoldReason::VerifierBond),
		&who.to_account_id(),
	)
}

pub fn dispute_bonds(who: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Work(pallet_work::HoldReason::DisputeBond),
		&who.to_account_id(),
	)
}

pub fn treasury() -> Balance {
	free(&TreasuryAccount::get())
}

pub fn set_free(who: Sr25519Keyring, new_free: Balance) {
	root(RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
		who: who.to_account_id().into(),
		new_free,
	}));
}

/// The fee `who` paid for its latest transaction in this block.
pub fn fee_paid(who: &AccountId) -> Balance {
	System::events()
		.iter()
		.rev()
		.find_map(|r| match &r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid {
					who: w, actual_fee, ..
				},
			) if w == who => Some(*actual_fee),
			_ => None,
		})
		.expect("a fee was paid")
}

pub fn check_invariants() {
	pallet_devices::Pallet::<Runtime>::do_try_state().expect("registry invariants");
	pallet_work::Pallet::<Runtime>::do_try_state().expect("work invariants");
	pallet_emissions::Pallet::<Runtime>::do_try_state().expect("emissions invariants");
}

pub fn register_call(
	device: PublicKey,
	class: u32,
	maker_signature: [u8; 64],
	device_signature: [u8; 64],
	location: Option<u64>,
) -> RuntimeCall {
	RuntimeCall::Devices(pallet_devices::Call::register_device {
		device,
		class,
		maker: 0,
		maker_signature,
		device_signature,
		location,
		metadata: Default::default(),
	})
}

/// The registration of device `//<name>` of a demo class for `owner`, with valid signatures of
/// the demo maker and the device (like `register_demo_device`, but not dispatched).
pub fn registration(
	owner: &AccountId,
	name: &str,
	class: u32,
	location: Option<u64>,
) -> (sr25519::Pair, PublicKey, RuntimeCall) {
	let pair = sr25519::Pair::from_string(&format!("//{name}"), None).unwrap();
	remember_device(&pair);
	let key = key_of(&pair);
	let certificate = demo_maker().sign(&Devices::maker_certificate_payload(&key, class)).0;
	let consent = pair.sign(&Devices::device_consent_payload(owner)).0;
	(pair, key, register_call(key, class, certificate, consent, location))
}

/// The voucher of `device` to `consumer` in `epoch`: `cumulative` units in all, at its class
/// price (the demo sensor's 0.001 DPIN of credits a unit), signed by the device for this chain.
pub fn voucher(
	device: &sr25519::Pair,
	consumer: Sr25519Keyring,
	epoch: u32,
	cumulative: u64,
) -> VoucherItemOf<Runtime> {
	voucher_for(device, &consumer.to_account_id(), epoch, cumulative)
}

/// The settlement of `items` in `epoch`, authorized by `consumer`'s signature of the batch.
pub fn settle(
	consumer: Sr25519Keyring,
	epoch: u32,
	items: Vec<VoucherItemOf<Runtime>>,
) -> RuntimeCall {
	settle_by(&consumer.pair(), epoch, items)
}

/// The settlement charge of a batch of `n` vouchers, in credits.
pub fn charge(n: u32) -> Balance {
	Work::settlement_charge(n)
}

/// The code the pool and the block refuse an authorized transaction with for `error`: the
/// error's index in the work pallet's `Error` (`InvalidTransaction::Custom(code)`; the item
/// index an error may carry is not part of it).
pub fn code(error: WorkError<Runtime>) -> u8 {
	error.encode()[0]
}

/// `call`, sent as an authorized general transaction, is refused with `error`'s code by the
/// pool and by a block, and nothing is written: it cannot be included.
#[track_caller]
pub fn assert_refused(call: RuntimeCall, error: WorkError<Runtime>) {
	let refusal = Err(InvalidTransaction::Custom(code(error)).into());
	let before = storage_root();
	let xt = general(call);
	assert_eq!(pool_validity(xt.clone()).map(|_| ()), refusal, "the pool's answer");
	assert_eq!(push(xt), refusal.map(Ok), "the block's answer");
	assert_eq!(storage_root(), before, "a refused transaction wrote to storage");
}

/// How an importing node's `execute_block` fails on a block with an extrinsic that is invalid
/// with a custom code (the code itself is not in the message).
pub const INVALID_CUSTOM: &str = "InvalidTransaction custom error";

/// Why block 2 fails to import, built on block 1 as `set_up` leaves it on a fresh development
/// chain, with the extrinsics `pick` chooses from what `set_up` returned. Block 2's header has
/// empty roots, so even a block whose every extrinsic applies fails, at the final checks.
pub fn import_failure<T>(
	set_up: impl FnOnce() -> T,
	pick: impl FnOnce(T) -> Vec<depin_runtime::UncheckedExtrinsic>,
) -> String {
	ext_for(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let state = set_up();
		let header = depin_runtime::Executive::finalize_block();
		import_block(2, sp_runtime::traits::Header::hash(&header), pick(state))
	})
}

/// `call`, sent as an authorized general transaction, is included and succeeds.
#[track_caller]
pub fn assert_applied(call: RuntimeCall) {
	assert_eq!(apply_general(call), Ok(Ok(())));
}

/// The beacon of `beaconer` in `epoch` with `witnesses`, signed by the beaconer (registered
/// through the helpers).
pub fn beacon(beaconer: PublicKey, epoch: u32, witnesses: Vec<WitnessReceipt>) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::submit_beacon {
		beaconer,
		epoch,
		witnesses: witnesses.try_into().expect("within MaxWitnesses"),
		beaconer_signature: beacon_signature(&beaconer, epoch),
	})
}

/// The receipt of witness device `device` for the beacon of `beaconer` in `epoch`.
pub fn witness(device: &sr25519::Pair, beaconer: PublicKey, epoch: u32) -> WitnessReceipt {
	let challenge = Work::challenge(epoch, &beaconer).expect("the epoch has a seed");
	WitnessReceipt {
		witness: key_of(device),
		signature: device.sign(&Work::witness_payload(&beaconer, epoch, &challenge)).0,
	}
}

pub fn attest(epoch: u32, items: &[(PublicKey, u64)]) -> RuntimeCall {
	let attestations: Vec<_> = items
		.iter()
		.map(|(device, units)| Attestation { device: *device, units: *units })
		.collect();
	RuntimeCall::Work(pallet_work::Call::submit_attestations {
		epoch,
		attestations: attestations.try_into().expect("within MaxAttestations"),
	})
}

/// `who` applies to verify (its own bond on hold), then governance admits it with `quota`.
pub fn admit_verifier(who: Sr25519Keyring, quota: u64) {
	dispatch(who, RuntimeCall::Work(pallet_work::Call::apply_verifier {}));
	root(RuntimeCall::Work(pallet_work::Call::admit_verifier {
		verifier: who.to_account_id(),
		quota,
	}));
}

pub fn open_dispute(device: PublicKey, epoch: u32) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::open_dispute {
		device,
		epoch,
		evidence: H256::repeat_byte(0xe),
	})
}

/// Governance's verdict on dispute `id`: upheld (the owner at fault, not the maker) or
/// rejected.
pub fn resolve_dispute(id: u32, upheld: bool) -> RuntimeCall {
	let verdict =
		if upheld { pallet_work::Verdict::Upheld } else { pallet_work::Verdict::Rejected };
	RuntimeCall::Work(pallet_work::Call::resolve_dispute { id, verdict })
}

pub fn claim(device: PublicKey, epochs: &[u32]) -> RuntimeCall {
	RuntimeCall::Emissions(pallet_emissions::Call::claim {
		device,
		epochs: epochs.to_vec().try_into().expect("within MaxClaimEpochs"),
	})
}

pub fn buy_credits(consumer: AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Emissions(pallet_emissions::Call::buy_credits { consumer, amount })
}

pub fn set_schedule(schedule: pallet_emissions::ScheduleOf<Runtime>) -> RuntimeCall {
	RuntimeCall::Emissions(pallet_emissions::Call::set_schedule { schedule })
}
