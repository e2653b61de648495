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

/// Moves the fast-chain flag from where runtimes before the `ChainProfile` pallet kept it
/// (`Origins::FastTracks`) to [`pallet_chain_profile::IsFastChain`], so a fast test chain
/// upgraded in place keeps its one-minute sessions (BABE cannot change its epoch length) and
/// short referendum periods. A no-op where the old key is absent (new chains, production).
pub struct MoveFastChainFlag;

impl MoveFastChainFlag {
	const OLD_PALLET: &'static [u8] = b"Origins";
	const OLD_ITEM: &'static [u8] = b"FastTracks";
}

impl frame_support::traits::OnRuntimeUpgrade for MoveFastChainFlag {
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		use frame_support::storage::migration::take_storage_value;
		let db = <crate::Runtime as frame_system::Config>::DbWeight::get();
		match take_storage_value::<bool>(Self::OLD_PALLET, Self::OLD_ITEM, &[]) {
			Some(fast) => {
				pallet_chain_profile::IsFastChain::<crate::Runtime>::put(fast);
				db.reads_writes(1, 2)
			}
			None => db.reads(1),
		}
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let old = frame_support::storage::migration::get_storage_value::<bool>(
			Self::OLD_PALLET,
			Self::OLD_ITEM,
			&[],
		);
		let expected = old.unwrap_or_else(pallet_chain_profile::IsFastChain::<crate::Runtime>::get);
		Ok(expected.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let expected =
			bool::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
		frame_support::ensure!(
			pallet_chain_profile::IsFastChain::<crate::Runtime>::get() == expected,
			"the fast-chain flag did not survive the upgrade"
		);
		frame_support::ensure!(
			frame_support::storage::migration::get_storage_value::<bool>(
				Self::OLD_PALLET,
				Self::OLD_ITEM,
				&[],
			)
			.is_none(),
			"the old Origins::FastTracks key is still there"
		);
		Ok(())
	}
}
