//! The simulated work, epoch by epoch: sensors' usage vouchers in batches signed by the
//! consumer, challenged hotspots' beacons with their neighbours' witness receipts (both
//! submitted as authorized general transactions, with no signer), and the verifier's signed
//! attestations of the GPUs; then what each epoch recorded and minted once it closed.

use std::time::{Duration, Instant};

use anyhow::{ensure, Result};
use depin_primitives::EpochIndex;
use depin_runtime::RuntimeCall;
use futures::future::join_all;
use pallet_work::Attestation;
use serde_json::{json, Value};
use sp_core::H256;

use super::{plancks, Fleet, Kind, SENSOR_UNITS, WITNESSES};
use crate::{
	chain::Chain,
	keys::Key,
	proofs::{self, Batch, VoucherTerms},
	text::{device_text, dpin_text},
	Ctx,
};

/// One epoch's work, signed and ready to submit.
struct Work {
	/// Settlements and beacons: general transactions, no signer.
	general_calls: Vec<RuntimeCall>,
	verifier_calls: Vec<RuntimeCall>,
	vouchers: usize,
	batches: usize,
	beacons: usize,
	witness_receipts: usize,
	attestations: usize,
}

/// Works through `epochs` fresh epochs; returns each epoch's summary line.
pub(super) async fn run(
	ctx: &Ctx,
	chain: &Chain,
	fleet: &Fleet,
	epochs: u32,
) -> Result<Vec<(EpochIndex, Value)>> {
	let mut summaries = Vec::new();
	for _ in 0..epochs {
		let epoch = wait_for_fresh_epoch(chain).await?;
		let t0 = Instant::now();
		let mut work = usage(chain, fleet, epoch).await?;
		beacons(chain, fleet, epoch, &mut work).await?;
		attestations(fleet, epoch, &mut work)?;
		let txs = work.general_calls.len() + work.verifier_calls.len();
		let (general_errors, verifier_errors) = futures::join!(
			submit_general_all(chain, std::mem::take(&mut work.general_calls)),
			submit_all(chain, &fleet.verifier, std::mem::take(&mut work.verifier_calls)),
		);
		let mut errors = general_errors;
		errors.extend(verifier_errors?);
		summaries.push((epoch, summary(ctx, epoch, &work, txs, &errors, t0.elapsed())));
	}
	Ok(summaries)
}

/// Each sensor serves the consumer and signs a voucher of its units in the (fresh) epoch; the
/// consumer signs them in batches of up to `MaxVouchers`.
async fn usage(chain: &Chain, fleet: &Fleet, epoch: EpochIndex) -> Result<Work> {
	let genesis = chain.genesis();
	let consumer = fleet.consumer.account();
	let max = chain.constant::<u32>("Work", "MaxVouchers").await?.max(1) as usize;
	let mut vouchers = Vec::new();
	for d in fleet.devices.iter().filter(|d| d.kind == Kind::Sensor) {
		let terms = VoucherTerms {
			genesis: &genesis,
			device: &d.public,
			consumer: &consumer,
			epoch,
			cumulative_units: SENSOR_UNITS,
			unit_price: fleet.unit_price,
		};
		vouchers.push(terms.sign(&d.key));
	}
	let general_calls = vouchers
		.chunks(max)
		.map(|c| Batch::sign(&fleet.consumer, &genesis, epoch, c.to_vec())?.call())
		.collect::<Result<Vec<_>>>()?;
	Ok(Work {
		batches: general_calls.len(),
		general_calls,
		verifier_calls: Vec::new(),
		vouchers: vouchers.len(),
		beacons: 0,
		witness_receipts: 0,
		attestations: 0,
	})
}

/// Every challenged hotspot beacons, witnessed by up to five neighbours of other owners.
async fn beacons(chain: &Chain, fleet: &Fleet, epoch: EpochIndex, work: &mut Work) -> Result<()> {
	let genesis = chain.genesis();
	for d in fleet.devices.iter().filter(|d| d.kind == Kind::Hotspot) {
		let status: Value = chain
			.call("depin_challengeStatus", vec![device_text(&d.public).into(), epoch.into()])
			.await?;
		let (true, Some(challenge)) = (status["challenged"] == true, status["challenge"].as_str())
		else {
			continue;
		};
		let challenge = H256(crate::text::hex32(challenge)?);
		let near = depin_primitives::h3::parent(d.cell, 8);
		let witnesses: Vec<_> = fleet
			.devices
			.iter()
			.filter(|w| {
				w.kind == Kind::Hotspot
					&& w.owner != d.owner
					&& w.public != d.public
					&& depin_primitives::h3::parent(w.cell, 8) == near
			})
			.take(WITNESSES)
			.map(|w| proofs::witness_receipt(&w.key, &genesis, &d.public, epoch, &challenge))
			.collect();
		if witnesses.is_empty() {
			continue;
		}
		work.witness_receipts += witnesses.len();
		work.beacons += 1;
		let signature = proofs::beacon_signature(&d.key, &genesis, epoch, &challenge);
		work.general_calls.push(proofs::submit_beacon(d.public, epoch, witnesses, signature)?);
	}
	Ok(())
}

/// The verifier measures every GPU.
fn attestations(fleet: &Fleet, epoch: EpochIndex, work: &mut Work) -> Result<()> {
	let attestations: Vec<Attestation> = fleet
		.devices
		.iter()
		.filter(|d| d.kind == Kind::Gpu)
		.enumerate()
		.map(|(i, d)| Attestation { device: d.public, units: 50 + (i as u64 % 10) })
		.collect();
	work.attestations = attestations.len();
	work.verifier_calls = attestations
		.chunks(128)
		.map(|c| proofs::submit_attestations(epoch, c.to_vec()))
		.collect::<Result<Vec<_>>>()?;
	Ok(())
}

/// Prints (without `--json`) and returns an epoch's summary line.
fn summary(
	ctx: &Ctx,
	epoch: EpochIndex,
	work: &Work,
	txs: usize,
	errors: &[String],
	elapsed: Duration,
) -> Value {
	let secs = elapsed.as_secs_f64();
	if !ctx.json {
		println!(
			"epoch {epoch}: {} vouchers in {} batches, {} beacons ({} witness receipts), {} \
			 attestations in {txs} transactions, {} failed, {secs:.1} s",
			work.vouchers,
			work.batches,
			work.beacons,
			work.witness_receipts,
			work.attestations,
			errors.len()
		);
		for e in errors.iter().take(3) {
			println!("  failure: {e}");
		}
	}
	json!({
		"epoch": epoch,
		"vouchers": work.vouchers,
		"batches": work.batches,
		"beacons": work.beacons,
		"witnessReceipts": work.witness_receipts,
		"attestations": work.attestations,
		"transactions": txs,
		"failed": errors.len(),
		"seconds": (secs * 10.0).round() / 10.0,
	})
}

/// Waits for the last epoch to close, then reports what each epoch recorded and minted.
pub(super) async fn report(
	ctx: &Ctx,
	chain: &Chain,
	fleet: &Fleet,
	summaries: Vec<(EpochIndex, Value)>,
) -> Result<()> {
	let last = summaries.last().map(|(e, _)| *e).unwrap_or_default();
	wait_until_closed(chain, last).await?;
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

/// Submits `calls` from `signer` concurrently at consecutive nonces; returns the failures'
/// messages.
pub(super) async fn submit_all(
	chain: &Chain,
	signer: &Key,
	calls: Vec<RuntimeCall>,
) -> Result<Vec<String>> {
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

/// Submits `calls` concurrently as authorized general transactions; returns the failures'
/// messages.
async fn submit_general_all(chain: &Chain, calls: Vec<RuntimeCall>) -> Vec<String> {
	let results =
		join_all(calls.into_iter().map(|call| chain.submit_general(call, "the transaction"))).await;
	results.into_iter().filter_map(|r| r.err().map(|e| format!("{e:#}"))).collect()
}

/// Waits until an epoch starts, so that the simulation has a whole epoch for its work; returns
/// its index.
async fn wait_for_fresh_epoch(chain: &Chain) -> Result<EpochIndex> {
	let start = chain.current_epoch().await?;
	let deadline = Instant::now() + Duration::from_secs(3_600);
	loop {
		let e = chain.current_epoch().await?;
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
