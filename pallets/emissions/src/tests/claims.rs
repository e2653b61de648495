//! Claims: owners' shares of the pools, the usage and bond reward caps, the owner at work
//! time, voided rewards paid to the treasury, claims over several epochs, every claim error
//! and rounding.

use super::*;

#[test]
fn owners_claim_their_share_of_the_pool() {
	new_test_ext(|| {
		closed_epoch_zero();
		let before = Balances::balance(&ALICE);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		// The usage pool (3,500) is shared by value: device 1's 1,000 of the 1,100 credits
		// would earn 3,181, above 3 × its 1,000 credits: it gets the cap, 3,000.
		assert_eq!(Balances::balance(&ALICE), before + 3_000);
		assert_eq!(Claimed::<Test>::get(0, device(1)), Some(3_000));
		assert!(has_event(Event::RewardsClaimed {
			device: device(1),
			owner: ALICE,
			epochs: 1,
			amount: 3_000
		}));
		// Device 2: 318 of the pool, capped at 3 × its 100 credits. Its 40 units (40 % of
		// the usage units for 9 % of the value) count for nothing by themselves.
		assert_ok!(claim(ALICE, device(2), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(2)), Some(300));
		// Device 3 has all witnessed units.
		assert_ok!(claim(ALICE, device(3), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(2_100));
		let reward = Rewards::<Test>::get(0).unwrap();
		assert_eq!(reward.claimed, 5_400);
		assert_eq!(Reserved::<Test>::get(), 5_600 - 5_400);
		assert_eq!(Minted::<Test>::get(0), 3_000 + 5_400);
	});
}

#[test]
fn witnessed_and_attested_rewards_never_exceed_the_cap_times_the_bond() {
	let capped = Schedule { bond_reward_cap: Perbill::from_percent(10), ..schedule() };
	with_schedule(Some(capped), || {
		// Device 3 alone earns the witnessed pool (2,100) on a bond of 5,000: capped at 500.
		// Device 4 shares the attested pool (1,400) with nobody, on an uncapped bond.
		MockWork::set_bond(device(3), 5_000);
		MockWork::set_work(0, device(3), ProofKind::Witnessed, 50, 0);
		MockWork::set_work(0, device(4), ProofKind::Attested, 7, 0);
		// Usage is capped by the credits burned, never by the bond.
		MockWork::set_bond(device(1), 1);
		MockWork::set_work(0, device(1), ProofKind::Usage, 10, 1_000);
		close(0, totals(1_000, 50, 7));
		MockWork::set_epoch(WINDOW + 1);
		assert_eq!(Rewards::<Test>::get(0).unwrap().bond_reward_cap, Perbill::from_percent(10));
		assert_eq!(Emissions::pending_reward(&device(3), 0).unwrap().reward, 500);
		assert_ok!(claim(ALICE, device(3), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(500));
		assert_ok!(claim(ALICE, device(4), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(4)), Some(1_400));
		assert_ok!(claim(ALICE, device(1), vec![0]));
		assert_eq!(Claimed::<Test>::get(0, device(1)), Some(3_000), "3 × its credits");
		// What the cap withheld is never minted: it stays reserved until the epoch expires.
		assert_eq!(Reserved::<Test>::get(), 3_500 + 2_100 + 1_400 - 500 - 1_400 - 3_000);
		// The invariants catch a claim above the cap.
		Claimed::<Test>::insert(0, device(3), 501);
		assert_eq!(
			Emissions::do_try_state(),
			Err(sp_runtime::TryRuntimeError::Other("a claim above the bond reward cap"))
		);
		Claimed::<Test>::insert(0, device(3), 500);
		// A schedule that caps at zero would pay no witnessed or attested device: refused.
		assert_noop!(
			Emissions::set_schedule(
				RuntimeOrigin::root(),
				Schedule { bond_reward_cap: Perbill::zero(), ..schedule() }
			),
			Error::<Test>::ZeroBondRewardCap
		);
	});
}

#[test]
fn only_the_owner_at_work_time_claims() {
	new_test_ext(|| {
		closed_epoch_zero();
		// Device 1 changed hands after the work: the buyer cannot take the seller's reward.
		MockDevices::set_owner(device(1), BOB);
		assert_noop!(claim(BOB, device(1), vec![0]), Error::<Test>::NotOwner);
		assert_ok!(claim(ALICE, device(1), vec![0]));
	});
}

#[test]
fn a_voided_reward_of_a_closed_epoch_goes_to_the_treasury() {
	new_test_ext(|| {
		closed_epoch_zero();
		let treasury = Balances::balance(&TREASURY);
		let work = MockWork::work_of(&device(3), 0).unwrap();
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(3), &work);
		// Device 3's whole witnessed pool is minted to the treasury and counted as claimed.
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
		assert_eq!(Claimed::<Test>::get(0, device(3)), Some(2_100));
		assert_eq!(Rewards::<Test>::get(0).unwrap().claimed, 2_100);
		assert_eq!(Reserved::<Test>::get(), 5_600 - 2_100);
		assert!(has_event(Event::VoidedRewardToTreasury {
			epoch: 0,
			device: device(3),
			amount: 2_100
		}));
		// Told again (or after a claim), nothing more moves.
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(3), &work);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		let work = MockWork::work_of(&device(1), 0).unwrap();
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(0, &device(1), &work);
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
		// An epoch without rewards pays nothing.
		let _ = <Emissions as OnWorkVoided<u64, u64>>::on_work_voided(7, &device(2), &work);
		assert_eq!(Balances::balance(&TREASURY), treasury + 2_100);
	});
}

#[test]
fn claims_over_several_epochs_in_one_call() {
	new_test_ext(|| {
		MockDevices::set_owner(device(3), ALICE);
		for epoch in 0..3 {
			MockWork::set_work(epoch, device(3), ProofKind::Witnessed, 5, 0);
			close(epoch, totals(0, 10, 0));
		}
		MockWork::set_epoch(2 + WINDOW + 1);
		let before = Balances::balance(&ALICE);
		assert_ok!(claim(ALICE, device(3), vec![0, 1, 2]));
		// Half of each epoch's 2,100 witnessed pool.
		assert_eq!(Balances::balance(&ALICE), before + 3 * 1_050);
	});
}

#[test]
fn claim_errors_write_nothing() {
	new_test_ext(|| {
		closed_epoch_zero();
		MockWork::set_work(0, device(4), ProofKind::Usage, 1, 1);
		MockDevices::set_owner(device(4), ALICE);
		MockWork::void(0, device(4));
		MockDevices::set_owner(device(5), ALICE);

		// A device without work (registered or not) has no reward.
		assert_noop!(claim(ALICE, device(9), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(BOB, device(1), vec![0]), Error::<Test>::NotOwner);
		assert_noop!(claim(ALICE, device(1), vec![]), Error::<Test>::NoEpochs);
		assert_noop!(claim(ALICE, device(1), vec![0, 1]), Error::<Test>::EpochNotFinal);
		assert_noop!(claim(ALICE, device(4), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(ALICE, device(5), vec![0]), Error::<Test>::NoReward);
		assert_noop!(claim(ALICE, device(1), vec![0, 0]), Error::<Test>::AlreadyClaimed);
		assert_ok!(claim(ALICE, device(1), vec![0]));
		assert_noop!(claim(ALICE, device(1), vec![0]), Error::<Test>::AlreadyClaimed);
		// Too many epochs cannot even be expressed: the bound is part of the call's type.
		assert!(BoundedVec::<EpochIndex, <Test as Config>::MaxClaimEpochs>::try_from(vec![0; 5])
			.is_err());
		// After `claim_expiry` (5) epochs, unclaimed rewards are gone.
		MockWork::set_epoch(6);
		assert_noop!(claim(ALICE, device(2), vec![0]), Error::<Test>::ClaimExpired);
	});
}

#[test]
fn rounding_never_pays_more_than_the_pool() {
	new_test_ext(|| {
		// 7 devices with awkward unit counts share one witnessed pool.
		let units = [1u64, 2, 3, 5, 7, 11, 13];
		let total: u64 = units.iter().sum();
		for (i, u) in units.iter().enumerate() {
			let d = device(10 + i as u8);
			MockWork::set_work(0, d, ProofKind::Witnessed, *u, 0);
			MockDevices::set_owner(d, ALICE);
		}
		close(0, totals(0, total, 0));
		MockWork::set_epoch(WINDOW + 1);
		for i in 0..units.len() {
			assert_ok!(claim(ALICE, device(10 + i as u8), vec![0]));
		}
		let reward = Rewards::<Test>::get(0).unwrap();
		assert!(reward.claimed <= reward.pools.witnessed);
		assert!(
			reward.pools.witnessed - reward.claimed < units.len() as u64,
			"at most a planck each"
		);
	});
}
