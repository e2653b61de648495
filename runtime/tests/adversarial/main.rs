//! An adversarial catalogue on the real runtime, executed natively: each test is named after an
//! attack on the protocol and shows what the chain does about it.
//!
//! - Attacks that the pallets refuse are dispatched with `assert_noop!`, which checks the exact
//!   error and that the storage root did not change (nothing was written).
//! - Settlements and beacons are authorized general transactions: they are sent through
//!   `Executive::apply_extrinsic` as such, and a refused one is checked with `assert_refused`:
//!   the pool and a block refuse it with the work pallet error's code
//!   (`InvalidTransaction::Custom`), so it cannot be included, and nothing is written.
//! - Attacks that are a matter of economics assert the attacker's cost or gain, with the figures
//!   computed by hand in the comments.
//! - Where the protocol does not defend an attack, the test pins down what actually happens under
//!   a `KNOWN LIMIT:` comment, so that a later defence shows up as a test to update.
//!
//! Figures are those of the development preset: 10-block reward epochs, a 5-block submission
//! grace, a dispute window of 2 epochs, an attestation quorum of 1, every hotspot challenged in
//! every epoch, and the default schedule: 7,134 DPIN per epoch, 70 % of it to device operators
//! (usage 40 %, witnessed 40 %, attested 20 % of that), 20 % to the validators (Alice alone) and
//! 10 % to the treasury.
//!
//! One module per attack family; the figures, H3 cells, epoch clock and call builders they share
//! are in `helpers`.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod batches;
mod credits;
mod disputes;
mod front_running;
mod general_transactions;
mod governance;
mod malformed;
mod registrations;
mod replays;
mod self_dealing;
mod supply;
mod sybil;
mod verifiers;
mod vouchers;
mod witnesses;
