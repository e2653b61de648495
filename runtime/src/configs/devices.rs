//! The device registry (`pallet_devices`): makers, device classes and bonded hardware-key
//! devices. See `docs/devices.md`.

use frame_support::traits::{ConstU32, ConstU8};

use crate::{Balances, BlockNumber, Runtime, RuntimeHoldReason, DAYS};

/// Blocks between two location changes of one device: a day, so a device cannot hop around
/// to collect witness rewards in many places.
pub const LOCATION_UPDATE_COOLDOWN: BlockNumber = DAYS;

/// Blocks between retiring a device and withdrawing its bond: a week, long enough for
/// disputes about its last work to be raised and slash the bond.
pub const UNBONDING_PERIOD: BlockNumber = 7 * DAYS;

/// The H3 resolutions at which occupancy is counted: 6 (cells of ~36 km², a town) and 8
/// (~0.7 km², a neighbourhood). Devices of physical classes locate at resolution 8 or finer.
pub const OCCUPANCY_RESOLUTIONS: [u8; 2] = [6, 8];

/// Reward epochs per interactivity period: a day of production epochs (an hour each). A
/// device counts in its cells' occupancy while it earned witnessed or attested units in the
/// current or previous period (one to two days), which covers several challenges of an
/// honest device at the production challenge rate of 10%.
pub const INTERACTIVE_PERIOD: u32 = 24;

frame_support::parameter_types! {
	pub const InteractivePeriod: u32 = INTERACTIVE_PERIOD;
	/// The work pallet's current reward epoch.
	pub CurrentEpoch: u32 = pallet_work::CurrentEpoch::<Runtime>::get();
	/// The work pallet's dispute window, in force now.
	pub DisputeWindow: u32 = pallet_work::DisputeWindow::<Runtime>::get();
	pub const LocationUpdateCooldown: BlockNumber = LOCATION_UPDATE_COOLDOWN;
	pub const UnbondingPeriod: BlockNumber = UNBONDING_PERIOD;
	pub OccupancyResolutions: frame_support::BoundedVec<u8, ConstU32<{ pallet_devices::MAX_OCCUPANCY_RESOLUTIONS }>> =
		frame_support::BoundedVec::truncate_from(OCCUPANCY_RESOLUTIONS.to_vec());
}

impl pallet_devices::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Root or a `device_admin` referendum.
	type DeviceAdmin = crate::origins::DeviceAdminOrigin;
	/// Slashed maker bonds go to the treasury.
	type Treasury = crate::configs::governance::TreasuryAccount;
	/// Maker names: up to 64 bytes of UTF-8.
	type MaxNameLen = ConstU32<64>;
	/// Device metadata: a content hash or a short URI.
	type MaxMetadataLen = ConstU32<128>;
	type LocationUpdateCooldown = LocationUpdateCooldown;
	type UnbondingPeriod = UnbondingPeriod;
	/// Resolution 5 (cells of ~250 km²) is the coarsest useful location ...
	type MinH3Resolution = ConstU8<5>;
	/// ... and resolution 12 (~300 m²) the finest: finer adds privacy risk, not precision.
	type MaxH3Resolution = ConstU8<12>;
	type OccupancyResolutions = OccupancyResolutions;
	type CurrentEpoch = CurrentEpoch;
	type InteractivePeriod = InteractivePeriod;
	/// A device whose work may still be disputed keeps its bond and its owner.
	type DisputeWindow = DisputeWindow;
	/// Certificate validity is checked against the block's timestamp.
	type UnixTime = crate::Timestamp;
	type WeightInfo = crate::weights::pallet_devices::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = WorkClock;
}

/// Sets the work pallet's epoch and the block's timestamp for the devices benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct WorkClock;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_devices::BenchmarkHelper for WorkClock {
	fn set_current_epoch(epoch: u32) {
		pallet_work::CurrentEpoch::<Runtime>::put(epoch);
	}

	fn set_unix_time(secs: u64) {
		pallet_timestamp::Now::<Runtime>::put(secs.saturating_mul(1_000));
	}
}
