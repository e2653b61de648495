//! Weights of the work pallet's calls and of its epoch hook.
//!
//! The runtime uses weights generated from the pallet's benchmarks (`benchmarking.rs`) by
//! `scripts/benchmark.sh`. The `()` implementation below charges nothing and exists for unit
//! tests only.

use frame_support::weights::Weight;

/// Weight functions of the calls and hooks.
pub trait WeightInfo {
	/// A whole settlement of `n` vouchers as a block applies it: its authorization, then its
	/// dispatch (which finds what the authorization read in the overlay). The call declares
	/// this minus [`WeightInfo::authorize_settle_usage`], which `AuthorizeCall` charges.
	fn settle_usage(n: u32) -> Weight;
	/// Authorizing a batch of `n` vouchers: `n + 1` signature checks and the state checks.
	fn authorize_settle_usage(n: u32) -> Weight;
	/// A whole beacon submission adding `w` witnesses as a block applies it: its
	/// authorization, then its dispatch. The call declares this minus
	/// [`WeightInfo::authorize_submit_beacon`].
	fn submit_beacon(w: u32) -> Weight;
	/// Authorizing a beacon submission adding `w` witnesses: `w` signature checks and the
	/// state checks.
	fn authorize_submit_beacon(w: u32) -> Weight;
	fn submit_attestations(n: u32) -> Weight;
	fn admit_verifier() -> Weight;
	fn remove_verifier() -> Weight;
	fn open_dispute() -> Weight;
	fn resolve_dispute() -> Weight;
	/// `resolve_dispute` with `UpheldVerifiersAtFault`: each of `MaxQuorum` attesters'
	/// slashes split between the disputer and the treasury.
	fn resolve_dispute_blaming_verifiers() -> Weight;
	fn set_epoch_length() -> Weight;
	fn set_challenge_rate() -> Weight;
	fn set_attestation_quorum() -> Weight;
	fn set_dispute_window() -> Weight;
	fn set_dispute_timeout() -> Weight;
	fn expire_dispute() -> Weight;
	fn set_settlement_rate() -> Weight;
	fn set_reciprocity_window() -> Weight;
	fn apply_verifier() -> Weight;
	fn withdraw_application() -> Weight;
	fn set_attestation_tolerance() -> Weight;
	/// Starting a new epoch at a boundary, when the ended epoch had work from `d` devices
	/// (benchmarked to show that `d` does not matter).
	fn epoch_boundary(d: u32) -> Weight;
	/// Closing an epoch with work from `d` devices, excluding what `OnEpochClosed` reports.
	fn close_epoch(d: u32) -> Weight;
	/// The epoch clock in a block that neither starts nor closes an epoch (most blocks).
	fn clock_tick() -> Weight;
	/// `on_idle` removing `k` beacon, verifier-attestation and verifier-usage records of a
	/// closed epoch, with its cursor reads and writes.
	fn prune_closed_epoch(k: u32) -> Weight;
	/// `on_idle` removing `k` work records of an epoch past retention, then its totals.
	fn prune_expired_records(k: u32) -> Weight;
}

/// For unit tests only: no weight.
impl WeightInfo for () {
	fn settle_usage(_: u32) -> Weight {
		Weight::zero()
	}
	fn authorize_settle_usage(_: u32) -> Weight {
		Weight::zero()
	}
	fn submit_beacon(_: u32) -> Weight {
		Weight::zero()
	}
	fn authorize_submit_beacon(_: u32) -> Weight {
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
	fn resolve_dispute_blaming_verifiers() -> Weight {
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
	fn set_dispute_timeout() -> Weight {
		Weight::zero()
	}
	fn expire_dispute() -> Weight {
		Weight::zero()
	}
	fn set_settlement_rate() -> Weight {
		Weight::zero()
	}
	fn set_reciprocity_window() -> Weight {
		Weight::zero()
	}
	fn apply_verifier() -> Weight {
		Weight::zero()
	}
	fn withdraw_application() -> Weight {
		Weight::zero()
	}
	fn set_attestation_tolerance() -> Weight {
		Weight::zero()
	}
	fn epoch_boundary(_: u32) -> Weight {
		Weight::zero()
	}
	fn close_epoch(_: u32) -> Weight {
		Weight::zero()
	}
	fn clock_tick() -> Weight {
		Weight::zero()
	}
	fn prune_closed_epoch(_: u32) -> Weight {
		Weight::zero()
	}
	fn prune_expired_records(_: u32) -> Weight {
		Weight::zero()
	}
}
