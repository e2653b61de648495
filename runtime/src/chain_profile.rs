//! The chain's profile, fixed at genesis: whether it is a fast test chain.
//!
//! A fast test chain (the development and local presets) has one-minute sessions (BABE epochs)
//! and referendum periods of a few blocks, so tests and demos see validator changes and
//! governance within minutes. Production presets leave the flag off, and a public network must
//! never set it. The runtime reads it through [`crate::configs::consensus::FastChain`], where
//! both effects are documented; the flag has no other effect.

// FRAME's macro expansions call `expect`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet_chain_profile {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Whether this is a fast test chain: one-minute sessions and referendum periods of a few
	/// blocks. Set at genesis only; nothing changes it afterwards.
	#[pallet::storage]
	pub type IsFastChain<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Make this a fast test chain: one-minute sessions and referendum periods of a few
		/// blocks. Never on a public network.
		pub fast_chain: bool,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			IsFastChain::<T>::put(self.fast_chain);
		}
	}
}
