//! Types of the work pallet: receipts, per-device and per-epoch work records, verifiers and
//! disputes, and the traits through which the emissions pallet plugs in.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::DispatchResult, weights::Weight};
use pallet_devices::{ProofKind, PublicKey, RawSignature};
use scale_info::TypeInfo;
use sp_core::H256;

/// Index of a reward epoch (not a BABE epoch). Epoch 0 starts at genesis.
pub type EpochIndex = u32;

/// Identifier of a dispute.
pub type DisputeId = u32;

/// A usage receipt: `device` served `units` of work to `consumer`, who pays for them in
/// credits. Both sign the same payload, `(USAGE_RECEIPT_TAG, genesis hash, device, consumer,
/// epoch, units, nonce)` (the epoch is the batch's).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct UsageReceipt<AccountId, Signature> {
	/// The device that served.
	pub device: PublicKey,
	/// The paying consumer's account.
	pub consumer: AccountId,
	/// Work units served.
	pub units: u64,
	/// The consumer's counter for this device; each receipt must use a higher one.
	pub nonce: u64,
	/// The device key's signature of the payload.
	pub device_signature: RawSignature,
	/// The consumer account's signature of the payload.
	pub consumer_signature: Signature,
}

/// A witness's receipt of a beacon: the witness device signed
/// `(WITNESS_RECEIPT_TAG, genesis hash, beaconer, epoch, challenge)`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct WitnessReceipt {
	/// The witness device.
	pub witness: PublicKey,
	/// Its signature of the payload.
	pub signature: RawSignature,
}

/// A verifier's measurement of a device's work in an epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Attestation {
	/// The attested device.
	pub device: PublicKey,
	/// The work units the verifier measured.
	pub units: u64,
}

/// A device's work in one epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceWork<Balance> {
	/// The proof kind of the device's class (a device's class never changes).
	pub kind: ProofKind,
	/// Units credited (never above the class's cap).
	pub units: u64,
	/// Credits consumers spent on these units (usage work).
	pub credits: Balance,
	/// Voided by an upheld dispute: the units earn nothing.
	pub voided: bool,
}

/// The totals of an epoch, as `OnEpochClosed` receives them.
#[derive(
	Clone,
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
pub struct EpochTotals<Balance> {
	/// Units of usage work.
	pub usage_units: u64,
	/// Units of witnessed work (beacons and witnesses).
	pub witnessed_units: u64,
	/// Units of attested work.
	pub attested_units: u64,
	/// Credits spent on usage work.
	pub credits: Balance,
	/// Devices with any work in the epoch.
	pub devices: u32,
}

impl<Balance> EpochTotals<Balance> {
	/// The units of one proof kind.
	pub fn units(&self, kind: ProofKind) -> u64 {
		match kind {
			ProofKind::Usage => self.usage_units,
			ProofKind::Witnessed => self.witnessed_units,
			ProofKind::Attested => self.attested_units,
		}
	}

	pub(crate) fn units_mut(&mut self, kind: ProofKind) -> &mut u64 {
		match kind {
			ProofKind::Usage => &mut self.usage_units,
			ProofKind::Witnessed => &mut self.witnessed_units,
			ProofKind::Attested => &mut self.attested_units,
		}
	}
}

/// An admitted verifier.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Verifier<Balance> {
	/// Its bond, on hold.
	pub bond: Balance,
	/// The most units it may attest in total per epoch.
	pub quota: u64,
}

/// An open dispute against a device's work in an epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Dispute<AccountId, Balance> {
	/// The disputed device.
	pub device: PublicKey,
	/// The disputed epoch.
	pub epoch: EpochIndex,
	/// Who opened it; their bond is on hold.
	pub disputer: AccountId,
	/// The disputer's bond.
	pub bond: Balance,
	/// Hash of the evidence, kept off chain.
	pub evidence: H256,
}

/// Called once per epoch with the epoch's final totals (see the pallet docs for when).
pub trait OnEpochClosed<Balance> {
	/// The epoch `epoch` is closed with `totals`; returns the weight used.
	fn on_epoch_closed(epoch: EpochIndex, totals: &EpochTotals<Balance>) -> Weight;
}

impl<Balance> OnEpochClosed<Balance> for () {
	fn on_epoch_closed(_: EpochIndex, _: &EpochTotals<Balance>) -> Weight {
		Weight::zero()
	}
}

/// Consumers' service credits, bought by burning tokens (the emissions pallet keeps them).
pub trait CreditLedger<AccountId, Balance> {
	/// The credits `who` holds.
	fn credits(who: &AccountId) -> Balance;
	/// Takes `amount` credits from `who`; fails, changing nothing, if they hold fewer.
	fn debit(who: &AccountId, amount: Balance) -> DispatchResult;
	/// Benchmarks only: gives `who` `amount` credits.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_credits(who: &AccountId, amount: Balance);
}

/// No credits at all: usage receipts cannot be paid. For runtimes without a credit ledger.
impl<AccountId, Balance: Default + PartialEq> CreditLedger<AccountId, Balance> for () {
	fn credits(_: &AccountId) -> Balance {
		Balance::default()
	}
	fn debit(_: &AccountId, amount: Balance) -> DispatchResult {
		if amount == Balance::default() {
			Ok(())
		} else {
			Err(sp_runtime::DispatchError::Other("no credit ledger"))
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_credits(_: &AccountId, _: Balance) {}
}

/// What the emissions pallet reads about work.
pub trait WorkInspect<Balance> {
	/// The device's work in `epoch` if it is final: the epoch is closed, its dispute window
	/// has passed, no dispute is open and the work was not voided.
	fn final_work(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<Balance>>;
	/// The device's work record in `epoch` in any state (running, under dispute, voided).
	fn work_of(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<Balance>>;
	/// The totals of `epoch` (final once the epoch is closed).
	fn epoch_totals(epoch: EpochIndex) -> EpochTotals<Balance>;
	/// The current epoch.
	fn current_epoch() -> EpochIndex;
	/// Whether `epoch` is closed and its dispute window has passed (its work, where not
	/// disputed, is final).
	fn epoch_final(epoch: EpochIndex) -> bool;
	/// The longest dispute window governance may set: no epoch's work can be disputed, nor
	/// its rewards wait to become final, for more epochs than this.
	fn max_dispute_window() -> EpochIndex;
	/// Epochs after an epoch during which its work records are kept.
	fn retention() -> EpochIndex;
	/// Benchmarks only: records `work` for `device` in `epoch` and moves the clock far
	/// enough for it to be final.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_final_work(device: PublicKey, epoch: EpochIndex, work: DeviceWork<Balance>);
}
