//! Storage migrations of the work pallet, in the `STORAGE_VERSION` pattern: each is a
//! [`VersionedMigration`] that runs only on chains at its source version and bumps the version.

use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

use crate::{Config, DisputeWindow, EpochIndex, Pallet, SettlementRate};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// v0 → v1: the dispute window became a storage value (it was the constant `DisputeWindow`);
/// sets it to `Window` epochs, the constant's value, where it is unset.
pub type V0ToV1<T, Window> = VersionedMigration<
	0,
	1,
	InitDisputeWindow<T, Window>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The unversioned step of [`V0ToV1`].
pub struct InitDisputeWindow<T, Window>(PhantomData<(T, Window)>);

impl<T: Config, Window: Get<EpochIndex>> UncheckedOnRuntimeUpgrade
	for InitDisputeWindow<T, Window>
{
	fn on_runtime_upgrade() -> Weight {
		if DisputeWindow::<T>::get() == 0 {
			DisputeWindow::<T>::put(Window::get().clamp(1, T::MaxDisputeWindow::get()));
			T::DbWeight::get().reads_writes(1, 1)
		} else {
			T::DbWeight::get().reads(1)
		}
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok(DisputeWindow::<T>::get().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before = EpochIndex::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		let now = DisputeWindow::<T>::get();
		ensure!((1..=T::MaxDisputeWindow::get()).contains(&now), "dispute window out of range");
		ensure!(before == 0 || before == now, "a set dispute window was changed");
		Ok(())
	}
}

/// v1 → v2 (protocol v2: usage vouchers, additive beacons): removes the v1 usage-receipt
/// nonces (`ConsumerNonces`, which nothing reads any more) and the v1 beacon markers
/// (`Beacons` now holds each beacon's witness set, which the old `()` values do not decode
/// to), and sets the settlement rate to `Rate`.
///
/// Both removals are unbounded: the chain had not launched when v2 came, so only development
/// and test chains run this, with few keys. Beacons of the epochs still open lose their
/// markers, so a beacon already counted in them could be counted again once; the epochs close
/// within the submission grace.
pub type V1ToV2<T, Rate> =
	VersionedMigration<1, 2, ToVouchers<T, Rate>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The unversioned step of [`V1ToV2`].
pub struct ToVouchers<T, Rate>(PhantomData<(T, Rate)>);

/// The v1 storage items [`V1ToV2`] removes, by their storage prefixes.
mod v1 {
	use frame_support::{storage_alias, Blake2_128Concat, Twox64Concat};

	use crate::{Config, EpochIndex, Pallet};
	use depin_primitives::PublicKey;

	#[storage_alias]
	pub type ConsumerNonces<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Blake2_128Concat,
		PublicKey,
		u64,
	>;

	#[storage_alias]
	pub type Beacons<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, EpochIndex, Blake2_128Concat, PublicKey, ()>;
}

impl<T: Config, Rate: Get<crate::BalanceOf<T>>> UncheckedOnRuntimeUpgrade for ToVouchers<T, Rate> {
	fn on_runtime_upgrade() -> Weight {
		let nonces = v1::ConsumerNonces::<T>::clear(u32::MAX, None);
		let beacons = v1::Beacons::<T>::clear(u32::MAX, None);
		SettlementRate::<T>::put(Rate::get());
		let removed = u64::from(nonces.backend).saturating_add(u64::from(beacons.backend));
		T::DbWeight::get().reads_writes(removed, removed.saturating_add(1))
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(v1::ConsumerNonces::<T>::iter_keys().next().is_none(), "nonces left");
		ensure!(v1::Beacons::<T>::iter_keys().next().is_none(), "v1 beacon markers left");
		ensure!(SettlementRate::<T>::get() == Rate::get(), "settlement rate not set");
		Ok(())
	}
}
