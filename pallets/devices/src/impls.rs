//! The registry's logic: the `do_*` functions behind the calls, its side of the
//! [`DeviceInspect`] trait (defined in `depin-primitives`) for other pallets, and the storage
//! invariants.

use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		UnixTime,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill, SaturatedConversion,
};

use crate::{
	counts::take_one, h3, pallet::*, ClassId, ClassParams, DeviceActivity, DeviceCertificate,
	DeviceInspect, DeviceStatus, DeviceView, H3Cell, InteractiveMark, Maker, MakerId, NetworkKind,
	P256Key, ProofKind, PublicKey, RawSignature, Revocation, Serial, WeightInfo,
	MAX_OCCUPANCY_RESOLUTIONS,
};
use depin_primitives::payload::genesis_hash;
use depin_primitives::EpochIndex;

impl<T: Config> Pallet<T> {
	/// The bytes a certificate-chain maker's signer signs to bind `device` of maker `maker` to
	/// `class` (`register_device_with_chain`'s class binding).
	pub fn chain_binding_payload(maker: MakerId, device: &PublicKey, class: ClassId) -> Vec<u8> {
		crate::payload::chain_binding(&genesis_hash::<T>(), maker, device, class)
	}

	/// The bytes a maker signs to certify `device` of `class` (its maker certificate).
	pub fn maker_certificate_payload(device: &PublicKey, class: ClassId) -> Vec<u8> {
		crate::payload::maker_certificate(&genesis_hash::<T>(), device, class)
	}

	/// The bytes a device signs to consent to `owner`.
	pub fn device_consent_payload(owner: &T::AccountId) -> Vec<u8> {
		crate::payload::device_consent(&genesis_hash::<T>(), owner)
	}

	fn check_location(cell: H3Cell) -> DispatchResult {
		h3::validate(cell, T::MinH3Resolution::get(), T::MaxH3Resolution::get()).map_err(|e| {
			match e {
				h3::H3Error::Resolution => Error::<T>::H3ResolutionOutOfRange,
				h3::H3Error::NotACell | h3::H3Error::Malformed => Error::<T>::InvalidH3Cell,
			}
			.into()
		})
	}

	/// A device's location: a valid cell (for a physical class, at least as fine as the
	/// finest occupancy resolution), or none if its class does not require one.
	fn check_device_location(
		params: &ClassParams<BalanceOf<T>>,
		location: Option<H3Cell>,
	) -> DispatchResult {
		match location {
			Some(cell) => {
				Self::check_location(cell)?;
				let finest = T::OccupancyResolutions::get().last().copied().unwrap_or(0);
				ensure!(
					params.kind != NetworkKind::Physical || h3::resolution(cell) >= finest,
					Error::<T>::LocationTooCoarse
				);
				Ok(())
			}
			None => {
				ensure!(!params.location_required, Error::<T>::LocationRequired);
				Ok(())
			}
		}
	}

	/// A class's rules: consistent witness rules; a physical class requires a location; a
	/// witnessed class is physical; a witnessed or attested class has a bond (its devices'
	/// rewards are capped by their bond, and disputes slash it).
	fn check_class(params: &ClassParams<BalanceOf<T>>) -> DispatchResult {
		let w = &params.witness;
		ensure!(
			w.min_witnesses <= w.max_witnesses
				&& w.near_resolution <= w.far_resolution
				&& w.far_resolution <= h3::MAX_RESOLUTION,
			Error::<T>::InvalidWitnessRules
		);
		let physical = params.kind == NetworkKind::Physical;
		ensure!(!physical || params.location_required, Error::<T>::PhysicalNeedsLocation);
		ensure!(
			physical || params.proof != ProofKind::Witnessed,
			Error::<T>::WitnessedNeedsPhysical
		);
		ensure!(
			params.proof == ProofKind::Usage || !params.bond.is_zero(),
			Error::<T>::BondRequired
		);
		Ok(())
	}

	/// Counts a device of `class` at `location` in (`add`) or out of the occupancy of its
	/// parent cells, if the class is physical: one counter per occupancy resolution. A zero is
	/// never stored.
	pub(crate) fn count_occupancy(
		class: ClassId,
		kind: NetworkKind,
		location: Option<H3Cell>,
		add: bool,
	) {
		let (NetworkKind::Physical, Some(cell)) = (kind, location) else { return };
		for r in T::OccupancyResolutions::get() {
			let Some(parent) = h3::parent(cell, r) else { continue };
			if add {
				Occupancy::<T>::mutate((class, parent), |n| n.saturating_inc());
			} else {
				Occupancy::<T>::mutate_exists((class, parent), take_one);
			}
		}
	}

	/// The interactivity period of `epoch` (see [`Config::InteractivePeriod`]).
	pub fn interactive_period(epoch: EpochIndex) -> u32 {
		epoch / T::InteractivePeriod::get().max(1)
	}

	/// The occupancy scale of `device`, an active device of `class` at `location` (see
	/// [`DeviceInspect::occupancy_scale`]), in parts per billion, in the current epoch.
	pub fn occupancy_scale_at(
		device: &PublicKey,
		class: ClassId,
		kind: NetworkKind,
		location: Option<H3Cell>,
	) -> u32 {
		let full = depin_primitives::SHARE_PARTS as u32;
		let (NetworkKind::Physical, Some(cell)) = (kind, location) else { return full };
		let limits = OccupancyLimits::<T>::get();
		if limits.is_empty() {
			return full;
		}
		let period = Self::interactive_period(T::CurrentEpoch::get());
		// A device not counted in this period or the one before counts itself.
		let counted = InteractiveMarks::<T>::get(device)
			.is_some_and(|m| m.period.saturating_add(1) >= period);
		let mut scale = Perbill::one();
		for (r, limit) in limits {
			let Some(parent) = h3::parent(cell, r) else { continue };
			let others =
				InteractiveOccupancy::<T>::get((class, parent)).map_or(0, |c| c.seen_from(period));
			let count = others.saturating_add(u32::from(!counted));
			if count > limit {
				scale = scale.saturating_mul(Perbill::from_rational(limit, count));
			}
		}
		scale.deconstruct()
	}

	/// Counts `device`, of `class` at `location`, as interactive in the current period (see
	/// [`DeviceInspect::note_interactive`]).
	pub(crate) fn count_interactive(
		device: &PublicKey,
		class: ClassId,
		kind: NetworkKind,
		location: Option<H3Cell>,
	) {
		let (NetworkKind::Physical, Some(cell)) = (kind, location) else { return };
		let period = Self::interactive_period(T::CurrentEpoch::get());
		let old = InteractiveMarks::<T>::get(device);
		if old.is_some_and(|m| m.period >= period) {
			return;
		}
		let also_previous = old.is_some_and(|m| m.period.saturating_add(1) == period);
		Self::move_interactive(device, class, cell, old, InteractiveMark { period, also_previous });
	}

	/// Replaces, in the counts of the parent cells of `cell` (each rolled to the current
	/// period), the contribution of `device`'s mark `old` (if any) with that of `new`, and
	/// stores `new`.
	fn move_interactive(
		device: &PublicKey,
		class: ClassId,
		cell: H3Cell,
		old: Option<InteractiveMark>,
		new: InteractiveMark,
	) {
		let period = Self::interactive_period(T::CurrentEpoch::get());
		for r in T::OccupancyResolutions::get() {
			let Some(parent) = h3::parent(cell, r) else { continue };
			InteractiveOccupancy::<T>::mutate((class, parent), |c| {
				let mut count = c.unwrap_or_default().rolled_to(period);
				if let Some(old) = &old {
					count.apply(old, false);
				}
				count.apply(&new, true);
				*c = Some(count);
			});
		}
		InteractiveMarks::<T>::insert(device, new);
	}

	/// Takes `device`, of `class` at `location`, out of the interactive counts of its parent
	/// cells (it moves, stops being active or leaves) and returns the mark it had; a device
	/// that stops being active counts again once it earns again. The counts of each cell are
	/// relative to the cell's own period, which is never earlier than the device's mark.
	pub(crate) fn forget_interactive(
		device: &PublicKey,
		class: ClassId,
		location: Option<H3Cell>,
	) -> Option<InteractiveMark> {
		let mark = InteractiveMarks::<T>::take(device)?;
		let Some(cell) = location else { return Some(mark) };
		for r in T::OccupancyResolutions::get() {
			let Some(parent) = h3::parent(cell, r) else { continue };
			InteractiveOccupancy::<T>::mutate_exists((class, parent), |c| {
				let Some(count) = c.as_mut() else { return };
				count.apply(&mark, false);
				if count.is_empty() {
					*c = None;
				}
			});
		}
		Some(mark)
	}

	/// Counts `device`, of `class`, as interactive at its new `location` under the `mark` it
	/// had at the old one, if that mark is still live (the current period or the one before):
	/// a working device that moves counts where it is from the move on, so a move (even to
	/// the same cell) cannot reset a crowded cell's count. It counts in the new cells for the
	/// mark's period only (as it was not counted there before).
	pub(crate) fn carry_interactive(
		device: &PublicKey,
		class: ClassId,
		location: H3Cell,
		mark: InteractiveMark,
	) {
		let period = Self::interactive_period(T::CurrentEpoch::get());
		if mark.period.saturating_add(1) < period || mark.period > period {
			return;
		}
		let carried = InteractiveMark { period: mark.period, also_previous: false };
		Self::move_interactive(device, class, location, None, carried);
	}

	pub(crate) fn do_set_occupancy_limits(
		limits: BoundedVec<(u8, u32), ConstU32<MAX_OCCUPANCY_RESOLUTIONS>>,
	) -> DispatchResult {
		let counted = T::OccupancyResolutions::get();
		for (i, (r, limit)) in limits.iter().enumerate() {
			ensure!(
				counted.contains(r) && !limits.iter().take(i).any(|(earlier, _)| earlier == r),
				Error::<T>::InvalidOccupancyResolution
			);
			ensure!(*limit > 0, Error::<T>::ZeroOccupancyLimit);
		}
		OccupancyLimits::<T>::put(limits.clone());
		Self::deposit_event(Event::OccupancyLimitsSet { limits });
		Ok(())
	}

	/// The device, if `who` owns it.
	pub(crate) fn owned(
		who: &T::AccountId,
		device: &PublicKey,
	) -> Result<DeviceOf<T>, DispatchError> {
		let d = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(d.owner == *who, Error::<T>::NotOwner);
		Ok(d)
	}

	fn ensure_active(status: &DeviceStatus<BlockNumberFor<T>>) -> DispatchResult {
		match status {
			DeviceStatus::Active => Ok(()),
			DeviceStatus::Suspended => Err(Error::<T>::DeviceSuspended.into()),
			DeviceStatus::Retiring { .. } => Err(Error::<T>::DeviceRetiring.into()),
		}
	}

	pub(crate) fn do_register_maker(
		certificate_key: PublicKey,
		name: BoundedVec<u8, T::MaxNameLen>,
		quota: u32,
	) -> DispatchResult {
		let maker = NextMakerId::<T>::get();
		let next = maker.checked_add(1).ok_or(Error::<T>::IdOverflow)?;
		Makers::<T>::insert(
			maker,
			Maker { certificate_key, name, quota, onboarded: 0, revoked: false },
		);
		NextMakerId::<T>::put(next);
		Self::deposit_event(Event::MakerRegistered { maker, certificate_key, quota });
		Ok(())
	}

	pub(crate) fn do_set_maker_quota(maker: MakerId, quota: u32) -> DispatchResult {
		Makers::<T>::try_mutate(maker, |m| {
			let m = m.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(!m.revoked, Error::<T>::MakerRevoked);
			m.quota = quota;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MakerQuotaSet { maker, quota });
		Ok(())
	}

	pub(crate) fn do_revoke_maker(maker: MakerId) -> DispatchResult {
		Makers::<T>::try_mutate(maker, |m| {
			let m = m.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(!m.revoked, Error::<T>::MakerRevoked);
			m.revoked = true;
			Ok::<_, DispatchError>(())
		})?;
		MakerStakes::<T>::mutate_exists(maker, |s| {
			if let Some(stake) = s.as_mut().filter(|s| s.account.is_some()) {
				stake.revoked_at = Some(frame_system::Pallet::<T>::block_number());
			}
		});
		Self::deposit_event(Event::MakerRevoked { maker });
		Ok(())
	}

	/// The bytes a maker's certificate key signs to name `account` as its bonded account.
	pub fn maker_bond_payload(maker: MakerId, account: &T::AccountId) -> Vec<u8> {
		crate::payload::maker_bond(&genesis_hash::<T>(), maker, account)
	}

	/// Maker parameters with a fault limit need a fault window.
	pub(crate) fn check_maker_params(params: &MakerParamsOf<T>) -> DispatchResult {
		ensure!(
			params.max_faults == 0 || !params.fault_window.is_zero(),
			Error::<T>::InvalidMakerParams
		);
		Ok(())
	}

	pub(crate) fn do_bond_maker(
		who: T::AccountId,
		maker: MakerId,
		maker_signature: RawSignature,
	) -> DispatchResult {
		let m = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(!m.revoked, Error::<T>::MakerRevoked);
		let mut stake = MakerStakes::<T>::get(maker);
		let bond = MakerParameters::<T>::get().bond;
		// A first bond, or its own account topping up a bond that slashes (or a raised
		// parameter) left short.
		let top_up = match &stake.account {
			None => bond,
			Some(account) if *account == who && stake.bond < bond => {
				bond.saturating_sub(stake.bond)
			}
			Some(_) => return Err(Error::<T>::MakerAlreadyBonded.into()),
		};
		ensure!(!Self::key_revoked(&m.certificate_key), Error::<T>::CertificateRevoked);
		ensure!(
			m.certificate_key.verify(&Self::maker_bond_payload(maker, &who), &maker_signature),
			Error::<T>::BadMakerSignature
		);
		T::Currency::hold(&HoldReason::MakerBond.into(), &who, top_up)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		stake.account = Some(who.clone());
		stake.bond = stake.bond.saturating_add(top_up);
		let bond = stake.bond;
		MakerStakes::<T>::insert(maker, stake);
		Self::deposit_event(Event::MakerBonded { maker, account: who, bond });
		Ok(())
	}

	pub(crate) fn do_withdraw_maker_bond(who: T::AccountId, maker: MakerId) -> DispatchResult {
		ensure!(Makers::<T>::contains_key(maker), Error::<T>::UnknownMaker);
		let mut stake = MakerStakes::<T>::get(maker);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			stake.account.as_ref() == Some(&who)
				&& stake
					.revoked_at
					.is_some_and(|at| now >= at.saturating_add(T::UnbondingPeriod::get())),
			Error::<T>::CannotWithdrawMakerBond
		);
		let amount = T::Currency::release(
			&HoldReason::MakerBond.into(),
			&who,
			stake.bond,
			Precision::BestEffort,
		)?;
		stake.account = None;
		stake.bond = Zero::zero();
		stake.revoked_at = None;
		MakerStakes::<T>::insert(maker, stake);
		Self::deposit_event(Event::MakerBondWithdrawn { maker, account: who, amount });
		Ok(())
	}

	/// An upheld dispute against a device of `maker`: slashes `MakerParameters::slash` of its
	/// bond to the treasury and counts the fault in the current window; past `max_faults`
	/// faults in the window, pauses the maker's onboarding.
	pub(crate) fn maker_fault(maker: MakerId) {
		let params = MakerParameters::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let mut stake = MakerStakes::<T>::get(maker);
		let mut slashed = Zero::zero();
		if let Some(account) = &stake.account {
			let amount = params.slash * stake.bond;
			slashed = T::Currency::transfer_on_hold(
				&HoldReason::MakerBond.into(),
				account,
				&T::Treasury::get(),
				amount,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_else(|_| Zero::zero());
			stake.bond = stake.bond.saturating_sub(slashed);
			stake.slashed = stake.slashed.saturating_add(slashed);
		}
		if stake.faults == 0 || now >= stake.window_start.saturating_add(params.fault_window) {
			stake.faults = 0;
			stake.window_start = now;
		}
		stake.faults = stake.faults.saturating_add(1);
		let pause = params.max_faults > 0 && stake.faults > params.max_faults && !stake.paused;
		stake.paused |= pause;
		let faults = stake.faults;
		MakerStakes::<T>::insert(maker, stake);
		Self::deposit_event(Event::MakerFaulted { maker, slashed, faults });
		if pause {
			Self::deposit_event(Event::MakerPaused { maker });
		}
	}

	/// Creates a class and returns its id.
	pub fn do_create_class(params: ClassParams<BalanceOf<T>>) -> Result<ClassId, DispatchError> {
		Self::check_class(&params)?;
		let class = NextClassId::<T>::get();
		let next = class.checked_add(1).ok_or(Error::<T>::IdOverflow)?;
		Classes::<T>::insert(class, params);
		NextClassId::<T>::put(next);
		Self::deposit_event(Event::ClassCreated { class });
		Ok(class)
	}

	pub(crate) fn do_update_class(
		class: ClassId,
		params: ClassParams<BalanceOf<T>>,
	) -> DispatchResult {
		let old = Classes::<T>::get(class).ok_or(Error::<T>::UnknownClass)?;
		Self::check_class(&params)?;
		ensure!(
			(old.proof == params.proof && old.kind == params.kind)
				|| DeviceCountByClass::<T>::get(class) == 0,
			Error::<T>::ClassInUse
		);
		Classes::<T>::insert(class, params);
		Self::deposit_event(Event::ClassUpdated { class });
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_register_device(
		owner: T::AccountId,
		device: PublicKey,
		class: ClassId,
		maker_id: MakerId,
		maker_signature: RawSignature,
		device_signature: RawSignature,
		location: Option<H3Cell>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResultWithPostInfo {
		let metadata_len = metadata.len() as u32;
		let (params, maker) = Self::onboarding(class, maker_id, &device)?;
		// A revoked P-256 key registers in no way, with a chain or without.
		ensure!(!Self::key_revoked(&device), Error::<T>::CertificateRevoked);
		let maker_key = maker.certificate_key;
		// Nor does a revoked P-256 maker key (a root or signer used as the certificate key)
		// certify any more.
		ensure!(!Self::key_revoked(&maker_key), Error::<T>::CertificateRevoked);
		ensure!(
			maker_key.verify(&Self::maker_certificate_payload(&device, class), &maker_signature),
			Error::<T>::BadMakerSignature
		);
		Self::finish_registration(
			owner,
			device,
			device_signature,
			class,
			params,
			(maker_id, maker),
			location,
			metadata,
		)?;
		// The call was charged for two P-256 checks; refund those that were cheaper keys.
		let cheaper = [maker_key, device].iter().filter(|k| !k.is_p256()).count();
		let refund = T::WeightInfo::verify_p256().saturating_mul(cheaper as u64);
		Ok(Some(Self::register_device_weight(metadata_len).saturating_sub(refund)).into())
	}

	/// What `register_device` is charged before it runs: its benchmark (with sr25519 keys) and
	/// two P-256 checks, in case the maker's key and the device's are P-256 (the unused part
	/// is refunded).
	pub fn register_device_weight(metadata_len: u32) -> Weight {
		T::WeightInfo::register_device(metadata_len)
			.saturating_add(T::WeightInfo::verify_p256().saturating_mul(2))
	}

	/// The checks that come before any signature of a registration: the class, the maker (known,
	/// not revoked, within quota, not paused, bonded as the parameters require), and a device
	/// key not yet registered. Returns the class and the maker.
	fn onboarding(
		class: ClassId,
		maker_id: MakerId,
		device: &PublicKey,
	) -> Result<(ClassParams<BalanceOf<T>>, MakerOf<T>), DispatchError> {
		let params = Classes::<T>::get(class).ok_or(Error::<T>::UnknownClass)?;
		let maker = Makers::<T>::get(maker_id).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(!maker.revoked, Error::<T>::MakerRevoked);
		ensure!(maker.onboarded < maker.quota, Error::<T>::MakerQuotaExhausted);
		let stake = MakerStakes::<T>::get(maker_id);
		ensure!(!stake.paused, Error::<T>::MakerPaused);
		let required = MakerParameters::<T>::get().bond;
		ensure!(stake.account.is_some() || required.is_zero(), Error::<T>::MakerNotBonded);
		ensure!(stake.bond >= required, Error::<T>::MakerBondDepleted);
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceAlreadyRegistered);
		Ok((params, maker))
	}

	/// The end of every registration, after the maker's proof: the device's consent, the
	/// location, the bond on hold (the last fallible step), then the writes.
	#[allow(clippy::too_many_arguments)]
	fn finish_registration(
		owner: T::AccountId,
		device: PublicKey,
		device_signature: RawSignature,
		class: ClassId,
		params: ClassParams<BalanceOf<T>>,
		(maker_id, mut maker): (MakerId, MakerOf<T>),
		location: Option<H3Cell>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		ensure!(
			device.verify(&Self::device_consent_payload(&owner), &device_signature),
			Error::<T>::BadDeviceSignature
		);
		Self::check_device_location(&params, location)?;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &owner, params.bond)
			.map_err(|_| Error::<T>::CannotAffordBond)?;
		maker.onboarded = maker.onboarded.saturating_add(1);
		Makers::<T>::insert(maker_id, maker);
		Self::insert_device(owner, device, class, &params, maker_id, location, metadata);
		Ok(())
	}

	pub(crate) fn do_set_maker_root(maker: MakerId, root: Option<P256Key>) -> DispatchResult {
		let m = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		// A revoked maker's root may still be removed.
		ensure!(!m.revoked || root.is_none(), Error::<T>::MakerRevoked);
		match root {
			Some(key) => {
				ensure!(
					depin_primitives::keys::p256_compress(&key) == Some(key),
					Error::<T>::InvalidRootKey
				);
				MakerRoots::<T>::insert(maker, key);
			}
			None => MakerRoots::<T>::remove(maker),
		}
		Self::deposit_event(Event::MakerRootSet { maker, root });
		Ok(())
	}

	/// Whether `key` is a P-256 key revoked with `Revocation::Key`.
	fn key_revoked(key: &PublicKey) -> bool {
		match key {
			PublicKey::P256(key) => RevokedCertificates::<T>::contains_key(Revocation::Key(*key)),
			_ => false,
		}
	}

	/// Whether a certificate (issued by `issuer` with `serial`, for `key`) is revoked.
	fn is_revoked(issuer: &P256Key, serial: &[u8], key: &P256Key) -> bool {
		RevokedCertificates::<T>::contains_key(Revocation::Key(*key))
			|| Serial::try_from(serial.to_vec()).is_ok_and(|serial| {
				RevokedCertificates::<T>::contains_key(Revocation::Certificate {
					issuer: *issuer,
					serial,
				})
			})
	}

	/// The status of a device's maker certificate: `None` for a device registered without a
	/// chain, else whether its certificate (by its issuer and serial, or its key) or its
	/// issuer's key is revoked now.
	pub fn certificate_status(device: &PublicKey) -> Option<(DeviceCertificate, bool)> {
		let cert = DeviceCertificates::<T>::get(device)?;
		let PublicKey::P256(key) = device else { return Some((cert, false)) };
		let revoked = Self::is_revoked(&cert.issuer, &cert.serial, key)
			|| RevokedCertificates::<T>::contains_key(Revocation::Key(cert.issuer));
		Some((cert, revoked))
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_register_device_with_chain(
		owner: T::AccountId,
		device: PublicKey,
		class: ClassId,
		maker_id: MakerId,
		chain: CertificateChain,
		class_signature: RawSignature,
		device_signature: RawSignature,
		location: Option<H3Cell>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		use depin_primitives::x509::{self, CertError, ChainError};
		let (params, maker) = Self::onboarding(class, maker_id, &device)?;
		let root = MakerRoots::<T>::get(maker_id).ok_or(Error::<T>::NoMakerRoot)?;
		ensure!(!chain.is_empty(), Error::<T>::EmptyCertificateChain);
		// The root has no certificate in the chain to be revoked by: its key is looked up here.
		ensure!(
			!RevokedCertificates::<T>::contains_key(Revocation::Key(root)),
			Error::<T>::CertificateRevoked
		);
		let now = i64::try_from(<T::UnixTime as UnixTime>::now().as_secs()).unwrap_or(i64::MAX);
		let ders: Vec<&[u8]> = chain.iter().map(|c| c.as_slice()).collect();
		let verified =
			x509::verify_chain(&ders, &root, now, Self::is_revoked).map_err(|e| match e {
				ChainError::BadLength => Error::<T>::EmptyCertificateChain,
				ChainError::Certificate { error: CertError::Unsupported, .. } => {
					Error::<T>::CertificateUnsupported
				}
				ChainError::Certificate { .. } => Error::<T>::CertificateMalformed,
				ChainError::NotYetValid { .. } => Error::<T>::CertificateNotYetValid,
				ChainError::Expired { .. } => Error::<T>::CertificateExpired,
				ChainError::IssuerMismatch { .. } => Error::<T>::CertificateIssuerMismatch,
				ChainError::NotAuthority { .. } => Error::<T>::NotCertificateAuthority,
				ChainError::BadSignature { .. } => Error::<T>::BadCertificateSignature,
				ChainError::WrongRoot => Error::<T>::WrongRoot,
				ChainError::Revoked { .. } => Error::<T>::CertificateRevoked,
				ChainError::DeviceIsAuthority => Error::<T>::DeviceCertificateIsAuthority,
			})?;
		ensure!(device == PublicKey::P256(verified.device_key), Error::<T>::CertificateKeyMismatch);
		ensure!(
			PublicKey::P256(verified.signer_key)
				.verify(&Self::chain_binding_payload(maker_id, &device, class), &class_signature),
			Error::<T>::BadMakerSignature
		);
		let serial = Serial::try_from(verified.serial.to_vec())
			.map_err(|_| Error::<T>::CertificateMalformed)?;
		let not_after = verified.not_after;
		Self::finish_registration(
			owner,
			device,
			device_signature,
			class,
			params,
			(maker_id, maker),
			location,
			metadata,
		)?;
		let issuer = verified.signer_key;
		DeviceCertificates::<T>::insert(
			device,
			DeviceCertificate { issuer, serial: serial.clone(), not_after },
		);
		Self::deposit_event(Event::DeviceCertified { device, issuer, serial });
		Ok(())
	}

	/// Writes a new active device whose bond (its class's) is already on hold, with its
	/// indexes and counts.
	fn insert_device(
		owner: T::AccountId,
		device: PublicKey,
		class: ClassId,
		params: &ClassParams<BalanceOf<T>>,
		maker: MakerId,
		location: Option<H3Cell>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) {
		let bond = params.bond;
		let now = frame_system::Pallet::<T>::block_number();
		if !now.is_zero() {
			RegisteredAt::<T>::insert(device, now);
		}
		Devices::<T>::insert(
			device,
			DeviceOf::<T> {
				owner: owner.clone(),
				class,
				maker,
				bond,
				status: DeviceStatus::Active,
				location,
				location_set_at: now,
				metadata,
			},
		);
		DevicesByOwner::<T>::insert(&owner, device, ());
		DeviceCountByOwner::<T>::mutate(&owner, |n| n.saturating_inc());
		DeviceCountByClass::<T>::mutate(class, |n| n.saturating_inc());
		DeviceCountByMaker::<T>::mutate(maker, |n| n.saturating_inc());
		Self::recount_status(None, Some(&DeviceStatus::Active));
		Self::count_occupancy(class, params.kind, location, true);
		Self::deposit_event(Event::DeviceRegistered { device, owner, class, maker, bond });
	}

	/// Benchmarks of other pallets only: registers `device` for `owner` in a new class with
	/// `params`, certified by a benchmark maker (created on first use), without signatures.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn register_for_benchmark(
		device: PublicKey,
		owner: &T::AccountId,
		params: ClassParams<BalanceOf<T>>,
		location: Option<H3Cell>,
	) -> DispatchResult {
		let bond = params.bond;
		let class = Self::do_create_class(params.clone())?;
		let maker = match Makers::<T>::iter_keys().next() {
			Some(maker) => maker,
			None => {
				let maker = NextMakerId::<T>::get();
				Self::do_register_maker(PublicKey::Sr25519([0; 32]), Default::default(), u32::MAX)?;
				// Bonded by the first device's owner, so that a fault moves part of a bond (the
				// worst case of the disputes that reach it).
				T::Currency::hold(&HoldReason::MakerBond.into(), owner, bond)?;
				MakerStakes::<T>::insert(
					maker,
					crate::MakerStake { account: Some(owner.clone()), bond, ..Default::default() },
				);
				maker
			}
		};
		Makers::<T>::try_mutate(maker, |m| {
			let m = m.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			m.onboarded = m.onboarded.saturating_add(1);
			Ok::<_, DispatchError>(())
		})?;
		T::Currency::hold(&HoldReason::DeviceBond.into(), owner, bond)?;
		Self::insert_device(
			owner.clone(),
			device,
			class,
			&params,
			maker,
			location,
			Default::default(),
		);
		Ok(())
	}

	/// Registers `fleet.count` devices at genesis (see [`crate::SyntheticFleet`]): a maker of
	/// their own with a quota of exactly `count`, keys derived by hashing, and every bond minted
	/// to the owner and put on hold (with an existential deposit that the hold leaves free), so
	/// issuance and holds stay consistent.
	pub(crate) fn build_synthetic_fleet(
		fleet: &crate::SyntheticFleet<T::AccountId>,
	) -> DispatchResult {
		use frame_support::traits::fungible::{Inspect, Mutate};
		let params = Classes::<T>::get(fleet.class).ok_or(Error::<T>::UnknownClass)?;
		Self::check_device_location(&params, fleet.location)?;
		let maker = NextMakerId::<T>::get();
		// A label only: a runtime whose `MaxNameLen` is shorter gets it cut to fit.
		Self::do_register_maker(
			PublicKey::Sr25519([0; 32]),
			BoundedVec::truncate_from(b"synthetic fleet".to_vec()),
			fleet.count,
		)?;
		let total = params.bond.saturating_mul(fleet.count.into());
		// The bond plus an existential deposit, which the hold must leave free.
		let minted = total.saturating_add(T::Currency::minimum_balance());
		T::Currency::mint_into(&fleet.owner, minted)?;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &fleet.owner, total)?;
		for i in 0..fleet.count {
			Self::insert_device(
				fleet.owner.clone(),
				crate::SyntheticFleet::<T::AccountId>::key(i),
				fleet.class,
				&params,
				maker,
				fleet.location,
				Default::default(),
			);
		}
		Makers::<T>::try_mutate(maker, |m| {
			let m = m.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			m.onboarded = fleet.count;
			Ok::<_, DispatchError>(())
		})?;
		Ok(())
	}

	pub(crate) fn do_set_location(
		who: T::AccountId,
		device: PublicKey,
		location: H3Cell,
	) -> DispatchResult {
		let mut d = Self::owned(&who, &device)?;
		Self::ensure_active(&d.status)?;
		let params = Classes::<T>::get(d.class).ok_or(Error::<T>::UnknownClass)?;
		Self::check_device_location(&params, Some(location))?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			d.location.is_none()
				|| now >= d.location_set_at.saturating_add(T::LocationUpdateCooldown::get()),
			Error::<T>::LocationCooldown
		);
		let mark = Self::forget_interactive(&device, d.class, d.location);
		Self::count_occupancy(d.class, params.kind, d.location, false);
		Self::count_occupancy(d.class, params.kind, Some(location), true);
		if let Some(mark) = mark {
			Self::carry_interactive(&device, d.class, location, mark);
		}
		d.location = Some(location);
		d.location_set_at = now;
		Devices::<T>::insert(device, d);
		Self::deposit_event(Event::LocationSet { device, location });
		Ok(())
	}

	pub(crate) fn do_set_metadata(
		who: T::AccountId,
		device: PublicKey,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		let mut d = Self::owned(&who, &device)?;
		d.metadata = metadata;
		Devices::<T>::insert(device, d);
		Self::deposit_event(Event::MetadataSet { device });
		Ok(())
	}

	pub(crate) fn do_offer_transfer(
		who: T::AccountId,
		device: PublicKey,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let d = Self::owned(&who, &device)?;
		ensure!(new_owner != who, Error::<T>::TransferToSelf);
		Self::ensure_active(&d.status)?;
		Self::ensure_undisputed(&device)?;
		Self::ensure_work_settled(&device)?;
		PendingTransfers::<T>::insert(device, new_owner.clone());
		Self::deposit_event(Event::TransferOffered { device, from: who, to: new_owner });
		Ok(())
	}

	pub(crate) fn do_accept_transfer(who: T::AccountId, device: PublicKey) -> DispatchResult {
		let mut d = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(
			PendingTransfers::<T>::get(device) == Some(who.clone()),
			Error::<T>::NoPendingTransfer
		);
		Self::ensure_active(&d.status)?;
		Self::ensure_undisputed(&device)?;
		// The seller's bond answered for the seller's work: it is released only once no
		// dispute of that work can be opened any more.
		Self::ensure_work_settled(&device)?;
		let reason = HoldReason::DeviceBond.into();
		// Hold from the new owner first: if that fails, nothing has changed.
		T::Currency::hold(&reason, &who, d.bond).map_err(|_| Error::<T>::CannotAffordBond)?;
		T::Currency::release(&reason, &d.owner, d.bond, Precision::Exact)?;

		let from = core::mem::replace(&mut d.owner, who.clone());
		DevicesByOwner::<T>::remove(&from, device);
		DeviceCountByOwner::<T>::mutate_exists(&from, take_one);
		DevicesByOwner::<T>::insert(&who, device, ());
		DeviceCountByOwner::<T>::mutate(&who, |n| n.saturating_inc());
		Devices::<T>::insert(device, d);
		PendingTransfers::<T>::remove(device);
		Self::deposit_event(Event::DeviceTransferred { device, from, to: who });
		Ok(())
	}

	/// Counts an active device that stops being active out of the occupancy, and out of the
	/// interactive devices.
	fn count_out_of_occupancy(device: &PublicKey, d: &DeviceOf<T>) {
		let _ = Self::forget_interactive(device, d.class, d.location);
		if let Some(params) = Classes::<T>::get(d.class) {
			Self::count_occupancy(d.class, params.kind, d.location, false);
		}
	}

	/// Fails with `UnderDispute` while `device` has an open dispute.
	fn ensure_undisputed(device: &PublicKey) -> DispatchResult {
		ensure!(DisputeLocks::<T>::get(device) == 0, Error::<T>::UnderDispute);
		Ok(())
	}

	/// Fails with `WorkStillDisputable` while a dispute of `device`'s last work could still be
	/// opened (the current epoch is within its epoch's dispute window).
	fn ensure_work_settled(device: &PublicKey) -> DispatchResult {
		if let Some(last) = LastWork::<T>::get(device) {
			ensure!(
				T::CurrentEpoch::get() > last.saturating_add(T::DisputeWindow::get()),
				Error::<T>::WorkStillDisputable
			);
		}
		Ok(())
	}

	pub(crate) fn do_retire(who: T::AccountId, device: PublicKey) -> DispatchResult {
		let mut d = Self::owned(&who, &device)?;
		Self::ensure_active(&d.status)?;
		Self::ensure_undisputed(&device)?;
		let unbonds_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		let retiring = DeviceStatus::Retiring { unbonds_at };
		Self::recount_status(Some(&d.status), Some(&retiring));
		Self::count_out_of_occupancy(&device, &d);
		d.status = retiring;
		Devices::<T>::insert(device, d);
		PendingTransfers::<T>::remove(device);
		Self::deposit_event(Event::DeviceRetiring { device, unbonds_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_bond(who: T::AccountId, device: PublicKey) -> DispatchResult {
		let d = Self::owned(&who, &device)?;
		let DeviceStatus::Retiring { unbonds_at } = d.status else {
			return Err(Error::<T>::NotRetiring.into());
		};
		ensure!(
			frame_system::Pallet::<T>::block_number() >= unbonds_at,
			Error::<T>::StillUnbonding
		);
		Self::ensure_undisputed(&device)?;
		Self::ensure_work_settled(&device)?;
		// Release what is left of the bond (a slash may have taken part of it).
		let released = T::Currency::release(
			&HoldReason::DeviceBond.into(),
			&who,
			d.bond,
			Precision::BestEffort,
		)?;
		Devices::<T>::remove(device);
		DeviceCertificates::<T>::remove(device);
		DevicesByOwner::<T>::remove(&who, device);
		DeviceCountByOwner::<T>::mutate_exists(&who, take_one);
		DeviceCountByClass::<T>::mutate_exists(d.class, take_one);
		DeviceCountByMaker::<T>::mutate_exists(d.maker, take_one);
		Self::recount_status(Some(&d.status), None);
		// A retiring device has no interactive mark (retirement took it).
		Activity::<T>::remove(device);
		RegisteredAt::<T>::remove(device);
		LastWork::<T>::remove(device);
		Self::deposit_event(Event::BondWithdrawn { device, owner: who, amount: released });
		Ok(())
	}

	pub(crate) fn do_suspend(device: PublicKey) -> DispatchResult {
		Devices::<T>::try_mutate(device, |d| {
			let d = d.as_mut().ok_or(Error::<T>::UnknownDevice)?;
			Self::ensure_active(&d.status)?;
			d.status = DeviceStatus::Suspended;
			Self::count_out_of_occupancy(&device, d);
			Ok::<_, DispatchError>(())
		})?;
		Self::recount_status(Some(&DeviceStatus::Active), Some(&DeviceStatus::Suspended));
		PendingTransfers::<T>::remove(device);
		Self::deposit_event(Event::DeviceSuspended { device });
		Ok(())
	}

	pub(crate) fn do_resume(device: PublicKey) -> DispatchResult {
		Devices::<T>::try_mutate(device, |d| {
			let d = d.as_mut().ok_or(Error::<T>::UnknownDevice)?;
			ensure!(d.status == DeviceStatus::Suspended, Error::<T>::NotSuspended);
			d.status = DeviceStatus::Active;
			if let Some(params) = Classes::<T>::get(d.class) {
				Self::count_occupancy(d.class, params.kind, d.location, true);
			}
			Ok::<_, DispatchError>(())
		})?;
		Self::recount_status(Some(&DeviceStatus::Suspended), Some(&DeviceStatus::Active));
		Self::deposit_event(Event::DeviceResumed { device });
		Ok(())
	}

	/// Moves up to `amount` of a device's bond to `beneficiary`.
	pub fn do_slash(
		device: &PublicKey,
		amount: BalanceOf<T>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut d = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let amount = amount.min(d.bond);
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::DeviceBond.into(),
			&d.owner,
			beneficiary,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		d.bond = d.bond.saturating_sub(moved);
		Devices::<T>::insert(device, d);
		Self::deposit_event(Event::BondSlashed {
			device: *device,
			amount: moved,
			beneficiary: beneficiary.clone(),
		});
		Ok(moved)
	}

	/// The registry's invariants:
	///
	/// - every device is indexed under its owner, and the owner, class and maker counts match
	///   the devices (a maker never has more live devices than it onboarded);
	/// - the bonds on hold of each owner equal the sum of the bonds of the devices they own
	///   (every registered device's bond is on hold until it is withdrawn);
	/// - maker and class ids are below the next id; transfer offers, dispute locks and work
	///   marks (`LastWork`) are for registered devices.
	///
	/// Runs in try-runtime checks, after every unit test, and in the runtime's tests.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut by_owner: BTreeMap<T::AccountId, (u32, BalanceOf<T>)> = BTreeMap::new();
		let mut by_class: BTreeMap<ClassId, u32> = BTreeMap::new();
		let mut by_maker: BTreeMap<MakerId, u32> = BTreeMap::new();
		let mut by_status = crate::StatusCounts::default();
		let mut occupancy: BTreeMap<(ClassId, H3Cell), u32> = BTreeMap::new();
		for (key, d) in Devices::<T>::iter() {
			crate::counts::count_in(&mut by_status, &d.status);
			let params = Classes::<T>::get(d.class).ok_or("device of an unknown class")?;
			if let (DeviceStatus::Active, NetworkKind::Physical, Some(cell)) =
				(&d.status, params.kind, d.location)
			{
				for r in T::OccupancyResolutions::get() {
					let parent =
						h3::parent(cell, r).ok_or("physical device located too coarsely")?;
					*occupancy.entry((d.class, parent)).or_default() += 1;
				}
			}
			ensure!(
				DevicesByOwner::<T>::contains_key(&d.owner, key),
				"device missing from its owner's index"
			);
			ensure!(d.class < NextClassId::<T>::get(), "device of an unknown class");
			ensure!(Makers::<T>::contains_key(d.maker), "device of an unknown maker");
			let e = by_owner.entry(d.owner.clone()).or_insert((0, Zero::zero()));
			e.0 += 1;
			e.1 = e.1.saturating_add(d.bond);
			*by_class.entry(d.class).or_default() += 1;
			*by_maker.entry(d.maker).or_default() += 1;
		}
		ensure!(
			DevicesByOwner::<T>::iter().count() == Devices::<T>::iter().count(),
			"owner index has stale entries"
		);
		for (owner, (count, bonds)) in &by_owner {
			ensure!(DeviceCountByOwner::<T>::get(owner) == *count, "owner count mismatch");
			ensure!(
				<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::DeviceBond.into(),
					owner
				) == *bonds,
				"held bonds differ from the sum of the owner's device bonds"
			);
		}
		for (key, open) in DisputeLocks::<T>::iter() {
			ensure!(open > 0, "a zero dispute lock is stored");
			ensure!(Devices::<T>::contains_key(key), "a dispute lock of an unknown device");
		}
		for key in LastWork::<T>::iter_keys() {
			ensure!(Devices::<T>::contains_key(key), "a work mark of an unknown device");
		}
		for (key, cert) in DeviceCertificates::<T>::iter() {
			ensure!(Devices::<T>::contains_key(key), "a certificate of an unknown device");
			ensure!(key.is_p256(), "a certificate of a key not P-256");
			ensure!(!cert.serial.is_empty(), "a certificate with an empty serial number");
		}
		for revocation in RevokedCertificates::<T>::iter_keys() {
			ensure!(revocation.is_well_formed(), "a revocation that matches no certificate");
		}
		for (maker, root) in MakerRoots::<T>::iter() {
			ensure!(Makers::<T>::contains_key(maker), "a root of an unknown maker");
			ensure!(
				depin_primitives::keys::p256_compress(&root) == Some(root),
				"a root that is not a P-256 key"
			);
		}
		ensure!(
			DeviceCountByOwner::<T>::iter().count() == by_owner.len(),
			"owner counts for owners without devices"
		);
		for (class, count) in DeviceCountByClass::<T>::iter() {
			ensure!(by_class.get(&class) == Some(&count), "class count mismatch");
		}
		ensure!(DeviceCountByClass::<T>::iter().count() == by_class.len(), "class without count");
		ensure!(DeviceCountByStatus::<T>::get() == by_status, "status counts mismatch");
		for (maker, count) in DeviceCountByMaker::<T>::iter() {
			ensure!(by_maker.get(&maker) == Some(&count), "maker count mismatch");
		}
		ensure!(DeviceCountByMaker::<T>::iter().count() == by_maker.len(), "maker without count");
		for (maker, count) in &by_maker {
			let onboarded =
				Makers::<T>::get(maker).map(|m| m.onboarded).ok_or("device of an unknown maker")?;
			ensure!(*count <= onboarded, "more live devices than the maker onboarded");
		}
		for id in Makers::<T>::iter_keys() {
			ensure!(id < NextMakerId::<T>::get(), "maker id above the next id");
		}
		for id in Classes::<T>::iter_keys() {
			ensure!(id < NextClassId::<T>::get(), "class id above the next id");
		}
		for (device, _) in PendingTransfers::<T>::iter() {
			ensure!(Devices::<T>::contains_key(device), "transfer offer for an unknown device");
		}
		for (key, count) in Occupancy::<T>::iter() {
			ensure!(occupancy.remove(&key) == Some(count), "occupancy differs from the devices");
		}
		ensure!(occupancy.is_empty(), "devices missing from the occupancy counters");
		// The interactive counts are what the marks of the devices in each cell add up to,
		// relative to the cell's period.
		let mut interactive: BTreeMap<(ClassId, H3Cell), (u32, u32, u32)> = BTreeMap::new();
		let period = Self::interactive_period(T::CurrentEpoch::get());
		for (device, mark) in InteractiveMarks::<T>::iter() {
			ensure!(mark.period <= period, "an interactive mark from a later period");
			let d = Devices::<T>::get(device).ok_or("interactive mark of an unknown device")?;
			ensure!(d.status == DeviceStatus::Active, "interactive mark of an inactive device");
			let cell = d.location.ok_or("interactive mark of a device without a location")?;
			for r in T::OccupancyResolutions::get() {
				let key = (d.class, h3::parent(cell, r).ok_or("located too coarsely")?);
				// A live mark is counted, so its cell has an entry; a stale one (counted two
				// periods ago or earlier) may have outlived it.
				let Some(count) = InteractiveOccupancy::<T>::get(key) else {
					ensure!(
						mark.period.saturating_add(1) < period,
						"an interactive device missing from its cell's count"
					);
					continue;
				};
				ensure!(mark.period <= count.period, "a mark later than its cell's period");
				let (previous, current, fresh) = count.contribution(&mark);
				let e = interactive.entry(key).or_default();
				*e = (e.0 + previous, e.1 + current, e.2 + fresh);
			}
		}
		for (key, count) in InteractiveOccupancy::<T>::iter() {
			ensure!(!count.is_empty(), "an empty interactive count is stored");
			ensure!(Occupancy::<T>::contains_key(key), "interactive count of an empty cell");
			let (previous, current, fresh) = interactive.remove(&key).unwrap_or_default();
			ensure!(
				(count.previous, count.current, count.fresh) == (previous, current, fresh),
				"interactive count differs from the devices' marks"
			);
		}
		ensure!(
			interactive.values().all(|c| *c == (0, 0, 0)),
			"interactive devices missing from their cells' counts"
		);
		for device in Activity::<T>::iter_keys() {
			ensure!(Devices::<T>::contains_key(device), "activity of an unknown device");
		}
		for (device, at) in RegisteredAt::<T>::iter() {
			ensure!(Devices::<T>::contains_key(device), "registration block of an unknown device");
			ensure!(!at.is_zero(), "registration block recorded for a genesis device");
		}
		let mut maker_bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (maker, stake) in MakerStakes::<T>::iter() {
			ensure!(Makers::<T>::contains_key(maker), "stake of an unknown maker");
			match &stake.account {
				Some(account) => {
					let b = maker_bonds.entry(account.clone()).or_insert_with(Zero::zero);
					*b = b.saturating_add(stake.bond);
				}
				None => ensure!(stake.bond.is_zero(), "a bond without an account"),
			}
		}
		for (account, bonds) in maker_bonds {
			ensure!(
				<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::MakerBond.into(),
					&account
				) == bonds,
				"held maker bonds differ from the makers' stakes"
			);
		}
		Ok(())
	}
}

impl<T: Config> DeviceInspect<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn device(device: &PublicKey) -> Option<DeviceView<T::AccountId, BalanceOf<T>>> {
		let d = Devices::<T>::get(device)?;
		let params = Classes::<T>::get(d.class)?;
		Some(DeviceView {
			owner: d.owner,
			class: d.class,
			maker: d.maker,
			params,
			location: d.location,
			bond: d.bond,
			active: d.status == DeviceStatus::Active,
		})
	}

	fn occupancy_scale(device: &PublicKey, view: &DeviceView<T::AccountId, BalanceOf<T>>) -> u32 {
		Self::occupancy_scale_at(device, view.class, view.params.kind, view.location)
	}

	fn note_interactive(device: &PublicKey, class: ClassId, cell: H3Cell) {
		Self::count_interactive(device, class, NetworkKind::Physical, Some(cell));
	}

	fn note_work(device: &PublicKey, epoch: EpochIndex) {
		// Only registered devices have a bond to keep (a migration may report older work).
		if !Devices::<T>::contains_key(device) {
			return;
		}
		LastWork::<T>::mutate(device, |last| {
			if last.is_none_or(|l| l < epoch) {
				*last = Some(epoch);
			}
		});
	}

	fn activity(device: &PublicKey) -> DeviceActivity {
		Activity::<T>::get(device).unwrap_or_default()
	}

	fn registered_at(device: &PublicKey) -> Option<u64> {
		RegisteredAt::<T>::get(device).map(|n| n.saturated_into())
	}

	fn note_beaconed(device: &PublicKey, epoch: EpochIndex) {
		if Devices::<T>::contains_key(device) {
			Activity::<T>::mutate(device, |a| {
				a.get_or_insert_with(Default::default).last_beaconed = Some(epoch)
			});
		}
	}

	fn note_witnessed(device: &PublicKey, epoch: EpochIndex) {
		if Devices::<T>::contains_key(device) {
			Activity::<T>::mutate(device, |a| {
				a.get_or_insert_with(Default::default).last_witnessed = Some(epoch)
			});
		}
	}

	fn slash(
		device: &PublicKey,
		amount: BalanceOf<T>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_slash(device, amount, beneficiary)
	}

	fn suspend(device: &PublicKey) -> DispatchResult {
		match Devices::<T>::get(device).map(|d| d.status) {
			None => Err(Error::<T>::UnknownDevice.into()),
			Some(DeviceStatus::Active) => Self::do_suspend(*device),
			Some(_) => Ok(()),
		}
	}

	fn dispute_opened(device: &PublicKey) {
		DisputeLocks::<T>::mutate(device, |n| n.saturating_inc());
	}

	fn dispute_closed(device: &PublicKey) {
		DisputeLocks::<T>::mutate_exists(device, take_one);
	}

	fn maker_fault(device: &PublicKey) {
		if let Some(d) = Devices::<T>::get(device) {
			Self::maker_fault(d.maker);
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(
		device: PublicKey,
		owner: &T::AccountId,
		params: ClassParams<BalanceOf<T>>,
		location: Option<H3Cell>,
	) -> DispatchResult {
		Pallet::<T>::register_for_benchmark(device, owner, params, location)
	}
}
