//! Weights of the emissions pallet's calls and of its epoch close.
//!
//! The runtime uses weights generated from the pallet's benchmarks (`benchmarking.rs`) by
//! `scripts/benchmark.sh`. The `()` implementation below charges nothing and exists for unit
//! tests only.

use frame_support::weights::Weight;

/// Weight functions of the calls and hooks.
pub trait WeightInfo {
	fn set_schedule() -> Weight;
	fn claim(n: u32) -> Weight;
	fn buy_credits() -> Weight;
	/// Closing an epoch that pays `v` validators with `r` supply records stored. It reads and
	/// writes a fixed set of keys whatever the device count and `r`; the measured slope on `r`
	/// (tens of nanoseconds per record) comes from the benchmark's state size, and the runtime
	/// charges `r` at its maximum.
	fn close_epoch(v: u32, r: u32) -> Weight;
	/// `on_idle` expiring an epoch's rewards: removing `k` claim records, then the epoch's
	/// rewards, the reserve and the cursor.
	fn expire_epoch(k: u32) -> Weight;
	/// Paying a voided device's reward of a closed epoch to the treasury.
	fn pay_voided_reward() -> Weight;
}

/// For unit tests only: no weight.
impl WeightInfo for () {
	fn set_schedule() -> Weight {
		Weight::zero()
	}
	fn claim(_: u32) -> Weight {
		Weight::zero()
	}
	fn buy_credits() -> Weight {
		Weight::zero()
	}
	fn close_epoch(_: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn pay_voided_reward() -> Weight {
		Weight::zero()
	}
	fn expire_epoch(_: u32) -> Weight {
		Weight::zero()
	}
}
