//! Storage migrations of the device registry, in the `STORAGE_VERSION` pattern: each is a
//! [`VersionedMigration`] that runs only on chains at its source version and bumps the version.

use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use sp_runtime::traits::Saturating;

use crate::{Config, DeviceCountByStatus, Devices, Pallet, StatusCounts};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// v0 → v1: counts the registered devices per status into `DeviceCountByStatus` (new in v1).
pub type V0ToV1<T> =
	VersionedMigration<0, 1, InitStatusCounts<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The unversioned step of [`V0ToV1`]. Reads every device once: run it while the registry is
/// small (before launch, or as a multi-block migration once it is not).
pub struct InitStatusCounts<T>(PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InitStatusCounts<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut counts = StatusCounts::default();
		let mut reads = 0u64;
		for (_, d) in Devices::<T>::iter() {
			reads.saturating_inc();
			crate::counts::count_in(&mut counts, &d.status);
		}
		DeviceCountByStatus::<T>::put(counts);
		T::DbWeight::get().reads_writes(reads, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((Devices::<T>::iter().count() as u32).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let devices = u32::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		let c = DeviceCountByStatus::<T>::get();
		ensure!(
			c.active.saturating_add(c.suspended).saturating_add(c.retiring) == devices,
			"status counts do not add up to the devices"
		);
		Pallet::<T>::do_try_state()
	}
}

/// v1 → v2 (protocol v2's sybil economics): counts the active devices of physical classes
/// into `Occupancy` (new in v2) at every occupancy resolution. The other v2 items start empty:
/// no occupancy limits (no scaling until governance sets them), no maker bonds, no witness
/// activity and no registration blocks (devices registered before v2 count as genesis ones).
pub type V1ToV2<T> =
	VersionedMigration<1, 2, InitOccupancy<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The unversioned step of [`V1ToV2`]. Reads every device and its class once: run it while
/// the registry is small (before launch, or as a multi-block migration once it is not).
pub struct InitOccupancy<T>(PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InitOccupancy<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		let _ = crate::Occupancy::<T>::clear(u32::MAX, None);
		for (_, d) in Devices::<T>::iter() {
			reads.saturating_accrue(2);
			if !matches!(d.status, crate::DeviceStatus::Active) {
				continue;
			}
			let Some(class) = crate::Classes::<T>::get(d.class) else { continue };
			Pallet::<T>::count_occupancy(d.class, class.kind, d.location, true);
			writes.saturating_accrue(u64::from(crate::MAX_OCCUPANCY_RESOLUTIONS));
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::do_try_state()
	}
}
