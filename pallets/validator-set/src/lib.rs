//! # Validator set
//!
//! Governance decides who validates. The `AdminOrigin` (the root track of governance) adds and
//! removes validators; the pallet hands the new set to `pallet-session` as its
//! `SessionManager`, so a change takes effect at a session boundary (pallet-session queues a
//! set one session ahead, so within two sessions) and BABE and GRANDPA follow.
//!
//! Rules: a candidate must have set its session keys first (`session.setKeys`), or the session
//! pallet would skip it; the set never drops below `MinValidators` nor grows above
//! `MaxValidators`.
//!
//! Why not NPoS staking: the chain's security budget comes from emissions split with device
//! operators, its validator set is small and known (operators of the network, admitted by token
//! holders), and NPoS would add elections, slashing spans and nominator payouts that this
//! network does not need yet. See `docs/governance.md`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

/// Whether an account has registered session keys (so pallet-session will accept it).
pub trait SessionKeysCheck<AccountId> {
	/// `who` has session keys.
	fn has_keys(who: &AccountId) -> bool;
	/// Benchmarks only: gives `who` session keys.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_keys(who: &AccountId);
}

// FRAME's macro expansions call `expect`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_staking::SessionIndex;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Adds and removes validators.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Tells whether a candidate has session keys.
		type SessionKeys: SessionKeysCheck<Self::AccountId>;

		/// The set never shrinks below this.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The set never grows above this.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// The validators governance chose, in the order they were added.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether the set changed since it was last handed to the session pallet.
	#[pallet::storage]
	pub type Changed<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial validators: the same accounts as the session pallet's genesis keys.
		/// Empty leaves the set to the session pallet until governance adds a validator.
		pub validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A bad genesis configuration must stop the chain from being created.
			let set: BoundedVec<_, _> =
				self.validators.clone().try_into().expect("at most MaxValidators validators");
			assert!(
				set.is_empty() || set.len() as u32 >= T::MinValidators::get(),
				"at least MinValidators validators at genesis (or none)"
			);
			Validators::<T>::put(set);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added; it starts validating within two sessions.
		ValidatorAdded { validator: T::AccountId },
		/// A validator was removed; it stops validating within two sessions.
		ValidatorRemoved { validator: T::AccountId },
		/// The new set was handed to the session pallet for session `session`.
		SetQueued { session: SessionIndex, validators: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The account has not set session keys (`session.setKeys`).
		NoSessionKeys,
		/// The set is at `MaxValidators`.
		TooManyValidators,
		/// Removing would take the set below `MinValidators`.
		TooFewValidators,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MaxValidators::get() >= T::MinValidators::get(),
				"MaxValidators must be at least MinValidators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `validator` to the set.
		///
		/// Origin: `AdminOrigin`. The account must have set session keys. Emits
		/// `ValidatorAdded`. Errors: `AlreadyValidator`, `NoSessionKeys`, `TooManyValidators`.
		/// Complexity: O(validators).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut set = Validators::<T>::get();
			ensure!(!set.contains(&validator), Error::<T>::AlreadyValidator);
			ensure!(T::SessionKeys::has_keys(&validator), Error::<T>::NoSessionKeys);
			set.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(set);
			Changed::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Removes `validator` from the set.
		///
		/// Origin: `AdminOrigin`. Emits `ValidatorRemoved`. Errors: `NotValidator`,
		/// `TooFewValidators`. Complexity: O(validators).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut set = Validators::<T>::get();
			let position =
				set.iter().position(|v| *v == validator).ok_or(Error::<T>::NotValidator)?;
			ensure!(set.len() as u32 > T::MinValidators::get(), Error::<T>::TooFewValidators);
			set.remove(position);
			Validators::<T>::put(set);
			Changed::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The invariants: the set is within `MinValidators..=MaxValidators` (once set) and has
		/// no duplicates.
		#[cfg(any(feature = "try-runtime", feature = "std"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let set = Validators::<T>::get();
			ensure!(
				set.is_empty() || set.len() as u32 >= T::MinValidators::get(),
				"fewer validators than MinValidators"
			);
			for (i, v) in set.iter().enumerate() {
				ensure!(!set.iter().take(i).any(|w| w == v), "duplicate validator");
			}
			Ok(())
		}
	}

	impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
		fn new_session(index: SessionIndex) -> Option<Vec<T::AccountId>> {
			if !Changed::<T>::take() {
				return None;
			}
			let set = Validators::<T>::get().into_inner();
			Self::deposit_event(Event::SetQueued { session: index, validators: set.len() as u32 });
			Some(set)
		}

		/// Genesis uses the session pallet's own genesis keys.
		fn new_session_genesis(_: SessionIndex) -> Option<Vec<T::AccountId>> {
			None
		}

		fn end_session(_: SessionIndex) {}

		fn start_session(_: SessionIndex) {}
	}
}
