//! Chain specifications the node knows by name, built from the runtime's genesis presets.

use depin_runtime::{
	genesis_config_presets::PRODUCTION_RUNTIME_PRESET, SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL,
	WASM_BINARY,
};
use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// The chain specification type of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, shown by wallets and polkadot.js apps.
pub fn properties() -> Properties {
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	p.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	p.insert("ss58Format".into(), SS58_PREFIX.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm blob is not in this binary: it was built with SKIP_WASM_BUILD. \
		 Rebuild without it."
			.to_string()
	})
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("dpin")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: Alice is the only validator and sudo.
pub fn development() -> Result<ChainSpec, String> {
	from_preset("DePIN Development", "dpin_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// `--chain local`: Alice, Bob and Charlie validate.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset("DePIN Local Testnet", "dpin_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}

/// `--chain local-<n>`: like `local`, with the first `n` (1 to 6) of Alice, Bob, Charlie,
/// Dave, Eve and Ferdie validating (the runtime's `local_testnet_<n>` preset).
pub fn local_testnet_with(validators: usize) -> Result<ChainSpec, String> {
	let max = depin_runtime::genesis_config_presets::MAX_LOCAL_VALIDATORS;
	if !(1..=max).contains(&validators) {
		return Err(format!("local-{validators}: a local testnet has 1 to {max} validators"));
	}
	// The genesis is built by the runtime from its preset, not serialized here: the node sets
	// the chain's SS58 prefix as its default, which the runtime's JSON decoding does not know.
	from_preset(
		&format!("DePIN Local Testnet ({validators} validators)"),
		&format!("dpin_local_{validators}"),
		ChainType::Local,
		&depin_runtime::genesis_config_presets::local_testnet_preset(validators),
	)
}

/// `--chain production`: the production-shaped genesis without sudo (placeholder validator
/// keys: export it, replace them, launch from the file).
pub fn production() -> Result<ChainSpec, String> {
	from_preset("DePIN", "dpin", ChainType::Live, PRODUCTION_RUNTIME_PRESET)
}

/// The well-known development keys: the sr25519 and ed25519 keyrings (Alice to Ferdie, their
/// stash accounts, and the test accounts `One` and `Two`), whose secret seeds are public.
fn development_keys() -> Vec<(String, [u8; 32])> {
	let sr = sp_keyring::Sr25519Keyring::iter().map(|k| (format!("{k:?} (sr25519)"), k.public().0));
	let ed = sp_keyring::Ed25519Keyring::iter().map(|k| (format!("{k:?} (ed25519)"), k.public().0));
	sr.chain(ed).collect()
}

/// The development keys named anywhere in `storage`'s keys or values, except in the runtime's
/// code (`:code`), which may embed the keyring's constants without naming them in genesis.
fn development_keys_in(storage: &sp_core::storage::Storage) -> std::collections::BTreeSet<String> {
	let keys = development_keys();
	let entries = storage
		.top
		.iter()
		.filter(|(key, _)| key.as_slice() != sp_core::storage::well_known_keys::CODE)
		.chain(storage.children_default.values().flat_map(|child| child.data.iter()));
	let mut found = std::collections::BTreeSet::new();
	for (key, value) in entries {
		for (name, public) in &keys {
			let named = |bytes: &[u8]| bytes.windows(public.len()).any(|w| w == public.as_slice());
			if named(key) || named(value) {
				found.insert(name.clone());
			}
		}
	}
	found
}

/// Refuses to run a live chain (`chainType: Live`, or a custom type) whose genesis names a well-known development
/// key anywhere in its storage (as an account, a balance, a sudo key, a validator or a session
/// key): anyone can sign with those, so anyone could author its blocks, spend those balances or
/// set those validators' session keys. Development and local chains may use them. The message
/// names the keys found and says how to build a real spec.
pub fn refuse_development_keys(spec: &dyn sc_service::ChainSpec) -> Result<(), String> {
	// Every chain type but the two meant for development is live (a custom one too).
	if matches!(spec.chain_type(), ChainType::Development | ChainType::Local) {
		return Ok(());
	}
	let storage = spec.as_storage_builder().build_storage()?;
	let found = development_keys_in(&storage);
	if found.is_empty() {
		return Ok(());
	}
	Err(format!(
		"refusing to start the live chain `{}`: its genesis names well-known development keys \
		 ({}), whose secret seeds are public, so anyone could author its blocks, spend those \
		 balances or set those validators' session keys. Build a real spec: `depin-node \
		 build-spec --chain production > spec.json`, replace every development account and \
		 session key with your own, then `depin-node build-spec --chain spec.json --raw > \
		 spec-raw.json` and run `--chain spec-raw.json` (see docs/operators.md). Test networks \
		 with development keys must say `\"chainType\": \"Local\"` or `\"Development\"`.",
		spec.id(),
		found.into_iter().collect::<Vec<_>>().join(", ")
	))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::storage::{well_known_keys::CODE, Storage};

	#[test]
	fn development_keys_are_found_in_genesis_but_not_in_the_runtime_code() {
		let alice = sp_keyring::Sr25519Keyring::Alice.public().0;
		let mut storage = Storage::default();
		// The runtime's code may embed the keyring: not a genesis entry naming Alice.
		storage.top.insert(CODE.to_vec(), [&b"wasm"[..], &alice[..]].concat());
		storage.top.insert(b"balance of someone else".to_vec(), vec![7; 48]);
		assert!(development_keys_in(&storage).is_empty(), "a clean genesis passes");
		// An account map key ends with the account id.
		storage.top.insert([&b"System Account "[..], &alice[..]].concat(), vec![1]);
		let grandpa = sp_keyring::Ed25519Keyring::Bob.public().0;
		storage.top.insert(b"Grandpa Authorities".to_vec(), grandpa.to_vec());
		let found: Vec<_> = development_keys_in(&storage).into_iter().collect();
		assert_eq!(found, vec!["Alice (sr25519)".to_string(), "Bob (ed25519)".to_string()]);
	}
}
