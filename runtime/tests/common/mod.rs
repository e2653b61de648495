//! Helpers shared by the runtime's integration tests: genesis externalities from the presets,
//! signed and authorized general transactions, block set-up, demo devices and usage vouchers.

// Each test binary uses a different subset of the helpers.
#![allow(dead_code)]

use codec::Encode;
use depin_runtime::{
	AccountId, Balance, Balances, BuildStorage, Executive, Header, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SignedPayload, System, UncheckedExtrinsic, Work, SLOT_DURATION,
};
use frame_support::traits::fungible::Inspect;
use pallet_work::VoucherItemOf;
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_core::Pair as _;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, MultiSignature,
};

/// The full genesis config of a named preset.
pub fn preset_config(name: &str) -> RuntimeGenesisConfig {
	depin_runtime::genesis_config_presets::preset_config(&name.to_string())
		.unwrap_or_else(|| panic!("preset {name} exists and matches RuntimeGenesisConfig"))
}

pub fn ext_for(preset: &str) -> sp_io::TestExternalities {
	preset_config(preset).build_storage().expect("genesis storage builds").into()
}

/// A signed, immortal transaction from `signer` with the given nonce, built the way a wallet
/// builds it (the implicit data — genesis hash, versions — is read from the chain state).
pub fn signed(signer: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let tx_ext = depin_runtime::immortal_tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("implicit data");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		signer.to_account_id().into(),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// An authorized general transaction (extrinsic format 5, extension version 0): no signer, and
/// so no nonce or fee. This is how voucher settlements and beacon submissions are sent; the
/// call's own authorization (its signatures) is checked by `AuthorizeCall`, first in the
/// extension pipeline, when the pool validates it and again when a block applies it.
pub fn general(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, depin_runtime::immortal_tx_extension(0))
}

/// Applies `call` in the current block as an authorized general transaction, through
/// `Executive::apply_extrinsic` as a block does: `Err` is an invalid transaction (a block
/// cannot include it), `Ok(Err)` a dispatch error.
pub fn apply_general(call: RuntimeCall) -> ApplyExtrinsicResult {
	Executive::apply_extrinsic(general(call))
}

/// Pushes `xt` into the current block the way a block builder does: if it is invalid (`Err`),
/// it is not included and whatever applying it wrote (the executive notes every extrinsic it
/// starts to apply) is discarded.
pub fn push(xt: UncheckedExtrinsic) -> ApplyExtrinsicResult {
	sp_io::storage::start_transaction();
	let result = Executive::apply_extrinsic(xt);
	if result.is_ok() {
		sp_io::storage::commit_transaction();
	} else {
		sp_io::storage::rollback_transaction();
	}
	result
}

/// What the transaction pool answers for `xt` on top of the current state, which is left as it
/// was (the pool's entry point initialises a block of its own).
pub fn pool_validity(xt: UncheckedExtrinsic) -> TransactionValidity {
	sp_io::storage::start_transaction();
	let validity =
		Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash());
	sp_io::storage::rollback_transaction();
	validity
}

/// The unit price of `device`'s class, as the registry has it now.
pub fn class_price(device: &pallet_devices::PublicKey) -> Balance {
	let class = pallet_devices::Devices::<Runtime>::get(device).expect("registered device").class;
	pallet_devices::Classes::<Runtime>::get(class).expect("the device's class").unit_price
}

/// The voucher of `device` to `consumer` in `epoch`: `cumulative` units served in all, at
/// `price`, signed by the device for this chain.
pub fn voucher_at(
	device: &sp_core::sr25519::Pair,
	consumer: &AccountId,
	epoch: u32,
	cumulative: u64,
	price: Balance,
) -> VoucherItemOf<Runtime> {
	let key = pallet_devices::PublicKey::Sr25519(device.public().0);
	let payload = Work::voucher_payload(&key, consumer, epoch, cumulative, price);
	VoucherItemOf::<Runtime> {
		device: key,
		cumulative_units: cumulative,
		unit_price: price,
		device_signature: device.sign(&payload).0,
	}
}

/// The voucher of `device` to `consumer` in `epoch` at its class price.
pub fn voucher_for(
	device: &sp_core::sr25519::Pair,
	consumer: &AccountId,
	epoch: u32,
	cumulative: u64,
) -> VoucherItemOf<Runtime> {
	let price = class_price(&pallet_devices::PublicKey::Sr25519(device.public().0));
	voucher_at(device, consumer, epoch, cumulative, price)
}

/// The settlement of `items` with `consumer_signature` as the consumer's authorization.
pub fn settle_with(
	consumer: AccountId,
	epoch: u32,
	items: Vec<VoucherItemOf<Runtime>>,
	consumer_signature: MultiSignature,
) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::settle_usage {
		consumer,
		epoch,
		items: items.try_into().expect("within MaxVouchers"),
		consumer_signature,
	})
}

/// The settlement of `items` in `epoch`, authorized by `consumer`'s signature of the batch on
/// this chain.
pub fn settle_by(
	consumer: &sp_core::sr25519::Pair,
	epoch: u32,
	items: Vec<VoucherItemOf<Runtime>>,
) -> RuntimeCall {
	let account = AccountId::from(consumer.public());
	let signature = consumer.sign(&Work::batch_payload(&account, epoch, &items));
	settle_with(account, epoch, items, MultiSignature::Sr25519(signature))
}

/// The credits a consumer holds.
pub fn credits(who: &AccountId) -> Balance {
	pallet_emissions::Credits::<Runtime>::get(who)
}

pub fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// The BABE slot of block `number` in these tests: one block per slot from slot 1000.
fn slot_of(number: u32) -> u64 {
	999 + u64::from(number)
}

/// The header of block `number` on top of `parent`, authored by validator 0 in its slot (a
/// secondary-slot BABE block). Its state and extrinsics roots are left empty.
pub fn block_header(number: u32, parent: depin_runtime::Hash) -> Header {
	let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: slot_of(number).into(),
	});
	Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] },
	)
}

/// The timestamp inherent of block `number`: a time in the block's slot.
pub fn timestamp_inherent(number: u32) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
		now: slot_of(number) * SLOT_DURATION,
	}))
}

/// Initialises block `number` on top of `parent` and applies its timestamp inherent, so
/// extrinsics can be applied next.
pub fn start_block(number: u32, parent: depin_runtime::Hash) {
	Executive::initialize_block(&block_header(number, parent));
	Executive::apply_extrinsic(timestamp_inherent(number)).expect("valid").expect("dispatched");
}

/// Imports block `number` on top of `parent`, carrying the timestamp inherent and then
/// `extrinsics`, the way every node imports a block it did not build
/// (`Executive::execute_block`, which panics on a bad block). Returns the panic message: the
/// header's roots are left empty, so even a block whose every extrinsic applies fails at the
/// final checks, and callers look at why it failed.
pub fn import_block(
	number: u32,
	parent: depin_runtime::Hash,
	extrinsics: Vec<UncheckedExtrinsic>,
) -> String {
	let block = depin_runtime::Block {
		header: block_header(number, parent),
		extrinsics: [vec![timestamp_inherent(number)], extrinsics].concat(),
	};
	let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
		Executive::execute_block(block.into())
	}))
	.expect_err("a block with empty roots never imports");
	failure
		.downcast_ref::<String>()
		.cloned()
		.or_else(|| failure.downcast_ref::<&str>().map(|s| s.to_string()))
		.unwrap_or_default()
}

/// Initialises block 1 and applies its timestamp inherent, so extrinsics can be applied next.
pub fn start_block_1() {
	start_block(1, System::block_hash(0));
}

/// Finalizes the current block and runs whole blocks (every pallet's hooks) until block `n`
/// is initialised.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		let number = System::block_number() + 1;
		let header = Executive::finalize_block();
		start_block(number, header.hash());
	}
}

/// The demo maker of the development and local presets, from its secret URI.
pub fn demo_maker() -> sp_core::sr25519::Pair {
	sp_core::sr25519::Pair::from_string("//DemoMaker", None).expect("valid URI")
}

// The key pairs of the devices a test registered, so that a helper can sign as a device from
// its public key (a beacon needs the beaconer's own signature).
std::thread_local! {
	static DEVICE_KEYS: core::cell::RefCell<Vec<(pallet_devices::PublicKey, sp_core::sr25519::Pair)>> =
		Default::default();
}

/// Remembers the key pair of a device a test registers (see [`beacon_signature`]).
pub fn remember_device(pair: &sp_core::sr25519::Pair) {
	let key = pallet_devices::PublicKey::Sr25519(pair.public().0);
	DEVICE_KEYS.with(|keys| keys.borrow_mut().push((key, pair.clone())));
}

/// The signature of `device`'s beacon in `epoch` by the device itself, if the test registered
/// it through these helpers (a zero signature otherwise, which the chain refuses).
pub fn beacon_signature(device: &pallet_devices::PublicKey, epoch: u32) -> [u8; 64] {
	let pair = DEVICE_KEYS
		.with(|keys| keys.borrow().iter().find(|(k, _)| k == device).map(|(_, pair)| pair.clone()));
	match (pair, Work::challenge(epoch, device)) {
		(Some(pair), Some(challenge)) => {
			pair.sign(&Work::beacon_payload(device, epoch, &challenge)).0
		}
		_ => [0; 64],
	}
}

/// Registers device `//<name>` of a demo class for `owner`, certified by the demo maker.
pub fn register_demo_device(
	owner: Sr25519Keyring,
	name: &str,
	class: u32,
	location: Option<u64>,
) -> (sp_core::sr25519::Pair, pallet_devices::PublicKey) {
	use pallet_devices::PublicKey;
	let pair = sp_core::sr25519::Pair::from_string(&format!("//{name}"), None).unwrap();
	remember_device(&pair);
	let key = PublicKey::Sr25519(pair.public().0);
	let devices = pallet_devices::Pallet::<Runtime>::maker_certificate_payload(&key, class);
	let consent = pallet_devices::Pallet::<Runtime>::device_consent_payload(&owner.to_account_id());
	let call = RuntimeCall::Devices(pallet_devices::Call::register_device {
		device: key,
		class,
		maker: 0,
		maker_signature: demo_maker().sign(&devices).0,
		device_signature: pair.sign(&consent).0,
		location,
		metadata: Default::default(),
	});
	let origin = depin_runtime::RuntimeOrigin::signed(owner.to_account_id());
	sp_runtime::traits::Dispatchable::dispatch(call, origin).expect("device registers");
	(pair, key)
}

pub fn dispatch(who: Sr25519Keyring, call: RuntimeCall) {
	let origin = depin_runtime::RuntimeOrigin::signed(who.to_account_id());
	sp_runtime::traits::Dispatchable::dispatch(call, origin).expect("call succeeds");
}

/// `(emission, operators' pools, validators, treasury)` of `epoch`'s close, if it closed in the
/// current block.
pub fn rewarded(epoch: u32) -> Option<(Balance, Balance, Balance, Balance)> {
	System::events().iter().find_map(|r| match &r.event {
		depin_runtime::RuntimeEvent::Emissions(pallet_emissions::Event::EpochRewarded {
			epoch: e,
			emission,
			operators,
			validators,
			treasury,
			..
		}) if *e == epoch => Some((*emission, *operators, *validators, *treasury)),
		_ => None,
	})
}
