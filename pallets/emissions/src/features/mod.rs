//! The emissions pallet's logic, one concern per file (the layout of `pallet-nfts`'s
//! `features/`). The calls in `lib.rs` check the origin and hand off to the `do_*` functions
//! here; the same storage backs the traits the work pallet calls.
//!
//! - [`schedule`]: schedule checks, the committed supply, enacting a schedule and the emission
//!   of an epoch;
//! - [`close`]: the O(1) epoch close ([`depin_primitives::OnEpochClosed`]);
//! - [`claims`]: claims, rewards and pending rewards, and the voided reward paid to the
//!   treasury ([`depin_primitives::OnWorkVoided`]);
//! - [`expiry`]: the expiry of unclaimed rewards in `on_idle`;
//! - [`credits`]: buying credits and [`depin_primitives::CreditLedger`] for the work pallet;
//! - [`invariants`]: the storage invariants checked by `try_state` and after every test.

pub mod claims;
pub mod close;
pub mod credits;
pub mod expiry;
#[cfg(any(feature = "try-runtime", feature = "std"))]
pub mod invariants;
pub mod schedule;
