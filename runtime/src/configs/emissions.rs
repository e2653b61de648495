//! Emissions (`pallet_emissions`): the governed emission schedule, the epoch close that pays
//! the treasury and validators and sets aside the operators' pools, lazy reward claims, and
//! consumers' credits bought by burning DPIN. See `docs/emissions.md`.

use alloc::vec::Vec;
use frame_support::traits::{ConstU128, ConstU32};
use sp_runtime::Perbill;

use crate::{
	configs::{consensus::MAX_AUTHORITIES, governance::TreasuryAccount},
	origins::EmissionAdminOrigin,
	AccountId, Balance, Balances, Devices, Runtime, Work, DPIN, MILLI_DPIN,
};

/// The presets' bond reward cap: a witnessed or attested device earns at most 0.5 % of its
/// bond per epoch. An upheld dispute slashes half the bond (`DisputeSlash`), of which a fifth
/// goes to the disputer (`DisputerShare`): an owner who front-runs the dispute of its own fake
/// device with a second account gets that fifth back and loses 40 % of the bond. At the
/// detection rate the attack-economics table assumes (2 % per fake device-epoch) faking work
/// still loses money: `0.98 × 0.5 % < 2 % × 40 %` of the bond per epoch (break-even 0.816 %).
pub const BOND_REWARD_CAP: Perbill = Perbill::from_parts(5_000_000);

/// The highest bond reward cap governance may set: 2 % of the bond per epoch, break-even at a
/// detection rate of about 4.8 % per fake device-epoch.
pub const MAX_BOND_REWARD_CAP: Perbill = Perbill::from_percent(2);

frame_support::parameter_types! {
	/// The bond reward cap that the v1 → v2 migration gives the schedules in storage.
	pub const BondRewardCapAtV2: Perbill = BOND_REWARD_CAP;
	/// See [`MAX_BOND_REWARD_CAP`].
	pub const MaxBondRewardCap: Perbill = MAX_BOND_REWARD_CAP;
}

/// No schedule may cap the supply above ten billion DPIN.
pub const MAX_SUPPLY_CAP: Balance = 10_000_000_000 * DPIN;

/// The validators of the current session share the validators' part of each emission.
pub struct SessionValidators;

impl pallet_emissions::ValidatorSet<AccountId> for SessionValidators {
	fn validators() -> Vec<AccountId> {
		pallet_session::Validators::<Runtime>::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: Vec<AccountId>) {
		pallet_session::Validators::<Runtime>::put(validators);
	}
}

impl pallet_emissions::Config for Runtime {
	type Currency = Balances;
	type Work = Work;
	type Devices = Devices;
	/// Root or an `emission_admin` referendum.
	type EmissionAdmin = EmissionAdminOrigin;
	type Treasury = TreasuryAccount;
	type Validators = SessionValidators;
	/// Every validator of the largest set the chain allows is paid.
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type MaxSupplyCap = ConstU128<MAX_SUPPLY_CAP>;
	/// Governance may let a device's usage reward reach up to three times the credits burned
	/// for it (the presets set one: self-dealing usage then returns at most what it burned).
	type MaxUsageCapMultiplier = ConstU32<3>;
	/// Governance may cap witnessed and attested rewards at up to 2 % of the bond per epoch
	/// (the presets set 0.5 %).
	type MaxBondRewardCap = MaxBondRewardCap;
	/// Up to 64 epochs per claim.
	type MaxClaimEpochs = ConstU32<64>;
	/// The last 16 schedules are kept.
	type MaxHistory = ConstU32<16>;
	/// At least 0.001 DPIN per credit purchase.
	type MinCreditPurchase = ConstU128<MILLI_DPIN>;
	type WeightInfo = crate::weights::pallet_emissions::WeightInfo<Runtime>;
}
