//! `depin bench`: the load generator. Against a running node, it pre-builds and submits each
//! workload (transfers as the signed baseline, usage vouchers settled one per general
//! transaction and in batches of 100, beacons with five witnesses as general transactions,
//! verifier attestations in signed batches of 100) and measures what the chain finalizes over
//! a fixed window of blocks: transactions and items per second, block fullness, and inclusion
//! latency; for the batched vouchers also the share of the block's compute budget that goes
//! to signature checks.
//!
//! Method, per workload:
//! 1. Build every transaction before the clock starts, as many as the block weight limit lets
//!    through in the window, plus a margin: signed ones at explicit nonces (calls encoded with
//!    the runtime's types, extensions by subxt from the node's metadata), general ones with
//!    the runtime's own extrinsic type (no signer, no nonce). Each general transaction is
//!    unique: a voucher carries one more unit than the last one of its consumer and device.
//! 2. Submit with `author_submitExtrinsic`, keeping about three blocks' worth in the pool, so
//!    every block can be full without the pool growing without bound.
//! 3. Follow new blocks; the window is the `--blocks` blocks after the first block that
//!    carries the workload (that first block is partly filled and not counted).
//! 4. Once the window is finalized, read each block's events (items recorded, failures),
//!    weight and timestamp. Throughput is counted over the blocks' own timestamps.
//!
//! The bench reconfigures the chain through sudo (long epochs, its own device classes and
//! maker, seven verifiers, quorum seven) and registers tens of thousands of devices: run it
//! on a throwaway development chain, as `scripts/bench.sh` does.
//!
//! The code: `setup.rs` configures the chain and registers the devices, `load.rs` builds each
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

/// Items per batch of the batched workloads.
const BIG_BATCH: usize = 100;
/// Witnesses per beacon.
const WITNESSES: usize = 5;
/// Owners of the bench's devices; seven take turns in each neighbourhood of
/// [`crate::devtools::NEIGHBOURHOOD`] hotspots, so any five consecutive neighbours have owners
/// other than the beaconer's.
const OWNERS: usize = 7;
/// Verifiers; the bench sets the attestation quorum to this (the runtime's maximum).
const VERIFIERS: usize = 7;
/// Consumers whose vouchers the usage workloads settle.
const CONSUMERS: usize = 64;
/// Registrations per `utility.batch_all`.
const REGISTER_BATCH: usize = 25;
/// The epoch length the bench sets, so that every workload runs inside one epoch.
const BENCH_EPOCH_LENGTH: u32 = 2_000;
/// Requests to the node in flight at once.
const CONCURRENT_REQUESTS: usize = 64;
/// Blocks' worth of transactions kept in the pool while measuring.
const IN_FLIGHT_BLOCKS: usize = 3;

/// The workloads, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Workload {
	/// `balances.transfer_keep_alive`, signed: the baseline.
	Transfers,
	/// `work.settle_usage` with one voucher, as a general transaction.
	Vouchers1,
	/// `work.settle_usage` with a hundred vouchers, as a general transaction.
	Vouchers100,
	/// `work.submit_beacon` with five witnesses, as a general transaction.
	Beacons,
	/// `work.submit_attestations` with a hundred attestations, signed by a verifier.
	Attestations,
}

impl Workload {
	fn label(self) -> &'static str {
		match self {
			Workload::Transfers => "transfer_keep_alive",
			Workload::Vouchers1 => "vouchers x1 (general)",
			Workload::Vouchers100 => "vouchers x100 (general)",
			Workload::Beacons => "beacons x5 (general)",
			Workload::Attestations => "attestations x100",
		}
	}

	/// Items per transaction: vouchers, witness receipts or attestations; a transfer is one.
	fn items_per_extrinsic(self) -> usize {
		match self {
			Workload::Transfers | Workload::Vouchers1 => 1,
			Workload::Vouchers100 | Workload::Attestations => BIG_BATCH,
			Workload::Beacons => WITNESSES,
		}
	}

	/// Signature checks per transaction in the block (a general transaction's authorization
	/// runs again right before dispatch): the consumer's and each voucher's; each witness's;
	/// the signer's for signed transactions.
	fn signature_checks_per_extrinsic(self) -> usize {
		match self {
			Workload::Vouchers1 | Workload::Vouchers100 => 1 + self.items_per_extrinsic(),
			Workload::Beacons => WITNESSES,
			Workload::Transfers | Workload::Attestations => 1,
		}
	}

	fn is_vouchers(self) -> bool {
		matches!(self, Workload::Vouchers1 | Workload::Vouchers100)
	}
}

#[derive(Args)]
#[command(after_help = "Example (on a throwaway dev chain started with raised pool limits):\n  \
                        depin-node --dev --tmp --pool-limit 100000 --pool-kbytes 1000000 &\n  \
                        depin bench --blocks 10 --sr25519-us 48.5\n\nscripts/bench.sh does all \
                        of it and more (and measures --sr25519-us with `depin-node benchmark \
                        machine`); see docs/performance.md.")]
pub struct BenchArgs {
	/// Blocks in each workload's measurement window.
	#[arg(long, default_value_t = 10)]
	blocks: u32,
	/// Workloads to run (comma-separated); the transfer baseline always runs first, as the
	/// ratios are taken against it.
	#[arg(long, value_enum, value_delimiter = ',', default_values_t = [
		Workload::Transfers, Workload::Vouchers1, Workload::Vouchers100, Workload::Beacons,
		Workload::Attestations,
	])]
	workloads: Vec<Workload>,
	/// Signing accounts for transfers.
	#[arg(long, default_value_t = 16)]
	senders: usize,
	/// The cost of one sr25519 signature check on this machine, in microseconds (from
	/// `depin-node benchmark machine`): the batched vouchers' row then says what share of the
	/// block's compute budget signature checks take, and how close the items/s come to the
	/// limit of one check per item.
	#[arg(long)]
	sr25519_us: Option<f64>,
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
	items: u64,
	failed: usize,
	seconds: f64,
	blocks: u32,
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
	fn items_per_second(&self) -> f64 {
		self.items as f64 / self.seconds
	}
}

/// What signature checks cost the batched vouchers: their share of the block's compute
/// budget, and the items/s of one sr25519 check per item on that budget.
struct SignatureLimit {
	checks_per_block: f64,
	sr25519_us: f64,
	budget_us: f64,
	budget_share: f64,
	limit_items_per_second: f64,
	of_limit: f64,
}

impl SignatureLimit {
	/// For workload figures `f`, a normal-class budget of `budget_ps` picoseconds of
	/// reference time per block and one check costing `sr25519_us`.
	fn new(f: &Figures, budget_ps: u64, sr25519_us: f64) -> SignatureLimit {
		let checks = f.extrinsics as f64 * f.workload.signature_checks_per_extrinsic() as f64;
		let checks_per_block = checks / f64::from(f.blocks.max(1));
		let budget_us = budget_ps as f64 / 1e6;
		let blocks_per_second = f64::from(f.blocks) / f.seconds;
		let limit_items_per_second = budget_us / sr25519_us.max(1e-9) * blocks_per_second;
		SignatureLimit {
			checks_per_block,
			sr25519_us,
			budget_us,
			budget_share: checks_per_block * sr25519_us / budget_us.max(1e-9),
			limit_items_per_second,
			of_limit: f.items_per_second() / limit_items_per_second.max(1e-9),
		}
	}

	fn to_json(&self) -> Value {
		json!({
			"checksPerBlock": self.checks_per_block,
			"sr25519Us": self.sr25519_us,
			"budgetMs": self.budget_us / 1e3,
			"budgetShare": self.budget_share,
			"limitItemsPerSecond": self.limit_items_per_second,
			"ofLimit": self.of_limit,
		})
	}

	fn text(&self, f: &Figures) -> String {
		format!(
			"signature checks take {:.1}% of the normal-class block budget ({:.0} sr25519 checks \
			 per block x {:.1} us of {:.0} ms); {:.0} items/s against {:.0} items/s at one \
			 sr25519 check per item on that budget ({:.0}%)",
			self.budget_share * 100.0,
			self.checks_per_block,
			self.sr25519_us,
			self.budget_us / 1e3,
			f.items_per_second(),
			self.limit_items_per_second,
			self.of_limit * 100.0
		)
	}
}

pub async fn bench(ctx: &Ctx, mut args: BenchArgs) -> Result<()> {
	ensure!(args.blocks >= 2, "--blocks must be at least 2");
	ensure!(args.senders >= 2, "--senders must be at least 2");
	if let Some(us) = args.sr25519_us {
		ensure!(us > 0.0 && us.is_finite(), "--sr25519-us must be a positive number");
	}
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
			"{}: {:.0} tx/s, {:.0} items/s, blocks {:.0}% full",
			w.label(),
			f.extrinsics_per_second(),
			f.items_per_second(),
			f.fullness_mean * 100.0
		));
		results.push(f);
	}
	let baseline = results.first().map(|f| f.items_per_second()).unwrap_or(1.0).max(1e-9);
	let limit = |f: &Figures| {
		let us = args.sr25519_us?;
		(f.workload == Workload::Vouchers100).then(|| SignatureLimit::new(f, s.normal_budget, us))
	};
	if ctx.json {
		let rows: Vec<Value> = results
			.iter()
			.map(|f| {
				let mut r = row(f, baseline);
				if f.workload == Workload::Vouchers100 {
					r["signatureChecks"] = limit(f).map(|l| l.to_json()).unwrap_or(Value::Null);
				}
				r
			})
			.collect();
		println!(
			"{}",
			json!({
				"blocks": args.blocks,
				"normalBudgetMs": s.normal_budget as f64 / 1e9,
				"sr25519Us": args.sr25519_us,
				"workloads": rows,
			})
		);
	} else {
		print_table(&results, baseline, args.blocks);
		for f in results.iter().filter(|f| f.workload == Workload::Vouchers100) {
			match limit(f) {
				Some(l) => println!("{}: {}", f.workload.label(), l.text(f)),
				None => println!(
					"{}: signature checks' share of the block budget and the one-check-per-item \
					 limit: n/a (pass --sr25519-us)",
					f.workload.label()
				),
			}
		}
	}
	Ok(())
}

/// One workload's figures as JSON (`--json`).
fn row(f: &Figures, baseline: f64) -> Value {
	json!({
		"workload": f.workload.label(),
		"itemsPerExtrinsic": f.workload.items_per_extrinsic(),
		"extrinsics": f.extrinsics,
		"items": f.items,
		"failed": f.failed,
		"seconds": f.seconds,
		"extrinsicsPerSecond": f.extrinsics_per_second(),
		"itemsPerSecond": f.items_per_second(),
		"fullnessMean": f.fullness_mean,
		"fullnessMax": f.fullness_max,
		"latencyMean": f.latency_mean,
		"latencyP95": f.latency_p95,
		"ratioToTransfers": f.items_per_second() / baseline,
		"ranDry": f.ran_dry,
	})
}

/// The figures as a table for people.
fn print_table(results: &[Figures], baseline: f64, blocks: u32) {
	println!(
		"\n{:<24} {:>9} {:>9} {:>9} {:>7} {:>9} {:>8} {:>8} {:>6}",
		"workload",
		"tx/s",
		"items/s",
		"x transf",
		"failed",
		"full avg",
		"lat avg",
		"lat p95",
		"dry"
	);
	for f in results {
		println!(
			"{:<24} {:>9.1} {:>9.1} {:>9.2} {:>7} {:>8.0}% {:>7.2}s {:>7.2}s {:>6}",
			f.workload.label(),
			f.extrinsics_per_second(),
			f.items_per_second(),
			f.items_per_second() / baseline,
			f.failed,
			f.fullness_mean * 100.0,
			f.latency_mean,
			f.latency_p95,
			if f.ran_dry { "yes" } else { "no" }
		);
	}
	println!(
		"\nwindow: {} blocks per workload after its first block; items = transfers, vouchers \
		 settled, witnesses added or attestations recorded; \"x transf\" = items/s over the \
		 transfers/s of the baseline; \"(general)\" = authorized general transactions (no \
		 signer, nonce or fee); \"dry\" = every pre-built transaction was sent before the window \
		 ended (the figure is then a lower bound).",
		blocks
	);
}
