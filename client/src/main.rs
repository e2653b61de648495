//! `depin`: the DePIN chain's command-line client.
//!
//! One binary for everyone who acts on the chain: manufacturers certify device keys with maker
//! certificates (offline), device owners register and run devices and claim rewards, devices
//! sign usage vouchers, customers buy credits and sign batches of vouchers, anyone submits
//! voucher batches and beacons (authorized general transactions: no account or fee), verifiers
//! submit verifier attestations, anyone disputes work and queries devices, epochs, the schedule
//! and network stats.
//! See `docs/cli.md` for a full session.
//!
//! `cmd/` holds the user's commands, one file per group; `proofs.rs` builds every signed proof
//! and the calls that carry them; `chain.rs` talks to the node; `devtools/` holds the
//! developer tools (`simulate`, `bench`).

mod certs;
mod chain;
mod cmd;
mod devtools;
mod keys;
mod output;
mod proofs;
mod text;

use std::{path::PathBuf, process::ExitCode};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::{chain::Wait, keys::Key};

/// The DePIN chain's command-line client.
#[derive(Parser)]
#[command(
	name = "depin",
	version,
	about = "The DePIN chain's command-line client: keys, device registration, usage vouchers, \
	         beacons, verifier attestations, rewards, disputes and queries.",
	after_help = "Example:\n  depin --url ws://127.0.0.1:9944 query epoch\n\nSee docs/cli.md for a \
	              full session."
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944", env = "DEPIN_URL")]
	url: String,
	/// Print machine-readable JSON instead of text.
	#[arg(long, global = true)]
	json: bool,
	/// What transactions wait for before the command returns.
	#[arg(long, global = true, value_enum, default_value = "in-block")]
	wait: Wait,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Generate and inspect keys (offline).
	#[command(subcommand)]
	Key(cmd::keys::KeyCommand),
	/// Manufacturers: certify device keys by signing maker certificates (offline); run an
	/// X.509 PKI for P-256 devices (root, CAs, device certificates); ask governance to set a
	/// root key or revoke certificates.
	#[command(subcommand)]
	Maker(cmd::maker::MakerCommand),
	/// Device owners: consent, register, locate, transfer, retire and list devices.
	#[command(subcommand)]
	Device(cmd::device::DeviceCommand),
	/// Device owners: pending rewards and claims.
	#[command(subcommand)]
	Rewards(cmd::rewards::RewardsCommand),
	/// Customers: buy credits that pay for usage.
	#[command(subcommand)]
	Credits(cmd::credits::CreditsCommand),
	/// Usage vouchers: devices sign, customers sign batches, anyone submits them.
	#[command(subcommand)]
	Usage(cmd::usage::UsageCommand),
	/// Witnessed coverage: witnesses sign receipts, anyone submits beacons.
	#[command(subcommand)]
	Beacon(cmd::beacon::BeaconCommand),
	/// Verifiers: submit verifier attestations of devices' work.
	#[command(subcommand)]
	Verifier(cmd::verifier::VerifierCommand),
	/// Anyone: dispute a device's work in an epoch (with a bond), show and list open disputes.
	/// Governance resolves them.
	#[command(subcommand)]
	Dispute(cmd::dispute::DisputeCommand),
	/// Read the chain: devices, classes, makers, the epoch, stats and the emission schedule.
	#[command(subcommand)]
	Query(cmd::query::QueryCommand),
	/// Run a simulated fleet of devices of every proof kind against a (dev) node.
	///
	/// Registers devices of the three proof kinds (with owners, a maker, a consumer and a
	/// verifier, all derived from --seed and funded by --funder), then works through --epochs
	/// epochs: usage vouchers settled in batches, beacons with witnesses and verifier
	/// attestations, and prints a summary per epoch.
	///
	/// Example: depin simulate --devices 30 --epochs 3
	Simulate(devtools::simulate::SimulateArgs),
	/// Load generator: measure finalized throughput per workload on a throwaway dev chain.
	///
	/// Sets the chain up through sudo (long epochs, bench device classes, a maker, seven
	/// verifiers, funded accounts and consumers' credits, tens of thousands of devices), then
	/// for each workload (signed transfers as the baseline, one usage voucher per general
	/// transaction, vouchers in batches of 100, beacons with five witnesses, verifier
	/// attestations in batches of 100) pre-builds, submits and measures a window of --blocks
	/// finalized blocks. Prints one table: tx/s, items/s, the ratio to transfers/s, block
	/// fullness, mean and p95 inclusion latency; and for the batched vouchers the share of the
	/// block's budget that signature checks take (with --sr25519-us).
	///
	/// Example: depin bench --blocks 10
	Bench(devtools::bench::BenchArgs),
}

/// The key that signs (and pays for) a transaction.
#[derive(Args, Clone)]
pub struct SignerArgs {
	/// The signer's secret URI, e.g. //Alice or a mnemonic (prefix ed25519: for ed25519).
	#[arg(long, conflicts_with = "key_file", required_unless_present = "key_file")]
	suri: Option<String>,
	/// The signer's key file (written by `depin key generate`, mode 0600).
	#[arg(long)]
	key_file: Option<PathBuf>,
}

impl SignerArgs {
	/// The signer's key.
	pub fn key(&self) -> Result<Key> {
		let key = match (&self.suri, &self.key_file) {
			(Some(suri), _) => Key::from_suri(suri, keys::Scheme::Sr25519)?,
			(None, Some(path)) => Key::from_file(path)?,
			(None, None) => anyhow::bail!("give the signer with --suri or --key-file"),
		};
		key.ensure_account("signer")?;
		Ok(key)
	}
}

/// What every command gets.
pub struct Ctx {
	/// The node's URL.
	pub url: String,
	/// `--json`.
	pub json: bool,
	/// `--wait`.
	pub wait: Wait,
}

impl Ctx {
	/// Connects to the node.
	pub async fn connect(&self) -> Result<chain::Chain> {
		chain::Chain::connect(&self.url, self.wait).await
	}
}

#[tokio::main]
async fn main() -> ExitCode {
	text::init_ss58();
	let cli = Cli::parse();
	let ctx = Ctx { url: cli.url, json: cli.json, wait: cli.wait };
	let result = match cli.command {
		Command::Key(c) => cmd::keys::key(&ctx, c),
		Command::Maker(c) => cmd::maker::maker(&ctx, c).await,
		Command::Device(c) => cmd::device::device(&ctx, c).await,
		Command::Rewards(c) => cmd::rewards::rewards(&ctx, c).await,
		Command::Credits(c) => cmd::credits::credits(&ctx, c).await,
		Command::Usage(c) => cmd::usage::usage(&ctx, c).await,
		Command::Beacon(c) => cmd::beacon::beacon(&ctx, c).await,
		Command::Verifier(c) => cmd::verifier::verifier(&ctx, c).await,
		Command::Dispute(c) => cmd::dispute::dispute(&ctx, c).await,
		Command::Query(c) => cmd::query::query(&ctx, c).await,
		Command::Simulate(a) => devtools::simulate::simulate(&ctx, a).await,
		Command::Bench(a) => devtools::bench::bench(&ctx, a).await,
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::FAILURE
		}
	}
}
