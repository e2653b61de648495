//! # Emissions
//!
//! The token side of the network: how many tokens each reward epoch creates, who gets them, how
//! devices are paid without the chain ever iterating over devices, and how customer demand
//! (tokens burned for credits) is weighed against emissions.
//!
//! - **Schedule**: governance (`EmissionAdmin`) sets the tokens per epoch at the start, a shape
//!   (halving every N epochs, or a fixed decay per epoch), a tail floor, a supply cap (at most
//!   the runtime's `MaxSupplyCap`), the split operators / validators / treasury, the weights of
//!   the proof kinds in the operators' share, the usage-reward cap multiplier and the claim
//!   expiry. A change takes effect from the epoch after the next close and is kept in a
//!   bounded history. [`scheduled_emission`] gives any epoch's scheduled emission.
//! - **Epoch close** ([`depin_primitives::OnEpochClosed`]), O(1) in the number of devices: the
//!   epoch's emission (clipped so that issuance plus unclaimed rewards never pass the cap) is
//!   split; the treasury's and the validators' shares are minted at once (validators: equal
//!   shares among at most `MaxValidators` of the current set, the remainder to the treasury);
//!   the operators' share is recorded as one pool per proof kind with shares.
//! - **Claims**: the account that owned a device when it did an epoch's work claims the
//!   device's rewards for a bounded list of epochs whose work is final: `pool × device shares
//!   / epoch shares` of its proof kind (shares are the credits burned for usage, and units
//!   scaled by occupancy for the other kinds, times the class's reward weight; usage rewards
//!   capped at `usage_cap_multiplier × credits burned` for those units), minted on claim.
//!   Rewards not claimed within `claim_expiry` epochs expire and are never minted; `on_idle`
//!   removes expired epochs' records in bounded steps. The reward of work voided after its
//!   epoch closed goes to the treasury ([`depin_primitives::OnWorkVoided`]).
//! - **Credits** (burn-and-mint): `buy_credits` burns tokens and credits a consumer, one
//!   credit per planck; the work pallet spends them through [`depin_primitives::CreditLedger`].
//!   Per epoch the pallet records tokens minted for it and burned in it, so anyone can read the
//!   sustainability ratio `burned / minted`.
//! - **Emissions that follow demand** ([`demand`]): the unrepaid burn (usage credits beyond
//!   what the curve's usage pool pays back) is smoothed, `s_e = (1 − 1/k)·s_{e−1} +
//!   unrepaid_e/k`, and re-minted into the operators' pools at the next close, up to the
//!   schedule's `remint_cap`, before the curve takes what headroom is left under the supply cap
//!   (at the cap, operators are still paid out of what was burned). With a demand index, the
//!   witnessed and attested pools taper from a ceiling to a floor as the trailing
//!   sustainability ratio (unrepaid burn ÷ the curve's issuance) rises toward a target. Each
//!   close records minted by pool, burned, unrepaid, re-minted, withheld, the smoothed burn and
//!   the ratio in `SupplyRecords`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod demand;
mod features;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use demand::*;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansions call `expect`; the pallet's own logic lives in `features/`, where
// the workspace lints apply in full.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use depin_primitives::{DeviceInspect, PublicKey};
	use depin_primitives::{EpochIndex, WorkInspect};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of the token.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A schedule in this runtime's balance type.
	pub type ScheduleOf<T> = Schedule<BalanceOf<T>>;

	/// The storage layout version: 1 since reward records split pools by shares, 2 since
	/// schedules and reward records carry the bond reward cap, 3 since schedules carry net
	/// emissions and the demand index (see [`crate::migrations`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The token: minted for rewards, burned for credits.
		type Currency: Mutate<Self::AccountId>;

		/// The work pallet: the epoch clock and final work.
		type Work: WorkInspect<Self::AccountId, BalanceOf<Self>>;

		/// The device registry: who owns a device.
		type Devices: DeviceInspect<Self::AccountId, BalanceOf<Self>>;

		/// Sets the emission schedule.
		type EmissionAdmin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The account the treasury's share of each emission, and every rounding remainder, is
		/// minted to.
		type Treasury: Get<Self::AccountId>;

		/// The current validators, who share the validators' part of each emission.
		type Validators: ValidatorSet<Self::AccountId>;

		/// Most validators paid per epoch (the first ones of the set).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// No schedule may set a supply cap above this.
		#[pallet::constant]
		type MaxSupplyCap: Get<BalanceOf<Self>>;

		/// No schedule may set a usage cap multiplier above this. Above 1, a consumer who pays
		/// itself for usage may get back up to this multiple of what it burned, out of the
		/// usage pool (`docs/security.md` gives the cost).
		#[pallet::constant]
		type MaxUsageCapMultiplier: Get<u32>;

		/// Highest bond reward cap a schedule may set (see `Schedule::bond_reward_cap`): above
		/// `detection × DisputeSlash × (1 − DisputerShare) ÷ (1 − detection)` of a device's
		/// bond per epoch, faking witnessed or attested work pays at that detection rate.
		#[pallet::constant]
		type MaxBondRewardCap: Get<sp_runtime::Perbill>;

		/// Most epochs in one claim.
		#[pallet::constant]
		type MaxClaimEpochs: Get<u32>;

		/// Schedule changes kept in the history.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Largest smoothing (`NetEmissions::smoothing`, in epochs) a schedule may set: a
		/// longer one re-mints a burn more slowly.
		#[pallet::constant]
		type MaxSmoothing: Get<u32>;

		/// Longest trailing window of the sustainability ratio (`NetEmissions::ratio_window`,
		/// in epochs) a schedule may set.
		#[pallet::constant]
		type MaxRatioWindow: Get<u32>;

		/// Highest re-mint per epoch (`NetEmissions::remint_cap`) a schedule may set.
		#[pallet::constant]
		type MaxRemintCap: Get<BalanceOf<Self>>;

		/// Highest sustainability target (`DemandIndex::target_ppm`, parts per million of the
		/// unrepaid burn ÷ the curve's issuance) a schedule may set.
		#[pallet::constant]
		type MaxDemandTarget: Get<u32>;

		/// Epochs of the sustainability record (`SupplyRecords`) kept; older ones are removed
		/// by the closes, one per close.
		#[pallet::constant]
		type MaxSupplyRecords: Get<u32>;

		/// The smallest credit purchase, in plancks (keeps dust purchases out of storage).
		#[pallet::constant]
		type MinCreditPurchase: Get<BalanceOf<Self>>;

		/// Weights of the calls and of the epoch close.
		type WeightInfo: WeightInfo;
	}

	/// The schedule in force.
	#[pallet::storage]
	pub type ActiveSchedule<T: Config> = StorageValue<_, ScheduleOf<T>, OptionQuery>;

	/// The first epoch the schedule in force applies to (its epoch 0).
	#[pallet::storage]
	pub type ScheduleStart<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// A schedule set by governance, taking effect from the epoch after the next close.
	#[pallet::storage]
	pub type PendingSchedule<T: Config> = StorageValue<_, ScheduleOf<T>, OptionQuery>;

	/// The latest schedules and the first epoch each applied to, oldest first.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageValue<_, BoundedVec<(EpochIndex, ScheduleOf<T>), T::MaxHistory>, ValueQuery>;

	/// Per closed epoch, the operators' pools and what was claimed from them.
	#[pallet::storage]
	pub type Rewards<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochReward<BalanceOf<T>>, OptionQuery>;

	/// What each device claimed from an epoch's pools; its presence blocks a second claim.
	/// Cleared with the epoch's `Rewards` when they expire.
	#[pallet::storage]
	pub type Claimed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		BalanceOf<T>,
		OptionQuery,
	>;

	/// Operators' rewards set aside and not yet claimed or expired (counted against the cap).
	#[pallet::storage]
	pub type Reserved<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Tokens minted for each epoch (treasury and validators at its close, claims later).
	#[pallet::storage]
	pub type Minted<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, BalanceOf<T>, ValueQuery>;

	/// Tokens ever minted by this pallet.
	#[pallet::storage]
	pub type TotalMinted<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Total issuance at genesis: the base of the issuance invariant
	/// (genesis + minted − burned for credits).
	#[pallet::storage]
	pub type GenesisIssuance<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The oldest epoch whose rewards may still be stored; `on_idle` expires older ones.
	#[pallet::storage]
	pub type ExpiryCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Set while `on_idle` is part-way through expiring the cursor's epoch (its claim records
	/// are being removed over several blocks). From the first removed record to the last, the
	/// epoch's rewards can be neither claimed nor paid to the treasury, whatever the claim
	/// expiry in force meanwhile: a claim whose record was removed could otherwise be paid
	/// twice.
	#[pallet::storage]
	pub type Expiring<T> = StorageValue<_, bool, ValueQuery>;

	/// Each consumer's credits, spent by the work pallet on usage receipts. An entry exists only
	/// while it holds credits (spent to zero, it is removed); each was created by burning at
	/// least `MinCreditPurchase`, which bounds the map's growth.
	#[pallet::storage]
	pub type Credits<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Credits ever bought (equal to the tokens ever burned for them).
	#[pallet::storage]
	pub type CreditsIssued<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Credits ever spent on usage.
	#[pallet::storage]
	pub type CreditsSpent<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Tokens burned for credits in each reward epoch.
	#[pallet::storage]
	pub type Burned<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, BalanceOf<T>, ValueQuery>;

	/// The demand state carried from close to close: the smoothed burn, the burn and re-mint
	/// totals, and the trailing averages of the sustainability ratio.
	#[pallet::storage]
	pub type Demand<T: Config> = StorageValue<_, DemandState<BalanceOf<T>>, ValueQuery>;

	/// The sustainability record of each of the last `MaxSupplyRecords` closed epochs: minted
	/// by pool, burned, re-minted, withheld, the smoothed burn, the ratio and the subsidy scale.
	#[pallet::storage]
	pub type SupplyRecords<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, SupplyRecord<BalanceOf<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The schedule from epoch 0; `None` leaves emissions off until governance sets one.
		pub schedule: Option<ScheduleOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			GenesisIssuance::<T>::put(T::Currency::total_issuance());
			if let Some(schedule) = &self.schedule {
				// A bad genesis configuration must stop the chain from being created.
				Pallet::<T>::check_schedule(schedule).expect("the genesis schedule is valid");
				Pallet::<T>::enact(schedule.clone(), 0);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance set a schedule; it applies from the epoch after the next close.
		ScheduleSet { schedule: ScheduleOf<T> },
		/// A schedule took effect from `epoch`.
		ScheduleEnacted { epoch: EpochIndex },
		/// An epoch closed: the curve's `emission` (after the supply cap) was split into the
		/// operators' pools (to be claimed) and the validators' and the treasury's shares
		/// (minted now); the demand index `withheld` part of the witnessed and attested pools
		/// (never minted); `reminted` of the unrepaid burn was added to the operators' pools
		/// (`operators` includes it).
		EpochRewarded {
			epoch: EpochIndex,
			emission: BalanceOf<T>,
			withheld: BalanceOf<T>,
			reminted: BalanceOf<T>,
			operators: BalanceOf<T>,
			validators: BalanceOf<T>,
			treasury: BalanceOf<T>,
		},
		/// An owner claimed a device's rewards for `epochs` epochs.
		RewardsClaimed { device: PublicKey, owner: T::AccountId, epochs: u32, amount: BalanceOf<T> },
		/// An epoch's unclaimed rewards expired, unminted.
		RewardsExpired { epoch: EpochIndex, unclaimed: BalanceOf<T> },
		/// `buyer` burned `amount` tokens and `consumer` received as many credits.
		CreditsBought {
			buyer: T::AccountId,
			consumer: T::AccountId,
			amount: BalanceOf<T>,
			epoch: EpochIndex,
		},
		/// A validator's equal share of `epoch`'s emission could not be minted to it (typically
		/// an `amount` below the existential deposit of an account that does not exist yet). The
		/// share went to the treasury with the rest of the validators' remainder, so
		/// `EpochRewarded` counts it under `treasury`, not `validators`.
		ValidatorPayoutSkipped { epoch: EpochIndex, validator: T::AccountId, amount: BalanceOf<T> },
		/// Work of closed `epoch` by `device` was voided by an upheld dispute: the `amount` it
		/// would have earned from the epoch's pool was minted to the treasury instead of
		/// expiring unminted (the epoch's other rewards are unchanged).
		VoidedRewardToTreasury { epoch: EpochIndex, device: PublicKey, amount: BalanceOf<T> },
		/// The treasury's part of `epoch`'s emission could not be minted (typically an `amount`
		/// below the existential deposit while the treasury account does not exist). It was not
		/// minted at all: `EpochRewarded` reports a zero `treasury`, and the amount stays under
		/// the supply cap for later epochs.
		TreasuryPayoutSkipped { epoch: EpochIndex, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The operators', validators' and treasury's shares do not add up to 100 %.
		InvalidSplit,
		/// The proof-kind weights do not add up to 100 %.
		InvalidKindWeights,
		/// A halving period of zero epochs.
		InvalidShape,
		/// The supply cap is above the runtime's `MaxSupplyCap`.
		CapTooHigh,
		/// The supply cap is below what is already issued or set aside.
		CapBelowIssuance,
		/// The usage cap multiplier is above the runtime's `MaxUsageCapMultiplier`.
		UsageCapTooHigh,
		/// The bond reward cap is zero: witnessed and attested devices would earn nothing.
		ZeroBondRewardCap,
		/// The bond reward cap is above the runtime's `MaxBondRewardCap`.
		BondRewardCapTooHigh,
		/// The claim expiry must be longer than the work pallet's longest dispute window, or
		/// rewards could expire before they become final.
		ClaimExpiryTooShort,
		/// The claim expiry is longer than the work pallet keeps work records.
		ClaimExpiryTooLong,
		/// The net emissions' smoothing is zero or above the runtime's `MaxSmoothing`.
		InvalidSmoothing,
		/// The sustainability ratio's window is zero or above the runtime's `MaxRatioWindow`.
		InvalidRatioWindow,
		/// The re-mint cap is above the runtime's `MaxRemintCap`.
		RemintCapTooHigh,
		/// The demand index's target is zero or above the runtime's `MaxDemandTarget`.
		InvalidDemandTarget,
		/// The demand index's floor is above its ceiling.
		SubsidyFloorAboveCeiling,
		/// The caller is not the account that owned the device when it did the epoch's work.
		NotOwner,
		/// The claim names no epoch.
		NoEpochs,
		/// The epoch is not closed, or its dispute window has not passed.
		EpochNotFinal,
		/// The device has no final work in the epoch (none recorded, voided, or a dispute is
		/// still open).
		NoReward,
		/// The device's rewards for the epoch were already claimed.
		AlreadyClaimed,
		/// The epoch's rewards expired.
		ClaimExpired,
		/// Minting the reward failed (the amount is below the existential deposit of a new
		/// account).
		MintFailed,
		/// The purchase is below `MinCreditPurchase`.
		BelowMinimumPurchase,
		/// The buyer's free balance cannot cover the purchase (and stay above the existential
		/// deposit).
		InsufficientBalance,
		/// The consumer holds fewer credits than the work costs.
		InsufficientCredits,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::expire(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxHistory::get() >= 1, "MaxHistory must be at least 1");
			assert!(T::MaxClaimEpochs::get() >= 1, "MaxClaimEpochs must be at least 1");
			assert!(T::MaxSmoothing::get() >= 1, "MaxSmoothing must be at least 1");
			assert!(T::MaxRatioWindow::get() >= 1, "MaxRatioWindow must be at least 1");
			assert!(T::MaxDemandTarget::get() >= 1, "MaxDemandTarget must be at least 1");
			assert!(T::MaxSupplyRecords::get() >= 1, "MaxSupplyRecords must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the emission schedule, effective from the epoch after the next epoch close
		/// (its scheduled emission restarts from `initial` then). That close emits under the
		/// old schedule, clipped at the lower of the two caps.
		///
		/// Origin: `EmissionAdmin`. Emits `ScheduleSet`. Errors: `InvalidSplit`,
		/// `InvalidKindWeights`, `InvalidShape`, `CapTooHigh`, `CapBelowIssuance`,
		/// `UsageCapTooHigh`, `ZeroBondRewardCap`, `BondRewardCapTooHigh`, `ClaimExpiryTooShort`,
		/// `ClaimExpiryTooLong`, `InvalidSmoothing`, `InvalidRatioWindow`, `RemintCapTooHigh`,
		/// `InvalidDemandTarget`, `SubsidyFloorAboveCeiling`. Complexity: O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_schedule())]
		pub fn set_schedule(origin: OriginFor<T>, schedule: ScheduleOf<T>) -> DispatchResult {
			T::EmissionAdmin::ensure_origin(origin)?;
			Self::check_schedule(&schedule)?;
			PendingSchedule::<T>::put(schedule.clone());
			Self::deposit_event(Event::ScheduleSet { schedule });
			Ok(())
		}

		/// Claims `device`'s rewards for `epochs` and mints them to the caller.
		///
		/// Origin: signed, the account that owned the device when it did the work of every
		/// epoch claimed (a later buyer cannot take a seller's rewards; the device need not be
		/// registered any more). Each epoch must be final (closed, dispute window passed), not
		/// expired and not yet claimed for the device, and the device must have final work in
		/// it. Emits `RewardsClaimed`. Errors: `NoEpochs`, and for the first bad epoch
		/// `ClaimExpired`, `EpochNotFinal`, `NoReward`, `NotOwner`, `AlreadyClaimed`;
		/// `MintFailed`. All or nothing. Complexity: O(epochs).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::claim(epochs.len() as u32))]
		pub fn claim(
			origin: OriginFor<T>,
			device: PublicKey,
			epochs: BoundedVec<EpochIndex, T::MaxClaimEpochs>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, device, epochs)
		}

		/// Burns `amount` tokens from the caller and gives `consumer` as many credits.
		///
		/// Origin: signed. The caller keeps at least the existential deposit. Emits
		/// `CreditsBought`. Errors: `BelowMinimumPurchase`, `InsufficientBalance`.
		/// Complexity: O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::buy_credits())]
		pub fn buy_credits(
			origin: OriginFor<T>,
			consumer: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_buy_credits(buyer, consumer, amount)
		}
	}
}
