//! `depin bench`: the load generator. Against a running node, it pre-signs and submits each
//! workload (transfers as the baseline, usage receipts in batches of 1, 10 and 100, beacons
//! with five witnesses, attestations in batches of 100) and measures what the chain
//! finalizes over a fixed window of blocks: extrinsics and proofs per second, block
//! fullness, and inclusion latency.
//!
//! Method, per workload:
//! 1. Sign every transaction before the clock starts (explicit nonces, native signing with
//!    the runtime's types), as many as the block weight limit lets through in the window,
//!    plus a margin.
//! 2. Submit with `author_submitExtrinsic`, keeping about three blocks' worth in the pool, so
//!    every block can be full without the pool growing without bound.
//! 3. Follow new blocks; the window is the `--blocks` blocks after the first block that
//!    carries the workload (that first block is partly filled and not counted).
//! 4. Once the window is finalized, read each block's events (proofs recorded, failures),
//!    weight and timestamp. Throughput is counted over the blocks' own timestamps.
//!
//! The bench reconfigures the chain through sudo (long epochs, its own device classes and
//! maker, seven verifiers, quorum seven) and registers tens of thousands of devices: run it
//! on a throwaway development chain, as `scripts/bench.sh` does.

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::{Args, ValueEnum};
use codec::Encode;
use depin_runtime::{Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic, DPIN};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use futures::{stream::FuturesUnordered, StreamExt};
use pallet_devices::{
	ClassId, ClassParams, MakerId, NetworkKind, ProofKind, PublicKey, WitnessRules,
};
use pallet_work::{Attestation, EpochIndex, UsageReceipt, WitnessReceipt};
use serde_json::{json, Value};
use sp_core::{crypto::AccountId32, sr25519, Pair, H256};
use sp_runtime::{
	generic::SignedPayload,
	traits::{BlakeTwo256, Hash, TransactionExtension},
	MultiAddress, MultiSignature, Perbill,
};
use subxt::rpcs::client::RpcParams;

use crate::{
	chain::Chain,
	keys::Key,
	output::{self, note},
	Ctx,
};

/// Proofs per batch of the batched workloads.
const BIG_BATCH: usize = 100;
/// Witnesses per beacon.
const WITNESSES: usize = 5;
/// Hotspots per resolution-8 neighbourhood, one per resolution-10 cell (as
/// `simulate::hotspot_cells` places them); seven owners take turns, so any five consecutive
/// neighbours have owners other than the beaconer's.
const NEIGHBOURHOOD: usize = 49;
/// Owners of the bench's devices.
const OWNERS: usize = 7;
/// Verifiers; the bench sets the attestation quorum to this (the runtime's maximum).
const VERIFIERS: usize = 7;
/// Usage devices per gateway.
const SENSORS_PER_GATEWAY: usize = 4;
/// Registrations per `utility.batch_all`.
const REGISTER_BATCH: usize = 25;
/// The epoch length the bench sets, so that every workload runs inside one epoch.
const BENCH_EPOCH_LENGTH: u32 = 2_000;
/// Requests to the node in flight at once.
const CONCURRENT_REQUESTS: usize = 64;

/// The workloads, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Workload {
	/// `balances.transfer_keep_alive`, the baseline.
	Transfers,
	/// `work.submit_usage` with one receipt per extrinsic.
	Usage1,
	/// `work.submit_usage` with ten receipts per extrinsic.
	Usage10,
	/// `work.submit_usage` with a hundred receipts per extrinsic.
	Usage100,
	/// `work.submit_beacon` with five witnesses.
	Beacons,
	/// `work.submit_attestations` with a hundred attestations per extrinsic.
	Attestations,
}

impl Workload {
	fn label(self) -> &'static str {
		match self {
			Workload::Transfers => "transfer_keep_alive",
			Workload::Usage1 => "usage receipts x1",
			Workload::Usage10 => "usage receipts x10",
			Workload::Usage100 => "usage receipts x100",
			Workload::Beacons => "beacons, 5 witnesses",
			Workload::Attestations => "attestations x100",
		}
	}

	/// Proofs per extrinsic: receipts, witness receipts or attestations; a transfer is one.
	fn proofs_per_extrinsic(self) -> usize {
		match self {
			Workload::Transfers | Workload::Usage1 => 1,
			Workload::Usage10 => 10,
			Workload::Usage100 | Workload::Attestations => BIG_BATCH,
			Workload::Beacons => WITNESSES,
		}
	}
}

#[derive(Args)]
#[command(after_help = "Example (on a throwaway dev chain started with raised pool limits):\n  \
                        depin-node --dev --tmp --pool-limit 100000 --pool-kbytes 1000000 &\n  \
                        depin bench --blocks 10\n\nscripts/bench.sh does all of it and more; see \
                        docs/performance.md.")]
pub struct BenchArgs {
	/// Blocks in each workload's measurement window.
	#[arg(long, default_value_t = 10)]
	blocks: u32,
	/// Workloads to run (comma-separated); the transfer baseline always runs first, as the
	/// ratios are taken against it.
	#[arg(long, value_enum, value_delimiter = ',', default_values_t = [
		Workload::Transfers, Workload::Usage1, Workload::Usage10, Workload::Usage100,
		Workload::Beacons, Workload::Attestations,
	])]
	workloads: Vec<Workload>,
	/// Signing accounts for transfers, and gateways for usage receipts.
	#[arg(long, default_value_t = 16)]
	senders: usize,
	/// The sudo key (dev chains): it funds the bench's accounts and configures the chain.
	#[arg(long, default_value = "//Alice")]
	sudo: String,
	/// Seed of every bench key, so that reruns use fresh keys if it changes.
	#[arg(long, default_value = "bench")]
	seed: String,
	/// Stop after setting up (accounts, classes, devices), without measuring.
	#[arg(long)]
	setup_only: bool,
}

/// A transaction signed before the clock starts.
struct Prepared {
	bytes: String,
	hash: H256,
}

/// What the block follower learned about a batch of transactions.
#[derive(Default)]
struct Progress {
	/// When each transaction was handed to the node.
	sent: Vec<Option<Instant>>,
	/// When, and in which block, each transaction was first seen in a best block.
	included: Vec<Option<(u32, Instant)>>,
	included_count: usize,
	/// Transactions the node refused.
	refused: usize,
	first_refusal: Option<String>,
	/// The first block that carried one of them.
	first_block: Option<u32>,
	best: u32,
}

/// The measured figures of one workload.
struct Figures {
	workload: Workload,
	extrinsics: usize,
	proofs: u64,
	failed: usize,
	seconds: f64,
	fullness_mean: f64,
	fullness_max: f64,
	latency_mean: f64,
	latency_p95: f64,
	ran_dry: bool,
}

impl Figures {
	fn extrinsics_per_second(&self) -> f64 {
		self.extrinsics as f64 / self.seconds
	}
	fn proofs_per_second(&self) -> f64 {
		self.proofs as f64 / self.seconds
	}
}

/// Everything the workloads sign with.
struct Setup {
	genesis: H256,
	spec_version: u32,
	tx_version: u32,
	epoch: EpochIndex,
	senders: Vec<Key>,
	gateways: Vec<Key>,
	consumers: Vec<Key>,
	verifiers: Vec<Key>,
	sensors: Vec<Vec<(Key, PublicKey)>>,
	hotspots: Vec<(Key, PublicKey)>,
	gpus: Vec<PublicKey>,
	nonces: HashMap<AccountId32, u32>,
	usage_nonces: HashMap<(usize, usize), u64>,
	beacons_used: usize,
}

fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	BlakeTwo256::hash(bytes).0
}

fn bench_key(seed: &str, role: &str, i: usize) -> Key {
	let secret = blake2_256(format!("depin-bench/{seed}/{role}/{i}").as_bytes());
	Key::Sr25519(sr25519::Pair::from_seed(&secret))
}

/// Weight of `call` as a block counts it before refunds: its dispatch weight, the weight of
/// the transaction extensions (nonce, fee payment, weight checks) and the base extrinsic
/// weight.
fn block_weight_of(call: &RuntimeCall) -> u64 {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let extensions = depin_runtime::immortal_tx_extension(0).weight(call);
	call.get_dispatch_info()
		.total_weight()
		.saturating_add(extensions)
		.saturating_add(weights.get(DispatchClass::Normal).base_extrinsic)
		.ref_time()
}

/// Weight available to normal transactions in a block.
fn normal_block_weight() -> u64 {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block).ref_time()
}

impl Setup {
	/// Signs `call` for `signer` at its next local nonce.
	fn sign(&mut self, signer: &Key, call: RuntimeCall) -> Prepared {
		let nonce = self.nonces.entry(signer.account()).or_default();
		let ext = depin_runtime::immortal_tx_extension(*nonce);
		*nonce += 1;
		let implicit =
			((), self.spec_version, self.tx_version, self.genesis, self.genesis, (), (), (), ());
		let payload =
			SignedPayload::<RuntimeCall, depin_runtime::TxExtension>::from_raw(call, ext, implicit);
		let signature = payload.using_encoded(|p| signer.multi_sign(p));
		let (call, ext, _) = payload.deconstruct();
		let xt = UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(signer.account()),
			signature,
			ext,
		);
		let bytes = xt.encode();
		Prepared { hash: H256(blake2_256(&bytes)), bytes: format!("0x{}", hex::encode(bytes)) }
	}
}

async fn rpc<T: serde::de::DeserializeOwned>(
	chain: &Chain,
	method: &str,
	params: Vec<Value>,
) -> Result<T> {
	chain.call(method, params).await.with_context(|| format!("{method} failed"))
}

async fn block_hash(chain: &Chain, number: u32) -> Result<H256> {
	let hash: Option<String> = rpc(chain, "chain_getBlockHash", vec![number.into()]).await?;
	let hash = hash.ok_or_else(|| anyhow!("the node has no block {number}"))?;
	Ok(H256(crate::text::hex32(&hash)?))
}

async fn best_number(chain: &Chain) -> Result<u32> {
	let header: Value = rpc(chain, "chain_getHeader", vec![]).await?;
	parse_number(&header["number"])
}

async fn finalized_number(chain: &Chain) -> Result<u32> {
	let hash: String = rpc(chain, "chain_getFinalizedHead", vec![]).await?;
	let header: Value = rpc(chain, "chain_getHeader", vec![hash.into()]).await?;
	parse_number(&header["number"])
}

fn parse_number(v: &Value) -> Result<u32> {
	let s = v.as_str().ok_or_else(|| anyhow!("a header without a number"))?;
	u32::from_str_radix(s.trim_start_matches("0x"), 16).context("a bad block number")
}

/// The extrinsic hashes of block `number`.
async fn block_extrinsics(chain: &Chain, number: u32) -> Result<Vec<H256>> {
	let hash = block_hash(chain, number).await?;
	let block: Value = rpc(chain, "chain_getBlock", vec![format!("{hash:?}").into()]).await?;
	let xts = block["block"]["extrinsics"]
		.as_array()
		.ok_or_else(|| anyhow!("block {number} has no extrinsics list"))?;
	xts.iter()
		.map(|x| {
			let bytes = hex::decode(x.as_str().unwrap_or_default().trim_start_matches("0x"))?;
			Ok(H256(blake2_256(&bytes)))
		})
		.collect()
}

/// Follows best blocks from `from` and records which of `index`'s transactions each carries,
/// until `stop` is set.
async fn follow(
	chain: Arc<Chain>,
	index: Arc<HashMap<H256, usize>>,
	progress: Arc<Mutex<Progress>>,
	mut next: u32,
	stop: Arc<std::sync::atomic::AtomicBool>,
) -> Result<()> {
	let mut heads = chain
		.rpc
		.subscribe::<Value>(
			"chain_subscribeNewHeads",
			RpcParams::new(),
			"chain_unsubscribeNewHeads",
		)
		.await
		.context("cannot follow new blocks")?;
	while !stop.load(std::sync::atomic::Ordering::Relaxed) {
		let head = match tokio::time::timeout(Duration::from_millis(500), heads.next()).await {
			Ok(Some(head)) => head.context("lost the new-blocks subscription")?,
			Ok(None) => bail!("the node closed the new-blocks subscription"),
			Err(_) => continue,
		};
		let seen = Instant::now();
		let number = parse_number(&head["number"])?;
		while next <= number {
			let hashes = block_extrinsics(&chain, next).await?;
			let mut p = lock(&progress);
			for h in hashes {
				if let Some(&i) = index.get(&h) {
					if p.included[i].is_none() {
						p.included[i] = Some((next, seen));
						p.included_count += 1;
						p.first_block.get_or_insert(next);
					}
				}
			}
			p.best = next;
			next += 1;
		}
	}
	Ok(())
}

/// Locks the progress; a panic elsewhere cannot leave it half-written, so a poisoned lock
/// is still read.
fn lock(progress: &Mutex<Progress>) -> std::sync::MutexGuard<'_, Progress> {
	progress.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Counts transaction `i` as refused if the node refused it.
fn record_refusal(progress: &Mutex<Progress>, i: usize, result: Result<Value>) {
	if let Err(e) = result {
		let mut p = lock(progress);
		p.refused += 1;
		p.sent[i] = Some(Instant::now());
		p.first_refusal.get_or_insert_with(|| format!("{e:#}"));
	}
}

/// How a batch of transactions is driven.
enum Drive {
	/// Submit everything and wait until all of it is in blocks (setup).
	All,
	/// Keep `in_flight` transactions in the pool until the window after the first block
	/// carrying them is `blocks` long (measurement).
	Window { blocks: u32, in_flight: usize },
}

/// Submits `txs` as `drive` says; returns the progress and the last block of the window.
async fn drive(
	chain: &Arc<Chain>,
	txs: &[Prepared],
	drive: Drive,
	what: &str,
	ctx: &Ctx,
) -> Result<(Progress, u32)> {
	let index: Arc<HashMap<H256, usize>> =
		Arc::new(txs.iter().enumerate().map(|(i, t)| (t.hash, i)).collect());
	let progress = Arc::new(Mutex::new(Progress {
		sent: vec![None; txs.len()],
		included: vec![None; txs.len()],
		..Default::default()
	}));
	let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
	let start = best_number(chain).await? + 1;
	let follower =
		tokio::spawn(follow(chain.clone(), index.clone(), progress.clone(), start, stop.clone()));
	let (limit, window) = match drive {
		Drive::All => (txs.len(), None),
		Drive::Window { blocks, in_flight } => (in_flight, Some(blocks)),
	};
	let bar = output::progress(ctx, txs.len() as u64, what);
	let mut next = 0usize;
	let mut requests = FuturesUnordered::new();
	let deadline = Instant::now() + Duration::from_secs(1_800);
	let end = loop {
		ensure!(Instant::now() < deadline, "{what}: no progress within 30 minutes");
		if follower.is_finished() {
			break None;
		}
		let (in_pool, included, refused, best, first) = {
			let p = lock(&progress);
			let sent = p.sent.iter().filter(|s| s.is_some()).count();
			let in_pool = sent - p.included_count - p.refused;
			(in_pool, p.included_count, p.refused, p.best, p.first_block)
		};
		bar.set_position(included as u64);
		match (window, first) {
			(Some(blocks), Some(first)) if best >= first + blocks => break Some(first + blocks),
			(None, _) if included + refused >= txs.len() => break Some(best),
			_ => {}
		}
		let mut budget = limit.saturating_sub(in_pool + requests.len());
		while budget > 0 && next < txs.len() && requests.len() < CONCURRENT_REQUESTS {
			let i = next;
			next += 1;
			budget -= 1;
			lock(&progress).sent[i] = Some(Instant::now());
			let chain = chain.clone();
			let bytes = txs[i].bytes.clone();
			requests.push(async move {
				let r: Result<Value> =
					chain.call("author_submitExtrinsic", vec![bytes.into()]).await;
				(i, r)
			});
		}
		tokio::select! {
			Some((i, r)) = requests.next(), if !requests.is_empty() => {
				record_refusal(&progress, i, r);
			}
			_ = tokio::time::sleep(Duration::from_millis(20)) => {}
		}
	};
	// Let the submissions under way reach the node: dropping them could leave a gap in a
	// signer's nonces, and the transactions after the gap would never be included.
	while let Some((i, r)) = requests.next().await {
		record_refusal(&progress, i, r);
	}
	stop.store(true, std::sync::atomic::Ordering::Relaxed);
	bar.finish_and_clear();
	match follower.await {
		Ok(Ok(())) => {}
		Ok(Err(e)) => return Err(e.context(format!("{what}: following blocks failed"))),
		Err(e) => bail!("{what}: the block follower stopped: {e}"),
	}
	let end = end.ok_or_else(|| anyhow!("{what}: the block follower stopped early"))?;
	let progress = Arc::try_unwrap(progress)
		.map_err(|_| anyhow!("the block follower is still running"))?
		.into_inner()
		.map_err(|_| anyhow!("progress lock poisoned"))?;
	Ok((progress, end))
}

/// Waits until block `number` is finalized.
async fn wait_finalized(chain: &Chain, number: u32) -> Result<()> {
	let deadline = Instant::now() + Duration::from_secs(600);
	while finalized_number(chain).await? < number {
		ensure!(Instant::now() < deadline, "block {number} was not finalized within 10 minutes");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	Ok(())
}

/// Waits until the node's pool is empty (the previous workload's tail is in blocks), or
/// until it stops shrinking for three blocks: what is left then waits behind a nonce gap
/// (a refused transaction) and will never be included.
async fn wait_pool_empty(chain: &Chain) -> Result<()> {
	let mut last = (usize::MAX, Instant::now());
	loop {
		let pending: Vec<Value> = rpc(chain, "author_pendingExtrinsics", vec![]).await?;
		if pending.is_empty() {
			return Ok(());
		}
		if pending.len() < last.0 {
			last = (pending.len(), Instant::now());
		} else if last.1.elapsed() > Duration::from_secs(18) {
			note(format!("{} transactions stay in the pool behind nonce gaps", pending.len()));
			return Ok(());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// The events of block `hash`.
async fn events_at(
	chain: &Chain,
	hash: H256,
) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, H256>>> {
	let key = frame_support::storage::storage_prefix(b"System", b"Events");
	Ok(chain.storage_at(&key, hash).await?.unwrap_or_default())
}

/// Submits setup transactions and checks that each one succeeded.
async fn run_setup_txs(
	chain: &Arc<Chain>,
	txs: Vec<Prepared>,
	what: &str,
	ctx: &Ctx,
) -> Result<()> {
	if txs.is_empty() {
		return Ok(());
	}
	let (p, _) = drive(chain, &txs, Drive::All, what, ctx).await?;
	if let Some(e) = p.first_refusal {
		bail!("{what}: the node refused {} transactions; the first: {e}", p.refused);
	}
	let mut blocks: Vec<u32> = p.included.iter().flatten().map(|(b, _)| *b).collect();
	blocks.sort_unstable();
	blocks.dedup();
	let ours: std::collections::HashSet<H256> = txs.iter().map(|t| t.hash).collect();
	for b in blocks {
		let hash = block_hash(chain, b).await?;
		let xts = block_extrinsics(chain, b).await?;
		for record in events_at(chain, hash).await? {
			if let (
				frame_system::Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error, ..
				}),
			) = (&record.phase, &record.event)
			{
				if xts.get(*i as usize).is_some_and(|h| ours.contains(h)) {
					bail!("{what}: a transaction failed in block {b}: {dispatch_error:?}");
				}
			}
			if let RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted {
				error, ..
			}) = &record.event
			{
				bail!("{what}: a batch was interrupted in block {b}: {error:?}");
			}
		}
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

/// How many transactions of `call`'s weight fit in a block.
fn per_block(call: &RuntimeCall) -> usize {
	(normal_block_weight() / block_weight_of(call).max(1)).max(1) as usize
}

/// How many transactions of `call`'s weight fill `blocks` blocks, with a margin.
fn needed(call: &RuntimeCall, blocks: u32) -> usize {
	per_block(call) * (blocks as usize + 4) + 100
}

/// Sample calls of each workload, for capacity planning.
fn sample_call(w: Workload) -> RuntimeCall {
	let device = PublicKey::Sr25519([0; 32]);
	let receipt = UsageReceipt {
		device,
		consumer: AccountId32::new([0; 32]),
		units: 1,
		nonce: 1,
		device_signature: [0; 64],
		consumer_signature: MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64])),
	};
	match w {
		Workload::Transfers => RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(AccountId32::new([0; 32])),
			value: DPIN,
		}),
		Workload::Usage1 | Workload::Usage10 | Workload::Usage100 => {
			let n = w.proofs_per_extrinsic();
			RuntimeCall::Work(pallet_work::Call::submit_usage {
				epoch: 0,
				receipts: vec![receipt; n].try_into().unwrap_or_default(),
			})
		}
		Workload::Beacons => RuntimeCall::Work(pallet_work::Call::submit_beacon {
			beaconer: device,
			epoch: 0,
			witnesses: vec![WitnessReceipt { witness: device, signature: [0; 64] }; WITNESSES]
				.try_into()
				.unwrap_or_default(),
		}),
		Workload::Attestations => RuntimeCall::Work(pallet_work::Call::submit_attestations {
			epoch: 0,
			attestations: vec![Attestation { device, units: 1 }; BIG_BATCH]
				.try_into()
				.unwrap_or_default(),
		}),
	}
}

async fn setup(chain: &Arc<Chain>, args: &BenchArgs, ctx: &Ctx) -> Result<Setup> {
	let started = Instant::now();
	let version: Value = rpc(chain, "state_getRuntimeVersion", vec![]).await?;
	let spec_version = version["specVersion"].as_u64().unwrap_or_default() as u32;
	let tx_version = version["transactionVersion"].as_u64().unwrap_or_default() as u32;
	let sudo_key = Key::load(&args.sudo)?;
	let seed = &args.seed;
	let run = |w| args.workloads.contains(&w);

	// Devices each workload needs: hotspots beacon once per epoch; a GPU takes one
	// attestation from each of the seven verifiers.
	let hotspot_count = if run(Workload::Beacons) {
		needed(&sample_call(Workload::Beacons), args.blocks).div_ceil(NEIGHBOURHOOD) * NEIGHBOURHOOD
	} else {
		0
	};
	let gpu_count = if run(Workload::Attestations) {
		(needed(&sample_call(Workload::Attestations), args.blocks) * BIG_BATCH).div_ceil(VERIFIERS)
	} else {
		0
	};
	let usage = run(Workload::Usage1) || run(Workload::Usage10) || run(Workload::Usage100);
	let gateways = if usage { args.senders } else { 0 };

	let mut s = Setup {
		genesis: chain.genesis(),
		spec_version,
		tx_version,
		epoch: 0,
		senders: (0..args.senders).map(|i| bench_key(seed, "sender", i)).collect(),
		gateways: (0..gateways).map(|i| bench_key(seed, "gateway", i)).collect(),
		consumers: (0..gateways).map(|i| bench_key(seed, "consumer", i)).collect(),
		verifiers: (0..VERIFIERS).map(|i| bench_key(seed, "verifier", i)).collect(),
		sensors: Vec::new(),
		hotspots: Vec::new(),
		gpus: Vec::new(),
		nonces: HashMap::new(),
		usage_nonces: HashMap::new(),
		beacons_used: 0,
	};
	let owners: Vec<Key> = (0..OWNERS).map(|i| bench_key(seed, "owner", i)).collect();
	let maker = bench_key(seed, "maker", 0);
	for k in s.senders.iter().chain(&s.gateways).chain(&s.consumers).chain(&s.verifiers) {
		s.nonces.insert(k.account(), chain.next_nonce(&k.account()).await? as u32);
	}
	for k in owners.iter().chain([&sudo_key]) {
		s.nonces.insert(k.account(), chain.next_nonce(&k.account()).await? as u32);
	}
	note(format!(
		"setting up: {} senders, {} gateways, {} hotspots, {} GPUs, {} usage devices",
		s.senders.len(),
		gateways,
		hotspot_count,
		gpu_count,
		gateways * SENSORS_PER_GATEWAY
	));

	// Chain configuration and funds, through sudo.
	let next_class: ClassId = chain
		.storage(&pallet_devices::NextClassId::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	let next_maker: MakerId = chain
		.storage(&pallet_devices::NextMakerId::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	let (hotspot_class, sensor_class, gpu_class) = (next_class, next_class + 1, next_class + 2);
	let devices_total = hotspot_count + gpu_count + gateways * SENSORS_PER_GATEWAY;
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
			attestation_key: maker.device_key(),
			name: b"bench maker".to_vec(),
			quota: u32::try_from(devices_total).unwrap_or(u32::MAX),
		}),
	];
	let fund = |who: &Key, amount: u128| {
		RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: MultiAddress::Id(who.account()),
			new_free: amount,
		})
	};
	for k in s.senders.iter().chain(&s.gateways).chain(&s.consumers) {
		config.push(fund(k, 1_000_000 * DPIN));
	}
	for k in &s.verifiers {
		config.push(fund(k, 10_000 * DPIN));
	}
	for k in &owners {
		config.push(fund(k, (devices_total as u128 + 100) * DPIN));
	}
	let sudo_calls: Vec<Prepared> = config
		.chunks(50)
		.map(|c| sudo(batch_all(c.to_vec())))
		.collect::<Vec<_>>()
		.into_iter()
		.map(|c| s.sign(&sudo_key, c))
		.collect();
	run_setup_txs(chain, sudo_calls, "configuring the chain", ctx).await?;

	// Verifiers (their bonds come from their own balance), and credits for the consumers.
	let mut txs = Vec::new();
	for v in s.verifiers.clone() {
		let key = pallet_work::Verifiers::<Runtime>::hashed_key_for(v.account());
		if chain.storage::<pallet_work::Verifier<u128>>(&key).await?.is_none() {
			let admit = RuntimeCall::Work(pallet_work::Call::admit_verifier {
				verifier: v.account(),
				quota: u64::MAX / 2,
			});
			txs.push(s.sign(&sudo_key, sudo(admit)));
		}
	}
	for c in s.consumers.clone() {
		let buy = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
			consumer: c.account(),
			amount: 100_000 * DPIN,
		});
		txs.push(s.sign(&c, buy));
	}
	run_setup_txs(chain, txs, "admitting verifiers, buying credits", ctx).await?;

	// Devices.
	let maker_id = next_maker;
	let cells = crate::cmd::simulate::hotspot_cells(hotspot_count)?;
	let mut registrations: Vec<Vec<RuntimeCall>> = vec![Vec::new(); OWNERS];
	let genesis = s.genesis;
	let mut register = |owner: usize, key: &Key, class: ClassId, location: Option<u64>| {
		let device = key.device_key();
		let owner_account = owners[owner].account();
		registrations[owner].push(RuntimeCall::Devices(pallet_devices::Call::register_device {
			device,
			class,
			maker: maker_id,
			maker_signature: maker
				.sign(&pallet_devices::payload::maker_attestation(&genesis, &device, class)),
			device_signature: key
				.sign(&pallet_devices::payload::device_consent(&genesis, &owner_account)),
			location,
			metadata: Vec::new(),
		}));
		device
	};
	let signing = Instant::now();
	for (i, cell) in cells.iter().enumerate() {
		let key = bench_key(seed, "hotspot", i);
		let device = register((i % NEIGHBOURHOOD) % OWNERS, &key, hotspot_class, Some(*cell));
		s.hotspots.push((key, device));
	}
	for g in 0..gateways {
		let mut mine = Vec::new();
		for j in 0..SENSORS_PER_GATEWAY {
			let key = bench_key(seed, "sensor", g * SENSORS_PER_GATEWAY + j);
			let device = register(j % OWNERS, &key, sensor_class, None);
			mine.push((key, device));
		}
		s.sensors.push(mine);
	}
	for i in 0..gpu_count {
		let key = bench_key(seed, "gpu", i);
		s.gpus.push(register(i % OWNERS, &key, gpu_class, None));
	}
	let mut txs = Vec::new();
	for (o, calls) in registrations.into_iter().enumerate() {
		for chunk in calls.chunks(REGISTER_BATCH) {
			txs.push(s.sign(&owners[o], batch_all(chunk.to_vec())));
		}
	}
	note(format!(
		"signed {devices_total} registrations in {:.1} s",
		signing.elapsed().as_secs_f64()
	));
	run_setup_txs(chain, txs, "registering devices", ctx).await?;

	// Wait for the long epoch to start, so that no workload straddles an epoch boundary.
	let deadline = Instant::now() + Duration::from_secs(600);
	loop {
		let info: Value = rpc(chain, "depin_epoch", vec![]).await?;
		if info["length"].as_u64() == Some(BENCH_EPOCH_LENGTH.into()) && info["closing"].is_null() {
			s.epoch = info["index"].as_u64().unwrap_or_default() as u32;
			break;
		}
		ensure!(Instant::now() < deadline, "the bench epoch did not start within 10 minutes");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	note(format!(
		"setup done in {:.0} s; measuring in epoch {}",
		started.elapsed().as_secs_f64(),
		s.epoch
	));
	Ok(s)
}

/// Signs the transactions of workload `w`.
async fn prepare(chain: &Chain, s: &mut Setup, w: Workload, blocks: u32) -> Result<Vec<Prepared>> {
	let count = needed(&sample_call(w), blocks);
	let genesis = s.genesis;
	let epoch = s.epoch;
	let mut txs = Vec::with_capacity(count);
	match w {
		Workload::Transfers => {
			let senders = s.senders.clone();
			for i in 0..count {
				let from = &senders[i % senders.len()];
				let to = &senders[(i + 1) % senders.len()];
				let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: MultiAddress::Id(to.account()),
					value: DPIN / 1_000,
				});
				txs.push(s.sign(from, call));
			}
		}
		Workload::Usage1 | Workload::Usage10 | Workload::Usage100 => {
			let n = w.proofs_per_extrinsic();
			let gateways = s.gateways.clone();
			for i in 0..count {
				let g = i % gateways.len();
				let consumer = s.consumers[g].clone();
				let mut receipts = Vec::with_capacity(n);
				for r in 0..n {
					let d = (i / gateways.len() * n + r) % SENSORS_PER_GATEWAY;
					let (key, device) = &s.sensors[g][d];
					let nonce = match s.usage_nonces.get(&(g, d)) {
						Some(n) => n + 1,
						None => {
							crate::cmd::work::last_nonce(chain, &consumer.account(), device).await?
								+ 1
						}
					};
					s.usage_nonces.insert((g, d), nonce);
					let payload = pallet_work::payload::usage(
						&genesis,
						device,
						&consumer.account(),
						epoch,
						1,
						nonce,
					);
					receipts.push(UsageReceipt {
						device: *device,
						consumer: consumer.account(),
						units: 1,
						nonce,
						device_signature: key.sign(&payload),
						consumer_signature: consumer.multi_sign(&payload),
					});
				}
				let call = RuntimeCall::Work(pallet_work::Call::submit_usage {
					epoch,
					receipts: receipts.try_into().map_err(|_| anyhow!("batch too large"))?,
				});
				txs.push(s.sign(&gateways[g], call));
			}
		}
		Workload::Beacons => {
			let seed: H256 = chain
				.storage(&pallet_work::Seeds::<Runtime>::hashed_key_for(epoch))
				.await?
				.ok_or_else(|| anyhow!("epoch {epoch} has no challenge seed"))?;
			let gateways = s.gateways.clone();
			let signers = if gateways.is_empty() { s.senders.clone() } else { gateways };
			let available = s.hotspots.len() - s.beacons_used;
			ensure!(available > 0, "no hotspot has a beacon left in this epoch");
			for b in 0..count.min(available) {
				let i = s.beacons_used + b;
				let (_, beaconer) = &s.hotspots[i];
				let challenge = pallet_work::payload::challenge(&seed, epoch, beaconer);
				let group = i / NEIGHBOURHOOD * NEIGHBOURHOOD;
				let size = NEIGHBOURHOOD.min(s.hotspots.len() - group);
				let local = i - group;
				let witnesses: Vec<WitnessReceipt> = (1..=WITNESSES)
					.map(|k| {
						let (key, witness) = &s.hotspots[group + (local + k) % size];
						WitnessReceipt {
							witness: *witness,
							signature: key.sign(&pallet_work::payload::witness(
								&genesis, beaconer, epoch, &challenge,
							)),
						}
					})
					.collect();
				let call = RuntimeCall::Work(pallet_work::Call::submit_beacon {
					beaconer: *beaconer,
					epoch,
					witnesses: witnesses.try_into().map_err(|_| anyhow!("too many witnesses"))?,
				});
				txs.push(s.sign(&signers[b % signers.len()], call));
			}
			s.beacons_used += txs.len();
		}
		Workload::Attestations => {
			let verifiers = s.verifiers.clone();
			let batches = s.gpus.len().div_ceil(BIG_BATCH);
			'outer: for chunk in 0..batches {
				for v in &verifiers {
					if txs.len() == count {
						break 'outer;
					}
					let attestations: Vec<Attestation> = s.gpus
						[chunk * BIG_BATCH..((chunk + 1) * BIG_BATCH).min(s.gpus.len())]
						.iter()
						.map(|d| Attestation { device: *d, units: 1 })
						.collect();
					let call = RuntimeCall::Work(pallet_work::Call::submit_attestations {
						epoch,
						attestations: attestations.try_into().map_err(|_| anyhow!("batch"))?,
					});
					txs.push(s.sign(v, call));
				}
			}
		}
	}
	Ok(txs)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
	if sorted.is_empty() {
		return 0.0;
	}
	let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

async fn measure(
	chain: &Arc<Chain>,
	s: &mut Setup,
	w: Workload,
	blocks: u32,
	ctx: &Ctx,
) -> Result<Figures> {
	// The previous workload's tail must be in blocks first, and its transactions that were
	// signed but never sent must not leave gaps: every signer starts again from the chain's
	// next nonce.
	wait_pool_empty(chain).await?;
	for k in s.senders.iter().chain(&s.gateways).chain(&s.verifiers) {
		s.nonces.insert(k.account(), chain.next_nonce(&k.account()).await? as u32);
	}
	let signing = Instant::now();
	let txs = prepare(chain, s, w, blocks).await?;
	let sample = sample_call(w);
	let in_flight = per_block(&sample) * 3;
	note(format!(
		"{}: signed {} transactions in {:.1} s; about {} fit in a block",
		w.label(),
		txs.len(),
		signing.elapsed().as_secs_f64(),
		per_block(&sample)
	));
	let (p, last) = drive(chain, &txs, Drive::Window { blocks, in_flight }, w.label(), ctx).await?;
	if let Some(e) = &p.first_refusal {
		note(format!("{}: the node refused {} transactions; the first: {e}", w.label(), p.refused));
	}
	let first = p.first_block.ok_or_else(|| anyhow!("{}: nothing was included", w.label()))?;
	wait_finalized(chain, last).await?;

	let ours: std::collections::HashSet<H256> = txs.iter().map(|t| t.hash).collect();
	let max_normal = normal_block_weight() as f64;
	let (mut extrinsics, mut proofs, mut failed) = (0usize, 0u64, 0usize);
	let mut fullness = Vec::new();
	for b in first + 1..=last {
		let hash = block_hash(chain, b).await?;
		let xts = block_extrinsics(chain, b).await?;
		let mine: Vec<bool> = xts.iter().map(|h| ours.contains(h)).collect();
		extrinsics += mine.iter().filter(|m| **m).count();
		for record in events_at(chain, hash).await? {
			let frame_system::Phase::ApplyExtrinsic(i) = record.phase else { continue };
			if !mine.get(i as usize).copied().unwrap_or(false) {
				continue;
			}
			match record.event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => failed += 1,
				RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. }) => proofs += 1,
				RuntimeEvent::Work(pallet_work::Event::UsageRecorded { receipts, .. }) => {
					proofs += u64::from(receipts)
				}
				RuntimeEvent::Work(pallet_work::Event::BeaconRecorded { witnesses, .. }) => {
					proofs += u64::from(witnesses)
				}
				RuntimeEvent::Work(pallet_work::Event::AttestationsRecorded { count, .. }) => {
					proofs += u64::from(count)
				}
				_ => {}
			}
		}
		let weight: frame_support::dispatch::PerDispatchClass<frame_support::weights::Weight> =
			chain
				.storage_at(&frame_system::BlockWeight::<Runtime>::hashed_key(), hash)
				.await?
				.unwrap_or_default();
		fullness.push(weight.get(DispatchClass::Normal).ref_time() as f64 / max_normal);
	}
	let now_key = pallet_timestamp::Now::<Runtime>::hashed_key();
	let t0: u64 =
		chain.storage_at(&now_key, block_hash(chain, first).await?).await?.unwrap_or_default();
	let t1: u64 =
		chain.storage_at(&now_key, block_hash(chain, last).await?).await?.unwrap_or_default();
	let seconds = (t1.saturating_sub(t0) as f64 / 1_000.0).max(0.001);

	let mut latencies: Vec<f64> = p
		.included
		.iter()
		.zip(&p.sent)
		.filter_map(|(inc, sent)| match (inc, sent) {
			(Some((b, at)), Some(sent)) if *b > first && *b <= last => {
				Some(at.duration_since(*sent).as_secs_f64())
			}
			_ => None,
		})
		.collect();
	latencies.sort_by(f64::total_cmp);
	let latency_mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
	let sent = p.sent.iter().filter(|s| s.is_some()).count();
	Ok(Figures {
		workload: w,
		extrinsics,
		proofs,
		failed,
		seconds,
		fullness_mean: fullness.iter().sum::<f64>() / fullness.len().max(1) as f64,
		fullness_max: fullness.iter().copied().fold(0.0, f64::max),
		latency_mean,
		latency_p95: percentile(&latencies, 0.95),
		ran_dry: sent == txs.len(),
	})
}

pub async fn bench(ctx: &Ctx, mut args: BenchArgs) -> Result<()> {
	ensure!(args.blocks >= 2, "--blocks must be at least 2");
	ensure!(args.senders >= 2, "--senders must be at least 2");
	// The baseline runs first: every ratio is taken against it.
	args.workloads.retain(|w| *w != Workload::Transfers);
	args.workloads.insert(0, Workload::Transfers);
	args.workloads.dedup();
	let chain = Arc::new(ctx.connect().await?);
	let mut s = setup(&chain, &args, ctx).await?;
	if args.setup_only {
		return Ok(());
	}
	let mut results = Vec::new();
	for w in args.workloads.clone() {
		let f = measure(&chain, &mut s, w, args.blocks, ctx).await?;
		note(format!(
			"{}: {:.0} extrinsics/s, {:.0} proofs/s, blocks {:.0}% full",
			w.label(),
			f.extrinsics_per_second(),
			f.proofs_per_second(),
			f.fullness_mean * 100.0
		));
		results.push(f);
	}
	let baseline = results.first().map(|f| f.proofs_per_second()).unwrap_or(1.0).max(1e-9);
	let rows: Vec<Value> = results
		.iter()
		.map(|f| {
			json!({
				"workload": f.workload.label(),
				"proofsPerExtrinsic": f.workload.proofs_per_extrinsic(),
				"extrinsics": f.extrinsics,
				"proofs": f.proofs,
				"failed": f.failed,
				"seconds": f.seconds,
				"extrinsicsPerSecond": f.extrinsics_per_second(),
				"proofsPerSecond": f.proofs_per_second(),
				"fullnessMean": f.fullness_mean,
				"fullnessMax": f.fullness_max,
				"latencyMean": f.latency_mean,
				"latencyP95": f.latency_p95,
				"ratioToTransfers": f.proofs_per_second() / baseline,
				"ranDry": f.ran_dry,
			})
		})
		.collect();
	if ctx.json {
		println!("{}", json!({ "blocks": args.blocks, "workloads": rows }));
		return Ok(());
	}
	println!(
		"\n{:<22} {:>9} {:>9} {:>9} {:>7} {:>9} {:>8} {:>8} {:>6}",
		"workload",
		"ext/s",
		"proofs/s",
		"x transf",
		"failed",
		"full avg",
		"lat avg",
		"lat p95",
		"dry"
	);
	for f in &results {
		println!(
			"{:<22} {:>9.1} {:>9.1} {:>9.2} {:>7} {:>8.0}% {:>7.2}s {:>7.2}s {:>6}",
			f.workload.label(),
			f.extrinsics_per_second(),
			f.proofs_per_second(),
			f.proofs_per_second() / baseline,
			f.failed,
			f.fullness_mean * 100.0,
			f.latency_mean,
			f.latency_p95,
			if f.ran_dry { "yes" } else { "no" }
		);
	}
	println!(
		"\nwindow: {} blocks per workload after its first block; proofs = transfers, usage \
		 receipts, witness receipts or attestations recorded; \"x transf\" = proofs/s over the \
		 transfers/s of the baseline; \"dry\" = every pre-signed transaction was sent before the \
		 window ended (the figure is then a lower bound).",
		args.blocks
	);
	Ok(())
}
