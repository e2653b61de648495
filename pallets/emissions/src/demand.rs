//! Emissions that follow demand: net emissions (the smoothed burn re-minted into the operators'
//! pools) and the demand index (the subsidy pools taper as the sustainability ratio rises), with
//! the per-epoch supply record. Everything here is a pure function of its inputs: the epoch
//! close, the projection and the supply chart (`runtime/examples/supply_chart.rs`) all call the
//! same functions, so what the chart plots is what the chain does.
//!
//! **What is re-minted.** The burn that net emissions smooth and re-mint is the part of the
//! credits spent on usage in an epoch that the curve's usage pool of the epoch could not pay
//! back ([`unrepaid_burn`]): `credits − min(usage pool, usage_cap_multiplier × credits)`. Usage
//! rewards already return up to the credits burned for them; re-minting those credits too would
//! pay the same burn twice, and a self-dealer holding witnessed or attested devices would get
//! back more than it burned (the audit of this change put it at +285 DPIN per 1,000 DPIN
//! self-dealt on a young network). Credits count when they are spent, not when bought, so a
//! burn cannot be re-minted before it is repaid. With the curve's usage pool `p` and the re-mint
//! `r`, a device's usage claims are at most `min(p + r_usage, credits) ≤ min(p, credits) +
//! r_usage`: each DPIN burned is paid back at most once, by the usage pool or by re-mints.
//!
//! **The sustainability ratio** the demand index reads is the unrepaid burn over what the curve
//! issued (set aside or paid, re-mints left out), both averaged over the ratio window: a ratio
//! of 1 means paying demand beyond what the usage pool repays matches the new issuance. Counting
//! gross purchases instead would let a lone self-dealer whom the usage pool repays in full
//! push the subsidy down for the settlement charges alone (the audit: about 697 DPIN an epoch,
//! 16.7k a day, of coverage and measured work's subsidy withheld for 0.14 DPIN of charges an
//! epoch). Unrepaid burn is not paid back to its burner except through re-mints, and 60 % of
//! its re-mint (presets) goes to the witnessed and attested pools. From zero demand up to the
//! target that is more, on average, than the taper the burn causes withholds from them; at the
//! margin near the preset target it is less (a DPIN of unrepaid burn that lifts the ratio from
//! 0.9 to 1 withholds about 0.79 DPIN of subsidy against 0.6 re-minted), but the burner then
//! loses its whole DPIN but its share of the re-mints: pushing the subsidy down costs the
//! pusher more than it costs coverage operators, and profits no one.
//!
//! **When.** The re-mint of a close is the smoothed burn after the previous close (a one-epoch
//! lag: a close's figures depend only on the state before it).
//!
//! Rounding: every division rounds down (the one exception: the subsidy scale, a ceiling minus
//! a taper rounded down, may round up by a part per billion or two), and a smoothed value loses `⌈value ÷ k⌉` per epoch
//! (it keeps `⌊value × (k − 1) ÷ k⌋`), so it decays to zero rather than sticking at a
//! remainder below `k`. Re-mints are bounded by the unrepaid burn not yet re-minted
//! ([`DemandState::unreminted`]), whatever the rounding: Σ re-minted ≤ Σ unrepaid burn ≤ Σ
//! credits spent on usage, always.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{PerKind, ProofKind};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, Saturating, UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
	Perbill,
};

use crate::{curve_emission, Schedule};

/// Ratios are in parts per million: [`RATIO_ONE`] is an unrepaid burn equal to the curve's
/// issuance.
pub const RATIO_ONE: u64 = 1_000_000;

/// The highest ratio reported: a million (an unrepaid burn a million times the issuance, or
/// an unrepaid burn without issuance). Keeps the figure exact in JSON.
pub const MAX_RATIO_PPM: u64 = RATIO_ONE * RATIO_ONE;

/// Net emissions: DPIN burned for credits and spent on usage beyond what the usage pool paid back
/// ([`unrepaid_burn`]) is smoothed over `smoothing` epochs and re-minted into the operators'
/// pools, at most `remint_cap` per epoch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: Copy + UniqueSaturatedInto<u128>",
		deserialize = "Balance: UniqueSaturatedFrom<u128>"
	)
)]
pub struct NetEmissions<Balance> {
	/// `k` of the smoothed burn `s_e = (1 − 1/k)·s_{e−1} + unrepaid_e/k` ([`unrepaid_burn`]):
	/// an unrepaid burn is re-minted over about `k` epochs. At least 1 (no smoothing) and at most the runtime's
	/// `MaxSmoothing`.
	pub smoothing: u32,
	/// Most DPIN re-minted per epoch (zero turns net emissions off); at most the runtime's
	/// `MaxRemintCap`. A burn above it is partly never re-minted: net deflation.
	#[serde(with = "crate::types::balance_string")]
	pub remint_cap: Balance,
	/// Epochs of the trailing sustainability ratio (unrepaid burn ÷ the curve's issuance),
	/// which the demand index reads: both are averaged exponentially over this window. At least 1, at most the
	/// runtime's `MaxRatioWindow`.
	pub ratio_window: u32,
}

/// The demand-indexed schedule: the pools of witnessed and attested work (the subsidy for
/// coverage and measured work) are scaled by [`subsidy_scale`], from `ceiling` with no paid
/// demand down to `floor` once the trailing sustainability ratio reaches `target_ppm`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DemandIndex {
	/// The sustainability ratio (unrepaid burn ÷ the curve's issuance, parts per million; see
	/// the module's doc) at which the subsidy reaches its floor. Not zero, at most the runtime's `MaxDemandTarget`.
	pub target_ppm: u32,
	/// The subsidy's scale at and above the target.
	pub floor: Perbill,
	/// The subsidy's scale without paid demand; at least the floor.
	pub ceiling: Perbill,
}

/// The demand state the closes carry from one epoch to the next. O(1) in size.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct DemandState<Balance> {
	/// The smoothed unrepaid burn `s` after the last close: the next close's re-mint (before
	/// its caps).
	pub smoothed_burn: Balance,
	/// Σ burned for credits in the closed epochs.
	pub burned: Balance,
	/// Σ unrepaid burn of the closed epochs ([`unrepaid_burn`]): what net emissions may
	/// re-mint in all.
	pub unrepaid: Balance,
	/// Σ re-minted into operators' pools.
	pub reminted: Balance,
	/// Unrepaid burn per epoch, averaged over the ratio window.
	pub trailing_unrepaid: Balance,
	/// The curve's issuance per epoch (set aside or paid at the closes, re-mints left out),
	/// averaged over the ratio window.
	pub trailing_issued: Balance,
}

/// What one close emits, in the order the close takes it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct CloseFigures<Balance> {
	/// The schedule's curve for the epoch (before the demand index and the cap).
	pub curve: Balance,
	/// The scale of the witnessed and attested pools (100 % without a demand index).
	pub subsidy_scale: Perbill,
	/// The re-mint this close pays: `min(s, remint_cap, unrepaid − re-minted, headroom)`, `s`
	/// the smoothed burn after the previous close.
	pub remint: Balance,
	/// The curve's emission in the headroom the re-mints leave: `min(curve, headroom −
	/// remint − kept)`, where `kept` is the room of the re-mints still to come (with net
	/// emissions on: the credits bought and not yet counted, and what the smoothed burn can
	/// still pay without new burns, at most `k·s`; zero with net emissions off); split and then
	/// tapered by [`allocate`].
	pub emission: Balance,
}

/// Where an emission goes: the operators' pools per proof kind, the validators, the treasury
/// (its share and the rounding), and what the demand index withheld (never minted).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Allocation<Balance> {
	/// The operators' pool of each proof kind, before any kind without shares is dropped.
	pub pools: PerKind<Balance>,
	/// The validators' share (split among them by the close).
	pub validators: Balance,
	/// The treasury's share plus the operators' rounding.
	pub treasury: Balance,
	/// The part of each pool that the demand index withheld (witnessed and attested only).
	pub withheld: PerKind<Balance>,
}

impl<Balance: AtLeast32BitUnsigned + Copy> Allocation<Balance> {
	/// What the demand index withheld from the pools of the kinds that have work (`has_work`):
	/// the pools of the others are not set aside at all.
	pub fn withheld_from(&self, has_work: impl Fn(ProofKind) -> bool) -> Balance {
		ProofKind::ALL
			.into_iter()
			.filter(|kind| has_work(*kind))
			.fold(Zero::zero(), |sum: Balance, kind| sum.saturating_add(*self.withheld.get(kind)))
	}

	/// Everything allocated to be paid (pools, validators, treasury).
	pub fn total(&self) -> Balance {
		self.pools
			.iter()
			.fold(Zero::zero(), |sum: Balance, (_, p)| sum.saturating_add(*p))
			.saturating_add(self.validators)
			.saturating_add(self.treasury)
	}
}

/// One epoch of the sustainability record, kept for the last `MaxSupplyRecords` epochs.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct SupplyRecord<Balance> {
	/// Set aside for operators' claims (re-mints included).
	pub operators: Balance,
	/// Minted to validators.
	pub validators: Balance,
	/// Minted to the treasury.
	pub treasury: Balance,
	/// Burned for credits in the epoch.
	pub burned: Balance,
	/// The epoch's unrepaid burn ([`unrepaid_burn`]), smoothed into later re-mints.
	pub unrepaid: Balance,
	/// Re-minted into the operators' pools.
	pub reminted: Balance,
	/// Withheld by the demand index from the witnessed and attested pools set aside (those of
	/// kinds with work), never minted.
	pub withheld: Balance,
	/// The smoothed burn after the close.
	pub smoothed_burn: Balance,
	/// The trailing sustainability ratio after the close (unrepaid burn ÷ the curve's
	/// issuance), parts per million.
	pub ratio_ppm: u64,
	/// The scale the demand index gave the subsidy pools.
	pub subsidy_scale: Perbill,
}

fn to_u128<B: UniqueSaturatedInto<u128>>(value: B) -> u128 {
	value.unique_saturated_into()
}

/// `value × (k − 1) ÷ k + input ÷ k`, each term rounded down (`k = 0` counts as 1).
fn smooth<B: AtLeast32BitUnsigned + Copy>(value: B, input: B, k: u32) -> B {
	let k = u128::from(k.max(1));
	let (value, input) = (to_u128(value), to_u128(input));
	// value × (k − 1) ÷ k without overflow: value − ⌈value ÷ k⌉.
	let kept = value.saturating_sub(value.div_ceil(k));
	B::unique_saturated_from(kept.saturating_add(input / k))
}

impl<Balance: AtLeast32BitUnsigned + Copy> DemandState<Balance> {
	/// Unrepaid burn not yet re-minted: the most any later re-mint may pay.
	pub fn unreminted(&self) -> Balance {
		self.unrepaid.saturating_sub(self.reminted)
	}

	/// The trailing sustainability ratio, unrepaid burn ÷ the curve's issuance in parts per
	/// million: zero without unrepaid burn, at most [`MAX_RATIO_PPM`] (also for burns without
	/// issuance).
	pub fn ratio_ppm(&self) -> u64 {
		let (burned, minted) = (to_u128(self.trailing_unrepaid), to_u128(self.trailing_issued));
		if burned == 0 {
			return 0;
		}
		if minted == 0 {
			return MAX_RATIO_PPM;
		}
		sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			burned,
			u128::from(RATIO_ONE),
			minted,
			sp_runtime::Rounding::Down,
		)
		.map_or(MAX_RATIO_PPM, |r| u64::try_from(r).unwrap_or(u64::MAX).min(MAX_RATIO_PPM))
	}

	/// The state after a close: the epoch burned `burned` for credits, left `unrepaid` of its
	/// usage credits unpaid ([`unrepaid_burn`]), re-minted `reminted`, and paid or set aside
	/// `minted` in all (re-mints included). The unrepaid burn enters the smoothed burn over
	/// `net.smoothing` epochs; it and the curve's issuance (`minted − reminted`) enter the
	/// trailing averages over `net.ratio_window` epochs.
	pub fn after_close(
		&self,
		burned: Balance,
		unrepaid: Balance,
		minted: Balance,
		reminted: Balance,
		net: &NetEmissions<Balance>,
	) -> Self {
		Self {
			smoothed_burn: smooth(self.smoothed_burn, unrepaid, net.smoothing),
			burned: self.burned.saturating_add(burned),
			unrepaid: self.unrepaid.saturating_add(unrepaid),
			reminted: self.reminted.saturating_add(reminted),
			trailing_unrepaid: smooth(self.trailing_unrepaid, unrepaid, net.ratio_window),
			trailing_issued: smooth(
				self.trailing_issued,
				minted.saturating_sub(reminted),
				net.ratio_window,
			),
		}
	}
}

/// The part of an epoch's usage `credits` that the curve's `usage_pool` (re-mint left out)
/// could not pay back: `credits − min(usage_pool, usage_cap_multiplier × credits)`, what net emissions
/// smooth and re-mint. (Usage rewards pay each device at most the multiplier times its credits,
/// out of the pool, so the pool pays back at most that much of the epoch's credits.)
pub fn unrepaid_burn<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	usage_pool: Balance,
	credits: Balance,
) -> Balance {
	let repayable = credits.saturating_mul(schedule.usage_cap_multiplier.into());
	credits.saturating_sub(usage_pool.min(repayable))
}

/// The scale of the subsidy pools at a sustainability ratio of `ratio_ppm`: `ceiling` at zero,
/// falling linearly to `floor` at the index's target and staying there above it.
pub fn subsidy_scale(index: &DemandIndex, ratio_ppm: u64) -> Perbill {
	let target = u64::from(index.target_ppm.max(1));
	if ratio_ppm >= target {
		return index.floor;
	}
	let span = index.ceiling.saturating_sub(index.floor);
	index.ceiling.saturating_sub(Perbill::from_rational(ratio_ppm, target) * span)
}

/// Splits `emission` as `schedule` says (operators by proof kind, validators, treasury with
/// the rounding; every share rounds down, so the parts never add up to more), then scales the witnessed and attested pools by `scale`; what that withholds
/// is never minted.
pub fn allocate<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	emission: Balance,
	scale: Perbill,
) -> Allocation<Balance> {
	let operators = schedule.split.operators.mul_floor(emission);
	let mut pools =
		PerKind { usage: Balance::zero(), witnessed: Balance::zero(), attested: Balance::zero() };
	let mut withheld =
		PerKind { usage: Balance::zero(), witnessed: Balance::zero(), attested: Balance::zero() };
	let mut split = Balance::zero();
	for kind in ProofKind::ALL {
		let full = schedule.kinds.get(kind).mul_floor(operators);
		split = split.saturating_add(full);
		let paid = match kind {
			ProofKind::Usage => full,
			ProofKind::Witnessed | ProofKind::Attested => scale.mul_floor(full),
		};
		*withheld.get_mut(kind) = full.saturating_sub(paid);
		*pools.get_mut(kind) = paid;
	}
	let validators = schedule.split.validators.mul_floor(emission);
	let treasury = emission
		.saturating_sub(operators)
		.saturating_sub(validators)
		.saturating_add(operators.saturating_sub(split));
	Allocation { pools, validators, treasury, withheld }
}

/// The scale the schedule's demand index gives the subsidy pools in `state` (100 % without an
/// index).
pub fn scale_of<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	state: &DemandState<Balance>,
) -> Perbill {
	schedule.demand_index.as_ref().map_or(Perbill::one(), |i| subsidy_scale(i, state.ratio_ppm()))
}

/// The epoch's scheduled emission `n` epochs into `schedule` in demand `state`, before the
/// supply cap and re-mints: the curve, split, with the subsidy pools tapered by the demand
/// index. (A close also drops the pools of proof kinds without work.) Pure; O(log n).
pub fn scheduled_emission<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	n: depin_primitives::EpochIndex,
	state: &DemandState<Balance>,
) -> Balance {
	allocate(schedule, curve_emission(schedule, n), scale_of(schedule, state)).total()
}

/// The figures of a close `n` epochs into `schedule` from the demand `state` after the
/// previous close (its trailing ratio sets the subsidy scale, its smoothed burn the re-mint),
/// with `headroom` left under the supply cap and `uncounted` credits bought but not yet
/// counted by a close (those still held, and those spent in the closing epoch). The re-mint
/// comes first, and with net emissions on, the curve may not use the room of the re-mints
/// still to come: at the cap, a burn frees room under it that only re-mints fill, so operators
/// keep being paid out of what was burned.
pub fn close_figures<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	n: depin_primitives::EpochIndex,
	state: &DemandState<Balance>,
	headroom: Balance,
	uncounted: Balance,
) -> CloseFigures<Balance> {
	let curve = curve_emission(schedule, n);
	let remint =
		state.smoothed_burn.min(schedule.net.remint_cap).min(state.unreminted()).min(headroom);
	// What later re-mints can still pay of this state without new burns: Σ s·(1 − 1/k)^t
	// ≤ k·s, and never more than the unrepaid burn left.
	let kept = if schedule.net.remint_cap.is_zero() {
		Zero::zero()
	} else {
		let k: Balance = schedule.net.smoothing.max(1).into();
		let to_come =
			state.unreminted().saturating_sub(remint).min(state.smoothed_burn.saturating_mul(k));
		to_come.saturating_add(uncounted)
	};
	CloseFigures {
		curve,
		subsidy_scale: scale_of(schedule, state),
		remint,
		emission: curve.min(headroom.saturating_sub(remint).saturating_sub(kept)),
	}
}

/// Splits `remint` over the pools of the kinds that have work (`has_work`), by their weights
/// in `schedule` renormalised among them, each part rounded down. Returns the parts; their sum
/// (at most `remint`) is what is re-minted.
pub fn remint_parts<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	remint: Balance,
	has_work: impl Fn(ProofKind) -> bool,
) -> PerKind<Balance> {
	let total: u64 = ProofKind::ALL
		.iter()
		.filter(|k| has_work(**k))
		.map(|k| u64::from(schedule.kinds.get(*k).deconstruct()))
		.sum();
	let mut parts =
		PerKind { usage: Balance::zero(), witnessed: Balance::zero(), attested: Balance::zero() };
	if total == 0 {
		return parts;
	}
	for kind in ProofKind::ALL {
		if has_work(kind) {
			let weight = u64::from(schedule.kinds.get(kind).deconstruct());
			*parts.get_mut(kind) = Perbill::from_rational(weight, total).mul_floor(remint);
		}
	}
	parts
}

/// One close of `schedule` in the model the supply chart uses: every proof kind has work,
/// every pool is paid out, and what is burned for credits in an epoch is spent on usage in it.
/// From the demand `state` after the previous close, the epoch's `burned` and the `headroom`
/// under the cap, returns the close's figures, what it mints in all (the tapered emission and
/// the re-mint) and the demand state after it. The pallet's close runs the same steps on the
/// chain's real totals.
pub fn model_close<Balance: AtLeast32BitUnsigned + Copy>(
	schedule: &Schedule<Balance>,
	n: depin_primitives::EpochIndex,
	state: &DemandState<Balance>,
	burned: Balance,
	headroom: Balance,
) -> (CloseFigures<Balance>, Balance, DemandState<Balance>) {
	let figures = close_figures(schedule, n, state, headroom, burned);
	let allocation = allocate(schedule, figures.emission, figures.subsidy_scale);
	let parts = remint_parts(schedule, figures.remint, |_| true);
	let reminted = parts.iter().fold(Balance::zero(), |sum, (_, part)| sum.saturating_add(*part));
	let unrepaid = unrepaid_burn(schedule, allocation.pools.usage, burned);
	let minted = allocation.total().saturating_add(reminted);
	(figures, minted, state.after_close(burned, unrepaid, minted, reminted, &schedule.net))
}
