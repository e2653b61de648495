//! The storage invariants of the emissions pallet, checked by `try_state` (try-runtime) and
//! after every unit test.

use depin_primitives::{EpochIndex, ProofKind, WorkInspect};
use frame_support::{
	ensure,
	traits::{fungible::Inspect, Get},
};
use sp_runtime::traits::{Saturating, Zero};

use crate::pallet::*;

impl<T: Config> Pallet<T> {
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
	///   for credits over all epochs; no consumer without credits keeps an entry;
	/// - Σ re-minted ≤ Σ unrepaid burn (usage credits the usage pools could not pay back), and
	///   Σ burned in closed epochs ≤ credits issued (re-mints are minted on claim like the
	///   rest of a pool, so the issuance bound above counts them as minted);
	/// - at most `MaxSupplyRecords` supply records.
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

		let demand = Demand::<T>::get();
		ensure!(demand.reminted <= demand.unrepaid, "re-minted more than the unrepaid burn");
		ensure!(demand.burned <= issued, "closes counted more burns than credits issued");
		ensure!(
			SupplyRecords::<T>::iter_keys().count() <= T::MaxSupplyRecords::get() as usize,
			"more supply records than MaxSupplyRecords"
		);
		Ok(())
	}
}
