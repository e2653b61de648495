//! Work records and epoch totals: how units earned by any proof kind are credited to a
//! device's record and summed into its epoch's totals. The invariant
//! (`totals == Σ work of devices not voided`, checked in `invariants.rs`) holds because every
//! path that adds work goes through [`add_to_totals`] and voiding goes through
//! [`remove_from_totals`].
//!
//! A record also fixes who earned the work (the device's owner when its first unit of the
//! epoch was credited) and its **shares** of its proof kind's pool: usage work earns the
//! credits burned for it times the class's `reward_weight` (value, not raw units, so a cheap
//! class cannot dilute the pool); witnessed and attested work earns each unit times the
//! weight and the device's occupancy scale at the time it was credited.

use depin_primitives::{
	shares_of_credits, shares_of_units, ClassId, DeviceInspect, DeviceView, H3Cell, NetworkKind,
	ProofKind, PublicKey,
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	SaturatedConversion,
};

use crate::{pallet::*, DeviceWork, EpochIndex, EpochTotals};

/// Adds `units` and `shares` of proof kind `kind` and `credits` to `totals`, and one device if
/// `new_device`: the one way epoch totals grow, shared by the proof kinds, the invariants
/// (which re-sum the records) and the benchmark helper of [`crate::WorkInspect`].
pub(super) fn add_to_totals<Balance: Saturating + Copy>(
	totals: &mut EpochTotals<Balance>,
	kind: ProofKind,
	units: u64,
	shares: u128,
	credits: Balance,
	new_device: bool,
) {
	let kind_units = totals.units.get_mut(kind);
	*kind_units = kind_units.saturating_add(units);
	let kind_shares = totals.shares.get_mut(kind);
	*kind_shares = kind_shares.saturating_add(shares);
	totals.credits = totals.credits.saturating_add(credits);
	if new_device {
		totals.devices = totals.devices.saturating_add(1);
	}
}

/// Takes voided `work` out of `totals` (the device stays counted: its record stays).
pub(super) fn remove_from_totals<AccountId, Balance: Saturating + Copy>(
	totals: &mut EpochTotals<Balance>,
	work: &DeviceWork<AccountId, Balance>,
) {
	let kind_units = totals.units.get_mut(work.kind);
	*kind_units = kind_units.saturating_sub(work.units);
	let kind_shares = totals.shares.get_mut(work.kind);
	*kind_shares = kind_shares.saturating_sub(work.shares);
	totals.credits = totals.credits.saturating_sub(work.credits);
}

/// The device that earns a credit of work, as its report read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Earner<AccountId> {
	/// The device.
	pub device: PublicKey,
	/// Its owner now (the record keeps the owner of its first credit in the epoch).
	pub owner: AccountId,
	/// Its class's per-epoch units cap.
	pub cap: u64,
	/// Its class's reward weight.
	pub weight: u32,
	/// Its occupancy scale, parts per billion (full for usage work, which is not scaled).
	pub scale: u32,
	/// Its bond, which caps the reward of its witnessed and attested work.
	pub bond: u128,
	/// Its class and cell if the class is physical and the device located and active: where
	/// it counts as interactive once it earns witnessed or attested units.
	pub located: Option<(ClassId, H3Cell)>,
}

impl<AccountId: Clone> Earner<AccountId> {
	/// The earner of `device` as the registry showed it, at occupancy `scale`.
	pub fn new<Balance: Copy + UniqueSaturatedInto<u128>>(
		device: PublicKey,
		view: &DeviceView<AccountId, Balance>,
		scale: u32,
	) -> Self {
		Self {
			device,
			owner: view.owner.clone(),
			cap: view.params.units_cap,
			weight: view.params.reward_weight,
			scale,
			bond: view.bond.saturated_into(),
			located: match (view.params.kind, view.location, view.active) {
				(NetworkKind::Physical, Some(cell), true) => Some((view.class, cell)),
				_ => None,
			},
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Credits up to `units` to `earner` in `epoch` (clipped at its cap, none if its work in
	/// the epoch was voided by an upheld dispute or is of another proof kind) with their
	/// shares and `credits` spent;
	/// returns the units credited. Usage shares come from `credits`, which the caller already
	/// limited to the credited units.
	pub(crate) fn add_units(
		epoch: EpochIndex,
		earner: &Earner<T::AccountId>,
		kind: ProofKind,
		units: u64,
		credits: BalanceOf<T>,
	) -> u64 {
		let mut new_device = false;
		let (credited, shares, credits) = WorkRecords::<T>::mutate(epoch, earner.device, |work| {
			let work = work.get_or_insert_with(|| {
				new_device = true;
				DeviceWork {
					owner: earner.owner.clone(),
					kind,
					units: 0,
					credits: Zero::zero(),
					shares: 0,
					bond: earner.bond.saturated_into(),
					voided: false,
				}
			});
			// Voided work earns nothing more; nor does work of another proof kind than the
			// record's (a key re-registered under another class within the epoch), whose
			// shares would be paid from the wrong pool against another bond.
			if work.voided || work.kind != kind {
				return (0, 0, Zero::zero());
			}
			let credited = units.min(earner.cap.saturating_sub(work.units));
			let shares = match kind {
				ProofKind::Usage => shares_of_credits(credits.saturated_into(), earner.weight),
				_ => shares_of_units(credited, earner.weight, earner.scale),
			};
			work.units = work.units.saturating_add(credited);
			work.credits = work.credits.saturating_add(credits);
			work.shares = work.shares.saturating_add(shares);
			(credited, shares, credits)
		});
		Totals::<T>::mutate(epoch, |totals| {
			add_to_totals(totals, kind, credited, shares, credits, new_device)
		});
		// The registry keeps the device's bond and owner until this work's dispute window
		// has passed.
		if new_device {
			T::Devices::note_work(&earner.device, epoch);
		}
		// A physical device that earns witnessed or attested units counts in its cells'
		// occupancy (usage work is not scaled by occupancy, so it does not count).
		if let (true, Some((class, cell))) =
			(credited > 0 && kind != ProofKind::Usage, earner.located)
		{
			T::Devices::note_interactive(&earner.device, class, cell);
		}
		credited
	}
}
