//! Storage migrations of the emissions pallet, in the `STORAGE_VERSION` pattern: each is a
//! [`VersionedMigration`] that runs only on chains at its source version and bumps the version.

use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use sp_runtime::Saturating;

use crate::{Config, EpochReward, Pallet, Rewards};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// v0 → v1 (protocol v2's sybil economics): each closed epoch's reward record splits its pools
/// by shares instead of units. The work pallet's `V2ToV3` gives every migrated work record of a
/// closed epoch a full share per unit ([`depin_primitives::SHARE_PARTS`]), so a migrated reward
/// record's shares are its units times the same: every unclaimed reward stays what it was.
/// (Epochs still open at the upgrade have no reward record yet.)
///
/// Unbounded (one translation per reward record, at most the claim expiry's epochs): the
/// chain had not launched when it came, so only development and test chains run it.
pub type V0ToV1<T> =
	VersionedMigration<0, 1, ToShares<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The unversioned step of [`V0ToV1`].
pub struct ToShares<T>(PhantomData<T>);

/// The v0 layout [`V0ToV1`] translates.
pub mod v0 {
	use codec::{Decode, Encode};
	use depin_primitives::PerKind;

	/// An epoch's reward record, v0: pools split by units.
	#[derive(Encode, Decode)]
	pub struct EpochReward<Balance> {
		/// The pools set aside at the close.
		pub pools: PerKind<Balance>,
		/// The epoch's units per kind.
		pub units: PerKind<u64>,
		/// The usage cap in force at the close.
		pub usage_cap_multiplier: u32,
		/// Claimed so far.
		pub claimed: Balance,
	}
}

impl<T: Config> UncheckedOnRuntimeUpgrade for ToShares<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut records: u64 = 0;
		let share = |units: u64| u128::from(units).saturating_mul(depin_primitives::SHARE_PARTS);
		v1::Rewards::<T>::translate::<v0::EpochReward<crate::BalanceOf<T>>, _>(|_, old| {
			records.saturating_inc();
			Some(v1::EpochReward {
				pools: old.pools,
				shares: depin_primitives::PerKind {
					usage: share(old.units.usage),
					witnessed: share(old.units.witnessed),
					attested: share(old.units.attested),
				},
				usage_cap_multiplier: old.usage_cap_multiplier,
				claimed: old.claimed,
			})
		});
		T::DbWeight::get().reads_writes(records, records.saturating_add(1))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((Rewards::<T>::iter_keys().count() as u64).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		ensure!(
			v1::Rewards::<T>::iter_values().count() as u64 == before,
			"a reward record did not decode"
		);
		Ok(())
	}
}

/// v1 → v2 (protocol v2's sybil economics): witnessed and attested rewards are capped by the
/// device's bond. The schedule in force and a pending one gain `bond_reward_cap = Cap`; each
/// reward record of an epoch closed before the upgrade gains a cap of 100 %, and the work
/// pallet's `V3ToV4` gives the work records of those epochs the largest bond, so no reward
/// earned before the upgrade changes.
///
/// Bounded by the claim expiry's epochs (one translation per reward record) and two values.
pub type V1ToV2<T, Cap> =
	VersionedMigration<1, 2, CapByBond<T, Cap>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The unversioned step of [`V1ToV2`].
pub struct CapByBond<T, Cap>(PhantomData<(T, Cap)>);

/// The v1 layouts [`V1ToV2`] translates (and [`V0ToV1`] writes).
pub mod v1 {
	use codec::{Decode, Encode};
	use depin_primitives::{EpochIndex, PerKind};
	use frame_support::{pallet_prelude::OptionQuery, storage_alias, Twox64Concat};

	use crate::{BalanceOf, Config, KindWeights, Pallet, Shape, Split};

	/// The reward records in their v1 layout.
	#[storage_alias]
	pub type Rewards<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, EpochIndex, EpochReward<BalanceOf<T>>, OptionQuery>;

	/// An emission schedule, v1: no bond reward cap.
	#[derive(Encode, Decode)]
	pub struct Schedule<Balance> {
		pub initial: Balance,
		pub shape: Shape,
		pub tail: Balance,
		pub cap: Balance,
		pub split: Split,
		pub kinds: KindWeights,
		pub usage_cap_multiplier: u32,
		pub claim_expiry: EpochIndex,
	}

	/// An epoch's reward record, v1: no bond reward cap.
	#[derive(Encode, Decode)]
	pub struct EpochReward<Balance> {
		pub pools: PerKind<Balance>,
		pub shares: PerKind<u128>,
		pub usage_cap_multiplier: u32,
		pub claimed: Balance,
	}
}

impl<T: Config, Cap: Get<sp_runtime::Perbill>> UncheckedOnRuntimeUpgrade for CapByBond<T, Cap> {
	fn on_runtime_upgrade() -> Weight {
		let cap = Cap::get().max(sp_runtime::Perbill::from_parts(1));
		let schedule = |old: v1::Schedule<crate::BalanceOf<T>>| v2::Schedule {
			initial: old.initial,
			shape: old.shape,
			tail: old.tail,
			cap: old.cap,
			split: old.split,
			kinds: old.kinds,
			usage_cap_multiplier: old.usage_cap_multiplier,
			bond_reward_cap: cap,
			claim_expiry: old.claim_expiry,
		};
		let _ = v2::ActiveSchedule::<T>::translate(|old| old.map(schedule));
		let _ = v2::PendingSchedule::<T>::translate(|old| old.map(schedule));
		// The history keeps each past schedule as it was enacted: it gains the cap too, so
		// that it still decodes.
		let _ = v2::History::<T>::translate(
			|old: Option<
				alloc::vec::Vec<(depin_primitives::EpochIndex, v1::Schedule<crate::BalanceOf<T>>)>,
			>| {
				old.map(|entries| {
					entries.into_iter().map(|(epoch, s)| (epoch, schedule(s))).collect()
				})
			},
		);
		let mut records: u64 = 0;
		Rewards::<T>::translate::<v1::EpochReward<crate::BalanceOf<T>>, _>(|_, old| {
			records.saturating_inc();
			Some(EpochReward {
				pools: old.pools,
				shares: old.shares,
				usage_cap_multiplier: old.usage_cap_multiplier,
				bond_reward_cap: sp_runtime::Perbill::one(),
				claimed: old.claimed,
			})
		});
		T::DbWeight::get().reads_writes(records.saturating_add(2), records.saturating_add(3))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let schedules = crate::ActiveSchedule::<T>::exists() as u8
			+ crate::PendingSchedule::<T>::exists() as u8;
		let history = frame_support::storage::unhashed::get::<
			Vec<(depin_primitives::EpochIndex, v1::Schedule<crate::BalanceOf<T>>)>,
		>(&crate::History::<T>::hashed_key())
		.map_or(0, |h| h.len() as u32);
		Ok((Rewards::<T>::iter_keys().count() as u64, schedules, history).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (before, schedules, history) =
			<(u64, u8, u32)>::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		let decoded = v2::History::<T>::get().len() as u32;
		ensure!(decoded == history, "the schedule history did not decode");
		ensure!(
			Rewards::<T>::iter_values().count() as u64 == before,
			"a reward record did not decode"
		);
		let decoded = v2::ActiveSchedule::<T>::get().is_some() as u8
			+ v2::PendingSchedule::<T>::get().is_some() as u8;
		ensure!(decoded == schedules, "a schedule did not decode");
		ensure!(
			v2::ActiveSchedule::<T>::get().is_none_or(|s| s.bond_reward_cap.deconstruct() > 0),
			"no bond reward cap"
		);
		Ok(())
	}
}

/// The v2 layouts [`V2ToV3`] translates (and [`V1ToV2`] writes).
pub mod v2 {
	use codec::{Decode, Encode};
	use depin_primitives::EpochIndex;
	use frame_support::{
		pallet_prelude::{OptionQuery, ValueQuery},
		storage_alias,
	};
	use sp_runtime::Perbill;

	use crate::{BalanceOf, Config, KindWeights, Pallet, Shape, Split};

	/// An emission schedule, v2: a bond reward cap, no net emissions or demand index.
	#[derive(Encode, Decode, Clone)]
	pub struct Schedule<Balance> {
		pub initial: Balance,
		pub shape: Shape,
		pub tail: Balance,
		pub cap: Balance,
		pub split: Split,
		pub kinds: KindWeights,
		pub usage_cap_multiplier: u32,
		pub bond_reward_cap: Perbill,
		pub claim_expiry: EpochIndex,
	}

	/// The schedule in force, v2.
	#[storage_alias]
	pub type ActiveSchedule<T: Config> =
		StorageValue<Pallet<T>, Schedule<BalanceOf<T>>, OptionQuery>;

	/// A pending schedule, v2.
	#[storage_alias]
	pub type PendingSchedule<T: Config> =
		StorageValue<Pallet<T>, Schedule<BalanceOf<T>>, OptionQuery>;

	/// The schedule history, v2 (a bounded vector encodes as a vector).
	#[storage_alias]
	pub type History<T: Config> =
		StorageValue<Pallet<T>, alloc::vec::Vec<(EpochIndex, Schedule<BalanceOf<T>>)>, ValueQuery>;
}

/// v2 → v3 (protocol v2's emissions that follow demand): the schedule in force, a pending one
/// and every schedule of the history gain net emissions `Net` and the demand index `Index`.
/// The demand state starts empty (burns count from the first close after the upgrade) and so
/// does the sustainability record. With no credits burned yet, the subsidy scale is the
/// index's ceiling.
///
/// Bounded: three values (the history holds at most `MaxHistory` schedules).
pub type V2ToV3<T, Net, Index> = VersionedMigration<
	2,
	3,
	FollowDemand<T, Net, Index>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The unversioned step of [`V2ToV3`].
pub struct FollowDemand<T, Net, Index>(PhantomData<(T, Net, Index)>);

impl<T, Net, Index> UncheckedOnRuntimeUpgrade for FollowDemand<T, Net, Index>
where
	T: Config,
	Net: Get<crate::NetEmissions<crate::BalanceOf<T>>>,
	Index: Get<Option<crate::DemandIndex>>,
{
	fn on_runtime_upgrade() -> Weight {
		let (net, demand_index) = (Net::get(), Index::get());
		let schedule = |old: v2::Schedule<crate::BalanceOf<T>>| crate::Schedule {
			initial: old.initial,
			shape: old.shape,
			tail: old.tail,
			cap: old.cap,
			split: old.split,
			kinds: old.kinds,
			usage_cap_multiplier: old.usage_cap_multiplier,
			bond_reward_cap: old.bond_reward_cap,
			claim_expiry: old.claim_expiry,
			net,
			demand_index,
		};
		let _ = crate::ActiveSchedule::<T>::translate(|old| old.map(schedule));
		let _ = crate::PendingSchedule::<T>::translate(|old| old.map(schedule));
		let _ = crate::History::<T>::translate(
			|old: Option<alloc::vec::Vec<(depin_primitives::EpochIndex, v2::Schedule<_>)>>| {
				old.map(|entries| {
					let entries: alloc::vec::Vec<_> =
						entries.into_iter().map(|(epoch, s)| (epoch, schedule(s))).collect();
					// As long as before: within the bound.
					BoundedVec::truncate_from(entries)
				})
			},
		);
		T::DbWeight::get().reads_writes(3, 4)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let schedules =
			v2::ActiveSchedule::<T>::exists() as u8 + v2::PendingSchedule::<T>::exists() as u8;
		Ok((schedules, v2::History::<T>::get().len() as u32).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (schedules, history) =
			<(u8, u32)>::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		let decoded = crate::ActiveSchedule::<T>::get().is_some() as u8
			+ crate::PendingSchedule::<T>::get().is_some() as u8;
		ensure!(decoded == schedules, "a schedule did not decode");
		ensure!(crate::History::<T>::get().len() as u32 == history, "the history did not decode");
		if let Some(s) = crate::ActiveSchedule::<T>::get() {
			Pallet::<T>::check_schedule(&s).map_err(|_| "the migrated schedule breaks a rule")?;
		}
		Ok(())
	}
}
