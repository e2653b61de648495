//! The DePIN chain runtime.
//!
//! This file only composes the runtime: primitive types, the runtime version and the list of
//! pallets. Each concern's configuration lives in [`configs`], the runtime APIs in [`apis`] and
//! the genesis presets in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros generate large enums; raise the recursion limit for them.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// The pallets whose benchmarks the node's `benchmark pallet` command runs. Declared before
// `apis` so that the `list_benchmarks!`/`add_benchmarks!` macros it defines are in scope there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[pallet_balances, Balances]
		[pallet_devices, Devices]
		[pallet_work, Work]
		[pallet_emissions, Emissions]
		[pallet_validator_set, ValidatorSet]
	);
}

pub mod apis;
pub mod chain_profile;
pub mod configs;
pub mod genesis_config_presets;
pub mod origins;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use configs::consensus::{ChallengeRandomness, BABE_GENESIS_EPOCH_CONFIG};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// A block number.
pub type BlockNumber = u32;

/// The signature scheme of transactions: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account identifier: the public key of the account's signing key (32 bytes).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A balance, in plancks (the token has [`TOKEN_DECIMALS`] decimals).
pub type Balance = u128;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// The hash type of blocks and state.
pub type Hash = sp_core::H256;

/// Token symbol, shown by wallets.
pub const TOKEN_SYMBOL: &str = "DPIN";

/// Number of decimals of the token.
pub const TOKEN_DECIMALS: u8 = 12;

/// The SS58 address prefix of the chain (documented in `docs/architecture.md`).
pub const SS58_PREFIX: u16 = 7373;

/// One DPIN, in plancks.
pub const DPIN: Balance = 1_000_000_000_000;
/// One thousandth of a DPIN.
pub const MILLI_DPIN: Balance = DPIN / 1_000;
/// One millionth of a DPIN.
pub const MICRO_DPIN: Balance = MILLI_DPIN / 1_000;

/// The smallest balance an account may hold; accounts below it are reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_DPIN;

/// Target time between blocks.
pub const MILLISECS_PER_BLOCK: u64 = 6000;

/// BABE slot duration. It cannot change after genesis without breaking block production.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Length of a BABE epoch, which is also a session (validator-set period). This is *not* the
/// reward epoch of the work and emissions pallets.
pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = 10 * MINUTES;
/// [`EPOCH_DURATION_IN_BLOCKS`] counted in BABE slots.
pub const EPOCH_DURATION_IN_SLOTS: u64 = EPOCH_DURATION_IN_BLOCKS as u64;

/// Types the node uses without knowing the runtime's call and extension types.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The session keys of a validator: one for BABE block production, one for GRANDPA
		/// finality voting.
		pub struct SessionKeys {
			pub babe: Babe,
			pub grandpa: Grandpa,
		}
	}
}

pub use opaque::SessionKeys;

/// The runtime version. Bump `spec_version` with every change of runtime logic, and
/// `transaction_version` whenever call indices or extension formats change.
#[cfg(not(feature = "spec-bump"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin"),
	impl_name: alloc::borrow::Cow::Borrowed("depin-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The same runtime one `spec_version` later: only the runtime-upgrade test builds it (package
/// `depin-runtime-next`, feature `spec-bump`), to enact a `set_code` on a running chain. Keep
/// it equal to [`VERSION`] above but for `spec_version` (the `runtime_version` macro needs
/// literals).
#[cfg(feature = "spec-bump")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin"),
	impl_name: alloc::borrow::Cow::Borrowed("depin-node"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The runtime: every pallet of the chain, with its index in call and event encodings.
/// Indices are part of the transaction format: never reuse or reorder them.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Babe = pallet_babe;

	#[runtime::pallet_index(3)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(7)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(8)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(9)]
	pub type Sudo = pallet_sudo;

	// Governance.
	#[runtime::pallet_index(10)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(11)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(12)]
	pub type Referenda = pallet_referenda;

	#[runtime::pallet_index(13)]
	pub type ConvictionVoting = pallet_conviction_voting;

	#[runtime::pallet_index(14)]
	pub type Treasury = pallet_treasury;

	#[runtime::pallet_index(15)]
	pub type Origins = origins::pallet_custom_origins;

	#[runtime::pallet_index(16)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(17)]
	pub type ChainProfile = chain_profile::pallet_chain_profile;

	// DePIN pallets start at index 20.
	#[runtime::pallet_index(20)]
	pub type Devices = pallet_devices;

	#[runtime::pallet_index(21)]
	pub type Work = pallet_work;

	#[runtime::pallet_index(22)]
	pub type Emissions = pallet_emissions;
}

/// The address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions: checks and effects applied to every signed transaction.
/// Their order and encoding are part of the transaction format.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of an immortal transaction with the given nonce and no tip, as wallets and
/// tests build them. The implicit data that the signature also covers is
/// `((), (), spec_version, transaction_version, genesis_hash, genesis_hash, (), (), (), ())`.
/// Authorized general transactions (voucher settlements, beacons) carry the same extensions,
/// unsigned: `AuthorizeCall` runs the call's authorization and the nonce and fee extensions
/// skip them, as they have no signer.
pub fn immortal_tx_extension(nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	)
}

/// A transaction as it appears in a block.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload that a transaction's signature covers.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at the next runtime upgrade, besides the pallets' own, each only on
/// chains at its source storage version (new chains start at the current versions, so these are
/// no-ops there).
type Migrations = (
	// First: the migrations below read the fast-chain flag (the work pallet's V3ToV4 sizes its
	// dispute timeout by the verdict floor, which is shorter on fast chains).
	chain_profile::MoveFastChainFlag,
	pallet_devices::migrations::V0ToV1<Runtime>,
	pallet_work::migrations::V0ToV1<Runtime, configs::work::DisputeWindowBeforeV1>,
	pallet_work::migrations::V1ToV2<Runtime, configs::work::SettlementRateAtV2>,
	pallet_devices::migrations::V1ToV2<Runtime>,
	pallet_work::migrations::V2ToV3<Runtime, configs::work::AttestationToleranceAtV3>,
	pallet_emissions::migrations::V0ToV1<Runtime>,
	pallet_work::migrations::V3ToV4<Runtime, configs::work::DisputeTimeoutAtV4>,
	pallet_emissions::migrations::V1ToV2<Runtime, configs::emissions::BondRewardCapAtV2>,
	pallet_emissions::migrations::V2ToV3<
		Runtime,
		configs::emissions::NetEmissionsAtV3,
		configs::emissions::DemandIndexAtV3,
	>,
);

/// Executes blocks: dispatches extrinsics to the pallets and runs their hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;
