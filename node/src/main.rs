//! `depin-node`: the full node of the DePIN chain.

// `sc_service::Error` and `sc_cli::Error` are large upstream types that we return as they are.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod depin_rpc;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
