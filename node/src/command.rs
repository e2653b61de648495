//! Dispatches the command line to the node service or to a subcommand.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use depin_runtime::opaque::Block;
use sc_cli::{CliConfiguration, SubstrateCli};
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"DePIN Node".into()
	}

	fn impl_version() -> String {
		env!("CARGO_PKG_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/depin-chain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development()?),
			"" | "local" => Box::new(chain_spec::local_testnet()?),
			"production" => Box::new(chain_spec::production()?),
			n if n.strip_prefix("local-").is_some_and(|n| n.parse::<usize>().is_ok()) => {
				let validators = n.trim_start_matches("local-").parse::<usize>().unwrap_or(0);
				Box::new(chain_spec::local_testnet_with(validators)?)
			}
			path => Box::new(
				chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path)).map_err(
					|e| {
						format!(
							"cannot load chain spec `{path}`: {e}. Use `dev`, `local`, \
							 `local-<n>` (n validators, 1 to 6), `production` or the path of \
							 a chain spec JSON file."
						)
					},
				)?,
			),
		})
	}
}

/// Why `--chain production` cannot be run directly.
const PRODUCTION_PLACEHOLDER_KEYS: &str =
	"the built-in `production` chain spec carries placeholder validator keys (the public \
	 development keys), so anyone could author its blocks. Export it with `depin-node build-spec \
	 --chain production > spec.json`, put your validators' session keys and balances in, build \
	 the raw spec with `build-spec --chain spec.json --raw > spec-raw.json` and run \
	 `--chain spec-raw.json` (see docs/operators.md).";

/// Parses the command line and runs the node or the requested subcommand.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();
	// Addresses with the chain's own prefix must be accepted by the standard RPC methods
	// (`system_accountNextIndex`, …) and printed in logs and `key` output.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		depin_runtime::SS58_PREFIX,
	));

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				// BABE's epoch tree and GRANDPA's authority set live in the aux database and
				// must be reverted together with the blocks.
				let aux_revert =
					Box::new(|client: std::sync::Arc<service::FullClient>, backend, blocks| {
						sc_consensus_babe::revert(client.clone(), backend, blocks)?;
						sc_consensus_grandpa::revert(client, blocks)?;
						Ok(())
					});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		}
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			use frame_benchmarking_cli::BenchmarkCmd;
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => cmd
					.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
						config.chain_spec,
					)),
				// Base weights of a block and of an extrinsic, measured on the runtime alone.
				BenchmarkCmd::Overhead(cmd) => {
					cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
				}
				// Re-executes blocks of this node's database and compares each block's time
				// with the weight it was built with.
				BenchmarkCmd::Block(cmd) => {
					let service::Service { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				}
				// Read and write costs of this node's database, over the state it holds.
				BenchmarkCmd::Storage(cmd) => {
					let service::Service { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, cache)
				}
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
				}
				_ => Err("this node supports `benchmark pallet`, `overhead`, `block`, \
					`storage` and `machine`; `extrinsic` is not wired in"
					.into()),
			})
		}
		None => {
			if cli.run.shared_params().chain.as_deref() == Some("production") {
				return Err(PRODUCTION_PLACEHOLDER_KEYS.into());
			}
			// Checked before the runner creates the base path: a refused chain leaves nothing.
			let shared = cli.run.shared_params();
			let spec =
				cli.load_spec(&shared.chain_id(shared.is_dev())).map_err(sc_cli::Error::Input)?;
			chain_spec::refuse_development_keys(spec.as_ref()).map_err(sc_cli::Error::Input)?;
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					}
				}
			})
		}
	}
}
