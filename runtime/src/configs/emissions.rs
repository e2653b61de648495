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

/// Net emissions of every preset: the usage credits that a usage pool cannot pay back are
/// smoothed over a week of hourly epochs (k = 168, as Helium smooths over seven daily epochs)
/// and re-minted up to 7,134 DPIN per epoch (the curve's initial emission: with it, operators
/// get at most 2.43 times the 4,993.8 DPIN of the first four years' operator share), with the
/// sustainability ratio averaged over 30 days (720 epochs).
pub const NET_EMISSIONS: pallet_emissions::NetEmissions<Balance> =
	pallet_emissions::NetEmissions { smoothing: 168, remint_cap: 7_134 * DPIN, ratio_window: 720 };

/// The demand index of every preset: coverage and attested work get the full subsidy without
/// paid demand, tapering linearly to a quarter of it as the unrepaid burn (usage credits beyond
/// what the usage pool pays back) reaches the curve's issuance (a sustainability ratio of 1).
pub const DEMAND_INDEX: pallet_emissions::DemandIndex = pallet_emissions::DemandIndex {
	target_ppm: pallet_emissions::RATIO_ONE as u32,
	floor: Perbill::from_percent(25),
	ceiling: Perbill::from_percent(100),
};

frame_support::parameter_types! {
	/// The net emissions that the v2 → v3 migration gives the schedules in storage.
	pub const NetEmissionsAtV3: pallet_emissions::NetEmissions<Balance> = NET_EMISSIONS;
	/// The demand index that the v2 → v3 migration gives the schedules in storage.
	pub const DemandIndexAtV3: Option<pallet_emissions::DemandIndex> = Some(DEMAND_INDEX);
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
	/// Smoothing of up to a year of hourly epochs.
	type MaxSmoothing = ConstU32<8_760>;
	/// A sustainability ratio averaged over up to a year of hourly epochs.
	type MaxRatioWindow = ConstU32<8_760>;
	/// Re-mints of up to 100,000 DPIN per epoch (14 times the initial emission).
	type MaxRemintCap = ConstU128<{ 100_000 * DPIN }>;
	/// A sustainability target of up to 10 (an unrepaid burn ten times the curve's issuance).
	type MaxDemandTarget = ConstU32<{ 10 * pallet_emissions::RATIO_ONE as u32 }>;
	/// A year of hourly epochs of the sustainability record.
	type MaxSupplyRecords = ConstU32<8_760>;
	/// At least 0.001 DPIN per credit purchase.
	type MinCreditPurchase = ConstU128<MILLI_DPIN>;
	type WeightInfo = crate::weights::pallet_emissions::WeightInfo<Runtime>;
}
