//! `depin beacon …`: witnessed coverage. A challenged device signs its beacon, witness devices
//! sign receipts of it; anyone submits them, as an authorized general transaction (the
//! device's and the witnesses' signatures authorize it: no account, nonce or fee). A beacon's
//! witness set is additive: later submissions, with the same beacon signature, add new
//! witnesses up to the class's maximum.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::Subcommand;
use depin_primitives::{EpochIndex, PublicKey};
use depin_runtime::RuntimeEvent;
use pallet_work::WitnessReceipt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sp_core::H256;

use crate::{
	chain::Chain,
	cmd::{emit_line, read_json_lines},
	keys::Key,
	output, proofs,
	text::{device_text, hex32, hex64, parse_device, to_hex},
	Ctx,
};

#[derive(Subcommand)]
pub enum BeaconCommand {
	/// A challenged device signs its beacon for the epoch; writes it to --out (or prints it).
	/// The chain counts a beacon only with this signature, so no one else can start a beacon
	/// (and give the device disputable work) in its name.
	///
	/// Example: depin beacon sign --device-key hotspot1.json --out beacon.json
	Sign {
		/// The beaconing device's key: a key file or a secret URI.
		#[arg(long)]
		device_key: String,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// The device's challenge for the epoch, to sign without a node (with --genesis and
		/// --epoch).
		#[arg(long, requires = "genesis")]
		challenge: Option<String>,
		/// The chain's genesis hash, to sign without a node.
		#[arg(long)]
		genesis: Option<String>,
		/// Write the signed beacon to this file (replacing it) instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// A witness device signs a receipt for a challenged device's beacon; appends it to --out.
	///
	/// Example: depin beacon witness --witness-key hotspot2.json --beaconer sr25519:0x…
	///   --out witnesses.jsonl
	Witness {
		/// The witness device's key: a key file or a secret URI.
		#[arg(long)]
		witness_key: String,
		/// The challenged (beaconing) device.
		#[arg(long)]
		beaconer: String,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// The beaconer's challenge for the epoch, to sign without a node (with --genesis).
		#[arg(long, requires = "genesis")]
		challenge: Option<String>,
		/// The chain's genesis hash, to sign without a node.
		#[arg(long)]
		genesis: Option<String>,
		/// Append the receipt to this JSON Lines file instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Anyone submits a signed beacon with witness receipts, as an authorized general
	/// transaction: no account, key, nonce or fee. Witnesses already counted for the beacon
	/// are skipped; the rest are added up to the class's maximum. Prints the witnesses added
	/// and counted.
	///
	/// Example: depin beacon submit --beacon beacon.json --file witnesses.jsonl
	Submit {
		/// The beacon signed by its device (from `depin beacon sign`).
		#[arg(long)]
		beacon: PathBuf,
		/// The witness receipts (JSON Lines, from `depin beacon witness`), all for this beacon.
		#[arg(long)]
		file: PathBuf,
		/// No longer taken: beacons need no signer. Fails with an explanation.
		#[arg(long, hide = true)]
		suri: Option<String>,
		/// No longer taken: beacons need no signer. Fails with an explanation.
		#[arg(long, hide = true)]
		key_file: Option<PathBuf>,
	},
}

/// A device's signed beacon as the client writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct BeaconDoc {
	/// The beaconing device.
	pub beaconer: String,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The device's signature of its beacon.
	pub signature: String,
}

/// A witness receipt as the client writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct WitnessDoc {
	/// The beaconing device.
	pub beaconer: String,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The witness device.
	pub witness: String,
	/// Its signature.
	pub signature: String,
}

pub async fn beacon(ctx: &Ctx, command: BeaconCommand) -> Result<()> {
	match command {
		BeaconCommand::Sign { device_key, epoch, challenge, genesis, out } => {
			let key = Key::load(&device_key)?;
			let beaconer = key.device_key();
			let (genesis, epoch, challenge) =
				what_to_sign(ctx, &beaconer, challenge, genesis, epoch).await?;
			let signature = proofs::beacon_signature(&key, &genesis, epoch, &challenge);
			let doc = BeaconDoc {
				beaconer: device_text(&beaconer),
				epoch,
				signature: to_hex(&signature),
			};
			match out {
				Some(path) => {
					std::fs::write(&path, serde_json::to_string(&doc)? + "\n")
						.with_context(|| format!("cannot write {}", path.display()))?;
					if !ctx.json {
						eprintln!(
							"beacon of {} in epoch {epoch} signed: {}",
							doc.beaconer,
							path.display()
						);
					}
				}
				None => emit_line(&doc, None)?,
			}
		}
		BeaconCommand::Witness { witness_key, beaconer, epoch, challenge, genesis, out } => {
			let key = Key::load(&witness_key)?;
			let beaconer = parse_device(&beaconer)?;
			let (genesis, epoch, challenge) =
				what_to_sign(ctx, &beaconer, challenge, genesis, epoch).await?;
			let receipt = proofs::witness_receipt(&key, &genesis, &beaconer, epoch, &challenge);
			emit_line(
				&WitnessDoc {
					beaconer: device_text(&beaconer),
					epoch,
					witness: device_text(&receipt.witness),
					signature: to_hex(&receipt.signature),
				},
				out.as_deref(),
			)?;
		}
		BeaconCommand::Submit { beacon, file, suri, key_file } => {
			ensure!(
				suri.is_none() && key_file.is_none(),
				"`beacon submit` takes no signer any more: a beacon is a general transaction that 				 its witnesses' signatures authorize, with no account, nonce or fee; drop 				 --suri/--key-file"
			);
			submit(ctx, &beacon, &file).await?;
		}
	}
	Ok(())
}

/// The genesis, epoch and the beaconer's challenge to sign: as given (all three, to sign
/// without a node), or read from the node where not given.
async fn what_to_sign(
	ctx: &Ctx,
	beaconer: &PublicKey,
	challenge: Option<String>,
	genesis: Option<String>,
	epoch: Option<EpochIndex>,
) -> Result<(H256, EpochIndex, H256)> {
	match (challenge, genesis, epoch) {
		(Some(c), Some(g), Some(e)) => Ok((H256(hex32(&g)?), e, H256(hex32(&c)?))),
		(Some(_), _, None) => bail!("give --epoch with --challenge"),
		(_, genesis, epoch) => challenge_from_node(ctx, beaconer, genesis, epoch).await,
	}
}

/// The genesis, epoch and the beaconer's challenge to sign, read from the node where not
/// given.
async fn challenge_from_node(
	ctx: &Ctx,
	beaconer: &PublicKey,
	genesis: Option<String>,
	epoch: Option<EpochIndex>,
) -> Result<(H256, EpochIndex, H256)> {
	let chain = ctx.connect().await?;
	let genesis = match genesis {
		Some(g) => H256(hex32(&g)?),
		None => chain.genesis(),
	};
	let epoch = match epoch {
		Some(e) => e,
		None => chain.current_epoch().await?,
	};
	let status = challenge_status(&chain, beaconer, epoch).await?;
	let c = status["challenge"]
		.as_str()
		.ok_or_else(|| anyhow!("epoch {epoch} has no challenge (it closed, or has not started)"))?;
	Ok((genesis, epoch, H256(hex32(c)?)))
}

/// `depin beacon submit`: the beacon signed in `beacon_file` with the witness receipts of
/// `file`.
async fn submit(ctx: &Ctx, beacon_file: &Path, file: &Path) -> Result<()> {
	let signed: Vec<BeaconDoc> = read_json_lines(beacon_file, "signed beacon")?;
	let signed = match signed.as_slice() {
		[one] => one.clone(),
		_ => bail!(
			"{} must hold exactly one signed beacon (from `depin beacon sign`)",
			beacon_file.display()
		),
	};
	let beaconer = parse_device(&signed.beaconer)?;
	let epoch = signed.epoch;
	let beaconer_signature =
		hex64(&signed.signature).with_context(|| format!("{}", beacon_file.display()))?;
	let docs: Vec<WitnessDoc> = read_json_lines(file, "witness receipt")?;
	ensure!(!docs.is_empty(), "{} holds no receipts", file.display());
	let mut witnesses = Vec::new();
	for (i, d) in docs.iter().enumerate() {
		ensure!(
			parse_device(&d.beaconer)? == beaconer && d.epoch == epoch,
			"receipt {} is for another beacon ({} in epoch {}) than {}; one file holds the \
			 receipts of one beacon",
			i + 1,
			d.beaconer,
			d.epoch,
			beacon_file.display()
		);
		witnesses.push(WitnessReceipt {
			witness: parse_device(&d.witness)?,
			signature: hex64(&d.signature).with_context(|| format!("receipt {}", i + 1))?,
		});
	}
	let chain = ctx.connect().await?;
	chain.epoch_clock().await?.check(epoch)?;
	let status = challenge_status(&chain, &beaconer, epoch).await?;
	ensure!(
		status["challenged"] == true,
		"device {} is not challenged in epoch {epoch}: only challenged devices beacon \
		 (Work.NotChallenged)",
		signed.beaconer
	);
	let challenge = status["challenge"]
		.as_str()
		.ok_or_else(|| anyhow!("epoch {epoch} has no challenge (it closed, or has not started)"))?;
	let payload = depin_primitives::payload::beacon(
		&chain.genesis(),
		&beaconer,
		epoch,
		&H256(hex32(challenge)?),
	);
	ensure!(
		beaconer.verify(&payload, &beaconer_signature),
		"the beacon signature in {} is not {}'s for this chain and epoch {epoch} \
		 (Work.BadBeaconerSignature): sign it again with `depin beacon sign --device-key <the \
		 device's key>`",
		beacon_file.display(),
		signed.beaconer
	);
	let counted = chain.beacon_witnesses(epoch, &beaconer).await?;
	let max = max_witnesses(&chain, &beaconer).await?;
	ensure!(
		counted.len() < max,
		"the beacon of {} in epoch {epoch} already counts the class's maximum of {max} \
		 witnesses (Work.BeaconFull): nothing to add",
		signed.beaconer
	);
	let new = witnesses.iter().filter(|w| !counted.contains(&w.witness)).count();
	ensure!(
		new > 0,
		"all {} witnesses in {} are already counted for the beacon of {} in epoch {epoch} \
		 (Work.NoNewWitnesses): nothing to add",
		witnesses.len(),
		file.display(),
		signed.beaconer
	);
	let call = proofs::submit_beacon(beaconer, epoch, witnesses, beaconer_signature)?;
	let inc = chain.submit_general(call, "the beacon").await?;
	let recorded = inc.events.iter().find_map(|e| match e {
		RuntimeEvent::Work(pallet_work::Event::BeaconRecorded {
			witnesses, total, units, ..
		}) => Some((*witnesses, *total, *units)),
		_ => None,
	});
	if ctx.json {
		let mut v = inc.to_json();
		if let Some((added, total, units)) = recorded {
			v["added"] = added.into();
			v["total"] = total.into();
			v["units"] = units.into();
		}
		println!("{v}");
		return Ok(());
	}
	let what = match recorded {
		Some((added, total, _)) => format!(
			"beacon of {} in epoch {epoch}: {added} witnesses added, {total} counted",
			signed.beaconer
		),
		None => format!("beacon of {} in epoch {epoch}", signed.beaconer),
	};
	output::included(ctx, &what, &inc);
	Ok(())
}

/// The most witnesses the class of `beaconer` counts per beacon.
async fn max_witnesses(chain: &Chain, beaconer: &PublicKey) -> Result<usize> {
	let device: Value = chain
		.call("depin_device", vec![device_text(beaconer).into()])
		.await
		.with_context(|| format!("device {}", device_text(beaconer)))?;
	let class = device["class"].as_u64().ok_or_else(|| anyhow!("bad depin_device answer"))?;
	let params: Value = chain.call("depin_class", vec![class.into()]).await?;
	ensure!(
		params["proof"] == "witnessed",
		"device {} is of class {class}, which proves work by {} and does not beacon \
		 (Work.WrongProofKind)",
		device_text(beaconer),
		params["proof"]
	);
	params["witness"]["maxWitnesses"]
		.as_u64()
		.map(|m| m as usize)
		.ok_or_else(|| anyhow!("bad depin_class answer"))
}

async fn challenge_status(chain: &Chain, device: &PublicKey, epoch: EpochIndex) -> Result<Value> {
	chain
		.call("depin_challengeStatus", vec![device_text(device).into(), epoch.into()])
		.await
		.with_context(|| format!("challenge of {} in epoch {epoch}", device_text(device)))
}
