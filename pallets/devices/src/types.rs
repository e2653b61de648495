//! Types stored and passed in by the device registry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Identifies a manufacturer.
pub type MakerId = u32;
/// Identifies a device class.
pub type ClassId = u32;
/// An H3 cell index (validated with [`crate::h3::validate`]).
pub type H3Cell = u64;
/// A 64-byte sr25519 or ed25519 signature.
pub type RawSignature = [u8; 64];

/// A public key: a device's identity, or a manufacturer's attestation key.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum PublicKey {
	/// Schnorrkel sr25519 (the default of Substrate wallets).
	Sr25519([u8; 32]),
	/// Ed25519 (common in secure elements).
	Ed25519([u8; 32]),
}

/// Prints `sr25519:0x<hex>` or `ed25519:0x<hex>`, the form the RPC and the client use.
impl core::fmt::Debug for PublicKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let (scheme, key) = match self {
			PublicKey::Sr25519(key) => ("sr25519", key),
			PublicKey::Ed25519(key) => ("ed25519", key),
		};
		write!(f, "{scheme}:0x")?;
		key.iter().try_for_each(|b| write!(f, "{b:02x}"))
	}
}

impl PublicKey {
	/// Whether `signature` is this key's signature of `message`.
	pub fn verify(&self, message: &[u8], signature: &RawSignature) -> bool {
		match self {
			PublicKey::Sr25519(key) => sp_io::crypto::sr25519_verify(
				&sp_core::sr25519::Signature::from_raw(*signature),
				message,
				&sp_core::sr25519::Public::from_raw(*key),
			),
			PublicKey::Ed25519(key) => sp_io::crypto::ed25519_verify(
				&sp_core::ed25519::Signature::from_raw(*signature),
				message,
				&sp_core::ed25519::Public::from_raw(*key),
			),
		}
	}
}

/// Whether a device class serves a physical resource network (where location matters) or a
/// digital one.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum NetworkKind {
	/// Physical resource network: hotspots, sensors.
	Physical,
	/// Digital resource network: compute, storage.
	Digital,
}

/// How devices of a class prove their work.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum ProofKind {
	/// Receipts co-signed by paying consumers.
	Usage,
	/// Challenges witnessed by nearby devices of other owners.
	Witnessed,
	/// Attestations by a quorum of bonded verifiers.
	Attested,
}

/// Who may witness a beacon, for witnessed classes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct WitnessRules {
	/// Fewest valid witnesses for a challenge to count.
	pub min_witnesses: u8,
	/// Most witnesses counted per challenge.
	pub max_witnesses: u8,
	/// Witness and beaconer share their ancestor cell at this resolution (close enough).
	pub near_resolution: u8,
	/// Witness and beaconer differ at this resolution (not the same spot).
	pub far_resolution: u8,
}

/// The parameters of a device class, set by the `DeviceAdmin` origin.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct ClassParams<Balance> {
	/// Physical or digital resource network.
	pub kind: NetworkKind,
	/// How devices of this class prove work.
	pub proof: ProofKind,
	/// Bond a device of this class puts on hold from its owner.
	pub bond: Balance,
	/// Most work units a device may earn per reward epoch.
	pub units_cap: u64,
	/// Credits a consumer pays per unit of usage that a device of this class serves (usage
	/// classes; credits are bought by burning tokens, one credit per planck burned).
	pub unit_price: Balance,
	/// Relative weight of this class's units in reward pools.
	pub reward_weight: u32,
	/// Whether devices must have an H3 location.
	pub location_required: bool,
	/// Witness rules (meaningful for witnessed classes).
	pub witness: WitnessRules,
}

/// A registered manufacturer.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxName))]
pub struct Maker<MaxName: Get<u32>> {
	/// Key whose signatures attest that a device came off this maker's line.
	pub attestation_key: PublicKey,
	/// Human-readable name.
	pub name: BoundedVec<u8, MaxName>,
	/// Most devices this maker may onboard.
	pub quota: u32,
	/// Devices onboarded so far (never decreases: a retired device does not free quota).
	pub onboarded: u32,
	/// A revoked maker's attestations are no longer accepted.
	pub revoked: bool,
}

/// How many registered devices are in each life-cycle state.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct StatusCounts {
	/// Devices that may earn.
	pub active: u32,
	/// Devices stopped by the admin origin or a dispute.
	pub suspended: u32,
	/// Devices whose owner is leaving (bond not yet withdrawn).
	pub retiring: u32,
}

/// The life-cycle state of a device.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceStatus<BlockNumber> {
	/// May earn work units.
	Active,
	/// Stopped by the `DeviceAdmin` origin or a dispute; earns nothing until resumed.
	Suspended,
	/// The owner is leaving; the bond can be withdrawn from block `unbonds_at`.
	Retiring {
		/// First block at which the bond can be withdrawn.
		unbonds_at: BlockNumber,
	},
}

/// A registered device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxMetadata))]
pub struct Device<AccountId, Balance, BlockNumber, MaxMetadata: Get<u32>> {
	/// The account that owns the device and holds its bond.
	pub owner: AccountId,
	/// Its class.
	pub class: ClassId,
	/// The maker that attested it.
	pub maker: MakerId,
	/// The bond on hold from the owner.
	pub bond: Balance,
	/// Life-cycle state.
	pub status: DeviceStatus<BlockNumber>,
	/// H3 cell, if any.
	pub location: Option<H3Cell>,
	/// Block of the last location change (registration counts as one).
	pub location_set_at: BlockNumber,
	/// A content hash or URI chosen by the owner.
	pub metadata: BoundedVec<u8, MaxMetadata>,
}

/// A fleet of synthetic devices registered at genesis, to benchmark the chain with a large
/// registry (for example a million devices). Their keys are hashes of their index, so nobody
/// holds the secret keys: they never report work. Real networks leave it out.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyntheticFleet<AccountId> {
	/// How many devices.
	pub count: u32,
	/// Their class, which must exist (created by the same genesis).
	pub class: ClassId,
	/// The owner of them all; each device's bond is minted to it and put on hold.
	pub owner: AccountId,
	/// Their location, required if the class requires one.
	pub location: Option<H3Cell>,
}

impl<AccountId> SyntheticFleet<AccountId> {
	/// The key of synthetic device `index`.
	pub fn key(index: u32) -> PublicKey {
		PublicKey::Sr25519(sp_io::hashing::blake2_256(&(b"depin/synthetic-device", index).encode()))
	}
}
