//! Types stored and passed in by the device registry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

pub use depin_primitives::{
	ClassId, ClassParams, DeviceActivity, DeviceInspect, DeviceView, H3Cell, MakerId, NetworkKind,
	ProofKind, PublicKey, RawSignature, WitnessRules,
};

/// A registered manufacturer.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxName))]
pub struct Maker<MaxName: Get<u32>> {
	/// Key whose maker certificates certify that a device came off this maker's line.
	pub certificate_key: PublicKey,
	/// Human-readable name.
	pub name: BoundedVec<u8, MaxName>,
	/// Most devices this maker may onboard.
	pub quota: u32,
	/// Devices onboarded so far (never decreases: a retired device does not free quota).
	pub onboarded: u32,
	/// A revoked maker's certificates are no longer accepted.
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
	/// The device class, which fixes its proof kind, bond, caps and witness rules; it never
	/// changes after registration.
	pub class: ClassId,
	/// The maker that certified it.
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
	/// How many devices to register (each with its bond minted to the owner and held).
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
