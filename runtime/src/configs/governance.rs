//! Governance (OpenGov): preimages, the scheduler, referenda on tracks, conviction voting, the
//! treasury and its account, the tracks of the custom `EmissionAdmin` and `DeviceAdmin` origins
//! (defined in `origins.rs`), and the validator set.
//! See `docs/governance.md`.
//!
//! Track periods are production-grade, unless the chain is a
//! [`FastChain`](crate::configs::consensus::FastChain) (genesis key `chainProfile.fastChain`;
//! the development and local presets set it): then every track's periods shrink to a few blocks, so
//! tests and development chains run a referendum in about a minute with the same binary.

use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		tokens::{PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, EqualPrivilegeOnly, Get, LinearStoragePrice,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureWithSuccess};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{
	str_array as name,
	traits::{AccountIdConversion, IdentityLookup},
	FixedI64, Perbill,
};

use crate::{
	configs::{consensus::FastChain, system::RuntimeBlockWeights},
	origins, AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, Treasury, DAYS,
	DPIN, HOURS, MILLI_DPIN, MINUTES,
};

impl origins::Config for Runtime {}

parameter_types! {
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Storing a preimage holds 1 DPIN plus 0.001 DPIN per byte.
	pub const PreimageBaseDeposit: Balance = DPIN;
	pub const PreimageByteDeposit: Balance = MILLI_DPIN;
}

impl pallet_preimage::Config for Runtime {
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use up to 80 % of a block.
	pub MaximumSchedulerWeight: frame_support::weights::Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// Tokens locked by a vote stay locked this long per conviction doubling.
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
}

impl pallet_conviction_voting::Config for Runtime {
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type VoteLockingPeriod = VoteLockingPeriod;
	type MaxVotes = ConstU32<512>;
	type MaxTurnout =
		frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, AccountId>;
	type Polls = Referenda;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	/// Submitting a referendum reserves 10 DPIN (returned when it ends).
	pub const SubmissionDeposit: Balance = 10 * DPIN;
	/// A referendum without a decision deposit for this long times out.
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
}

const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

/// The root track: anything, so the strictest curves.
const ROOT_APPROVAL: Curve = Curve::make_reciprocal(4, 14, percent(80), percent(50), percent(100));
const ROOT_SUPPORT: Curve = Curve::make_linear(14, 14, percent(0), percent(50));
/// The admin tracks: a majority that falls from 100 % to 50 % over the decision period, and a
/// support threshold that falls from 50 % to 1 %.
const ADMIN_APPROVAL: Curve = Curve::make_linear(7, 7, percent(50), percent(100));
const ADMIN_SUPPORT: Curve = Curve::make_reciprocal(5, 7, percent(1), percent(0), percent(50));

/// Track ids.
pub const ROOT_TRACK: u16 = 0;
/// The track of `EmissionAdmin` referenda.
pub const EMISSION_ADMIN_TRACK: u16 = 10;
/// The track of `DeviceAdmin` referenda.
pub const DEVICE_ADMIN_TRACK: u16 = 11;
/// The track of `DisputeResolver` referenda.
pub const DISPUTE_RESOLVER_TRACK: u16 = 12;

/// The referendum tracks, sorted by id.
static TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	Track {
		id: ROOT_TRACK,
		info: TrackInfo {
			name: name("root"),
			max_deciding: 1,
			decision_deposit: 100_000 * DPIN,
			prepare_period: 2 * HOURS,
			decision_period: 14 * DAYS,
			confirm_period: DAYS,
			min_enactment_period: DAYS,
			min_approval: ROOT_APPROVAL,
			min_support: ROOT_SUPPORT,
		},
	},
	Track {
		id: EMISSION_ADMIN_TRACK,
		info: TrackInfo {
			name: name("emission_admin"),
			max_deciding: 5,
			decision_deposit: 10_000 * DPIN,
			prepare_period: HOURS,
			decision_period: 7 * DAYS,
			confirm_period: DAYS,
			min_enactment_period: DAYS,
			min_approval: ADMIN_APPROVAL,
			min_support: ADMIN_SUPPORT,
		},
	},
	Track {
		id: DEVICE_ADMIN_TRACK,
		info: TrackInfo {
			name: name("device_admin"),
			max_deciding: 20,
			decision_deposit: 1_000 * DPIN,
			prepare_period: 10 * MINUTES,
			decision_period: 7 * DAYS,
			confirm_period: 3 * HOURS,
			min_enactment_period: 10 * MINUTES,
			min_approval: ADMIN_APPROVAL,
			min_support: ADMIN_SUPPORT,
		},
	},
	// Disputes only: decided within a day and a half (10 minutes of preparation, a day of
	// decision, an hour of confirmation, enacted a minute later), well inside the work
	// pallet's dispute timeout, so a dispute does not wait a week for a verdict. Many may be
	// decided at once; the low deposit keeps reporting cheap. The 500 deciding slots keep a
	// device owner from queueing a verdict past its dispute's timeout with junk referenda:
	// each junk referendum holds a slot for its whole decision day and, rejected, loses its
	// 10 DPIN submission deposit, so keeping the track full for the two days that the
	// production timeout leaves burns about 10,000 DPIN (and locks 50,000 of decision
	// deposits), against half the bond of each disputed device (250 DPIN for a GPU). One
	// referendum may also batch many verdicts.
	Track {
		id: DISPUTE_RESOLVER_TRACK,
		info: TrackInfo {
			name: name("dispute_resolver"),
			max_deciding: 500,
			decision_deposit: 100 * DPIN,
			prepare_period: 10 * MINUTES,
			decision_period: DAYS,
			confirm_period: HOURS,
			min_enactment_period: MINUTES,
			min_approval: ADMIN_APPROVAL,
			min_support: ADMIN_SUPPORT,
		},
	},
];

/// Blocks of each period of a track on a [`FastChain`].
pub const FAST_PREPARE: BlockNumber = 2;
/// See [`FAST_PREPARE`].
pub const FAST_DECISION: BlockNumber = 20;
/// See [`FAST_PREPARE`].
pub const FAST_CONFIRM: BlockNumber = 2;
/// See [`FAST_PREPARE`].
pub const FAST_ENACTMENT: BlockNumber = 1;

/// `track` with its periods shrunk to a few blocks (curves and deposits unchanged).
fn fast_track(track: &Track<u16, Balance, BlockNumber>) -> Track<u16, Balance, BlockNumber> {
	let mut fast = track.clone();
	fast.info.prepare_period = FAST_PREPARE;
	fast.info.decision_period = FAST_DECISION;
	fast.info.confirm_period = FAST_CONFIRM;
	fast.info.min_enactment_period = FAST_ENACTMENT;
	fast
}

/// Which track an origin's referenda run on.
pub struct TracksInfo;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		let fast = FastChain::get();
		TRACKS.iter().map(
			move |track| if fast { Cow::Owned(fast_track(track)) } else { Cow::Borrowed(track) },
		)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		if let Ok(system) = frame_system::RawOrigin::try_from(origin.clone()) {
			match system {
				frame_system::RawOrigin::Root => Ok(ROOT_TRACK),
				_ => Err(()),
			}
		} else if let Ok(custom) = origins::Origin::try_from(origin.clone()) {
			match custom {
				origins::Origin::EmissionAdmin => Ok(EMISSION_ADMIN_TRACK),
				origins::Origin::DeviceAdmin => Ok(DEVICE_ADMIN_TRACK),
				origins::Origin::DisputeResolver => Ok(DISPUTE_RESOLVER_TRACK),
			}
		} else {
			Err(())
		}
	}
}

impl pallet_referenda::Config for Runtime {
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	/// Any token holder may submit a referendum.
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	/// Deposits of killed referenda go to the treasury.
	type Slash = Treasury;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// The treasury pallet's account: slashed bonds and the emission's treasury share go there.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	pub const SpendPeriod: BlockNumber = 6 * DAYS;
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = EnsureRoot<AccountId>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	/// Nothing is burned at the end of a spend period.
	type Burn = ();
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	/// Spending needs the root track for now.
	type SpendOrigin = EnsureWithSuccess<EnsureRoot<AccountId>, AccountId, MaxBalance>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Whether an account has session keys, for the validator-set pallet.
pub struct SessionKeysOf;

impl pallet_validator_set::SessionKeysCheck<AccountId> for SessionKeysOf {
	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_keys(who: &AccountId) {
		let raw: [u8; 32] = *who.as_ref();
		let keys = crate::SessionKeys {
			babe: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_validator_set::Config for Runtime {
	/// Only the root track changes who validates.
	type AdminOrigin = EnsureRoot<AccountId>;
	type SessionKeys = SessionKeysOf;
	type MinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<{ crate::configs::consensus::MAX_AUTHORITIES }>;
	type WeightInfo = crate::weights::pallet_validator_set::WeightInfo<Runtime>;
}
