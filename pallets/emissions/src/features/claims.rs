//! Claims: an owner claims a device's rewards from final epochs' pools, what a device's work
//! earns and has pending, and [`OnWorkVoided`], which pays the reward of work voided after its
//! epoch closed to the treasury as a claim.

use depin_primitives::{DeviceWork, EpochIndex, OnWorkVoided, ProofKind, PublicKey, WorkInspect};
use frame_support::{ensure, pallet_prelude::*, traits::fungible::Mutate};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	Rounding, SaturatedConversion,
};

use crate::{pallet::*, EpochReward, PendingReward, WeightInfo};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_claim(
		who: T::AccountId,
		device: PublicKey,
		epochs: BoundedVec<EpochIndex, T::MaxClaimEpochs>,
	) -> DispatchResult {
		ensure!(!epochs.is_empty(), Error::<T>::NoEpochs);
		let expiry = ActiveSchedule::<T>::get().map_or(0, |s| s.claim_expiry);
		let current = T::Work::current_epoch();
		let mut total = BalanceOf::<T>::zero();
		let expiring = Self::expiring_epoch();
		for epoch in epochs.iter().copied() {
			ensure!(
				current <= epoch.saturating_add(expiry) && expiring != Some(epoch),
				Error::<T>::ClaimExpired
			);
			ensure!(T::Work::epoch_final(epoch), Error::<T>::EpochNotFinal);
			let work = T::Work::final_work(&device, epoch).ok_or(Error::<T>::NoReward)?;
			ensure!(work.owner == who, Error::<T>::NotOwner);
			ensure!(!Claimed::<T>::contains_key(epoch, device), Error::<T>::AlreadyClaimed);
			let mut reward_info = Rewards::<T>::get(epoch).ok_or(Error::<T>::NoReward)?;
			let reward = Self::reward_for(&work, &reward_info);
			Claimed::<T>::insert(epoch, device, reward);
			reward_info.claimed = reward_info.claimed.saturating_add(reward);
			Rewards::<T>::insert(epoch, reward_info);
			Minted::<T>::mutate(epoch, |m| *m = m.saturating_add(reward));
			total = total.saturating_add(reward);
		}
		if !total.is_zero() {
			T::Currency::mint_into(&who, total).map_err(|_| Error::<T>::MintFailed)?;
		}
		Reserved::<T>::mutate(|r| *r = r.saturating_sub(total));
		TotalMinted::<T>::mutate(|m| *m = m.saturating_add(total));
		Self::deposit_event(Event::RewardsClaimed {
			device,
			owner: who,
			epochs: epochs.len() as u32,
			amount: total,
		});
		Ok(())
	}

	/// The reward `work` earns from an epoch's pools: `pool × shares ÷ epoch shares` of its
	/// proof kind, rounded down; for usage work at most `usage_cap_multiplier × credits`, for
	/// witnessed and attested work at most `bond_reward_cap × bond`.
	pub fn reward_for(
		work: &DeviceWork<T::AccountId, BalanceOf<T>>,
		reward_info: &EpochReward<BalanceOf<T>>,
	) -> BalanceOf<T> {
		let pool = *reward_info.pools.get(work.kind);
		let shares = *reward_info.shares.get(work.kind);
		let reward: BalanceOf<T> = multiply_by_rational_with_rounding(
			pool.saturated_into::<u128>(),
			work.shares,
			shares.max(1),
			Rounding::Down,
		)
		// `None` only if the result does not fit a `u128`, which takes a device with more
		// shares than its whole epoch: impossible, the epoch's shares include the device's
		// (voided work leaves them, and earns nothing). Zero is the answer that can never pay
		// more than a pool holds.
		.unwrap_or_default()
		.saturated_into();
		// Shares recorded after the close (none should be) must not pay beyond the pool.
		let reward = reward.min(pool);
		if work.kind == ProofKind::Usage {
			reward.min(work.credits.saturating_mul(reward_info.usage_cap_multiplier.into()))
		} else {
			reward.min(reward_info.bond_reward_cap.mul_floor(work.bond))
		}
	}

	/// What `device` has earned in `epoch`, for wallets and explorers: `None` without work;
	/// otherwise the reward (zero until the epoch closes, and for voided work), whether it is
	/// final (claimable) and whether it was claimed.
	pub fn pending_reward(
		device: &PublicKey,
		epoch: EpochIndex,
	) -> Option<PendingReward<T::AccountId, BalanceOf<T>>> {
		let work = T::Work::work_of(device, epoch)?;
		let claimed = Claimed::<T>::get(epoch, device);
		let reward = match (&claimed, Rewards::<T>::get(epoch)) {
			(Some(amount), _) => *amount,
			(None, Some(info)) if !work.voided => Self::reward_for(&work, &info),
			_ => Zero::zero(),
		};
		Some(PendingReward {
			epoch,
			earner: work.owner.clone(),
			kind: work.kind,
			units: work.units,
			shares: work.shares,
			reward,
			is_final: T::Work::final_work(device, epoch).is_some(),
			voided: work.voided,
			claimed: claimed.is_some(),
		})
	}
}

impl<T: Config> OnWorkVoided<T::AccountId, BalanceOf<T>> for Pallet<T> {
	/// Pays the reward that voided `work` would have earned from closed `epoch`'s pool to the
	/// treasury and records it as claimed (nobody can claim it, and the epoch's books still
	/// balance). Nothing if it was already claimed (a window lengthened after a claim), the
	/// epoch's rewards expired or never existed, or the reward is zero; if the treasury cannot
	/// take it (`TreasuryPayoutSkipped`), it stays unclaimed and expires.
	fn on_work_voided(
		epoch: EpochIndex,
		device: &PublicKey,
		work: &DeviceWork<T::AccountId, BalanceOf<T>>,
	) -> Weight {
		let weight = T::WeightInfo::pay_voided_reward();
		if Claimed::<T>::contains_key(epoch, device) || Self::expiring_epoch() == Some(epoch) {
			return weight;
		}
		let Some(mut info) = Rewards::<T>::get(epoch) else { return weight };
		let amount = Self::reward_for(work, &info);
		if amount.is_zero() {
			return weight;
		}
		if T::Currency::mint_into(&T::Treasury::get(), amount).is_err() {
			Self::deposit_event(Event::TreasuryPayoutSkipped { epoch, amount });
			return weight;
		}
		Claimed::<T>::insert(epoch, device, amount);
		info.claimed = info.claimed.saturating_add(amount);
		Rewards::<T>::insert(epoch, info);
		Reserved::<T>::mutate(|r| *r = r.saturating_sub(amount));
		Minted::<T>::mutate(epoch, |m| *m = m.saturating_add(amount));
		TotalMinted::<T>::mutate(|m| *m = m.saturating_add(amount));
		Self::deposit_event(Event::VoidedRewardToTreasury { epoch, device: *device, amount });
		weight
	}

	fn max_weight() -> Weight {
		T::WeightInfo::pay_voided_reward()
	}
}
