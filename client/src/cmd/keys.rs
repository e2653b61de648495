//! `depin key …`: generate and inspect keys (offline).

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use serde_json::json;

use crate::{
	keys::{write_key_file, Key, Scheme},
	output::{self, note},
	text::{account_text, device_text, to_hex},
	Ctx,
};

#[derive(Subcommand)]
pub enum KeyCommand {
	/// Generate a key (a new 12-word mnemonic) for an owner, device, maker, consumer or
	/// verifier.
	///
	/// Example: depin key generate --scheme ed25519 --out device1.json
	Generate {
		/// The signature scheme: sr25519 for accounts; a device may use any of the three
		/// (p256 is the curve of secure elements, and a device key only: it has no account).
		#[arg(long, value_enum, default_value = "sr25519")]
		scheme: Scheme,
		/// Write a key file (mode 0600) instead of printing the secret.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Show a key's public key, device-key form and account.
	///
	/// Example: depin key inspect //Alice   or   depin key inspect device1.json
	Inspect {
		/// A key file, or a secret URI (prefix ed25519: for ed25519).
		key: String,
	},
}

pub fn key(ctx: &Ctx, command: KeyCommand) -> Result<()> {
	match command {
		KeyCommand::Generate { scheme, out } => {
			let (key, phrase) = Key::generate(scheme);
			let file = key.to_file(phrase);
			let mut info = json!({
				"scheme": key.scheme(),
				"publicKey": file.public_key,
				"deviceKey": device_text(&key.device_key()),
				"account": file.account,
			});
			match out {
				Some(path) => {
					write_key_file(&path, &file)?;
					info["keyFile"] = json!(path.display().to_string());
				}
				None => {
					note("keep the secret phrase safe: anyone who has it controls the key");
					info["secret"] = json!(file.secret);
				}
			}
			output::value(ctx, &info);
		}
		KeyCommand::Inspect { key } => {
			let key = Key::load(&key)?;
			output::value(
				ctx,
				&json!({
					"scheme": key.scheme(),
					"publicKey": to_hex(&key.public_bytes()),
					"deviceKey": device_text(&key.device_key()),
					"account": key.ensure_account("").ok().map(|()| account_text(&key.account())),
				}),
			);
		}
	}
	Ok(())
}
