//! Shared by the catalogue's attack families: the development preset's figures, H3 cells,
//! the reward-epoch clock, and builders of the calls the attacks send.

use crate::common::*;
use depin_runtime::{
	configs::{governance::TreasuryAccount, work::DEV_EPOCH_LENGTH},
	genesis_config_presets::demo_classes,
	AccountId, Balance, Balances, Devices, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	RuntimeOrigin, System, Work, MILLI_DPIN,
};
use frame_support::traits::{fungible::InspectHold, Get};
use pallet_devices::PublicKey;
use pallet_work::{Attestation, UsageReceiptOf, WitnessReceipt};
use sp_core::{sr25519, Pair as _, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, MultiSignature, StateVersion};

// --- Figures of the development preset's schedule (see `flow.rs` for the arithmetic).

/// An epoch's usage pool: 40 % of the operators' 70 % of 7,134 DPIN.
pub const USAGE_POOL: Balance = 1_997_520 * MILLI_DPIN;
/// An epoch's witnessed pool: 40 % of the operators' 70 % of 7,134 DPIN.
pub const WITNESSED_POOL: Balance = 1_997_520 * MILLI_DPIN;
/// An epoch's attested pool: 20 % of the operators' 70 % of 7,134 DPIN.
pub const ATTESTED_POOL: Balance = 998_760 * MILLI_DPIN;

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
	let key = key_of(&pair);
	let certificate = demo_maker().sign(&Devices::maker_certificate_payload(&key, class)).0;
	let consent = pair.sign(&Devices::device_consent_payload(owner)).0;
	(pair, key, register_call(key, class, certificate, consent, location))
}

pub fn usage(epoch: u32, receipts: Vec<UsageReceiptOf<Runtime>>) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::submit_usage {
		epoch,
		receipts: receipts.try_into().expect("within MaxReceipts"),
	})
}

/// A usage receipt signed by the device and the consumer, both for this chain.
pub fn receipt(
	device: &sr25519::Pair,
	consumer: Sr25519Keyring,
	epoch: u32,
	units: u64,
	nonce: u64,
) -> UsageReceiptOf<Runtime> {
	let key = key_of(device);
	let payload = Work::usage_payload(&key, &consumer.to_account_id(), epoch, units, nonce);
	UsageReceiptOf::<Runtime> {
		device: key,
		consumer: consumer.to_account_id(),
		units,
		nonce,
		device_signature: device.sign(&payload).0,
		consumer_signature: MultiSignature::Sr25519(consumer.sign(&payload)),
	}
}

pub fn beacon(beaconer: PublicKey, epoch: u32, witnesses: Vec<WitnessReceipt>) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::submit_beacon {
		beaconer,
		epoch,
		witnesses: witnesses.try_into().expect("within MaxWitnesses"),
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

pub fn admit_verifier(who: Sr25519Keyring, quota: u64) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::admit_verifier { verifier: who.to_account_id(), quota })
}

pub fn open_dispute(device: PublicKey, epoch: u32) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::open_dispute {
		device,
		epoch,
		evidence: H256::repeat_byte(0xe),
	})
}

pub fn resolve_dispute(id: u32, upheld: bool) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::resolve_dispute { id, upheld })
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
