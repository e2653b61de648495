//! Genesis presets: the initial state of the chains the node knows by name.
//!
//! - `development` (`--dev`): Alice is the only validator and the sudo key.
//! - `local_testnet` (`--chain local`): Alice, Bob and Charlie validate; Alice is sudo.
//! - `production`: the shape of a public network: three validators and **no sudo key**, so
//!   only governance can change the chain. Its validator keys are the well-known development
//!   keys as placeholders: operators export the preset (`depin-node build-spec --chain
//!   production`), put their own session keys and balances in, and launch from that file
//!   (see `docs/operators.md`).

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, BabeConfig, Balance, BalancesConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, BABE_GENESIS_EPOCH_CONFIG, DPIN,
};

/// Name of the production-shaped preset (no sudo key).
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// Balance given to each endowed account on development and local chains.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * DPIN;

/// Balance given to each validator account in the production preset, enough to pay fees.
pub const PRODUCTION_VALIDATOR_ENDOWMENT: Balance = 1_000 * DPIN;

/// A validator at genesis: its account and its session keys.
pub struct GenesisValidator {
	/// The validator's account (also its validator id).
	pub account: AccountId,
	/// BABE block-production key.
	pub babe: BabeId,
	/// GRANDPA finality key.
	pub grandpa: GrandpaId,
}

impl GenesisValidator {
	/// The development validator derived from a well-known keyring name (`//Alice`, ...).
	pub fn dev(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self { account: sr.to_account_id(), babe: sr.public().into(), grandpa: ed.public().into() }
	}
}

/// Builds a genesis patch from its parts: validators, endowed accounts and an optional sudo key.
pub fn genesis(
	validators: Vec<GenesisValidator>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|v| {
					(v.account.clone(), v.account, SessionKeys { babe: v.babe, grandpa: v.grandpa })
				})
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// The well-known development accounts, each endowed with [`DEV_ENDOWMENT`].
fn dev_endowed() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::iter().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// `development`: a single validator (Alice), Alice is sudo.
pub fn development() -> Value {
	genesis(
		vec![GenesisValidator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `local_testnet`: Alice, Bob and Charlie validate, Alice is sudo.
pub fn local_testnet() -> Value {
	genesis(
		vec![
			GenesisValidator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			GenesisValidator::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			GenesisValidator::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `production`: three validators (placeholder keys, to be replaced), no sudo key, and only
/// the validators endowed.
pub fn production() -> Value {
	let validators = vec![
		GenesisValidator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		GenesisValidator::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		GenesisValidator::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	];
	let endowed =
		validators.iter().map(|v| (v.account.clone(), PRODUCTION_VALIDATOR_ENDOWMENT)).collect();
	genesis(validators, endowed, None)
}

/// The JSON patch of the named preset, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		PRODUCTION_RUNTIME_PRESET => production(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	]
}
