//! Setting the chain up for the bench through sudo: long epochs, its own device classes and
//! maker, seven verifiers, funded accounts, the consumers' credits (for the vouchers' units and
//! their settlement charges) and the devices each workload needs.

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};

use anyhow::{ensure, Result};
use depin_primitives::EpochIndex;
use depin_primitives::{
	ClassId, ClassParams, MakerId, NetworkKind, ProofKind, PublicKey, WitnessRules,
};
use depin_runtime::{Runtime, RuntimeCall, DPIN};
use serde_json::Value;
use sp_core::{crypto::AccountId32, sr25519, Pair, H256};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	MultiAddress, Perbill,
};

use super::{
	drive::run_setup_txs,
	load::{needed, per_block, sample_call},
	BenchArgs, Workload, BENCH_EPOCH_LENGTH, BIG_BATCH, CONSUMERS, IN_FLIGHT_BLOCKS, OWNERS,
	REGISTER_BATCH, VERIFIERS, WITNESSES,
};
use crate::{
	chain::{Chain, OfflineSigner, SignedTx},
	devtools::{hotspot_cells, NEIGHBOURHOOD},
	keys::Key,
	output::note,
	proofs::{self, Registration},
	text::dpin_text,
	Ctx,
};

/// Everything the workloads sign with.
pub(super) struct Setup {
	pub genesis: H256,
	signer: OfflineSigner,
	pub epoch: EpochIndex,
	pub senders: Vec<Key>,
	pub consumers: Vec<Key>,
	pub verifiers: Vec<Key>,
	pub sensors: Vec<(Key, PublicKey)>,
	pub hotspots: Vec<(Key, PublicKey)>,
	pub gpus: Vec<PublicKey>,
	pub nonces: HashMap<AccountId32, u64>,
	/// The cumulative units of the last voucher of each (consumer, sensor), by index: the next
	/// one carries one more, so every settlement is new.
	pub vouchers: HashMap<(usize, usize), u64>,
	/// The sensors' class price.
	pub unit_price: u128,
	pub beacons_used: usize,
	/// The node's normal-class block budget (reference time, picoseconds).
	pub normal_budget: u64,
}

impl Setup {
	/// Signs `call` for `signer` at its next local nonce.
	pub fn sign(&mut self, signer: &Key, call: &RuntimeCall) -> Result<SignedTx> {
		let nonce = self.nonces.entry(signer.account()).or_default();
		let tx = self.signer.sign(signer, call, *nonce)?;
		*nonce += 1;
		Ok(tx)
	}

	/// Every signer of the workloads starts again from the chain's next nonce.
	pub async fn reload_nonces<'a>(
		&mut self,
		chain: &Chain,
		keys: impl IntoIterator<Item = &'a Key>,
	) -> Result<()> {
		for k in keys {
			self.nonces.insert(k.account(), chain.next_nonce(&k.account()).await?);
		}
		Ok(())
	}
}

/// A bench key, derived from `--seed`, the role and an index.
fn bench_key(seed: &str, role: &str, i: usize) -> Key {
	let secret = BlakeTwo256::hash(format!("depin-bench/{seed}/{role}/{i}").as_bytes()).0;
	Key::Sr25519(sr25519::Pair::from_seed(&secret))
}

/// How many devices of each kind the chosen workloads need.
struct Plan {
	hotspots: usize,
	gpus: usize,
	sensors: usize,
}

/// Usage devices the voucher workload `w` needs: a (consumer, device) pair may have only one
/// settlement in the pool at a time (once one is in a block, a later one carrying fewer units
/// would settle nothing), and each workload keeps [`IN_FLIGHT_BLOCKS`] blocks' worth in the
/// pool; the workloads cycle through twice that many pairs of [`CONSUMERS`] consumers and
/// these devices (in groups of a batch).
fn sensors_for(w: Workload) -> usize {
	let in_flight = per_block(&sample_call(w)) * IN_FLIGHT_BLOCKS;
	let batches_per_consumer = (2 * in_flight).div_ceil(CONSUMERS);
	(batches_per_consumer * w.items_per_extrinsic()).div_ceil(BIG_BATCH) * BIG_BATCH
}

impl Plan {
	/// Hotspots beacon once per epoch; a GPU takes one attestation from each of the seven
	/// verifiers; the usage devices serve every consumer.
	fn new(args: &BenchArgs) -> Plan {
		let run = |w| args.workloads.contains(&w);
		let hotspots = if run(Workload::Beacons) {
			needed(&sample_call(Workload::Beacons), args.blocks).div_ceil(NEIGHBOURHOOD)
				* NEIGHBOURHOOD
		} else {
			0
		};
		let gpus = if run(Workload::Attestations) {
			(needed(&sample_call(Workload::Attestations), args.blocks) * BIG_BATCH)
				.div_ceil(VERIFIERS)
		} else {
			0
		};
		let sensors =
			args.workloads.iter().filter(|w| w.is_vouchers()).map(|w| sensors_for(*w)).max();
		Plan { hotspots, gpus, sensors: sensors.unwrap_or(0) }
	}

	fn devices(&self) -> usize {
		self.hotspots + self.gpus + self.sensors
	}
}

/// The bench's own maker, classes and device owners.
struct Fleet {
	sudo: Key,
	maker: Key,
	maker_id: MakerId,
	classes: (ClassId, ClassId, ClassId),
	owners: Vec<Key>,
}

pub(super) async fn setup(chain: &Arc<Chain>, args: &BenchArgs, ctx: &Ctx) -> Result<Setup> {
	let started = Instant::now();
	let plan = Plan::new(args);
	let seed = &args.seed;
	let mut s = Setup {
		genesis: chain.genesis(),
		signer: OfflineSigner::new(chain).await?,
		epoch: 0,
		senders: (0..args.senders).map(|i| bench_key(seed, "sender", i)).collect(),
		consumers: if plan.sensors > 0 {
			(0..CONSUMERS).map(|i| bench_key(seed, "consumer", i)).collect()
		} else {
			Vec::new()
		},
		verifiers: (0..VERIFIERS).map(|i| bench_key(seed, "verifier", i)).collect(),
		sensors: Vec::new(),
		hotspots: Vec::new(),
		gpus: Vec::new(),
		nonces: HashMap::new(),
		vouchers: HashMap::new(),
		unit_price: class(ProofKind::Usage, false).unit_price,
		beacons_used: 0,
		normal_budget: normal_budget(chain).await?,
	};
	let next_class: ClassId = chain
		.storage(&pallet_devices::NextClassId::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	let fleet = Fleet {
		sudo: Key::load(&args.sudo)?,
		maker: bench_key(seed, "maker", 0),
		maker_id: chain
			.storage(&pallet_devices::NextMakerId::<Runtime>::hashed_key())
			.await?
			.unwrap_or_default(),
		classes: (next_class, next_class + 1, next_class + 2),
		owners: (0..OWNERS).map(|i| bench_key(seed, "owner", i)).collect(),
	};
	let signers: Vec<Key> = [&s.senders, &s.consumers, &s.verifiers, &fleet.owners]
		.into_iter()
		.flatten()
		.chain([&fleet.sudo])
		.cloned()
		.collect();
	s.reload_nonces(chain, &signers).await?;
	note(format!(
		"setting up: {} senders, {} consumers, {} hotspots, {} GPUs, {} usage devices",
		s.senders.len(),
		s.consumers.len(),
		plan.hotspots,
		plan.gpus,
		plan.sensors
	));
	configure(chain, &mut s, &fleet, &plan, ctx).await?;
	admit_and_buy(chain, &mut s, &fleet, args, ctx).await?;
	register_devices(chain, &mut s, &fleet, &plan, args, ctx).await?;
	s.epoch = wait_for_bench_epoch(chain).await?;
	load_settled(chain, &mut s).await?;
	note(format!(
		"setup done in {:.0} s; measuring in epoch {}",
		started.elapsed().as_secs_f64(),
		s.epoch
	));
	Ok(s)
}

/// The node's normal-class block budget: `System.BlockWeights`' normal `max_total` (the
/// block's maximum times the normal dispatch ratio), reference time in picoseconds.
async fn normal_budget(chain: &Chain) -> Result<u64> {
	let weights = chain.block_weights().await?;
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	Ok(normal.max_total.unwrap_or(weights.max_block).ref_time())
}

/// What the chain settled already in the bench epoch for the bench's consumers and sensors (a
/// rerun in the same epoch): the next vouchers carry more.
async fn load_settled(chain: &Chain, s: &mut Setup) -> Result<()> {
	if s.consumers.is_empty() {
		return Ok(());
	}
	let consumers: HashMap<AccountId32, usize> =
		s.consumers.iter().enumerate().map(|(i, k)| (k.account(), i)).collect();
	let sensors: std::collections::BTreeMap<PublicKey, usize> =
		s.sensors.iter().enumerate().map(|(i, (_, d))| (*d, i)).collect();
	for ((consumer, device), units) in chain.settled_in_epoch(s.epoch).await? {
		if let (Some(c), Some(d)) = (consumers.get(&consumer), sensors.get(&device)) {
			s.vouchers.insert((*c, *d), units);
		}
	}
	if !s.vouchers.is_empty() {
		note(format!(
			"{} consumer-device pairs already settled in epoch {}: their vouchers continue above",
			s.vouchers.len(),
			s.epoch
		));
	}
	Ok(())
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn class(proof: ProofKind, location_required: bool) -> ClassParams<u128> {
	ClassParams {
		kind: if location_required { NetworkKind::Physical } else { NetworkKind::Digital },
		proof,
		bond: DPIN,
		units_cap: 1 << 40,
		unit_price: 1,
		reward_weight: 1,
		location_required,
		witness: WitnessRules {
			min_witnesses: 1,
			max_witnesses: WITNESSES as u8,
			near_resolution: 8,
			far_resolution: 10,
		},
	}
}

/// Chain configuration and funds, through sudo: long epochs, every device challenged, quorum
/// seven, the bench's classes and maker, balances for every bench account.
async fn configure(
	chain: &Arc<Chain>,
	s: &mut Setup,
	fleet: &Fleet,
	plan: &Plan,
	ctx: &Ctx,
) -> Result<()> {
	let mut config = vec![
		RuntimeCall::Work(pallet_work::Call::set_epoch_length { length: BENCH_EPOCH_LENGTH }),
		RuntimeCall::Work(pallet_work::Call::set_challenge_rate { rate: Perbill::one() }),
		RuntimeCall::Work(pallet_work::Call::set_attestation_quorum { quorum: VERIFIERS as u32 }),
		RuntimeCall::Devices(pallet_devices::Call::create_class {
			params: class(ProofKind::Witnessed, true),
		}),
		RuntimeCall::Devices(pallet_devices::Call::create_class {
			params: class(ProofKind::Usage, false),
		}),
		RuntimeCall::Devices(pallet_devices::Call::create_class {
			params: class(ProofKind::Attested, false),
		}),
		RuntimeCall::Devices(pallet_devices::Call::register_maker {
			certificate_key: fleet.maker.device_key(),
			name: frame_support::BoundedVec::truncate_from(b"bench maker".to_vec()),
			quota: u32::try_from(plan.devices()).unwrap_or(u32::MAX),
		}),
	];
	let fund = |who: &Key, amount: u128| {
		RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: MultiAddress::Id(who.account()),
			new_free: amount,
		})
	};
	for k in s.senders.iter().chain(&s.consumers) {
		config.push(fund(k, CONSUMER_FUNDS));
	}
	for k in &s.verifiers {
		config.push(fund(k, 10_000 * DPIN));
	}
	for k in &fleet.owners {
		config.push(fund(k, (plan.devices() as u128 + 100) * DPIN));
	}
	let txs = config
		.chunks(50)
		.map(|c| s.sign(&fleet.sudo, &sudo(batch_all(c.to_vec()))))
		.collect::<Result<Vec<_>>>()?;
	run_setup_txs(chain, txs, "configuring the chain", ctx).await
}

/// What each sender and consumer is funded with.
const CONSUMER_FUNDS: u128 = 1_000_000 * DPIN;

/// Credits each consumer buys: four times what the most its settlements can cost (the
/// vouchers' units at the class price and each batch's settlement charge at the chain's rate,
/// as this client's runtime weighs the batch), at least 1,000 DPIN, at most nine tenths of its
/// funds.
async fn credits_per_consumer(chain: &Chain, s: &Setup, args: &BenchArgs) -> Result<u128> {
	let rate = chain.settlement_rate().await?;
	let mut need: u128 = 0;
	for w in args.workloads.iter().filter(|w| w.is_vouchers()) {
		let n = w.items_per_extrinsic();
		let txs = needed(&sample_call(*w), args.blocks).div_ceil(CONSUMERS) as u128;
		// Each voucher adds one unit; the window is far shorter than the epoch.
		let units = s.unit_price.saturating_mul(n as u128);
		need = need.saturating_add(txs * (proofs::settlement_charge(rate, n as u32, 0) + units));
	}
	let buy = need.saturating_mul(4).max(1_000 * DPIN);
	let cap = CONSUMER_FUNDS / 10 * 9;
	if buy > cap {
		note(format!(
			"each consumer would need {} of credits but can buy {}: some settlements may be \
			 refused (InsufficientCredits)",
			dpin_text(buy),
			dpin_text(cap)
		));
	}
	note(format!(
		"each consumer buys {} of credits (settlement rate {rate} per unit of weight; a batch of \
		 100 is charged about {})",
		dpin_text(buy.min(cap)),
		dpin_text(proofs::settlement_charge(rate, BIG_BATCH as u32, 0))
	));
	Ok(buy.min(cap))
}

/// Verifiers (their bonds come from their own balance), and credits for the consumers.
async fn admit_and_buy(
	chain: &Arc<Chain>,
	s: &mut Setup,
	fleet: &Fleet,
	args: &BenchArgs,
	ctx: &Ctx,
) -> Result<()> {
	let mut txs = Vec::new();
	for v in s.verifiers.clone() {
		let key = pallet_work::Verifiers::<Runtime>::hashed_key_for(v.account());
		if chain.storage::<pallet_work::Verifier<u128>>(&key).await?.is_none() {
			let admit = crate::proofs::apply_and_admit_verifier(v.account(), u64::MAX / 2);
			txs.push(s.sign(&fleet.sudo, &sudo(admit))?);
		}
	}
	if !s.consumers.is_empty() {
		let amount = credits_per_consumer(chain, s, args).await?;
		for c in s.consumers.clone() {
			let have = chain.credits(&c.account()).await?;
			if have >= amount {
				continue;
			}
			let buy = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: c.account(),
				amount: amount - have,
			});
			txs.push(s.sign(&c, &buy)?);
		}
	}
	run_setup_txs(chain, txs, "admitting verifiers, buying credits", ctx).await
}

/// Registers the hotspots (in neighbourhoods, owners taking turns), the usage devices and the
/// GPUs.
async fn register_devices(
	chain: &Arc<Chain>,
	s: &mut Setup,
	fleet: &Fleet,
	plan: &Plan,
	args: &BenchArgs,
	ctx: &Ctx,
) -> Result<()> {
	let seed = &args.seed;
	let (hotspot_class, sensor_class, gpu_class) = fleet.classes;
	let mut registrations: Vec<Vec<RuntimeCall>> = vec![Vec::new(); OWNERS];
	let genesis = s.genesis;
	let mut register = |owner: usize, key: &Key, class: ClassId, location: Option<u64>| {
		let owner_account = fleet.owners[owner].account();
		let maker = (&fleet.maker, fleet.maker_id);
		let r = Registration::sign(&genesis, maker, key, class, &owner_account, location);
		registrations[owner].push(r.call()?);
		Ok::<_, anyhow::Error>(key.device_key())
	};
	let signing = Instant::now();
	for (i, cell) in hotspot_cells(plan.hotspots)?.iter().enumerate() {
		let key = bench_key(seed, "hotspot", i);
		let device = register((i % NEIGHBOURHOOD) % OWNERS, &key, hotspot_class, Some(*cell))?;
		s.hotspots.push((key, device));
	}
	for i in 0..plan.sensors {
		let key = bench_key(seed, "sensor", i);
		let device = register(i % OWNERS, &key, sensor_class, None)?;
		s.sensors.push((key, device));
	}
	for i in 0..plan.gpus {
		let key = bench_key(seed, "gpu", i);
		s.gpus.push(register(i % OWNERS, &key, gpu_class, None)?);
	}
	let mut txs = Vec::new();
	for (o, calls) in registrations.into_iter().enumerate() {
		for chunk in calls.chunks(REGISTER_BATCH) {
			txs.push(s.sign(&fleet.owners[o], &batch_all(chunk.to_vec()))?);
		}
	}
	note(format!(
		"signed {} registrations in {:.1} s",
		plan.devices(),
		signing.elapsed().as_secs_f64()
	));
	run_setup_txs(chain, txs, "registering devices", ctx).await
}

/// Waits for the long epoch to start, so that no workload straddles an epoch boundary;
/// returns its index.
async fn wait_for_bench_epoch(chain: &Chain) -> Result<EpochIndex> {
	let deadline = Instant::now() + Duration::from_secs(600);
	loop {
		let info: Value =
			chain.call("depin_epoch", vec![]).await.map_err(|e| e.context("depin_epoch failed"))?;
		if info["length"].as_u64() == Some(BENCH_EPOCH_LENGTH.into()) && info["closing"].is_null() {
			return Ok(info["index"].as_u64().unwrap_or_default() as u32);
		}
		ensure!(Instant::now() < deadline, "the bench epoch did not start within 10 minutes");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}
