//! Storage migrations of the work pallet, in the `STORAGE_VERSION` pattern: each is a
//! [`VersionedMigration`] that runs only on chains at its source version and bumps the version.

use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

use crate::{Config, DisputeWindow, EpochIndex, Pallet};

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
