//! # Device registry
//!
//! A device exists on chain only as a hardware key that an approved manufacturer vouched for,
//! that consented to its owner, and that is backed by a bond on hold from the owner.
//!
//! - **Makers** (manufacturers) are registered, given an onboarding quota and revoked by the
//!   `DeviceAdmin` origin. A maker certifies every device it ships: its certificate key signs
//!   `(MAKER_CERTIFICATE_TAG, genesis hash, device key, class id)`, the maker certificate.
//! - **Device classes** (created and updated by `DeviceAdmin`) fix the network kind, the proof
//!   kind, the bond, the per-epoch units cap, the reward weight, whether a location is required
//!   and the witness rules.
//! - **Devices** are identified by their own public key (sr25519, ed25519 or P-256). The owner
//!   registers a device with the maker certificate and the device's signature over
//!   `(DEVICE_CONSENT_TAG, genesis hash, owner)`; the class bond goes on hold.
//! - **Certificate chains**: a maker may also register a P-256 root key (`set_maker_root`).
//!   Its devices, P-256 keys in secure elements, then register with the X.509 chain they were
//!   provisioned with (`register_device_with_chain`): the device's certificate, up to two
//!   issuing certificates, each valid now and signed by the next, the last by the root; the
//!   signer (the device certificate's issuer) binds the class by signing the class-binding
//!   payload (`CHAIN_BINDING_TAG`, not the maker certificate's). `DeviceAdmin` revokes single certificates by (issuer key, serial number) and
//!   every certificate of a key (`revoke_certificate`). Owners set the
//!   location (an H3 cell, at most once per `LocationUpdateCooldown`), update metadata, transfer
//!   the device (the new owner accepts and takes over the bond), and retire it; the bond can be
//!   withdrawn `UnbondingPeriod` blocks after retiring.
//! - Other pallets read devices and slash bonds through [`DeviceInspect`].
//!
//! The byte layout of the signed payloads is documented for firmware authors in
//! `docs/devices.md`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod counts;
mod impls;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;

/// What the benchmarks need of the runtime beyond the pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `Config::CurrentEpoch` return `epoch`.
	fn set_current_epoch(epoch: EpochIndex);
	/// Makes `Config::UnixTime` return `secs` seconds since the Unix epoch.
	fn set_unix_time(secs: u64);
}
pub use types::*;

/// Most resolutions at which occupancy is counted (each costs a read and a write whenever a
/// device of a physical class registers, moves or changes state).
pub const MAX_OCCUPANCY_RESOLUTIONS: u32 = 4;
pub use weights::WeightInfo;

/// The signed payloads and their domain tags, shared with off-chain signers (see
/// `depin_primitives::payload`).
pub use depin_primitives::payload;
pub use depin_primitives::{
	h3,
	payload::{CHAIN_BINDING_TAG, DEVICE_CONSENT_TAG, MAKER_CERTIFICATE_TAG},
};

// FRAME's macro expansions call `expect`, and a call may take many arguments; the pallet's own
// logic lives in `impls.rs`, where the workspace lints apply in full.
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;

	use depin_primitives::x509::{MAX_CERTIFICATE_LEN, MAX_CHAIN_LEN};

	/// One DER certificate of a maker certificate chain.
	pub type CertificateDer = BoundedVec<u8, ConstU32<MAX_CERTIFICATE_LEN>>;

	/// A maker certificate chain: the device's certificate first, then its issuers.
	pub type CertificateChain = BoundedVec<CertificateDer, ConstU32<MAX_CHAIN_LEN>>;

	/// The balance type of the currency that bonds are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A maker as stored in `Makers`, its name bounded by `MaxNameLen`.
	pub type MakerOf<T> = Maker<<T as Config>::MaxNameLen>;

	/// The maker parameters of this runtime.
	pub type MakerParamsOf<T> = MakerParams<BalanceOf<T>, BlockNumberFor<T>>;

	/// A maker's stake in this runtime.
	pub type MakerStakeOf<T> =
		MakerStake<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// A device as stored in `Devices`, its metadata bounded by `MaxMetadataLen`.
	pub type DeviceOf<T> = Device<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxMetadataLen,
	>;

	/// The storage layout version; see [`crate::migrations`].
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency bonds are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Registers makers and classes, suspends and resumes devices.
		type DeviceAdmin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives slashed maker bonds.
		type Treasury: Get<Self::AccountId>;

		/// Longest maker name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Longest device metadata (a content hash or URI), in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Blocks between two location changes of a device.
		#[pallet::constant]
		type LocationUpdateCooldown: Get<BlockNumberFor<Self>>;

		/// Blocks between retiring a device and withdrawing its bond.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Coarsest H3 resolution accepted as a device location.
		#[pallet::constant]
		type MinH3Resolution: Get<u8>;

		/// Finest H3 resolution accepted as a device location.
		#[pallet::constant]
		type MaxH3Resolution: Get<u8>;

		/// The H3 resolutions at which the active devices of each physical class are counted
		/// per cell (occupancy), coarsest first, at most [`MAX_OCCUPANCY_RESOLUTIONS`]. Fixed
		/// by the runtime, because the counters must exist before governance may limit them.
		#[pallet::constant]
		type OccupancyResolutions: Get<BoundedVec<u8, ConstU32<MAX_OCCUPANCY_RESOLUTIONS>>>;

		/// The current reward epoch (the work pallet's clock). Occupancy counts a device in
		/// the period of the epoch in which it earned.
		type CurrentEpoch: Get<EpochIndex>;

		/// How many epochs after its epoch a device's work may be disputed (the work pallet's
		/// dispute window). While a device's last work may still be disputed it can neither
		/// withdraw its bond nor change hands, so an upheld dispute always finds the bond that
		/// answered for the work, whatever the unbonding period or the window.
		type DisputeWindow: Get<EpochIndex>;

		/// Reward epochs per interactivity period. Occupancy counts, per class and parent
		/// cell, the devices that earned witnessed or attested units in the current or the
		/// previous period (HIP-17's "interactive" hotspots), so idle devices do not dilute
		/// the devices that work; a device that earned within the last one to two periods
		/// counts. It should cover several challenges of an honest device (with a challenge
		/// rate of 10%, 24 epochs hold about 2.4 beacons of each device and more witness
		/// receipts). At least 1.
		#[pallet::constant]
		type InteractivePeriod: Get<EpochIndex>;

		/// Wall-clock time, against which certificate validity is checked (the timestamp
		/// pallet: the block's time as its author set it, within the drift the validators
		/// accept).
		type UnixTime: frame_support::traits::UnixTime;

		/// Weights of the calls, benchmarked (see `weights.rs`).
		type WeightInfo: WeightInfo;

		/// Moves the work pallet's clock for the benchmarks, so that they can measure a device
		/// whose last work is past its dispute window.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a registered device.
		DeviceBond,
		/// The bond of a maker.
		MakerBond,
	}

	/// The id the next registered maker gets.
	#[pallet::storage]
	pub type NextMakerId<T> = StorageValue<_, MakerId, ValueQuery>;

	/// Registered makers by id. A revoked maker stays, so its devices still name it.
	#[pallet::storage]
	pub type Makers<T: Config> = StorageMap<_, Twox64Concat, MakerId, MakerOf<T>>;

	/// The id the next device class gets.
	#[pallet::storage]
	pub type NextClassId<T> = StorageValue<_, ClassId, ValueQuery>;

	/// Device classes by id. A class is never removed; an update applies to its registered
	/// devices too, except their bonds.
	#[pallet::storage]
	pub type Classes<T: Config> = StorageMap<_, Twox64Concat, ClassId, ClassParams<BalanceOf<T>>>;

	/// The makers' economics: bond, slash per fault, fault limit and window.
	#[pallet::storage]
	pub type MakerParameters<T: Config> = StorageValue<_, MakerParamsOf<T>, ValueQuery>;

	/// Each maker's bond and faults (absent: unbonded, no faults).
	#[pallet::storage]
	pub type MakerStakes<T: Config> =
		StorageMap<_, Twox64Concat, MakerId, MakerStakeOf<T>, ValueQuery>;

	/// Registered devices by their public key.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, DeviceOf<T>>;

	/// Registered devices per life-cycle state (their sum is the number of devices).
	#[pallet::storage]
	pub type DeviceCountByStatus<T> = StorageValue<_, StatusCounts, ValueQuery>;

	/// Index of devices by owner: `(owner, device) → ()`, iterable by owner prefix.
	#[pallet::storage]
	pub type DevicesByOwner<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		PublicKey,
		(),
		OptionQuery,
	>;

	/// Number of registered devices (any status) per class.
	#[pallet::storage]
	pub type DeviceCountByClass<T> = StorageMap<_, Twox64Concat, ClassId, u32, ValueQuery>;

	/// Number of registered devices (any status) per maker. Unlike `Maker::onboarded`, which
	/// counts against the quota, this goes down when a device is withdrawn.
	#[pallet::storage]
	pub type DeviceCountByMaker<T> = StorageMap<_, Twox64Concat, MakerId, u32, ValueQuery>;

	/// Number of registered devices (any status) per owner.
	#[pallet::storage]
	pub type DeviceCountByOwner<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Transfers offered by a device's owner and not yet accepted: device → new owner.
	#[pallet::storage]
	pub type PendingTransfers<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, T::AccountId>;

	/// Active devices of each physical class per parent cell, at every resolution of
	/// `OccupancyResolutions`: `(class, parent cell) → count` (a cell index includes its
	/// resolution). Zero is never stored. Updated on registration, location change,
	/// retirement, suspension and resumption: O(resolutions), never a scan.
	#[pallet::storage]
	pub type Occupancy<T: Config> =
		StorageMap<_, Blake2_128Concat, (ClassId, H3Cell), u32, ValueQuery>;

	/// Interactive devices of each physical class per parent cell, at every resolution of
	/// `OccupancyResolutions`: those that earned witnessed or attested units in the current
	/// or previous interactivity period (see [`Config::InteractivePeriod`]). Updated when a
	/// device first earns in a period and when an interactive device moves, retires or is
	/// suspended: O(resolutions), never a scan. An entry with nothing counted is removed; a
	/// stored entry's cell holds an active device (so `Occupancy` bounds the entries).
	#[pallet::storage]
	pub type InteractiveOccupancy<T: Config> =
		StorageMap<_, Blake2_128Concat, (ClassId, H3Cell), InteractiveCount>;

	/// The last interactivity period in which each device was counted in
	/// `InteractiveOccupancy` at its current location; removed when it moves, stops being
	/// active or leaves.
	#[pallet::storage]
	pub type InteractiveMarks<T: Config> =
		StorageMap<_, Blake2_128Concat, PublicKey, InteractiveMark>;

	/// The governed occupancy limits: `(resolution, limit)` pairs, each resolution one of
	/// `OccupancyResolutions`. A device's witnessed and attested work is scaled by
	/// `min(count, limit) ÷ count` of its class's interactive devices in its parent cell at
	/// each limited resolution (`InteractiveOccupancy`, the device itself included; HIP-17
	/// style). Empty: no scaling.
	#[pallet::storage]
	pub type OccupancyLimits<T: Config> =
		StorageValue<_, BoundedVec<(u8, u32), ConstU32<MAX_OCCUPANCY_RESOLUTIONS>>, ValueQuery>;

	/// When each device last beaconed and witnessed (witness reciprocity); written by the work
	/// pallet through [`DeviceInspect`], removed with the device.
	#[pallet::storage]
	pub type Activity<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, DeviceActivity>;

	/// The block at which each device registered, for devices registered after genesis; removed
	/// with the device. The work pallet reads it through [`DeviceInspect::registered_at`], so a
	/// device cannot pick its key after the seed that assigns its verifiers is known.
	#[pallet::storage]
	pub type RegisteredAt<T: Config> =
		StorageMap<_, Blake2_128Concat, PublicKey, BlockNumberFor<T>>;

	/// The last epoch in which each device was credited work (of any proof kind), told by the
	/// work pallet ([`DeviceInspect::note_work`]); removed with the device. Until that epoch's
	/// dispute window has passed the device keeps its bond and its owner.
	#[pallet::storage]
	pub type LastWork<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, EpochIndex>;

	/// Makers' P-256 root keys (compressed SEC1), the trust anchors of their certificate
	/// chains (`register_device_with_chain`). Set and removed by `DeviceAdmin`.
	#[pallet::storage]
	pub type MakerRoots<T: Config> = StorageMap<_, Twox64Concat, MakerId, P256Key>;

	/// Revoked certificates and keys of maker certificate chains (`revoke_certificate`).
	#[pallet::storage]
	pub type RevokedCertificates<T: Config> = StorageMap<_, Blake2_128Concat, Revocation, ()>;

	/// The device certificate of each device registered with a certificate chain; removed with
	/// the device.
	#[pallet::storage]
	pub type DeviceCertificates<T: Config> =
		StorageMap<_, Blake2_128Concat, PublicKey, DeviceCertificate>;

	/// Devices with open disputes: device → how many. While a device has one, it cannot change
	/// hands, retire or release its bond, so the owner who did the disputed work answers for
	/// it. The work pallet counts disputes in and out through [`DeviceInspect`].
	#[pallet::storage]
	pub type DisputeLocks<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A maker was registered.
		MakerRegistered { maker: MakerId, certificate_key: PublicKey, quota: u32 },
		/// A maker's onboarding quota changed.
		MakerQuotaSet { maker: MakerId, quota: u32 },
		/// A maker was revoked: its certificates are no longer accepted.
		MakerRevoked { maker: MakerId },
		/// A device class was created.
		ClassCreated { class: ClassId },
		/// A device class's parameters changed (bonds of existing devices do not change).
		ClassUpdated { class: ClassId },
		/// A device was registered and its bond put on hold.
		DeviceRegistered {
			device: PublicKey,
			owner: T::AccountId,
			class: ClassId,
			maker: MakerId,
			bond: BalanceOf<T>,
		},
		/// A device's location changed.
		LocationSet { device: PublicKey, location: H3Cell },
		/// A device's owner replaced its metadata (the new value is in `Devices`).
		MetadataSet { device: PublicKey },
		/// An owner offered a device to a new owner, who has to accept.
		TransferOffered { device: PublicKey, from: T::AccountId, to: T::AccountId },
		/// An owner withdrew its offer of a device to `to`.
		TransferCancelled { device: PublicKey, to: T::AccountId },
		/// A device changed owner; the bond moved with it.
		DeviceTransferred { device: PublicKey, from: T::AccountId, to: T::AccountId },
		/// A device is retiring; its bond can be withdrawn from `unbonds_at`.
		DeviceRetiring { device: PublicKey, unbonds_at: BlockNumberFor<T> },
		/// A retired device was removed and its bond released.
		BondWithdrawn { device: PublicKey, owner: T::AccountId, amount: BalanceOf<T> },
		/// A device was suspended (by `DeviceAdmin` or an upheld dispute): it earns nothing
		/// until resumed, and a pending transfer offer was dropped.
		DeviceSuspended { device: PublicKey },
		/// A suspended device was resumed: it is active and may earn again.
		DeviceResumed { device: PublicKey },
		/// Part of a device's bond was slashed to a beneficiary.
		BondSlashed { device: PublicKey, amount: BalanceOf<T>, beneficiary: T::AccountId },
		/// `account` posted `bond` for `maker`, which may onboard devices now.
		MakerBonded { maker: MakerId, account: T::AccountId, bond: BalanceOf<T> },
		/// A revoked maker's remaining bond was released to its account.
		MakerBondWithdrawn { maker: MakerId, account: T::AccountId, amount: BalanceOf<T> },
		/// An upheld dispute against a device of `maker`: `slashed` of its bond went to the
		/// treasury; `faults` in the current window.
		MakerFaulted { maker: MakerId, slashed: BalanceOf<T>, faults: u32 },
		/// The maker's onboarding paused: too many upheld disputes in the window.
		MakerPaused { maker: MakerId },
		/// Governance resumed a paused maker's onboarding (its faults start again from zero).
		MakerResumed { maker: MakerId },
		/// The maker parameters changed.
		MakerParamsSet { params: MakerParamsOf<T> },
		/// A maker's root key was set (`Some`) or removed (`None`).
		MakerRootSet { maker: MakerId, root: Option<P256Key> },
		/// A device registered with a certificate chain (after its `DeviceRegistered`): the
		/// key that issued its certificate, and the certificate's serial number.
		DeviceCertified { device: PublicKey, issuer: P256Key, serial: Serial },
		/// A certificate or key was revoked: chains that contain it no longer register devices.
		CertificateRevoked { revocation: Revocation },
		/// A revocation was lifted.
		CertificateRestored { revocation: Revocation },
		/// The occupancy limits changed (they apply to work credited from now on).
		OccupancyLimitsSet { limits: BoundedVec<(u8, u32), ConstU32<MAX_OCCUPANCY_RESOLUTIONS>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No maker has this id.
		UnknownMaker,
		/// The maker was revoked.
		MakerRevoked,
		/// The maker has onboarded its whole quota.
		MakerQuotaExhausted,
		/// The maker has not posted its bond (`bond_maker`), which the parameters require.
		MakerNotBonded,
		/// The maker's onboarding is paused after too many upheld disputes.
		MakerPaused,
		/// The maker is already bonded.
		MakerAlreadyBonded,
		/// The maker is not paused.
		MakerNotPaused,
		/// Maker parameters with a fault limit need a fault window above zero.
		InvalidMakerParams,
		/// The maker's bond can be withdrawn only once it is revoked and `UnbondingPeriod`
		/// blocks have passed, by the account that posted it.
		CannotWithdrawMakerBond,
		/// The maker certificate (or the maker's consent to a bonding account) does not verify
		/// (wrong key, device, class, maker, account, chain or tag).
		BadMakerSignature,
		/// The device's consent signature does not verify (wrong owner, chain or tag).
		BadDeviceSignature,
		/// A device with this key is already registered.
		DeviceAlreadyRegistered,
		/// No device class has this id.
		UnknownClass,
		/// The owner's free balance cannot cover the class bond.
		CannotAffordBond,
		/// Not an H3 cell index (reserved bits, mode, base cell or digits are wrong).
		InvalidH3Cell,
		/// The H3 cell's resolution is outside the allowed range.
		H3ResolutionOutOfRange,
		/// The class requires a location and none was given.
		LocationRequired,
		/// The location changed too recently.
		LocationCooldown,
		/// No device has this key.
		UnknownDevice,
		/// The caller does not own the device.
		NotOwner,
		/// A witnessed or attested class needs a bond: its devices' rewards are capped by
		/// their bond and an upheld dispute slashes it, so a device without one could neither
		/// earn nor be punished.
		BondRequired,
		/// A device cannot be transferred to its owner.
		TransferToSelf,
		/// The device has an open dispute: it cannot change hands, retire or release its bond
		/// until the dispute is resolved.
		UnderDispute,
		/// The device's last work may still be disputed (its epoch's dispute window has not
		/// passed): its bond stays on hold and it cannot change hands until then.
		WorkStillDisputable,
		/// The device is suspended.
		DeviceSuspended,
		/// The device is retiring.
		DeviceRetiring,
		/// The device is not suspended.
		NotSuspended,
		/// The device is not retiring, so its bond cannot be withdrawn.
		NotRetiring,
		/// The unbonding period has not passed yet.
		StillUnbonding,
		/// The device was not offered to the caller.
		NoPendingTransfer,
		/// Witness rules are inconsistent (min > max, or far resolution coarser than near).
		InvalidWitnessRules,
		/// No more ids are available.
		IdOverflow,
		/// A physical class must require a location: its devices are location-bound and
		/// subject to occupancy scaling.
		PhysicalNeedsLocation,
		/// A witnessed class must be physical: witnessing is proximity between locations.
		WitnessedNeedsPhysical,
		/// Devices of physical classes must locate at least as finely as the finest occupancy
		/// resolution, so that they are counted at every one of them.
		LocationTooCoarse,
		/// The class has registered devices: its proof kind and network kind cannot change.
		ClassInUse,
		/// An occupancy limit names a resolution that is not counted (not in
		/// `OccupancyResolutions`) or names it twice.
		InvalidOccupancyResolution,
		/// An occupancy limit of zero (leave the resolution out for no limit).
		ZeroOccupancyLimit,
		/// Slashes took the maker's bond below what the parameters require: its bonded
		/// account must top it up (`bond_maker` again) before more devices register.
		MakerBondDepleted,
		/// Not a P-256 public key (compressed SEC1, a point of the curve).
		InvalidRootKey,
		/// The maker has no root key (`set_maker_root`), so it certifies no chains.
		NoMakerRoot,
		/// The certificate chain is empty.
		EmptyCertificateChain,
		/// A certificate is not a DER X.509 certificate, or its validity dates are not dates.
		CertificateMalformed,
		/// A certificate uses what chains do not accept: a signature other than ECDSA P-256
		/// with SHA-256, a key not on P-256, or an unknown critical extension.
		CertificateUnsupported,
		/// A certificate's validity has not started (at the block's timestamp).
		CertificateNotYetValid,
		/// A certificate's validity has ended (at the block's timestamp).
		CertificateExpired,
		/// A certificate's issuer name is not the next certificate's subject: the chain is out
		/// of order or incomplete.
		CertificateIssuerMismatch,
		/// An issuing certificate is not a certificate authority, may not sign certificates, or
		/// has more below it than its path length allows.
		NotCertificateAuthority,
		/// A certificate's signature does not verify under the next certificate's key.
		BadCertificateSignature,
		/// The chain's last certificate is not signed by the maker's root key.
		WrongRoot,
		/// A certificate of the chain, or its key, is revoked.
		CertificateRevoked,
		/// The device certificate's key is not the device key (or the device key is not P-256).
		CertificateKeyMismatch,
		/// The device certificate is a certificate authority's (`basicConstraints cA`): a
		/// device's own certificate must not be able to issue others.
		DeviceCertificateIsAuthority,
		/// A revocation names a key that is not a compressed P-256 point, or a serial number
		/// that is not minimal DER (as a certificate carries it): it would match nothing.
		InvalidRevocation,
		/// This certificate or key is already revoked.
		AlreadyRevoked,
		/// This certificate or key is not revoked.
		NotRevoked,
	}

	/// Makers and classes that exist from genesis (demo and test networks).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Makers, registered in order (ids 0, 1, …): certificate key, name, quota.
		pub makers: Vec<(PublicKey, Vec<u8>, u32)>,
		/// Device classes, created in order (ids 0, 1, …).
		pub classes: Vec<ClassParams<BalanceOf<T>>>,
		/// A synthetic fleet for benchmarks of a large registry (see [`SyntheticFleet`]).
		/// `None` on every real network.
		pub synthetic: Option<SyntheticFleet<T::AccountId>>,
		/// Occupancy limits, `(resolution, limit)` (see `set_occupancy_limits`).
		pub occupancy_limits: Vec<(u8, u32)>,
		/// Maker parameters (see `set_maker_params`); the default requires no bond.
		pub maker_params: MakerParamsOf<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A bad genesis configuration must stop the chain from being created.
			for (key, name, quota) in &self.makers {
				let name = name.clone().try_into().expect("genesis maker names fit MaxNameLen");
				Pallet::<T>::do_register_maker(*key, name, *quota)
					.expect("genesis has maker ids to spare");
			}
			for class in &self.classes {
				Pallet::<T>::do_create_class(class.clone())
					.expect("genesis classes have consistent witness rules");
			}
			let limits = BoundedVec::try_from(self.occupancy_limits.clone())
				.expect("genesis names at most MAX_OCCUPANCY_RESOLUTIONS occupancy limits");
			Pallet::<T>::do_set_occupancy_limits(limits)
				.expect("genesis occupancy limits name counted resolutions, each once, above zero");
			Pallet::<T>::check_maker_params(&self.maker_params)
				.expect("genesis maker parameters with a fault limit have a fault window");
			MakerParameters::<T>::put(self.maker_params);
			if let Some(fleet) = &self.synthetic {
				Pallet::<T>::build_synthetic_fleet(fleet)
					.expect("the synthetic fleet names an existing class and a valid location");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let resolutions = T::OccupancyResolutions::get();
			assert!(
				resolutions.windows(2).all(|w| w[0] < w[1]),
				"OccupancyResolutions must be strictly increasing"
			);
			assert!(
				resolutions.iter().all(|r| *r <= T::MaxH3Resolution::get()),
				"OccupancyResolutions must not be finer than MaxH3Resolution: devices of \
				 physical classes locate at least as finely as the finest of them"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a maker with its certificate key, name and onboarding quota. The maker
		/// gets the next maker id, and devices it certifies with `certificate_key` may register
		/// until `quota` of them have.
		///
		/// Origin: `DeviceAdmin`. Emits `MakerRegistered`. Errors: `IdOverflow`. A name longer
		/// than `MaxNameLen` does not decode. Complexity: O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_maker(name.len() as u32))]
		pub fn register_maker(
			origin: OriginFor<T>,
			certificate_key: PublicKey,
			name: BoundedVec<u8, T::MaxNameLen>,
			quota: u32,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_register_maker(certificate_key, name, quota)
		}

		/// Sets a maker's onboarding quota (it may be below what it already onboarded, which
		/// stops further onboarding).
		///
		/// Origin: `DeviceAdmin`. Emits `MakerQuotaSet`. Errors: `UnknownMaker`,
		/// `MakerRevoked`. Complexity: O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_maker_quota())]
		pub fn set_maker_quota(origin: OriginFor<T>, maker: MakerId, quota: u32) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_maker_quota(maker, quota)
		}

		/// Revokes a maker: its certificates are refused from now on. Devices it already
		/// onboarded stay registered (suspend them one by one if they are bad).
		///
		/// Origin: `DeviceAdmin`. Emits `MakerRevoked`. Errors: `UnknownMaker`,
		/// `MakerRevoked`. Complexity: O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke_maker())]
		pub fn revoke_maker(origin: OriginFor<T>, maker: MakerId) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_revoke_maker(maker)
		}

		/// Creates a device class with the next class id.
		///
		/// Origin: `DeviceAdmin`. Emits `ClassCreated`. Errors: `InvalidWitnessRules`,
		/// `PhysicalNeedsLocation`, `WitnessedNeedsPhysical`, `BondRequired`, `IdOverflow`.
		/// Complexity: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::create_class())]
		pub fn create_class(
			origin: OriginFor<T>,
			params: ClassParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_create_class(params).map(|_| ())
		}

		/// Replaces a class's parameters. A new bond applies to devices registered afterwards.
		///
		/// Origin: `DeviceAdmin`. Emits `ClassUpdated`. Errors: `UnknownClass`,
		/// `InvalidWitnessRules`, `PhysicalNeedsLocation`, `WitnessedNeedsPhysical`,
		/// `BondRequired`, and the class-in-use errors of a proof or network kind change.
		/// Complexity: O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::update_class())]
		pub fn update_class(
			origin: OriginFor<T>,
			class: ClassId,
			params: ClassParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_update_class(class, params)
		}

		/// Registers a device owned by the caller and puts the class bond on hold.
		///
		/// `maker_signature` is the maker certificate, the signature of the maker's certificate
		/// key over `(MAKER_CERTIFICATE_TAG, genesis hash, device, class)`; `device_signature` is
		/// the device key's signature over `(DEVICE_CONSENT_TAG, genesis hash, caller)` (SCALE
		/// encoded, see `docs/devices.md`).
		///
		/// Origin: signed (the owner). Emits `DeviceRegistered`. Errors: `UnknownClass`,
		/// `UnknownMaker`, `MakerRevoked`, `MakerQuotaExhausted`, `DeviceAlreadyRegistered`,
		/// `BadMakerSignature`, `BadDeviceSignature`, `LocationRequired`, `InvalidH3Cell`,
		/// `H3ResolutionOutOfRange`, `CannotAffordBond`. Metadata longer than `MaxMetadataLen`
		/// does not decode. Complexity: O(1); weighed with two P-256 checks, the part for keys
		/// of other types refunded.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::register_device_weight(metadata.len() as u32))]
		pub fn register_device(
			origin: OriginFor<T>,
			device: PublicKey,
			class: ClassId,
			maker: MakerId,
			maker_signature: RawSignature,
			device_signature: RawSignature,
			location: Option<H3Cell>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(
				owner,
				device,
				class,
				maker,
				maker_signature,
				device_signature,
				location,
				metadata,
			)
		}

		/// Sets the location of an active device of the caller.
		///
		/// Origin: signed (the owner). Emits `LocationSet`. Errors: `UnknownDevice`, `NotOwner`,
		/// `DeviceSuspended`, `DeviceRetiring`, `InvalidH3Cell`, `H3ResolutionOutOfRange`,
		/// `LocationCooldown`. Complexity: O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_location())]
		pub fn set_location(
			origin: OriginFor<T>,
			device: PublicKey,
			location: H3Cell,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_location(who, device, location)
		}

		/// Replaces the metadata of a device of the caller, whatever its status.
		///
		/// Origin: signed (the owner). Emits `MetadataSet`. Errors: `UnknownDevice`, `NotOwner`.
		/// Metadata longer than `MaxMetadataLen` does not decode. Complexity: O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_metadata(metadata.len() as u32))]
		pub fn set_metadata(
			origin: OriginFor<T>,
			device: PublicKey,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_metadata(who, device, metadata)
		}

		/// Offers an active device of the caller to `new_owner`, who takes it over (and puts
		/// up the bond) with `accept_transfer`. A new offer replaces the previous one.
		///
		/// Origin: signed (the owner). Emits `TransferOffered`. Errors: `UnknownDevice`,
		/// `NotOwner`, `TransferToSelf`, `DeviceSuspended`, `DeviceRetiring`, `UnderDispute`.
		/// Complexity: O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::transfer_device())]
		pub fn transfer_device(
			origin: OriginFor<T>,
			device: PublicKey,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_transfer(who, device, new_owner)
		}

		/// Accepts a device offered to the caller: the bond is released from the old owner and
		/// put on hold from the caller, atomically.
		///
		/// Origin: signed (the new owner). Emits `DeviceTransferred`. Errors: `UnknownDevice`,
		/// `NoPendingTransfer`, `DeviceSuspended`, `DeviceRetiring`, `UnderDispute`,
		/// `CannotAffordBond`. Complexity: O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::accept_transfer())]
		pub fn accept_transfer(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_transfer(who, device)
		}

		/// Retires a device of the caller: it earns no more work, and its bond can be withdrawn
		/// after `UnbondingPeriod` blocks. A pending transfer offer is dropped.
		///
		/// Origin: signed (the owner). Emits `DeviceRetiring`. Errors: `UnknownDevice`,
		/// `NotOwner`, `DeviceSuspended`, `DeviceRetiring`, `UnderDispute`. Complexity: O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::retire_device())]
		pub fn retire_device(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire(who, device)
		}

		/// Removes a retired device whose unbonding period has passed and releases its bond.
		///
		/// Origin: signed (the owner). Emits `BondWithdrawn`. Errors: `UnknownDevice`,
		/// `NotOwner`, `NotRetiring`, `StillUnbonding`, `UnderDispute`. Complexity: O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who, device)
		}

		/// Suspends an active device: it earns nothing until resumed.
		///
		/// Origin: `DeviceAdmin`. Emits `DeviceSuspended`. Errors: `UnknownDevice`,
		/// `DeviceSuspended`, `DeviceRetiring`. Complexity: O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::suspend_device())]
		pub fn suspend_device(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_suspend(device)
		}

		/// Resumes a suspended device: it is active and may earn again.
		///
		/// Origin: `DeviceAdmin`. Emits `DeviceResumed`. Errors: `UnknownDevice`,
		/// `NotSuspended`. Complexity: O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::resume_device())]
		pub fn resume_device(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_resume(device)
		}

		/// Sets the occupancy limits: for each `(resolution, limit)`, a parent cell at that
		/// resolution may hold `limit` fully rewarded active devices of one physical class;
		/// above it, each device's witnessed and attested work is scaled by `limit ÷ count`
		/// (the product over the limited resolutions). An empty list turns scaling off. The
		/// limits apply to work credited from now on.
		///
		/// Origin: `DeviceAdmin`. Emits `OccupancyLimitsSet`. Errors:
		/// `InvalidOccupancyResolution` (a resolution not in `OccupancyResolutions`, or twice),
		/// `ZeroOccupancyLimit`. Complexity: O(resolutions²), at most
		/// `MAX_OCCUPANCY_RESOLUTIONS`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_occupancy_limits())]
		pub fn set_occupancy_limits(
			origin: OriginFor<T>,
			limits: BoundedVec<(u8, u32), ConstU32<MAX_OCCUPANCY_RESOLUTIONS>>,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_occupancy_limits(limits)
		}

		/// Posts the bond of `maker` from the caller, who becomes the maker's bonded account:
		/// `MakerParameters::bond` on hold. `maker_signature` is the maker's consent to this
		/// account, the signature of its certificate key over `(MAKER_BOND_TAG, genesis hash,
		/// maker, caller)`, so nobody can bond a maker without it. While the parameters require
		/// a bond, devices of an unbonded maker cannot register. Upheld disputes against the
		/// maker's devices slash part of it; its bonded account then calls this again to top
		/// the bond up to `MakerParameters::bond` (as after governance raises it), without which
		/// no more of its devices register (`MakerBondDepleted`).
		///
		/// Origin: signed (the maker's account). Emits `MakerBonded` with the bond now held.
		/// Errors: `UnknownMaker`, `MakerRevoked`, `MakerAlreadyBonded` (bonded by another
		/// account, or already at the required bond), `BadMakerSignature`, `CannotAffordBond`.
		/// Complexity: O(1).
		/// Weighed with a P-256 check, in case the maker's key is P-256; the rest is refunded.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::bond_maker().saturating_add(T::WeightInfo::verify_p256()))]
		pub fn bond_maker(
			origin: OriginFor<T>,
			maker: MakerId,
			maker_signature: RawSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let p256 = Makers::<T>::get(maker).is_some_and(|m| m.certificate_key.is_p256());
			Self::do_bond_maker(who, maker, maker_signature)?;
			Ok((!p256).then(T::WeightInfo::bond_maker).into())
		}

		/// Releases what is left of a revoked maker's bond to the account that posted it, once
		/// `UnbondingPeriod` blocks have passed since the revocation (disputes about its last
		/// devices' work may still slash it until then).
		///
		/// Origin: signed (the bonded account). Emits `MakerBondWithdrawn`. Errors:
		/// `UnknownMaker`, `CannotWithdrawMakerBond`. Complexity: O(1).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::withdraw_maker_bond())]
		pub fn withdraw_maker_bond(origin: OriginFor<T>, maker: MakerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_maker_bond(who, maker)
		}

		/// Resumes the onboarding of a maker that too many upheld disputes paused; its fault
		/// count starts again from zero.
		///
		/// Origin: `DeviceAdmin`. Emits `MakerResumed`. Errors: `UnknownMaker`,
		/// `MakerNotPaused`. Complexity: O(1).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::resume_maker())]
		pub fn resume_maker(origin: OriginFor<T>, maker: MakerId) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			ensure!(Makers::<T>::contains_key(maker), Error::<T>::UnknownMaker);
			MakerStakes::<T>::try_mutate(maker, |s| {
				ensure!(s.paused, Error::<T>::MakerNotPaused);
				s.paused = false;
				s.faults = 0;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::MakerResumed { maker });
			Ok(())
		}

		/// Sets the makers' economics: the bond a maker must post before onboarding, the share
		/// of it slashed per upheld dispute against one of its devices, and how many such
		/// faults in a window of blocks pause its onboarding. A higher bond deters corrupt
		/// makers and keeps small honest ones out; a lower fault limit stops a bad batch sooner
		/// and pauses honest makers on a few false positives. A new bond applies to makers
		/// bonding afterwards (bonded makers keep theirs).
		///
		/// Origin: `DeviceAdmin`. Emits `MakerParamsSet`. Errors: `InvalidMakerParams` (a fault
		/// limit with a zero window, which could never count two faults). Complexity: O(1).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::set_maker_params())]
		pub fn set_maker_params(origin: OriginFor<T>, params: MakerParamsOf<T>) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::check_maker_params(&params)?;
			MakerParameters::<T>::put(params);
			Self::deposit_event(Event::MakerParamsSet { params });
			Ok(())
		}

		/// Withdraws the caller's standing offer of a device (made with `transfer_device`), so
		/// the named account can no longer accept it. The device stays the caller's, bond and
		/// all; an offer to another account is made with a new `transfer_device`.
		///
		/// Origin: signed (the owner). Emits `TransferCancelled`. Errors: `UnknownDevice`,
		/// `NotOwner`, `NoPendingTransfer`. Complexity: O(1).
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::cancel_transfer())]
		pub fn cancel_transfer(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::owned(&who, &device)?;
			let to = PendingTransfers::<T>::take(device).ok_or(Error::<T>::NoPendingTransfer)?;
			Self::deposit_event(Event::TransferCancelled { device, to });
			Ok(())
		}

		/// Sets (`Some`) or removes (`None`) the P-256 root key of a maker, the trust anchor of
		/// the certificate chains its devices register with (`register_device_with_chain`). A
		/// maker has at most one root; a new one replaces the old (devices registered under
		/// the old stay).
		///
		/// Origin: `DeviceAdmin`. Emits `MakerRootSet`. Errors: `UnknownMaker`,
		/// `MakerRevoked`, `InvalidRootKey` (not a compressed P-256 point). Complexity: O(1).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::set_maker_root())]
		pub fn set_maker_root(
			origin: OriginFor<T>,
			maker: MakerId,
			root: Option<P256Key>,
		) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			Self::do_set_maker_root(maker, root)
		}

		/// Registers a P-256 device owned by the caller with the X.509 certificate chain its
		/// secure element was provisioned with, and puts the class bond on hold.
		///
		/// `chain` is the device's certificate (its subject key must be `device`), then each
		/// certificate's issuer, up to `MAX_CHAIN_LEN` in all (a trailing copy of the root's own
		/// certificate may be included and is not checked). Every certificate must be valid at
		/// the block's timestamp, signed (ECDSA P-256, SHA-256) by the next one's key and the
		/// last by the maker's root key; issuing certificates must be CAs; none may be revoked.
		/// `class_signature` binds the class: the signer's (the device certificate's issuer's)
		/// low-S P-256 signature of the class-binding payload `(CHAIN_BINDING_TAG, genesis
		/// hash, maker, device, class)`. `device_signature` is the device's consent, as for
		/// `register_device`. See `docs/devices.md` for the bytes. A revoked root key refuses
		/// every chain (`CertificateRevoked`).
		///
		/// Origin: signed (the owner). Emits `DeviceRegistered`, then `DeviceCertified`.
		/// Errors: those of `register_device` (bar `BadMakerSignature`, which here means a bad
		/// `class_signature`), and `NoMakerRoot`, `EmptyCertificateChain`,
		/// `CertificateMalformed`, `CertificateUnsupported`, `CertificateNotYetValid`,
		/// `CertificateExpired`, `CertificateIssuerMismatch`, `NotCertificateAuthority`,
		/// `BadCertificateSignature`, `WrongRoot`, `CertificateRevoked`,
		/// `CertificateKeyMismatch`, `DeviceCertificateIsAuthority`. A chain longer than `MAX_CHAIN_LEN` or a certificate
		/// longer than `MAX_CERTIFICATE_LEN` bytes does not decode. Complexity: one P-256
		/// verification per certificate, plus two; weighed at the longest chain.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::register_device_with_chain(metadata.len() as u32))]
		pub fn register_device_with_chain(
			origin: OriginFor<T>,
			device: PublicKey,
			class: ClassId,
			maker: MakerId,
			chain: CertificateChain,
			class_signature: RawSignature,
			device_signature: RawSignature,
			location: Option<H3Cell>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device_with_chain(
				owner,
				device,
				class,
				maker,
				chain,
				class_signature,
				device_signature,
				location,
				metadata,
			)
		}

		/// Revokes a certificate (by issuer key and serial number) or every certificate of a
		/// key: chains containing it no longer register devices. Devices already registered
		/// stay (suspend them one by one if they are bad); `certificate_status` shows them as
		/// revoked when their own certificate or its issuer key is.
		///
		/// Origin: `DeviceAdmin`. Emits `CertificateRevoked`. Errors: `InvalidRevocation` (a
		/// key that is not a compressed P-256 point, or a serial number that is not a DER
		/// integer's minimal, non-negative content bytes: such a revocation would match no
		/// certificate), `AlreadyRevoked`. Complexity: O(1).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::revoke_certificate())]
		pub fn revoke_certificate(origin: OriginFor<T>, revocation: Revocation) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			ensure!(revocation.is_well_formed(), Error::<T>::InvalidRevocation);
			ensure!(
				!RevokedCertificates::<T>::contains_key(&revocation),
				Error::<T>::AlreadyRevoked
			);
			RevokedCertificates::<T>::insert(&revocation, ());
			Self::deposit_event(Event::CertificateRevoked { revocation });
			Ok(())
		}

		/// Lifts a revocation made in error.
		///
		/// Origin: `DeviceAdmin`. Emits `CertificateRestored`. Errors: `NotRevoked`.
		/// Complexity: O(1).
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::revoke_certificate())]
		pub fn restore_certificate(origin: OriginFor<T>, revocation: Revocation) -> DispatchResult {
			T::DeviceAdmin::ensure_origin(origin)?;
			RevokedCertificates::<T>::take(&revocation).ok_or(Error::<T>::NotRevoked)?;
			Self::deposit_event(Event::CertificateRestored { revocation });
			Ok(())
		}
	}
}
