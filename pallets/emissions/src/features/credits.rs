//! Credits (burn-and-mint): `buy_credits` burns tokens for a consumer's credits, and
//! [`CreditLedger`] lets the work pallet spend them.

use depin_primitives::{CreditLedger, WorkInspect};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::traits::{Saturating, Zero};

use crate::pallet::*;

impl<T: Config> Pallet<T> {
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
