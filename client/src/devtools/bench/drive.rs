//! Submitting pre-signed transactions and following the blocks that carry them.

use std::{
	collections::{HashMap, HashSet},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex, MutexGuard,
	},
	time::{Duration, Instant},
};

use anyhow::{anyhow, bail, Context, Result};
use depin_runtime::RuntimeEvent;
use futures::{stream::FuturesUnordered, Future, StreamExt};
use serde_json::Value;
use sp_core::H256;
use subxt::rpcs::client::RpcParams;

use super::CONCURRENT_REQUESTS;
use crate::{
	chain::{block_number, Chain, SignedTx},
	output::{self, note},
	Ctx,
};

/// What the block follower learned about a batch of transactions.
#[derive(Default)]
pub(super) struct Progress {
	/// When each transaction was handed to the node.
	pub sent: Vec<Option<Instant>>,
	/// When, and in which block, each transaction was first seen in a best block.
	pub included: Vec<Option<(u32, Instant)>>,
	included_count: usize,
	/// Transactions the node refused.
	pub refused: usize,
	pub first_refusal: Option<String>,
	/// The first block that carried one of them.
	pub first_block: Option<u32>,
	best: u32,
}

/// How a batch of transactions is driven.
pub(super) enum Drive {
	/// Submit everything and wait until all of it is in blocks (setup).
	All,
	/// Keep `in_flight` transactions in the pool until the window after the first block
	/// carrying them is `blocks` long (measurement).
	Window { blocks: u32, in_flight: usize },
}

/// Locks the progress; a panic elsewhere cannot leave it half-written, so a poisoned lock
/// is still read.
fn lock(progress: &Mutex<Progress>) -> MutexGuard<'_, Progress> {
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

/// Follows best blocks from `next` and records which of `index`'s transactions each carries,
/// until `stop` is set.
async fn follow(
	chain: Arc<Chain>,
	index: Arc<HashMap<H256, usize>>,
	progress: Arc<Mutex<Progress>>,
	mut next: u32,
	stop: Arc<AtomicBool>,
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
	while !stop.load(Ordering::Relaxed) {
		let head = match tokio::time::timeout(Duration::from_millis(500), heads.next()).await {
			Ok(Some(head)) => head.context("lost the new-blocks subscription")?,
			Ok(None) => bail!("the node closed the new-blocks subscription"),
			Err(_) => continue,
		};
		let seen = Instant::now();
		let number = block_number(&head["number"])?;
		while next <= number {
			let hashes = chain.block_extrinsics(next).await?;
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

/// Submits `txs` as `how` says; returns the progress and the last block of the window.
pub(super) async fn drive(
	chain: &Arc<Chain>,
	txs: &[SignedTx],
	how: Drive,
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
	let stop = Arc::new(AtomicBool::new(false));
	let start = chain.best_number().await? + 1;
	let follower =
		tokio::spawn(follow(chain.clone(), index, progress.clone(), start, stop.clone()));
	let pump = Pump { chain, txs, progress: &progress, what };
	let end = pump.run(how, &follower, ctx).await;
	stop.store(true, Ordering::Relaxed);
	match follower.await {
		Ok(Ok(())) => {}
		Ok(Err(e)) => return Err(e.context(format!("{what}: following blocks failed"))),
		Err(e) => bail!("{what}: the block follower stopped: {e}"),
	}
	let end = end?.ok_or_else(|| anyhow!("{what}: the block follower stopped early"))?;
	let progress = Arc::try_unwrap(progress)
		.map_err(|_| anyhow!("the block follower is still running"))?
		.into_inner()
		.map_err(|_| anyhow!("progress lock poisoned"))?;
	Ok((progress, end))
}

/// Feeds transactions to the node while the follower counts them into blocks.
struct Pump<'a> {
	chain: &'a Arc<Chain>,
	txs: &'a [SignedTx],
	progress: &'a Arc<Mutex<Progress>>,
	what: &'a str,
}

impl Pump<'_> {
	/// Submits until the drive's goal is reached; returns the last block of the window, or
	/// `None` if the follower stopped first.
	async fn run(
		&self,
		how: Drive,
		follower: &tokio::task::JoinHandle<Result<()>>,
		ctx: &Ctx,
	) -> Result<Option<u32>> {
		let (limit, window) = match how {
			Drive::All => (self.txs.len(), None),
			Drive::Window { blocks, in_flight } => (in_flight, Some(blocks)),
		};
		let bar = output::progress(ctx, self.txs.len() as u64, self.what);
		let mut next = 0usize;
		let mut requests = FuturesUnordered::new();
		let deadline = Instant::now() + Duration::from_secs(1_800);
		let end = loop {
			if Instant::now() >= deadline {
				break Err(anyhow!("{}: no progress within 30 minutes", self.what));
			}
			if follower.is_finished() {
				break Ok(None);
			}
			let (in_pool, included, refused, best, first) = self.counts();
			bar.set_position(included as u64);
			match (window, first) {
				(Some(blocks), Some(first)) if best >= first + blocks => {
					break Ok(Some(first + blocks))
				}
				(None, _) if included + refused >= self.txs.len() => break Ok(Some(best)),
				_ => {}
			}
			let mut budget = limit.saturating_sub(in_pool + requests.len());
			while budget > 0 && next < self.txs.len() && requests.len() < CONCURRENT_REQUESTS {
				requests.push(self.send(next));
				next += 1;
				budget -= 1;
			}
			tokio::select! {
				Some((i, r)) = requests.next(), if !requests.is_empty() => {
					record_refusal(self.progress, i, r);
				}
				_ = tokio::time::sleep(Duration::from_millis(20)) => {}
			}
		};
		// Let the submissions under way reach the node: dropping them could leave a gap in a
		// signer's nonces, and the transactions after the gap would never be included.
		while let Some((i, r)) = requests.next().await {
			record_refusal(self.progress, i, r);
		}
		bar.finish_and_clear();
		end
	}

	/// Transactions in the pool, included and refused, the best block and the first block
	/// with one of ours.
	fn counts(&self) -> (usize, usize, usize, u32, Option<u32>) {
		let p = lock(self.progress);
		let sent = p.sent.iter().filter(|s| s.is_some()).count();
		let in_pool = sent - p.included_count - p.refused;
		(in_pool, p.included_count, p.refused, p.best, p.first_block)
	}

	/// Hands transaction `i` to the node.
	fn send(&self, i: usize) -> impl Future<Output = (usize, Result<Value>)> {
		lock(self.progress).sent[i] = Some(Instant::now());
		let chain = self.chain.clone();
		let hex = self.txs[i].hex.clone();
		async move {
			let r: Result<Value> = chain.call("author_submitExtrinsic", vec![hex.into()]).await;
			(i, r)
		}
	}
}

/// Waits until the node's pool is empty (the previous workload's tail is in blocks), or
/// until it stops shrinking for three blocks: what is left then waits behind a nonce gap
/// (a refused transaction) and will never be included.
pub(super) async fn wait_pool_empty(chain: &Chain) -> Result<()> {
	let mut last = (usize::MAX, Instant::now());
	loop {
		let pending = chain.pool_size().await?;
		if pending == 0 {
			return Ok(());
		}
		if pending < last.0 {
			last = (pending, Instant::now());
		} else if last.1.elapsed() > Duration::from_secs(18) {
			note(format!("{pending} transactions stay in the pool behind nonce gaps"));
			return Ok(());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Submits setup transactions and checks that each one succeeded.
pub(super) async fn run_setup_txs(
	chain: &Arc<Chain>,
	txs: Vec<SignedTx>,
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
	let ours: HashSet<H256> = txs.iter().map(|t| t.hash).collect();
	for b in blocks {
		check_block(chain, b, &ours, what).await?;
	}
	Ok(())
}

/// Fails if one of `ours` failed in block `b`, or a batch was interrupted there.
async fn check_block(chain: &Chain, b: u32, ours: &HashSet<H256>, what: &str) -> Result<()> {
	let hash = chain.block_hash(b).await?;
	let xts = chain.block_extrinsics(b).await?;
	for record in chain.events_at(hash).await? {
		if let (
			frame_system::Phase::ApplyExtrinsic(i),
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }),
		) = (&record.phase, &record.event)
		{
			if xts.get(*i as usize).is_some_and(|h| ours.contains(h)) {
				bail!("{what}: a transaction failed in block {b}: {dispatch_error:?}");
			}
		}
		if let RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { error, .. }) =
			&record.event
		{
			bail!("{what}: a batch was interrupted in block {b}: {error:?}");
		}
	}
	Ok(())
}
