//! Genesis presets: the initial state of the chains the node knows by name.
//!
//! - `development` (`--dev`): Alice is the only validator and the sudo key.
//! - `local_testnet` (`--chain local`): Alice, Bob and Charlie validate; Alice is sudo.
//!
//! Both also contain a demo maker (certificate key `//DemoMaker`) and three demo device
//! classes, so devices can be onboarded right away (see `docs/devices.md`).
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
use sp_runtime::Perbill;

use pallet_devices::{ClassId, ClassParams, NetworkKind, ProofKind, PublicKey, WitnessRules};
use pallet_emissions::{KindWeights, Schedule, Shape, Split};

use crate::{
	configs::work::{DEV_EPOCH_LENGTH, PRODUCTION_EPOCH_LENGTH},
	AccountId, BabeConfig, Balance, BalancesConfig, BlockNumber, ChainProfileConfig, DevicesConfig,
	EmissionsConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	ValidatorSetConfig, WorkConfig, BABE_GENESIS_EPOCH_CONFIG, DPIN, MILLI_DPIN,
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

/// The sr25519 certificate key of the demo maker: the key derived from the secret URI
/// `//DemoMaker` (a test checks the derivation). Anyone can sign with it: it exists only on
/// development and local chains.
pub const DEMO_MAKER_KEY: [u8; 32] = [
	0xbe, 0x59, 0x35, 0xe0, 0xc0, 0xfb, 0x46, 0xa1, 0x58, 0xd9, 0x9b, 0x4e, 0xe6, 0xe6, 0xaa, 0x5a,
	0x4c, 0x33, 0x7c, 0xd2, 0x21, 0x39, 0xb5, 0x40, 0xf4, 0x70, 0x21, 0x19, 0x06, 0x4b, 0xa8, 0x14,
];

/// Name of the demo maker (maker id 0).
pub const DEMO_MAKER_NAME: &str = "Demo Devices Inc.";

/// How many devices the demo maker may onboard.
pub const DEMO_MAKER_QUOTA: u32 = 1_000;

/// Demo class 0: a witnessed coverage hotspot (physical, located, 100 DPIN bond).
pub const DEMO_CLASS_HOTSPOT: ClassId = 0;
/// Demo class 1: a usage-metered sensor (physical, located, 10 DPIN bond).
pub const DEMO_CLASS_SENSOR: ClassId = 1;
/// Demo class 2: an attested GPU (digital, no location, 500 DPIN bond).
pub const DEMO_CLASS_GPU: ClassId = 2;

/// The demo device classes, in class-id order.
pub fn demo_classes() -> Vec<ClassParams<Balance>> {
	// Classes that are not witnessed still carry (unused) witness rules.
	let no_witnesses =
		WitnessRules { min_witnesses: 0, max_witnesses: 0, near_resolution: 0, far_resolution: 0 };
	vec![
		ClassParams {
			kind: NetworkKind::Physical,
			proof: ProofKind::Witnessed,
			bond: 100 * DPIN,
			units_cap: 1_000,
			unit_price: 0,
			reward_weight: 100,
			location_required: true,
			// Witnesses must be in the same resolution-8 cell (~0.7 km²) as the beaconer but
			// not in the same resolution-10 cell (~15,000 m²).
			witness: WitnessRules {
				min_witnesses: 1,
				max_witnesses: 16,
				near_resolution: 8,
				far_resolution: 10,
			},
		},
		ClassParams {
			kind: NetworkKind::Physical,
			proof: ProofKind::Usage,
			bond: 10 * DPIN,
			units_cap: 10_000,
			unit_price: MILLI_DPIN,
			reward_weight: 10,
			location_required: true,
			witness: no_witnesses,
		},
		ClassParams {
			kind: NetworkKind::Digital,
			proof: ProofKind::Attested,
			bond: 500 * DPIN,
			units_cap: 100_000,
			unit_price: 0,
			reward_weight: 50,
			location_required: false,
			witness: no_witnesses,
		},
	]
}

/// The work pallet's genesis parameters.
pub struct WorkParams {
	/// Blocks per reward epoch.
	pub epoch_length: BlockNumber,
	/// Share of witnessed devices challenged per epoch.
	pub challenge_rate: Perbill,
	/// Verifiers needed per attested device.
	pub attestation_quorum: u32,
	/// Epochs during which an epoch's work may be disputed (and its rewards wait).
	pub dispute_window: u32,
	/// Epochs a dispute may wait for a verdict before it times out (its bond refunded).
	pub dispute_timeout: u32,
	/// Witness reciprocity window in epochs (0: off).
	pub reciprocity_window: u32,
	/// Occupancy limits: `(resolution, devices of a physical class rewarded in full per cell)`.
	pub occupancy_limits: Vec<(u8, u32)>,
	/// Makers' bond, slash per upheld dispute and fault limit.
	pub maker_params: pallet_devices::MakerParams<Balance, BlockNumber>,
}

impl WorkParams {
	/// Development and local chains: one-minute epochs, every hotspot challenged in every
	/// epoch, a single verifier enough, rewards final two epochs later and no reciprocity
	/// rule, so demos show each proof kind, and a claim, within minutes; occupancy limits as
	/// in production.
	pub fn dev() -> Self {
		Self {
			epoch_length: DEV_EPOCH_LENGTH,
			challenge_rate: Perbill::one(),
			attestation_quorum: 1,
			dispute_window: 2,
			dispute_timeout: 5,
			reciprocity_window: 0,
			occupancy_limits: production_occupancy_limits(),
			maker_params: pallet_devices::MakerParams { bond: 0, ..production_maker_params() },
		}
	}

	/// Production: one-hour epochs, a tenth of the hotspots challenged per epoch, three
	/// verifiers per attested device, a one-day dispute window, witnesses that beaconed within
	/// two days (48 epochs: at a 10 % challenge rate an honest device goes unchallenged that
	/// long with probability 0.9^48 ≈ 0.6 %) and the production occupancy limits.
	pub fn production() -> Self {
		Self {
			epoch_length: PRODUCTION_EPOCH_LENGTH,
			challenge_rate: Perbill::from_percent(10),
			attestation_quorum: 3,
			dispute_window: 24,
			// Three days: the `dispute_resolver` track decides within a day and a half.
			dispute_timeout: 72,
			reciprocity_window: 48,
			occupancy_limits: production_occupancy_limits(),
			maker_params: production_maker_params(),
		}
	}
}

/// Makers on production: a 10,000 DPIN bond before onboarding, a tenth of it slashed per
/// upheld dispute against one of its devices, onboarding paused after more than 5 such faults
/// in a week. Development presets keep the slash and the pause but require no bond, so demos
/// onboard without one.
pub fn production_maker_params() -> pallet_devices::MakerParams<Balance, BlockNumber> {
	pallet_devices::MakerParams {
		bond: 10_000 * DPIN,
		slash: Perbill::from_percent(10),
		max_faults: 5,
		fault_window: 7 * crate::DAYS,
	}
}

/// Occupancy limits of every preset: per class, 25 fully rewarded devices in a resolution-6
/// cell (~36 km²) and 2 in a resolution-8 cell (~0.7 km²); more devices share the same reward.
pub fn production_occupancy_limits() -> Vec<(u8, u32)> {
	vec![(6, 25), (8, 2)]
}

/// The emission schedule of every preset: 7,134 DPIN per epoch, halving every 35,040 epochs
/// (four years of hourly epochs), never below 100 DPIN per epoch, a supply cap of one billion
/// DPIN; 70 % to device operators (usage 40 %, witnessed 40 %, attested 20 %), 20 % to
/// validators, 10 % to the treasury; usage rewards at most the credits burned for them,
/// witnessed and attested rewards at most 0.5 % of the device's bond per epoch;
/// rewards claimable for 2,160 epochs (90 days of hourly epochs); usage credits beyond what
/// the usage pool pays back re-minted over a week, up to 7,134 DPIN per epoch; the witnessed
/// and attested pools tapering to a quarter as that unrepaid burn reaches the curve's issuance
/// (see `configs::emissions`).
pub fn default_schedule() -> Schedule<Balance> {
	Schedule {
		initial: 7_134 * DPIN,
		shape: Shape::Halving { every: 35_040 },
		tail: 100 * DPIN,
		cap: 1_000_000_000 * DPIN,
		split: Split {
			operators: Perbill::from_percent(70),
			validators: Perbill::from_percent(20),
			treasury: Perbill::from_percent(10),
		},
		kinds: KindWeights {
			usage: Perbill::from_percent(40),
			witnessed: Perbill::from_percent(40),
			attested: Perbill::from_percent(20),
		},
		usage_cap_multiplier: 1,
		bond_reward_cap: crate::configs::emissions::BOND_REWARD_CAP,
		claim_expiry: 2_160,
		net: crate::configs::emissions::NET_EMISSIONS,
		demand_index: Some(crate::configs::emissions::DEMAND_INDEX),
	}
}

/// Builds a genesis patch from its parts: validators, endowed accounts, an optional sudo key,
/// whether it is a test chain (demo maker and device classes, referendum periods of a few
/// blocks), and the work parameters.
pub fn genesis(
	validators: Vec<GenesisValidator>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	test_chain: bool,
	work: WorkParams,
) -> Value {
	let validator_accounts: Vec<AccountId> = validators.iter().map(|v| v.account.clone()).collect();
	let (demo_makers, demo_device_classes) = if test_chain {
		(
			vec![(
				PublicKey::Sr25519(DEMO_MAKER_KEY),
				DEMO_MAKER_NAME.as_bytes().to_vec(),
				DEMO_MAKER_QUOTA,
			)],
			demo_classes(),
		)
	} else {
		(vec![], vec![])
	};
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
		devices: DevicesConfig {
			makers: demo_makers,
			classes: demo_device_classes,
			synthetic: None,
			occupancy_limits: work.occupancy_limits,
			maker_params: work.maker_params,
		},
		work: WorkConfig {
			epoch_length: work.epoch_length,
			challenge_rate: work.challenge_rate,
			attestation_quorum: work.attestation_quorum,
			dispute_window: work.dispute_window,
			dispute_timeout: work.dispute_timeout,
			settlement_rate: crate::configs::work::SETTLEMENT_RATE,
			reciprocity_window: work.reciprocity_window,
			attestation_tolerance: Perbill::from_percent(10),
		},
		emissions: EmissionsConfig { schedule: Some(default_schedule()) },
		chain_profile: ChainProfileConfig { fast_chain: test_chain },
		validator_set: ValidatorSetConfig { validators: validator_accounts },
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
		true,
		WorkParams::dev(),
	)
}

/// `local_testnet`: Alice, Bob and Charlie validate, Alice is sudo.
pub fn local_testnet() -> Value {
	local_testnet_with(3)
}

/// Most validators [`local_testnet_with`] can name: the well-known keyring accounts.
pub const MAX_LOCAL_VALIDATORS: usize = 6;

/// A local testnet with the first `validators` well-known accounts (Alice, Bob, Charlie, Dave,
/// Eve, Ferdie; clamped to 1..=6) as validators, otherwise like `local_testnet`: the node
/// serves it as `--chain local-<n>`.
pub fn local_testnet_with(validators: usize) -> Value {
	let names = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		(Sr25519Keyring::Eve, Ed25519Keyring::Eve),
		(Sr25519Keyring::Ferdie, Ed25519Keyring::Ferdie),
	];
	genesis(
		names
			.into_iter()
			.take(validators.clamp(1, MAX_LOCAL_VALIDATORS))
			.map(|(sr, ed)| GenesisValidator::dev(sr, ed))
			.collect(),
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		true,
		WorkParams::dev(),
	)
}

/// `production`: three validators (placeholder keys, to be replaced), no sudo key, only the
/// validators endowed, and no makers or classes (governance registers them).
pub fn production() -> Value {
	let validators = vec![
		GenesisValidator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		GenesisValidator::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		GenesisValidator::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	];
	let endowed =
		validators.iter().map(|v| (v.account.clone(), PRODUCTION_VALIDATOR_ENDOWMENT)).collect();
	genesis(validators, endowed, None, false, WorkParams::production())
}

/// The JSON patch of the named preset, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		PRODUCTION_RUNTIME_PRESET => production(),
		other => match local_testnet_size(other) {
			Some(validators) => local_testnet_with(validators),
			None => return None,
		},
	};
	serde_json::to_vec(&patch).ok()
}

/// The whole genesis config of preset `id`: its patch applied over the default config, as the
/// node applies it when it builds a chain spec from a preset. For native tools and tests.
#[cfg(feature = "std")]
pub fn preset_config(id: &PresetId) -> Option<crate::RuntimeGenesisConfig> {
	/// Merges `patch` into `base`, objects key by key, anything else replaced.
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (k, v) in patch {
					merge(base.entry(k).or_insert(Value::Null), v);
				}
			}
			(base, patch) => *base = patch,
		}
	}
	let patch: Value = serde_json::from_slice(&get_preset(id)?).ok()?;
	let mut config = serde_json::to_value(crate::RuntimeGenesisConfig::default()).ok()?;
	merge(&mut config, patch);
	serde_json::from_value(config).ok()
}

/// The preset name of a local testnet with `validators` validators (1 to
/// [`MAX_LOCAL_VALIDATORS`]): `local_testnet_<n>`.
pub fn local_testnet_preset(validators: usize) -> alloc::string::String {
	alloc::format!("{LOCAL_TESTNET_RUNTIME_PRESET}_{validators}")
}

/// The number of validators named by a `local_testnet_<n>` preset name.
fn local_testnet_size(name: &str) -> Option<usize> {
	let n = name.strip_prefix(LOCAL_TESTNET_RUNTIME_PRESET)?.strip_prefix('_')?.parse().ok()?;
	(1..=MAX_LOCAL_VALIDATORS).contains(&n).then_some(n)
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	let mut names = vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	];
	names.extend((1..=MAX_LOCAL_VALIDATORS).map(|n| PresetId::from(local_testnet_preset(n))));
	names
}
