//! `depin rewards …`: device owners' pending rewards and claims.

use anyhow::{anyhow, ensure, Result};
use clap::Subcommand;
use depin_primitives::PublicKey;
use depin_runtime::RuntimeCall;
use serde_json::{json, Value};

use crate::{
	chain::Chain,
	keys::Key,
	output::{self, note},
	text::{account_text, device_text, dpin_text, parse_account, parse_device},
	Ctx, SignerArgs,
};

#[derive(Subcommand)]
pub enum RewardsCommand {
	/// A device's rewards per epoch with work: its earner (the owner when the work was
	/// done), units, shares, reward, final, claimed. A retired device's rewards still show.
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
	/// Claim every final, unclaimed reward of a device that the signer earned (as the device's
	/// owner when the work was done, even if it sold or retired the device since), in batches.
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

/// A device's pending rewards in `from..=to` (in windows the RPC accepts). The RPC answers a
/// device no longer registered only for windows in which it has work: the others count as
/// empty, and only if every window is refused is the device unknown.
async fn pending(chain: &Chain, device: &PublicKey, from: u32, to: u32) -> Result<Vec<Value>> {
	let mut epochs = Vec::new();
	let mut unknown = None;
	let mut answered = false;
	let mut start = from;
	loop {
		let end = to.min(start.saturating_add(999));
		let answer: Result<Value> = chain
			.call(
				"depin_pendingRewards",
				vec![device_text(device).into(), start.into(), end.into()],
			)
			.await;
		match answer {
			Ok(answer) => {
				answered = true;
				epochs.extend(answer["epochs"].as_array().cloned().unwrap_or_default());
			}
			Err(e) if e.to_string().contains("unknown device") => unknown = Some(e),
			Err(e) => return Err(e),
		}
		if end >= to {
			break;
		}
		start = end + 1;
	}
	match unknown {
		Some(e) if !answered => Err(e),
		_ => Ok(epochs),
	}
}

pub async fn rewards(ctx: &Ctx, command: RewardsCommand) -> Result<()> {
	match command {
		RewardsCommand::Pending { device, from, to } => {
			let device = parse_device(&device)?;
			let chain = ctx.connect().await?;
			let to = match to {
				Some(to) => to,
				None => chain.current_epoch().await?,
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
			claim(ctx, &key, device, batch).await
		}
	}
}

/// `depin rewards claim`: every final, unclaimed reward of `device` that `key` earned, in
/// batches.
async fn claim(ctx: &Ctx, key: &Key, device: PublicKey, batch: usize) -> Result<()> {
	let chain = ctx.connect().await?;
	let me = key.account();
	let max_batch =
		chain.constant::<u32>("Emissions", "MaxClaimEpochs").await.map_or(64, |m| m as usize);
	let batch = batch.min(max_batch);
	let current = chain.current_epoch().await?;
	// Unclaimed rewards expire after the claim expiry (2,160 epochs by default); look
	// back a little further.
	let epochs = pending(&chain, &device, current.saturating_sub(2_999), current).await?;
	let earned_by_me =
		|e: &&Value| e["earner"].as_str().and_then(|a| parse_account(a).ok()) == Some(me.clone());
	let mine: Vec<&Value> = epochs.iter().filter(earned_by_me).collect();
	let claimable: Vec<u32> = mine
		.iter()
		.filter(|e| e["final"] == true && e["claimed"] == false && e["reward"] != "0")
		.filter_map(|e| e["epoch"].as_u64().map(|e| e as u32))
		.collect();
	if claimable.is_empty() {
		let waiting = mine.iter().filter(|e| e["final"] == false && e["voided"] == false).count();
		note(format!(
			"nothing to claim for {} by {}: {} epochs with work, {} of them earned by this \
			 account (rewards go to the device's owner at the time of the work), {waiting} of \
			 those not final yet (rewards become final once the dispute window has passed)",
			device_text(&device),
			account_text(&me),
			epochs.len(),
			mine.len()
		));
		if ctx.json {
			println!("{}", json!({ "claimed": "0", "epochs": 0, "transactions": [] }));
		}
		return Ok(());
	}
	let (total, results) = submit_claims(ctx, &chain, key, device, &claimable, batch).await?;
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

/// Submits one claim per `batch` epochs; returns the amount claimed and the transactions.
async fn submit_claims(
	ctx: &Ctx,
	chain: &Chain,
	key: &Key,
	device: PublicKey,
	claimable: &[u32],
	batch: usize,
) -> Result<(u128, Vec<Value>)> {
	let chunks: Vec<&[u32]> = claimable.chunks(batch).collect();
	let bar = output::progress(ctx, chunks.len() as u64, "claiming");
	let mut total: u128 = 0;
	let mut results = Vec::new();
	for chunk in chunks {
		let call = RuntimeCall::Emissions(pallet_emissions::Call::claim {
			device,
			epochs: chunk.to_vec().try_into().map_err(|_| anyhow!("batch too large"))?,
		});
		let inc = chain.submit(key, call).await?;
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
	Ok((total, results))
}
