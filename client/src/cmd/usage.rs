//! `depin usage …`: usage receipts. The device signs, the consumer co-signs, a gateway
//! submits them in batches (resuming after a failure without submitting anything twice).

use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
};

use anyhow::{bail, ensure, Context, Result};
use clap::Subcommand;
use depin_primitives::{EpochIndex, PublicKey, RawSignature};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::{traits::Verify, MultiSignature};

use crate::{
	chain::Chain,
	cmd::{emit_line, genesis_for, read_json_lines},
	keys::Key,
	output::{self, note},
	proofs::{self, Usage},
	text::{account_text, device_text, hex32, hex64, parse_account, parse_device, to_hex},
	Ctx, SignerArgs,
};

/// Receipts per transaction at most (the chain's `MaxReceipts`).
const MAX_BATCH: usize = 128;

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

/// A parsed, checked receipt.
pub struct Receipt {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The receipt.
	pub receipt: proofs::Receipt,
}

/// What the device signed in a receipt file's line, parsed, with the device's signature
/// checked (before anyone co-signs or pays for it).
struct DeviceSigned {
	device: PublicKey,
	consumer: AccountId32,
	signature: RawSignature,
}

impl DeviceSigned {
	fn parse(doc: &ReceiptDoc, genesis: &H256, line: usize) -> Result<Self> {
		let context = || format!("receipt {line}");
		let signed = DeviceSigned {
			device: parse_device(&doc.device).with_context(context)?,
			consumer: parse_account(&doc.consumer).with_context(context)?,
			signature: hex64(&doc.device_signature).with_context(context)?,
		};
		ensure!(
			signed.device.verify(&signed.usage(doc, genesis).payload(), &signed.signature),
			"receipt {line}: the device's signature does not verify (wrong device key, or signed \
			 for another chain)"
		);
		Ok(signed)
	}

	fn usage<'a>(&'a self, doc: &ReceiptDoc, genesis: &'a H256) -> Usage<'a> {
		Usage {
			genesis,
			device: &self.device,
			consumer: &self.consumer,
			epoch: doc.epoch,
			units: doc.units,
			nonce: doc.nonce,
		}
	}
}

fn parse_receipt(doc: &ReceiptDoc, genesis: &H256, line: usize) -> Result<Receipt> {
	let signed = DeviceSigned::parse(doc, genesis, line)?;
	let usage = signed.usage(doc, genesis);
	let consumer_signature = match &doc.consumer_signature {
		Some(s) => parse_multisig(s).with_context(|| format!("receipt {line}"))?,
		None => bail!(
			"receipt {line} is not co-signed: the consumer {} must run `depin usage cosign` first",
			doc.consumer
		),
	};
	ensure!(
		consumer_signature.verify(&usage.payload()[..], &signed.consumer),
		"receipt {line}: the consumer's signature does not verify"
	);
	Ok(Receipt { epoch: doc.epoch, receipt: usage.receipt(signed.signature, consumer_signature) })
}

pub async fn usage(ctx: &Ctx, command: UsageCommand) -> Result<()> {
	match command {
		UsageCommand::Sign { device_key, consumer, units, nonce, epoch, genesis, out } => {
			let key = Key::load(&device_key)?;
			let consumer = parse_account(&consumer)?;
			ensure!(units > 0, "--units must be above 0");
			let given = Given { nonce, epoch, genesis };
			sign(ctx, &key, &consumer, units, given, out.as_deref()).await
		}
		UsageCommand::Cosign { consumer_key, file, out, genesis } => {
			let key = Key::load(&consumer_key)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			cosign(&key, &genesis, &file, out.as_deref())
		}
		UsageCommand::Submit { signer, file, batch } => {
			let key = signer.key()?;
			ensure!(batch >= 1, "--batch must be at least 1");
			submit(ctx, &key, &file, batch.min(MAX_BATCH)).await
		}
	}
}

/// What `usage sign` was given; the rest is read from the node.
struct Given {
	nonce: Option<u64>,
	epoch: Option<EpochIndex>,
	genesis: Option<String>,
}

/// `depin usage sign`: the device signs a receipt and appends it to `out` (or prints it).
async fn sign(
	ctx: &Ctx,
	key: &Key,
	consumer: &AccountId32,
	units: u64,
	given: Given,
	out: Option<&Path>,
) -> Result<()> {
	let device = key.device_key();
	let offline = given.epoch.is_some() && given.nonce.is_some() && given.genesis.is_some();
	let chain = if offline { None } else { Some(ctx.connect().await?) };
	let genesis = match (&chain, given.genesis) {
		(_, Some(g)) => H256(hex32(&g).context("bad --genesis")?),
		(Some(c), None) => c.genesis(),
		(None, None) => bail!("give --genesis to sign without a node"),
	};
	let epoch = match (given.epoch, &chain) {
		(Some(e), _) => e,
		(None, Some(c)) => c.current_epoch().await?,
		(None, None) => bail!("give --epoch to sign without a node"),
	};
	let nonce = match (given.nonce, &chain) {
		(Some(n), _) => n,
		(None, Some(c)) => next_nonce(c, consumer, &device, out).await?,
		(None, None) => bail!("give --nonce to sign without a node"),
	};
	let usage = Usage { genesis: &genesis, device: &device, consumer, epoch, units, nonce };
	emit_line(
		&ReceiptDoc {
			epoch,
			device: device_text(&device),
			consumer: account_text(consumer),
			units,
			nonce,
			device_signature: to_hex(&usage.device_signature(key)),
			consumer_signature: None,
		},
		out,
	)
}

/// The next receipt nonce for `consumer` and `device`: after the chain's and after those
/// already in `out`.
async fn next_nonce(
	chain: &Chain,
	consumer: &AccountId32,
	device: &PublicKey,
	out: Option<&Path>,
) -> Result<u64> {
	let mut next = chain.usage_nonce(consumer, device).await? + 1;
	if let Some(path) = out.filter(|p| p.exists()) {
		for r in read_json_lines::<ReceiptDoc>(path, "usage receipt")? {
			if parse_device(&r.device).ok() == Some(*device)
				&& parse_account(&r.consumer).ok().as_ref() == Some(consumer)
			{
				next = next.max(r.nonce + 1);
			}
		}
	}
	Ok(next)
}

/// `depin usage cosign`: the consumer co-signs the receipts addressed to it, after checking the
/// devices' signatures; writes every receipt to `out` (or stdout).
fn cosign(key: &Key, genesis: &H256, file: &Path, out: Option<&Path>) -> Result<()> {
	let mut docs: Vec<ReceiptDoc> = read_json_lines(file, "usage receipt")?;
	let mut signed = 0;
	for (i, doc) in docs.iter_mut().enumerate() {
		let consumer =
			parse_account(&doc.consumer).with_context(|| format!("receipt {}", i + 1))?;
		if consumer != key.account() || doc.consumer_signature.is_some() {
			continue;
		}
		let parts = DeviceSigned::parse(doc, genesis, i + 1).context("not co-signing")?;
		let usage = parts.usage(doc, genesis);
		doc.consumer_signature = Some(multisig_text(&usage.consumer_signature(key)));
		signed += 1;
	}
	if let Some(path) = out {
		if path.exists() {
			std::fs::remove_file(path)
				.with_context(|| format!("cannot replace {}", path.display()))?;
		}
	}
	for doc in &docs {
		emit_line(doc, out)?;
	}
	note(format!(
		"co-signed {signed} of {} receipts as {}",
		docs.len(),
		account_text(&key.account())
	));
	Ok(())
}

/// `depin usage submit`: the receipts of `file` not yet on chain, one transaction per epoch
/// and `batch` receipts.
async fn submit(ctx: &Ctx, key: &Key, file: &Path, batch: usize) -> Result<()> {
	let docs: Vec<ReceiptDoc> = read_json_lines(file, "usage receipt")?;
	ensure!(!docs.is_empty(), "{} holds no receipts", file.display());
	let chain = ctx.connect().await?;
	let genesis = chain.genesis();
	let receipts = docs
		.iter()
		.enumerate()
		.map(|(i, d)| parse_receipt(d, &genesis, i + 1))
		.collect::<Result<Vec<_>>>()?;
	let pending = not_on_chain(&chain, &receipts).await?;
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
	let (submitted, results) = submit_groups(ctx, &chain, key, &groups).await?;
	if ctx.json {
		println!("{}", json!({ "submitted": submitted, "skipped": done, "transactions": results }));
	} else {
		println!(
			"submitted {submitted} receipts in {} transactions ({done} already on chain)",
			results.len()
		);
	}
	Ok(())
}

/// The receipts whose nonces are above what the chain recorded: this makes a rerun after a
/// failure resume without submitting anything twice.
async fn not_on_chain<'a>(chain: &Chain, receipts: &'a [Receipt]) -> Result<Vec<&'a Receipt>> {
	let mut last: BTreeMap<(AccountId32, PublicKey), u64> = BTreeMap::new();
	for r in receipts {
		let k = (r.receipt.consumer.clone(), r.receipt.device);
		if let std::collections::btree_map::Entry::Vacant(slot) = last.entry(k) {
			let (consumer, device) = slot.key();
			let n = chain.usage_nonce(consumer, device).await?;
			slot.insert(n);
		}
	}
	Ok(receipts
		.iter()
		.filter(|r| r.receipt.nonce > last[&(r.receipt.consumer.clone(), r.receipt.device)])
		.collect())
}

/// Submits each group as one transaction; returns the receipts submitted and the
/// transactions.
async fn submit_groups(
	ctx: &Ctx,
	chain: &Chain,
	key: &Key,
	groups: &[(EpochIndex, Vec<&Receipt>)],
) -> Result<(usize, Vec<Value>)> {
	let total: usize = groups.iter().map(|(_, g)| g.len()).sum();
	let bar = output::progress(ctx, total as u64, "submitting receipts");
	let mut results = Vec::new();
	let mut submitted = 0;
	for (epoch, items) in groups {
		let list: Vec<_> = items.iter().map(|r| r.receipt.clone()).collect();
		let call = proofs::submit_usage(*epoch, list)?;
		let inc = chain.submit(key, call).await.with_context(|| {
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
	Ok((submitted, results))
}
