//! The emissions pallet's logic: schedule checks, the O(1) epoch close, claims, expiry,
//! credits, the [`CreditLedger`], [`OnEpochClosed`] and [`OnWorkVoided`] implementations for
//! the work pallet,
//! and the storage invariants.

use depin_primitives::{
	idle::key_budget, CreditLedger, DeviceWork, EpochIndex, EpochTotals, OnEpochClosed,
	OnWorkVoided, ProofKind, PublicKey, ValidatorSet, WorkInspect,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	PerThing, Perbill, Rounding, SaturatedConversion,
};

use crate::{pallet::*, scheduled_emission, EpochReward, PendingReward, Shape, WeightInfo};

fn sums_to_one<'a>(parts: impl IntoIterator<Item = &'a Perbill>) -> bool {
	parts.into_iter().map(|p| u64::from(p.deconstruct())).sum::<u64>()
		== u64::from(Perbill::ACCURACY)
}

impl<T: Config> Pallet<T> {
	/// Checks a schedule against every rule.
	pub fn check_schedule(s: &ScheduleOf<T>) -> DispatchResult {
		ensure!(
			sums_to_one(&[s.split.operators, s.split.validators, s.split.treasury]),
			Error::<T>::InvalidSplit
		);
		ensure!(
			sums_to_one(s.kinds.iter().map(|(_, weight)| weight)),
			Error::<T>::InvalidKindWeights
		);
		ensure!(!matches!(s.shape, Shape::Halving { every: 0 }), Error::<T>::InvalidShape);
		ensure!(s.cap <= T::MaxSupplyCap::get(), Error::<T>::CapTooHigh);
		ensure!(
			s.usage_cap_multiplier <= T::MaxUsageCapMultiplier::get(),
			Error::<T>::UsageCapTooHigh
		);
		ensure!(!s.bond_reward_cap.is_zero(), Error::<T>::ZeroBondRewardCap);
		ensure!(s.bond_reward_cap <= T::MaxBondRewardCap::get(), Error::<T>::BondRewardCapTooHigh);
		ensure!(s.cap >= Self::committed(), Error::<T>::CapBelowIssuance);
		ensure!(s.claim_expiry > T::Work::max_dispute_window(), Error::<T>::ClaimExpiryTooShort);
		ensure!(s.claim_expiry <= T::Work::retention(), Error::<T>::ClaimExpiryTooLong);
		Ok(())
	}

	/// Tokens issued plus rewards set aside: what the supply cap bounds.
	pub fn committed() -> BalanceOf<T> {
		T::Currency::total_issuance().saturating_add(Reserved::<T>::get())
	}

	/// Makes `schedule` the one in force from `epoch` on.
	pub(crate) fn enact(schedule: ScheduleOf<T>, epoch: EpochIndex) {
		ActiveSchedule::<T>::put(schedule.clone());
		ScheduleStart::<T>::put(epoch);
		History::<T>::mutate(|history| {
			// Append, then keep the latest `MaxHistory` entries (the oldest go first).
			let mut entries = core::mem::take(history).into_inner();
			entries.push((epoch, schedule));
			let excess = entries.len().saturating_sub(T::MaxHistory::get() as usize);
			*history = BoundedVec::truncate_from(entries.split_off(excess));
		});
		Self::deposit_event(Event::ScheduleEnacted { epoch });
	}

	/// The emission scheduled for `epoch` by the schedule in force (zero without one), before
	/// clipping at the supply cap.
	pub fn emission_of(epoch: EpochIndex) -> BalanceOf<T> {
		ActiveSchedule::<T>::get().map_or(Zero::zero(), |s| {
			scheduled_emission(&s, epoch.saturating_sub(ScheduleStart::<T>::get()))
		})
	}

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

	/// The epoch `on_idle` is part-way through expiring, if any.
	pub fn expiring_epoch() -> Option<EpochIndex> {
		Expiring::<T>::get().then(ExpiryCursor::<T>::get)
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

	/// The scheduled emissions of the next `epochs` epochs after the current one, by the
	/// schedule in force (a pending change is not included), before cap clipping.
	pub fn projection(epochs: u32) -> alloc::vec::Vec<(EpochIndex, BalanceOf<T>)> {
		let current = T::Work::current_epoch();
		(0..epochs)
			.map(|i| {
				let epoch = current.saturating_add(i);
				(epoch, Self::emission_of(epoch))
			})
			.collect()
	}

	/// Expires the rewards of epochs past the claim expiry, oldest first, within `remaining`
	/// weight: their unclaimed remainder is released from the reserve, never minted. Priced by
	/// the `expire_epoch(k)` benchmark (every read and write counted): its base, then each
	/// removed claim record at its slope; never reports more than `remaining`.
	pub(crate) fn expire(remaining: Weight) -> Weight {
		let base = T::WeightInfo::expire_epoch(0);
		let per_key = T::WeightInfo::expire_epoch(1).saturating_sub(base);
		let Some(budget) = key_budget(remaining, base, per_key) else { return Weight::zero() };
		let Some(schedule) = ActiveSchedule::<T>::get() else { return base.min(remaining) };
		let cursor = ExpiryCursor::<T>::get();
		// An epoch whose expiry began finishes expiring, whatever the claim expiry now.
		if !Expiring::<T>::get()
			&& T::Work::current_epoch() <= cursor.saturating_add(schedule.claim_expiry)
		{
			return base.min(remaining);
		}
		let cleared = Claimed::<T>::clear_prefix(cursor, budget, None);
		Expiring::<T>::put(cleared.maybe_cursor.is_some());
		if cleared.maybe_cursor.is_none() {
			if let Some(reward) = Rewards::<T>::take(cursor) {
				let unclaimed = reward.pool().saturating_sub(reward.claimed);
				Reserved::<T>::mutate(|r| *r = r.saturating_sub(unclaimed));
				Self::deposit_event(Event::RewardsExpired { epoch: cursor, unclaimed });
			}
			ExpiryCursor::<T>::put(cursor.saturating_add(1));
		}
		T::WeightInfo::expire_epoch(cleared.backend).min(remaining)
	}

	pub(crate) fn do_buy_credits(
		buyer: T::AccountId,
		consumer: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(amount >= T::MinCreditPurchase::get(), Error::<T>::BelowMinimumPurchase);
		T::Currency::burn_from(
			&buyer,
			amount,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		let epoch = T::Work::current_epoch();
		Credits::<T>::mutate(&consumer, |c| *c = c.saturating_add(amount));
		CreditsIssued::<T>::mutate(|c| *c = c.saturating_add(amount));
		Burned::<T>::mutate(epoch, |b| *b = b.saturating_add(amount));
		Self::deposit_event(Event::CreditsBought { buyer, consumer, amount, epoch });
		Ok(())
	}

	/// The pallet's invariants:
	///
	/// - total issuance ≤ genesis issuance + Σ minted − Σ burned for credits (other burns,
	///   such as fees, only lower it), and total issuance plus the reserve never exceed the cap;
	/// - for every epoch, Σ claimed ≤ its operators' pool, each device's claim is counted in
	///   it (of the epoch part-way through expiry, the claims not yet removed), and the reserve
	///   equals Σ (pool − claimed) over the epochs not yet expired;
	/// - no claim (nor voided reward paid to the treasury) of witnessed or attested work
	///   exceeds the epoch's bond reward cap times the bond in its work record;
	/// - Σ minted per epoch equals the total minted;
	/// - credits held plus credits spent equal credits issued, which equal the tokens burned
	///   for credits over all epochs; no consumer without credits keeps an entry.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let sum = |values: &mut dyn Iterator<Item = BalanceOf<T>>| {
			values.fold(BalanceOf::<T>::zero(), |s, v| s.saturating_add(v))
		};

		let issued = CreditsIssued::<T>::get();
		ensure!(
			T::Currency::total_issuance()
				<= GenesisIssuance::<T>::get()
					.saturating_add(TotalMinted::<T>::get())
					.saturating_sub(issued),
			"issuance above genesis + minted - burned"
		);
		if let Some(s) = ActiveSchedule::<T>::get() {
			ensure!(Self::committed() <= s.cap.max(GenesisIssuance::<T>::get()), "cap exceeded");
		}

		let mut claimed: BTreeMap<EpochIndex, BalanceOf<T>> = BTreeMap::new();
		for (epoch, device, amount) in Claimed::<T>::iter() {
			let c = claimed.entry(epoch).or_insert_with(Zero::zero);
			*c = c.saturating_add(amount);
			if let (Some(reward), Some(work)) =
				(Rewards::<T>::get(epoch), T::Work::work_of(&device, epoch))
			{
				ensure!(
					work.kind == ProofKind::Usage
						|| amount <= reward.bond_reward_cap.mul_floor(work.bond),
					"a claim above the bond reward cap"
				);
			}
		}
		let mut reserved = BalanceOf::<T>::zero();
		for (epoch, reward) in Rewards::<T>::iter() {
			ensure!(reward.claimed <= reward.pool(), "claimed more than the operators' pool");
			let recorded = claimed.remove(&epoch).unwrap_or_default();
			// An epoch part-way through expiry has lost some of its claim records already.
			ensure!(
				recorded == reward.claimed
					|| (Self::expiring_epoch() == Some(epoch) && recorded <= reward.claimed),
				"claims differ from the epoch's claimed total"
			);
			reserved = reserved.saturating_add(reward.pool().saturating_sub(reward.claimed));
		}
		ensure!(claimed.values().all(|c| c.is_zero()), "claims for epochs without rewards");
		ensure!(
			Self::expiring_epoch().is_none_or(Rewards::<T>::contains_key),
			"an epoch part-way through expiry without its rewards"
		);
		ensure!(reserved == Reserved::<T>::get(), "reserve differs from unclaimed pools");
		ensure!(
			sum(&mut Minted::<T>::iter_values()) == TotalMinted::<T>::get(),
			"minted per epoch differs from the total"
		);

		ensure!(
			Credits::<T>::iter_values().all(|c| !c.is_zero()),
			"a consumer without credits keeps an entry"
		);
		let held = sum(&mut Credits::<T>::iter_values());
		ensure!(
			held.saturating_add(CreditsSpent::<T>::get()) == issued,
			"credits held and spent differ from credits issued"
		);
		ensure!(
			sum(&mut Burned::<T>::iter_values()) == issued,
			"credits issued differ from tokens burned"
		);
		Ok(())
	}
}

impl<T: Config> OnEpochClosed<BalanceOf<T>> for Pallet<T> {
	fn on_epoch_closed(epoch: EpochIndex, totals: &EpochTotals<BalanceOf<T>>) -> Weight {
		Self::close(epoch, totals)
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

impl<T: Config> CreditLedger<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn credits(who: &T::AccountId) -> BalanceOf<T> {
		Credits::<T>::get(who)
	}

	fn debit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		// A consumer's entry lives only while it holds credits: spent to zero, it is removed,
		// so the map holds no more entries than consumers with credits, each of which burned
		// at least `MinCreditPurchase` for them.
		Credits::<T>::try_mutate_exists(who, |c| {
			let left = c
				.unwrap_or_default()
				.checked_sub(&amount)
				.ok_or(Error::<T>::InsufficientCredits)?;
			*c = (!left.is_zero()).then_some(left);
			Ok::<_, DispatchError>(())
		})?;
		CreditsSpent::<T>::mutate(|s| *s = s.saturating_add(amount));
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_credits(who: &T::AccountId, amount: BalanceOf<T>) {
		let old = Credits::<T>::get(who);
		Credits::<T>::insert(who, amount);
		// Keep the books balanced, as if the difference had been bought.
		let bought = amount.saturating_sub(old);
		CreditsIssued::<T>::mutate(|c| *c = c.saturating_add(bought));
		Burned::<T>::mutate(T::Work::current_epoch(), |b| *b = b.saturating_add(bought));
	}
}
