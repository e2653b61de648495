//! Weights of the validator-set pallet's calls.
//!
//! The runtime uses weights generated from the pallet's benchmarks (`benchmarking.rs`) by
//! `scripts/benchmark.sh`. The `()` implementation below charges nothing and exists for unit
//! tests only.

use frame_support::weights::Weight;

/// Weight functions of the calls.
pub trait WeightInfo {
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
}

/// For unit tests only: no weight.
impl WeightInfo for () {
	fn add_validator() -> Weight {
		Weight::zero()
	}
	fn remove_validator() -> Weight {
		Weight::zero()
	}
}
