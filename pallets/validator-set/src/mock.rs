//! A test runtime with the validator-set pallet; which accounts have session keys is a mock.

use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

use crate as pallet_validator_set;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Accounts with session keys.
	pub static KEYS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Session keys, as far as the pallet sees them.
pub struct Keys;

impl Keys {
	pub fn set(who: u64) {
		KEYS.with(|k| k.borrow_mut().push(who));
	}
}

impl crate::SessionKeysCheck<u64> for Keys {
	fn has_keys(who: &u64) -> bool {
		KEYS.with(|k| k.borrow().contains(who))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_keys(who: &u64) {
		Self::set(*who);
	}
}

/// At least 2 and at most 4 validators.
impl pallet_validator_set::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type SessionKeys = Keys;
	type MinValidators = ConstU32<2>;
	type MaxValidators = ConstU32<4>;
	type WeightInfo = ();
}

fn genesis() -> sp_io::TestExternalities {
	KEYS.with(|k| *k.borrow_mut() = vec![1, 2, 3]);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validator_set::GenesisConfig::<Test> { validators: vec![1, 2, 3] }
		.assimilate_storage(&mut storage)
		.unwrap();
	storage.into()
}

/// Externalities for the benchmarks, at block 1.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let mut ext = genesis();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Builds test externalities with validators 1, 2 and 3, runs `test` at block 1, then checks
/// the pallet's invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	genesis().execute_with(|| {
		System::set_block_number(1);
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}
