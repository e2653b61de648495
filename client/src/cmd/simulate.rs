//! `depin simulate`: a fleet of simulated devices of all three proof kinds, with their owners,
//! a maker, a consumer, a verifier and a gateway, registering and working against a node.
//!
//! Every key is derived from `--seed`, so a rerun with the same seed continues the same fleet
//! (devices already registered are not registered again).

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::Args;
use depin_runtime::{Runtime, RuntimeCall, DPIN};
use futures::future::join_all;
use pallet_devices::{ClassId, MakerId, PublicKey};
use pallet_work::{Attestation, EpochIndex, UsageReceipt, WitnessReceipt};
use serde_json::{json, Value};
use sp_core::{crypto::AccountId32, H256};

use crate::{
	chain::Chain,
	cmd::{owner::current_epoch, work::last_nonce},
	keys::{Key, Scheme},
	output::{self, note},
	text::{cell_from_lat_lon, device_text, dpin_text},
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
	/// Seed of every simulated key (//<seed>/owner/0, //<seed>/device/0, …).
	#[arg(long, default_value = "sim")]
	seed: String,
	/// The account that funds owners, the consumer, the verifier and the gateway.
	#[arg(long, default_value = "//Alice")]
	funder: String,
	/// The sudo key that admits the simulated verifier (dev and local chains).
	#[arg(long, default_value = "//Alice")]
	sudo: String,
	/// The maker's attestation key (the dev chains' demo maker by default).
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
	gateway: Key,
}

fn derive(seed: &str, path: &str) -> Result<Key> {
	Key::from_suri(&format!("//{seed}/{path}"), Scheme::Sr25519)
}

/// Hotspot cells: resolution-10 cells, 49 per resolution-8 neighbourhood, so that hotspots of
/// one neighbourhood can witness each other (same resolution-8 parent, different
/// resolution-10 cells). Neighbourhoods are taken ring by ring around the origin: at least
/// eight rings, more if `count` needs them.
pub fn hotspot_cells(count: usize) -> Result<Vec<u64>> {
	let origin = h3o::CellIndex::try_from(cell_from_lat_lon(52.52, 13.405, 8)?)
		.map_err(|e| anyhow!("origin cell: {e}"))?;
	// A disk of k rings holds 3k² + 3k + 1 neighbourhoods of 49 cells each.
	let parents = count.div_ceil(49);
	let mut rings = 8u32;
	while ((3 * rings * rings + 3 * rings + 1) as usize) < parents {
		rings += 1;
	}
	let mut cells = Vec::with_capacity(count);
	for parent in origin.grid_disk::<Vec<_>>(rings) {
		for child in parent.children(h3o::Resolution::Ten) {
			if cells.len() == count {
				return Ok(cells);
			}
			cells.push(u64::from(child));
		}
	}
	ensure!(cells.len() == count, "too many hotspots for the simulated area");
	Ok(cells)
}

fn build_fleet(args: &SimulateArgs) -> Result<Fleet> {
	ensure!(args.devices >= 3, "--devices must be at least 3 (one of each proof kind)");
	ensure!(args.owners >= 2, "--owners must be at least 2 (witnesses need another owner)");
	ensure!(args.epochs >= 1, "--epochs must be at least 1");
	let owners = (0..args.owners)
		.map(|i| derive(&args.seed, &format!("owner/{i}")))
		.collect::<Result<Vec<_>>>()?;
	let n = args.devices as usize;
	let hotspots = n.div_ceil(3);
	let cells = hotspot_cells(hotspots)?;
	let other_cell = cells.first().copied().unwrap_or_default();
	let mut devices = Vec::with_capacity(n);
	for i in 0..n {
		let kind = match i % 3 {
			0 => Kind::Hotspot,
			1 => Kind::Sensor,
			_ => Kind::Gpu,
		};
		let key = derive(&args.seed, &format!("device/{i}"))?;
		let cell = if kind == Kind::Hotspot { cells[i / 3] } else { other_cell };
		devices.push(SimDevice {
			public: key.device_key(),
			key,
			kind,
			// Spread each kind over the owners, so neighbouring hotspots have different owners.
			owner: (i / 3) % owners.len(),
			cell,
		});
	}
	Ok(Fleet {
		owners,
		devices,
		consumer: derive(&args.seed, "consumer")?,
		verifier: derive(&args.seed, "verifier")?,
		gateway: derive(&args.seed, "gateway")?,
	})
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

/// Submits `calls` from `signer` concurrently at consecutive nonces; returns the failures'
/// messages.
async fn submit_all(chain: &Chain, signer: &Key, calls: Vec<RuntimeCall>) -> Result<Vec<String>> {
	let nonce = chain.next_nonce(&signer.account()).await?;
	let results = join_all(
		calls
			.into_iter()
			.enumerate()
			.map(|(i, call)| chain.submit_with_nonce(signer, call, nonce + i as u64)),
	)
	.await;
	Ok(results.into_iter().filter_map(|r| r.err().map(|e| format!("{e:#}"))).collect())
}

pub async fn simulate(ctx: &Ctx, args: SimulateArgs) -> Result<()> {
	let started = Instant::now();
	let fleet = build_fleet(&args)?;
	let chain = ctx.connect().await?;
	let genesis = chain.genesis();
	let funder = Key::load(&args.funder)?;
	let maker_key = Key::load(&args.maker_key)?;

	// The classes must have the proof kinds the simulation expects.
	let mut bonds = [0u128; 3];
	let mut unit_price = 0u128;
	for (i, (kind, proof)) in
		[(Kind::Hotspot, "witnessed"), (Kind::Sensor, "usage"), (Kind::Gpu, "attested")]
			.into_iter()
			.enumerate()
	{
		let class = class_of(&args, kind);
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
		bonds[i] = plancks(&c["bond"]);
		if kind == Kind::Sensor {
			unit_price = plancks(&c["unitPrice"]);
		}
	}

	// Fund every simulated account from the funder.
	let sensors = fleet.devices.iter().filter(|d| d.kind == Kind::Sensor).count() as u128;
	let credits = (unit_price * u128::from(SENSOR_UNITS) * sensors * u128::from(args.epochs))
		.max(DPIN / 1_000)
		* 2;
	let mut transfers = Vec::new();
	for (o, owner) in fleet.owners.iter().enumerate() {
		let bond: u128 = fleet
			.devices
			.iter()
			.filter(|d| d.owner == o)
			.map(|d| match d.kind {
				Kind::Hotspot => bonds[0],
				Kind::Sensor => bonds[1],
				Kind::Gpu => bonds[2],
			})
			.sum();
		transfers.push((owner.account(), bond + 100 * DPIN));
	}
	transfers.push((fleet.consumer.account(), credits + 10 * DPIN));
	transfers.push((fleet.verifier.account(), 1_100 * DPIN));
	transfers.push((fleet.gateway.account(), 1_000 * DPIN));
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
		.submit(&funder, RuntimeCall::Utility(pallet_utility::Call::batch_all { calls }))
		.await
		.context("funding the simulated accounts")?;

	// The verifier.
	let verifier_key = pallet_work::Verifiers::<Runtime>::hashed_key_for(fleet.verifier.account());
	let is_verifier =
		chain.storage::<pallet_work::Verifier<u128>>(&verifier_key).await.unwrap_or(None).is_some();
	if !is_verifier {
		let sudo = Key::load(&args.sudo)?;
		let admit = RuntimeCall::Work(pallet_work::Call::admit_verifier {
			verifier: fleet.verifier.account(),
			quota: u64::MAX / 2,
		});
		let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(admit) });
		chain.submit(&sudo, call).await.context(
			"admitting the simulated verifier with --sudo (on chains without sudo, admit it \
			 through governance first)",
		)?;
	}

	// Credits for the consumer.
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

	// Registration, skipping devices already registered.
	let mut to_register: Vec<Vec<RuntimeCall>> = vec![Vec::new(); fleet.owners.len()];
	for d in &fleet.devices {
		let known: Result<Value> =
			chain.call("depin_device", vec![device_text(&d.public).into()]).await;
		if known.is_ok() {
			continue;
		}
		let class = class_of(&args, d.kind);
		let owner = fleet.owners[d.owner].account();
		let maker_signature =
			maker_key.sign(&pallet_devices::payload::maker_attestation(&genesis, &d.public, class));
		let device_signature =
			d.key.sign(&pallet_devices::payload::device_consent(&genesis, &owner));
		to_register[d.owner].push(RuntimeCall::Devices(pallet_devices::Call::register_device {
			device: d.public,
			class,
			maker: args.maker,
			maker_signature,
			device_signature,
			location: (d.kind != Kind::Gpu).then_some(d.cell),
			metadata: Vec::new(),
		}));
	}
	let total: usize = to_register.iter().map(Vec::len).sum();
	let bar = output::progress(ctx, total as u64, "registering devices");
	let mut failures = Vec::new();
	for (o, calls) in to_register.into_iter().enumerate() {
		let batches: Vec<RuntimeCall> = calls
			.chunks(REGISTER_BATCH)
			.map(|c| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: c.to_vec() }))
			.collect();
		let sizes: Vec<usize> = calls.chunks(REGISTER_BATCH).map(<[RuntimeCall]>::len).collect();
		failures.extend(submit_all(&chain, &fleet.owners[o], batches).await?);
		bar.inc(sizes.iter().sum::<usize>() as u64);
	}
	bar.finish_and_clear();
	if let Some(f) = failures.first() {
		bail!("{} registration batches failed; the first: {f}", failures.len());
	}
	note(format!(
		"fleet ready: {} devices ({} registered now) over {} owners in {:.1} s",
		fleet.devices.len(),
		total,
		fleet.owners.len(),
		started.elapsed().as_secs_f64()
	));

	let mut nonces: std::collections::BTreeMap<PublicKey, u64> = Default::default();
	let mut summaries = Vec::new();
	for _ in 0..args.epochs {
		let epoch = wait_for_fresh_epoch(&chain).await?;
		let t0 = Instant::now();
		let mut txs = 0usize;
		let mut errors = Vec::new();

		// Usage: each sensor serves the consumer, who co-signs; the gateway submits.
		let mut receipts = Vec::new();
		for d in fleet.devices.iter().filter(|d| d.kind == Kind::Sensor) {
			let nonce = match nonces.get(&d.public) {
				Some(n) => n + 1,
				None => last_nonce(&chain, &fleet.consumer.account(), &d.public).await? + 1,
			};
			nonces.insert(d.public, nonce);
			receipts.push(sign_receipt(&genesis, d, &fleet.consumer, epoch, nonce));
		}
		let usage_calls: Vec<RuntimeCall> = receipts
			.chunks(128)
			.map(|c| {
				RuntimeCall::Work(pallet_work::Call::submit_usage {
					epoch,
					receipts: c.to_vec().try_into().unwrap_or_default(),
				})
			})
			.collect();
		txs += usage_calls.len();

		// Beacons: every challenged hotspot, witnessed by up to five neighbours of other owners.
		let mut beacon_calls = Vec::new();
		let mut witness_receipts = 0usize;
		for d in fleet.devices.iter().filter(|d| d.kind == Kind::Hotspot) {
			let status: Value = chain
				.call("depin_challengeStatus", vec![device_text(&d.public).into(), epoch.into()])
				.await?;
			let (true, Some(challenge)) =
				(status["challenged"] == true, status["challenge"].as_str())
			else {
				continue;
			};
			let challenge = H256(crate::text::hex32(challenge)?);
			let near = pallet_devices::h3::parent(d.cell, 8);
			let witnesses: Vec<WitnessReceipt> = fleet
				.devices
				.iter()
				.filter(|w| {
					w.kind == Kind::Hotspot
						&& w.owner != d.owner
						&& w.public != d.public
						&& pallet_devices::h3::parent(w.cell, 8) == near
				})
				.take(WITNESSES)
				.map(|w| WitnessReceipt {
					witness: w.public,
					signature: w.key.sign(&pallet_work::payload::witness(
						&genesis, &d.public, epoch, &challenge,
					)),
				})
				.collect();
			if witnesses.is_empty() {
				continue;
			}
			witness_receipts += witnesses.len();
			beacon_calls.push(RuntimeCall::Work(pallet_work::Call::submit_beacon {
				beaconer: d.public,
				epoch,
				witnesses: witnesses.try_into().unwrap_or_default(),
			}));
		}
		let beacons = beacon_calls.len();
		txs += beacons;

		// Attestations: the verifier measures every GPU.
		let attestations: Vec<Attestation> = fleet
			.devices
			.iter()
			.filter(|d| d.kind == Kind::Gpu)
			.enumerate()
			.map(|(i, d)| Attestation { device: d.public, units: 50 + (i as u64 % 10) })
			.collect();
		let attest_calls: Vec<RuntimeCall> = attestations
			.chunks(128)
			.map(|c| {
				RuntimeCall::Work(pallet_work::Call::submit_attestations {
					epoch,
					attestations: c.to_vec().try_into().unwrap_or_default(),
				})
			})
			.collect();
		txs += attest_calls.len();

		let mut gateway_calls = usage_calls;
		gateway_calls.extend(beacon_calls);
		let (gateway_errors, verifier_errors) = futures::join!(
			submit_all(&chain, &fleet.gateway, gateway_calls),
			submit_all(&chain, &fleet.verifier, attest_calls),
		);
		errors.extend(gateway_errors?);
		errors.extend(verifier_errors?);
		let secs = t0.elapsed().as_secs_f64();
		let line = json!({
			"epoch": epoch,
			"receipts": receipts.len(),
			"beacons": beacons,
			"witnessReceipts": witness_receipts,
			"attestations": attestations.len(),
			"transactions": txs,
			"failed": errors.len(),
			"seconds": (secs * 10.0).round() / 10.0,
		});
		if !ctx.json {
			println!(
				"epoch {epoch}: {} usage receipts, {beacons} beacons ({witness_receipts} witness \
				 receipts), {} attestations in {txs} transactions, {} failed, {secs:.1} s",
				receipts.len(),
				attestations.len(),
				errors.len()
			);
			for e in errors.iter().take(3) {
				println!("  failure: {e}");
			}
		}
		summaries.push((epoch, line));
	}

	// Wait for the last epoch to close, then report what each epoch recorded and minted.
	let last = summaries.last().map(|(e, _)| *e).unwrap_or_default();
	wait_until_closed(&chain, last).await?;
	let mut report = Vec::new();
	for (epoch, mut line) in summaries {
		let stats: Value = chain.call("depin_stats", vec![epoch.into()]).await?;
		if !ctx.json {
			let t = &stats["totals"];
			println!(
				"epoch {epoch} closed: usage {} units, witnessed {} units, attested {} units, {} \
				 devices; minted at close {}, burned {}",
				t["usageUnits"],
				t["witnessedUnits"],
				t["attestedUnits"],
				t["devices"],
				dpin_text(plancks(&stats["minted"])),
				dpin_text(plancks(&stats["burned"])),
			);
		}
		line["stats"] = stats;
		report.push(line);
	}
	if ctx.json {
		println!("{}", json!({ "devices": fleet.devices.len(), "epochs": report }));
	}
	Ok(())
}

fn sign_receipt(
	genesis: &H256,
	d: &SimDevice,
	consumer: &Key,
	epoch: EpochIndex,
	nonce: u64,
) -> UsageReceipt<AccountId32, sp_runtime::MultiSignature> {
	let account = consumer.account();
	let payload =
		pallet_work::payload::usage(genesis, &d.public, &account, epoch, SENSOR_UNITS, nonce);
	UsageReceipt {
		device: d.public,
		consumer: account,
		units: SENSOR_UNITS,
		nonce,
		device_signature: d.key.sign(&payload),
		consumer_signature: consumer.multi_sign(&payload),
	}
}

/// Waits until an epoch starts, so that the simulation has a whole epoch for its work; returns
/// its index.
async fn wait_for_fresh_epoch(chain: &Chain) -> Result<EpochIndex> {
	let start = current_epoch(chain).await?;
	let deadline = Instant::now() + Duration::from_secs(3_600);
	loop {
		let e = current_epoch(chain).await?;
		if e > start {
			return Ok(e);
		}
		ensure!(Instant::now() < deadline, "no new epoch within an hour");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// Waits until `epoch` has closed (the next epoch started and its grace ended).
async fn wait_until_closed(chain: &Chain, epoch: EpochIndex) -> Result<()> {
	let deadline = Instant::now() + Duration::from_secs(3_600);
	loop {
		let info: Value = chain.call("depin_epoch", vec![]).await?;
		let index = info["index"].as_u64().unwrap_or_default() as u32;
		let closing = info["closing"].as_u64().map(|c| c as u32);
		if index > epoch && closing != Some(epoch) {
			return Ok(());
		}
		ensure!(Instant::now() < deadline, "epoch {epoch} did not close within an hour");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}
