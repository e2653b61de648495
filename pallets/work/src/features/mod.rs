//! The work pallet's logic, one concern per file (the layout of `pallet-nfts`'s `features/`).
//! The calls in `lib.rs` check the origin and hand off to the `do_*` functions here; the same
//! storage backs [`crate::WorkInspect`], which the emissions pallet reads.
//!
//! - [`epochs`]: the reward-epoch clock (boundaries, grace, close) and which epochs accept
//!   reports;
//! - [`records`]: crediting units to a device's work record and its epoch's totals;
//! - [`usage`], [`beacons`], [`attestations`]: the three proof kinds;
//! - [`verifiers`]: admitting and removing bonded verifiers;
//! - [`disputes`]: opening and resolving disputes, and the penalty of an upheld one;
//! - [`parameters`]: the governed setters (epoch length, challenge rate, quorum, window);
//! - [`pruning`]: the background clean-up in `on_idle`;
//! - [`inspect`]: [`crate::WorkInspect`] for the emissions pallet;
//! - [`invariants`]: the storage invariants checked by `try_state` and after every test.

pub mod attestations;
pub mod beacons;
pub mod disputes;
pub mod epochs;
pub mod inspect;
#[cfg(any(feature = "try-runtime", feature = "std"))]
pub mod invariants;
pub mod parameters;
pub mod pruning;
pub mod records;
pub mod usage;
pub mod verifiers;

/// The position of a batch item as errors report it (batches hold at most 256 items, which
/// `integrity_test` checks; a larger index saturates at 255).
fn item(index: usize) -> u8 {
	u8::try_from(index).unwrap_or(u8::MAX)
}
