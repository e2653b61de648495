//! What the runtime API (`DepinApi` in `runtime-api`) answers about devices, classes and makers:
//! read-only queries over this pallet's storage, and the shapes they return. The runtime's
//! `apis.rs` only forwards to these functions.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

use crate::{
	pallet::*, ClassId, ClassParams, DeviceActivity, DeviceStatus, H3Cell, MakerId, NetworkKind,
	P256Key, PublicKey, StatusCounts,
};

/// A device's maker certificate, for a device registered with a certificate chain
/// (`register_device_with_chain`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CertificateInfo {
	/// The key that issued the device certificate (the maker's signer).
	pub issuer: P256Key,
	/// The device certificate's serial number (DER content bytes).
	pub serial: Vec<u8>,
	/// The end of the device certificate's validity, in seconds since the Unix epoch.
	pub not_after: i64,
	/// Whether the certificate, its key or its issuer's key is revoked now. A revoked
	/// certificate stops new registrations through it; the device itself stays registered
	/// unless governance suspends it.
	pub revoked: bool,
}

/// Most devices one [`Pallet::api_devices_of`] page returns: a page is read in one runtime
/// call, so its size bounds the call's work.
pub const MAX_DEVICES_PAGE: u32 = 1_000;

/// A registered device, as wallets and explorers see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceInfo<AccountId, Balance, BlockNumber> {
	/// The owner, who holds the bond.
	pub owner: AccountId,
	/// The device class (proof kind, bond, caps; see `depin_class`).
	pub class: ClassId,
	/// The maker that certified it.
	pub maker: MakerId,
	/// The bond on hold.
	pub bond: Balance,
	/// Active, suspended or retiring.
	pub status: DeviceStatus<BlockNumber>,
	/// The H3 cell it reported, if any (a 64-bit integer: BigInt in JavaScript).
	pub location: Option<H3Cell>,
	/// The owner's metadata (a content hash or URI).
	pub metadata: Vec<u8>,
	/// The account the device was offered to, if a transfer is pending.
	pub offered_to: Option<AccountId>,
	/// The block it registered at (`None` for a device of the genesis).
	pub registered_at: Option<BlockNumber>,
	/// Its occupancy scale in parts per billion: what each of its witnessed or attested units
	/// credited now is worth, `min(count, limit) ÷ count` over the governed resolutions for
	/// the interactive devices of its class around it, itself included (a billion for digital
	/// classes and uncrowded cells).
	pub occupancy_scale_ppb: u32,
	/// The last interactivity period in which it was counted as interactive at its location
	/// (it earned witnessed or attested units), if any since it last moved or stopped being
	/// active; it counts while this is the current period or the one before.
	pub interactive_period: Option<u32>,
	/// The last epochs in which it beaconed and witnessed, for witness reciprocity (compare
	/// with the work pallet's reciprocity window in `DepinApi::epoch`).
	pub activity: DeviceActivity,
	/// Its maker certificate, if it registered with a certificate chain.
	pub certificate: Option<CertificateInfo>,
}

/// A registered manufacturer, as wallets and explorers see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct MakerInfo<AccountId, Balance, BlockNumber> {
	/// The key that signs its maker certificates.
	pub certificate_key: PublicKey,
	/// The maker's name, as UTF-8 bytes chosen at registration by governance.
	pub name: Vec<u8>,
	/// Most devices it may onboard.
	pub quota: u32,
	/// Devices onboarded so far.
	pub onboarded: u32,
	/// Devices of it still registered.
	pub devices: u32,
	/// Whether it was revoked.
	pub revoked: bool,
	/// The account whose maker bond is on hold, if it is bonded.
	pub bonded_by: Option<AccountId>,
	/// What is left of its maker bond.
	pub bond: Balance,
	/// Slashed from its bond so far (upheld disputes against its devices).
	pub slashed: Balance,
	/// Upheld disputes against its devices in the current fault window.
	pub faults: u32,
	/// First block of the current fault window.
	pub fault_window_start: BlockNumber,
	/// Whether its onboarding is paused (too many faults) until governance resumes it.
	pub paused: bool,
	/// Its P-256 root key for certificate-chain registrations, if governance set one.
	pub root_key: Option<P256Key>,
}

/// A maker of this runtime, as the runtime API returns it.
pub type MakerInfoOf<T> =
	MakerInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A device of this runtime, as the runtime API returns it.
pub type DeviceInfoOf<T> =
	DeviceInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// A device with its pending transfer, registration block, occupancy scale and activity,
	/// if it is registered. A few storage reads (one per occupancy resolution).
	pub fn api_device(device: PublicKey) -> Option<DeviceInfoOf<T>> {
		let d = Devices::<T>::get(device)?;
		let kind = Classes::<T>::get(d.class).map_or(NetworkKind::Digital, |c| c.kind);
		Some(DeviceInfo {
			registered_at: RegisteredAt::<T>::get(device),
			occupancy_scale_ppb: Self::occupancy_scale_at(&device, d.class, kind, d.location),
			interactive_period: InteractiveMarks::<T>::get(device).map(|m| m.period),
			activity: Activity::<T>::get(device).unwrap_or_default(),
			certificate: Self::certificate_status(&device).map(|(c, revoked)| CertificateInfo {
				issuer: c.issuer,
				serial: c.serial.into_inner(),
				not_after: c.not_after,
				revoked,
			}),
			owner: d.owner,
			class: d.class,
			maker: d.maker,
			bond: d.bond,
			status: d.status,
			location: d.location,
			metadata: d.metadata.into_inner(),
			offered_to: PendingTransfers::<T>::get(device),
		})
	}

	/// Up to `limit` devices of `owner` (at most [`MAX_DEVICES_PAGE`]) in storage order,
	/// starting after `start_after` (the last key of the previous page), or from the first.
	pub fn api_devices_of(
		owner: T::AccountId,
		start_after: Option<PublicKey>,
		limit: u32,
	) -> Vec<PublicKey> {
		let limit = limit.min(MAX_DEVICES_PAGE) as usize;
		match start_after {
			Some(after) => {
				let from = DevicesByOwner::<T>::hashed_key_for(&owner, after);
				DevicesByOwner::<T>::iter_key_prefix_from(owner, from).take(limit).collect()
			}
			None => DevicesByOwner::<T>::iter_key_prefix(owner).take(limit).collect(),
		}
	}

	/// A device class, if it exists.
	pub fn api_class(class: ClassId) -> Option<ClassParams<BalanceOf<T>>> {
		Classes::<T>::get(class)
	}

	/// A maker with the number of its devices still registered and its bond, if it exists.
	pub fn api_maker(maker: MakerId) -> Option<MakerInfoOf<T>> {
		let m = Makers::<T>::get(maker)?;
		let stake = MakerStakes::<T>::get(maker);
		Some(MakerInfo {
			bonded_by: stake.account,
			bond: stake.bond,
			slashed: stake.slashed,
			faults: stake.faults,
			fault_window_start: stake.window_start,
			paused: stake.paused,
			root_key: MakerRoots::<T>::get(maker),
			certificate_key: m.certificate_key,
			name: m.name.into_inner(),
			quota: m.quota,
			onboarded: m.onboarded,
			devices: DeviceCountByMaker::<T>::get(maker),
			revoked: m.revoked,
		})
	}

	/// Registered devices per class (all statuses), for the classes that have any. Reads one
	/// counter per such class: bounded by the number of classes, which only `DeviceAdmin`
	/// creates.
	pub fn api_devices_by_class() -> Vec<(ClassId, u32)> {
		DeviceCountByClass::<T>::iter().collect()
	}

	/// Registered devices per life-cycle state.
	pub fn api_devices_by_status() -> StatusCounts {
		DeviceCountByStatus::<T>::get()
	}
}
