//! Weights of the work pallet's calls and of its epoch hook.
//!
//! The runtime uses weights generated from the pallet's benchmarks (`benchmarking.rs`) by
//! `scripts/benchmark.sh`. The `()` implementation below charges nothing and exists for unit
//! tests only.

use frame_support::weights::Weight;

/// Weight functions of the calls and hooks.
pub trait WeightInfo {
	fn submit_usage(n: u32) -> Weight;
	fn submit_beacon(w: u32) -> Weight;
	fn submit_attestations(n: u32) -> Weight;
	fn admit_verifier() -> Weight;
	fn remove_verifier() -> Weight;
	fn open_dispute() -> Weight;
	fn resolve_dispute() -> Weight;
	fn set_epoch_length() -> Weight;
	fn set_challenge_rate() -> Weight;
	fn set_attestation_quorum() -> Weight;
	/// `set_dispute_window`.
	fn set_dispute_window() -> Weight;
	/// Starting a new epoch at a boundary, when the ended epoch had work from `d` devices
	/// (benchmarked to show that `d` does not matter).
	fn epoch_boundary(d: u32) -> Weight;
	/// Closing an epoch with work from `d` devices, excluding what `OnEpochClosed` reports.
	fn close_epoch(d: u32) -> Weight;
}

/// For unit tests only: no weight.
impl WeightInfo for () {
	fn submit_usage(_: u32) -> Weight {
		Weight::zero()
	}
	fn submit_beacon(_: u32) -> Weight {
		Weight::zero()
	}
	fn submit_attestations(_: u32) -> Weight {
		Weight::zero()
	}
	fn admit_verifier() -> Weight {
		Weight::zero()
	}
	fn remove_verifier() -> Weight {
		Weight::zero()
	}
	fn open_dispute() -> Weight {
		Weight::zero()
	}
	fn resolve_dispute() -> Weight {
		Weight::zero()
	}
	fn set_epoch_length() -> Weight {
		Weight::zero()
	}
	fn set_challenge_rate() -> Weight {
		Weight::zero()
	}
	fn set_attestation_quorum() -> Weight {
		Weight::zero()
	}
	fn set_dispute_window() -> Weight {
		Weight::zero()
	}
	fn epoch_boundary(_: u32) -> Weight {
		Weight::zero()
	}
	fn close_epoch(_: u32) -> Weight {
		Weight::zero()
	}
}
