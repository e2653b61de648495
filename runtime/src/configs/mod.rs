//! Configuration of every pallet in the runtime, one file per concern.
//!
//! - [`system`]: `frame_system`, `pallet_utility` and `pallet_sudo`.
//! - [`consensus`]: time, BABE block production, sessions, authorship and GRANDPA finality;
//!   the largest validator set and the fast-test-chain flag.
//! - [`balances`]: the DPIN token and transaction fees.
//! - [`governance`]: OpenGov (referenda on tracks, conviction voting, scheduler, preimages,
//!   treasury and its account), the tracks of the `EmissionAdmin` and `DeviceAdmin` origins
//!   (the origins themselves are in [`crate::origins`]), the validator set.
//! - [`devices`]: the device registry.
//! - [`work`]: proof of physical work: reward epochs, receipts, beacons, verifier attestations.
//! - [`emissions`]: the emission schedule, epoch rewards, claims and credits.

pub mod balances;
pub mod consensus;
pub mod devices;
pub mod emissions;
pub mod governance;
pub mod system;
pub mod work;
