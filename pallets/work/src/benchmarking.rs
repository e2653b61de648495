//! Benchmarks of every call at its worst case and of the epoch hook (v2 syntax). They also run
//! as unit tests: `cargo test -p pallet-work --features runtime-benchmarks`.
//!
//! Device and consumer keys are generated in the keystore extension, so the measured calls
//! verify real sr25519 signatures. Devices are registered through the registry's benchmark
//! helper ([`DeviceInspect::register_for_benchmark`]), each with its own owner and class.

use alloc::vec::Vec;
use depin_primitives::{
	ClassParams, DeviceInspect, H3Cell, NetworkKind, PerKind, ProofKind, PublicKey, RawSignature,
	WitnessRules,
};
use frame_benchmarking::v2::*;
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, sr25519, H256};
use sp_runtime::{
	traits::{One, Saturating, Zero},
	Perbill,
};

use crate::{pallet::*, *};

/// Key type of the keys the benchmarks generate.
const BENCH_KEY: KeyTypeId = KeyTypeId(*b"wbnc");
/// A resolution-9 cell, and another with the same resolution-8 parent.
const CELL: H3Cell = 0x8928308280fffff;
const NEAR: H3Cell = 0x89283082813ffff;

fn new_key(seed: &str, index: u32) -> sr25519::Public {
	let seed = alloc::format!("//{seed}/{index}");
	sp_io::crypto::sr25519_generate(BENCH_KEY, Some(seed.into_bytes()))
}

fn sign(public: &sr25519::Public, message: &[u8]) -> sr25519::Signature {
	sp_io::crypto::sr25519_sign(BENCH_KEY, public, message)
		.unwrap_or_else(|| panic!("the keystore signs with a key it generated"))
}

fn raw(signature: &sr25519::Signature) -> RawSignature {
	let mut raw = [0u8; 64];
	raw.copy_from_slice(signature.as_ref());
	raw
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::DeviceAdmin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn emission_admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::EmissionAdmin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn dispute_admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::DisputeAdmin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// An account with ten million existential deposits: enough for any bond, and small enough
/// that hundreds of them never overflow the total issuance.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, T::Currency::minimum_balance() * 10_000_000u32.into());
	who
}

fn class<T: Config>(proof: ProofKind) -> ClassParams<BalanceOf<T>> {
	let max_witnesses = u8::try_from(T::MaxWitnesses::get()).unwrap_or(u8::MAX);
	ClassParams {
		kind: NetworkKind::Physical,
		proof,
		bond: 1_000u32.into(),
		units_cap: u64::MAX,
		unit_price: One::one(),
		reward_weight: 1,
		// Physical classes need a location (the devices are registered at a cell): their
		// units are scaled by occupancy, the costlier case.
		location_required: true,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses,
			near_resolution: 8,
			far_resolution: 9,
		},
	}
}

/// Registers device `index` of kind `proof` with its own funded owner; returns its key pair.
fn device<T: Config>(proof: ProofKind, index: u32, cell: H3Cell) -> (sr25519::Public, PublicKey) {
	let public = new_key("device", index);
	let key = PublicKey::Sr25519(public.0);
	let owner = funded::<T>("owner", index);
	T::Devices::register_for_benchmark(key, &owner, class::<T>(proof), Some(cell))
		.unwrap_or_else(|e| panic!("device registers: {e:?}"));
	(public, key)
}

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

/// Makes `verifier` apply (its bond on hold) and admits it with `quota`.
fn admitted<T: Config>(verifier: T::AccountId, quota: u64) -> sp_runtime::DispatchResult {
	Pallet::<T>::do_apply_verifier(verifier.clone())?;
	Pallet::<T>::do_admit_verifier(verifier, quota)
}

/// A usage work record of one unit for one credit, earned by a benchmark account.
fn usage_work<T: Config>() -> DeviceWorkOf<T> {
	DeviceWork {
		owner: account("earner", 0, 0),
		kind: ProofKind::Usage,
		units: 1,
		credits: One::one(),
		shares: 1,
		bond: Zero::zero(),
		voided: false,
	}
}

/// Records work for `devices` devices in the current epoch, straight into storage.
fn fill_epoch<T: Config>(devices: u32) {
	let epoch = CurrentEpoch::<T>::get();
	for i in 0..devices {
		let key = PublicKey::Ed25519(sp_io::hashing::blake2_256(&i.to_le_bytes()));
		WorkRecords::<T>::insert(epoch, key, usage_work::<T>());
	}
	Totals::<T>::insert(
		epoch,
		EpochTotals {
			units: PerKind { usage: devices.into(), witnessed: 0, attested: 0 },
			shares: PerKind { usage: devices.into(), witnessed: 0, attested: 0 },
			credits: devices.into(),
			devices,
		},
	);
}

/// `n` vouchers of one consumer, each the first settlement of another device in the epoch:
/// each reads its settled units and work record (absent), writes both and marks the device's
/// work in the registry (the mark a device's first record of an epoch writes).
fn voucher_batch<T: Config>(n: u32) -> Result<(Call<T>, T::AccountId), BenchmarkError>
where
	T::Signature: From<sr25519::Signature>,
	T::AccountId: From<sr25519::Public>,
{
	let consumer_key = new_key("consumer", 0);
	let consumer: T::AccountId = consumer_key.into();
	T::Credits::set_credits(&consumer, T::Currency::minimum_balance() * 10_000_000u32.into());
	let mut items = Vec::new();
	for i in 0..n {
		let (public, key) = device::<T>(ProofKind::Usage, i, CELL);
		let price: BalanceOf<T> = One::one();
		let payload = Pallet::<T>::voucher_payload(&key, &consumer, 0, 10, price);
		items.push(VoucherItem {
			device: key,
			cumulative_units: 10,
			unit_price: price,
			device_signature: raw(&sign(&public, &payload)),
		});
	}
	let payload = Pallet::<T>::batch_payload(&consumer, 0, &items);
	let consumer_signature = sign(&consumer_key, &payload).into();
	let items: BoundedVec<_, T::MaxVouchers> =
		items.try_into().map_err(|_| BenchmarkError::Weightless)?;
	Ok((
		Call::settle_usage { consumer: consumer.clone(), epoch: 0, items, consumer_signature },
		consumer,
	))
}

/// A beacon submission adding `w` witnesses of distinct owners, all in the band, to a
/// beacon that already counts one.
fn beacon<T: Config>(w: u32) -> Result<(PublicKey, Call<T>), BenchmarkError> {
	ChallengeRate::<T>::put(Perbill::one());
	// Reciprocity on, and every device reciprocal: each witness's activity is read, counts
	// and is written back.
	ReciprocityWindow::<T>::put(T::MaxReciprocityWindow::get());
	let (beaconer_public, beaconer) = device::<T>(ProofKind::Witnessed, 0, CELL);
	T::Devices::note_witnessed(&beaconer, 0);
	let challenge = Pallet::<T>::challenge(0, &beaconer).ok_or(BenchmarkError::Weightless)?;
	let beaconer_signature =
		raw(&sign(&beaconer_public, &Pallet::<T>::beacon_payload(&beaconer, 0, &challenge)));
	let payload = Pallet::<T>::witness_payload(&beaconer, 0, &challenge);
	let mut witnesses = Vec::new();
	for i in 1..=w {
		let (public, key) = device::<T>(ProofKind::Witnessed, i, NEAR);
		T::Devices::note_beaconed(&key, 0);
		witnesses.push(WitnessReceipt { witness: key, signature: raw(&sign(&public, &payload)) });
	}
	let witnesses = witnesses.try_into().map_err(|_| BenchmarkError::Weightless)?;
	Ok((beaconer, Call::submit_beacon { beaconer, epoch: 0, witnesses, beaconer_signature }))
}

/// One dispute (id 0) open against work of `kind` in epoch 0, which `MaxQuorum` admitted
/// verifiers attested, with epoch 0 closed (the current epoch is 1 and none is in its grace)
/// and the treasury at the minimum balance; returns the disputed device.
fn disputed_work<T: Config>(kind: ProofKind) -> Result<PublicKey, BenchmarkError> {
	let (_, device) = device::<T>(kind, 0, CELL);
	WorkRecords::<T>::insert(0, device, DeviceWork { kind, ..usage_work::<T>() });
	let mut attesters = BoundedVec::<T::AccountId, T::MaxQuorum>::new();
	for v in 0..T::MaxQuorum::get() {
		let verifier = funded::<T>("attester", v);
		admitted::<T>(verifier.clone(), 0).map_err(|_| BenchmarkError::Weightless)?;
		attesters.try_push(verifier).map_err(|_| BenchmarkError::Weightless)?;
	}
	Attesters::<T>::insert(0, device, attesters);
	let disputer = funded::<T>("disputer", 0);
	Pallet::<T>::do_open_dispute(disputer, device, 0, H256::zero())
		.map_err(|_| BenchmarkError::Weightless)?;
	CurrentEpoch::<T>::put(1);
	Closing::<T>::kill();
	T::Currency::set_balance(&T::Treasury::get(), T::Currency::minimum_balance());
	Ok(device)
}

/// Runs `call`'s authorization as the pool and the block do; a refusal fails the benchmark.
fn authorize<T: Config>(call: &Call<T>) -> Result<(), BenchmarkError> {
	use frame_support::{pallet_prelude::TransactionSource, traits::Authorize};
	call.authorize(TransactionSource::External)
		.ok_or(BenchmarkError::Weightless)?
		.map_err(|_| BenchmarkError::Weightless)?;
	Ok(())
}

/// Applies `call` as a block applies an authorized general transaction: its authorization,
/// then its dispatch with the `Authorized` origin.
fn apply_authorized<T: Config>(call: Call<T>) -> Result<(), BenchmarkError> {
	use frame_support::traits::UnfilteredDispatchable;
	authorize::<T>(&call)?;
	call.dispatch_bypass_filter(RawOrigin::Authorized.into())
		.map_err(|_| BenchmarkError::Weightless)?;
	Ok(())
}

#[benchmarks(
	where
		T::Signature: From<sr25519::Signature>,
		T::AccountId: From<sr25519::Public>,
)]
mod benchmarks {
	use super::*;

	/// A whole settlement of `n` vouchers as a block applies it: its authorization (the
	/// signatures and the state), then its dispatch, which reads what the authorization read
	/// again from the overlay. The call's declared weight is this minus the authorization's.
	#[benchmark]
	fn settle_usage(n: Linear<1, { T::MaxVouchers::get() }>) -> Result<(), BenchmarkError> {
		let (call, _) = voucher_batch::<T>(n)?;

		#[block]
		{
			apply_authorized::<T>(call)?;
		}

		assert_eq!(Totals::<T>::get(0).units.usage, 10 * u64::from(n));
		Ok(())
	}

	/// Authorizing `n` vouchers: the consumer's and `n` devices' signatures, and the state.
	#[benchmark]
	fn authorize_settle_usage(
		n: Linear<1, { T::MaxVouchers::get() }>,
	) -> Result<(), BenchmarkError> {
		let (call, _) = voucher_batch::<T>(n)?;

		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	/// A whole beacon submission adding `w` witnesses as a block applies it: its authorization,
	/// then its dispatch. The call's declared weight is this minus the authorization's.
	#[benchmark]
	fn submit_beacon(
		w: Linear<1, { T::MaxWitnesses::get().min(255) }>,
	) -> Result<(), BenchmarkError> {
		let (beaconer, call) = beacon::<T>(w)?;

		#[block]
		{
			apply_authorized::<T>(call)?;
		}

		assert_last_event::<T>(Event::BeaconRecorded {
			beaconer,
			epoch: 0,
			witnesses: w,
			total: w,
			// One unit per beacon, whatever its number of witnesses.
			units: 1,
		});
		Ok(())
	}

	/// Authorizing a beacon submission adding `w` witnesses: the beaconer's signature, `w`
	/// witness signatures and the state.
	#[benchmark]
	fn authorize_submit_beacon(
		w: Linear<1, { T::MaxWitnesses::get().min(255) }>,
	) -> Result<(), BenchmarkError> {
		let (_, call) = beacon::<T>(w)?;

		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	/// `n` attestations, each completing the largest quorum of its device (so each sorts
	/// `MaxQuorum` values, slashes every admitted verifier of it but the median's as an
	/// outlier, and writes the device's work), each device with a committee drawn
	/// from one slot more than the quorum (the most draws per committee) and a registration
	/// block to check.
	#[benchmark]
	fn submit_attestations(
		n: Linear<1, { T::MaxAttestations::get() }>,
	) -> Result<(), BenchmarkError> {
		let quorum = T::MaxQuorum::get();
		AttestationQuorum::<T>::put(quorum);
		let verifier = funded::<T>("verifier", 0);
		admitted::<T>(verifier.clone(), u64::MAX).map_err(|_| BenchmarkError::Weightless)?;
		for v in 1..=quorum {
			admitted::<T>(funded::<T>("committee-verifier", v), 0)
				.map_err(|_| BenchmarkError::Weightless)?;
		}
		let start = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::AssignmentLookahead::get())
			.saturating_add(One::one());
		CommitteeBases::<T>::insert(0, CommitteeBase { start, verifiers: quorum + 1 });
		let mut items = Vec::new();
		let mut candidate = 0u32;
		for _ in 0..n {
			// The next device key whose committee has the benchmarked verifier (slot 0).
			while !Pallet::<T>::committee(0, &PublicKey::Sr25519(new_key("device", candidate).0))
				.is_some_and(|slots| slots.contains(&0))
			{
				candidate += 1;
			}
			let (_, key) = device::<T>(ProofKind::Attested, candidate, CELL);
			candidate += 1;
			let others: Vec<(T::AccountId, u64)> = (1..quorum)
				.map(|v| (account::<T::AccountId>("committee-verifier", v, 0), u64::from(v)))
				.collect();
			Attestations::<T>::insert(
				0,
				key,
				BoundedVec::try_from(others).map_err(|_| BenchmarkError::Weightless)?,
			);
			items.push(Attestation { device: key, units: 1_000 });
		}
		let items: BoundedVec<_, T::MaxAttestations> =
			items.try_into().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(verifier.clone()), 0, items);

		assert_last_event::<T>(Event::AttestationsRecorded { verifier, epoch: 0, count: n });
		Ok(())
	}

	#[benchmark]
	fn apply_verifier() -> Result<(), BenchmarkError> {
		let applicant = funded::<T>("verifier", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant.clone()));

		assert!(VerifierApplications::<T>::contains_key(&applicant));
		Ok(())
	}

	#[benchmark]
	fn withdraw_application() -> Result<(), BenchmarkError> {
		let applicant = funded::<T>("verifier", 0);
		Pallet::<T>::do_apply_verifier(applicant.clone())
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant.clone()));

		assert!(!VerifierApplications::<T>::contains_key(&applicant));
		Ok(())
	}

	#[benchmark]
	fn set_attestation_tolerance() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Perbill::from_percent(5));

		assert_eq!(AttestationTolerance::<T>::get(), Perbill::from_percent(5));
		Ok(())
	}

	#[benchmark]
	fn admit_verifier() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let verifier = funded::<T>("verifier", 0);
		Pallet::<T>::do_apply_verifier(verifier.clone()).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, verifier.clone(), 1_000);

		assert!(Verifiers::<T>::contains_key(&verifier));
		Ok(())
	}

	/// Removing the verifier in slot 0 while another holds the last slot, which moves.
	#[benchmark]
	fn remove_verifier() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let verifier = funded::<T>("verifier", 0);
		admitted::<T>(verifier.clone(), 1_000).map_err(|_| BenchmarkError::Weightless)?;
		let last = funded::<T>("verifier", 1);
		admitted::<T>(last.clone(), 1_000).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, verifier.clone());

		assert_eq!(Verifiers::<T>::get(&last).map(|v| v.slot), Some(0));
		assert_last_event::<T>(Event::VerifierRemoved { verifier });
		Ok(())
	}

	/// The last free slot: `MaxDisputesPerWork − 1` disputes of other disputers already stand
	/// against the work, and each is read to check the caller has none.
	#[benchmark]
	fn open_dispute() -> Result<(), BenchmarkError> {
		let (_, device) = device::<T>(ProofKind::Usage, 0, CELL);
		WorkRecords::<T>::insert(0, device, usage_work::<T>());
		let others = T::MaxDisputesPerWork::get().saturating_sub(1);
		for i in 0..others {
			Pallet::<T>::do_open_dispute(funded::<T>("other", i), device, 0, H256::zero())
				.map_err(|_| BenchmarkError::Weightless)?;
		}
		let disputer = funded::<T>("disputer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(disputer.clone()), device, 0, H256::repeat_byte(1));

		let open = OpenDisputes::<T>::get(0, device).map_or(0, |ids| ids.len() as u32);
		ensure!(open == others + 1, "the dispute took the last slot");
		ensure!(Disputes::<T>::get(others).is_some_and(|d| d.disputer == disputer), "opened");
		Ok(())
	}

	#[benchmark]
	fn expire_dispute() -> Result<(), BenchmarkError> {
		let (_, device) = device::<T>(ProofKind::Usage, 0, CELL);
		WorkRecords::<T>::insert(0, device, usage_work::<T>());
		let disputer = funded::<T>("disputer", 0);
		Pallet::<T>::do_open_dispute(disputer.clone(), device, 0, H256::zero())
			.map_err(|_| BenchmarkError::Weightless)?;
		let deadline = Disputes::<T>::get(0).map(|d| d.deadline).ok_or("opened")?;
		CurrentEpoch::<T>::put(deadline.saturating_add(1));
		Closing::<T>::kill();

		#[extrinsic_call]
		_(RawOrigin::Signed(disputer), 0);

		ensure!(!Disputes::<T>::contains_key(0), "closed");
		ensure!(!OpenDisputes::<T>::contains_key(0, device), "unindexed");
		Ok(())
	}

	/// With an epoch length scheduled and an earlier timeout still live (both read, the
	/// latter merged and rewritten).
	#[benchmark]
	fn set_dispute_timeout() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let max = T::MaxDisputeTimeout::get();
		PendingEpochLength::<T>::put(T::MaxEpochLength::get());
		EarlierDisputeTimeout::<T>::put((max, CurrentEpoch::<T>::get().saturating_add(max)));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxDisputeTimeout::get());

		ensure!(DisputeTimeout::<T>::get() == T::MaxDisputeTimeout::get(), "set");
		Ok(())
	}

	/// The upheld path at its worst: voiding work of an epoch already closed (its reward goes
	/// to the treasury through `OnWorkVoided`, whose `max_weight` the call adds on top), a
	/// slash of each of `MaxQuorum` attesters, two slashes of the device's bond, a slash of its
	/// maker's bond and a suspension.
	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let origin = dispute_admin::<T>()?;
		let device = disputed_work::<T>(ProofKind::Usage)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, Verdict::UpheldMakerAtFault);

		assert!(WorkRecords::<T>::get(0, device).is_some_and(|w| w.voided));
		assert!(!Attesters::<T>::contains_key(0, device));
		Ok(())
	}

	/// The verifiers alone at fault, at its worst: voiding attested work of an epoch already
	/// closed, and a slash of each of `MaxQuorum` attesters split between the disputer and the
	/// treasury.
	#[benchmark]
	fn resolve_dispute_blaming_verifiers() -> Result<(), BenchmarkError> {
		let origin = dispute_admin::<T>()?;
		let device = disputed_work::<T>(ProofKind::Attested)?;

		#[extrinsic_call]
		resolve_dispute(origin as T::RuntimeOrigin, 0, Verdict::UpheldVerifiersAtFault);

		assert!(WorkRecords::<T>::get(0, device).is_some_and(|w| w.voided));
		assert!(!Attesters::<T>::contains_key(0, device));
		Ok(())
	}

	/// With an earlier dispute timeout still live (read as well as the current one).
	#[benchmark]
	fn set_epoch_length() -> Result<(), BenchmarkError> {
		let origin = emission_admin::<T>()?;
		let length = T::MinEpochLength::get().saturating_add(One::one());
		let max = T::MaxDisputeTimeout::get();
		DisputeTimeout::<T>::put(max);
		EarlierDisputeTimeout::<T>::put((max, CurrentEpoch::<T>::get().saturating_add(max)));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_eq!(PendingEpochLength::<T>::get(), Some(length));
		Ok(())
	}

	#[benchmark]
	fn set_challenge_rate() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Perbill::from_percent(5));

		assert_eq!(ChallengeRate::<T>::get(), Perbill::from_percent(5));
		Ok(())
	}

	#[benchmark]
	fn set_attestation_quorum() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxQuorum::get());

		assert_eq!(AttestationQuorum::<T>::get(), T::MaxQuorum::get());
		Ok(())
	}

	#[benchmark]
	fn set_settlement_rate() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, One::one());

		assert_eq!(SettlementRate::<T>::get(), One::one());
		Ok(())
	}

	#[benchmark]
	fn set_reciprocity_window() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let window = T::MaxReciprocityWindow::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, window);

		assert_eq!(ReciprocityWindow::<T>::get(), window);
		Ok(())
	}

	#[benchmark]
	fn set_dispute_window() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxDisputeWindow::get());

		assert_eq!(DisputeWindow::<T>::get(), T::MaxDisputeWindow::get());
		Ok(())
	}

	/// The boundary with `d` devices' work in the ending epoch: the weight must not depend
	/// on `d` (its fitted slope is the proof that the boundary never iterates devices).
	#[benchmark]
	fn epoch_boundary(d: Linear<0, 1_000>) {
		fill_epoch::<T>(d);
		PendingEpochLength::<T>::put(EpochLength::<T>::get());
		let n: BlockNumberFor<T> = EpochStart::<T>::get().saturating_add(EpochLength::<T>::get());
		let epoch = CurrentEpoch::<T>::get();

		#[block]
		{
			Pallet::<T>::advance_clock(n);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch + 1);
	}

	/// Closing an epoch with `d` devices' work: also independent of `d`.
	#[benchmark]
	fn close_epoch(d: Linear<0, 1_000>) {
		fill_epoch::<T>(d);
		let epoch = CurrentEpoch::<T>::get();
		let n = frame_system::Pallet::<T>::block_number();
		Closing::<T>::put((epoch, n));

		#[block]
		{
			Pallet::<T>::advance_clock(n);
		}

		assert_eq!(Closing::<T>::get(), None);
	}

	/// The clock in a block that neither starts nor closes an epoch.
	#[benchmark]
	fn clock_tick() {
		let n = frame_system::Pallet::<T>::block_number();
		Closing::<T>::kill();
		let epoch = CurrentEpoch::<T>::get();

		#[block]
		{
			Pallet::<T>::advance_clock(n);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch);
	}

	/// `on_idle` removing `k` records of a closed epoch (beacons: one key per beaconing
	/// device; attestation and verifier-usage keys cost the same to remove).
	#[benchmark]
	fn prune_closed_epoch(k: Linear<0, 1_000>) {
		for i in 0..k {
			let key = PublicKey::Ed25519(sp_io::hashing::blake2_256(&i.to_le_bytes()));
			Beacons::<T>::insert(0, key, BoundedVec::truncate_from(alloc::vec![key]));
		}
		Closing::<T>::kill();
		CurrentEpoch::<T>::put(1);
		PruneCursor::<T>::put(0);

		#[block]
		{
			Pallet::<T>::prune(Weight::MAX);
		}

		assert_eq!(PruneCursor::<T>::get(), 1);
		assert_eq!(Beacons::<T>::iter_prefix(0).count(), 0);
	}

	/// `on_idle` removing `k` work records of an epoch past retention, then its totals.
	#[benchmark]
	fn prune_expired_records(k: Linear<0, 1_000>) {
		fill_epoch::<T>(k);
		let epoch = CurrentEpoch::<T>::get();
		let now = epoch.saturating_add(T::WorkRetention::get()).saturating_add(1);
		Closing::<T>::kill();
		CurrentEpoch::<T>::put(now);
		PruneCursor::<T>::put(now);
		RecordsCursor::<T>::put(epoch);

		#[block]
		{
			Pallet::<T>::prune(Weight::MAX);
		}

		assert_eq!(RecordsCursor::<T>::get(), epoch + 1);
		assert_eq!(WorkRecords::<T>::iter_prefix(epoch).count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
