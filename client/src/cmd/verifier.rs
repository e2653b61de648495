//! `depin verifier …`: accounts apply to verify (their own bond on hold) or withdraw, look up
//! a verifier's bond and slashes or a device's committee, and admitted verifiers submit
//! verifier attestations of devices' work (only of the devices they are drawn for).

use std::path::PathBuf;

use anyhow::{ensure, Context, Result};
use clap::Subcommand;
use depin_primitives::EpochIndex;
use pallet_work::Attestation;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{
	cmd::read_json_lines,
	output, proofs,
	text::{account_text, device_text, parse_account, parse_device},
	Ctx, SignerArgs,
};

/// Verifier attestations per transaction at most (the chain's `MaxAttestations`).
const MAX_BATCH: usize = 128;

#[derive(Subcommand)]
pub enum VerifierCommand {
	/// Apply to verify: puts the chain's verifier bond (1,000 DPIN) on hold from the signer,
	/// who then waits for governance to admit it (a `device_admin` referendum calling
	/// `work.admitVerifier`; sudo on development chains). An admitted verifier whose bond
	/// slashes reduced runs it to top the bond up (below half, its attestations are refused).
	///
	/// Example: depin verifier apply --suri //Dave
	Apply {
		#[command(flatten)]
		signer: SignerArgs,
	},
	/// Withdraw the signer's application to verify and release its bond.
	///
	/// Example: depin verifier withdraw --suri //Dave
	Withdraw {
		#[command(flatten)]
		signer: SignerArgs,
	},
	/// A verifier's or applicant's state: admitted or not, bond on hold, slashed so far and how
	/// many times, quota, units attested this epoch, and slot.
	///
	/// Example: depin verifier status --account 5GrwvaEF…
	Status {
		/// The account (SS58).
		#[arg(long)]
		account: String,
	},
	/// The verifiers drawn to attest a device in an epoch. Only they may attest it then; with
	/// no more verifiers than the quorum, every verifier may, and the committee shows as `-`
	/// (`null` with --json).
	///
	/// Example: depin verifier committee --device sr25519:0x…
	Committee {
		/// The device.
		#[arg(long)]
		device: String,
		/// The epoch (default: the current one).
		#[arg(long)]
		epoch: Option<EpochIndex>,
	},
	/// Submit verifier attestations: measurements of attested devices from a JSON Lines file of
	/// `{"device": "sr25519:0x…", "units": 12}`, in batches. Measurements of devices whose
	/// committee in the epoch does not include the signer are skipped (with a note): the chain
	/// would refuse them (`NotAssigned`).
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
		/// Verifier attestations per transaction (at most the chain's MaxAttestations, 128).
		#[arg(long, default_value_t = 100)]
		batch: usize,
	},
}

/// A verifier's measurement.
#[derive(Serialize, Deserialize)]
pub struct MeasurementDoc {
	/// The device.
	pub device: String,
	/// Units measured.
	pub units: u64,
}

pub async fn verifier(ctx: &Ctx, command: VerifierCommand) -> Result<()> {
	match command {
		VerifierCommand::Apply { signer } => {
			let key = signer.key()?;
			let chain = ctx.connect().await?;
			let call = depin_runtime::RuntimeCall::Work(pallet_work::Call::apply_verifier {});
			let inc = chain.submit(&key, call).await.context(
				"applying to verify (the signer needs the verifier bond free, and must not be \
				 a verifier or an applicant already)",
			)?;
			// An admitted verifier's call tops up its slashed bond instead.
			let topped_up = inc.events.iter().any(|e| {
				matches!(
					e,
					depin_runtime::RuntimeEvent::Work(
						pallet_work::Event::VerifierBondToppedUp { .. }
					)
				)
			});
			if ctx.json {
				println!(
					"{}",
					json!({
						"applied": !topped_up,
						"toppedUp": topped_up,
						"transaction": inc.to_json()
					})
				);
			} else if topped_up {
				output::included(ctx, "verifier bond topped up", &inc);
				println!("topped up: the verifier's bond is whole again and it may attest");
			} else {
				output::included(ctx, "application to verify", &inc);
				println!("applied: governance must now admit the signer (work.admitVerifier)");
			}
		}
		VerifierCommand::Withdraw { signer } => {
			let key = signer.key()?;
			let chain = ctx.connect().await?;
			let call = depin_runtime::RuntimeCall::Work(pallet_work::Call::withdraw_application {});
			let inc = chain
				.submit(&key, call)
				.await
				.context("withdrawing the application (the signer must have applied)")?;
			if ctx.json {
				println!("{}", json!({ "withdrawn": true, "transaction": inc.to_json() }));
			} else {
				output::included(ctx, "application withdrawn", &inc);
			}
		}
		VerifierCommand::Attest { signer, file, epoch, batch } => {
			let key = signer.key()?;
			ensure!(batch >= 1, "--batch must be at least 1");
			let batch = batch.min(MAX_BATCH);
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
				None => chain.current_epoch().await?,
			};
			let me = account_text(&key.account());
			let mut drawn = Vec::with_capacity(items.len());
			let check = output::progress(ctx, items.len() as u64, "checking committees");
			for item in items {
				let answer: Value = chain
					.call("depin_committee", vec![device_text(&item.device).into(), epoch.into()])
					.await
					.with_context(|| format!("committee of {}", device_text(&item.device)))?;
				let assigned = match answer["committee"].as_array() {
					None => true,
					Some(members) => members.iter().any(|m| {
						m.as_str().and_then(|a| parse_account(a).ok()) == Some(key.account())
					}),
				};
				if assigned {
					drawn.push(item);
				}
				check.inc(1);
			}
			check.finish_and_clear();
			let skipped = docs.len() - drawn.len();
			if skipped > 0 {
				output::note(format!(
					"skipped {skipped} measurements of devices whose committee in epoch {epoch} \
					 does not include {me}"
				));
			}
			let items = drawn;
			let bar = output::progress(ctx, items.len() as u64, "attesting");
			let mut results = Vec::new();
			for chunk in items.chunks(batch) {
				let call = proofs::submit_attestations(epoch, chunk.to_vec())?;
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
					json!({
						"epoch": epoch,
						"attested": items.len(),
						"skipped": skipped,
						"transactions": results
					})
				);
			}
		}
		VerifierCommand::Status { account } => {
			let who = parse_account(&account)?;
			let chain = ctx.connect().await?;
			let answer: Value = chain
				.call("depin_verifier", vec![account_text(&who).into()])
				.await
				.with_context(|| format!("verifier {account}"))?;
			output::value(ctx, &answer);
		}
		VerifierCommand::Committee { device, epoch } => {
			let device = parse_device(&device)?;
			let chain = ctx.connect().await?;
			let mut params = vec![device_text(&device).into()];
			if let Some(epoch) = epoch {
				params.push(epoch.into());
			}
			let answer: Value = chain.call("depin_committee", params).await?;
			output::value(ctx, &answer);
		}
	}
	Ok(())
}
