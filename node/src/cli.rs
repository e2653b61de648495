//! Command-line interface: `depin-node [SUBCOMMAND] [OPTIONS]`.

/// The DePIN chain full node.
///
/// Without a subcommand it runs a node: `depin-node --dev` starts a single-validator
/// development chain, `--chain local` the three-validator local testnet and
/// `--chain <file.json>` any chain specification. JSON-RPC listens on 127.0.0.1:9944 unless
/// `--rpc-external` is given; Prometheus metrics on 127.0.0.1:9615.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}

/// Subcommands for chain specifications, the database and keys.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys (session keys into the keystore).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--chain dev|local|production|<file>`, `--raw` for launch).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, like `build-spec`, to stdout or a file.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks: import a block by number or hash and check it.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file (binary or JSON).
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain specification.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database of the selected chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state (unfinalized blocks only).
	Revert(sc_cli::RevertCmd),

	/// Show information about the database's meta columns.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets to generate their weights (`benchmark pallet`). Only in
	/// builds with `--features runtime-benchmarks`; `scripts/benchmark.sh` runs it for every
	/// DePIN pallet.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
