//! Proof of physical work (`pallet_work`): reward epochs, usage vouchers, witnessed beacons,
//! verifier attestations and disputes. See `docs/work.md`.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, Get},
};
use sp_runtime::Perbill;

use crate::{
	configs::governance::TreasuryAccount,
	origins::{DeviceAdminOrigin, DisputeAdminOrigin, EmissionAdminOrigin},
	Balance, Balances, BlockNumber, Devices, Emissions, Runtime, RuntimeHoldReason, Signature,
	DAYS, DPIN, HOURS, MINUTES,
};

/// Reward-epoch length of the production preset: an hour of 6-second blocks.
pub const PRODUCTION_EPOCH_LENGTH: BlockNumber = HOURS;
/// Reward-epoch length of the development and local presets: a minute, so demos and tests
/// see epochs turn.
pub const DEV_EPOCH_LENGTH: BlockNumber = MINUTES;

parameter_types! {
	/// The dispute window of chains from before it was governed (the old constant): the work
	/// pallet's v0 → v1 migration stores it.
	pub const DisputeWindowBeforeV1: pallet_work::EpochIndex = 24;
	/// Upheld disputes slash half of the device's bond ...
	pub const DisputeSlash: Perbill = Perbill::from_percent(50);
	/// ... and a fifth of that goes to the disputer.
	pub const DisputerShare: Perbill = Perbill::from_percent(20);
	/// A verifier loses a tenth of its bond per attestation outside the tolerance, or of
	/// voided work.
	pub const VerifierSlash: Perbill = Perbill::from_percent(10);
	/// The settlement rate that the v1 → v2 migration stores (the presets' value).
	pub const SettlementRateAtV2: Balance = SETTLEMENT_RATE;
	/// The attestation tolerance that the v2 → v3 migration stores (the presets' value).
	pub const AttestationToleranceAtV3: Perbill = Perbill::from_percent(10);
	/// A dispute's bond is at least a tenth of the disputed device's bond.
	pub const DisputeBondShare: Perbill = Perbill::from_percent(10);
	/// The dispute timeout that the v3 → v4 migration stores (the production preset's).
	pub const DisputeTimeoutAtV4: pallet_work::EpochIndex = 72;
}

/// The smallest attestation quorum: three on a live chain, so that one or two colluding
/// verifiers cannot decide a device's units; one on development chains.
pub struct MinQuorum;

impl Get<u32> for MinQuorum {
	fn get() -> u32 {
		if crate::configs::consensus::FastChain::get() {
			1
		} else {
			3
		}
	}
}

/// The shortest epoch length governance may set: half an hour on a live chain (at most twice
/// the production emission per hour), the development presets' minute on development chains.
pub struct MinEpochLength;

impl Get<BlockNumber> for MinEpochLength {
	fn get() -> BlockNumber {
		if crate::configs::consensus::FastChain::get() {
			DEV_EPOCH_LENGTH
		} else {
			PRODUCTION_EPOCH_LENGTH / 2
		}
	}
}

/// The shortest time a dispute must be able to wait for its verdict: twice the longest path of
/// a referendum on the `dispute_resolver` track (preparation, the whole decision period,
/// confirmation and enactment), read from the track table so that it follows the track on
/// development chains too: about 50 hours on a live chain, 50 blocks on a [`FastChain`].
/// With the production epochs of an hour, the presets' timeout of 72 epochs passes; a
/// half-hour epoch needs a timeout of at least 101 epochs first.
///
/// [`FastChain`]: crate::configs::consensus::FastChain
pub struct MinDisputeVerdictTime;

impl Get<BlockNumber> for MinDisputeVerdictTime {
	fn get() -> BlockNumber {
		use pallet_referenda::TracksInfo as _;
		crate::configs::governance::TracksInfo::tracks()
			.find(|t| t.id == crate::configs::governance::DISPUTE_RESOLVER_TRACK)
			.map(|t| {
				let i = &t.info;
				i.prepare_period
					.saturating_add(i.decision_period)
					.saturating_add(i.confirm_period)
					.saturating_add(i.min_enactment_period)
					.saturating_mul(2)
			})
			// The track table always has the dispute track (the catalogue checks): without it,
			// no timeout would be short enough to refuse.
			.unwrap_or(BlockNumber::MAX)
	}
}

/// How long before an epoch a device must have registered to be assigned verifiers in it: two
/// BABE epochs and a block. The work pallet seeds an epoch with `RandomnessFromOneEpochAgo`,
/// which is known from the start of the BABE epoch before the one it serves, so a key chosen
/// later could be ground to land on a committee of the chooser's verifiers.
pub struct AssignmentLookahead;

impl Get<BlockNumber> for AssignmentLookahead {
	fn get() -> BlockNumber {
		let slots = crate::configs::consensus::EpochDuration::get();
		BlockNumber::try_from(slots.saturating_mul(2).saturating_add(1)).unwrap_or(BlockNumber::MAX)
	}
}

/// Credits a voucher settlement pays per unit of its weight: one, what a signed transaction
/// of the same weight pays in planck under the runtime's `IdentityFee` (a credit is bought
/// for one planck), without the length fee.
pub const SETTLEMENT_RATE: Balance = 1;

impl pallet_work::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = Devices;
	type Credits = Emissions;
	type Signature = Signature;
	type Randomness = crate::ChallengeRandomness;
	/// The emissions pallet turns each closed epoch into rewards.
	type OnEpochClosed = Emissions;
	/// The emissions pallet pays the reward of work voided after its epoch closed to the
	/// treasury.
	type OnWorkVoided = Emissions;
	/// Governance may require witnesses to have beaconed within up to 168 epochs (a week of
	/// production epochs); the production preset sets 48.
	type MaxReciprocityWindow = ConstU32<{ 7 * DAYS / PRODUCTION_EPOCH_LENGTH }>;
	/// Root or a `device_admin` referendum.
	type DeviceAdmin = DeviceAdminOrigin;
	/// The epoch length sets the emission per hour: root or an `emission_admin` referendum.
	type EmissionAdmin = EmissionAdminOrigin;
	/// Root, a `device_admin` referendum, or one on the short `dispute_resolver` track.
	type DisputeAdmin = DisputeAdminOrigin;
	type Treasury = TreasuryAccount;
	type MaxVouchers = ConstU32<128>;
	/// A settlement always pays for its weight.
	type MinSettlementRate = ConstU128<SETTLEMENT_RATE>;
	type MaxWitnesses = ConstU32<32>;
	type MaxAttestations = ConstU32<128>;
	type MaxQuorum = ConstU32<7>;
	/// Three verifiers on a live chain; one on development chains (`FastChain`).
	type MinQuorum = MinQuorum;
	/// Two BABE epochs and a block (see [`AssignmentLookahead`]).
	type AssignmentLookahead = AssignmentLookahead;
	/// A tenth of a verifier's bond per attestation outside the tolerance, or of voided work.
	type VerifierSlash = VerifierSlash;
	/// Half an hour on a live chain, a minute (the development presets' epoch length) on
	/// development chains.
	type MinEpochLength = MinEpochLength;
	/// Four hours: with the minimum, a change of epoch length can at most double the
	/// production emission per hour (or quarter it) on a live chain.
	type MaxEpochLength = ConstU32<{ 4 * HOURS }>;
	/// Thirty seconds for late reports after an epoch ends.
	type SubmissionGrace = ConstU32<{ MINUTES / 2 }>;
	/// Governance may set a dispute window of up to 720 epochs (30 days of production
	/// epochs); the presets set 24 (production) or 2 (development).
	type MaxDisputeWindow = ConstU32<{ 30 * DAYS / PRODUCTION_EPOCH_LENGTH }>;
	/// Work records are kept 4,320 epochs (180 days of production epochs), twice the presets'
	/// claim expiry.
	type WorkRetention = ConstU32<{ 180 * DAYS / PRODUCTION_EPOCH_LENGTH }>;
	type VerifierBond = ConstU128<{ 1_000 * DPIN }>;
	/// At least 10 DPIN, and at least a tenth of the disputed device's bond (50 DPIN against a
	/// 500 DPIN GPU).
	type DisputeBond = ConstU128<{ 10 * DPIN }>;
	type DisputeBondShare = DisputeBondShare;
	/// Up to eight watchers may dispute the same work at once.
	type MaxDisputesPerWork = ConstU32<8>;
	/// Governance may let a dispute wait up to 168 epochs (a week of production epochs) for a
	/// verdict; the presets set 72 (production) or 5 (development).
	type MaxDisputeTimeout = ConstU32<{ 7 * DAYS / PRODUCTION_EPOCH_LENGTH }>;
	/// Twice the longest referendum on the dispute track (see [`MinDisputeVerdictTime`]).
	type MinDisputeVerdictTime = MinDisputeVerdictTime;
	type DisputeSlash = DisputeSlash;
	type DisputerShare = DisputerShare;
	type WeightInfo = crate::weights::pallet_work::WeightInfo<Runtime>;
	/// The device registry's benchmark of one P-256 check.
	type SignatureWeights = crate::weights::SignatureWeights;
}
