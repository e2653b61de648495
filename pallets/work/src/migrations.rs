//! Storage migrations of the work pallet, in the `STORAGE_VERSION` pattern: each is a
//! [`VersionedMigration`] that runs only on chains at its source version and bumps the version.

use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use sp_runtime::{traits::Zero, Saturating};

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

/// v2 → v3 (protocol v2's sybil economics): each work record gains its earner and its shares,
/// each epoch's totals their shares, each verifier its slash record and committee slot; the
/// attestation tolerance is set to `Tolerance` where it is unset.
///
/// Records of v2 carry no occupancy scale or class weight, and v2 split every pool by units,
/// so a migrated record's shares are its units times [`crate::SHARE_PARTS`], for every proof
/// kind: the rewards of epochs closed before the upgrade stay what they were (the emissions
/// pallet's own migration turns their reward records' units into shares the same way). The
/// earner of a migrated record is the device's owner at the upgrade (the treasury for a
/// device no longer registered), since v2 did not record who owned it when the work was done.
/// In the epoch open at the upgrade, usage records from before it are then weighted by units
/// and those after it by credits: the same for classes priced at a thousandth of a DPIN per
/// unit (the presets' sensor class), a one-epoch distortion for others.
///
/// Unbounded (it translates every record and verifier): the chain had not launched when v3
/// came, so only development and test chains run it.
pub type V2ToV3<T, Tolerance> = VersionedMigration<
	2,
	3,
	ToShares<T, Tolerance>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The unversioned step of [`V2ToV3`].
pub struct ToShares<T, Tolerance>(PhantomData<(T, Tolerance)>);

/// The v2 layouts [`V2ToV3`] translates.
pub mod v2 {
	use codec::{Decode, Encode};
	use depin_primitives::{PerKind, ProofKind};

	/// A device's work in an epoch, v2.
	#[derive(Encode, Decode)]
	pub struct DeviceWork<Balance> {
		pub kind: ProofKind,
		pub units: u64,
		pub credits: Balance,
		pub voided: bool,
	}

	/// An epoch's totals, v2.
	#[derive(Encode, Decode)]
	pub struct EpochTotals<Balance> {
		pub units: PerKind<u64>,
		pub credits: Balance,
		pub devices: u32,
	}

	/// A verifier, v2.
	#[derive(Encode, Decode)]
	pub struct Verifier<Balance> {
		pub bond: Balance,
		pub quota: u64,
	}
}

/// Shares of `units` migrated from v2: a full share per unit.
fn v2_shares(units: u64) -> u128 {
	u128::from(units).saturating_mul(crate::SHARE_PARTS)
}

impl<T: Config, Tolerance: Get<sp_runtime::Perbill>> UncheckedOnRuntimeUpgrade
	for ToShares<T, Tolerance>
{
	fn on_runtime_upgrade() -> Weight {
		use depin_primitives::DeviceInspect;
		let mut reads: u64 = 1;
		let mut writes: u64 = 1;
		crate::WorkRecords::<T>::translate::<v2::DeviceWork<crate::BalanceOf<T>>, _>(
			|_, device, old| {
				reads.saturating_accrue(3);
				writes.saturating_inc();
				let owner = T::Devices::device(&device).map_or_else(T::Treasury::get, |d| d.owner);
				Some(crate::DeviceWork {
					owner,
					kind: old.kind,
					units: old.units,
					credits: old.credits,
					shares: v2_shares(old.units),
					voided: old.voided,
				})
			},
		);
		crate::Totals::<T>::translate::<v2::EpochTotals<crate::BalanceOf<T>>, _>(|_, old| {
			reads.saturating_inc();
			writes.saturating_inc();
			Some(crate::EpochTotals {
				shares: depin_primitives::PerKind {
					usage: v2_shares(old.units.usage),
					witnessed: v2_shares(old.units.witnessed),
					attested: v2_shares(old.units.attested),
				},
				units: old.units,
				credits: old.credits,
				devices: old.devices,
			})
		});
		let mut slot: u32 = 0;
		crate::Verifiers::<T>::translate::<v2::Verifier<crate::BalanceOf<T>>, _>(|who, old| {
			crate::VerifierSlots::<T>::insert(slot, who);
			let v = crate::Verifier {
				bond: old.bond,
				slashed: Zero::zero(),
				slashes: 0,
				quota: old.quota,
				slot,
			};
			slot.saturating_inc();
			reads.saturating_inc();
			writes.saturating_accrue(2);
			Some(v)
		});
		crate::VerifierCount::<T>::put(slot);
		if crate::AttestationTolerance::<T>::get().is_zero() {
			crate::AttestationTolerance::<T>::put(Tolerance::get());
		}
		T::DbWeight::get().reads_writes(reads, writes.saturating_add(1))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let records = crate::WorkRecords::<T>::iter_keys().count() as u64;
		let verifiers = crate::Verifiers::<T>::iter_keys().count() as u64;
		Ok((records, verifiers).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (records, verifiers) =
			<(u64, u64)>::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		ensure!(
			crate::WorkRecords::<T>::iter_values().count() as u64 == records,
			"a work record did not decode"
		);
		ensure!(
			crate::Verifiers::<T>::iter_values().count() as u64 == verifiers,
			"a verifier did not decode"
		);
		ensure!(!crate::AttestationTolerance::<T>::get().is_zero(), "no attestation tolerance");
		crate::Pallet::<T>::do_try_state()
	}
}
