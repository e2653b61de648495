//! Configuration of every pallet in the runtime, one file per concern.
//!
//! - [`system`]: `frame_system`, `pallet_utility` and `pallet_sudo`.
//! - [`consensus`]: time, BABE block production, sessions, authorship and GRANDPA finality.
//! - [`balances`]: the DPIN token and transaction fees.
//! - [`devices`]: the device registry.
//! - [`work`]: proof of physical work: reward epochs, receipts, beacons, attestations.
//! - [`emissions`]: the emission schedule, epoch rewards, claims and credits.

pub mod balances;
pub mod consensus;
pub mod devices;
pub mod emissions;
pub mod system;
pub mod work;
