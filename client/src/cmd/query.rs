//! Queries through the node's `depin_*` RPC: `depin query …`.

use anyhow::Result;
use clap::Subcommand;
use serde_json::Value;

use crate::{
	output,
	text::{device_text, parse_device},
	Ctx,
};

#[derive(Subcommand)]
pub enum QueryCommand {
	/// A device: owner, class, maker, bond, status, location, metadata, registration block,
	/// occupancy scale (what each of its units is worth where devices crowd) and witness
	/// reciprocity (whether it beaconed and witnessed within the window).
	///
	/// Example: depin query device sr25519:0x…
	Device {
		/// The device key (sr25519:0x…, ed25519:0x… or 0x<66 hex>).
		device: String,
	},
	/// A device class's parameters.
	///
	/// Example: depin query class 0
	Class {
		/// The class id.
		class: u32,
	},
	/// A manufacturer: certificate key, quota, devices onboarded, maker bond, slashes, faults
	/// in the current window and whether its onboarding is paused.
	///
	/// Example: depin query maker 0
	Maker {
		/// The maker id.
		maker: u32,
	},
	/// The reward epoch: index, start, end, challenge rate, quorum, attestation tolerance,
	/// verifiers and reciprocity window.
	///
	/// Example: depin query epoch
	Epoch,
	/// Network stats for an epoch: devices by class and status, units per proof kind, minted,
	/// burned, sustainability ratio.
	///
	/// Example: depin query stats --epoch 12
	Stats {
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<u32>,
	},
	/// The emission schedule and the projected emission of the next epochs.
	///
	/// Example: depin query schedule --epochs 48
	Schedule {
		/// Epochs to project (at most 10,000).
		#[arg(long, default_value_t = 24)]
		epochs: u32,
	},
	/// Whether a device is challenged in an epoch, and its challenge.
	///
	/// Example: depin query challenge sr25519:0x…
	Challenge {
		/// The device.
		device: String,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<u32>,
	},
}

pub async fn query(ctx: &Ctx, command: QueryCommand) -> Result<()> {
	let chain = ctx.connect().await?;
	let answer: Value = match command {
		QueryCommand::Device { device } => {
			let key = parse_device(&device)?;
			chain.call("depin_device", vec![device_text(&key).into()]).await?
		}
		QueryCommand::Class { class } => chain.call("depin_class", vec![class.into()]).await?,
		QueryCommand::Maker { maker } => chain.call("depin_maker", vec![maker.into()]).await?,
		QueryCommand::Epoch => chain.call("depin_epoch", vec![]).await?,
		QueryCommand::Stats { epoch } => {
			chain.call("depin_stats", vec![epoch.map_or(Value::Null, Value::from)]).await?
		}
		QueryCommand::Schedule { epochs } => {
			chain.call("depin_schedule", vec![epochs.into()]).await?
		}
		QueryCommand::Challenge { device, epoch } => {
			let key = parse_device(&device)?;
			let epoch = match epoch {
				Some(e) => e,
				None => chain.current_epoch().await?,
			};
			chain
				.call("depin_challengeStatus", vec![device_text(&key).into(), epoch.into()])
				.await?
		}
	};
	output::value(ctx, &answer);
	Ok(())
}
