//! Benchmarks of every call at its worst case (v2 syntax). They also run as unit tests:
//! `cargo test -p pallet-devices --features runtime-benchmarks`.
//!
//! Signatures are made inside the benchmark with keys generated in the keystore extension
//! (the benchmark CLI and the test externalities both provide one), so the measured
//! `register_device` verifies two real sr25519 signatures; calls add `verify_p256` for each
//! P-256 key they check. P-256 keys and certificate chains come from the openssl-made vectors
//! of `scripts/x509-vectors.sh`, signed inside the benchmark with the `p256` crate.

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::{Bounded, One, Saturating};

use crate::{pallet::*, *};
use depin_primitives::x509;

/// Key type of the keys the benchmarks generate.
const BENCH_KEY: KeyTypeId = KeyTypeId(*b"dbnc");
/// A valid resolution-9 cell; resolution 9 is inside every sensible configured range.
const CELL: H3Cell = 0x8928308280fffff;
/// Another resolution-9 cell with the same resolution-8 parent.
const OTHER_CELL: H3Cell = 0x8928308280fffff & !(0b111 << 18);

fn new_sr25519(seed: &str) -> (sp_core::sr25519::Public, PublicKey) {
	let public = sp_io::crypto::sr25519_generate(BENCH_KEY, Some(seed.as_bytes().to_vec()));
	(public, PublicKey::Sr25519(public.0))
}

fn sign(public: &sp_core::sr25519::Public, message: &[u8]) -> RawSignature {
	let sig = sp_io::crypto::sr25519_sign(BENCH_KEY, public, message)
		.unwrap_or_else(|| panic!("the keystore signs with a key it generated"));
	let mut raw = [0u8; 64];
	raw.copy_from_slice(sig.as_ref());
	raw
}

/// A P-256 key of the openssl-made test chain: its compressed public key and its signing key.
fn p256_key(scalar: &[u8]) -> (P256Key, p256::ecdsa::SigningKey) {
	let signing = p256::ecdsa::SigningKey::from_slice(scalar)
		.unwrap_or_else(|_| panic!("the vectors hold valid scalars"));
	let public = depin_primitives::keys::p256_compress(
		signing.verifying_key().to_encoded_point(true).as_bytes(),
	)
	.unwrap_or_else(|| panic!("a signing key's public key is on the curve"));
	(public, signing)
}

/// A low-S P-256 signature, as devices must submit them.
fn p256_sign(key: &p256::ecdsa::SigningKey, message: &[u8]) -> RawSignature {
	use p256::ecdsa::signature::Signer;
	let signature: p256::ecdsa::Signature = key.sign(message);
	depin_primitives::keys::normalize_p256_signature(&signature.to_bytes().into())
		.unwrap_or_else(|| panic!("a fresh signature has valid scalars"))
}

/// A payload the length of a usage voucher's (tag, genesis, device, consumer, ...).
const PAYLOAD: [u8; 100] = [7; 100];

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::DeviceAdmin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

fn class_params<T: Config>() -> ClassParams<BalanceOf<T>> {
	ClassParams {
		kind: NetworkKind::Physical,
		proof: ProofKind::Witnessed,
		bond: 1_000u32.into(),
		units_cap: 1_000,
		unit_price: 5u32.into(),
		reward_weight: 1,
		location_required: true,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses: 16,
			near_resolution: 8,
			far_resolution: 9,
		},
	}
}

/// A maker with a large quota and a class, registered on top of whatever genesis holds.
struct Setup {
	maker_public: sp_core::sr25519::Public,
	maker: MakerId,
	class: ClassId,
}

fn setup<T: Config>() -> Setup {
	let (maker_public, maker_key) = new_sr25519("//bench-maker");
	let name = BoundedVec::truncate_from(vec![b'm'; T::MaxNameLen::get() as usize]);
	let maker = NextMakerId::<T>::get();
	Pallet::<T>::do_register_maker(maker_key, name, u32::MAX).unwrap_or_else(|_| panic!("maker"));
	let class =
		Pallet::<T>::do_create_class(class_params::<T>()).unwrap_or_else(|_| panic!("class"));
	Setup { maker_public, maker, class }
}

/// Registers a device owned by `owner` and returns its key.
fn device<T: Config>(s: &Setup, owner: &T::AccountId, seed: &str) -> PublicKey {
	let (public, key) = new_sr25519(seed);
	let maker_sig = sign(&s.maker_public, &Pallet::<T>::maker_certificate_payload(&key, s.class));
	let device_sig = sign(&public, &Pallet::<T>::device_consent_payload(owner));
	Pallet::<T>::do_register_device(
		owner.clone(),
		key,
		s.class,
		s.maker,
		maker_sig,
		device_sig,
		Some(CELL),
		BoundedVec::truncate_from(vec![b'd'; T::MaxMetadataLen::get() as usize]),
	)
	.unwrap_or_else(|e| panic!("device registers: {e:?}"));
	key
}

/// Gives `device` work in epoch 0 and moves the clock just past that epoch's dispute window:
/// the worst case of the calls that check the mark (they read it, the clock and the window).
fn worked_past_the_window<T: Config>(device: &PublicKey) {
	LastWork::<T>::insert(device, 0);
	T::BenchmarkHelper::set_current_epoch(T::DisputeWindow::get().saturating_add(1));
}

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_maker(n: Linear<0, { T::MaxNameLen::get() }>) -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let key = PublicKey::Sr25519([7; 32]);
		let maker = NextMakerId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key, BoundedVec::truncate_from(vec![b'n'; n as usize]), 10);

		assert_last_event::<T>(Event::MakerRegistered { maker, certificate_key: key, quota: 10 });
		Ok(())
	}

	#[benchmark]
	fn set_maker_quota() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = setup::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.maker, 5);

		assert_last_event::<T>(Event::MakerQuotaSet { maker: s.maker, quota: 5 });
		Ok(())
	}

	/// Every counted resolution limited (the longest list to check).
	#[benchmark]
	fn set_occupancy_limits() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let limits: BoundedVec<_, _> = BoundedVec::truncate_from(
			T::OccupancyResolutions::get().into_iter().map(|r| (r, 2)).collect::<Vec<_>>(),
		);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, limits.clone());

		assert_eq!(OccupancyLimits::<T>::get(), limits);
		Ok(())
	}

	#[benchmark]
	fn bond_maker() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		MakerParameters::<T>::mutate(|p| {
			p.bond = <T::Currency as frame_support::traits::fungible::Inspect<T::AccountId>>::minimum_balance()
		});
		let account = funded::<T>("maker", 0);
		let signature = sign(&s.maker_public, &Pallet::<T>::maker_bond_payload(s.maker, &account));

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()), s.maker, signature);

		assert_eq!(MakerStakes::<T>::get(s.maker).account, Some(account));
		Ok(())
	}

	#[benchmark]
	fn withdraw_maker_bond() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		MakerParameters::<T>::mutate(|p| {
			p.bond = <T::Currency as frame_support::traits::fungible::Inspect<T::AccountId>>::minimum_balance()
		});
		let account = funded::<T>("maker", 0);
		let signature = sign(&s.maker_public, &Pallet::<T>::maker_bond_payload(s.maker, &account));
		Pallet::<T>::do_bond_maker(account.clone(), s.maker, signature)
			.map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::do_revoke_maker(s.maker).map_err(|_| BenchmarkError::Weightless)?;
		let later =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(account), s.maker);

		assert_eq!(MakerStakes::<T>::get(s.maker).account, None);
		Ok(())
	}

	#[benchmark]
	fn resume_maker() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = setup::<T>();
		MakerStakes::<T>::mutate(s.maker, |stake| {
			stake.paused = true;
			stake.faults = 3;
		});

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.maker);

		assert!(!MakerStakes::<T>::get(s.maker).paused);
		Ok(())
	}

	#[benchmark]
	fn set_maker_params() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let params = MakerParams {
			bond: <T::Currency as frame_support::traits::fungible::Inspect<T::AccountId>>::minimum_balance(),
			slash: sp_runtime::Perbill::from_percent(10),
			max_faults: 5,
			fault_window: 100u32.into(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(MakerParameters::<T>::get(), params);
		Ok(())
	}

	#[benchmark]
	fn revoke_maker() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = setup::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.maker);

		assert_last_event::<T>(Event::MakerRevoked { maker: s.maker });
		Ok(())
	}

	#[benchmark]
	fn create_class() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let class = NextClassId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class_params::<T>());

		assert_last_event::<T>(Event::ClassCreated { class });
		Ok(())
	}

	#[benchmark]
	fn update_class() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = setup::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.class, class_params::<T>());

		assert_last_event::<T>(Event::ClassUpdated { class: s.class });
		Ok(())
	}

	#[benchmark]
	fn register_device(n: Linear<0, { T::MaxMetadataLen::get() }>) -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		let owner = funded::<T>("owner", 0);
		let (public, key) = new_sr25519("//bench-device");
		let maker_sig =
			sign(&s.maker_public, &Pallet::<T>::maker_certificate_payload(&key, s.class));
		let device_sig = sign(&public, &Pallet::<T>::device_consent_payload(&owner));
		let metadata = BoundedVec::truncate_from(vec![b'd'; n as usize]);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			key,
			s.class,
			s.maker,
			maker_sig,
			device_sig,
			Some(CELL),
			metadata,
		);

		assert_last_event::<T>(Event::DeviceRegistered {
			device: key,
			owner,
			class: s.class,
			maker: s.maker,
			bond: class_params::<T>().bond,
		});
		Ok(())
	}

	#[benchmark]
	fn set_location() {
		let owner = funded::<T>("owner", 0);
		let s = setup::<T>();
		let key = device::<T>(&s, &owner, "//bench-device");
		// Worst case: the device is interactive, so its cells' counts drop too.
		Pallet::<T>::count_interactive(&key, s.class, NetworkKind::Physical, Some(CELL));
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::LocationUpdateCooldown::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key, OTHER_CELL);

		assert_last_event::<T>(Event::LocationSet { device: key, location: OTHER_CELL });
	}

	#[benchmark]
	fn set_metadata(n: Linear<0, { T::MaxMetadataLen::get() }>) {
		let owner = funded::<T>("owner", 0);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key, BoundedVec::truncate_from(vec![b'x'; n as usize]));

		assert_last_event::<T>(Event::MetadataSet { device: key });
	}

	#[benchmark]
	fn transfer_device() {
		let owner = funded::<T>("owner", 0);
		let to = funded::<T>("new-owner", 1);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");
		worked_past_the_window::<T>(&key);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), key, to.clone());

		assert_last_event::<T>(Event::TransferOffered { device: key, from: owner, to });
	}

	#[benchmark]
	fn cancel_transfer() {
		let owner = funded::<T>("owner", 0);
		let to = funded::<T>("new-owner", 1);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");
		Pallet::<T>::do_offer_transfer(owner.clone(), key, to.clone())
			.unwrap_or_else(|_| panic!("offer"));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key);

		assert_last_event::<T>(Event::TransferCancelled { device: key, to });
		assert!(!PendingTransfers::<T>::contains_key(key));
	}

	#[benchmark]
	fn accept_transfer() {
		let owner = funded::<T>("owner", 0);
		let to = funded::<T>("new-owner", 1);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");
		worked_past_the_window::<T>(&key);
		Pallet::<T>::do_offer_transfer(owner.clone(), key, to.clone())
			.unwrap_or_else(|_| panic!("offer"));

		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), key);

		assert_last_event::<T>(Event::DeviceTransferred { device: key, from: owner, to });
	}

	#[benchmark]
	fn retire_device() {
		let owner = funded::<T>("owner", 0);
		let s = setup::<T>();
		let key = device::<T>(&s, &owner, "//bench-device");
		// Worst case: the device is interactive, so its cells' counts drop too.
		Pallet::<T>::count_interactive(&key, s.class, NetworkKind::Physical, Some(CELL));
		// Worst case: a pending transfer offer is dropped as well.
		let to = funded::<T>("new-owner", 1);
		Pallet::<T>::do_offer_transfer(owner.clone(), key, to).unwrap_or_else(|_| panic!("offer"));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key);

		assert!(PendingTransfers::<T>::get(key).is_none());
	}

	#[benchmark]
	fn withdraw_bond() {
		let owner = funded::<T>("owner", 0);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");
		worked_past_the_window::<T>(&key);
		Pallet::<T>::do_retire(owner.clone(), key).unwrap_or_else(|_| panic!("retire"));
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::UnbondingPeriod::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key);

		assert!(Devices::<T>::get(key).is_none());
	}

	#[benchmark]
	fn suspend_device() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let owner = funded::<T>("owner", 0);
		let s = setup::<T>();
		let key = device::<T>(&s, &owner, "//bench-device");
		Pallet::<T>::count_interactive(&key, s.class, NetworkKind::Physical, Some(CELL));
		let to = funded::<T>("new-owner", 1);
		Pallet::<T>::do_offer_transfer(owner, key, to).unwrap_or_else(|_| panic!("offer"));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);

		assert_last_event::<T>(Event::DeviceSuspended { device: key });
		Ok(())
	}

	#[benchmark]
	fn resume_device() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let owner = funded::<T>("owner", 0);
		let key = device::<T>(&setup::<T>(), &owner, "//bench-device");
		Pallet::<T>::do_suspend(key).unwrap_or_else(|_| panic!("suspend"));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);

		assert_last_event::<T>(Event::DeviceResumed { device: key });
		Ok(())
	}

	#[benchmark]
	fn set_maker_root() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let s = setup::<T>();
		let (root, _) = p256_key(x509::vectors::ROOT_SCALAR);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.maker, Some(root));

		assert_last_event::<T>(Event::MakerRootSet { maker: s.maker, root: Some(root) });
		Ok(())
	}

	/// The longest chain (three certificates below the root, each verified), every revocation
	/// lookup, the signer's class binding and the device's consent: five P-256 checks.
	#[benchmark]
	fn register_device_with_chain(
		n: Linear<0, { T::MaxMetadataLen::get() }>,
	) -> Result<(), BenchmarkError> {
		use x509::vectors;
		let s = setup::<T>();
		let (root, _) = p256_key(vectors::ROOT_SCALAR);
		MakerRoots::<T>::insert(s.maker, root);
		let device_cert = x509::parse(vectors::DEVICE).map_err(|_| "the vector reads")?;
		T::BenchmarkHelper::set_unix_time(device_cert.not_before as u64 + 86_400);
		let owner = funded::<T>("owner", 0);
		let (device, device_signing) = p256_key(vectors::DEVICE_SCALAR);
		let device = PublicKey::P256(device);
		let (signer, signer_signing) = p256_key(vectors::SIGNER_SCALAR);
		let class_signature = p256_sign(
			&signer_signing,
			&Pallet::<T>::chain_binding_payload(s.maker, &device, s.class),
		);
		let device_signature =
			p256_sign(&device_signing, &Pallet::<T>::device_consent_payload(&owner));
		let chain: Vec<CertificateDer> = [vectors::DEVICE, vectors::SIGNER, vectors::INTER]
			.iter()
			.map(|c| BoundedVec::truncate_from(c.to_vec()))
			.collect();
		let metadata = BoundedVec::truncate_from(vec![b'd'; n as usize]);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			device,
			s.class,
			s.maker,
			BoundedVec::truncate_from(chain),
			class_signature,
			device_signature,
			Some(CELL),
			metadata,
		);

		let serial = Serial::truncate_from(device_cert.serial.to_vec());
		assert_last_event::<T>(Event::DeviceCertified { device, issuer: signer, serial });
		Ok(())
	}

	#[benchmark]
	fn revoke_certificate() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let revocation = Revocation::Certificate {
			issuer: p256_key(x509::vectors::SIGNER_SCALAR).0,
			serial: Serial::truncate_from(vec![0x7f; x509::MAX_SERIAL_LEN as usize]),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, revocation.clone());

		assert_last_event::<T>(Event::CertificateRevoked { revocation });
		Ok(())
	}

	#[benchmark]
	fn verify_sr25519() {
		let (public, key) = new_sr25519("//bench-verify");
		let signature = sign(&public, &PAYLOAD);
		let valid;

		#[block]
		{
			valid = key.verify(&PAYLOAD, &signature);
		}

		assert!(valid);
	}

	#[benchmark]
	fn verify_ed25519() {
		let public = sp_io::crypto::ed25519_generate(BENCH_KEY, Some(b"//bench-verify".to_vec()));
		let signature = sp_io::crypto::ed25519_sign(BENCH_KEY, &public, &PAYLOAD)
			.unwrap_or_else(|| panic!("the keystore signs with a key it generated"));
		let key = PublicKey::Ed25519(public.0);
		let valid;

		#[block]
		{
			valid = key.verify(&PAYLOAD, &signature.0);
		}

		assert!(valid);
	}

	#[benchmark]
	fn verify_p256() {
		let (public, signing) = p256_key(x509::vectors::DEVICE_SCALAR);
		let signature = p256_sign(&signing, &PAYLOAD);
		let key = PublicKey::P256(public);
		let valid;

		#[block]
		{
			valid = key.verify(&PAYLOAD, &signature);
		}

		assert!(valid);
	}

	#[benchmark]
	fn verify_chain() -> Result<(), BenchmarkError> {
		use x509::vectors;
		let (root, _) = p256_key(vectors::ROOT_SCALAR);
		let now = x509::parse(vectors::DEVICE).map_err(|_| "the vector reads")?.not_before + 86_400;
		let chain = [vectors::DEVICE, vectors::SIGNER, vectors::INTER];
		let verified;

		#[block]
		{
			verified = x509::verify_chain(&chain, &root, now, |_, _, _| false);
		}

		assert!(verified.is_ok());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
