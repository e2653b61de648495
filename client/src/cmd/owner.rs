//! Device owners: `depin device …` and `depin rewards …`.

use std::path::PathBuf;

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::{Args, Subcommand};
use depin_runtime::RuntimeCall;
use pallet_devices::{PublicKey, RawSignature};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{
	chain::Chain,
	cmd::{emit_line, genesis_for, keys::AttestationDoc, read_json},
	keys::{verify, Key},
	output::{self, note},
	text::{
		account_text, cell_from_lat_lon, device_text, dpin_text, h3_text, hex32, hex64,
		parse_account, parse_device, parse_h3, to_hex,
	},
	Ctx, SignerArgs,
};

/// Where a device is: an H3 cell, or a latitude and longitude turned into a cell.
#[derive(Args, Clone)]
pub struct LocationArgs {
	/// The device's H3 cell (hex index, e.g. 8a2a1072b59ffff).
	#[arg(long, conflicts_with_all = ["lat", "lon"])]
	pub h3: Option<String>,
	/// Latitude in degrees (with --lon; turned into the H3 cell at --resolution).
	#[arg(long, requires = "lon", allow_hyphen_values = true)]
	pub lat: Option<f64>,
	/// Longitude in degrees (with --lat).
	#[arg(long, requires = "lat", allow_hyphen_values = true)]
	pub lon: Option<f64>,
	/// H3 resolution for --lat/--lon: 5 (coarse, ~250 km²) to 12 (fine, ~300 m²).
	#[arg(long, default_value_t = 10)]
	pub resolution: u8,
}

impl LocationArgs {
	/// The cell given, if any.
	pub fn cell(&self) -> Result<Option<u64>> {
		match (&self.h3, self.lat, self.lon) {
			(Some(h3), _, _) => parse_h3(h3).map(Some),
			(None, Some(lat), Some(lon)) => cell_from_lat_lon(lat, lon, self.resolution).map(Some),
			_ => Ok(None),
		}
	}
}

#[derive(Subcommand)]
pub enum DeviceCommand {
	/// The device signs its consent to be owned by an account (offline with --genesis).
	///
	/// Example: depin device consent --device-key device1.json --owner 5Grw… > consent.json
	Consent {
		/// The device's key: a key file or a secret URI.
		#[arg(long)]
		device_key: String,
		/// The future owner's account (SS58).
		#[arg(long)]
		owner: String,
		/// The chain's genesis hash, to sign without a node; by default read from --url.
		#[arg(long)]
		genesis: Option<String>,
		/// Write the consent to this file instead of stdout.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Register a device: the maker's attestation, the device's consent and its bond.
	///
	/// Example: depin device register --suri //Alice --attestation attestation.json
	///   --device-key device1.json --lat 52.52 --lon 13.40
	Register {
		#[command(flatten)]
		signer: SignerArgs,
		/// The maker's attestation (from `depin maker attest`).
		#[arg(long)]
		attestation: PathBuf,
		/// The device's key, to sign its consent here.
		#[arg(long, conflicts_with = "consent", required_unless_present = "consent")]
		device_key: Option<String>,
		/// The device's consent collected offline (from `depin device consent`).
		#[arg(long)]
		consent: Option<PathBuf>,
		#[command(flatten)]
		location: LocationArgs,
		/// Metadata to store with the device (a content hash or URI).
		#[arg(long, default_value = "")]
		metadata: String,
	},
	/// Move a device to another H3 cell (subject to the location cooldown).
	///
	/// Example: depin device set-location --suri //Alice --device sr25519:0x… --h3 8a2a1072b59ffff
	SetLocation {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
		#[command(flatten)]
		location: LocationArgs,
	},
	/// Offer a device to a new owner, who must accept it.
	///
	/// Example: depin device transfer --suri //Alice --device sr25519:0x… --to 5FHn…
	Transfer {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
		/// The new owner's account.
		#[arg(long)]
		to: String,
	},
	/// Accept a device offered to you (you put up its bond).
	///
	/// Example: depin device accept --suri //Bob --device sr25519:0x…
	Accept {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// Retire a device: it stops earning and its bond unlocks after the unbonding period.
	///
	/// Example: depin device retire --suri //Alice --device sr25519:0x…
	Retire {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// Withdraw the bond of a retired device once unbonded (removes the device).
	///
	/// Example: depin device withdraw-bond --suri //Alice --device sr25519:0x…
	WithdrawBond {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// List an owner's devices (all pages), with their details.
	///
	/// Example: depin device list --owner 5Grw…
	List {
		/// The owner's account.
		#[arg(long)]
		owner: String,
	},
}

#[derive(Subcommand)]
pub enum RewardsCommand {
	/// A device's rewards per epoch with work: units, reward, final, claimed.
	///
	/// Example: depin rewards pending --device sr25519:0x…
	Pending {
		/// The device.
		#[arg(long)]
		device: String,
		/// First epoch (default: 999 epochs before --to).
		#[arg(long)]
		from: Option<u32>,
		/// Last epoch (default: the current one).
		#[arg(long)]
		to: Option<u32>,
	},
	/// Claim every final, unclaimed reward of a device, in batches.
	///
	/// Example: depin rewards claim --suri //Alice --device sr25519:0x…
	Claim {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
		/// Epochs per claim transaction (at most the chain's MaxClaimEpochs, 64).
		#[arg(long, default_value_t = 64)]
		batch: usize,
	},
}

/// A device's consent to its owner, as `depin device consent` writes it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentDoc {
	/// The device key.
	pub device: String,
	/// The owner's account.
	pub owner: String,
	/// The genesis hash signed over.
	pub genesis: String,
	/// The device's signature.
	pub signature: String,
}

fn call_devices(call: pallet_devices::Call<depin_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Devices(call)
}

pub async fn device(ctx: &Ctx, command: DeviceCommand) -> Result<()> {
	match command {
		DeviceCommand::Consent { device_key, owner, genesis, out } => {
			let key = Key::load(&device_key)?;
			let owner = parse_account(&owner)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			let payload = pallet_devices::payload::device_consent(&genesis, &owner);
			emit_line(
				&ConsentDoc {
					device: device_text(&key.device_key()),
					owner: account_text(&owner),
					genesis: to_hex(genesis.as_bytes()),
					signature: to_hex(&key.sign(&payload)),
				},
				out.as_deref(),
			)
		}
		DeviceCommand::Register {
			signer,
			attestation,
			device_key,
			consent,
			location,
			metadata,
		} => {
			let owner = signer.key()?;
			let att: AttestationDoc = read_json(&attestation, "attestation (depin maker attest)")?;
			let device = parse_device(&att.device)?;
			let maker_signature = hex64(&att.signature).context("attestation signature")?;
			let cell = location.cell()?;
			let chain = ctx.connect().await?;
			let genesis = chain.genesis();
			ensure!(
				hex32(&att.genesis)? == genesis.0,
				"the attestation was signed for another chain (genesis {}); this node's genesis is \
				 {genesis:?}",
				att.genesis
			);
			// Check the maker's signature now: a bad one would only cost a fee on chain.
			let maker: Value = chain.call("depin_maker", vec![att.maker.into()]).await?;
			if let Some(key) = maker["attestationKey"].as_str().and_then(|k| parse_device(k).ok()) {
				let payload =
					pallet_devices::payload::maker_attestation(&genesis, &device, att.class);
				ensure!(
					verify(&key, &payload, &maker_signature),
					"the attestation's signature is not maker {}'s for device {} of class {} on this \
					 chain: wrong maker key, maker id, class or device",
					att.maker,
					att.device,
					att.class
				);
			}
			let device_signature: RawSignature = match (device_key, consent) {
				(Some(spec), _) => {
					let key = Key::load(&spec)?;
					ensure!(
						key.device_key() == device,
						"--device-key is {}, but the attestation is for device {}",
						device_text(&key.device_key()),
						att.device
					);
					key.sign(&pallet_devices::payload::device_consent(&genesis, &owner.account()))
				}
				(None, Some(path)) => {
					let c: ConsentDoc = read_json(&path, "consent (depin device consent)")?;
					ensure!(
						parse_device(&c.device)? == device,
						"the consent is from device {}, but the attestation is for device {}",
						c.device,
						att.device
					);
					ensure!(
						parse_account(&c.owner)? == owner.account(),
						"the device consented to owner {}, but you sign as {}",
						c.owner,
						account_text(&owner.account())
					);
					let sig = hex64(&c.signature).context("consent signature")?;
					let payload =
						pallet_devices::payload::device_consent(&genesis, &owner.account());
					ensure!(
						verify(&device, &payload, &sig),
						"the consent's signature is not the device's for this owner on this chain"
					);
					sig
				}
				(None, None) => bail!("give the device's consent with --device-key or --consent"),
			};
			let call = call_devices(pallet_devices::Call::register_device {
				device,
				class: att.class,
				maker: att.maker,
				maker_signature,
				device_signature,
				location: cell,
				metadata: metadata.into_bytes(),
			});
			let inc = chain.submit(&owner, call).await?;
			output::included(ctx, &format!("registered {}", device_text(&device)), &inc);
			Ok(())
		}
		DeviceCommand::SetLocation { signer, device, location } => {
			let key = signer.key()?;
			let device = parse_device(&device)?;
			let cell = location.cell()?.ok_or_else(|| anyhow!("give --h3, or --lat and --lon"))?;
			let chain = ctx.connect().await?;
			let call = call_devices(pallet_devices::Call::set_location { device, location: cell });
			let inc = chain.submit(&key, call).await?;
			output::included(ctx, &format!("moved to {}", h3_text(cell)), &inc);
			Ok(())
		}
		DeviceCommand::Transfer { signer, device, to } => {
			let key = signer.key()?;
			let device = parse_device(&device)?;
			let new_owner = parse_account(&to)?;
			let chain = ctx.connect().await?;
			let call = call_devices(pallet_devices::Call::transfer_device { device, new_owner });
			let inc = chain.submit(&key, call).await?;
			output::included(ctx, "transfer offered", &inc);
			Ok(())
		}
		DeviceCommand::Accept { signer, device } => {
			simple(
				ctx,
				signer,
				"transfer accepted",
				|device| pallet_devices::Call::accept_transfer { device },
				&device,
			)
			.await
		}
		DeviceCommand::Retire { signer, device } => {
			simple(
				ctx,
				signer,
				"retiring",
				|device| pallet_devices::Call::retire_device { device },
				&device,
			)
			.await
		}
		DeviceCommand::WithdrawBond { signer, device } => {
			simple(
				ctx,
				signer,
				"bond withdrawn",
				|device| pallet_devices::Call::withdraw_bond { device },
				&device,
			)
			.await
		}
		DeviceCommand::List { owner } => {
			let owner = parse_account(&owner)?;
			let chain = ctx.connect().await?;
			let mut devices = Vec::new();
			let mut start_after = Value::Null;
			loop {
				let page: Value = chain
					.call(
						"depin_devicesOf",
						vec![account_text(&owner).into(), start_after.clone(), 1_000.into()],
					)
					.await?;
				for d in page["devices"].as_array().into_iter().flatten() {
					let info: Value = chain.call("depin_device", vec![d.clone()]).await?;
					devices.push(json!({ "device": d, "info": info }));
				}
				start_after = page["next"].clone();
				if start_after.is_null() {
					break;
				}
			}
			output::value(ctx, &json!({ "owner": account_text(&owner), "devices": devices }));
			Ok(())
		}
	}
}

async fn simple(
	ctx: &Ctx,
	signer: SignerArgs,
	what: &str,
	make: impl FnOnce(PublicKey) -> pallet_devices::Call<depin_runtime::Runtime>,
	device: &str,
) -> Result<()> {
	let key = signer.key()?;
	let device = parse_device(device)?;
	let chain = ctx.connect().await?;
	let inc = chain.submit(&key, call_devices(make(device))).await?;
	output::included(ctx, what, &inc);
	Ok(())
}

/// The current epoch's index.
pub async fn current_epoch(chain: &Chain) -> Result<u32> {
	let epoch: Value = chain.call("depin_epoch", vec![]).await?;
	epoch["index"].as_u64().map(|e| e as u32).ok_or_else(|| anyhow!("bad depin_epoch answer"))
}

/// A device's pending rewards in `from..=to` (in windows the RPC accepts).
async fn pending(chain: &Chain, device: &PublicKey, from: u32, to: u32) -> Result<Vec<Value>> {
	let mut epochs = Vec::new();
	let mut start = from;
	loop {
		let end = to.min(start.saturating_add(999));
		let answer: Value = chain
			.call(
				"depin_pendingRewards",
				vec![device_text(device).into(), start.into(), end.into()],
			)
			.await?;
		epochs.extend(answer["epochs"].as_array().cloned().unwrap_or_default());
		if end >= to {
			break;
		}
		start = end + 1;
	}
	Ok(epochs)
}

/// The device's registration, or a clear error if it is unknown.
async fn known_device(chain: &Chain, device: &PublicKey) -> Result<Value> {
	chain
		.call("depin_device", vec![device_text(device).into()])
		.await
		.with_context(|| format!("device {}", device_text(device)))
}

pub async fn rewards(ctx: &Ctx, command: RewardsCommand) -> Result<()> {
	match command {
		RewardsCommand::Pending { device, from, to } => {
			let device = parse_device(&device)?;
			let chain = ctx.connect().await?;
			known_device(&chain, &device).await?;
			let to = match to {
				Some(to) => to,
				None => current_epoch(&chain).await?,
			};
			let from = from.unwrap_or(to.saturating_sub(999));
			ensure!(from <= to, "--from {from} is after --to {to}");
			let epochs = pending(&chain, &device, from, to).await?;
			let claimable: u128 = epochs
				.iter()
				.filter(|e| e["final"] == true && e["claimed"] == false)
				.filter_map(|e| e["reward"].as_str().and_then(|r| r.parse::<u128>().ok()))
				.sum();
			output::value(
				ctx,
				&json!({
					"device": device_text(&device),
					"claimable": claimable.to_string(),
					"epochs": epochs,
				}),
			);
			Ok(())
		}
		RewardsCommand::Claim { signer, device, batch } => {
			let key = signer.key()?;
			let device = parse_device(&device)?;
			ensure!(batch >= 1, "--batch must be at least 1");
			let chain = ctx.connect().await?;
			let info = known_device(&chain, &device).await?;
			let owner = info["owner"].as_str().unwrap_or_default().to_string();
			ensure!(
				parse_account(&owner).ok() == Some(key.account()),
				"device {} belongs to {owner}, not to {}",
				device_text(&device),
				account_text(&key.account())
			);
			let max_batch = max_claim_epochs(&chain).await.unwrap_or(64);
			let batch = batch.min(max_batch);
			let current = current_epoch(&chain).await?;
			// Unclaimed rewards expire after the claim expiry (2,160 epochs by default); look
			// back a little further.
			let epochs = pending(&chain, &device, current.saturating_sub(2_999), current).await?;
			let claimable: Vec<u32> = epochs
				.iter()
				.filter(|e| e["final"] == true && e["claimed"] == false && e["reward"] != "0")
				.filter_map(|e| e["epoch"].as_u64().map(|e| e as u32))
				.collect();
			if claimable.is_empty() {
				let waiting =
					epochs.iter().filter(|e| e["final"] == false && e["voided"] == false).count();
				note(format!(
					"nothing to claim for {}: {} epochs with work, {waiting} not final yet (rewards \
					 become final once the dispute window has passed)",
					device_text(&device),
					epochs.len()
				));
				if ctx.json {
					println!("{}", json!({ "claimed": "0", "epochs": 0, "transactions": [] }));
				}
				return Ok(());
			}
			let chunks: Vec<&[u32]> = claimable.chunks(batch).collect();
			let bar = output::progress(ctx, chunks.len() as u64, "claiming");
			let mut total: u128 = 0;
			let mut results = Vec::new();
			for chunk in chunks {
				let call = RuntimeCall::Emissions(pallet_emissions::Call::claim {
					device,
					epochs: chunk.to_vec().try_into().map_err(|_| anyhow!("batch too large"))?,
				});
				let inc = chain.submit(&key, call).await?;
				for event in &inc.events {
					if let depin_runtime::RuntimeEvent::Emissions(
						pallet_emissions::Event::RewardsClaimed { amount, .. },
					) = event
					{
						total = total.saturating_add(*amount);
					}
				}
				results.push(inc.to_json());
				bar.inc(1);
			}
			bar.finish_and_clear();
			if ctx.json {
				println!(
					"{}",
					json!({ "claimed": total.to_string(), "epochs": claimable.len(), "transactions": results })
				);
			} else {
				println!(
					"claimed {} for {} over {} epochs in {} transactions",
					dpin_text(total),
					device_text(&device),
					claimable.len(),
					results.len()
				);
			}
			Ok(())
		}
	}
}

/// The chain's `Emissions.MaxClaimEpochs` constant.
async fn max_claim_epochs(chain: &Chain) -> Result<usize> {
	let at = chain.api.at_current_block().await?;
	let addr = subxt::dynamic::constant::<u32>("Emissions", "MaxClaimEpochs");
	Ok(at.constants().entry(addr)? as usize)
}
