//! The traits between pallets, in the style of `frame/referenda`'s neutral traits: a pallet
//! names what it needs from another in its `Config` and the runtime wires the two together, so
//! no pallet depends on another's crate.
//!
//! | trait | provided by | used by |
//! | --- | --- | --- |
//! | [`DeviceInspect`] | devices | work (reports, disputes), emissions (claims) |
//! | [`WorkInspect`] | work | emissions (claims, payouts, pruning) |
//! | [`OnEpochClosed`] | emissions | work (at each epoch close) |
//! | [`OnWorkVoided`] | emissions | work (an upheld dispute voids work of a closed epoch) |
//! | [`CreditLedger`] | emissions | work (usage receipts debit credits) |
//! | [`ValidatorSet`] | the runtime (session) | emissions (validators' share) |

use crate::{
	ClassId, ClassParams, DeviceWork, EpochIndex, EpochTotals, H3Cell, MakerId, PublicKey,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::DispatchResult, weights::Weight};

/// What checking one P-256 signature costs, benchmarked once (in the device registry) and
/// added by every call that checks a device's signature for each P-256 key among its
/// signers: the calls' own benchmarks use sr25519 keys, about 40 times cheaper to check.
pub trait SignatureWeights {
	/// One P-256 check (SHA-256 of the payload, then ECDSA verification).
	fn verify_p256() -> Weight;
}

/// For tests: P-256 checks weigh nothing.
impl SignatureWeights for () {
	fn verify_p256() -> Weight {
		Weight::zero()
	}
}
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// What other pallets need to know about one device, read at once.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeviceView<AccountId, Balance> {
	/// The account that owns the device and holds its bond.
	pub owner: AccountId,
	/// The device's class id.
	pub class: ClassId,
	/// The maker that certified it.
	pub maker: MakerId,
	/// The class's parameters (proof kind, caps, witness rules, price).
	pub params: ClassParams<Balance>,
	/// The device's H3 cell, if it has one.
	pub location: Option<H3Cell>,
	/// The bond on hold from the owner.
	pub bond: Balance,
	/// Whether the device is active (neither suspended nor retiring): only active devices
	/// earn work units or witness.
	pub active: bool,
}

/// When a device last took part in witnessed work, for witness reciprocity: a witness counts
/// only if it has itself beaconed recently, and a beaconer earns only if it has itself
/// witnessed recently.
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
pub struct DeviceActivity {
	/// The last reward epoch in which a beacon of the device was recorded.
	pub last_beaconed: Option<EpochIndex>,
	/// The last reward epoch in which the device was recorded as a witness.
	pub last_witnessed: Option<EpochIndex>,
}

/// What other pallets (work, emissions, disputes) may know and do about devices.
pub trait DeviceInspect<AccountId, Balance> {
	/// The device and its class, if it is registered (one lookup for everything a report
	/// checks).
	fn device(device: &PublicKey) -> Option<DeviceView<AccountId, Balance>>;
	/// The occupancy scale of `device` (as `view` shows it) in parts per billion (at most
	/// [`crate::SHARE_PARTS`]): the product, over the governed occupancy resolutions, of
	/// `min(count, limit) ÷ count`, where `count` is the number of interactive devices of its
	/// class in its parent cell (those that earned recently), the device itself included.
	/// Full for digital classes, devices without a location and resolutions without a limit.
	fn occupancy_scale(device: &PublicKey, view: &DeviceView<AccountId, Balance>) -> u32;
	/// Records that `device`, an active device of the physical class `class` located at
	/// `cell`, earned witnessed or attested units in the current epoch: it counts as
	/// interactive in its parent cells (a no-op for a device already counted in this period).
	fn note_interactive(device: &PublicKey, class: ClassId, cell: H3Cell);
	/// Records that `device` was credited work in `epoch` (the first credit of the epoch): until
	/// that epoch's dispute window has passed, the device keeps its bond and its owner.
	fn note_work(device: &PublicKey, epoch: EpochIndex);
	/// When the device last beaconed and witnessed (all `None` for an unknown device).
	fn activity(device: &PublicKey) -> DeviceActivity;
	/// The block at which the device registered, or `None` for a device registered at genesis
	/// (or before this was recorded) and for an unknown device. The work pallet assigns
	/// verifiers only to devices whose keys were fixed before the assignment seed was known.
	fn registered_at(device: &PublicKey) -> Option<u64>;
	/// Records that a beacon of the device counted in `epoch` (a no-op for an unknown
	/// device).
	fn note_beaconed(device: &PublicKey, epoch: EpochIndex);
	/// Records that the device counted as a witness in `epoch` (a no-op for an unknown
	/// device).
	fn note_witnessed(device: &PublicKey, epoch: EpochIndex);
	/// Moves up to `amount` of the device's bond to `beneficiary` (never more than the bond)
	/// and returns the amount moved.
	fn slash(
		device: &PublicKey,
		amount: Balance,
		beneficiary: &AccountId,
	) -> Result<Balance, DispatchError>;
	/// Suspends the device (an upheld dispute); a no-op if it is already suspended.
	fn suspend(device: &PublicKey) -> DispatchResult;
	/// A dispute of the device opened: until every open one is closed, the device cannot
	/// change hands, retire or release its bond.
	fn dispute_opened(device: &PublicKey);
	/// A dispute of the device was resolved.
	fn dispute_closed(device: &PublicKey);
	/// A dispute against the device's work was upheld: its maker answers for it (part of the
	/// maker's bond slashed, and its onboarding paused past a number of such faults). A no-op
	/// for an unknown device.
	fn maker_fault(device: &PublicKey);
	/// Benchmarks of other pallets only: registers an active `device` of a new class with
	/// `params` for `owner` (who must afford the bond), without maker or device signatures.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(
		device: PublicKey,
		owner: &AccountId,
		params: ClassParams<Balance>,
		location: Option<H3Cell>,
	) -> DispatchResult;
}

/// Called once per reward epoch with the epoch's final totals (see the work pallet's docs for
/// when).
pub trait OnEpochClosed<Balance> {
	/// The epoch `epoch` is closed with `totals`; returns the weight used.
	fn on_epoch_closed(epoch: EpochIndex, totals: &EpochTotals<Balance>) -> Weight;
}

impl<Balance> OnEpochClosed<Balance> for () {
	fn on_epoch_closed(_: EpochIndex, _: &EpochTotals<Balance>) -> Weight {
		Weight::zero()
	}
}

/// Told when an upheld dispute voids work of an epoch that is already closed, whose pools
/// were already set aside: the voided work's reward must not expire silently.
pub trait OnWorkVoided<AccountId, Balance> {
	/// `work` of `device` in the closed `epoch` was voided; returns the weight used.
	fn on_work_voided(
		epoch: EpochIndex,
		device: &PublicKey,
		work: &DeviceWork<AccountId, Balance>,
	) -> Weight;

	/// The most [`Self::on_work_voided`] may weigh: what the call that voids declares.
	fn max_weight() -> Weight;
}

impl<AccountId, Balance> OnWorkVoided<AccountId, Balance> for () {
	fn max_weight() -> Weight {
		Weight::zero()
	}

	fn on_work_voided(_: EpochIndex, _: &PublicKey, _: &DeviceWork<AccountId, Balance>) -> Weight {
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
			Err(DispatchError::Other("no credit ledger"))
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_credits(_: &AccountId, _: Balance) {}
}

/// What the emissions pallet reads about work.
pub trait WorkInspect<AccountId, Balance> {
	/// The device's work in `epoch` if it is final: the epoch is closed, its dispute window
	/// has passed, no dispute is open and the work was not voided.
	fn final_work(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<AccountId, Balance>>;
	/// The device's work record in `epoch` in any state (running, under dispute, voided).
	fn work_of(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<AccountId, Balance>>;
	/// The totals of `epoch` (final once the epoch is closed).
	fn epoch_totals(epoch: EpochIndex) -> EpochTotals<Balance>;
	/// The current reward epoch.
	fn current_epoch() -> EpochIndex;
	/// Whether `epoch` is closed and its dispute window has passed (its work, where not
	/// disputed, is final).
	fn epoch_final(epoch: EpochIndex) -> bool;
	/// How long after its epoch work may at most be under dispute: the longest dispute window
	/// governance may set plus the longest dispute timeout. No epoch's work can be disputed,
	/// nor wait for a verdict, for more epochs than this; the claim expiry must exceed it, so
	/// a dispute always ends before the rewards it holds back expire.
	fn max_dispute_window() -> EpochIndex;
	/// Epochs after an epoch during which its work records are kept.
	fn retention() -> EpochIndex;
	/// Benchmarks only: records `work` for `device` in `epoch` and moves the clock far
	/// enough for it to be final.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_final_work(device: PublicKey, epoch: EpochIndex, work: DeviceWork<AccountId, Balance>);
}

/// The validators paid at each reward epoch's close.
pub trait ValidatorSet<AccountId> {
	/// The current validators.
	fn validators() -> alloc::vec::Vec<AccountId>;
	/// Benchmarks only: makes `validators` the current set.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: alloc::vec::Vec<AccountId>);
}
