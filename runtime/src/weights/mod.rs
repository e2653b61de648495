//! Weights of the DePIN pallets, generated from their benchmarks by `scripts/benchmark.sh`
//! on the reference machine. Do not edit the generated files by hand: rerun the script after
//! changing a pallet's calls or storage.

pub mod pallet_devices;
pub mod pallet_emissions;
pub mod pallet_validator_set;
pub mod pallet_work;
