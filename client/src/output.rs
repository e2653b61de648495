//! Printing results: text for people, JSON (`--json`) for scripts; progress bars on stderr.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use crate::{chain::Included, text::dpin_text_str, Ctx};

/// Fields of the `depin_*` answers that hold balances (decimal strings of plancks).
const BALANCE_FIELDS: &[&str] = &[
	"bond",
	"reward",
	"claimable",
	"minted",
	"burned",
	"credits",
	"unitPrice",
	"emission",
	"tail",
	"cap",
	"amount",
	"balance",
	"slashed",
];

/// Prints a successful transaction: its block and events.
pub fn included(ctx: &Ctx, what: &str, inc: &Included) {
	if ctx.json {
		println!("{}", inc.to_json());
		return;
	}
	println!("{what}: included in block #{} ({:?})", inc.block_number, inc.block_hash);
	for line in inc.event_lines() {
		// The fee and the extrinsic's own success are noise for users.
		if line.starts_with("TransactionPayment.")
			|| line.starts_with("System.ExtrinsicSuccess")
			|| line.starts_with("Balances.Withdraw")
			|| line.starts_with("Balances.Deposit")
			|| line.starts_with("Balances.BurnedDebt")
		{
			continue;
		}
		println!("  {line}");
	}
}

/// Prints a query's answer: pretty JSON with `--json`, else indented `key: value` lines with
/// balances in DPIN.
pub fn value(ctx: &Ctx, v: &Value) {
	if ctx.json {
		println!("{}", serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()));
	} else {
		let mut out = String::new();
		render(v, None, 0, &mut out);
		print!("{out}");
	}
}

fn scalar(key: Option<&str>, v: &Value) -> String {
	match v {
		Value::Null => "-".into(),
		Value::String(s) if key.is_some_and(|k| BALANCE_FIELDS.contains(&k)) => dpin_text_str(s),
		Value::String(s) => s.clone(),
		other => other.to_string(),
	}
}

fn render(v: &Value, key: Option<&str>, depth: usize, out: &mut String) {
	let pad = "  ".repeat(depth);
	match v {
		Value::Object(map) => {
			for (k, v) in map {
				match v {
					Value::Object(m) if !m.is_empty() => {
						out.push_str(&format!("{pad}{k}:\n"));
						render(v, Some(k), depth + 1, out);
					}
					Value::Array(items) if items.iter().any(|i| i.is_object()) => {
						out.push_str(&format!("{pad}{k}:\n"));
						render(v, Some(k), depth + 1, out);
					}
					_ => {
						let text = match v {
							Value::Array(items) => items
								.iter()
								.map(|i| scalar(Some(k), i))
								.collect::<Vec<_>>()
								.join(", "),
							Value::Object(_) => "-".into(),
							_ => scalar(Some(k), v),
						};
						out.push_str(&format!("{pad}{k}: {text}\n"));
					}
				}
			}
		}
		Value::Array(items) => {
			for item in items {
				if item.is_object() {
					let mut inner = String::new();
					render(item, key, depth + 1, &mut inner);
					// `  key: v` lines under a `- ` bullet on the first one.
					let first = format!("{pad}  ");
					out.push_str(&inner.replacen(&first, &format!("{pad}- "), 1));
				} else {
					out.push_str(&format!("{pad}- {}\n", scalar(key, item)));
				}
			}
		}
		other => out.push_str(&format!("{pad}{}\n", scalar(key, other))),
	}
}

/// A progress bar on stderr over `len` steps (hidden with `--json` or when stderr is not a
/// terminal).
pub fn progress(ctx: &Ctx, len: u64, what: &str) -> ProgressBar {
	if ctx.json {
		return ProgressBar::hidden();
	}
	let bar = ProgressBar::new(len);
	let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
		.map(|s| s.progress_chars("=> "))
		.unwrap_or_else(|_| ProgressStyle::default_bar());
	bar.set_style(style);
	bar.set_message(what.to_string());
	bar
}

/// A status line for people (stderr, so `--json` output stays clean).
pub fn note(msg: impl AsRef<str>) {
	eprintln!("{}", msg.as_ref());
}
