//! A test runtime with balances and the device registry.

use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

use crate as pallet_devices;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Devices: pallet_devices,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const LocationUpdateCooldown: u64 = 10;
	pub const UnbondingPeriod: u64 = 20;
	pub const MinH3Resolution: u8 = 5;
	pub const MaxH3Resolution: u8 = 12;
	pub const TreasuryAccount: u64 = TREASURY;
	/// Occupancy is counted at resolutions 6 and 8.
	pub OccupancyResolutions: frame_support::BoundedVec<u8, ConstU32<4>> =
		frame_support::BoundedVec::truncate_from(vec![6, 8]);
	/// The current reward epoch: tests set it (there is no work pallet here).
	pub static CurrentEpoch: u32 = 0;
	/// Interactivity periods of 4 epochs.
	pub const InteractivePeriod: u32 = 4;
	/// A dispute window of 2 epochs.
	pub const DisputeWindow: u32 = 2;
	/// Wall-clock time in seconds since the Unix epoch: tests set it (certificate validity).
	pub static NowSecs: u64 = 1_800_000_000;
}

/// The mock's wall clock, [`NowSecs`].
pub struct MockTime;

impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(NowSecs::get())
	}
}

impl pallet_devices::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceAdmin = EnsureRoot<u64>;
	type Treasury = TreasuryAccount;
	type MaxNameLen = ConstU32<16>;
	type MaxMetadataLen = ConstU32<32>;
	type LocationUpdateCooldown = LocationUpdateCooldown;
	type UnbondingPeriod = UnbondingPeriod;
	type MinH3Resolution = MinH3Resolution;
	type MaxH3Resolution = MaxH3Resolution;
	type OccupancyResolutions = OccupancyResolutions;
	type CurrentEpoch = CurrentEpoch;
	type InteractivePeriod = InteractivePeriod;
	type DisputeWindow = DisputeWindow;
	type UnixTime = MockTime;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockClock;
}

/// Sets the mock's current epoch for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockClock;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockClock {
	fn set_current_epoch(epoch: u32) {
		CurrentEpoch::set(epoch);
	}
	fn set_unix_time(secs: u64) {
		NowSecs::set(secs);
	}
}

/// Accounts: owners 1 and 2 are rich, 3 is poor, 4 is the dispute beneficiary.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const POOR: u64 = 3;
pub const TREASURY: u64 = 4;

fn genesis() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 10_000), (POOR, 50), (TREASURY, 1)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	storage.into()
}

/// Externalities for the benchmarks: a keystore to sign with, at block 1.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let mut ext = genesis();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Builds test externalities, runs `test` at block 1, then checks the pallet's invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	let mut ext = genesis();
	ext.execute_with(|| {
		System::set_block_number(1);
		test();
		Devices::do_try_state().expect("invariants hold after the test");
	});
}
