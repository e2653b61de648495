//! Benchmarks of every call at its worst case (v2 syntax). They also run as unit tests:
//! `cargo test -p pallet-validator-set --features runtime-benchmarks`.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

use crate::{pallet::*, *};

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Fills the set up to `size` validators (keeping the ones already there).
fn fill<T: Config>(size: u32) {
	let mut set: Vec<T::AccountId> = Validators::<T>::get().into_inner();
	let mut i = 0;
	while (set.len() as u32) < size {
		set.push(account("validator", i, 0));
		i += 1;
	}
	set.truncate(size as usize);
	Validators::<T>::put(BoundedVec::truncate_from(set));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Adding the last validator the set has room for.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		fill::<T>(T::MaxValidators::get() - 1);
		let candidate: T::AccountId = account("candidate", 0, 0);
		T::SessionKeys::set_keys(&candidate);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, candidate.clone());

		assert!(Validators::<T>::get().contains(&candidate));
		Ok(())
	}

	/// Removing the last validator of a full set.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		fill::<T>(T::MaxValidators::get());
		let last = Validators::<T>::get().last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert!(!Validators::<T>::get().contains(&last));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
