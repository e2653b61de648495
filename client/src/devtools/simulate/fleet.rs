//! The simulated fleet: its keys and cells, and its set-up on chain (funds, the verifier, the
//! consumer's credits for its vouchers and their settlement charges, registrations).

use anyhow::{bail, ensure, Context, Result};
use depin_primitives::ClassId;
use depin_runtime::{Runtime, RuntimeCall, DPIN};
use serde_json::Value;
use sp_core::crypto::AccountId32;

use super::{
	class_of, derive, plancks, rounds::submit_all, Fleet, Kind, SimDevice, SimulateArgs,
	REGISTER_BATCH, SENSOR_UNITS,
};
use crate::{
	chain::Chain,
	devtools::hotspot_cells,
	keys::{Key, Scheme},
	output::{self, note},
	proofs::{self, Registration},
	text::device_text,
	Ctx,
};

/// The bonds of the three simulated classes and the sensors' unit price.
pub(super) struct Prices {
	hotspot_bond: u128,
	sensor_bond: u128,
	gpu_bond: u128,
	pub(super) unit_price: u128,
}

impl Prices {
	fn bond(&self, kind: Kind) -> u128 {
		match kind {
			Kind::Hotspot => self.hotspot_bond,
			Kind::Sensor => self.sensor_bond,
			Kind::Gpu => self.gpu_bond,
		}
	}
}

/// The fleet's keys: owners, devices (a third of each kind, spread over the owners so that
/// neighbouring hotspots have different owners, and in each kind sr25519, ed25519 and P-256
/// keys in turn, as a real fleet mixes secure elements), the consumer and the verifier.
pub(super) fn build(args: &SimulateArgs) -> Result<Fleet> {
	ensure!(args.devices >= 3, "--devices must be at least 3 (one of each proof kind)");
	ensure!(args.owners >= 2, "--owners must be at least 2 (witnesses need another owner)");
	ensure!(args.epochs >= 1, "--epochs must be at least 1");
	let owners = (0..args.owners)
		.map(|i| derive(&args.seed, &format!("owner/{i}")))
		.collect::<Result<Vec<_>>>()?;
	let n = args.devices as usize;
	let cells = hotspot_cells(n.div_ceil(3))?;
	let other_cell = cells.first().copied().unwrap_or_default();
	let mut devices = Vec::with_capacity(n);
	for i in 0..n {
		let kind = match i % 3 {
			0 => Kind::Hotspot,
			1 => Kind::Sensor,
			_ => Kind::Gpu,
		};
		// ed25519 derives hard junctions only: `//<seed>//device//<i>` for the other schemes.
		let (scheme, path) = match (i / 3) % 3 {
			0 => (Scheme::Sr25519, format!("//{}/device/{i}", args.seed)),
			1 => (Scheme::Ed25519, format!("//{}//device//{i}", args.seed)),
			_ => (Scheme::P256, format!("//{}//device//{i}", args.seed)),
		};
		let key = Key::from_suri(&path, scheme)?;
		let cell = if kind == Kind::Hotspot { cells[i / 3] } else { other_cell };
		devices.push(SimDevice {
			public: key.device_key(),
			key,
			kind,
			owner: (i / 3) % owners.len(),
			cell,
		});
	}
	Ok(Fleet {
		owners,
		devices,
		consumer: derive(&args.seed, "consumer")?,
		verifier: derive(&args.seed, "verifier")?,
		unit_price: 0,
	})
}

/// Checks that the classes have the proof kinds the simulation expects; returns their bonds
/// and the sensors' unit price.
pub(super) async fn class_prices(chain: &Chain, args: &SimulateArgs) -> Result<Prices> {
	let mut prices = Prices { hotspot_bond: 0, sensor_bond: 0, gpu_bond: 0, unit_price: 0 };
	for (kind, proof) in
		[(Kind::Hotspot, "witnessed"), (Kind::Sensor, "usage"), (Kind::Gpu, "attested")]
	{
		let class = class_of(args, kind);
		let c: Value = chain
			.call("depin_class", vec![class.into()])
			.await
			.with_context(|| format!("class {class} for the simulated {kind:?}s"))?;
		ensure!(
			c["proof"] == proof,
			"class {class} proves {} but the simulated {kind:?}s need a {proof} class; pick \
			 another with --{}-class",
			c["proof"],
			format!("{kind:?}").to_lowercase()
		);
		let bond = plancks(&c["bond"]);
		match kind {
			Kind::Hotspot => prices.hotspot_bond = bond,
			Kind::Sensor => {
				prices.sensor_bond = bond;
				prices.unit_price = plancks(&c["unitPrice"]);
			}
			Kind::Gpu => prices.gpu_bond = bond,
		}
	}
	Ok(prices)
}

/// Funds every simulated account from the funder in one batch; returns the credits the
/// consumer is funded to buy: twice its sensors' units at the class price and the settlement
/// charges of its batches (at the chain's rate, as this client's runtime weighs them), for
/// every epoch.
pub(super) async fn fund(
	chain: &Chain,
	args: &SimulateArgs,
	fleet: &Fleet,
	funder: &Key,
	prices: &Prices,
) -> Result<u128> {
	let sensors = fleet.devices.iter().filter(|d| d.kind == Kind::Sensor).count();
	let p256 = fleet
		.devices
		.iter()
		.filter(|d| d.kind == Kind::Sensor && d.key.scheme() == crate::keys::Scheme::P256)
		.count();
	let max = proofs::max_vouchers() as usize;
	let rate = chain.settlement_rate().await?;
	// At most all the P-256 sensors in each batch: an upper bound.
	let charges: u128 = (0..sensors.div_ceil(max))
		.map(|b| {
			let n = (sensors - b * max).min(max);
			proofs::settlement_charge(rate, n as u32, n.min(p256) as u32)
		})
		.sum();
	let per_epoch = prices.unit_price * u128::from(SENSOR_UNITS) * sensors as u128 + charges;
	let credits = (per_epoch * u128::from(args.epochs)).max(DPIN / 1_000) * 2;
	let mut transfers: Vec<(AccountId32, u128)> = Vec::new();
	for (o, owner) in fleet.owners.iter().enumerate() {
		let bond: u128 =
			fleet.devices.iter().filter(|d| d.owner == o).map(|d| prices.bond(d.kind)).sum();
		transfers.push((owner.account(), bond + 100 * DPIN));
	}
	transfers.push((fleet.consumer.account(), credits + 10 * DPIN));
	transfers.push((fleet.verifier.account(), 1_100 * DPIN));
	let calls: Vec<RuntimeCall> = transfers
		.into_iter()
		.map(|(dest, value)| {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: dest.into(),
				value,
			})
		})
		.collect();
	note(format!("funding {} simulated accounts from {}", calls.len(), args.funder));
	chain
		.submit(funder, RuntimeCall::Utility(pallet_utility::Call::batch_all { calls }))
		.await
		.context("funding the simulated accounts")?;
	Ok(credits)
}

/// Admits the simulated verifier through `--sudo`, unless it is one already.
pub(super) async fn admit_verifier(
	chain: &Chain,
	args: &SimulateArgs,
	fleet: &Fleet,
) -> Result<()> {
	let verifier_key = pallet_work::Verifiers::<Runtime>::hashed_key_for(fleet.verifier.account());
	let is_verifier =
		chain.storage::<pallet_work::Verifier<u128>>(&verifier_key).await.unwrap_or(None).is_some();
	if is_verifier {
		return Ok(());
	}
	let sudo = Key::load(&args.sudo)?;
	let admit = proofs::apply_and_admit_verifier(fleet.verifier.account(), u64::MAX / 2);
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(admit) });
	chain.submit(&sudo, call).await.context(
		"admitting the simulated verifier with --sudo (on chains without sudo, admit it \
		 through governance first)",
	)?;
	Ok(())
}

/// The consumer buys the credits its sensors' vouchers will spend.
pub(super) async fn buy_credits(chain: &Chain, fleet: &Fleet, credits: u128) -> Result<()> {
	chain
		.submit(
			&fleet.consumer,
			RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: fleet.consumer.account(),
				amount: credits,
			}),
		)
		.await
		.context("buying the consumer's credits")?;
	Ok(())
}

/// Registers the devices not registered yet, in batches per owner; returns how many.
pub(super) async fn register(
	ctx: &Ctx,
	chain: &Chain,
	args: &SimulateArgs,
	fleet: &Fleet,
	maker_key: &Key,
) -> Result<usize> {
	let genesis = chain.genesis();
	let mut to_register: Vec<Vec<RuntimeCall>> = vec![Vec::new(); fleet.owners.len()];
	for d in &fleet.devices {
		let known: Result<Value> =
			chain.call("depin_device", vec![device_text(&d.public).into()]).await;
		if known.is_ok() {
			continue;
		}
		let class: ClassId = class_of(args, d.kind);
		let owner = fleet.owners[d.owner].account();
		let location = (d.kind != Kind::Gpu).then_some(d.cell);
		let registration =
			Registration::sign(&genesis, (maker_key, args.maker), &d.key, class, &owner, location);
		to_register[d.owner].push(registration.call()?);
	}
	let total: usize = to_register.iter().map(Vec::len).sum();
	let bar = output::progress(ctx, total as u64, "registering devices");
	let mut failures = Vec::new();
	for (o, calls) in to_register.into_iter().enumerate() {
		let batches: Vec<RuntimeCall> = calls
			.chunks(REGISTER_BATCH)
			.map(|c| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: c.to_vec() }))
			.collect();
		failures.extend(submit_all(chain, &fleet.owners[o], batches).await?);
		bar.inc(calls.len() as u64);
	}
	bar.finish_and_clear();
	if let Some(f) = failures.first() {
		bail!("{} registration batches failed; the first: {f}", failures.len());
	}
	Ok(total)
}
