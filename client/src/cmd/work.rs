//! Work: customers' credits, usage receipts (device signs, customer co-signs, gateway submits),
//! witnessed beacons and verifiers' attestations.

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::Subcommand;
use depin_runtime::{Runtime, RuntimeCall};
use pallet_devices::PublicKey;
use pallet_work::{Attestation, EpochIndex, UsageReceipt, WitnessReceipt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::{traits::Verify, MultiSignature};

use crate::{
	chain::Chain,
	cmd::{emit_line, genesis_for, owner::current_epoch, read_json_lines},
	keys::{verify, Key},
	output::{self, note},
	text::{
		account_text, device_text, dpin_text, hex32, hex64, parse_account, parse_device,
		parse_dpin, to_hex,
	},
	Ctx, SignerArgs,
};

#[derive(Subcommand)]
pub enum CreditsCommand {
	/// Burn DPIN for credits that pay for a consumer's usage (1 credit per planck burned).
	///
	/// Example: depin credits buy --suri //Bob --amount 10
	Buy {
		#[command(flatten)]
		signer: SignerArgs,
		/// The account that gets the credits (default: the signer).
		#[arg(long)]
		consumer: Option<String>,
		/// DPIN to burn, e.g. 10 or 0.5 (at least 0.001).
		#[arg(long)]
		amount: String,
	},
	/// An account's credits.
	///
	/// Example: depin credits balance --account 5FHn…
	Balance {
		/// The account.
		#[arg(long)]
		account: String,
	},
}

#[derive(Subcommand)]
pub enum UsageCommand {
	/// The device signs a usage receipt for a consumer (offline with --epoch, --nonce and
	/// --genesis); appends it to --out.
	///
	/// Example: depin usage sign --device-key sensor.json --consumer 5FHn… --units 40
	///   --out receipts.jsonl
	Sign {
		/// The device's key: a key file or a secret URI.
		#[arg(long)]
		device_key: String,
		/// The paying consumer's account.
		#[arg(long)]
		consumer: String,
		/// Work units served.
		#[arg(long)]
		units: u64,
		/// The receipt's nonce, above the consumer's last one for this device (default: the
		/// next one after the chain's and --out's).
		#[arg(long)]
		nonce: Option<u64>,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// The chain's genesis hash, to sign without a node.
		#[arg(long)]
		genesis: Option<String>,
		/// Append the receipt to this JSON Lines file instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// The consumer co-signs the receipts addressed to it, after checking the devices'
	/// signatures.
	///
	/// Example: depin usage cosign --consumer-key //Bob --file receipts.jsonl --out signed.jsonl
	Cosign {
		/// The consumer's key: a key file or a secret URI.
		#[arg(long)]
		consumer_key: String,
		/// The receipts (JSON Lines, from `depin usage sign`).
		#[arg(long)]
		file: PathBuf,
		/// Where to write every receipt, co-signed where addressed to this consumer (default:
		/// stdout).
		#[arg(long)]
		out: Option<PathBuf>,
		/// The chain's genesis hash, to co-sign without a node.
		#[arg(long)]
		genesis: Option<String>,
	},
	/// A gateway submits co-signed receipts in batches; rerun after a failure to resume
	/// (receipts already on chain are skipped, never submitted twice).
	///
	/// Example: depin usage submit --suri //Charlie --file signed.jsonl --batch 100
	Submit {
		#[command(flatten)]
		signer: SignerArgs,
		/// The co-signed receipts (JSON Lines).
		#[arg(long)]
		file: PathBuf,
		/// Receipts per transaction (at most the chain's MaxReceipts, 128).
		#[arg(long, default_value_t = 100)]
		batch: usize,
	},
}

#[derive(Subcommand)]
pub enum BeaconCommand {
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
	/// A gateway submits a beacon with its witnesses' receipts.
	///
	/// Example: depin beacon submit --suri //Charlie --file witnesses.jsonl
	Submit {
		#[command(flatten)]
		signer: SignerArgs,
		/// The witness receipts (JSON Lines, from `depin beacon witness`), all for one beacon.
		#[arg(long)]
		file: PathBuf,
	},
}

#[derive(Subcommand)]
pub enum VerifierCommand {
	/// Submit measurements of attested devices from a JSON Lines file of
	/// `{"device": "sr25519:0x…", "units": 12}`, in batches.
	///
	/// Example: depin verifier attest --suri //Dave --file measurements.jsonl
	Attest {
		#[command(flatten)]
		signer: SignerArgs,
		/// The measurements.
		#[arg(long)]
		file: PathBuf,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// Attestations per transaction (at most the chain's MaxAttestations, 128).
		#[arg(long, default_value_t = 100)]
		batch: usize,
	},
}

/// A usage receipt as the client writes it (one JSON line).
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptDoc {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The device.
	pub device: String,
	/// The consumer's account.
	pub consumer: String,
	/// Units served.
	pub units: u64,
	/// The nonce.
	pub nonce: u64,
	/// The device's signature.
	pub device_signature: String,
	/// The consumer's signature, `sr25519:0x…` or `ed25519:0x…`, once co-signed.
	pub consumer_signature: Option<String>,
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

/// A verifier's measurement.
#[derive(Serialize, Deserialize)]
pub struct MeasurementDoc {
	/// The device.
	pub device: String,
	/// Units measured.
	pub units: u64,
}

/// An account signature as text.
pub fn multisig_text(sig: &MultiSignature) -> String {
	match sig {
		MultiSignature::Sr25519(s) => format!("sr25519:{}", to_hex(&s.0)),
		MultiSignature::Ed25519(s) => format!("ed25519:{}", to_hex(&s.0)),
		MultiSignature::Ecdsa(s) => format!("ecdsa:{}", to_hex(&s.0)),
		MultiSignature::Eth(s) => format!("eth:{}", to_hex(&s.0)),
	}
}

fn parse_multisig(s: &str) -> Result<MultiSignature> {
	if let Some(hex) = s.strip_prefix("sr25519:") {
		return Ok(MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw(hex64(hex)?)));
	}
	if let Some(hex) = s.strip_prefix("ed25519:") {
		return Ok(MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw(hex64(hex)?)));
	}
	bail!("bad consumer signature {s:?}: expected sr25519:0x… or ed25519:0x…")
}

/// The last nonce the chain recorded for `consumer` and `device`.
pub async fn last_nonce(chain: &Chain, consumer: &AccountId32, device: &PublicKey) -> Result<u64> {
	let key = pallet_work::ConsumerNonces::<Runtime>::hashed_key_for(consumer, device);
	Ok(chain.storage::<u64>(&key).await?.unwrap_or(0))
}

/// A parsed, checked receipt.
pub struct Receipt {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The receipt.
	pub receipt: UsageReceipt<AccountId32, MultiSignature>,
}

fn parse_receipt(doc: &ReceiptDoc, genesis: &H256, line: usize) -> Result<Receipt> {
	let device = parse_device(&doc.device).with_context(|| format!("receipt {line}"))?;
	let consumer = parse_account(&doc.consumer).with_context(|| format!("receipt {line}"))?;
	let device_signature =
		hex64(&doc.device_signature).with_context(|| format!("receipt {line}"))?;
	let payload =
		pallet_work::payload::usage(genesis, &device, &consumer, doc.epoch, doc.units, doc.nonce);
	ensure!(
		verify(&device, &payload, &device_signature),
		"receipt {line}: the device's signature does not verify (wrong device key, or signed for \
		 another chain)"
	);
	let consumer_signature = match &doc.consumer_signature {
		Some(s) => parse_multisig(s).with_context(|| format!("receipt {line}"))?,
		None => bail!(
			"receipt {line} is not co-signed: the consumer {} must run `depin usage cosign` first",
			doc.consumer
		),
	};
	ensure!(
		consumer_signature.verify(&payload[..], &consumer),
		"receipt {line}: the consumer's signature does not verify"
	);
	Ok(Receipt {
		epoch: doc.epoch,
		receipt: UsageReceipt {
			device,
			consumer,
			units: doc.units,
			nonce: doc.nonce,
			device_signature,
			consumer_signature,
		},
	})
}

pub async fn credits(ctx: &Ctx, command: CreditsCommand) -> Result<()> {
	match command {
		CreditsCommand::Buy { signer, consumer, amount } => {
			let key = signer.key()?;
			let amount = parse_dpin(&amount)?;
			let consumer = match consumer {
				Some(c) => parse_account(&c)?,
				None => key.account(),
			};
			let chain = ctx.connect().await?;
			let call = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: consumer.clone(),
				amount,
			});
			let inc = chain.submit(&key, call).await?;
			output::included(
				ctx,
				&format!("bought {} of credits for {}", dpin_text(amount), account_text(&consumer)),
				&inc,
			);
		}
		CreditsCommand::Balance { account } => {
			let account = parse_account(&account)?;
			let chain = ctx.connect().await?;
			let key = pallet_emissions::Credits::<Runtime>::hashed_key_for(&account);
			let credits: u128 = chain.storage(&key).await?.unwrap_or(0);
			output::value(
				ctx,
				&json!({ "account": account_text(&account), "credits": credits.to_string() }),
			);
		}
	}
	Ok(())
}

pub async fn usage(ctx: &Ctx, command: UsageCommand) -> Result<()> {
	match command {
		UsageCommand::Sign { device_key, consumer, units, nonce, epoch, genesis, out } => {
			let key = Key::load(&device_key)?;
			let device = key.device_key();
			let consumer = parse_account(&consumer)?;
			ensure!(units > 0, "--units must be above 0");
			let offline = epoch.is_some() && nonce.is_some() && genesis.is_some();
			let chain = if offline { None } else { Some(ctx.connect().await?) };
			let genesis = match (&chain, genesis) {
				(_, Some(g)) => H256(hex32(&g).context("bad --genesis")?),
				(Some(c), None) => c.genesis(),
				(None, None) => bail!("give --genesis to sign without a node"),
			};
			let epoch = match (epoch, &chain) {
				(Some(e), _) => e,
				(None, Some(c)) => current_epoch(c).await?,
				(None, None) => bail!("give --epoch to sign without a node"),
			};
			let nonce = match (nonce, &chain) {
				(Some(n), _) => n,
				(None, Some(c)) => {
					let mut next = last_nonce(c, &consumer, &device).await? + 1;
					if let Some(path) = out.as_deref().filter(|p| p.exists()) {
						for r in read_json_lines::<ReceiptDoc>(path, "usage receipt")? {
							if parse_device(&r.device).ok() == Some(device)
								&& parse_account(&r.consumer).ok().as_ref() == Some(&consumer)
							{
								next = next.max(r.nonce + 1);
							}
						}
					}
					next
				}
				(None, None) => bail!("give --nonce to sign without a node"),
			};
			let payload =
				pallet_work::payload::usage(&genesis, &device, &consumer, epoch, units, nonce);
			emit_line(
				&ReceiptDoc {
					epoch,
					device: device_text(&device),
					consumer: account_text(&consumer),
					units,
					nonce,
					device_signature: to_hex(&key.sign(&payload)),
					consumer_signature: None,
				},
				out.as_deref(),
			)?;
		}
		UsageCommand::Cosign { consumer_key, file, out, genesis } => {
			let key = Key::load(&consumer_key)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			let mut docs: Vec<ReceiptDoc> = read_json_lines(&file, "usage receipt")?;
			let mut signed = 0;
			for (i, doc) in docs.iter_mut().enumerate() {
				let consumer =
					parse_account(&doc.consumer).with_context(|| format!("receipt {}", i + 1))?;
				if consumer != key.account() || doc.consumer_signature.is_some() {
					continue;
				}
				let device = parse_device(&doc.device)?;
				let device_sig = hex64(&doc.device_signature)?;
				let payload = pallet_work::payload::usage(
					&genesis, &device, &consumer, doc.epoch, doc.units, doc.nonce,
				);
				ensure!(
					verify(&device, &payload, &device_sig),
					"receipt {}: the device's signature does not verify; not co-signing",
					i + 1
				);
				doc.consumer_signature = Some(multisig_text(&key.multi_sign(&payload)));
				signed += 1;
			}
			if let Some(path) = &out {
				if path.exists() {
					std::fs::remove_file(path)
						.with_context(|| format!("cannot replace {}", path.display()))?;
				}
			}
			for doc in &docs {
				emit_line(doc, out.as_deref())?;
			}
			note(format!(
				"co-signed {signed} of {} receipts as {}",
				docs.len(),
				account_text(&key.account())
			));
		}
		UsageCommand::Submit { signer, file, batch } => {
			let key = signer.key()?;
			ensure!(batch >= 1, "--batch must be at least 1");
			let batch = batch.min(128);
			let docs: Vec<ReceiptDoc> = read_json_lines(&file, "usage receipt")?;
			ensure!(!docs.is_empty(), "{} holds no receipts", file.display());
			let chain = ctx.connect().await?;
			let genesis = chain.genesis();
			let receipts = docs
				.iter()
				.enumerate()
				.map(|(i, d)| parse_receipt(d, &genesis, i + 1))
				.collect::<Result<Vec<_>>>()?;
			// Skip what the chain already recorded: this makes a rerun after a failure resume
			// without submitting anything twice.
			let mut last: BTreeMap<(AccountId32, PublicKey), u64> = BTreeMap::new();
			for r in &receipts {
				let k = (r.receipt.consumer.clone(), r.receipt.device);
				if let std::collections::btree_map::Entry::Vacant(slot) = last.entry(k) {
					let (consumer, device) = slot.key();
					let n = last_nonce(&chain, consumer, device).await?;
					slot.insert(n);
				}
			}
			let pending: Vec<&Receipt> = receipts
				.iter()
				.filter(|r| r.receipt.nonce > last[&(r.receipt.consumer.clone(), r.receipt.device)])
				.collect();
			let done = receipts.len() - pending.len();
			if pending.is_empty() {
				bail!(
					"all {} receipts in {} are already on chain (their nonces are at or below the \
					 recorded ones): this file was submitted before; nothing was sent",
					receipts.len(),
					file.display()
				);
			}
			if done > 0 {
				note(format!("resuming: {done} receipts already on chain are skipped"));
			}
			// One transaction per epoch and batch, in file order.
			let mut groups: Vec<(EpochIndex, Vec<&Receipt>)> = Vec::new();
			for r in pending {
				match groups.last_mut() {
					Some((e, items)) if *e == r.epoch && items.len() < batch => items.push(r),
					_ => groups.push((r.epoch, vec![r])),
				}
			}
			let total: usize = groups.iter().map(|(_, g)| g.len()).sum();
			let bar = output::progress(ctx, total as u64, "submitting receipts");
			let mut results = Vec::new();
			let mut submitted = 0;
			for (epoch, items) in &groups {
				let list: Vec<_> = items.iter().map(|r| r.receipt.clone()).collect();
				let call = RuntimeCall::Work(pallet_work::Call::submit_usage {
					epoch: *epoch,
					receipts: list.try_into().map_err(|_| anyhow!("batch too large"))?,
				});
				let inc = chain.submit(&key, call).await.with_context(|| {
					format!(
						"batch of {} receipts for epoch {epoch} failed after {submitted} of {total} \
						 were submitted; rerun the same command to resume",
						items.len()
					)
				})?;
				submitted += items.len();
				bar.inc(items.len() as u64);
				results.push(inc.to_json());
			}
			bar.finish_and_clear();
			if ctx.json {
				println!(
					"{}",
					json!({ "submitted": submitted, "skipped": done, "transactions": results })
				);
			} else {
				println!(
					"submitted {submitted} receipts in {} transactions ({done} already on chain)",
					results.len()
				);
			}
		}
	}
	Ok(())
}

pub async fn beacon(ctx: &Ctx, command: BeaconCommand) -> Result<()> {
	match command {
		BeaconCommand::Witness { witness_key, beaconer, epoch, challenge, genesis, out } => {
			let key = Key::load(&witness_key)?;
			let beaconer = parse_device(&beaconer)?;
			let (genesis, epoch, challenge) = match (challenge, genesis, epoch) {
				(Some(c), Some(g), Some(e)) => (H256(hex32(&g)?), e, H256(hex32(&c)?)),
				(Some(_), _, None) => bail!("give --epoch with --challenge"),
				(_, genesis, epoch) => {
					let chain = ctx.connect().await?;
					let genesis = match genesis {
						Some(g) => H256(hex32(&g)?),
						None => chain.genesis(),
					};
					let epoch = match epoch {
						Some(e) => e,
						None => current_epoch(&chain).await?,
					};
					let status = challenge_status(&chain, &beaconer, epoch).await?;
					let c = status["challenge"].as_str().ok_or_else(|| {
						anyhow!("epoch {epoch} has no challenge (it closed, or has not started)")
					})?;
					(genesis, epoch, H256(hex32(c)?))
				}
			};
			let payload = pallet_work::payload::witness(&genesis, &beaconer, epoch, &challenge);
			emit_line(
				&WitnessDoc {
					beaconer: device_text(&beaconer),
					epoch,
					witness: device_text(&key.device_key()),
					signature: to_hex(&key.sign(&payload)),
				},
				out.as_deref(),
			)?;
		}
		BeaconCommand::Submit { signer, file } => {
			let key = signer.key()?;
			let docs: Vec<WitnessDoc> = read_json_lines(&file, "witness receipt")?;
			let first =
				docs.first().ok_or_else(|| anyhow!("{} holds no receipts", file.display()))?;
			let beaconer = parse_device(&first.beaconer)?;
			let epoch = first.epoch;
			let mut witnesses = Vec::new();
			for (i, d) in docs.iter().enumerate() {
				ensure!(
					parse_device(&d.beaconer)? == beaconer && d.epoch == epoch,
					"receipt {} is for another beacon ({} in epoch {}); one file holds one beacon",
					i + 1,
					d.beaconer,
					d.epoch
				);
				witnesses.push(WitnessReceipt {
					witness: parse_device(&d.witness)?,
					signature: hex64(&d.signature).with_context(|| format!("receipt {}", i + 1))?,
				});
			}
			let chain = ctx.connect().await?;
			let status = challenge_status(&chain, &beaconer, epoch).await?;
			ensure!(
				status["challenged"] == true,
				"device {} is not challenged in epoch {epoch}: only challenged devices beacon",
				first.beaconer
			);
			ensure!(
				status["beaconCounted"] != true,
				"the beacon of {} in epoch {epoch} was already counted",
				first.beaconer
			);
			let call = RuntimeCall::Work(pallet_work::Call::submit_beacon {
				beaconer,
				epoch,
				witnesses: witnesses
					.try_into()
					.map_err(|_| anyhow!("too many witnesses (at most 32)"))?,
			});
			let inc = chain.submit(&key, call).await?;
			output::included(ctx, &format!("beacon with {} witnesses", docs.len()), &inc);
		}
	}
	Ok(())
}

async fn challenge_status(chain: &Chain, device: &PublicKey, epoch: EpochIndex) -> Result<Value> {
	chain
		.call("depin_challengeStatus", vec![device_text(device).into(), epoch.into()])
		.await
		.with_context(|| format!("challenge of {} in epoch {epoch}", device_text(device)))
}

pub async fn verifier(ctx: &Ctx, command: VerifierCommand) -> Result<()> {
	match command {
		VerifierCommand::Attest { signer, file, epoch, batch } => {
			let key = signer.key()?;
			ensure!(batch >= 1, "--batch must be at least 1");
			let batch = batch.min(128);
			let docs: Vec<MeasurementDoc> = read_json_lines(&file, "measurement")?;
			ensure!(!docs.is_empty(), "{} holds no measurements", file.display());
			let items = docs
				.iter()
				.enumerate()
				.map(|(i, d)| {
					Ok(Attestation {
						device: parse_device(&d.device)
							.with_context(|| format!("line {}", i + 1))?,
						units: d.units,
					})
				})
				.collect::<Result<Vec<_>>>()?;
			let chain = ctx.connect().await?;
			let epoch = match epoch {
				Some(e) => e,
				None => current_epoch(&chain).await?,
			};
			let bar = output::progress(ctx, items.len() as u64, "attesting");
			let mut results = Vec::new();
			for chunk in items.chunks(batch) {
				let call = RuntimeCall::Work(pallet_work::Call::submit_attestations {
					epoch,
					attestations: chunk
						.to_vec()
						.try_into()
						.map_err(|_| anyhow!("batch too large"))?,
				});
				let inc = chain.submit(&key, call).await?;
				bar.inc(chunk.len() as u64);
				if !ctx.json {
					bar.suspend(|| {
						output::included(ctx, &format!("{} attestations", chunk.len()), &inc)
					});
				}
				results.push(inc.to_json());
			}
			bar.finish_and_clear();
			if ctx.json {
				println!(
					"{}",
					json!({ "epoch": epoch, "attested": items.len(), "transactions": results })
				);
			}
		}
	}
	Ok(())
}
