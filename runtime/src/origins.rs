//! Custom governance origins: what a referendum on the `emission_admin` or `device_admin`
//! track dispatches its call as. The emission, device and work pallets accept these origins
//! (or root) as their admin origins; see `configs/governance.rs` for the tracks.

pub use pallet_custom_origins::*;

// FRAME's macro expansions call `expect`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Whether referendum tracks run with periods of a few blocks (development and test
	/// chains); set at genesis only.
	#[pallet::storage]
	pub type FastTracks<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Run referendum tracks with periods of a few blocks. Never on a public network.
		pub fast_tracks: bool,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			FastTracks::<T>::put(self.fast_tracks);
		}
	}

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
	ensure_custom_origin!(EmissionAdmin, DeviceAdmin);
}
