//! Offline key commands: `depin key …` and `depin maker attest`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use pallet_devices::{ClassId, MakerId};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{
	cmd::{emit_line, genesis_for},
	keys::{write_key_file, Key, Scheme},
	output::{self, note},
	text::{account_text, device_text, parse_device, to_hex},
	Ctx,
};

#[derive(Subcommand)]
pub enum KeyCommand {
	/// Generate a key (a new 12-word mnemonic) for an owner, device, maker, consumer or
	/// verifier.
	///
	/// Example: depin key generate --scheme ed25519 --out device1.json
	Generate {
		/// The signature scheme (devices with secure elements often use ed25519).
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

#[derive(Subcommand)]
pub enum MakerCommand {
	/// Sign the onboarding attestation of a device key for a class (offline with --genesis).
	///
	/// Example: depin maker attest --key //DemoMaker --maker 0 --class 1
	///   --device sr25519:0x… --genesis 0x… > attestation.json
	Attest {
		/// The maker's attestation key: a key file or a secret URI.
		#[arg(long)]
		key: String,
		/// The maker's id on chain.
		#[arg(long)]
		maker: MakerId,
		/// The device class the device belongs to.
		#[arg(long)]
		class: ClassId,
		/// The device's public key (sr25519:0x… or ed25519:0x…; `depin key inspect` prints it).
		#[arg(long)]
		device: String,
		/// The chain's genesis hash, to sign without a node; by default read from --url.
		#[arg(long)]
		genesis: Option<String>,
		/// Write the attestation to this file instead of stdout.
		#[arg(long)]
		out: Option<PathBuf>,
	},
}

/// A maker's onboarding attestation, as `depin maker attest` writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct AttestationDoc {
	/// The device key.
	pub device: String,
	/// The class.
	pub class: ClassId,
	/// The maker's id.
	pub maker: MakerId,
	/// The genesis hash signed over.
	pub genesis: String,
	/// The maker's signature.
	pub signature: String,
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
					"account": account_text(&key.account()),
				}),
			);
		}
	}
	Ok(())
}

pub async fn maker(ctx: &Ctx, command: MakerCommand) -> Result<()> {
	match command {
		MakerCommand::Attest { key, maker, class, device, genesis, out } => {
			let key = Key::load(&key)?;
			let device = parse_device(&device)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			let payload = pallet_devices::payload::maker_attestation(&genesis, &device, class);
			let doc = AttestationDoc {
				device: device_text(&device),
				class,
				maker,
				genesis: to_hex(genesis.as_bytes()),
				signature: to_hex(&key.sign(&payload)),
			};
			emit_line(&doc, out.as_deref())?;
		}
	}
	Ok(())
}
