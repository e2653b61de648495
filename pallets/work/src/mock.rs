//! A test runtime with balances and the work pallet. The device registry and the credit ledger
//! are small in-memory mocks, so tests set up devices and credits directly.

use alloc::collections::btree_map::BTreeMap;
use codec::Encode;
use core::cell::RefCell;
use depin_primitives::{
	ClassId, ClassParams, DeviceActivity, DeviceInspect, DeviceView, DeviceWork, H3Cell,
	OnWorkVoided, PublicKey, SHARE_PARTS,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, Randomness},
	weights::{RuntimeDbWeight, Weight},
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	traits::IdentityLookup, AccountId32, BuildStorage, DispatchError, DispatchResult,
	MultiSignature, Perbill,
};

use crate::{self as pallet_work, CreditLedger, EpochIndex, EpochTotals, OnEpochClosed};

pub type AccountId = AccountId32;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Work: pallet_work,
	}
);

/// Base weight of an extrinsic in the mock (reference time), part of the settlement charge.
pub const BASE_EXTRINSIC: u64 = 5;
/// The mock block's reference-time limit, which pool priorities divide.
pub const MAX_BLOCK: u64 = 1_000_000;

parameter_types! {
	/// Zero unless a test sets it: most tests price units only.
	pub static MinSettlementRate: u64 = 0;
	/// One unless a test sets it (a live chain's runtime sets three).
	pub static MinQuorum: u32 = 1;
	pub TestBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::builder()
			.base_block(Weight::zero())
			.for_class(frame_support::dispatch::DispatchClass::all(), |w| {
				w.base_extrinsic = Weight::from_parts(BASE_EXTRINSIC, 0);
				w.max_total = Some(Weight::from_parts(MAX_BLOCK, u64::MAX));
			})
			.avg_block_initialization(sp_runtime::Perbill::zero())
			.build_or_panic();
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = TestDbWeight;
	type BlockWeights = TestBlockWeights;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// A registered mock device.
#[derive(Clone, Debug)]
pub struct MockDevice {
	/// Witnesses must have another owner than the beaconer.
	pub owner: AccountId,
	/// Decides the proof kind, the units cap, the unit price and the witness rules.
	pub class: ClassParams<u64>,
	/// Witnesses need one in the class's proximity band; `None` is never in any band.
	pub location: Option<H3Cell>,
	/// Only active devices earn units; suspension (an upheld dispute) clears it.
	pub active: bool,
	/// What is left of the device's bond; slashes take from it.
	pub bond: u64,
}

/// Work of a closed epoch voided by an upheld dispute: (epoch, device, the work before).
pub type VoidedWork = (EpochIndex, PublicKey, DeviceWork<AccountId, u64>);

thread_local! {
	static DEVICES: RefCell<BTreeMap<Vec<u8>, MockDevice>> = const { RefCell::new(BTreeMap::new()) };
	static CREDITS: RefCell<BTreeMap<AccountId, u64>> = const { RefCell::new(BTreeMap::new()) };
	/// Slashes made through the registry: (device, amount, beneficiary).
	pub static SLASHES: RefCell<Vec<(PublicKey, u64, AccountId)>> = const { RefCell::new(Vec::new()) };
	/// Epochs reported to `OnEpochClosed`.
	pub static CLOSED: RefCell<Vec<(EpochIndex, EpochTotals<u64>)>> = const { RefCell::new(Vec::new()) };
	/// Open disputes per device, as reported to the registry.
	pub static DISPUTE_LOCKS: RefCell<BTreeMap<Vec<u8>, u32>> = const { RefCell::new(BTreeMap::new()) };
	/// Mixed into the mock randomness, so tests can draw different challenge seeds.
	pub static ENTROPY: RefCell<u64> = const { RefCell::new(0) };
	/// The last epoch each device was credited work in, as reported to the registry.
	pub static LAST_WORK: RefCell<BTreeMap<Vec<u8>, EpochIndex>> = const { RefCell::new(BTreeMap::new()) };
	/// Devices whose makers answered for an upheld dispute.
	pub static MAKER_FAULTS: RefCell<Vec<PublicKey>> = const { RefCell::new(Vec::new()) };
	/// Occupancy scales (parts per billion) per location, set by tests; full where unset.
	pub static SCALES: RefCell<BTreeMap<H3Cell, u32>> = const { RefCell::new(BTreeMap::new()) };
	/// Beacon and witness activity, as the registry records it.
	pub static INTERACTIVE: RefCell<Vec<PublicKey>> = const { RefCell::new(Vec::new()) };
	pub static ACTIVITY: RefCell<BTreeMap<Vec<u8>, DeviceActivity>> = const { RefCell::new(BTreeMap::new()) };
	/// Work of closed epochs voided by upheld disputes, as `OnWorkVoided` heard it.
	pub static VOIDED: RefCell<Vec<VoidedWork>> = const { RefCell::new(Vec::new()) };
	/// Registration blocks set by tests (devices without one count as genesis devices).
	pub static REGISTERED: RefCell<BTreeMap<Vec<u8>, u64>> = const { RefCell::new(BTreeMap::new()) };
}

/// The mock device registry.
pub struct Registry;

impl Registry {
	/// How many disputes of `device` are open, as reported to the registry.
	pub fn dispute_locks(device: &PublicKey) -> u32 {
		DISPUTE_LOCKS.with(|m| m.borrow().get(&device.encode()).copied().unwrap_or_default())
	}
	pub fn add(device: PublicKey, d: MockDevice) {
		DEVICES.with(|m| m.borrow_mut().insert(device.encode(), d));
	}
	/// Removes `device`, as if it had left the registry (the real one forbids this while a
	/// dispute is open; the mock lets tests check how the pallet copes anyway).
	pub fn remove(device: &PublicKey) {
		DEVICES.with(|m| m.borrow_mut().remove(&device.encode()));
	}
	pub fn get(device: &PublicKey) -> Option<MockDevice> {
		DEVICES.with(|m| m.borrow().get(&device.encode()).cloned())
	}
	/// Sets the occupancy scale of devices at `location`, in parts per billion.
	pub fn set_scale(location: H3Cell, scale: u32) {
		SCALES.with(|m| m.borrow_mut().insert(location, scale));
	}
	/// Records that `device` registered at block `at`.
	pub fn set_registered_at(device: &PublicKey, at: u64) {
		REGISTERED.with(|m| m.borrow_mut().insert(device.encode(), at));
	}
	/// Sets `device`'s beacon and witness activity.
	pub fn set_activity(device: &PublicKey, activity: DeviceActivity) {
		ACTIVITY.with(|m| m.borrow_mut().insert(device.encode(), activity));
	}
	pub fn set_active(device: &PublicKey, active: bool) {
		DEVICES.with(|m| {
			if let Some(d) = m.borrow_mut().get_mut(&device.encode()) {
				d.active = active;
			}
		});
	}
}

impl DeviceInspect<AccountId, u64> for Registry {
	fn device(device: &PublicKey) -> Option<DeviceView<AccountId, u64>> {
		Self::get(device).map(|d| DeviceView {
			owner: d.owner,
			class: 0,
			maker: 0,
			params: d.class,
			location: d.location,
			bond: d.bond,
			active: d.active,
		})
	}
	/// The scale a test set for the device's location, full otherwise.
	fn occupancy_scale(_: &PublicKey, device: &DeviceView<AccountId, u64>) -> u32 {
		device
			.location
			.and_then(|cell| SCALES.with(|m| m.borrow().get(&cell).copied()))
			.unwrap_or(SHARE_PARTS as u32)
	}
	/// Records the devices counted as interactive, in order.
	/// Keeps the latest epoch, as the registry does.
	fn note_work(device: &PublicKey, epoch: EpochIndex) {
		LAST_WORK.with(|w| {
			let mut w = w.borrow_mut();
			let last = w.entry(device.encode()).or_insert(epoch);
			*last = (*last).max(epoch);
		});
	}
	fn note_interactive(device: &PublicKey, _: ClassId, _: H3Cell) {
		INTERACTIVE.with(|v| v.borrow_mut().push(*device));
	}
	fn activity(device: &PublicKey) -> DeviceActivity {
		ACTIVITY.with(|m| m.borrow().get(&device.encode()).copied().unwrap_or_default())
	}
	fn registered_at(device: &PublicKey) -> Option<u64> {
		REGISTERED.with(|m| m.borrow().get(&device.encode()).copied())
	}
	fn note_beaconed(device: &PublicKey, epoch: EpochIndex) {
		if Self::get(device).is_some() {
			ACTIVITY.with(|m| {
				m.borrow_mut().entry(device.encode()).or_default().last_beaconed = Some(epoch)
			});
		}
	}
	fn note_witnessed(device: &PublicKey, epoch: EpochIndex) {
		if Self::get(device).is_some() {
			ACTIVITY.with(|m| {
				m.borrow_mut().entry(device.encode()).or_default().last_witnessed = Some(epoch)
			});
		}
	}
	fn slash(
		device: &PublicKey,
		amount: u64,
		beneficiary: &AccountId,
	) -> Result<u64, DispatchError> {
		DEVICES.with(|m| {
			let mut m = m.borrow_mut();
			let d = m.get_mut(&device.encode()).ok_or(DispatchError::Other("unknown device"))?;
			let amount = amount.min(d.bond);
			d.bond -= amount;
			SLASHES.with(|s| s.borrow_mut().push((*device, amount, beneficiary.clone())));
			Ok(amount)
		})
	}
	/// Like the real registry: an unknown device cannot be suspended.
	fn suspend(device: &PublicKey) -> DispatchResult {
		Self::get(device).ok_or(DispatchError::Other("unknown device"))?;
		Self::set_active(device, false);
		Ok(())
	}
	fn maker_fault(device: &PublicKey) {
		MAKER_FAULTS.with(|m| m.borrow_mut().push(*device));
	}
	fn dispute_opened(device: &PublicKey) {
		DISPUTE_LOCKS.with(|m| *m.borrow_mut().entry(device.encode()).or_default() += 1);
	}
	fn dispute_closed(device: &PublicKey) {
		DISPUTE_LOCKS.with(|m| {
			let mut m = m.borrow_mut();
			if let Some(n) = m.get_mut(&device.encode()) {
				*n -= 1;
				if *n == 0 {
					m.remove(&device.encode());
				}
			}
		});
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(
		device: PublicKey,
		owner: &AccountId,
		class: ClassParams<u64>,
		location: Option<H3Cell>,
	) -> DispatchResult {
		let bond = class.bond;
		Self::add(device, MockDevice { owner: owner.clone(), class, location, active: true, bond });
		Ok(())
	}
}

/// The mock credit ledger.
pub struct Credits;

impl Credits {
	pub fn set(who: &AccountId, amount: u64) {
		CREDITS.with(|c| c.borrow_mut().insert(who.clone(), amount));
	}
}

impl CreditLedger<AccountId, u64> for Credits {
	fn credits(who: &AccountId) -> u64 {
		CREDITS.with(|c| c.borrow().get(who).copied().unwrap_or(0))
	}
	fn debit(who: &AccountId, amount: u64) -> DispatchResult {
		let have = Self::credits(who);
		let left = have.checked_sub(amount).ok_or(DispatchError::Other("no credits"))?;
		Self::set(who, left);
		Ok(())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_credits(who: &AccountId, amount: u64) {
		Self::set(who, amount);
	}
}

/// Records closed epochs.
pub struct RecordClosed;

impl OnEpochClosed<u64> for RecordClosed {
	fn on_epoch_closed(
		epoch: EpochIndex,
		totals: &EpochTotals<u64>,
	) -> frame_support::weights::Weight {
		CLOSED.with(|c| c.borrow_mut().push((epoch, totals.clone())));
		frame_support::weights::Weight::zero()
	}
}

/// Records voided work of closed epochs.
pub struct RecordVoided;

impl OnWorkVoided<AccountId, u64> for RecordVoided {
	fn on_work_voided(
		epoch: EpochIndex,
		device: &PublicKey,
		work: &DeviceWork<AccountId, u64>,
	) -> Weight {
		VOIDED.with(|v| v.borrow_mut().push((epoch, *device, work.clone())));
		Weight::zero()
	}
	fn max_weight() -> Weight {
		Weight::zero()
	}
}

/// Deterministic randomness: a hash of the subject and [`ENTROPY`].
pub struct TestRandomness;

impl Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let entropy = ENTROPY.with(|e| *e.borrow());
		(H256(sp_io::hashing::blake2_256(&(subject, entropy).encode())), System::block_number())
	}
}

parameter_types! {
	/// Reads as dear as writes, so that a budget counting writes alone would show.
	pub const TestDbWeight: RuntimeDbWeight = RuntimeDbWeight { read: 100, write: 100 };
	pub TreasuryAccount: AccountId = account("//Treasury");
	pub const DisputeSlash: Perbill = Perbill::from_percent(50);
	pub const DisputerShare: Perbill = Perbill::from_percent(20);
	/// 5 % of a device's bond: the test classes' 1,000 make the floor, `DISPUTE_BOND`.
	pub const DisputeBondShare: Perbill = Perbill::from_percent(5);
	pub const VerifierSlash: Perbill = Perbill::from_percent(10);
}

/// Epoch length at genesis, submission grace and dispute window of the mock.
/// Most vouchers per settlement batch.
pub const MAX_VOUCHERS: u32 = 16;
pub const EPOCH: u64 = 10;
pub const GRACE: u64 = 2;
pub const WINDOW: u32 = 2;
pub const RETENTION: u32 = 7;
pub const VERIFIER_BOND: u64 = 100;
pub const DISPUTE_BOND: u64 = 50;
/// Epochs a dispute waits for a verdict in the tests.
pub const DISPUTE_TIMEOUT: u32 = 2;
pub const MAX_WITNESSES: u32 = 8;
/// Longest reciprocity window of the mock.
pub const MAX_RECIPROCITY: u32 = 6;

impl pallet_work::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = Registry;
	type Credits = Credits;
	type Signature = MultiSignature;
	type Randomness = TestRandomness;
	type OnEpochClosed = RecordClosed;
	type OnWorkVoided = RecordVoided;
	type MaxReciprocityWindow = ConstU32<MAX_RECIPROCITY>;
	type DeviceAdmin = EnsureRoot<AccountId>;
	type EmissionAdmin = EnsureRoot<AccountId>;
	type DisputeAdmin = EnsureRoot<AccountId>;
	type Treasury = TreasuryAccount;
	type MaxVouchers = ConstU32<MAX_VOUCHERS>;
	type MinSettlementRate = MinSettlementRate;
	type MaxWitnesses = ConstU32<MAX_WITNESSES>;
	type MaxAttestations = ConstU32<16>;
	type MaxQuorum = ConstU32<5>;
	type MinQuorum = MinQuorum;
	type AssignmentLookahead = ConstU64<20>;
	type VerifierSlash = VerifierSlash;
	type MinEpochLength = ConstU64<5>;
	type MaxEpochLength = ConstU64<1_000>;
	type SubmissionGrace = ConstU64<GRACE>;
	type MaxDisputeWindow = ConstU32<{ WINDOW + 1 }>;
	type WorkRetention = ConstU32<RETENTION>;
	type VerifierBond = ConstU64<VERIFIER_BOND>;
	type DisputeBond = ConstU64<DISPUTE_BOND>;
	type DisputeBondShare = DisputeBondShare;
	type MaxDisputesPerWork = ConstU32<3>;
	type MaxDisputeTimeout = ConstU32<{ DISPUTE_TIMEOUT + 1 }>;
	/// One epoch at the genesis length: a timeout of one epoch is allowed at genesis, but not
	/// once the epochs are made shorter.
	type MinDisputeVerdictTime = ConstU64<EPOCH>;
	type DisputeSlash = DisputeSlash;
	type DisputerShare = DisputerShare;
	type WeightInfo = TestWeights;
	type SignatureWeights = TestSignatureWeights;
}

/// The unit tests' weights: nothing for the calls, and for the clean-up the cost the old
/// hand-written budget charged at [`TestDbWeight`] (a fixed four reads and two writes, one
/// read and one write per removed key), so the budget tests see a real price.
pub struct TestWeights;

impl TestWeights {
	fn prune(k: u32) -> Weight {
		TestDbWeight::get()
			.reads_writes(4, 2)
			.saturating_add(TestDbWeight::get().reads_writes(1, 1).saturating_mul(k.into()))
	}
}

/// A P-256 check weighs 100 in the tests (nonzero, so that they see it charged).
pub struct TestSignatureWeights;

impl depin_primitives::SignatureWeights for TestSignatureWeights {
	fn verify_p256() -> Weight {
		Weight::from_parts(100, 0)
	}
}

impl crate::WeightInfo for TestWeights {
	/// Nonzero, so that tests see the settlement charge: a whole batch of n weighs 30 + 3n.
	fn settle_usage(n: u32) -> Weight {
		Weight::from_parts(30 + 3 * u64::from(n), 0)
	}
	/// 20 + 2n of those 30 + 3n.
	fn authorize_settle_usage(n: u32) -> Weight {
		Weight::from_parts(20 + 2 * u64::from(n), 0)
	}
	fn submit_beacon(w: u32) -> Weight {
		<() as crate::WeightInfo>::submit_beacon(w)
	}
	fn authorize_submit_beacon(w: u32) -> Weight {
		<() as crate::WeightInfo>::authorize_submit_beacon(w)
	}
	fn submit_attestations(n: u32) -> Weight {
		<() as crate::WeightInfo>::submit_attestations(n)
	}
	fn admit_verifier() -> Weight {
		Weight::zero()
	}
	fn remove_verifier() -> Weight {
		Weight::zero()
	}
	fn open_dispute() -> Weight {
		Weight::zero()
	}
	fn resolve_dispute() -> Weight {
		Weight::zero()
	}
	fn resolve_dispute_blaming_verifiers() -> Weight {
		<() as crate::WeightInfo>::resolve_dispute_blaming_verifiers()
	}
	fn set_epoch_length() -> Weight {
		Weight::zero()
	}
	fn set_challenge_rate() -> Weight {
		Weight::zero()
	}
	fn set_attestation_quorum() -> Weight {
		Weight::zero()
	}
	fn set_dispute_window() -> Weight {
		Weight::zero()
	}
	fn set_dispute_timeout() -> Weight {
		Weight::zero()
	}
	/// Nonzero, so that `on_idle` tests can budget a number of disputes.
	fn expire_dispute() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn set_reciprocity_window() -> Weight {
		Weight::zero()
	}
	fn apply_verifier() -> Weight {
		Weight::zero()
	}
	fn withdraw_application() -> Weight {
		Weight::zero()
	}
	fn set_attestation_tolerance() -> Weight {
		Weight::zero()
	}
	fn set_settlement_rate() -> Weight {
		Weight::zero()
	}
	fn epoch_boundary(_: u32) -> Weight {
		Weight::zero()
	}
	fn close_epoch(_: u32) -> Weight {
		Weight::zero()
	}
	fn clock_tick() -> Weight {
		Weight::zero()
	}
	fn prune_closed_epoch(k: u32) -> Weight {
		Self::prune(k)
	}
	fn prune_expired_records(k: u32) -> Weight {
		Self::prune(k)
	}
}

/// The sr25519 key pair of a secret URI.
pub fn pair(uri: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(uri, None).expect("valid URI")
}

/// The account of a secret URI.
pub fn account(uri: &str) -> AccountId {
	pair(uri).public().into()
}

/// Well-funded accounts of the tests.
pub fn alice() -> AccountId {
	account("//Alice")
}
pub fn bob() -> AccountId {
	account("//Bob")
}
pub fn charlie() -> AccountId {
	account("//Charlie")
}
/// A consumer with credits.
pub fn consumer() -> AccountId {
	account("//Consumer")
}
/// An account too poor for any bond.
pub fn poor() -> AccountId {
	account("//Poor")
}

fn genesis() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(AccountId, u64)> = ["//Alice", "//Bob", "//Charlie", "//Consumer"]
		.iter()
		.map(|uri| (account(uri), 10_000))
		.chain((1..=8).map(|n| (account(&format!("//V{n}")), 10_000)))
		.collect();
	balances.push((poor(), 10));
	balances.push((TreasuryAccount::get(), 1));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	work_genesis().assimilate_storage(&mut storage).unwrap();
	storage.into()
}

/// The work pallet's genesis configuration of every test.
pub fn work_genesis() -> pallet_work::GenesisConfig<Test> {
	pallet_work::GenesisConfig::<Test> {
		epoch_length: EPOCH,
		challenge_rate: Perbill::one(),
		attestation_quorum: 3,
		dispute_window: WINDOW,
		// Tests that price the settlement charge set a rate.
		settlement_rate: 0,
		reciprocity_window: 0,
		attestation_tolerance: Perbill::from_percent(10),
		dispute_timeout: DISPUTE_TIMEOUT,
	}
}

fn reset_mocks() {
	DEVICES.with(|m| m.borrow_mut().clear());
	CREDITS.with(|c| c.borrow_mut().clear());
	SLASHES.with(|s| s.borrow_mut().clear());
	CLOSED.with(|c| c.borrow_mut().clear());
	SCALES.with(|c| c.borrow_mut().clear());
	ACTIVITY.with(|c| c.borrow_mut().clear());
	VOIDED.with(|c| c.borrow_mut().clear());
	REGISTERED.with(|c| c.borrow_mut().clear());
	MAKER_FAULTS.with(|c| c.borrow_mut().clear());
	LAST_WORK.with(|c| c.borrow_mut().clear());
	ENTROPY.with(|e| *e.borrow_mut() = 0);
	MinSettlementRate::set(0);
	MinQuorum::set(1);
}

/// Externalities for the benchmarks: a keystore to sign with, at block 1.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	reset_mocks();
	let mut ext = genesis();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Builds test externalities, runs `test` at block 1, then checks the pallet's invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	reset_mocks();
	genesis().execute_with(|| {
		System::set_block_number(1);
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}

/// Externalities after `setup` ran at block 1 and its writes were committed to the backend,
/// as at the end of a block. Storage removals with a limit (`clear_prefix`) count only the
/// keys they remove from the backend, so tests of removal budgets run on committed storage
/// (committing again between steps) and check the invariants themselves.
pub fn new_committed_ext(setup: impl FnOnce()) -> sp_io::TestExternalities {
	reset_mocks();
	let mut ext = genesis();
	ext.execute_with(|| {
		System::set_block_number(1);
		setup();
	});
	ext.commit_all().expect("the overlay commits");
	ext
}

/// Runs blocks up to `n`, calling the pallet's `on_initialize` at each.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Work::on_initialize(next);
	}
}
