//! Types stored and passed in by the device registry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

use depin_primitives::x509::MAX_SERIAL_LEN;
pub use depin_primitives::{
	ClassId, ClassParams, DeviceActivity, DeviceInspect, DeviceView, EpochIndex, H3Cell, MakerId,
	NetworkKind, ProofKind, PublicKey, RawSignature, WitnessRules,
};

/// A P-256 public key in compressed SEC1 form: a maker's root, or an issuing key in a maker
/// certificate chain.
pub type P256Key = [u8; 33];

/// A certificate's serial number, as its DER content bytes (1 to 21).
pub type Serial = BoundedVec<u8, ConstU32<MAX_SERIAL_LEN>>;

/// What governance revokes in maker certificate chains (`revoke_certificate`): a chain that
/// contains a revoked certificate, or a certificate for a revoked key, does not register a
/// device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Revocation {
	/// One certificate: the one with `serial` (its DER content bytes, as `openssl x509
	/// -serial` prints them, with the leading zero byte DER adds when the high bit is set)
	/// issued by the key `issuer`. Issuers number their own certificates, so the pair names
	/// one certificate.
	Certificate { issuer: P256Key, serial: Serial },
	/// Every certificate whose subject key is this one: a compromised signer's or
	/// intermediate's (all its certificates, however many were issued for it), or a device's.
	Key(P256Key),
}

impl Revocation {
	/// Whether it can match a certificate: its keys are compressed P-256 points and its serial
	/// is a DER integer's content bytes, minimal and non-negative (a leading `00` only before a
	/// byte of `80` or above).
	pub fn is_well_formed(&self) -> bool {
		let point = |key: &P256Key| depin_primitives::keys::p256_compress(key) == Some(*key);
		match self {
			Revocation::Key(key) => point(key),
			Revocation::Certificate { issuer, serial } => {
				let minimal = match serial.as_slice() {
					[] => false,
					[first, ..] if *first >= 0x80 => false,
					[0, next, ..] => *next >= 0x80,
					_ => true,
				};
				point(issuer) && minimal
			}
		}
	}
}

/// The device certificate a device registered with (`register_device_with_chain`), for
/// explorers and for the status that `certificate_status` reports.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceCertificate {
	/// The key that issued the device certificate (the signer, which also bound the class).
	pub issuer: P256Key,
	/// The device certificate's serial number.
	pub serial: Serial,
	/// The end of the device certificate's validity, in seconds since the Unix epoch.
	pub not_after: i64,
}

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

/// The interactive devices of one class in one parent cell: those that earned witnessed or
/// attested units in the counter's last two periods (see
/// [`crate::Config::InteractivePeriod`]). Updated lazily: `period` is the last period in which
/// a device was counted in or out, and the counts are relative to it.
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
pub struct InteractiveCount {
	/// The period the counts are relative to.
	pub period: u32,
	/// Devices counted in `period - 1`.
	pub previous: u32,
	/// Devices counted in `period`.
	pub current: u32,
	/// Devices counted in `period` that were not counted in `period - 1`.
	pub fresh: u32,
}

impl InteractiveCount {
	/// The devices counted in `period` or the one before it, seen from `period` (never
	/// earlier than the counter's own period).
	pub fn seen_from(&self, period: u32) -> u32 {
		if period == self.period {
			self.previous.saturating_add(self.fresh)
		} else if period == self.period.saturating_add(1) {
			self.current
		} else {
			0
		}
	}

	/// The counter moved on to `period` (a later one, or its own): the counts of a period
	/// more than one behind are forgotten.
	pub fn rolled_to(self, period: u32) -> Self {
		if period <= self.period {
			self
		} else if period == self.period.saturating_add(1) {
			Self { period, previous: self.current, current: 0, fresh: 0 }
		} else {
			Self { period, ..Default::default() }
		}
	}

	/// Whether nothing is counted (such an entry is never stored).
	pub fn is_empty(&self) -> bool {
		self.previous == 0 && self.current == 0
	}

	/// What a device with `mark` adds to this count, relative to its period, as
	/// `(previous, current, fresh)`: each count is the sum of its devices' contributions, so
	/// counting a device in, out, or checking the sum (`try_state`) all use this one rule.
	pub fn contribution(&self, mark: &InteractiveMark) -> (u32, u32, u32) {
		if mark.period == self.period {
			(u32::from(mark.also_previous), 1, u32::from(!mark.also_previous))
		} else if mark.period.saturating_add(1) == self.period {
			(1, 0, 0)
		} else {
			(0, 0, 0)
		}
	}

	/// Adds (`add`) or takes away the contribution of a device with `mark`.
	pub fn apply(&mut self, mark: &InteractiveMark, add: bool) {
		let (previous, current, fresh) = self.contribution(mark);
		let step = |n: &mut u32, by: u32| {
			*n = if add { n.saturating_add(by) } else { n.saturating_sub(by) }
		};
		step(&mut self.previous, previous);
		step(&mut self.current, current);
		step(&mut self.fresh, fresh);
	}
}

/// The last period in which a device was counted as interactive in the cells of its current
/// location (removed when it moves, stops being active or leaves).
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
pub struct InteractiveMark {
	/// The period.
	pub period: u32,
	/// Whether it was counted in the period before, too.
	pub also_previous: bool,
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

/// The economics of makers, set by `DeviceAdmin` (all zero: no bond required, no slash, no
/// pause).
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
	Serialize,
	Deserialize,
)]
pub struct MakerParams<Balance, BlockNumber> {
	/// The bond a maker must have on hold (posted by its account with `bond_maker`) before
	/// devices it certifies may register; zero requires none.
	pub bond: Balance,
	/// Share of a maker's bond slashed to the treasury for each upheld dispute against one of
	/// its devices.
	pub slash: sp_runtime::Perbill,
	/// Upheld disputes against a maker's devices within `fault_window` blocks after which its
	/// onboarding pauses until governance resumes it; zero never pauses.
	pub max_faults: u32,
	/// The window, in blocks, in which faults are counted (a new window starts with the
	/// first fault after the last one ended).
	pub fault_window: BlockNumber,
}

/// A maker's bond and its record of faults.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MakerStake<AccountId, Balance, BlockNumber> {
	/// The account whose bond is on hold, if the maker is bonded.
	pub account: Option<AccountId>,
	/// What is left of the bond.
	pub bond: Balance,
	/// Slashed from the bond so far.
	pub slashed: Balance,
	/// Upheld disputes against its devices in the current fault window.
	pub faults: u32,
	/// First block of the current fault window.
	pub window_start: BlockNumber,
	/// Onboarding is paused until governance resumes it.
	pub paused: bool,
	/// When the maker was revoked, if it was bonded then: its bond can be withdrawn
	/// `UnbondingPeriod` blocks later.
	pub revoked_at: Option<BlockNumber>,
}

impl<AccountId, Balance: Default, BlockNumber: Default> Default
	for MakerStake<AccountId, Balance, BlockNumber>
{
	fn default() -> Self {
		Self {
			account: None,
			bond: Default::default(),
			slashed: Default::default(),
			faults: 0,
			window_start: Default::default(),
			paused: false,
			revoked_at: None,
		}
	}
}
