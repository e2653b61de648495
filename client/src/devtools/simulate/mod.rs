//! `depin simulate`: a fleet of simulated devices of all three proof kinds, with their owners,
//! a maker, a consumer and a verifier, registering and working against a node.
//!
//! Every key is derived from `--seed`, so a rerun with the same seed continues the same fleet
//! (devices already registered are not registered again). `fleet.rs` builds the fleet and sets
//! it up on chain (funds, the verifier, credits, registrations); `rounds.rs` works through the
//! epochs and reports what each recorded.

mod fleet;
mod rounds;

use std::time::Instant;

use anyhow::Result;
use clap::Args;
use depin_primitives::{ClassId, MakerId, PublicKey};
use serde_json::Value;

use crate::{
	keys::{Key, Scheme},
	output::note,
	Ctx,
};

/// Units each simulated sensor serves per epoch.
const SENSOR_UNITS: u64 = 10;
/// Witnesses per beacon (at most; fewer if the neighbourhood is small).
const WITNESSES: usize = 5;
/// Calls per `utility.batch_all` when registering.
const REGISTER_BATCH: usize = 25;

#[derive(Args)]
pub struct SimulateArgs {
	/// Simulated devices, split evenly across hotspots (witnessed), sensors (usage) and GPUs
	/// (attested).
	#[arg(long, default_value_t = 9)]
	devices: u32,
	/// Epochs to work through.
	#[arg(long, default_value_t = 2)]
	epochs: u32,
	/// Owners the devices are spread over (witnesses need other owners than the beaconer).
	#[arg(long, default_value_t = 3)]
	owners: u32,
	/// Seed of every simulated key (//<seed>/owner/0, //<seed>/device/0, …; the ed25519 and
	/// P-256 devices' are //<seed>//device//3 and so on).
	#[arg(long, default_value = "sim")]
	seed: String,
	/// The account that funds owners, the consumer and the verifier.
	#[arg(long, default_value = "//Alice")]
	funder: String,
	/// The sudo key that admits the simulated verifier (dev and local chains).
	#[arg(long, default_value = "//Alice")]
	sudo: String,
	/// The maker's certificate key (the dev chains' demo maker by default).
	#[arg(long, default_value = "//DemoMaker")]
	maker_key: String,
	/// The maker's id.
	#[arg(long, default_value_t = 0)]
	maker: MakerId,
	/// The witnessed (hotspot) class.
	#[arg(long, default_value_t = 0)]
	hotspot_class: ClassId,
	/// The usage (sensor) class.
	#[arg(long, default_value_t = 1)]
	sensor_class: ClassId,
	/// The attested (GPU) class.
	#[arg(long, default_value_t = 2)]
	gpu_class: ClassId,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
	Hotspot,
	Sensor,
	Gpu,
}

struct SimDevice {
	key: Key,
	public: PublicKey,
	kind: Kind,
	owner: usize,
	cell: u64,
}

struct Fleet {
	owners: Vec<Key>,
	devices: Vec<SimDevice>,
	consumer: Key,
	verifier: Key,
	/// The sensors' class price, at which they sign their vouchers.
	unit_price: u128,
}

fn derive(seed: &str, path: &str) -> Result<Key> {
	Key::from_suri(&format!("//{seed}/{path}"), Scheme::Sr25519)
}

fn class_of(args: &SimulateArgs, kind: Kind) -> ClassId {
	match kind {
		Kind::Hotspot => args.hotspot_class,
		Kind::Sensor => args.sensor_class,
		Kind::Gpu => args.gpu_class,
	}
}

fn plancks(v: &Value) -> u128 {
	v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

pub async fn simulate(ctx: &Ctx, args: SimulateArgs) -> Result<()> {
	let started = Instant::now();
	let mut fleet = fleet::build(&args)?;
	let chain = ctx.connect().await?;
	let funder = Key::load(&args.funder)?;
	let maker_key = Key::load(&args.maker_key)?;
	let prices = fleet::class_prices(&chain, &args).await?;
	fleet.unit_price = prices.unit_price;
	let credits = fleet::fund(&chain, &args, &fleet, &funder, &prices).await?;
	fleet::admit_verifier(&chain, &args, &fleet).await?;
	fleet::buy_credits(&chain, &fleet, credits).await?;
	let registered = fleet::register(ctx, &chain, &args, &fleet, &maker_key).await?;
	let schemes = [Scheme::Sr25519, Scheme::Ed25519, Scheme::P256]
		.map(|s| fleet.devices.iter().filter(|d| d.key.scheme() == s).count());
	note(format!(
		"fleet ready: {} devices ({} registered now; keys: {} sr25519, {} ed25519, {} P-256) \
		 over {} owners in {:.1} s",
		fleet.devices.len(),
		registered,
		schemes[0],
		schemes[1],
		schemes[2],
		fleet.owners.len(),
		started.elapsed().as_secs_f64()
	));
	let summaries = rounds::run(ctx, &chain, &fleet, args.epochs).await?;
	rounds::report(ctx, &chain, &fleet, summaries).await
}
