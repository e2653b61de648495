//! `depin maker …`: manufacturers certify device keys: they sign maker certificates (offline).

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use depin_primitives::{ClassId, MakerId};
use serde::{Deserialize, Serialize};

use crate::{
	cmd::{emit_line, genesis_for},
	keys::Key,
	proofs,
	text::{device_text, parse_device, to_hex},
	Ctx,
};

#[derive(Subcommand)]
pub enum MakerCommand {
	/// Certify a device key for a class: sign its maker certificate (offline with --genesis).
	///
	/// Example: depin maker certify --key //DemoMaker --maker 0 --class 1
	///   --device sr25519:0x… --genesis 0x… > certificate.json
	Certify {
		/// The maker's certificate key: a key file or a secret URI.
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
		/// Write the certificate to this file instead of stdout.
		#[arg(long)]
		out: Option<PathBuf>,
	},
}

/// A maker certificate, as `depin maker certify` writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct CertificateDoc {
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

pub async fn maker(ctx: &Ctx, command: MakerCommand) -> Result<()> {
	match command {
		MakerCommand::Certify { key, maker, class, device, genesis, out } => {
			let key = Key::load(&key)?;
			let device = parse_device(&device)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			let signature = proofs::maker_certificate(&key, &genesis, &device, class);
			let doc = CertificateDoc {
				device: device_text(&device),
				class,
				maker,
				genesis: to_hex(genesis.as_bytes()),
				signature: to_hex(&signature),
			};
			emit_line(&doc, out.as_deref())?;
		}
	}
	Ok(())
}
