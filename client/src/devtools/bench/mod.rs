//! `depin bench`: the load generator. Against a running node, it pre-signs and submits each
//! workload (transfers as the baseline, usage receipts in batches of 1, 10 and 100, beacons
//! with five witnesses, verifier attestations in batches of 100) and measures what the chain
//! finalizes over a fixed window of blocks: extrinsics and proofs per second, block
//! fullness, and inclusion latency.
//!
//! Method, per workload:
//! 1. Sign every transaction before the clock starts (explicit nonces, calls encoded with the
//!    runtime's types, extensions by subxt from the node's metadata), as many as the block weight limit lets through in the window,
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
//! on a throwaway development chain, as `scripts/bench.sh` does.//!
//! The code: `setup.rs` configures the chain and registers the devices, `load.rs` signs each
//! workload's transactions and sizes them to the block weight, `drive.rs` submits them and
//! follows the blocks that carry them, `measure.rs` turns a window of finalized blocks into
//! figures; this file runs the workloads and prints the table.

mod drive;
mod load;
mod measure;
mod setup;

use std::sync::Arc;

use anyhow::{ensure, Result};
use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use crate::{output::note, Ctx};

/// Proofs per batch of the batched workloads.
const BIG_BATCH: usize = 100;
/// Witnesses per beacon.
const WITNESSES: usize = 5;
/// Owners of the bench's devices; seven take turns in each neighbourhood of
/// [`crate::devtools::NEIGHBOURHOOD`] hotspots, so any five consecutive neighbours have owners
/// other than the beaconer's.
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

pub async fn bench(ctx: &Ctx, mut args: BenchArgs) -> Result<()> {
	ensure!(args.blocks >= 2, "--blocks must be at least 2");
	ensure!(args.senders >= 2, "--senders must be at least 2");
	// The baseline runs first: every ratio is taken against it.
	args.workloads.retain(|w| *w != Workload::Transfers);
	args.workloads.insert(0, Workload::Transfers);
	args.workloads.dedup();
	let chain = Arc::new(ctx.connect().await?);
	let mut s = setup::setup(&chain, &args, ctx).await?;
	if args.setup_only {
		return Ok(());
	}
	let mut results = Vec::new();
	for w in args.workloads.clone() {
		let f = measure::measure(&chain, &mut s, w, args.blocks, ctx).await?;
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
	if ctx.json {
		let rows: Vec<Value> = results.iter().map(|f| row(f, baseline)).collect();
		println!("{}", json!({ "blocks": args.blocks, "workloads": rows }));
	} else {
		print_table(&results, baseline, args.blocks);
	}
	Ok(())
}

/// One workload's figures as JSON (`--json`).
fn row(f: &Figures, baseline: f64) -> Value {
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
}

/// The figures as a table for people.
fn print_table(results: &[Figures], baseline: f64, blocks: u32) {
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
	for f in results {
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
		blocks
	);
}
