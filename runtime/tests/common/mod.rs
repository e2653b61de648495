//! Helpers shared by the runtime's integration tests: genesis externalities from the presets,
//! signed transactions, block set-up, and demo devices.

// Each test binary uses a different subset of the helpers.
#![allow(dead_code)]

use codec::Encode;
use depin_runtime::{
	AccountId, Balance, Balances, BuildStorage, Executive, Header, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SignedPayload, System, UncheckedExtrinsic, SLOT_DURATION,
};
use frame_support::traits::fungible::Inspect;
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_core::Pair as _;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	MultiSignature,
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

pub fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// The BABE slot of block `number` in these tests: one block per slot from slot 1000.
fn slot_of(number: u32) -> u64 {
	999 + u64::from(number)
}

/// Initialises block `number` on top of `parent` (authored by validator 0 in its slot, a
/// secondary-slot BABE block) and applies its timestamp inherent.
fn initialize_block(number: u32, parent: depin_runtime::Hash) {
	let slot = slot_of(number);
	let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: slot.into(),
	});
	let header = Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] },
	);
	Executive::initialize_block(&header);

	// The timestamp inherent must fall into the block's slot.
	let set_time =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
			now: slot * SLOT_DURATION,
		}));
	Executive::apply_extrinsic(set_time).expect("valid").expect("dispatched");
}

/// Initialises block 1 and applies its timestamp inherent, so extrinsics can be applied next.
pub fn start_block_1() {
	initialize_block(1, System::block_hash(0));
}

/// Finalizes the current block and runs whole blocks (every pallet's hooks) until block `n`
/// is initialised.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		let number = System::block_number() + 1;
		let header = Executive::finalize_block();
		initialize_block(number, header.hash());
	}
}

/// The demo maker of the development and local presets, from its secret URI.
pub fn demo_maker() -> sp_core::sr25519::Pair {
	sp_core::sr25519::Pair::from_string("//DemoMaker", None).expect("valid URI")
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
		}) if *e == epoch => Some((*emission, *operators, *validators, *treasury)),
		_ => None,
	})
}
