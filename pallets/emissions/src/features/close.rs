//! The epoch close, O(validators) and never O(devices): the emission clipped at the cap and
//! split, the treasury's and validators' shares minted, the operators' pools recorded, and
//! [`OnEpochClosed`] for the work pallet.

use depin_primitives::{EpochIndex, EpochTotals, OnEpochClosed, ProofKind, ValidatorSet};
use frame_support::{pallet_prelude::*, traits::fungible::Mutate};
use sp_runtime::traits::{Saturating, Zero};

use crate::{pallet::*, EpochReward, WeightInfo};

impl<T: Config> Pallet<T> {
	/// Closes `epoch` with its final `totals`: mints the treasury's and validators' shares and
	/// records the operators' pools. O(validators), never O(devices).
	pub(crate) fn close(epoch: EpochIndex, totals: &EpochTotals<BalanceOf<T>>) -> Weight {
		let paid = T::MaxValidators::get();
		let weight = T::WeightInfo::close_epoch(paid);
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
		let emission = Self::emission_of(epoch).min(headroom);

		// Operators: one pool per proof kind that has units; empty kinds are not minted.
		let operators = schedule.split.operators * emission;
		let mut reward = EpochReward {
			usage_cap_multiplier: schedule.usage_cap_multiplier,
			bond_reward_cap: schedule.bond_reward_cap,
			..Default::default()
		};
		for kind in ProofKind::ALL {
			let shares = totals.shares_of(kind);
			if shares > 0 {
				*reward.pools.get_mut(kind) = *schedule.kinds.get(kind) * operators;
				*reward.shares.get_mut(kind) = shares;
			}
		}
		let pools = reward.pool();
		let kind_remainder = operators.saturating_sub(
			schedule
				.kinds
				.iter()
				.fold(BalanceOf::<T>::zero(), |sum, (_, w)| sum.saturating_add(*w * operators)),
		);

		// Validators: equal shares; the remainder goes to the treasury.
		let validators_share = schedule.split.validators * emission;
		let validators: alloc::vec::Vec<_> =
			T::Validators::validators().into_iter().take(paid as usize).collect();
		let mut validators_paid = BalanceOf::<T>::zero();
		if let Ok(count) = u32::try_from(validators.len()) {
			if count > 0 {
				let each = validators_share / count.into();
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

		// Treasury: its share, the validators' remainder and the operators' rounding.
		let treasury = emission
			.saturating_sub(operators)
			.saturating_sub(validators_paid)
			.saturating_add(kind_remainder);
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
		Self::deposit_event(Event::EpochRewarded {
			epoch,
			emission,
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
