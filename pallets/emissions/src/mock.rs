//! A test runtime with balances and the emissions pallet. The work pallet and the device
//! registry are small in-memory mocks, so tests set epochs, final work and owners directly.

use alloc::collections::btree_map::BTreeMap;
use codec::Encode;
use core::cell::RefCell;
use depin_primitives::{
	ClassParams, DeviceActivity, DeviceInspect, DeviceView, NetworkKind, ProofKind, PublicKey,
	WitnessRules, SHARE_PARTS,
};
use depin_primitives::{DeviceWork, EpochIndex, EpochTotals, WorkInspect};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};

use crate::{
	self as pallet_emissions, KindWeights, NetEmissions, Schedule, Shape, Split, RATIO_ONE,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Emissions: pallet_emissions,
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
	type ExistentialDeposit = ConstU64<5>;
}

/// Final work per (epoch, encoded device key).
type WorkMap = BTreeMap<(EpochIndex, Vec<u8>), DeviceWork<u64, u64>>;

thread_local! {
	/// The mock work pallet's current epoch.
	pub static EPOCH: RefCell<EpochIndex> = const { RefCell::new(0) };
	/// Final work per (epoch, device).
	static WORK: RefCell<WorkMap> = const { RefCell::new(BTreeMap::new()) };
	/// Device bonds (the largest balance if none was set: uncapped).
	static BONDS: RefCell<BTreeMap<Vec<u8>, u64>> = const { RefCell::new(BTreeMap::new()) };
	/// Device owners.
	static OWNERS: RefCell<BTreeMap<Vec<u8>, u64>> = const { RefCell::new(BTreeMap::new()) };
	/// The validator set.
	pub static VALIDATORS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// The mock dispute window, in epochs: epoch `e` is final once the current epoch is above
/// `e + WINDOW`.
pub const WINDOW: EpochIndex = 2;
/// The mock work-record retention, in epochs: the longest claim expiry.
pub const RETENTION: EpochIndex = 10;

/// The work pallet, as far as emissions sees it.
pub struct MockWork;

impl MockWork {
	pub fn set_epoch(epoch: EpochIndex) {
		EPOCH.with(|e| *e.borrow_mut() = epoch);
	}
	pub fn set_work(
		epoch: EpochIndex,
		device: PublicKey,
		kind: ProofKind,
		units: u64,
		credits: u64,
	) {
		// Earned by the device's owner now (Alice if none was set); usage shares are the
		// credits, other kinds' a full share per unit (weight 1, no occupancy scaling).
		let owner = OWNERS.with(|o| o.borrow().get(&device.encode()).copied()).unwrap_or(ALICE);
		let shares = match kind {
			ProofKind::Usage => u128::from(credits),
			_ => u128::from(units) * SHARE_PARTS,
		};
		let bond = BONDS.with(|b| b.borrow().get(&device.encode()).copied()).unwrap_or(u64::MAX);
		let work = DeviceWork { owner, kind, units, credits, shares, bond, voided: false };
		WORK.with(|w| w.borrow_mut().insert((epoch, device.encode()), work));
	}
	/// Sets `device`'s bond for the work recorded after this.
	pub fn set_bond(device: PublicKey, bond: u64) {
		BONDS.with(|b| b.borrow_mut().insert(device.encode(), bond));
	}
	pub fn void(epoch: EpochIndex, device: PublicKey) {
		WORK.with(|w| {
			if let Some(work) = w.borrow_mut().get_mut(&(epoch, device.encode())) {
				work.voided = true;
			}
		});
	}
}

impl WorkInspect<u64, u64> for MockWork {
	fn final_work(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<u64, u64>> {
		if !Self::epoch_final(epoch) {
			return None;
		}
		WORK.with(|w| w.borrow().get(&(epoch, device.encode())).cloned()).filter(|w| !w.voided)
	}
	fn work_of(device: &PublicKey, epoch: EpochIndex) -> Option<DeviceWork<u64, u64>> {
		WORK.with(|w| w.borrow().get(&(epoch, device.encode())).cloned())
	}
	fn epoch_totals(_: EpochIndex) -> EpochTotals<u64> {
		EpochTotals::default()
	}
	fn current_epoch() -> EpochIndex {
		EPOCH.with(|e| *e.borrow())
	}
	fn epoch_final(epoch: EpochIndex) -> bool {
		Self::current_epoch() > epoch + WINDOW
	}
	fn max_dispute_window() -> EpochIndex {
		WINDOW
	}
	fn retention() -> EpochIndex {
		RETENTION
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_final_work(device: PublicKey, epoch: EpochIndex, work: DeviceWork<u64, u64>) {
		WORK.with(|w| w.borrow_mut().insert((epoch, device.encode()), work));
		Self::set_epoch(Self::current_epoch().max(epoch + WINDOW + 1));
	}
}

/// The device registry, as far as emissions sees it: owners only.
pub struct MockDevices;

impl MockDevices {
	pub fn set_owner(device: PublicKey, owner: u64) {
		OWNERS.with(|o| o.borrow_mut().insert(device.encode(), owner));
	}
}

impl DeviceInspect<u64, u64> for MockDevices {
	/// Emissions reads only the owner; the class is a placeholder.
	fn device(device: &PublicKey) -> Option<DeviceView<u64, u64>> {
		let owner = OWNERS.with(|o| o.borrow().get(&device.encode()).copied())?;
		let params = ClassParams {
			kind: NetworkKind::Digital,
			proof: ProofKind::Usage,
			bond: 0,
			units_cap: u64::MAX,
			unit_price: 1,
			reward_weight: 1,
			location_required: false,
			witness: WitnessRules {
				min_witnesses: 0,
				max_witnesses: 0,
				near_resolution: 0,
				far_resolution: 0,
			},
		};
		Some(DeviceView {
			owner,
			class: 0,
			maker: 0,
			params,
			location: None,
			bond: 0,
			active: true,
		})
	}
	fn occupancy_scale(_: &PublicKey, _: &DeviceView<u64, u64>) -> u32 {
		SHARE_PARTS as u32
	}
	fn note_interactive(_: &PublicKey, _: depin_primitives::ClassId, _: depin_primitives::H3Cell) {}
	fn note_work(_: &PublicKey, _: EpochIndex) {}
	fn activity(_: &PublicKey) -> DeviceActivity {
		DeviceActivity::default()
	}
	fn registered_at(_: &PublicKey) -> Option<u64> {
		None
	}
	fn note_beaconed(_: &PublicKey, _: EpochIndex) {}
	fn note_witnessed(_: &PublicKey, _: EpochIndex) {}
	fn slash(_: &PublicKey, _: u64, _: &u64) -> Result<u64, DispatchError> {
		Ok(0)
	}
	fn suspend(_: &PublicKey) -> DispatchResult {
		Ok(())
	}
	fn dispute_opened(_: &PublicKey) {}
	fn dispute_closed(_: &PublicKey) {}
	fn maker_fault(_: &PublicKey) {}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(
		device: PublicKey,
		owner: &u64,
		_: ClassParams<u64>,
		_: Option<depin_primitives::H3Cell>,
	) -> DispatchResult {
		Self::set_owner(device, *owner);
		Ok(())
	}
}

pub struct Validators;
impl crate::ValidatorSet<u64> for Validators {
	fn validators() -> Vec<u64> {
		VALIDATORS.with(|v| v.borrow().clone())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: Vec<u64>) {
		VALIDATORS.with(|v| *v.borrow_mut() = validators);
	}
}

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const TREASURY: u64 = 99;
pub const V1: u64 = 11;
pub const V2: u64 = 12;
pub const V3: u64 = 13;

/// The smallest credit purchase of the mock.
pub const MIN_PURCHASE: u64 = 10;
/// The supply cap limit of the mock.
pub const MAX_CAP: u64 = 10_000_000;

parameter_types! {
	pub const TreasuryAccount: u64 = TREASURY;
}

impl pallet_emissions::Config for Test {
	type Currency = Balances;
	type Work = MockWork;
	type Devices = MockDevices;
	type EmissionAdmin = EnsureRoot<u64>;
	type Treasury = TreasuryAccount;
	type Validators = Validators;
	type MaxValidators = ConstU32<2>;
	type MaxSupplyCap = ConstU64<MAX_CAP>;
	type MaxUsageCapMultiplier = ConstU32<3>;
	type MaxBondRewardCap = MaxBondRewardCap;
	type MaxClaimEpochs = ConstU32<4>;
	type MaxHistory = ConstU32<3>;
	type MaxSmoothing = ConstU32<1_000>;
	type MaxRatioWindow = ConstU32<1_000>;
	type MaxRemintCap = ConstU64<MAX_REMINT_CAP>;
	type MaxDemandTarget = ConstU32<{ 10 * RATIO_ONE as u32 }>;
	type MaxSupplyRecords = ConstU32<4>;
	type MinCreditPurchase = ConstU64<MIN_PURCHASE>;
	type WeightInfo = TestWeights;
}

frame_support::parameter_types! {
	/// The mock's schedules may cap witnessed and attested rewards at up to half the bond.
	pub const MaxBondRewardCap: Perbill = Perbill::from_percent(50);
}

/// The schedule of the tests: 10,000 per epoch halving every 4 epochs, a floor of 100, a cap
/// of 1,000,000; 70 % operators (usage 50 %, witnessed 30 %, attested 20 %), 20 % validators,
/// 10 % treasury; usage rewards at most 3 × credits, witnessed and attested at most half the
/// device's bond (uncapped unless a test sets a bond); claims expire after 5 epochs; no
/// re-mints and no demand index (the demand tests set their own).
pub fn schedule() -> Schedule<u64> {
	Schedule {
		initial: 10_000,
		shape: Shape::Halving { every: 4 },
		tail: 100,
		cap: 1_000_000,
		split: Split {
			operators: Perbill::from_percent(70),
			validators: Perbill::from_percent(20),
			treasury: Perbill::from_percent(10),
		},
		kinds: KindWeights {
			usage: Perbill::from_percent(50),
			witnessed: Perbill::from_percent(30),
			attested: Perbill::from_percent(20),
		},
		usage_cap_multiplier: 3,
		bond_reward_cap: Perbill::from_percent(50),
		claim_expiry: 5,
		net: NetEmissions { smoothing: 1, remint_cap: 0, ratio_window: 1 },
		demand_index: None,
	}
}

/// The highest re-mint per epoch the mock's schedules may set.
pub const MAX_REMINT_CAP: u64 = 50_000;

pub fn genesis(schedule: Option<Schedule<u64>>) -> sp_io::TestExternalities {
	EPOCH.with(|e| *e.borrow_mut() = 0);
	WORK.with(|w| w.borrow_mut().clear());
	OWNERS.with(|o| o.borrow_mut().clear());
	BONDS.with(|b| b.borrow_mut().clear());
	VALIDATORS.with(|v| *v.borrow_mut() = vec![V1, V2, V3]);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000), (BOB, 1_000), (TREASURY, 10)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_emissions::GenesisConfig::<Test> { schedule }.assimilate_storage(&mut storage).unwrap();
	storage.into()
}

/// Externalities for the benchmarks, at block 1.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let mut ext = genesis(Some(schedule()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Builds test externalities with the test schedule, runs `test` at block 1, then checks the
/// pallet's invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	with_schedule(Some(schedule()), test)
}

/// Like [`new_test_ext`] with another genesis schedule.
pub fn with_schedule(schedule: Option<Schedule<u64>>, test: impl FnOnce()) {
	genesis(schedule).execute_with(|| {
		System::set_block_number(1);
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}

/// The unit tests' weights: nothing for the calls and the close, and a real price for the
/// expiry in `on_idle` (a fixed part and a price per removed claim record), so the budget tests
/// see one.
pub struct TestWeights;

impl crate::WeightInfo for TestWeights {
	fn set_schedule() -> Weight {
		Weight::zero()
	}
	fn claim(_: u32) -> Weight {
		Weight::zero()
	}
	fn buy_credits() -> Weight {
		Weight::zero()
	}
	fn close_epoch(_: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn pay_voided_reward() -> Weight {
		Weight::zero()
	}
	fn expire_epoch(k: u32) -> Weight {
		Weight::from_parts(500, 50)
			.saturating_add(Weight::from_parts(200, 20).saturating_mul(k.into()))
	}
}
