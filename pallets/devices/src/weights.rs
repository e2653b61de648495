//! Weights of the device registry's calls.
//!
//! The runtime uses weights generated from the pallet's benchmarks (`benchmarking.rs`) by
//! `scripts/benchmark.sh`, in `runtime/src/weights/pallet_devices.rs`. The `()` implementation
//! below charges nothing and exists for unit tests only.

use frame_support::weights::Weight;

/// Weight functions of the calls.
pub trait WeightInfo {
	fn register_maker(name_len: u32) -> Weight;
	fn set_maker_quota() -> Weight;
	fn revoke_maker() -> Weight;
	fn create_class() -> Weight;
	fn update_class() -> Weight;
	fn register_device(metadata_len: u32) -> Weight;
	fn set_location() -> Weight;
	fn set_metadata(metadata_len: u32) -> Weight;
	fn transfer_device() -> Weight;
	fn accept_transfer() -> Weight;
	fn retire_device() -> Weight;
	fn withdraw_bond() -> Weight;
	fn suspend_device() -> Weight;
	fn resume_device() -> Weight;
	fn set_occupancy_limits() -> Weight;
	fn bond_maker() -> Weight;
	fn withdraw_maker_bond() -> Weight;
	fn resume_maker() -> Weight;
	fn set_maker_params() -> Weight;
	fn cancel_transfer() -> Weight;
	fn set_maker_root() -> Weight;
	fn register_device_with_chain(metadata_len: u32) -> Weight;
	fn revoke_certificate() -> Weight;
	/// One sr25519 signature check of a 100-byte payload (not a call: for comparison).
	fn verify_sr25519() -> Weight;
	/// One ed25519 signature check of a 100-byte payload (not a call: for comparison).
	fn verify_ed25519() -> Weight;
	/// One P-256 signature check of a 100-byte payload (SHA-256 and ECDSA), which calls add
	/// for each P-256 key whose signature they check.
	fn verify_p256() -> Weight;
	/// Reading and checking a chain of `MAX_CHAIN_LEN` certificates (not a call: for
	/// comparison).
	fn verify_chain() -> Weight;
}

/// For unit tests only: no weight.
impl WeightInfo for () {
	fn register_maker(_: u32) -> Weight {
		Weight::zero()
	}
	fn set_maker_quota() -> Weight {
		Weight::zero()
	}
	fn revoke_maker() -> Weight {
		Weight::zero()
	}
	fn create_class() -> Weight {
		Weight::zero()
	}
	fn update_class() -> Weight {
		Weight::zero()
	}
	fn register_device(_: u32) -> Weight {
		Weight::zero()
	}
	fn set_location() -> Weight {
		Weight::zero()
	}
	fn set_metadata(_: u32) -> Weight {
		Weight::zero()
	}
	fn transfer_device() -> Weight {
		Weight::zero()
	}
	fn accept_transfer() -> Weight {
		Weight::zero()
	}
	fn retire_device() -> Weight {
		Weight::zero()
	}
	fn withdraw_bond() -> Weight {
		Weight::zero()
	}
	fn suspend_device() -> Weight {
		Weight::zero()
	}
	fn resume_device() -> Weight {
		Weight::zero()
	}
	fn set_occupancy_limits() -> Weight {
		Weight::zero()
	}
	fn bond_maker() -> Weight {
		Weight::zero()
	}
	fn withdraw_maker_bond() -> Weight {
		Weight::zero()
	}
	fn resume_maker() -> Weight {
		Weight::zero()
	}
	fn set_maker_params() -> Weight {
		Weight::zero()
	}
	fn cancel_transfer() -> Weight {
		Weight::zero()
	}
	fn set_maker_root() -> Weight {
		Weight::zero()
	}
	fn register_device_with_chain(_: u32) -> Weight {
		Weight::zero()
	}
	fn revoke_certificate() -> Weight {
		Weight::zero()
	}
	fn verify_sr25519() -> Weight {
		Weight::zero()
	}
	fn verify_ed25519() -> Weight {
		Weight::zero()
	}
	fn verify_p256() -> Weight {
		Weight::zero()
	}
	fn verify_chain() -> Weight {
		Weight::zero()
	}
}
