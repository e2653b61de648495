//! Types of the work pallet: witness receipts, attestations, per-device and per-epoch work records, verifiers and
//! disputes. The traits through which the emissions pallet plugs in live in
//! `depin_primitives::traits` and are re-exported here.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{PublicKey, RawSignature};

pub use depin_primitives::{
	CreditLedger, DeviceWork, EpochIndex, EpochTotals, OnEpochClosed, OnWorkVoided, ProofKind,
	WorkInspect,
};
use scale_info::TypeInfo;
use sp_core::H256;

/// Identifier of a dispute.
pub type DisputeId = u32;

/// A witness's receipt of a beacon: the witness device signed
/// `(WITNESS_RECEIPT_TAG, genesis hash, beaconer, epoch, challenge)`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct WitnessReceipt {
	/// The witness device; it must be active, of a witnessed class, of another owner and in
	/// the beaconer's proximity band.
	pub witness: PublicKey,
	/// Its signature of the payload.
	pub signature: RawSignature,
}

/// A verifier attestation: a verifier's measurement of a device's work in an epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Attestation {
	/// The device measured; it must be active and of an attested class.
	pub device: PublicKey,
	/// The work units the verifier measured.
	pub units: u64,
}

/// An admitted verifier.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Verifier<Balance> {
	/// Its bond, on hold (what slashes left of it).
	pub bond: Balance,
	/// Slashed from its bond so far.
	pub slashed: Balance,
	/// Attestations it was slashed for.
	pub slashes: u32,
	/// The most units it may attest in total per epoch.
	pub quota: u64,
	/// Its place in `VerifierSlots`, which the epoch's committees draw from.
	pub slot: u32,
}

/// What an epoch's verifier committees are drawn from, fixed when the epoch starts.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct CommitteeBase<BlockNumber> {
	/// The epoch's first block: devices registered less than `AssignmentLookahead` blocks
	/// before it cannot be assigned verifiers in the epoch.
	pub start: BlockNumber,
	/// Verifier slots at the start (verifiers admitted later join from the next epoch).
	pub verifiers: u32,
}

/// An open dispute against a device's work in an epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Dispute<AccountId, Balance> {
	/// The device whose work is disputed; it cannot change hands, retire or release its bond
	/// while the dispute is open.
	pub device: PublicKey,
	/// The reward epoch whose work is disputed (within the dispute window when opened).
	pub epoch: EpochIndex,
	/// Who opened it; their bond is on hold.
	pub disputer: AccountId,
	/// The disputer's bond.
	pub bond: Balance,
	/// Hash of the evidence, kept off chain.
	pub evidence: H256,
	/// The last epoch in which the dispute waits for a verdict; from the next one it has timed
	/// out: anyone may close it (`expire_dispute`), and `on_idle` does, refunding the bond.
	pub deadline: EpochIndex,
}

/// Governance's verdict on a dispute.
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
pub enum Verdict {
	/// The evidence does not hold: the disputer's bond goes to the treasury.
	Rejected,
	/// The device's owner faked the work (for example a false location or a colluding
	/// consumer): its work is voided, its bond slashed, the device suspended. Its maker is not
	/// at fault.
	Upheld,
	/// As `Upheld`, and the device itself is not what its maker certified (a key outside real
	/// hardware, a cloned device): the maker answers for it too (`maker_fault`: part of its
	/// bond slashed, its onboarding paused past a number of faults).
	UpheldMakerAtFault,
	/// The attested work was not done, and the verifiers who attested it are to blame, not the
	/// device (a committee majority recorded work for a device that did not ask for it): the
	/// work is voided and its attesters slashed; the device keeps its bond and stays active.
	/// Only for attested work (`NotAttestedWork` otherwise).
	UpheldVerifiersAtFault,
}
