//! Custom governance origins: what a referendum on the `emission_admin`, `device_admin` or
//! `dispute_resolver` track dispatches its call as, and the admin origins built from them: the
//! emission, device and work pallets accept these origins (or root). See
//! `configs/governance.rs` for the tracks.

use frame_support::traits::EitherOf;
use frame_system::EnsureRoot;

use crate::AccountId;

pub use pallet_custom_origins::*;

/// Root, or a passed referendum on the `emission_admin` track: the emissions pallet's admin.
pub type EmissionAdminOrigin = EitherOf<EnsureRoot<AccountId>, EmissionAdmin>;
/// Root, or a passed referendum on the `device_admin` track: the devices and work pallets'
/// admin.
pub type DeviceAdminOrigin = EitherOf<EnsureRoot<AccountId>, DeviceAdmin>;
/// Root, a `device_admin` referendum or a passed referendum on the short `dispute_resolver`
/// track: who resolves disputes.
pub type DisputeAdminOrigin = EitherOf<DeviceAdminOrigin, DisputeResolver>;

// FRAME's macro expansions call `expect`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins referenda on the custom tracks dispatch as.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Sets the emission schedule.
		#[codec(index = 0)]
		EmissionAdmin,
		/// Registers makers and classes, admits verifiers, resolves disputes, suspends devices.
		#[codec(index = 1)]
		DeviceAdmin,
		/// Resolves disputes only, on a track with short periods.
		#[codec(index = 2)]
		DisputeResolver,
	}

	macro_rules! ensure_custom_origin {
		($($name:ident),*) => {$(
			#[doc = concat!("Succeeds for the `", stringify!($name), "` origin only.")]
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					match o.caller().try_into() {
						Ok(Origin::$name) => return Ok(()),
						_ => (),
					}
					Err(o)
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		)*};
	}
	ensure_custom_origin!(EmissionAdmin, DeviceAdmin, DisputeResolver);
}
