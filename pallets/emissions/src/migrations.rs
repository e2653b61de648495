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
		Rewards::<T>::translate::<v0::EpochReward<crate::BalanceOf<T>>, _>(|_, old| {
			records.saturating_inc();
			Some(EpochReward {
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
			Rewards::<T>::iter_values().count() as u64 == before,
			"a reward record did not decode"
		);
		Ok(())
	}
}
