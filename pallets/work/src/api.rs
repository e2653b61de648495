//! What the runtime API (`DepinApi` in `runtime-api`) answers about the reward-epoch clock,
//! challenges and work totals: read-only queries over this pallet's storage, and the shapes
//! they return. The runtime's `apis.rs` only forwards to these functions.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use depin_primitives::PublicKey;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{traits::Zero, Saturating};

use crate::{pallet::*, EpochIndex, EpochTotals};

/// The reward-epoch clock.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EpochInfo<BlockNumber> {
	/// The current reward epoch.
	pub index: EpochIndex,
	/// The current epoch's first block.
	pub start: BlockNumber,
	/// The first block of the next epoch (at the current length).
	pub end: BlockNumber,
	/// Blocks per epoch in force (a governed change applies from the next boundary).
	pub length: BlockNumber,
	/// The previous epoch, while it is still in its submission grace.
	pub closing: Option<EpochIndex>,
	/// Share of witnessed devices challenged per epoch, in parts per billion.
	pub challenge_rate_ppb: u32,
	/// Verifier attestations needed per attested device (and the size of each device's
	/// committee when there are more verifiers).
	pub attestation_quorum: u32,
	/// How far from the quorum's median an attestation may be before its verifier is slashed,
	/// in parts per billion of the median.
	pub attestation_tolerance_ppb: u32,
	/// Admitted verifiers.
	pub verifiers: u32,
	/// Witness reciprocity window in epochs (0: off): a witness counts only if it beaconed,
	/// and a beaconer earns only if it witnessed, within this many epochs.
	pub reciprocity_window: EpochIndex,
}

/// A verifier or an applicant, as wallets and explorers see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct VerifierInfo<Balance> {
	/// Whether governance admitted it (otherwise it has applied and waits).
	pub admitted: bool,
	/// Its bond on hold (what slashes left of it).
	pub bond: Balance,
	/// Slashed from its bond so far.
	pub slashed: Balance,
	/// Attestations it was slashed for (outliers, and work that an upheld dispute voided).
	pub slashes: u32,
	/// Most units it may attest per epoch (0 for an applicant).
	pub quota: u64,
	/// Units it attested in the current epoch.
	pub used: u64,
	/// Its slot, which committees are drawn from (`None` for an applicant).
	pub slot: Option<u32>,
}

/// Whether a device is challenged in an epoch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ChallengeStatus {
	/// The reward epoch asked about.
	pub epoch: EpochIndex,
	/// The device's challenge (what witnesses sign), if the epoch's seed is still stored.
	pub challenge: Option<[u8; 32]>,
	/// Whether it is challenged at the current rate.
	pub challenged: bool,
	/// Whether its beacon was already counted (with at least one witness; later submissions
	/// may still add witnesses up to the class maximum).
	pub beacon_counted: bool,
}

impl<T: Config> Pallet<T> {
	/// The reward-epoch clock: the current epoch, its bounds at the current length, the epoch
	/// still in its grace, the challenge rate and the attestation quorum.
	pub fn api_epoch() -> EpochInfo<BlockNumberFor<T>> {
		let start = EpochStart::<T>::get();
		let length = EpochLength::<T>::get();
		EpochInfo {
			index: CurrentEpoch::<T>::get(),
			start,
			end: start.saturating_add(length),
			length,
			closing: Closing::<T>::get().map(|(epoch, _)| epoch),
			challenge_rate_ppb: ChallengeRate::<T>::get().deconstruct(),
			attestation_quorum: AttestationQuorum::<T>::get(),
			attestation_tolerance_ppb: AttestationTolerance::<T>::get().deconstruct(),
			verifiers: VerifierCount::<T>::get(),
			reciprocity_window: ReciprocityWindow::<T>::get(),
		}
	}

	/// `account` as a verifier or an applicant, if it is either.
	pub fn api_verifier(account: T::AccountId) -> Option<VerifierInfo<BalanceOf<T>>> {
		if let Some(v) = Verifiers::<T>::get(&account) {
			let used = VerifierUsage::<T>::get(CurrentEpoch::<T>::get(), &account);
			return Some(VerifierInfo {
				admitted: true,
				bond: v.bond,
				slashed: v.slashed,
				slashes: v.slashes,
				quota: v.quota,
				used,
				slot: Some(v.slot),
			});
		}
		VerifierApplications::<T>::get(&account).map(|bond| VerifierInfo {
			admitted: false,
			bond,
			slashed: Zero::zero(),
			slashes: 0,
			quota: 0,
			used: 0,
			slot: None,
		})
	}

	/// The verifiers drawn to attest `device` in `epoch` (as [`Pallet::committee`]), as
	/// accounts: `None` if every verifier may attest it (no more verifiers than the quorum, or
	/// an epoch without a committee base, such as one no longer current or in its grace). A
	/// slot left empty by a removal since the epoch started is skipped.
	pub fn api_committee(device: PublicKey, epoch: EpochIndex) -> Option<Vec<T::AccountId>> {
		let slots = Self::committee(epoch, &device)?;
		Some(slots.into_iter().filter_map(VerifierSlots::<T>::get).collect())
	}

	/// `device`'s challenge in `epoch` (as [`Pallet::challenge`]), whether it is challenged at
	/// the current rate (as [`Pallet::is_challenged`]) and whether its beacon was counted. It
	/// answers for any key: whether the device is registered is the devices pallet's question.
	pub fn api_challenge_status(device: PublicKey, epoch: EpochIndex) -> ChallengeStatus {
		let challenge = Self::challenge(epoch, &device);
		ChallengeStatus {
			epoch,
			challenge: challenge.map(|c| c.0),
			challenged: challenge
				.is_some_and(|c| Self::challenged_at(&c, ChallengeRate::<T>::get())),
			beacon_counted: Beacons::<T>::contains_key(epoch, device),
		}
	}

	/// The work totals of `epoch` (zero for an epoch without work).
	pub fn api_totals(epoch: EpochIndex) -> EpochTotals<BalanceOf<T>> {
		Totals::<T>::get(epoch)
	}
}
