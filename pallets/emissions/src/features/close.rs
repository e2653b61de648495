//! The epoch close, O(validators) and never O(devices): the smoothed burn re-minted first, the
//! curve's emission clipped at the cap, split and tapered by the demand index (see
//! [`crate::demand`]), the treasury's and validators' shares minted, the operators' pools
//! recorded with the re-mint, the demand state and sustainability record written, and
//! [`OnEpochClosed`] for the work pallet.

use depin_primitives::{EpochIndex, EpochTotals, OnEpochClosed, ProofKind, ValidatorSet};
use frame_support::{pallet_prelude::*, traits::fungible::Mutate};
use sp_runtime::traits::{Saturating, Zero};

use crate::{
	allocate, close_figures, pallet::*, remint_parts, unrepaid_burn, EpochReward, SupplyRecord,
	WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// Closes `epoch` with its final `totals`: mints the treasury's and validators' shares and
	/// records the operators' pools. O(validators), never O(devices).
	pub(crate) fn close(epoch: EpochIndex, totals: &EpochTotals<BalanceOf<T>>) -> Weight {
		let paid = T::MaxValidators::get();
		let weight = T::WeightInfo::close_epoch(paid, T::MaxSupplyRecords::get());
		let pending = PendingSchedule::<T>::take();
		let Some(schedule) = ActiveSchedule::<T>::get() else {
			// Without a schedule nothing is emitted; a schedule set meanwhile starts next.
			if let Some(next) = pending {
				Self::enact(next, epoch.saturating_add(1));
			}
			return weight;
		};
		// A schedule set during the epoch takes over right after this close, so its cap bounds
		// this close's minting too: the committed supply never ends above the cap in force.
		// (`set_schedule` checked that cap against the committed supply, which only this close
		// can raise.)
		let cap = pending.as_ref().map_or(schedule.cap, |next| next.cap.min(schedule.cap));
		let headroom = cap.saturating_sub(Self::committed());
		let before = Demand::<T>::get();
		let burned = Burned::<T>::get(epoch);
		let n = epoch.saturating_sub(ScheduleStart::<T>::get());
		// Credits not yet counted by a close: those still held, and those spent this epoch.
		let uncounted = CreditsIssued::<T>::get()
			.saturating_sub(CreditsSpent::<T>::get())
			.saturating_add(totals.credits);
		let figures = close_figures(&schedule, n, &before, headroom, uncounted);
		let emission = figures.emission;
		let allocation = allocate(&schedule, emission, figures.subsidy_scale);

		// Operators: one pool per proof kind that has work; empty kinds are not minted. The
		// re-mint goes to the kinds with work, by their weights.
		let has_work = |kind| totals.shares_of(kind) > 0;
		let remint = remint_parts(&schedule, figures.remint, has_work);
		let mut reward = EpochReward {
			usage_cap_multiplier: schedule.usage_cap_multiplier,
			bond_reward_cap: schedule.bond_reward_cap,
			..Default::default()
		};
		let mut reminted = BalanceOf::<T>::zero();
		for kind in ProofKind::ALL {
			if has_work(kind) {
				let part = *remint.get(kind);
				reminted = reminted.saturating_add(part);
				*reward.pools.get_mut(kind) = allocation.pools.get(kind).saturating_add(part);
				*reward.shares.get_mut(kind) = totals.shares_of(kind);
			}
		}
		let pools = reward.pool();
		let withheld = allocation.withheld_from(has_work);

		// Validators: equal shares; the remainder goes to the treasury.
		let validators: alloc::vec::Vec<_> =
			T::Validators::validators().into_iter().take(paid as usize).collect();
		let mut validators_paid = BalanceOf::<T>::zero();
		if let Ok(count) = u32::try_from(validators.len()) {
			if count > 0 {
				let each = allocation.validators / count.into();
				for v in &validators {
					match T::Currency::mint_into(v, each) {
						Ok(_) => validators_paid = validators_paid.saturating_add(each),
						// Not minted: the treasury gets it below, and the event says so.
						Err(_) => Self::deposit_event(Event::ValidatorPayoutSkipped {
							epoch,
							validator: v.clone(),
							amount: each,
						}),
					}
				}
			}
		}

		// Treasury: its share, the operators' rounding and the validators' remainder.
		let treasury = allocation
			.treasury
			.saturating_add(allocation.validators.saturating_sub(validators_paid));
		let treasury_paid = if treasury.is_zero() {
			Zero::zero()
		} else {
			T::Currency::mint_into(&T::Treasury::get(), treasury).unwrap_or_else(|_| {
				// Not minted: it stays under the cap for later epochs, and the event says so.
				Self::deposit_event(Event::TreasuryPayoutSkipped { epoch, amount: treasury });
				Zero::zero()
			})
		};

		if !pools.is_zero() {
			Rewards::<T>::insert(epoch, reward);
			Reserved::<T>::mutate(|r| *r = r.saturating_add(pools));
		}
		let minted_now = treasury_paid.saturating_add(validators_paid);
		Minted::<T>::mutate(epoch, |m| *m = m.saturating_add(minted_now));
		TotalMinted::<T>::mutate(|m| *m = m.saturating_add(minted_now));

		// The demand state and the sustainability record: the usage credits that this epoch's
		// usage pool from the curve cannot pay back are smoothed into later re-mints.
		let unrepaid = unrepaid_burn(&schedule, allocation.pools.usage, totals.credits);
		let committed = pools.saturating_add(minted_now);
		let after = before.after_close(burned, unrepaid, committed, reminted, &schedule.net);
		Demand::<T>::put(after);
		SupplyRecords::<T>::insert(
			epoch,
			SupplyRecord {
				operators: pools,
				validators: validators_paid,
				treasury: treasury_paid,
				burned,
				unrepaid,
				reminted,
				withheld,
				smoothed_burn: after.smoothed_burn,
				ratio_ppm: after.ratio_ppm(),
				subsidy_scale: figures.subsidy_scale,
			},
		);
		if let Some(old) = epoch.checked_sub(T::MaxSupplyRecords::get()) {
			SupplyRecords::<T>::remove(old);
		}
		Self::deposit_event(Event::EpochRewarded {
			epoch,
			emission,
			withheld,
			reminted,
			operators: pools,
			validators: validators_paid,
			treasury: treasury_paid,
		});

		if let Some(next) = pending {
			Self::enact(next, epoch.saturating_add(1));
		}
		weight
	}
}

impl<T: Config> OnEpochClosed<BalanceOf<T>> for Pallet<T> {
	fn on_epoch_closed(epoch: EpochIndex, totals: &EpochTotals<BalanceOf<T>>) -> Weight {
		Self::close(epoch, totals)
	}
}
