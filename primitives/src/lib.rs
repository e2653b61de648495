//! # DePIN primitives
//!
//! The types and rules that more than one crate of the chain needs, defined once: the pallets,
//! the runtime and its API, the node's JSON-RPC and the `depin` client all use these, so a
//! device key prints and parses the same everywhere and a signed payload is built by the same
//! code that verifies it.
//!
//! | module | what |
//! | --- | --- |
//! | [`keys`] | [`PublicKey`] (a device's identity or a maker's certificate key: sr25519, ed25519 or P-256), its one text form, signature checks |
//! | [`kinds`] | [`ProofKind`], [`NetworkKind`] and [`PerKind`], a value per proof kind |
//! | [`work`] | reward epochs, device classes and their witness rules, per-device and per-epoch work |
//! | [`idle`] | budgets of bounded clean-up in `on_idle`, priced by benchmarks |
//! | [`h3`] | H3 cell indices with integer operations only (validation, parents, proximity) |
//! | [`payload`] | the exact bytes that makers, devices, consumers and witnesses sign, with their domain tags |
//! | [`x509`] | maker certificate chains: a bounded DER reader of X.509 certificates and the check of a chain from a device to a maker's root |
//! | [`traits`] | the traits between pallets: [`DeviceInspect`], [`WorkInspect`], [`OnEpochClosed`], [`CreditLedger`], [`ValidatorSet`] |
//!
//! Everything is `no_std` (with the `std` feature for native users) and SCALE-encoded exactly
//! as the pallets store it.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod h3;
pub mod idle;
pub mod keys;
pub mod kinds;
pub mod payload;
pub mod traits;
pub mod work;
pub mod x509;

pub use keys::{KeyParseError, PublicKey, RawSignature};
pub use kinds::{NetworkKind, PerKind, ProofKind};
pub use traits::{
	CreditLedger, DeviceActivity, DeviceInspect, DeviceView, OnEpochClosed, OnWorkVoided,
	SignatureWeights, ValidatorSet, WorkInspect,
};
pub use work::{
	shares_of_credits, shares_of_units, ClassId, ClassParams, DeviceWork, EpochIndex, EpochTotals,
	H3Cell, MakerId, VoucherItem, WitnessRules, SHARE_PARTS,
};
