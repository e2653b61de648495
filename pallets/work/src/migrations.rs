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
/// v2 split every pool by units. A record of an epoch already closed (its pools set aside by
/// units) gets its units times [`crate::SHARE_PARTS`] as shares, for every proof kind, so the
/// rewards of closed epochs stay what they were (the emissions pallet's own migration turns
/// their reward records' units into shares the same way). A record of an epoch still open
/// (the current one, or the one in its grace) gets the shares v3 gives new work: usage credits
/// times its class's `reward_weight`, other kinds' units times the weight at a full occupancy
/// scale (v2 recorded no scale; the occupancy counters start at the upgrade), so the open
/// epochs' pools are shared alike by work from before and after the upgrade. Each epoch's
/// totals are the sums of its records. The earner of a migrated record is the device's owner
/// at the upgrade (the treasury for a device no longer registered, whose weight counts as 1),
/// since v2 did not record who owned it when the work was done.
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
		use alloc::collections::btree_map::BTreeMap;
		use depin_primitives::{shares_of_credits, shares_of_units, DeviceInspect, PerKind};
		use sp_runtime::SaturatedConversion;
		let mut reads: u64 = 3;
		let mut writes: u64 = 1;
		let current = crate::CurrentEpoch::<T>::get();
		let closing = crate::Closing::<T>::get().map(|(epoch, _)| epoch);
		let open = |epoch: EpochIndex| epoch == current || Some(epoch) == closing;
		// Each epoch's shares per kind, summed over its records not voided.
		let mut sums: BTreeMap<EpochIndex, PerKind<u128>> = BTreeMap::new();
		v3::WorkRecords::<T>::translate::<v2::DeviceWork<crate::BalanceOf<T>>, _>(
			|epoch, device, old| {
				reads.saturating_accrue(3);
				writes.saturating_inc();
				let view = T::Devices::device(&device);
				let weight = view.as_ref().map_or(1, |d| d.params.reward_weight);
				let shares = match (open(epoch), old.kind) {
					(false, _) => v2_shares(old.units),
					(true, depin_primitives::ProofKind::Usage) => {
						shares_of_credits(old.credits.saturated_into(), weight)
					}
					(true, _) => shares_of_units(old.units, weight, crate::SHARE_PARTS as u32),
				};
				if !old.voided {
					let sum = sums.entry(epoch).or_default().get_mut(old.kind);
					*sum = sum.saturating_add(shares);
				}
				Some(v3::DeviceWork {
					owner: view.map_or_else(T::Treasury::get, |d| d.owner),
					kind: old.kind,
					units: old.units,
					credits: old.credits,
					shares,
					voided: old.voided,
				})
			},
		);
		crate::Totals::<T>::translate::<v2::EpochTotals<crate::BalanceOf<T>>, _>(|epoch, old| {
			reads.saturating_inc();
			writes.saturating_inc();
			Some(crate::EpochTotals {
				shares: sums.get(&epoch).cloned().unwrap_or_default(),
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
			v3::WorkRecords::<T>::iter_values().count() as u64 == records,
			"a work record did not decode"
		);
		ensure!(
			crate::Verifiers::<T>::iter_values().count() as u64 == verifiers,
			"a verifier did not decode"
		);
		ensure!(!crate::AttestationTolerance::<T>::get().is_zero(), "no attestation tolerance");
		// The invariants read records in the current layout: `V3ToV4`'s checks run them.
		Ok(())
	}
}

/// v3 → v4 (protocol v2's sybil economics): a work record carries the device's bond, which
/// caps its witnessed and attested reward (the emissions pallet's `bond_reward_cap`). Records
/// of closed epochs get the largest balance, so no reward of an epoch closed before the
/// upgrade changes; records of the open (and closing) epoch, which close under the cap, get
/// the device's bond now (zero for a device no longer registered), as work credited after the
/// upgrade does.
///
/// The registry is told of every work record still within the dispute window
/// ([`DeviceInspect::note_work`](depin_primitives::DeviceInspect::note_work)), so a device
/// whose work may still be disputed keeps its bond and its owner after the upgrade too.
///
/// Disputes (protocol v2's dispute rules) become several per work with a deadline: each open
/// dispute's index entry becomes a list of one, each dispute gets the deadline
/// `current epoch + Timeout` (it times out then, its bond refunded), the dispute timeout is
/// set to `Timeout` where unset (raised, up to `MaxDisputeTimeout`, until it lasts
/// `MinDisputeVerdictTime` at the chain's epoch length), and the deadline cursor starts at the
/// current epoch.
///
/// Unbounded (one translation per record and open dispute, at most the retention's epochs of
/// records): the chain had not launched when v4 came, so only development and test chains
/// run it.
pub type V3ToV4<T, Timeout> = VersionedMigration<
	3,
	4,
	RecordBonds<T, Timeout>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The unversioned step of [`V3ToV4`].
pub struct RecordBonds<T, Timeout>(PhantomData<(T, Timeout)>);

/// The v3 layouts [`V3ToV4`] translates (and [`V2ToV3`] writes).
pub mod v3 {
	use codec::{Decode, Encode};
	use depin_primitives::{EpochIndex, ProofKind, PublicKey};
	use frame_support::{storage_alias, Blake2_128Concat, Twox64Concat};

	use crate::{BalanceOf, Config, Pallet};

	/// A device's work in an epoch, v3: no bond.
	#[derive(Encode, Decode)]
	pub struct DeviceWork<AccountId, Balance> {
		pub owner: AccountId,
		pub kind: ProofKind,
		pub units: u64,
		pub credits: Balance,
		pub shares: u128,
		pub voided: bool,
	}

	/// The work records in their v3 layout.
	#[storage_alias]
	pub type WorkRecords<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		DeviceWork<<T as frame_system::Config>::AccountId, BalanceOf<T>>,
	>;

	/// An open dispute, v3: no deadline.
	#[derive(Encode, Decode)]
	pub struct Dispute<AccountId, Balance> {
		pub device: PublicKey,
		pub epoch: EpochIndex,
		pub disputer: AccountId,
		pub bond: Balance,
		pub evidence: sp_core::H256,
	}

	/// The open-dispute index in its v3 layout: one dispute per epoch and device.
	#[storage_alias]
	pub type OpenDisputes<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		PublicKey,
		crate::DisputeId,
	>;
}

impl<T: Config, Timeout: Get<EpochIndex>> UncheckedOnRuntimeUpgrade for RecordBonds<T, Timeout> {
	fn on_runtime_upgrade() -> Weight {
		use depin_primitives::DeviceInspect;
		use sp_runtime::traits::Bounded;
		let mut records: u64 = 0;
		let current = crate::CurrentEpoch::<T>::get();
		let closing = crate::Closing::<T>::get().map(|(epoch, _)| epoch);
		let open = |epoch: EpochIndex| epoch == current || Some(epoch) == closing;
		let window = crate::DisputeWindow::<T>::get();
		crate::WorkRecords::<T>::translate::<v3::DeviceWork<T::AccountId, crate::BalanceOf<T>>, _>(
			|epoch, device, old| {
				records.saturating_inc();
				// The registry learns of work still within its dispute window, which it had
				// not been told of before v4: such a device keeps its bond and owner until
				// the window has passed.
				if epoch.saturating_add(window) >= current {
					T::Devices::note_work(&device, epoch);
				}
				// The open (and closing) epoch closes under the cap: its records take the
				// device's bond (none for a device no longer registered). Closed epochs keep
				// their rewards.
				let bond = if open(epoch) {
					T::Devices::device(&device).map_or_else(Zero::zero, |d| d.bond)
				} else {
					crate::BalanceOf::<T>::max_value()
				};
				Some(crate::DeviceWork {
					owner: old.owner,
					kind: old.kind,
					units: old.units,
					credits: old.credits,
					shares: old.shares,
					bond,
					voided: old.voided,
				})
			},
		);
		// Disputes: a deadline each, and a list per work.
		if crate::DisputeTimeout::<T>::get() == 0 {
			// At least long enough for a verdict at the chain's epoch length (scheduled or in
			// force), as the setters require from now on.
			let length = crate::Pallet::<T>::shortest_epoch_length();
			let mut timeout = Timeout::get().clamp(1, T::MaxDisputeTimeout::get());
			while timeout < T::MaxDisputeTimeout::get()
				&& !crate::Pallet::<T>::leaves_time_for_verdict(timeout, length)
			{
				timeout.saturating_inc();
			}
			// Should even the longest timeout fall short (epochs too short for any allowed
			// timeout), `try_state` reports it: governance must lengthen the epochs.
			crate::DisputeTimeout::<T>::put(timeout);
		}
		let deadline = current.saturating_add(crate::DisputeTimeout::<T>::get());
		let mut disputes: u64 = 0;
		crate::Disputes::<T>::translate::<v3::Dispute<T::AccountId, crate::BalanceOf<T>>, _>(
			|id, old| {
				disputes.saturating_inc();
				crate::DisputeDeadlines::<T>::insert(deadline, id, ());
				Some(crate::Dispute {
					device: old.device,
					epoch: old.epoch,
					disputer: old.disputer,
					bond: old.bond,
					evidence: old.evidence,
					deadline,
				})
			},
		);
		crate::OpenDisputes::<T>::translate::<crate::DisputeId, _>(|_, _, id| {
			Some(BoundedVec::truncate_from(alloc::vec![id]))
		});
		crate::DeadlineCursor::<T>::put(current);
		T::DbWeight::get().reads_writes(
			records.saturating_mul(2).saturating_add(disputes.saturating_mul(2)).saturating_add(3),
			records.saturating_add(disputes.saturating_mul(3)).saturating_add(3),
		)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let disputes = v3::OpenDisputes::<T>::iter_keys().count() as u64;
		Ok((v3::WorkRecords::<T>::iter_keys().count() as u64, disputes).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (records, disputes) =
			<(u64, u64)>::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
		ensure!(
			crate::WorkRecords::<T>::iter_values().count() as u64 == records,
			"a work record did not decode"
		);
		ensure!(
			crate::Disputes::<T>::iter_values().count() as u64 == disputes,
			"a dispute did not decode"
		);
		ensure!(
			crate::OpenDisputes::<T>::iter_values().count() as u64 == disputes,
			"an open-dispute index entry did not decode"
		);
		crate::Pallet::<T>::do_try_state()
	}
}
