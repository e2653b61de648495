//! Work records and epoch totals: how units earned by any proof kind are credited to a
//! device's record and summed into its epoch's totals. The invariant
//! (`totals == Σ device work`, checked in `invariants.rs`) holds because every path that adds
//! work goes through [`add_to_totals`].

use depin_primitives::{ProofKind, PublicKey};
use sp_runtime::traits::{Saturating, Zero};

use crate::{pallet::*, DeviceWork, EpochIndex, EpochTotals};

/// Adds `units` of proof kind `kind` and `credits` to `totals`, and one device if
/// `new_device`: the one way epoch totals grow, shared by the proof kinds, the invariants
/// (which re-sum the records) and the benchmark helper of [`crate::WorkInspect`].
pub(super) fn add_to_totals<Balance: Saturating + Copy>(
	totals: &mut EpochTotals<Balance>,
	kind: ProofKind,
	units: u64,
	credits: Balance,
	new_device: bool,
) {
	let kind_units = totals.units.get_mut(kind);
	*kind_units = kind_units.saturating_add(units);
	totals.credits = totals.credits.saturating_add(credits);
	if new_device {
		totals.devices = totals.devices.saturating_add(1);
	}
}

impl<T: Config> Pallet<T> {
	/// Credits up to `units` to `device` in `epoch` (clipped at `cap`, none if its work in the
	/// epoch was voided by an upheld dispute) and `credits` spent; returns the units credited.
	pub(crate) fn add_units(
		epoch: EpochIndex,
		device: &PublicKey,
		kind: ProofKind,
		units: u64,
		credits: BalanceOf<T>,
		cap: u64,
	) -> u64 {
		let mut new_device = false;
		let credited = WorkRecords::<T>::mutate(epoch, device, |work| {
			let work = work.get_or_insert_with(|| {
				new_device = true;
				DeviceWork { kind, units: 0, credits: Zero::zero(), voided: false }
			});
			let room = if work.voided { 0 } else { cap.saturating_sub(work.units) };
			let credited = units.min(room);
			work.units = work.units.saturating_add(credited);
			work.credits = work.credits.saturating_add(credits);
			credited
		});
		Totals::<T>::mutate(epoch, |totals| {
			add_to_totals(totals, kind, credited, credits, new_device)
		});
		credited
	}
}
