//! Benchmarks of every call at its worst case and of the epoch close (v2 syntax). They also
//! run as unit tests: `cargo test -p pallet-emissions --features runtime-benchmarks`.

use alloc::vec::Vec;
use depin_primitives::{
	ClassParams, DeviceInspect, DeviceWork, EpochTotals, NetworkKind, OnEpochClosed, OnWorkVoided,
	PerKind, ProofKind, PublicKey, WitnessRules, WorkInspect,
};
use frame_benchmarking::v2::*;
use frame_support::ensure;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, One, Zero};

use crate::{pallet::*, *};

/// An account with 10,000 existential deposits: enough for a device bond, small enough to
/// leave room under any supply cap.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, T::Currency::minimum_balance() * 10_000u32.into());
	who
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::EmissionAdmin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// The schedule in force, or a valid one if the runtime starts without.
fn schedule<T: Config>() -> ScheduleOf<T> {
	ActiveSchedule::<T>::get().unwrap_or_else(|| Schedule {
		initial: 1_000_000u32.into(),
		shape: Shape::Halving { every: 1_000 },
		tail: 1_000u32.into(),
		cap: T::MaxSupplyCap::get(),
		split: Split {
			operators: sp_runtime::Perbill::from_percent(70),
			validators: sp_runtime::Perbill::from_percent(20),
			treasury: sp_runtime::Perbill::from_percent(10),
		},
		kinds: KindWeights {
			usage: sp_runtime::Perbill::from_percent(50),
			witnessed: sp_runtime::Perbill::from_percent(30),
			attested: sp_runtime::Perbill::from_percent(20),
		},
		usage_cap_multiplier: 3,
		bond_reward_cap: T::MaxBondRewardCap::get(),
		claim_expiry: T::Work::retention(),
		net: NetEmissions {
			smoothing: T::MaxSmoothing::get(),
			remint_cap: T::MaxRemintCap::get(),
			ratio_window: T::MaxRatioWindow::get(),
		},
		demand_index: Some(DemandIndex {
			target_ppm: T::MaxDemandTarget::get(),
			floor: sp_runtime::Perbill::zero(),
			ceiling: sp_runtime::Perbill::one(),
		}),
	})
}

fn all_kinds() -> EpochTotals<u32> {
	EpochTotals {
		units: PerKind { usage: 1, witnessed: 1, attested: 1 },
		shares: PerKind { usage: 1, witnessed: 1, attested: 1 },
		credits: 1,
		devices: 3,
	}
}

fn totals<T: Config>() -> EpochTotals<BalanceOf<T>> {
	let t = all_kinds();
	EpochTotals { units: t.units, shares: t.shares, credits: One::one(), devices: t.devices }
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_schedule() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = schedule::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.clone());

		assert_eq!(PendingSchedule::<T>::get(), Some(s));
		Ok(())
	}

	/// A claim of `n` epochs of usage work (the capped kind), each with its pool.
	#[benchmark]
	fn claim(n: Linear<1, { T::MaxClaimEpochs::get() }>) -> Result<(), BenchmarkError> {
		// Long enough an expiry for every epoch of the claim to be claimable.
		let mut s = schedule::<T>();
		s.claim_expiry = s.claim_expiry.max(
			T::MaxClaimEpochs::get()
				.saturating_add(T::Work::max_dispute_window())
				.saturating_add(2),
		);
		ActiveSchedule::<T>::put(s);
		let owner = funded::<T>("owner", 0);
		let device = PublicKey::Sr25519([1; 32]);
		// A digital usage class: no location needed (a physical one would require one).
		let class = ClassParams {
			kind: NetworkKind::Digital,
			proof: ProofKind::Usage,
			bond: 1_000u32.into(),
			units_cap: u64::MAX,
			unit_price: One::one(),
			reward_weight: 1,
			location_required: false,
			witness: WitnessRules {
				min_witnesses: 0,
				max_witnesses: 0,
				near_resolution: 0,
				far_resolution: 0,
			},
		};
		T::Devices::register_for_benchmark(device, &owner, class, None)
			.map_err(|_| BenchmarkError::Weightless)?;
		let mut epochs = Vec::new();
		for epoch in 0..n {
			let work = DeviceWork {
				owner: owner.clone(),
				kind: ProofKind::Usage,
				units: 10,
				credits: 1_000_000u32.into(),
				shares: 1,
				bond: Zero::zero(),
				voided: false,
			};
			T::Work::set_final_work(device, epoch, work);
			let _ = Pallet::<T>::on_epoch_closed(epoch, &totals::<T>());
			epochs.push(epoch);
		}
		let epochs: BoundedVec<_, T::MaxClaimEpochs> =
			epochs.try_into().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, epochs);

		assert!(Claimed::<T>::contains_key(0, device));
		Ok(())
	}

	/// A purchase for a consumer that already holds credits.
	#[benchmark]
	fn buy_credits() {
		let buyer: T::AccountId = whitelisted_caller();
		T::Currency::set_balance(&buyer, BalanceOf::<T>::max_value() / 1_000_000u32.into());
		let consumer: T::AccountId = account("consumer", 0, 0);
		let amount = T::MinCreditPurchase::get();
		Credits::<T>::insert(&consumer, amount);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), consumer.clone(), amount);

		assert_eq!(Credits::<T>::get(&consumer), amount + amount);
	}

	/// The close of an epoch with work of every kind and a burn to re-mint, paying `v`
	/// validators and the treasury, enacting a pending schedule, and removing the oldest of
	/// `r` supply records: `r` shows that the close does not depend on the record's length.
	#[benchmark]
	fn close_epoch(
		v: Linear<0, { T::MaxValidators::get() }>,
		r: Linear<1, { T::MaxSupplyRecords::get() }>,
	) {
		// Net emissions on and a demand index: the close re-mints and tapers.
		let mut s = schedule::<T>();
		s.net = NetEmissions {
			smoothing: 1,
			remint_cap: T::MaxRemintCap::get(),
			ratio_window: T::MaxRatioWindow::get(),
		};
		s.demand_index = Some(DemandIndex {
			target_ppm: T::MaxDemandTarget::get(),
			floor: sp_runtime::Perbill::zero(),
			ceiling: sp_runtime::Perbill::one(),
		});
		ActiveSchedule::<T>::put(s.clone());
		PendingSchedule::<T>::put(s);
		let validators = (0..v).map(|i| account("validator", i, 0)).collect();
		T::Validators::set_validators(validators);
		T::Currency::set_balance(&T::Treasury::get(), T::Currency::minimum_balance());
		// The oldest record (the one this close removes) and `r - 1` after it.
		let epoch = T::MaxSupplyRecords::get().saturating_add(7);
		for e in 7..7u32.saturating_add(r) {
			SupplyRecords::<T>::insert(e, SupplyRecord::default());
		}
		let burned: BalanceOf<T> = 1_000_000u32.into();
		Burned::<T>::insert(epoch, burned);
		Demand::<T>::put(DemandState {
			smoothed_burn: burned,
			burned,
			unrepaid: burned,
			reminted: Zero::zero(),
			trailing_unrepaid: burned,
			trailing_issued: burned,
		});

		#[block]
		{
			let _ = Pallet::<T>::on_epoch_closed(epoch, &totals::<T>());
		}

		assert!(Rewards::<T>::contains_key(epoch));
		assert!(!SupplyRecords::<T>::contains_key(7));
		assert!(!Demand::<T>::get().reminted.is_zero());
	}

	/// The treasury paid the reward of work voided after its epoch closed (the path that
	/// mints and writes every record).
	#[benchmark]
	fn pay_voided_reward() -> Result<(), BenchmarkError> {
		let device = PublicKey::Sr25519([1; 32]);
		let work = DeviceWork {
			owner: account("earner", 0, 0),
			kind: ProofKind::Usage,
			units: 10,
			credits: 1_000_000u32.into(),
			shares: 1,
			bond: Zero::zero(),
			voided: false,
		};
		T::Work::set_final_work(device, 0, work.clone());
		let _ = Pallet::<T>::on_epoch_closed(0, &totals::<T>());
		ensure!(Rewards::<T>::contains_key(0), BenchmarkError::Weightless);

		#[block]
		{
			let _ = <Pallet<T> as OnWorkVoided<_, _>>::on_work_voided(0, &device, &work);
		}

		ensure!(Claimed::<T>::contains_key(0, device), "the voided reward was paid");
		Ok(())
	}

	/// `on_idle` expiring an epoch whose rewards `k` devices had claimed.
	#[benchmark]
	fn expire_epoch(k: Linear<0, 1_000>) {
		let mut s = schedule::<T>();
		s.claim_expiry = T::Work::max_dispute_window().saturating_add(1);
		ActiveSchedule::<T>::put(s.clone());
		for i in 0..k {
			let device = PublicKey::Ed25519(sp_io::hashing::blake2_256(&i.to_le_bytes()));
			Claimed::<T>::insert(0, device, BalanceOf::<T>::one());
		}
		Rewards::<T>::insert(0, EpochReward::default());
		ExpiryCursor::<T>::put(0);
		// Moves the work clock past the expiry of epoch 0.
		let work = DeviceWork {
			owner: account("earner", 0, 0),
			kind: ProofKind::Usage,
			units: 1,
			credits: One::one(),
			shares: 1,
			bond: Zero::zero(),
			voided: false,
		};
		T::Work::set_final_work(PublicKey::Sr25519([0; 32]), s.claim_expiry, work);

		#[block]
		{
			Pallet::<T>::expire(Weight::MAX);
		}

		assert_eq!(ExpiryCursor::<T>::get(), 1);
		assert!(!Rewards::<T>::contains_key(0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
