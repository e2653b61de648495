//! `depin usage …`: cumulative usage vouchers. The device signs a voucher ("in this epoch I
//! have served you N units in all, at my class's price"), the consumer signs a batch of them
//! (one signature for up to `Work.MaxVouchers` devices), and anyone submits the batch as an
//! authorized general transaction: no account, nonce or fee; the consumer's credits pay for the
//! units and the settlement charge. The chain settles per device only the increase over what it
//! settled before in the epoch, so a stale or replayed voucher settles nothing.

use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
};

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::Subcommand;
use depin_primitives::{ClassId, EpochIndex, PublicKey};
use depin_runtime::{Balance, RuntimeEvent};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::MultiSignature;

use crate::{
	chain::{Chain, Included},
	cmd::{emit_line, read_json, read_json_lines},
	keys::Key,
	output::{self, note},
	proofs::{self, Batch, Voucher, VoucherTerms},
	text::{
		account_text, device_text, dpin_text, hex32, hex64, parse_account, parse_device,
		parse_dpin, to_hex,
	},
	Ctx,
};

#[derive(Subcommand)]
pub enum UsageCommand {
	/// The device signs a usage voucher: the units it has served a consumer in an epoch IN ALL
	/// (cumulative, not since the last voucher), at its class's unit price; appends it to --out.
	///
	/// A newer voucher of the same device, consumer and epoch covers the older ones: sign a new
	/// one with the new total whenever you like; the chain settles only the increase over what
	/// it already settled. Epoch, unit price and genesis hash are read from the node unless
	/// given; with all three (--epoch, --unit-price, --genesis) it signs offline.
	///
	/// Example: depin usage sign --device-key sensor.json --consumer sokrFMLw…b6jv
	///   --cumulative 50 --out vouchers.jsonl
	Sign {
		/// The device's key: a key file or a secret URI.
		#[arg(long)]
		device_key: String,
		/// The paying consumer's account.
		#[arg(long)]
		consumer: String,
		/// Units served to the consumer in the epoch, in all (cumulative).
		#[arg(long)]
		cumulative: u64,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// The unit price in DPIN, e.g. 0.001 (default: the device class's price on the chain;
		/// the chain settles only vouchers at the class's price).
		#[arg(long)]
		unit_price: Option<String>,
		/// The chain's genesis hash, to sign without a node.
		#[arg(long)]
		genesis: Option<String>,
		/// Append the voucher to this JSON Lines file instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// The consumer signs a batch of its vouchers of one epoch, after checking them: the
	/// devices' signatures, the chain, the class prices and what the chain settled already.
	///
	/// Of several vouchers of one device, the batch takes the one with the most units (it
	/// covers the others). Vouchers already settled are left out. A batch holds at most the
	/// chain's Work.MaxVouchers vouchers (128): split bigger files. With --genesis it signs
	/// offline (without the checks against the chain).
	///
	/// Example: depin usage cosign --consumer-key //Bob --file vouchers.jsonl --out batch.json
	Cosign {
		/// The consumer's key: a key file or a secret URI.
		#[arg(long)]
		consumer_key: String,
		/// The vouchers (JSON Lines, from `depin usage sign`).
		#[arg(long)]
		file: PathBuf,
		/// The epoch to settle, if the file holds vouchers of several.
		#[arg(long)]
		epoch: Option<EpochIndex>,
		/// Where to write the signed batch (default: stdout).
		#[arg(long)]
		out: Option<PathBuf>,
		/// The chain's genesis hash, to sign without a node.
		#[arg(long)]
		genesis: Option<String>,
	},
	/// Anyone submits signed batches, each as an authorized general transaction: no account,
	/// key, nonce or fee (the consumer's credits pay). Prints what settled.
	///
	/// Each batch is checked against the chain first (signatures, prices, what was settled
	/// already), so a batch the node would refuse is not sent. Of several files, batches that
	/// were settled already are skipped, so a rerun after a failure resumes.
	///
	/// Example: depin usage submit --file batch.json
	Submit {
		/// The signed batch (JSON, from `depin usage cosign`); repeat for several.
		#[arg(long = "file", required = true)]
		files: Vec<PathBuf>,
		/// No longer taken: settlements need no signer. Fails with an explanation.
		#[arg(long, hide = true)]
		suri: Option<String>,
		/// No longer taken: settlements need no signer. Fails with an explanation.
		#[arg(long, hide = true)]
		key_file: Option<PathBuf>,
	},
}

/// A usage voucher as the client writes it (one JSON line).
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct VoucherDoc {
	/// The chain's genesis hash.
	pub genesis: String,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The device.
	pub device: String,
	/// The consumer's account.
	pub consumer: String,
	/// Units served in the epoch, in all.
	pub cumulative_units: u64,
	/// Credits per unit (plancks, as a decimal string).
	pub unit_price: String,
	/// The device's signature.
	pub device_signature: String,
}

/// One voucher inside a batch file.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ItemDoc {
	/// The device.
	pub device: String,
	/// Units served in the epoch, in all.
	pub cumulative_units: u64,
	/// Credits per unit (plancks, as a decimal string).
	pub unit_price: String,
	/// The device's signature.
	pub device_signature: String,
}

/// A consumer's signed batch, as `usage cosign` writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct BatchDoc {
	/// The chain's genesis hash.
	pub genesis: String,
	/// The consumer's account.
	pub consumer: String,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The vouchers, one per device.
	pub items: Vec<ItemDoc>,
	/// The consumer's signature, `sr25519:0x…` or `ed25519:0x…`.
	pub consumer_signature: String,
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

fn parse_price(s: &str) -> Result<Balance> {
	s.parse().map_err(|_| anyhow!("bad unit price {s:?}: expected plancks as a decimal number"))
}

fn parse_genesis(s: &str) -> Result<H256> {
	Ok(H256(hex32(s).with_context(|| format!("bad genesis hash {s:?}"))?))
}

/// Fails if `what`'s genesis hash is not `expected`'s (the node's or `--genesis`).
fn same_chain(what: &str, theirs: &H256, ours: &H256, source: &str) -> Result<()> {
	ensure!(
		theirs == ours,
		"{what} is for another chain: its genesis hash {} differs from {source} {}",
		to_hex(theirs.as_bytes()),
		to_hex(ours.as_bytes())
	);
	Ok(())
}

/// A parsed voucher line.
struct Parsed {
	line: usize,
	genesis: H256,
	epoch: EpochIndex,
	consumer: AccountId32,
	voucher: Voucher,
}

impl Parsed {
	fn from_doc(doc: &VoucherDoc, line: usize) -> Result<Parsed> {
		let context = || format!("voucher {line}");
		let voucher = Voucher {
			device: parse_device(&doc.device).with_context(context)?,
			cumulative_units: doc.cumulative_units,
			unit_price: parse_price(&doc.unit_price).with_context(context)?,
			device_signature: hex64(&doc.device_signature).with_context(context)?,
		};
		Ok(Parsed {
			line,
			genesis: parse_genesis(&doc.genesis).with_context(context)?,
			epoch: doc.epoch,
			consumer: parse_account(&doc.consumer).with_context(context)?,
			voucher,
		})
	}

	fn terms(&self) -> VoucherTerms<'_> {
		VoucherTerms {
			genesis: &self.genesis,
			device: &self.voucher.device,
			consumer: &self.consumer,
			epoch: self.epoch,
			cumulative_units: self.voucher.cumulative_units,
			unit_price: self.voucher.unit_price,
		}
	}
}

pub async fn usage(ctx: &Ctx, command: UsageCommand) -> Result<()> {
	match command {
		UsageCommand::Sign {
			device_key,
			consumer,
			cumulative,
			epoch,
			unit_price,
			genesis,
			out,
		} => {
			let key = Key::load(&device_key)?;
			let consumer = parse_account(&consumer)?;
			ensure!(cumulative > 0, "--cumulative must be above 0");
			let unit_price = unit_price.as_deref().map(parse_dpin).transpose()?;
			let given = Given { epoch, unit_price, genesis };
			sign(ctx, &key, &consumer, cumulative, given, out.as_deref()).await
		}
		UsageCommand::Cosign { consumer_key, file, epoch, out, genesis } => {
			let key = Key::load(&consumer_key)?;
			cosign(ctx, &key, &file, epoch, genesis.as_deref(), out.as_deref()).await
		}
		UsageCommand::Submit { files, suri, key_file } => {
			ensure!(
				suri.is_none() && key_file.is_none(),
				"`usage submit` takes no signer any more: a settlement is a general transaction \
				 that the consumer's and devices' signatures authorize, with no account, nonce or \
				 fee; drop --suri/--key-file"
			);
			submit(ctx, &files).await
		}
	}
}

/// What `usage sign` was given; the rest is read from the node.
struct Given {
	epoch: Option<EpochIndex>,
	unit_price: Option<Balance>,
	genesis: Option<String>,
}

/// `depin usage sign`: the device signs a voucher and appends it to `out` (or prints it).
async fn sign(
	ctx: &Ctx,
	key: &Key,
	consumer: &AccountId32,
	cumulative: u64,
	given: Given,
	out: Option<&Path>,
) -> Result<()> {
	let device = key.device_key();
	let offline = given.epoch.is_some() && given.unit_price.is_some() && given.genesis.is_some();
	let chain = if offline {
		None
	} else {
		Some(
			ctx.connect()
				.await
				.context("to sign offline, give --epoch, --unit-price and --genesis (all three)")?,
		)
	};
	let genesis = match (&chain, &given.genesis) {
		(_, Some(g)) => parse_genesis(g)?,
		(Some(c), None) => c.genesis(),
		(None, None) => bail!("give --genesis to sign without a node"),
	};
	let epoch = match (given.epoch, &chain) {
		(Some(e), _) => e,
		(None, Some(c)) => c.current_epoch().await?,
		(None, None) => bail!("give --epoch to sign without a node"),
	};
	let unit_price = match &chain {
		Some(c) => {
			same_chain("--genesis", &genesis, &c.genesis(), "the node's")?;
			let (class, price) = usage_class(c, &device).await?;
			if let Some(p) = given.unit_price {
				ensure!(
					p == price,
					"--unit-price {} differs from class {class}'s price {}: the chain settles \
					 only vouchers at the class's price (Work.WrongPrice); leave --unit-price out",
					dpin_text(p),
					dpin_text(price)
				);
			}
			let settled = c.settled_units(epoch, consumer, &device).await?;
			ensure!(
				cumulative > settled,
				"already settled up to {settled} units for this consumer in epoch {epoch}: a \
				 voucher carries the units served in the epoch in all, so sign one above {settled}"
			);
			price
		}
		None => given.unit_price.ok_or_else(|| anyhow!("give --unit-price to sign offline"))?,
	};
	if let Some(path) = out.filter(|p| p.exists()) {
		let before = read_json_lines::<VoucherDoc>(path, "usage voucher")?
			.into_iter()
			.filter(|v| {
				v.epoch == epoch
					&& parse_device(&v.device).ok() == Some(device)
					&& parse_account(&v.consumer).ok().as_ref() == Some(consumer)
			})
			.map(|v| v.cumulative_units)
			.max();
		if let Some(before) = before {
			ensure!(
				cumulative > before,
				"{} already holds a voucher of {before} units of this device to this consumer \
				 in epoch {epoch}: units are cumulative (in all, not since the last voucher), \
				 so sign one above {before}",
				path.display()
			);
		}
	}
	let terms = VoucherTerms {
		genesis: &genesis,
		device: &device,
		consumer,
		epoch,
		cumulative_units: cumulative,
		unit_price,
	};
	let voucher = terms.sign(key);
	emit_line(
		&VoucherDoc {
			genesis: to_hex(genesis.as_bytes()),
			epoch,
			device: device_text(&device),
			consumer: account_text(consumer),
			cumulative_units: cumulative,
			unit_price: unit_price.to_string(),
			device_signature: to_hex(&voucher.device_signature),
		},
		out,
	)
}

/// The class of a registered, active usage device and its unit price, from the node.
async fn usage_class(chain: &Chain, device: &PublicKey) -> Result<(ClassId, Balance)> {
	let text = device_text(device);
	let info: Value = chain
		.call("depin_device", vec![text.clone().into()])
		.await
		.with_context(|| format!("device {text} (register it first)"))?;
	ensure!(
		info["status"] == "active",
		"device {text} is not active ({}): Work.DeviceNotActive",
		info["status"]
	);
	let class = info["class"].as_u64().ok_or_else(|| anyhow!("bad depin_device answer"))?;
	let params: Value = chain.call("depin_class", vec![class.into()]).await?;
	ensure!(
		params["proof"] == "usage",
		"device {text} is of class {class}, which proves work by {} and not by usage vouchers \
		 (Work.WrongProofKind)",
		params["proof"]
	);
	let price = params["unitPrice"]
		.as_str()
		.and_then(|p| p.parse().ok())
		.ok_or_else(|| anyhow!("bad depin_class answer"))?;
	Ok((class as ClassId, price))
}

/// The checks against the chain that `cosign` and `submit` share, with what they read.
struct ChainView<'a> {
	chain: &'a Chain,
	prices: BTreeMap<PublicKey, (ClassId, Balance)>,
}

impl<'a> ChainView<'a> {
	fn new(chain: &'a Chain) -> Self {
		ChainView { chain, prices: BTreeMap::new() }
	}

	/// Fails unless `voucher` is of a registered, active usage device at its class's price.
	async fn check_price(&mut self, voucher: &Voucher, which: &str) -> Result<()> {
		let (class, price) = match self.prices.get(&voucher.device) {
			Some(known) => *known,
			None => {
				let known = usage_class(self.chain, &voucher.device)
					.await
					.with_context(|| which.to_string())?;
				self.prices.insert(voucher.device, known);
				known
			}
		};
		ensure!(
			voucher.unit_price == price,
			"{which}: its unit price {} differs from class {class}'s price {}: the chain settles \
			 only vouchers at the class's price (Work.WrongPrice); the device must sign again at \
			 the class's price",
			dpin_text(voucher.unit_price),
			dpin_text(price)
		);
		Ok(())
	}

	/// The units the chain settled of `voucher`'s device to `consumer` in `epoch`.
	async fn settled(
		&self,
		epoch: EpochIndex,
		consumer: &AccountId32,
		voucher: &Voucher,
	) -> Result<u64> {
		self.chain.settled_units(epoch, consumer, &voucher.device).await
	}
}

/// The chain's `Work.MaxVouchers`.
async fn max_vouchers(chain: &Chain) -> Result<usize> {
	Ok(chain.constant::<u32>("Work", "MaxVouchers").await? as usize)
}

/// `depin usage cosign`: the consumer signs a batch of its vouchers of one epoch.
async fn cosign(
	ctx: &Ctx,
	key: &Key,
	file: &Path,
	epoch: Option<EpochIndex>,
	genesis: Option<&str>,
	out: Option<&Path>,
) -> Result<()> {
	let docs: Vec<VoucherDoc> = read_json_lines(file, "usage voucher")?;
	ensure!(!docs.is_empty(), "{} holds no vouchers", file.display());
	let parsed = docs
		.iter()
		.enumerate()
		.map(|(i, d)| Parsed::from_doc(d, i + 1))
		.collect::<Result<Vec<_>>>()?;
	let chain = match genesis {
		Some(_) => None,
		None => Some(ctx.connect().await.context("pass --genesis <hash> to sign offline")?),
	};
	let (genesis, source) = match (&chain, genesis) {
		(_, Some(g)) => (parse_genesis(g)?, "--genesis"),
		(Some(c), None) => (c.genesis(), "the node's"),
		(None, None) => bail!("give --genesis to sign without a node"),
	};
	let epochs: Vec<EpochIndex> = parsed
		.iter()
		.map(|p| p.epoch)
		.collect::<std::collections::BTreeSet<_>>()
		.into_iter()
		.collect();
	let epoch = match (epoch, epochs.as_slice()) {
		(Some(e), _) => e,
		(None, [only]) => *only,
		(None, many) => bail!(
			"{} holds vouchers of epochs {}: a batch settles one epoch, pick it with --epoch",
			file.display(),
			many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
		),
	};
	let account = key.account();
	let mut latest: BTreeMap<PublicKey, &Parsed> = BTreeMap::new();
	let mut of_epoch = 0;
	for p in parsed.iter().filter(|p| p.epoch == epoch) {
		of_epoch += 1;
		ensure!(
			p.consumer == account,
			"voucher {} is addressed to consumer {}, not to {} (the --consumer-key's account): a \
			 batch settles one consumer's vouchers",
			p.line,
			account_text(&p.consumer),
			account_text(&account)
		);
		same_chain(&format!("voucher {}", p.line), &p.genesis, &genesis, source)?;
		let keep = latest
			.get(&p.voucher.device)
			.is_none_or(|kept| p.voucher.cumulative_units > kept.voucher.cumulative_units);
		if keep {
			latest.insert(p.voucher.device, p);
		}
	}
	ensure!(of_epoch > 0, "{} holds no vouchers of epoch {epoch}", file.display());
	let superseded = of_epoch - latest.len();
	let max = match &chain {
		Some(c) => max_vouchers(c).await?,
		None => proofs::max_vouchers() as usize,
	};
	ensure!(
		latest.len() <= max,
		"{} vouchers of {} devices in epoch {epoch}, but a batch holds at most {max} (the \
		 chain's Work.MaxVouchers): split the file, e.g. `split -l {max} {} part-`, and cosign \
		 each part",
		of_epoch,
		latest.len(),
		file.display()
	);
	for p in latest.values() {
		ensure!(
			p.terms().verifies(&p.voucher.device_signature),
			"voucher {}: the device's signature does not verify (wrong device key, or an altered \
			 voucher); not signing",
			p.line
		);
	}
	let mut items: Vec<Voucher> = Vec::new();
	let mut left_out = Vec::new();
	if let Some(chain) = &chain {
		chain.epoch_clock().await?.check(epoch)?;
		let mut view = ChainView::new(chain);
		let bar = output::progress(ctx, latest.len() as u64, "checking vouchers");
		for p in latest.values() {
			view.check_price(&p.voucher, &format!("voucher {}", p.line)).await?;
			let settled = view.settled(epoch, &account, &p.voucher).await?;
			if p.voucher.cumulative_units <= settled {
				left_out.push(format!(
					"voucher {} of {} ({} units): already settled up to {settled}",
					p.line,
					device_text(&p.voucher.device),
					p.voucher.cumulative_units
				));
			} else {
				items.push(p.voucher.clone());
			}
			bar.inc(1);
		}
		bar.finish_and_clear();
	} else {
		items = latest.values().map(|p| p.voucher.clone()).collect();
	}
	if items.is_empty() {
		bail!(
			"nothing to settle (Work.NothingToSettle): {}; nothing was signed",
			left_out.join("; ")
		);
	}
	for l in &left_out {
		note(format!("left out {l}"));
	}
	let units: u64 = items.iter().map(|v| v.cumulative_units).sum();
	let n = items.len();
	let batch = Batch::sign(key, &genesis, epoch, items)?;
	write_batch(&batch, &genesis, out)?;
	note(format!(
		"signed a batch of {n} vouchers of epoch {epoch} ({units} units in all) as {}{}{}",
		account_text(&account),
		if superseded > 0 {
			format!("; {superseded} older vouchers superseded")
		} else {
			String::new()
		},
		match out {
			Some(path) => format!("; submit it with: depin usage submit --file {}", path.display()),
			None => String::new(),
		}
	));
	Ok(())
}

/// Writes a signed batch as JSON to `out` (replacing it) or stdout.
fn write_batch(batch: &Batch, genesis: &H256, out: Option<&Path>) -> Result<()> {
	let doc = BatchDoc {
		genesis: to_hex(genesis.as_bytes()),
		consumer: account_text(&batch.consumer),
		epoch: batch.epoch,
		items: batch
			.items
			.iter()
			.map(|v| ItemDoc {
				device: device_text(&v.device),
				cumulative_units: v.cumulative_units,
				unit_price: v.unit_price.to_string(),
				device_signature: to_hex(&v.device_signature),
			})
			.collect(),
		consumer_signature: multisig_text(&batch.consumer_signature),
	};
	let text = serde_json::to_string_pretty(&doc)?;
	match out {
		Some(path) => std::fs::write(path, format!("{text}\n"))
			.with_context(|| format!("cannot write {}", path.display())),
		None => {
			println!("{text}");
			Ok(())
		}
	}
}

/// Reads a signed batch file.
fn read_batch(path: &Path) -> Result<(H256, Batch)> {
	let doc: BatchDoc = read_json(path, "signed batch (from `depin usage cosign`)")?;
	let items = doc
		.items
		.iter()
		.enumerate()
		.map(|(i, d)| {
			let context = || format!("{} voucher {}", path.display(), i + 1);
			Ok(Voucher {
				device: parse_device(&d.device).with_context(context)?,
				cumulative_units: d.cumulative_units,
				unit_price: parse_price(&d.unit_price).with_context(context)?,
				device_signature: hex64(&d.device_signature).with_context(context)?,
			})
		})
		.collect::<Result<Vec<_>>>()?;
	let batch = Batch {
		consumer: parse_account(&doc.consumer)?,
		epoch: doc.epoch,
		items,
		consumer_signature: parse_multisig(&doc.consumer_signature)?,
	};
	Ok((parse_genesis(&doc.genesis)?, batch))
}

/// What `submit` found out about a batch before sending it.
enum Checked {
	/// Ready to send; `stale` of its vouchers will be skipped.
	Ready { stale: usize },
	/// Every voucher is already settled: why, in words.
	Settled(String),
}

/// The checks before submitting a batch: everything the node checks that is cheap to read.
async fn check_batch(
	chain: &Chain,
	view: &mut ChainView<'_>,
	genesis: &H256,
	batch: &Batch,
	max: usize,
) -> Result<Checked> {
	same_chain("the batch", genesis, &chain.genesis(), "the node's")?;
	ensure!(!batch.items.is_empty(), "the batch is empty (Work.EmptyBatch)");
	ensure!(
		batch.items.len() <= max,
		"the batch holds {} vouchers, at most {max} fit (the chain's Work.MaxVouchers): cosign \
		 smaller batches",
		batch.items.len()
	);
	ensure!(
		batch.verifies(genesis),
		"the consumer's signature does not cover this batch (an altered file, or a signature \
		 over other vouchers): the consumer must cosign it again (Work.BadConsumerSignature)"
	);
	let mut seen: BTreeMap<PublicKey, usize> = BTreeMap::new();
	for (i, v) in batch.items.iter().enumerate() {
		if let Some(first) = seen.insert(v.device, i) {
			bail!(
				"vouchers {} and {} are both of device {}: a batch holds one voucher per device \
				 (Work.DuplicateDevice); cosign again",
				first + 1,
				i + 1,
				device_text(&v.device)
			);
		}
		let terms = VoucherTerms {
			genesis,
			device: &v.device,
			consumer: &batch.consumer,
			epoch: batch.epoch,
			cumulative_units: v.cumulative_units,
			unit_price: v.unit_price,
		};
		ensure!(
			terms.verifies(&v.device_signature),
			"voucher {}: the device's signature does not verify (Work.BadDeviceSignature)",
			i + 1
		);
	}
	chain.epoch_clock().await?.check(batch.epoch)?;
	let mut stale = Vec::new();
	for (i, v) in batch.items.iter().enumerate() {
		view.check_price(v, &format!("voucher {}", i + 1)).await?;
		let settled = view.settled(batch.epoch, &batch.consumer, v).await?;
		if v.cumulative_units <= settled {
			stale.push(format!(
				"{} ({} units) is already settled up to {settled}",
				device_text(&v.device),
				v.cumulative_units
			));
		}
	}
	if stale.len() == batch.items.len() {
		return Ok(Checked::Settled(stale.join("; ")));
	}
	for s in &stale {
		note(format!("will be skipped: {s}"));
	}
	Ok(Checked::Ready { stale: stale.len() })
}

/// `depin usage submit`: each batch as a general transaction, in order.
async fn submit(ctx: &Ctx, files: &[PathBuf]) -> Result<()> {
	let batches =
		files.iter().map(|f| read_batch(f).map(|b| (f, b))).collect::<Result<Vec<_>>>()?;
	let chain = ctx.connect().await?;
	let max = max_vouchers(&chain).await?;
	let mut view = ChainView::new(&chain);
	let bar = output::progress(ctx, files.len() as u64, "settling batches");
	let (mut results, mut already) = (Vec::new(), Vec::new());
	for (i, (file, (genesis, batch))) in batches.into_iter().enumerate() {
		let name = file.display().to_string();
		let failed = || {
			format!(
				"{name} (batch {} of {}) was not settled{}",
				i + 1,
				files.len(),
				if i > 0 { "; the batches before it were: rerun to resume" } else { "" }
			)
		};
		match check_batch(&chain, &mut view, &genesis, &batch, max).await.with_context(failed)? {
			Checked::Settled(why) if files.len() == 1 => bail!(
				"nothing to settle in {name}: {why} (Work.NothingToSettle): this batch, or later \
				 vouchers of its devices, was settled before; nothing was sent"
			),
			Checked::Settled(why) => {
				bar.suspend(|| note(format!("skipping {name}: already settled ({why})")));
				already.push(name);
			}
			Checked::Ready { stale } => {
				let n = batch.items.len();
				let inc = chain
					.submit_general(batch.call()?, "the settlement")
					.await
					.with_context(failed)?;
				if !ctx.json {
					bar.suspend(|| {
						output::included(
							ctx,
							&format!("settled {name} ({n} vouchers, {stale} already settled)"),
							&inc,
						);
						if let Some(line) = settled_line(&inc) {
							println!("{line}");
						}
					});
				}
				results.push(settlement_json(&name, &inc));
			}
		}
		bar.inc(1);
	}
	bar.finish_and_clear();
	if ctx.json {
		println!("{}", json!({ "batches": results, "alreadySettled": already }));
	}
	Ok(())
}

/// The `Work.UsageSettled` and `Work.VoucherSkipped` events of a settlement: what settled, and
/// the devices whose vouchers were skipped.
fn settlement(inc: &Included) -> (Option<Value>, Vec<String>) {
	let mut settled = None;
	let mut skipped = Vec::new();
	for event in &inc.events {
		match event {
			RuntimeEvent::Work(pallet_work::Event::UsageSettled {
				consumer,
				epoch,
				vouchers,
				units,
				credits,
				charge,
			}) => {
				settled = Some(json!({
					"consumer": account_text(consumer),
					"epoch": epoch,
					"vouchers": vouchers,
					"units": units,
					"credits": credits.to_string(),
					"charge": charge.to_string(),
				}))
			}
			RuntimeEvent::Work(pallet_work::Event::VoucherSkipped { device, .. }) => {
				skipped.push(device_text(device))
			}
			_ => {}
		}
	}
	(settled, skipped)
}

/// One settlement as JSON: the transaction, what settled and the vouchers skipped.
fn settlement_json(file: &str, inc: &Included) -> Value {
	let (settled, skipped) = settlement(inc);
	let mut v = inc.to_json();
	v["file"] = file.into();
	v["settled"] = settled.unwrap_or(Value::Null);
	v["skipped"] = skipped.into();
	v
}

/// What a settlement settled, in words.
fn settled_line(inc: &Included) -> Option<String> {
	let (settled, skipped) = settlement(inc);
	let s = settled?;
	let amount = |k: &str| s[k].as_str().and_then(|v| v.parse().ok()).map(dpin_text);
	Some(format!(
		"  settled {} vouchers, {} units, for {} of credits and a settlement charge of {}{}",
		s["vouchers"],
		s["units"],
		amount("credits").unwrap_or_default(),
		amount("charge").unwrap_or_default(),
		if skipped.is_empty() {
			String::new()
		} else {
			format!("; skipped (already settled): {}", skipped.join(", "))
		}
	))
}
