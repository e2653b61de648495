//! Measuring one workload: build, drive through a window of blocks, then read what the
//! finalized blocks carried (items, failures, weight, timestamps) and the inclusion latency.

use std::{collections::HashSet, sync::Arc, time::Instant};

use anyhow::{anyhow, Result};
use depin_runtime::{Runtime, RuntimeEvent};
use frame_support::{
	dispatch::{DispatchClass, PerDispatchClass},
	weights::Weight,
};
use sp_core::H256;

use super::{
	drive::{drive, wait_pool_empty, Drive, Progress},
	load::{per_block, prepare, sample_call},
	setup::Setup,
	Figures, Workload, IN_FLIGHT_BLOCKS,
};
use crate::{chain::Chain, output::note, Ctx};

pub(super) async fn measure(
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
	let signers: Vec<_> = s.senders.iter().chain(&s.verifiers).cloned().collect();
	s.reload_nonces(chain, &signers).await?;
	let signing = Instant::now();
	let txs = prepare(chain, s, w, blocks).await?;
	let sample = sample_call(w);
	let in_flight = per_block(&sample) * IN_FLIGHT_BLOCKS;
	note(format!(
		"{}: built {} transactions in {:.1} s; about {} fit in a block",
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
	chain.wait_finalized(last).await?;

	let ours: HashSet<H256> = txs.iter().map(|t| t.hash).collect();
	let mut window = Window::default();
	for b in first + 1..=last {
		window.add_block(chain, b, &ours, s.normal_budget).await?;
	}
	let seconds = window_seconds(chain, first, last).await?;
	let (latency_mean, latency_p95) = latencies(&p, first, last);
	let sent = p.sent.iter().filter(|s| s.is_some()).count();
	let fullness = &window.fullness;
	Ok(Figures {
		workload: w,
		extrinsics: window.extrinsics,
		items: window.items,
		failed: window.failed,
		seconds,
		blocks: last - first,
		fullness_mean: fullness.iter().sum::<f64>() / fullness.len().max(1) as f64,
		fullness_max: fullness.iter().copied().fold(0.0, f64::max),
		latency_mean,
		latency_p95,
		ran_dry: sent == txs.len(),
	})
}

/// What the blocks of the window carried of ours.
#[derive(Default)]
struct Window {
	extrinsics: usize,
	items: u64,
	failed: usize,
	/// Each block's normal-class weight over the most a block may hold.
	fullness: Vec<f64>,
}

impl Window {
	/// Counts block `b`: our extrinsics, the items their events recorded, their failures,
	/// and the block's fullness against `budget` (the normal class's, picoseconds).
	async fn add_block(
		&mut self,
		chain: &Chain,
		b: u32,
		ours: &HashSet<H256>,
		budget: u64,
	) -> Result<()> {
		let hash = chain.block_hash(b).await?;
		let xts = chain.block_extrinsics(b).await?;
		let mine: Vec<bool> = xts.iter().map(|h| ours.contains(h)).collect();
		self.extrinsics += mine.iter().filter(|m| **m).count();
		for record in chain.events_at(hash).await? {
			let frame_system::Phase::ApplyExtrinsic(i) = record.phase else { continue };
			if !mine.get(i as usize).copied().unwrap_or(false) {
				continue;
			}
			match record.event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => {
					self.failed += 1
				}
				event => self.items += items_in(&event),
			}
		}
		let weight: PerDispatchClass<Weight> = chain
			.storage_at(&frame_system::BlockWeight::<Runtime>::hashed_key(), hash)
			.await?
			.unwrap_or_default();
		let max_normal = budget.max(1) as f64;
		self.fullness.push(weight.get(DispatchClass::Normal).ref_time() as f64 / max_normal);
		Ok(())
	}
}

/// The items an event records: a transfer, vouchers settled, witnesses added or
/// attestations.
fn items_in(event: &RuntimeEvent) -> u64 {
	match event {
		RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. }) => 1,
		RuntimeEvent::Work(pallet_work::Event::UsageSettled { vouchers, .. }) => {
			u64::from(*vouchers)
		}
		RuntimeEvent::Work(pallet_work::Event::BeaconRecorded { witnesses, .. }) => {
			u64::from(*witnesses)
		}
		RuntimeEvent::Work(pallet_work::Event::AttestationsRecorded { count, .. }) => {
			u64::from(*count)
		}
		_ => 0,
	}
}

/// Seconds between the timestamps of blocks `first` and `last` (at least a millisecond).
async fn window_seconds(chain: &Chain, first: u32, last: u32) -> Result<f64> {
	let now_key = pallet_timestamp::Now::<Runtime>::hashed_key();
	let t0: u64 =
		chain.storage_at(&now_key, chain.block_hash(first).await?).await?.unwrap_or_default();
	let t1: u64 =
		chain.storage_at(&now_key, chain.block_hash(last).await?).await?.unwrap_or_default();
	Ok((t1.saturating_sub(t0) as f64 / 1_000.0).max(0.001))
}

/// Mean and 95th percentile of the inclusion latency of the transactions included in the
/// window (after block `first`, up to `last`).
fn latencies(p: &Progress, first: u32, last: u32) -> (f64, f64) {
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
	let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
	(mean, percentile(&latencies, 0.95))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
	if sorted.is_empty() {
		return 0.0;
	}
	let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

#[cfg(test)]
mod tests {
	use super::percentile;

	#[test]
	fn percentiles_take_the_nearest_rank() {
		let sorted: Vec<f64> = (1..=20).map(f64::from).collect();
		assert_eq!(percentile(&sorted, 0.95), 19.0);
		assert_eq!(percentile(&sorted, 0.0), 1.0);
		assert_eq!(percentile(&[], 0.95), 0.0);
	}
}
