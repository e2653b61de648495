//! The user's commands, one module per group of `depin` subcommands (`depin device …` is in
//! `device.rs`, and so on), plus what they share: the genesis hash to sign for and JSON files.

pub mod beacon;
pub mod credits;
pub mod device;
pub mod dispute;
pub mod keys;
pub mod maker;
pub mod query;
pub mod rewards;
pub mod usage;
pub mod verifier;

use std::path::Path;

use anyhow::{Context, Result};
use serde::{de::DeserializeOwned, Serialize};
use sp_core::H256;

use crate::{chain::Chain, text::hex32, Ctx};

/// The genesis hash to sign for: `--genesis` if given (offline), else the node's.
pub async fn genesis_for(ctx: &Ctx, genesis: Option<&str>) -> Result<H256> {
	match genesis {
		Some(g) => Ok(H256(hex32(g).with_context(|| format!("bad --genesis {g:?}"))?)),
		None => Ok(Chain::connect(&ctx.url, ctx.wait)
			.await
			.context("pass --genesis <hash> to sign offline")?
			.genesis()),
	}
}

/// Reads a JSON document.
pub fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
	let text =
		std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
	serde_json::from_str(&text).with_context(|| format!("{} is not a valid {what}", path.display()))
}

/// Reads a JSON Lines file (one document per line; blank lines and `#` comments skipped).
pub fn read_json_lines<T: DeserializeOwned>(path: &Path, what: &str) -> Result<Vec<T>> {
	let text =
		std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
	text.lines()
		.enumerate()
		.filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
		.map(|(i, l)| {
			serde_json::from_str(l)
				.with_context(|| format!("{} line {}: not a valid {what}", path.display(), i + 1))
		})
		.collect()
}

/// Writes `doc` as one JSON line to `out` (appending), or to stdout without `out`.
pub fn emit_line<T: Serialize>(doc: &T, out: Option<&Path>) -> Result<()> {
	let line = serde_json::to_string(doc)?;
	match out {
		Some(path) => {
			use std::io::Write;
			let mut f = std::fs::OpenOptions::new()
				.create(true)
				.append(true)
				.open(path)
				.with_context(|| format!("cannot write {}", path.display()))?;
			writeln!(f, "{line}")?;
		}
		None => println!("{line}"),
	}
	Ok(())
}
