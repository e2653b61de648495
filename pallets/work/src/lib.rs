//! # Proof of physical work
//!
//! Decides what work is real. A device earns **work units** in a reward epoch only when
//! something it cannot forge alone backs the claim, according to the proof kind of its class:
//!
//! - **Usage**: cumulative vouchers. A device signs, per consumer and epoch, the units it has
//!   served in all at the class price; the consumer authorizes a batch of vouchers with one
//!   signature and pays `increase × price` in credits. The chain settles only the increase
//!   over what it settled before, so stale and replayed vouchers settle nothing.
//! - **Witnessed**: a device is challenged in an epoch iff a hash of the epoch's seed (BABE
//!   randomness), the epoch and the device falls below a threshold set by the challenge rate;
//!   nothing per device is stored. A challenged device's beacon counts with the signed
//!   receipts of nearby witness devices of *other* owners (H3 proximity band of the class).
//! - **Attested**: bonded verifiers submit measurements (verifier attestations); once a quorum
//!   attested a device, its units are the (lower) median. Each verifier has a per-epoch quota.
//!
//! Units are capped per device and epoch by the class's `units_cap`, and clipped there. The
//! consumer pays only for usage units that are credited (units that earn nothing must not
//! burn credits); the witnesses and verifiers of clipped units did nothing wrong.
//!
//! ## Authorized transactions
//!
//! `settle_usage` and `submit_beacon` are **general transactions** authorized by the
//! signatures they carry (`#[pallet::authorize]`, run by `frame_system::AuthorizeCall` in the
//! runtime's extension pipeline): no account, nonce or fee. The pool refuses one whose
//! signatures or state checks fail, with `InvalidTransaction::Custom(n)`, `n` being the index
//! of the pallet error in `Error`; the same check runs again right before dispatch in every
//! block, so the call itself does not verify the signatures a second time. A settlement pays a
//! charge in credits for its weight (`SettlementRate`); a beacon submission is valid only if
//! it adds at least one witness, so neither can be repeated for free.
//!
//! ## Epochs
//!
//! The pallet owns the reward-epoch clock. Epoch `e + 1` starts at the first block at or after
//! `start(e) + EpochLength`; from then on epoch `e` has *ended* and only late reports for it
//! are accepted, for `SubmissionGrace` blocks. When the grace is over the epoch is *closed*:
//! its totals are final and [`OnEpochClosed`] receives them (at the boundary itself when the
//! grace is zero). Neither step iterates over devices. Governance changes `EpochLength`
//! effective at the next boundary.
//!
//! ## Disputes
//!
//! Anyone may dispute a device's work in an epoch, with a bond, until `DisputeWindow` epochs
//! after it. `DeviceAdmin` resolves: upheld voids the units, slashes part of the device's bond
//! (a share to the disputer, the rest to the treasury) and suspends the device; rejected
//! slashes the disputer's bond to the treasury. Work is final for emissions
//! ([`WorkInspect::final_work`]) once the epoch is closed, the window has passed, no dispute is
//! open and the work was not voided.
//!
//! Batch calls are all-or-nothing: the first bad item rejects the whole batch with an error
//! that names its index, and nothing is written (a voucher that a later one already covered is
//! not an error: it is skipped with `VoucherSkipped`). Signed payload layouts are in
//! `docs/work.md`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The signed payloads and the challenge derivation, shared with off-chain signers (see
/// `depin_primitives::payload`).
pub use depin_primitives::payload;
pub use depin_primitives::payload::{
	BEACON_TAG, CHALLENGE_TAG, USAGE_BATCH_TAG, USAGE_VOUCHER_TAG, WITNESS_RECEIPT_TAG,
};
pub use depin_primitives::{SignatureWeights, VoucherItem, SHARE_PARTS};

// FRAME's macro expansions call `expect` and spell out the authorize closures' full types; the
// pallet's own logic lives in `features/`, where the workspace lints apply in full.
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::type_complexity)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use depin_primitives::{DeviceInspect, PublicKey, RawSignature};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			Randomness,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::{
		traits::{IdentifyAccount, Verify},
		DispatchError, Perbill,
	};

	/// The balance type of the currency that bonds are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A usage voucher of this runtime.
	pub type VoucherItemOf<T> = VoucherItem<BalanceOf<T>>;

	/// A device's work in an epoch, in this runtime's types.
	pub type DeviceWorkOf<T> = DeviceWork<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	/// A dispute of this runtime.
	pub type DisputeOf<T> = Dispute<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	/// The storage layout version; see [`crate::migrations`].
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency verifier and dispute bonds are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The device registry.
		type Devices: DeviceInspect<Self::AccountId, BalanceOf<Self>>;

		/// Consumers' credits (the emissions pallet).
		type Credits: CreditLedger<Self::AccountId, BalanceOf<Self>>;

		/// Signatures of consumer accounts on voucher batches.
		type Signature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;

		/// Source of the per-epoch challenge seed (BABE's VRF output in the runtime).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// Told about every closed epoch's totals (the emissions pallet).
		type OnEpochClosed: OnEpochClosed<BalanceOf<Self>>;

		/// Told when an upheld dispute voids work of a closed epoch (the emissions pallet pays
		/// its reward to the treasury).
		type OnWorkVoided: OnWorkVoided<Self::AccountId, BalanceOf<Self>>;

		/// Admits and removes verifiers and sets the work parameters that do not change the
		/// emission rate (challenge rate, attestation quorum and tolerance, dispute and
		/// reciprocity windows, settlement rate).
		type DeviceAdmin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Sets the epoch length: the emission schedule pays per epoch, so the epoch length
		/// sets the emission per hour. The emission schedule's admin.
		type EmissionAdmin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Resolves disputes (a faster path than the other admin origins, so that a dispute is
		/// decided within `DisputeTimeout`).
		type DisputeAdmin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives slashed bonds (except the disputer's share).
		type Treasury: Get<Self::AccountId>;

		/// Most vouchers in one settlement batch (at most 256: errors name an index as a `u8`).
		#[pallet::constant]
		type MaxVouchers: Get<u32>;

		/// Most witness receipts in one beacon submission (at most 256).
		#[pallet::constant]
		type MaxWitnesses: Get<u32>;

		/// Most attestations in one verifier batch (at most 256).
		#[pallet::constant]
		type MaxAttestations: Get<u32>;

		/// Largest attestation quorum governance may set.
		#[pallet::constant]
		type MaxQuorum: Get<u32>;

		/// Smallest attestation quorum governance may set (and genesis may name): at least 3 on
		/// a live chain, so that one or two colluding verifiers cannot decide a device's units.
		/// Not a constant: the runtime may allow 1 on development chains.
		type MinQuorum: Get<u32>;

		/// Blocks before an epoch's start by which a device must have registered to be
		/// assigned verifiers in it: at least how long ahead the randomness behind the epoch's
		/// seed can be known, so nobody can pick a device key whose committee they control.
		/// Not a constant: the runtime derives it from the BABE epoch length.
		type AssignmentLookahead: Get<BlockNumberFor<Self>>;

		/// Share of a verifier's bond slashed (to the treasury) for each attestation outside
		/// the tolerance of its quorum's median, and for each attestation of work that an
		/// upheld dispute voided.
		#[pallet::constant]
		type VerifierSlash: Get<Perbill>;

		/// Shortest epoch length governance may set (and genesis may name); it must exceed
		/// `SubmissionGrace`. Not a constant: the runtime may allow shorter epochs on
		/// development chains.
		type MinEpochLength: Get<BlockNumberFor<Self>>;

		/// Longest epoch length governance may set (at least `MinEpochLength`). With
		/// `MinEpochLength` it bounds how far a change of epoch length can move the emission
		/// per hour; a very long epoch would also stall the epoch clock.
		#[pallet::constant]
		type MaxEpochLength: Get<BlockNumberFor<Self>>;

		/// Blocks after an epoch's end during which reports for it are still accepted.
		#[pallet::constant]
		type SubmissionGrace: Get<BlockNumberFor<Self>>;

		/// Longest reciprocity window governance may set (see `ReciprocityWindow`).
		#[pallet::constant]
		type MaxReciprocityWindow: Get<EpochIndex>;

		/// Longest dispute window governance may set (the window itself is the
		/// `DisputeWindow` storage value). Below `WorkRetention`.
		#[pallet::constant]
		type MaxDisputeWindow: Get<EpochIndex>;

		/// Epochs after an epoch during which its work records are kept (emissions pays
		/// from them); older ones are removed in the background. At least the claim expiry.
		#[pallet::constant]
		type WorkRetention: Get<EpochIndex>;

		/// Lowest settlement rate governance may set (credits per unit of a settlement batch's
		/// weight). Above zero on a live chain: at zero a batch whose units are all clipped
		/// costs nothing, and could be repeated for free.
		#[pallet::constant]
		type MinSettlementRate: Get<BalanceOf<Self>>;

		/// Bond a verifier puts on hold.
		#[pallet::constant]
		type VerifierBond: Get<BalanceOf<Self>>;

		/// Smallest bond a disputer puts on hold.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// A dispute's bond is at least this share of the disputed device's bond (and at least
		/// `DisputeBond`): squatting the disputes of a dear device costs in proportion.
		#[pallet::constant]
		type DisputeBondShare: Get<Perbill>;

		/// Most disputes open at once against one device's work in one epoch: several
		/// watchers may dispute the same work, so nobody can squat it with a junk dispute.
		#[pallet::constant]
		type MaxDisputesPerWork: Get<u32>;

		/// The shortest time, in blocks, that a dispute must be able to wait for its verdict:
		/// `DisputeTimeout` epochs must last at least this long at every epoch length in force
		/// (checked by `set_dispute_timeout` and `set_epoch_length`), or a dispute could time
		/// out, its bond refunded and the device unpunished, before governance can decide it.
		/// The runtime derives it from the periods of the referendum track that resolves
		/// disputes. Not a constant: development chains run shorter tracks.
		type MinDisputeVerdictTime: Get<BlockNumberFor<Self>>;

		/// Longest dispute timeout governance may set (see `DisputeTimeout`). With
		/// `MaxDisputeWindow` it bounds how long after an epoch its work may still be under
		/// dispute, which the claim expiry must exceed.
		#[pallet::constant]
		type MaxDisputeTimeout: Get<EpochIndex>;

		/// Share of a device's bond slashed when a dispute against it is upheld.
		#[pallet::constant]
		type DisputeSlash: Get<Perbill>;

		/// Share of the slashed amount that goes to the disputer (the rest to the treasury).
		#[pallet::constant]
		type DisputerShare: Get<Perbill>;

		/// Weights of the calls and of the epoch hook.
		type WeightInfo: WeightInfo;

		/// What a P-256 signature check weighs, added for each P-256 device whose signature a
		/// call checks (vouchers, beacons, witness receipts).
		type SignatureWeights: depin_primitives::SignatureWeights;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of an admitted verifier.
		VerifierBond,
		/// The bond of an open dispute.
		DisputeBond,
	}

	/// Blocks per reward epoch.
	#[pallet::storage]
	pub type EpochLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// An epoch length set by governance, taking effect at the next boundary.
	#[pallet::storage]
	pub type PendingEpochLength<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	/// The current reward epoch.
	#[pallet::storage]
	pub type CurrentEpoch<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// First block of the current epoch.
	#[pallet::storage]
	pub type EpochStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The epoch that has ended but is still in its submission grace, and the block at which
	/// it closes.
	#[pallet::storage]
	pub type Closing<T: Config> = StorageValue<_, (EpochIndex, BlockNumberFor<T>)>;

	/// Challenge seed of the current epoch and of the one in its grace (older ones are removed).
	#[pallet::storage]
	pub type Seeds<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, T::Hash>;

	/// Share of witnessed-class devices challenged per epoch.
	#[pallet::storage]
	pub type ChallengeRate<T> = StorageValue<_, Perbill, ValueQuery>;

	/// Verifier attestations needed before an attested device's units count.
	#[pallet::storage]
	pub type AttestationQuorum<T> = StorageValue<_, u32, ValueQuery>;

	/// Totals per epoch.
	#[pallet::storage]
	pub type Totals<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochTotals<BalanceOf<T>>, ValueQuery>;

	/// Each device's work per epoch.
	#[pallet::storage]
	pub type WorkRecords<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Blake2_128Concat, PublicKey, DeviceWorkOf<T>>;

	/// The cumulative usage units settled per epoch, consumer and device: a voucher settles
	/// only its increase over this. Removed with the epoch's other records once it closes.
	#[pallet::storage]
	pub type Settled<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		(T::AccountId, PublicKey),
		u64,
	>;

	/// Credits a settlement batch pays per unit of its reference-time weight (picoseconds),
	/// on top of the units; set by `DeviceAdmin`.
	#[pallet::storage]
	pub type SettlementRate<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The witnesses counted per epoch and beaconing device (the beacon's witness set, which
	/// later submissions may extend up to the class maximum).
	#[pallet::storage]
	pub type Beacons<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		BoundedVec<PublicKey, T::MaxWitnesses>,
		ValueQuery,
	>;

	/// Witness reciprocity (HIP-106 style), in epochs: a witness earns, and adds units to the
	/// beaconer, only if it has itself beaconed within this many epochs before the beacon's
	/// epoch, and the beaconer earns only if it has itself witnessed within the window. Zero
	/// turns the rule off. At most `MaxReciprocityWindow`.
	#[pallet::storage]
	pub type ReciprocityWindow<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Beacons whose beaconer has earned its unit (at most one per beacon, once the beacon
	/// counts a reciprocal witness). Removed with the epoch's beacons once it closes.
	#[pallet::storage]
	pub type BeaconPaid<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Blake2_128Concat, PublicKey, ()>;

	/// Admitted verifiers.
	#[pallet::storage]
	pub type Verifiers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Verifier<BalanceOf<T>>>;

	/// Number of admitted verifiers.
	#[pallet::storage]
	pub type VerifierCount<T> = StorageValue<_, u32, ValueQuery>;

	/// Slot → verifier, for slots `0..VerifierCount`. Committees are drawn from slots; a
	/// removed verifier's slot goes to the verifier in the last slot.
	#[pallet::storage]
	pub type VerifierSlots<T: Config> = StorageMap<_, Twox64Concat, u32, T::AccountId>;

	/// Per epoch (the current one and the one in its grace): the epoch's start and its number
	/// of verifier slots, from which each attested device's committee is drawn with the
	/// epoch's seed (`payload::committee`). An epoch without one (it started before this
	/// existed) lets every verifier attest every device.
	#[pallet::storage]
	pub type CommitteeBases<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, CommitteeBase<BlockNumberFor<T>>>;

	/// Accounts that applied to verify, with the bond they put on hold themselves; governance
	/// admits them (`admit_verifier`) or they withdraw.
	#[pallet::storage]
	pub type VerifierApplications<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>>;

	/// How far an attestation may deviate from its quorum's median, as a share of the median,
	/// before its verifier is slashed `VerifierSlash` of its bond.
	#[pallet::storage]
	pub type AttestationTolerance<T> = StorageValue<_, Perbill, ValueQuery>;

	/// The verifiers whose attestations within tolerance made a device's units, per epoch and
	/// device: an upheld dispute of that work slashes them. Removed with the epoch's work
	/// records, after `WorkRetention` (longer than any dispute window).
	#[pallet::storage]
	pub type Attesters<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		BoundedVec<T::AccountId, T::MaxQuorum>,
		ValueQuery,
	>;

	/// Units each verifier attested per epoch (against its quota).
	#[pallet::storage]
	pub type VerifierUsage<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		T::AccountId,
		u64,
		ValueQuery,
	>;

	/// Verifier attestations per epoch and device, until the quorum is reached.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		BoundedVec<(T::AccountId, u64), T::MaxQuorum>,
		ValueQuery,
	>;

	/// Epochs after an epoch during which its work may be disputed; an epoch's rewards are
	/// final once this many epochs have passed. In `1..=MaxDisputeWindow`.
	#[pallet::storage]
	pub type DisputeWindow<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Open disputes.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, DisputeOf<T>>;

	/// The id the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T> = StorageValue<_, DisputeId, ValueQuery>;

	/// The open disputes per epoch and device, oldest first (at most `MaxDisputesPerWork`).
	#[pallet::storage]
	pub type OpenDisputes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		BoundedVec<DisputeId, T::MaxDisputesPerWork>,
	>;

	/// Epochs a dispute may stay open unresolved: opened in epoch `e`, it times out once epoch
	/// `e + DisputeTimeout` has ended, and is then closed with its bond refunded. In
	/// `1..=MaxDisputeTimeout`.
	#[pallet::storage]
	pub type DisputeTimeout<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// `(timeout, until)`: the shortest dispute timeout that replaced timeouts gave disputes
	/// which may still be open, and the last epoch in which one of them can be. While it
	/// lasts, `set_epoch_length` checks it as well as `DisputeTimeout`, so shorter epochs
	/// cannot undercut a dispute opened under an earlier, shorter timeout.
	#[pallet::storage]
	pub type EarlierDisputeTimeout<T> = StorageValue<_, (EpochIndex, EpochIndex)>;

	/// Open disputes by deadline (the last epoch in which they wait for a verdict): `on_idle`
	/// closes those whose deadline has passed, oldest deadline first.
	#[pallet::storage]
	pub type DisputeDeadlines<T> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, DisputeId, ()>;

	/// The oldest deadline epoch that may still have open disputes in `DisputeDeadlines`.
	#[pallet::storage]
	pub type DeadlineCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Oldest epoch whose beacon, attestation and verifier records may still be stored;
	/// `on_idle` removes those of closed epochs, oldest first.
	#[pallet::storage]
	pub type PruneCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Oldest epoch whose work records and totals may still be stored; `on_idle` removes
	/// those past `WorkRetention`.
	#[pallet::storage]
	pub type RecordsCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks per reward epoch.
		pub epoch_length: BlockNumberFor<T>,
		/// Share of witnessed devices challenged per epoch.
		pub challenge_rate: Perbill,
		/// Verifier attestations needed per attested device.
		pub attestation_quorum: u32,
		/// Epochs after an epoch during which its work may be disputed.
		pub dispute_window: EpochIndex,
		/// Credits a settlement batch pays per unit of its weight.
		pub settlement_rate: BalanceOf<T>,
		/// Witness reciprocity window in epochs (0: off).
		pub reciprocity_window: EpochIndex,
		/// Attestation tolerance around the quorum's median.
		pub attestation_tolerance: Perbill,
		/// Epochs a dispute may stay open unresolved.
		pub dispute_timeout: EpochIndex,
	}

	/// The longest allowed epochs (`MaxEpochLength`, a constant: the shortest may depend on
	/// chain state that is not there when a default is built), a 10 % challenge rate, a quorum
	/// of three verifiers (or `MaxQuorum` if lower), the longest allowed dispute window, a
	/// settlement rate of one credit per unit of weight, no reciprocity rule and a 10 %
	/// attestation tolerance.
	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				epoch_length: T::MaxEpochLength::get(),
				challenge_rate: Perbill::from_percent(10),
				attestation_quorum: T::MaxQuorum::get().min(3),
				dispute_window: T::MaxDisputeWindow::get(),
				settlement_rate: One::one(),
				reciprocity_window: 0,
				attestation_tolerance: Perbill::from_percent(10),
				dispute_timeout: T::MaxDisputeTimeout::get(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A bad genesis configuration must stop the chain from being created.
			assert!(
				self.epoch_length >= T::MinEpochLength::get()
					&& self.epoch_length <= T::MaxEpochLength::get()
					&& self.epoch_length > T::SubmissionGrace::get(),
				"epoch_length must be in MinEpochLength..=MaxEpochLength and exceed SubmissionGrace"
			);
			assert!(
				(T::MinQuorum::get().max(1)..=T::MaxQuorum::get())
					.contains(&self.attestation_quorum),
				"attestation_quorum must be in MinQuorum..=MaxQuorum"
			);
			AttestationTolerance::<T>::put(self.attestation_tolerance);
			assert!(
				(1..=T::MaxDisputeTimeout::get()).contains(&self.dispute_timeout),
				"dispute_timeout must be in 1..=MaxDisputeTimeout"
			);
			assert!(
				(1..=T::MaxDisputeWindow::get()).contains(&self.dispute_window),
				"dispute_window must be in 1..=MaxDisputeWindow"
			);
			assert!(
				Pallet::<T>::leaves_time_for_verdict(self.dispute_timeout, self.epoch_length),
				"dispute_timeout epochs of epoch_length must last at least MinDisputeVerdictTime"
			);
			EpochLength::<T>::put(self.epoch_length);
			DisputeWindow::<T>::put(self.dispute_window);
			DisputeTimeout::<T>::put(self.dispute_timeout);
			ChallengeRate::<T>::put(self.challenge_rate);
			AttestationQuorum::<T>::put(self.attestation_quorum);
			assert!(
				self.settlement_rate >= T::MinSettlementRate::get(),
				"settlement_rate must be at least MinSettlementRate"
			);
			SettlementRate::<T>::put(self.settlement_rate);
			assert!(
				self.reciprocity_window <= T::MaxReciprocityWindow::get(),
				"reciprocity_window must be at most MaxReciprocityWindow"
			);
			ReciprocityWindow::<T>::put(self.reciprocity_window);
			Pallet::<T>::start_epoch(0, Zero::zero());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A new reward epoch started; the previous one is in its submission grace.
		EpochStarted { epoch: EpochIndex, start: BlockNumberFor<T>, length: BlockNumberFor<T> },
		/// An epoch closed: its totals are final.
		EpochClosed { epoch: EpochIndex, totals: EpochTotals<BalanceOf<T>> },
		/// A batch of `consumer`'s vouchers settled: `vouchers` of them raised their devices'
		/// settled units, crediting `units` in all for `credits`, plus the settlement `charge`.
		UsageSettled {
			consumer: T::AccountId,
			epoch: EpochIndex,
			vouchers: u32,
			units: u64,
			credits: BalanceOf<T>,
			charge: BalanceOf<T>,
		},
		/// A voucher settled nothing: a later (or the same) voucher of `device` to `consumer`
		/// in `epoch` was already settled. Not an error: the rest of the batch settled.
		VoucherSkipped { consumer: T::AccountId, device: PublicKey, epoch: EpochIndex },
		/// Witnesses were added to a challenged device's beacon: `witnesses` new ones, `total`
		/// counted now, `units` credited to the beaconer (1 when this submission earned the
		/// beacon its unit, 0 otherwise: already earned, no reciprocal witness, or the beaconer
		/// not reciprocal).
		BeaconRecorded {
			beaconer: PublicKey,
			epoch: EpochIndex,
			witnesses: u32,
			total: u32,
			units: u64,
		},
		/// A verifier's batch of attestations was recorded.
		AttestationsRecorded { verifier: T::AccountId, epoch: EpochIndex, count: u32 },
		/// A device reached the attestation quorum; its units are the median.
		DeviceAttested { device: PublicKey, epoch: EpochIndex, units: u64 },
		/// An account applied to verify and put `bond` on hold.
		VerifierApplied { applicant: T::AccountId, bond: BalanceOf<T> },
		/// An applicant withdrew its application; its bond is released.
		ApplicationWithdrawn { applicant: T::AccountId },
		/// A verifier was admitted; its bond is on hold.
		VerifierAdmitted { verifier: T::AccountId, quota: u64, bond: BalanceOf<T> },
		/// A verifier lost `amount` of its bond to the treasury for its attestation of
		/// `device` in `epoch`: outside the tolerance of the quorum's median, or of work an
		/// upheld dispute voided.
		VerifierSlashed {
			verifier: T::AccountId,
			device: PublicKey,
			epoch: EpochIndex,
			amount: BalanceOf<T>,
		},
		/// The attestation tolerance changed.
		AttestationToleranceSet { tolerance: Perbill },
		/// A verifier was removed; its bond is released.
		VerifierRemoved { verifier: T::AccountId },
		/// A dispute was opened; the disputer's bond is on hold.
		DisputeOpened {
			id: DisputeId,
			device: PublicKey,
			epoch: EpochIndex,
			disputer: T::AccountId,
			/// The disputer's bond, on hold.
			bond: BalanceOf<T>,
			/// The last epoch in which the dispute waits for a verdict.
			deadline: EpochIndex,
		},
		/// A dispute passed its deadline without a verdict: it is closed as rejected, but the
		/// disputer's bond is refunded (the disputer did nothing wrong).
		DisputeTimedOut { id: DisputeId, refunded: BalanceOf<T> },
		/// The dispute timeout changed.
		DisputeTimeoutSet { epochs: EpochIndex },
		/// A dispute was upheld: the work is voided (if an earlier verdict had not), `slashed`
		/// taken from the device's bond and the device suspended, or with
		/// `UpheldVerifiersAtFault` `slashed` taken from its attesters' bonds.
		DisputeUpheld { id: DisputeId, slashed: BalanceOf<T> },
		/// A dispute was rejected: the disputer's bond went to the treasury.
		DisputeRejected { id: DisputeId, slashed: BalanceOf<T> },
		/// A new epoch length takes effect at the next boundary.
		EpochLengthScheduled { length: BlockNumberFor<T> },
		/// The challenge rate changed.
		ChallengeRateSet { rate: Perbill },
		/// The attestation quorum changed.
		AttestationQuorumSet { quorum: u32 },
		/// The dispute window was set (it applies at once, also to past epochs).
		DisputeWindowSet { epochs: EpochIndex },
		/// The settlement rate changed (credits per unit of a settlement batch's weight).
		SettlementRateSet { rate: BalanceOf<T> },
		/// The witness reciprocity window changed (it applies to beacons recorded from now on).
		ReciprocityWindowSet { epochs: EpochIndex },
		/// Part of the penalty of upheld dispute `id` was skipped: the registry refused to move
		/// `amount` of `device`'s bond to `beneficiary` (the disputer or the treasury) with
		/// `error`, typically because the device is no longer registered (`amount` is then
		/// zero). Nothing of that part moved; the verdict stands. Emitted before
		/// `DisputeUpheld`, whose `slashed` counts only what moved.
		DisputeSlashSkipped {
			id: DisputeId,
			device: PublicKey,
			beneficiary: T::AccountId,
			amount: BalanceOf<T>,
			error: DispatchError,
		},
		/// The device of upheld dispute `id` was not suspended: the registry refused with
		/// `error`, typically because the device is no longer registered. The verdict stands.
		/// Emitted before `DisputeUpheld`.
		DisputeSuspensionSkipped { id: DisputeId, device: PublicKey, error: DispatchError },
		/// A verifier whose bond slashes had reduced put it back to `bond` (`apply_verifier`).
		VerifierBondToppedUp { verifier: T::AccountId, bond: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Item `index` of the batch names an unregistered device (for beacons, 0 is the
		/// beaconer).
		UnknownDevice { index: u8 },
		/// Item `index` names a device that is suspended or retiring.
		DeviceNotActive { index: u8 },
		/// Item `index` names a device whose class uses another proof kind.
		WrongProofKind { index: u8 },
		/// The device signature of voucher `index` is wrong (key, payload, chain, consumer,
		/// epoch or tag).
		BadDeviceSignature { index: u8 },
		/// The consumer's batch signature is wrong: another key, chain, epoch or set of items.
		BadConsumerSignature,
		/// Item `index` claims zero units.
		ZeroUnits { index: u8 },
		/// The consumer lacks the credits for the batch's units and its settlement charge.
		InsufficientCredits,
		/// Voucher `index` names a device that an earlier voucher of the batch names.
		DuplicateDevice { index: u8 },
		/// Voucher `index` was signed at another price than its class's current unit price.
		WrongPrice { index: u8 },
		/// No voucher of the batch raises its device's settled units: nothing to settle.
		NothingToSettle,
		/// The batch is empty.
		EmptyBatch,
		/// The epoch has closed (or is unknown): reports for it are no longer accepted.
		EpochTooOld,
		/// The epoch has not started.
		EpochInFuture,
		/// The beaconer is not challenged in this epoch.
		NotChallenged,
		/// The beacon already counts the class's maximum of witnesses.
		BeaconFull,
		/// The submission adds no witness that is not already counted (or, with the
		/// reciprocity rule on, only non-reciprocal witnesses past the class's minimum, which
		/// are skipped).
		NoNewWitnesses,
		/// The beacon would count fewer witnesses than the class's minimum.
		TooFewWitnesses,
		/// More witnesses in the submission than the class's maximum.
		TooManyWitnesses,
		/// Witness `index` is not a registered, active device of a witnessed class.
		WitnessNotEligible { index: u8 },
		/// Witness `index` appears twice.
		DuplicateWitness { index: u8 },
		/// Witness `index` has the beaconer's owner.
		WitnessSameOwner { index: u8 },
		/// Witness `index` is not in the class's proximity band (or either has no location).
		WitnessOutOfBand { index: u8 },
		/// The signature of witness `index` is wrong (key, payload, chain or tag).
		BadWitnessSignature { index: u8 },
		/// The caller is not an admitted verifier.
		NotVerifier,
		/// The account is already a verifier.
		AlreadyVerifier,
		/// The account has already applied to verify.
		AlreadyApplied,
		/// The account has not applied to verify (governance admits applicants only).
		NoApplication,
		/// Attestation `index` would take the verifier past its per-epoch quota.
		VerifierQuotaExceeded { index: u8 },
		/// The verifier already attested the device of item `index` in this epoch.
		DuplicateAttestation { index: u8 },
		/// The device of item `index` already reached the quorum in this epoch.
		QuorumReached { index: u8 },
		/// The account cannot put up the bond.
		CannotAffordBond,
		/// The epoch is not disputable: not yet started or past the dispute window.
		DisputeOutsideWindow,
		/// The caller already has an open dispute about this device's work in this epoch.
		DisputeAlreadyOpen,
		/// `MaxDisputesPerWork` disputes about this device's work in this epoch are open.
		TooManyDisputes,
		/// The device is not registered (any more): there is no bond to answer a dispute.
		DisputedDeviceUnknown,
		/// The dispute has not passed its deadline: it still waits for a verdict.
		DisputeNotTimedOut,
		/// The dispute timeout must be between 1 and `MaxDisputeTimeout` epochs.
		InvalidDisputeTimeout,
		/// The device has no work in that epoch: nothing to dispute.
		NoWorkToDispute,
		/// No open dispute has this id.
		UnknownDispute,
		/// The epoch length is outside `MinEpochLength..=MaxEpochLength` or not above
		/// `SubmissionGrace`.
		InvalidEpochLength,
		/// The quorum must be between `MinQuorum` and `MaxQuorum`.
		InvalidQuorum,
		/// The dispute window must be between 1 and `MaxDisputeWindow` epochs.
		InvalidDisputeWindow,
		/// The settlement rate is below `MinSettlementRate`.
		InvalidSettlementRate,
		/// The reciprocity window is above `MaxReciprocityWindow`.
		InvalidReciprocityWindow,
		/// The verifier is not on the committee drawn for the device of item `index` in this
		/// epoch (see `Pallet::committee`).
		NotAssigned { index: u8 },
		/// The device of item `index` registered too recently to be assigned verifiers in this
		/// epoch (less than `AssignmentLookahead` blocks before the epoch started).
		DeviceTooNew { index: u8 },
		/// Slashes took the verifier's bond below half of `VerifierBond`: it must top it up
		/// (`apply_verifier`) before it attests again.
		VerifierBondDepleted,
		/// The beaconer's signature of its beacon is wrong (key, chain, epoch, challenge or
		/// tag): only the challenged device itself can claim its beacon.
		BadBeaconerSignature,
		/// `UpheldVerifiersAtFault` names work that verifiers did not attest.
		NotAttestedWork,
		/// `UpheldVerifiersAtFault` must wait: other disputes about the same work are open, and
		/// are decided first (one of them may show that the device itself cheated).
		OtherDisputesOpen,
		/// Disputes would time out before governance can decide them: the dispute timeout
		/// times the epoch length (the shortest in force or scheduled) must be at least
		/// `MinDisputeVerdictTime` blocks. Raise the timeout first, or choose longer epochs.
		DisputeTimeoutTooShort,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::advance_clock(n)
		}

		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let used = Self::expire_disputes(remaining);
			used.saturating_add(Self::prune(remaining.saturating_sub(used)))
		}

		fn integrity_test() {
			for (name, max) in [
				("MaxVouchers", T::MaxVouchers::get()),
				("MaxWitnesses", T::MaxWitnesses::get()),
				("MaxAttestations", T::MaxAttestations::get()),
			] {
				assert!(
					(1..=256).contains(&max),
					"{name} must be in 1..=256: errors name items by a u8 index"
				);
			}
			assert!(T::MaxQuorum::get() >= 1, "MaxQuorum must be at least 1");
			assert!(
				T::MinEpochLength::get() > T::SubmissionGrace::get(),
				"MinEpochLength must exceed SubmissionGrace"
			);
			assert!(
				T::WorkRetention::get()
					> T::MaxDisputeWindow::get().saturating_add(T::MaxDisputeTimeout::get()),
				"WorkRetention must exceed MaxDisputeWindow + MaxDisputeTimeout"
			);
			assert!(T::MaxDisputesPerWork::get() >= 1, "MaxDisputesPerWork must be at least 1");
			assert!(
				Self::leaves_time_for_verdict(
					T::MaxDisputeTimeout::get(),
					T::MaxEpochLength::get()
				),
				"MaxDisputeTimeout epochs of MaxEpochLength must last MinDisputeVerdictTime"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Settles a batch of `consumer`'s usage vouchers for `epoch` (the current epoch, or
		/// the previous one during its submission grace).
		///
		/// Origin: an **authorized general transaction** (no account, nonce or fee): the
		/// consumer's signature of the batch and each device's signature of its voucher are the
		/// authorization, checked when the pool validates it and again right before dispatch.
		/// Anyone may submit it (a gateway, the device, the consumer). For each voucher: the
		/// device is registered, active and of a usage class, appears once, signed the voucher
		/// for this consumer and epoch at its class's current unit price. Each voucher settles
		/// the increase of its cumulative units over what was settled for the consumer and
		/// device in the epoch; units above the class cap are clipped and not paid for. The
		/// consumer pays the units' credits plus the settlement charge (`SettlementRate` per
		/// unit of the batch's weight). Emits `UsageSettled`, and `VoucherSkipped` for each
		/// voucher a later one already covered.
		///
		/// Errors (refused by the pool as `Custom(error index)`, so a bad batch is not
		/// included), cheap checks first: `EmptyBatch`, `EpochTooOld`, `EpochInFuture`,
		/// `InsufficientCredits` (not even the charge), per voucher (with its index)
		/// `ZeroUnits`, `UnknownDevice`, `DeviceNotActive`, `WrongProofKind`,
		/// `DuplicateDevice`, `WrongPrice`; then `NothingToSettle`, `InsufficientCredits`,
		/// `BadConsumerSignature` and per voucher `BadDeviceSignature`. All or nothing. Pool
		/// validity: one tag per (consumer, device, epoch), an untipped transaction's
		/// priority, alive until the epoch's grace ends. Complexity: O(vouchers).
		#[pallet::call_index(11)]
		#[pallet::weight(Pallet::<T>::settle_usage_weight(items.len() as u32))]
		#[pallet::authorize(|_source, consumer, epoch, items, consumer_signature| {
			Pallet::<T>::authorize_settlement(consumer, *epoch, items, consumer_signature)
		})]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_settle_usage_weight(items))]
		pub fn settle_usage(
			origin: OriginFor<T>,
			consumer: T::AccountId,
			epoch: EpochIndex,
			items: BoundedVec<VoucherItemOf<T>, T::MaxVouchers>,
			consumer_signature: T::Signature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_settle_usage(consumer, epoch, items, consumer_signature)
		}

		/// Adds witnesses to the beacon of challenged device `beaconer` in `epoch`.
		///
		/// Origin: an **authorized general transaction** (no account, nonce or fee): the
		/// signatures it carries are its authorization. Anyone may submit it. The beaconer is
		/// registered, active, of a witnessed class and challenged in the epoch, and signed its
		/// beacon (`beaconer_signature` of `payload::beacon(genesis, beaconer, epoch,
		/// challenge)`, the same for every submission of the epoch);
		/// the submission carries at most the class's `max_witnesses`. Witnesses already
		/// counted for the beacon are skipped; each new one is a registered, active device of a
		/// witnessed class, appears once, has another owner than the beaconer, lies in the
		/// class's proximity band and signed the payload. New witnesses are added until the
		/// beacon counts the class's maximum; afterwards it must count at least the minimum.
		/// With the reciprocity rule on, a witness that has not beaconed within the window is
		/// added only while the beacon counts fewer than the class's minimum (so a new pair can
		/// start), and skipped after that, so such witnesses cannot fill a beacon.
		/// The beaconer earns one unit per beacon (once, when it counts a reciprocal witness) and
		/// each reciprocal added witness one unit worth `1 ÷ max_witnesses` of a share, scaled by
		/// its own and the beaconer's occupancy; units are clipped at the class caps. Emits
		/// `BeaconRecorded`.
		///
		/// Errors (refused by the pool as `Custom(error index)`): `EpochTooOld`,
		/// `EpochInFuture`, `UnknownDevice`, `DeviceNotActive`, `WrongProofKind`,
		/// `NotChallenged`, `TooManyWitnesses`, `BeaconFull`, `BadBeaconerSignature`, per
		/// witness `DuplicateWitness`,
		/// `WitnessNotEligible`, `WitnessSameOwner`, `WitnessOutOfBand`,
		/// `BadWitnessSignature`, then `NoNewWitnesses` and `TooFewWitnesses`. Complexity:
		/// O(witnesses²) comparisons for distinctness, with at most `MaxWitnesses` witnesses.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::submit_beacon_weight(witnesses.len() as u32))]
		#[pallet::authorize(|_source, beaconer, epoch, witnesses, beaconer_signature| {
			Pallet::<T>::authorize_beacon(beaconer, *epoch, witnesses, beaconer_signature)
		})]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_beacon_weight(beaconer, witnesses))]
		pub fn submit_beacon(
			origin: OriginFor<T>,
			beaconer: PublicKey,
			epoch: EpochIndex,
			witnesses: BoundedVec<WitnessReceipt, T::MaxWitnesses>,
			beaconer_signature: RawSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_submit_beacon(beaconer, epoch, witnesses, beaconer_signature)
		}

		/// Records the caller's measurements of attested devices in `epoch`.
		///
		/// Origin: signed, an admitted verifier. Each device is registered, active and of an
		/// attested class, not yet attested by this verifier in the epoch and not yet at the
		/// quorum; with more verifiers than the quorum, the verifier is on the device's
		/// committee for the epoch and the device registered `AssignmentLookahead` blocks before
		/// it. The batch keeps the verifier within its per-epoch quota. A device reaching the
		/// quorum (a majority of its committee, when one is drawn) gets the lower median of the
		/// attested units, clipped at its class cap
		/// (`DeviceAttested`). Emits `AttestationsRecorded`. Errors: `NotVerifier`,
		/// `EmptyBatch`, `EpochTooOld`, `EpochInFuture`, and per item `ZeroUnits`,
		/// `UnknownDevice`, `DeviceNotActive`, `WrongProofKind`, `DeviceTooNew`, `NotAssigned`,
		/// `DuplicateAttestation`,
		/// `QuorumReached`, `VerifierQuotaExceeded`. All or nothing. Complexity:
		/// O(items × quorum).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_attestations(attestations.len() as u32))]
		pub fn submit_attestations(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			attestations: BoundedVec<Attestation, T::MaxAttestations>,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			Self::do_submit_attestations(verifier, epoch, attestations)
		}

		/// Admits applicant `verifier` with a per-epoch quota of attested units. Its bond is the
		/// one it put on hold itself when it applied (`apply_verifier`): nobody's funds are
		/// held without their consent.
		///
		/// Origin: `DeviceAdmin`. Emits `VerifierAdmitted`. Errors: `AlreadyVerifier`,
		/// `NoApplication`. Complexity: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::admit_verifier())]
		pub fn admit_verifier(
			origin: OriginFor<T>,
			verifier: T::AccountId,
			quota: u64,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_admit_verifier(verifier, quota)
		}

		/// Removes `verifier` and releases its bond. Its attestations already recorded stay.
		///
		/// Origin: `DeviceAdmin`. Emits `VerifierRemoved`. Errors: `NotVerifier`.
		/// Complexity: O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_verifier())]
		pub fn remove_verifier(origin: OriginFor<T>, verifier: T::AccountId) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_remove_verifier(verifier)
		}

		/// Disputes `device`'s work in `epoch`, putting a bond on hold from the caller: the
		/// larger of `DisputeBond` and `DisputeBondShare` of the device's bond.
		///
		/// Origin: signed, anyone. Allowed from the epoch's start until `DisputeWindow` epochs
		/// after it, for recorded work of a registered device. Up to `MaxDisputesPerWork`
		/// disputes (one per disputer) may stand against the same work, so a junk dispute
		/// cannot lock honest watchers out. Unresolved after `DisputeTimeout` epochs, a dispute
		/// times out and its bond is refunded. `evidence` is the hash of the off-chain
		/// evidence. Emits `DisputeOpened`. Errors: `DisputeOutsideWindow`,
		/// `DisputedDeviceUnknown`, `NoWorkToDispute`, `DisputeAlreadyOpen`,
		/// `TooManyDisputes`, `CannotAffordBond`. Complexity: O(MaxDisputesPerWork).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::open_dispute())]
		pub fn open_dispute(
			origin: OriginFor<T>,
			device: PublicKey,
			epoch: EpochIndex,
			evidence: H256,
		) -> DispatchResult {
			let disputer = ensure_signed(origin)?;
			Self::do_open_dispute(disputer, device, epoch, evidence)
		}

		/// Resolves dispute `id` with `verdict`.
		///
		/// Origin: `DisputeAdmin` for `Rejected`, `Upheld` and `UpheldVerifiersAtFault`,
		/// `DeviceAdmin` for `UpheldMakerAtFault` (which faults a maker). Upheld (`Upheld` or
		/// `UpheldMakerAtFault`): the device's units
		/// for the epoch are
		/// voided (they leave the epoch's totals; if the epoch is closed, `OnWorkVoided` pays
		/// their reward to the treasury, which the declared weight includes), the verifiers who
		/// attested it are slashed, `DisputeSlash` of the device's bond is slashed
		/// (`DisputerShare` of it to the disputer, the rest to the treasury), the device is
		/// suspended and the disputer's bond released (`DisputeUpheld`).
		/// `UpheldVerifiersAtFault` (attested work only, and only as the work's last open
		/// dispute) voids the work and slashes its attesters, `DisputerShare` of each slash to
		/// the disputer, but neither slashes nor suspends the device, whose committee recorded
		/// work it did not do (`DisputeUpheld` reports the verifiers' slashes). Only the first
		/// upheld verdict about a work punishes: later ones release their bonds and do nothing
		/// else, so governance gives `UpheldMakerAtFault` first when the maker is to blame too.
		/// `UpheldMakerAtFault`
		/// also faults the device's maker (the devices pallet slashes part of its bond and may
		/// pause its onboarding); plain `Upheld` does not, so a device owner's fraud cannot be
		/// turned against its maker. A slash or suspension the device registry refuses (a
		/// device no longer registered) does not block the verdict: it is skipped and reported
		/// with `DisputeSlashSkipped` or `DisputeSuspensionSkipped`. Rejected: the disputer's
		/// bond goes to the treasury (`DisputeRejected`). Errors: `UnknownDispute`,
		/// `NotAttestedWork` (`UpheldVerifiersAtFault` of work that is not attested),
		/// `OtherDisputesOpen` (`UpheldVerifiersAtFault` while other disputes of the work are
		/// open); a failure to
		/// release or move the disputer's bond fails the whole call, writing nothing.
		/// Complexity: O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::resolve_dispute()
				.max(T::WeightInfo::resolve_dispute_blaming_verifiers())
				.saturating_add(T::OnWorkVoided::max_weight())
		)]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			id: DisputeId,
			verdict: Verdict,
		) -> DispatchResult {
			// Faulting a maker (part of its bond, maybe its onboarding) takes the device admin:
			// the quicker dispute track judges devices, not makers.
			if verdict == Verdict::UpheldMakerAtFault {
				T::DeviceAdmin::ensure_origin(origin)?;
			} else {
				T::DisputeAdmin::ensure_origin(origin)?;
			}
			Self::do_resolve_dispute(id, verdict)
		}

		/// Sets the epoch length, effective at the next epoch boundary. Each epoch emits the
		/// schedule's amount, so this sets the emission per hour (halving the length doubles
		/// it): it belongs to the emission schedule's admin, within the runtime's bounds.
		///
		/// Origin: `EmissionAdmin`. Emits `EpochLengthScheduled`. Errors: `InvalidEpochLength`
		/// (outside `MinEpochLength..=MaxEpochLength`, or not above `SubmissionGrace`),
		/// `DisputeTimeoutTooShort` (the dispute timeout, or the shorter one an open dispute may
		/// have, would last less than `MinDisputeVerdictTime` blocks at this length).
		/// Complexity: O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_epoch_length())]
		pub fn set_epoch_length(origin: OriginFor<T>, length: BlockNumberFor<T>) -> DispatchResult {
			T::EmissionAdmin::ensure_origin(origin)?;
			Self::do_set_epoch_length(length)
		}

		/// Sets the share of witnessed devices challenged per epoch. It applies to every beacon
		/// checked from now on, including beacons of the current epoch.
		///
		/// Origin: `DeviceAdmin`. Emits `ChallengeRateSet`. Complexity: O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_challenge_rate())]
		pub fn set_challenge_rate(origin: OriginFor<T>, rate: Perbill) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_challenge_rate(rate)
		}

		/// Sets how many verifiers must attest a device before its units count, between
		/// `MinQuorum` (3 on a live chain) and `MaxQuorum`.
		///
		/// Origin: `DeviceAdmin`. Emits `AttestationQuorumSet`. Errors: `InvalidQuorum`.
		/// Complexity: O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_attestation_quorum())]
		pub fn set_attestation_quorum(origin: OriginFor<T>, quorum: u32) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_attestation_quorum(quorum)
		}

		/// Sets how many epochs after an epoch its work may be disputed, which is also how
		/// long its rewards wait before they become final.
		///
		/// Origin: `DeviceAdmin`. Applies at once: shortening it makes older epochs final
		/// (work under an open dispute stays unpaid until the dispute is resolved); lengthening
		/// it reopens the dispute window of recent epochs whose rewards were not yet final.
		/// Emits `DisputeWindowSet`. Errors: `InvalidDisputeWindow` (0 or above
		/// `MaxDisputeWindow`). Complexity: O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_dispute_window())]
		pub fn set_dispute_window(origin: OriginFor<T>, epochs: EpochIndex) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_dispute_window(epochs)
		}

		/// Sets the settlement rate: the credits a settlement batch pays per unit of its
		/// reference-time weight (the extrinsic's base, its call's and its authorization's), on
		/// top of its units. It makes spam cost its signer; the runtime's genesis sets it so that
		/// a batch pays what a signed transaction of the same weight pays in fees.
		///
		/// A new rate applies to every batch included from then on, also to batches signed
		/// before.
		///
		/// Origin: `DeviceAdmin`. Emits `SettlementRateSet`. Errors: `InvalidSettlementRate`
		/// (below `MinSettlementRate`). Complexity: O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_settlement_rate())]
		pub fn set_settlement_rate(origin: OriginFor<T>, rate: BalanceOf<T>) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			ensure!(rate >= T::MinSettlementRate::get(), Error::<T>::InvalidSettlementRate);
			SettlementRate::<T>::put(rate);
			Self::deposit_event(Event::SettlementRateSet { rate });
			Ok(())
		}

		/// Applies to verify: puts `VerifierBond` on hold from the caller, who waits for
		/// governance to admit it (`admit_verifier`) or withdraws (`withdraw_application`).
		/// An admitted verifier whose bond slashes reduced calls it to top the bond up to
		/// `VerifierBond` (below half of it, its attestations are refused:
		/// `VerifierBondDepleted`).
		///
		/// Origin: signed, the applicant or verifier. Emits `VerifierApplied` (or
		/// `VerifierBondToppedUp`). Errors: `AlreadyVerifier` (a verifier with its full bond),
		/// `AlreadyApplied`, `CannotAffordBond`. Complexity: O(1).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::apply_verifier())]
		pub fn apply_verifier(origin: OriginFor<T>) -> DispatchResult {
			let applicant = ensure_signed(origin)?;
			Self::do_apply_verifier(applicant)
		}

		/// Withdraws the caller's application to verify and releases its bond.
		///
		/// Origin: signed, the applicant. Emits `ApplicationWithdrawn`. Errors:
		/// `NoApplication`. Complexity: O(1).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::withdraw_application())]
		pub fn withdraw_application(origin: OriginFor<T>) -> DispatchResult {
			let applicant = ensure_signed(origin)?;
			Self::do_withdraw_application(applicant)
		}

		/// Sets the attestation tolerance: an attestation farther than `tolerance × median`
		/// from its quorum's median costs its verifier `VerifierSlash` of its bond. Tighter
		/// catches more inflation and slashes more honest measurement noise.
		///
		/// Origin: `DeviceAdmin`. Emits `AttestationToleranceSet`. Complexity: O(1).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_attestation_tolerance())]
		pub fn set_attestation_tolerance(
			origin: OriginFor<T>,
			tolerance: Perbill,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			AttestationTolerance::<T>::put(tolerance);
			Self::deposit_event(Event::AttestationToleranceSet { tolerance });
			Ok(())
		}

		/// Sets the witness reciprocity window: a witness counts for rewards only if it has
		/// itself beaconed within `epochs` epochs before the beacon's epoch, and the beaconer
		/// only if it has itself witnessed within them (HIP-106 style). Zero turns the rule
		/// off. Applies to beacons recorded from now on. A window shorter than a few times
		/// `1 ÷ challenge rate` leaves honest devices that were not challenged recently without
		/// witness rewards (`docs/work.md` gives the figures).
		///
		/// Origin: `DeviceAdmin`. Emits `ReciprocityWindowSet`. Errors:
		/// `InvalidReciprocityWindow` (above `MaxReciprocityWindow`). Complexity: O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_reciprocity_window())]
		pub fn set_reciprocity_window(origin: OriginFor<T>, epochs: EpochIndex) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			ensure!(epochs <= T::MaxReciprocityWindow::get(), Error::<T>::InvalidReciprocityWindow);
			ReciprocityWindow::<T>::put(epochs);
			Self::deposit_event(Event::ReciprocityWindowSet { epochs });
			Ok(())
		}

		/// Sets how many epochs a dispute may wait for a verdict: opened in epoch `e`, it times
		/// out once epoch `e + epochs` has ended (its bond refunded). Applies to disputes opened
		/// from now on. The epochs must leave governance time to decide: at the shortest epoch
		/// length in force or scheduled, they last at least `MinDisputeVerdictTime` blocks.
		///
		/// Origin: `DeviceAdmin`. Emits `DisputeTimeoutSet`. Errors: `InvalidDisputeTimeout`
		/// (0 or above `MaxDisputeTimeout`), `DisputeTimeoutTooShort`. Complexity: O(1).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_dispute_timeout())]
		pub fn set_dispute_timeout(origin: OriginFor<T>, epochs: EpochIndex) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_dispute_timeout(epochs)
		}

		/// Closes dispute `id`, which passed its deadline without a verdict: the disputer's
		/// bond is refunded and the device unlocked, as if it had been rejected without
		/// blame. `on_idle` does the same in the background; this call lets anyone (the
		/// device's owner, typically) do it at once.
		///
		/// Origin: signed, anyone. Emits `DisputeTimedOut`. Errors: `UnknownDispute`,
		/// `DisputeNotTimedOut`. Complexity: O(MaxDisputesPerWork).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::expire_dispute())]
		pub fn expire_dispute(origin: OriginFor<T>, id: DisputeId) -> DispatchResult {
			ensure_signed(origin)?;
			let d = Disputes::<T>::get(id).ok_or(Error::<T>::UnknownDispute)?;
			ensure!(CurrentEpoch::<T>::get() > d.deadline, Error::<T>::DisputeNotTimedOut);
			Self::do_expire_dispute(id)
		}
	}
}
