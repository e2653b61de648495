//! Claim expiry in `on_idle`: the benchmarked budget for claim records, an epoch part-way
//! through expiry, and unclaimed rewards expiring unminted.

use super::*;

/// `on_idle` expiry removes as many claim records as its benchmarked price allows after the
/// fixed part, finishes the epoch only once they are all gone, and never reports more weight
/// than it was given.
#[test]
fn expiry_budgets_claim_records_by_their_benchmarked_price() {
	let base = <TestWeights as crate::WeightInfo>::expire_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::expire_epoch(1).saturating_sub(base);
	let mut ext = genesis(Some(schedule()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Rewards::<Test>::insert(0, EpochReward::default());
		(1..=4).for_each(|n| Claimed::<Test>::insert(0, device(n), 1));
		MockWork::set_epoch(6);
	});
	// Storage-removal limits count keys already in the backend: commit before each block.
	ext.commit_all().expect("the overlay commits");
	for (given, keys_left) in [
		(base.saturating_add(per_key).saturating_sub(Weight::from_parts(1, 0)), 4),
		(base.saturating_add(per_key), 3),
		(base.saturating_add(per_key.saturating_mul(2)), 1),
		(Weight::MAX, 0),
	] {
		ext.execute_with(|| {
			let used = Emissions::on_idle(1, given);
			assert!(used.all_lte(given), "used {used:?} of {given:?}");
			assert_eq!(Claimed::<Test>::iter_prefix(0).count(), keys_left, "{given:?}");
			assert_eq!(Rewards::<Test>::contains_key(0), keys_left > 0, "{given:?}");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| assert_eq!(ExpiryCursor::<Test>::get(), 1));
}

/// Multi-block state: an epoch's claim records are removed over several blocks with a small
/// `on_idle` budget, and governance raises the claim expiry half-way. No reward is claimed
/// twice (a device whose record is gone cannot claim, `ClaimExpired`), none is paid to the
/// treasury as voided, the epoch finishes expiring, and the invariants hold at every block.
#[test]
fn an_epoch_part_way_through_expiry_pays_nothing_whatever_the_expiry() {
	let base = <TestWeights as crate::WeightInfo>::expire_epoch(0);
	let per_key = <TestWeights as crate::WeightInfo>::expire_epoch(1).saturating_sub(base);
	let mut ext = genesis(Some(schedule()));
	ext.execute_with(|| {
		System::set_block_number(1);
		for n in 1..=4 {
			MockWork::set_work(0, device(n), ProofKind::Witnessed, 10, 0);
		}
		close(0, totals(0, 40, 0));
		MockWork::set_epoch(WINDOW + 1);
		for n in 1..=3 {
			assert_ok!(claim(ALICE, device(n), vec![0]));
		}
		// Past the claim expiry (5 epochs): device 4 never claimed.
		MockWork::set_epoch(6);
		Emissions::do_try_state().expect("before");
	});
	ext.commit_all().expect("the overlay commits");
	let one_key = base.saturating_add(per_key);
	// Three claim records: one removed per block, the last one at block 4.
	for block in 2..=3 {
		ext.execute_with(|| {
			System::set_block_number(block);
			Emissions::on_idle(block, one_key);
			assert_eq!(Emissions::expiring_epoch(), Some(0), "block {block}");
			Emissions::do_try_state().expect("invariants hold part-way");
			if block == 2 {
				// Governance lengthens the claim expiry to 10 epochs: epoch 0 would be
				// claimable again, but it is part-way through expiry.
				ActiveSchedule::<Test>::mutate(|s| s.as_mut().unwrap().claim_expiry = 10);
			}
			for n in 1..=4 {
				assert_noop!(claim(ALICE, device(n), vec![0]), Error::<Test>::ClaimExpired);
			}
			let work = MockWork::work_of(&device(4), 0).unwrap();
			let treasury = Balances::balance(&TREASURY);
			let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(4), &work);
			assert_eq!(Balances::balance(&TREASURY), treasury, "nothing paid as voided");
		});
		ext.commit_all().expect("the overlay commits");
	}
	ext.execute_with(|| {
		Emissions::on_idle(4, one_key);
		assert_eq!((Emissions::expiring_epoch(), ExpiryCursor::<Test>::get()), (None, 1));
		assert!(!Rewards::<Test>::contains_key(0));
		assert_eq!(Claimed::<Test>::iter_prefix(0).count(), 0);
		Emissions::do_try_state().expect("after");
	});
}

#[test]
fn unclaimed_rewards_expire_unminted() {
	new_test_ext(|| {
		closed_epoch_zero();
		assert_ok!(claim(ALICE, device(1), vec![0]));
		let issuance = Balances::total_issuance();
		Emissions::on_idle(1, Weight::MAX);
		assert!(Rewards::<Test>::get(0).is_some(), "not expired yet");
		MockWork::set_epoch(6);
		Emissions::on_idle(1, Weight::MAX);
		assert!(Rewards::<Test>::get(0).is_none());
		assert_eq!(Claimed::<Test>::get(0, device(1)), None);
		assert_eq!(Reserved::<Test>::get(), 0);
		assert!(has_event(Event::RewardsExpired { epoch: 0, unclaimed: 5_600 - 3_000 }));
		assert_eq!(Balances::total_issuance(), issuance, "expired rewards are never minted");
		assert_eq!(ExpiryCursor::<Test>::get(), 1);
	});
}
