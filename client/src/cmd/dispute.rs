//! `depin dispute …`: anyone disputes a device's recorded work in an epoch, with a bond the
//! chain fixes (the larger of `Work.DisputeBond` and `Work.DisputeBondShare` of the device's
//! bond); anyone reads the open disputes, and closes one that timed out. Governance resolves
//! them (`Work.resolve_dispute` through a `dispute_resolver` referendum, e.g. in polkadot.js
//! apps): the client has no command for that.

use anyhow::{bail, ensure, Context, Result};
use clap::Subcommand;
use depin_primitives::{EpochIndex, PublicKey};
use depin_runtime::{Runtime, RuntimeCall};
use frame_support::storage::StoragePrefixedMap;
use pallet_work::{DisputeId, DisputeOf};
use serde_json::{json, Value};
use sp_core::H256;

use crate::{
	chain::Chain,
	output::{self, note},
	text::{account_text, device_text, dpin_text, hex32, parse_device, to_hex},
	Ctx, SignerArgs,
};

/// Where resolutions come from, for the help and the answers.
const RESOLVED_BY: &str = "governance resolves disputes: Work.resolve_dispute(id, verdict) \
                           (Rejected, Upheld, UpheldMakerAtFault when the device is not what \
                           its maker certified, or UpheldVerifiersAtFault when the verifiers \
                           attested work the device did not do) through a referendum on the dispute_resolver \
                           track (polkadot.js apps: Governance → Referenda; sudo on dev chains); \
                           unresolved past its deadline, a dispute times out and its bond is \
                           refunded (`depin dispute expire <id>`)";

#[derive(Subcommand)]
#[command(after_help = "Resolving a dispute (rejected, upheld, or upheld with the maker or \
                        only the verifiers at fault) is not a client command: governance does it with \
                        Work.resolve_dispute(id, verdict) through a \
                        dispute_resolver referendum, e.g. in polkadot.js apps (Governance → \
                        Referenda; Developer → Sudo on dev chains). See docs/work.md.")]
pub enum DisputeCommand {
	/// Dispute a device's work in an epoch, putting the chain's dispute bond on hold.
	///
	/// There is no --bond: the bond is fixed by the chain (the larger of the Work.DisputeBond
	/// constant and Work.DisputeBondShare of the device's bond), and the command prints it
	/// before submitting. It is released if governance upholds the dispute (the device's work
	/// is voided, part of its bond slashed, a share of that to the first upheld dispute's
	/// disputer), refunded if the dispute times out unresolved, and goes to the treasury if
	/// governance rejects it. Disputes are open from the epoch's start until the dispute
	/// window (Work.DisputeWindow epochs) has passed, for work that was recorded, one per
	/// disputer and up to Work.MaxDisputesPerWork per device and epoch. While a dispute is open
	/// the device cannot change hands, retire or withdraw its bond.
	///
	/// Example: depin dispute open sr25519:0x… 12 --evidence 0x<64 hex> --suri //Eve
	Open {
		#[command(flatten)]
		signer: SignerArgs,
		/// The disputed device (sr25519:0x…, ed25519:0x… or 0x<66 hex>).
		device: String,
		/// The epoch of the disputed work.
		epoch: EpochIndex,
		/// The 32-byte hash of your evidence, kept off chain (0x and 64 hex digits, e.g. the
		/// blake2-256 or sha-256 of the evidence file).
		#[arg(long)]
		evidence: String,
	},
	/// Show an open dispute: device, epoch, disputer, bond and evidence hash.
	///
	/// Resolved disputes are removed from storage; their outcome is in the Work.DisputeUpheld
	/// or Work.DisputeRejected event.
	///
	/// Example: depin dispute show 3
	Show {
		/// The dispute's id (the `id` of its Work.DisputeOpened event).
		id: DisputeId,
	},
	/// Close a dispute that passed its deadline without a verdict: its bond goes back to its
	/// disputer and the device is unlocked (the chain also does this in the background).
	///
	/// Example: depin dispute expire 3 --suri //Alice
	Expire {
		#[command(flatten)]
		signer: SignerArgs,
		/// The dispute's id.
		id: DisputeId,
	},
	/// List the open disputes, of one device or all.
	///
	/// Example: depin dispute list --device sr25519:0x…
	List {
		/// Only the disputes of this device.
		#[arg(long)]
		device: Option<String>,
	},
}

pub async fn dispute(ctx: &Ctx, command: DisputeCommand) -> Result<()> {
	match command {
		DisputeCommand::Open { signer, device, epoch, evidence } => {
			let key = signer.key()?;
			let device = parse_device(&device)?;
			let evidence = H256(hex32(&evidence).with_context(|| {
				format!(
					"bad --evidence {evidence:?}: expected the 32-byte hash of your evidence as \
					 0x and 64 hex digits"
				)
			})?);
			let chain = ctx.connect().await?;
			check_disputable(&chain, &device, epoch, &key.account()).await?;
			let registered: Option<pallet_devices::DeviceOf<Runtime>> =
				chain.storage(&pallet_devices::Devices::<Runtime>::hashed_key_for(device)).await?;
			let Some(registered) = registered else {
				bail!(
					"{} is not registered (any more): there is no bond to answer a dispute",
					device_text(&device)
				);
			};
			let bond = pallet_work::Pallet::<Runtime>::dispute_bond(registered.bond);
			note(format!(
				"opening a dispute puts the chain's dispute bond of {} on hold from {}",
				dpin_text(bond),
				account_text(&key.account())
			));
			let call =
				RuntimeCall::Work(pallet_work::Call::open_dispute { device, epoch, evidence });
			let inc = chain.submit(&key, call).await?;
			output::included(ctx, "dispute opened", &inc);
		}
		DisputeCommand::Expire { signer, id } => {
			let key = signer.key()?;
			let chain = ctx.connect().await?;
			let stored = pallet_work::Disputes::<Runtime>::hashed_key_for(id);
			let Some(d) = chain.storage::<DisputeOf<Runtime>>(&stored).await? else {
				bail!("no open dispute {id}: `depin dispute list` shows the open ones");
			};
			let current = chain.current_epoch().await?;
			ensure!(
				current > d.deadline,
				"dispute {id} waits for a verdict until the end of epoch {} (now {current}); it \
				 can be closed as timed out from epoch {}",
				d.deadline,
				d.deadline.saturating_add(1)
			);
			let call = RuntimeCall::Work(pallet_work::Call::expire_dispute { id });
			let inc = chain.submit(&key, call).await?;
			output::included(ctx, "dispute timed out: its bond is refunded", &inc);
		}
		DisputeCommand::Show { id } => {
			let chain = ctx.connect().await?;
			let key = pallet_work::Disputes::<Runtime>::hashed_key_for(id);
			let Some(d) = chain.storage::<DisputeOf<Runtime>>(&key).await? else {
				let next: DisputeId = chain
					.storage(&pallet_work::NextDisputeId::<Runtime>::hashed_key())
					.await?
					.unwrap_or_default();
				if id < next {
					bail!(
						"dispute {id} is no longer open: {RESOLVED_BY}, and the outcome is in its \
						 Work.DisputeUpheld or Work.DisputeRejected event"
					);
				}
				bail!("no dispute {id}: the chain has opened {next} disputes so far");
			};
			output::value(ctx, &dispute_json(id, &d));
		}
		DisputeCommand::List { device } => {
			let device = device.as_deref().map(parse_device).transpose()?;
			let chain = ctx.connect().await?;
			let prefix = pallet_work::Disputes::<Runtime>::final_prefix();
			let mut disputes = Vec::new();
			for (key, d) in chain.storage_entries::<DisputeOf<Runtime>>(&prefix).await? {
				if device.is_some_and(|want| want != d.device) {
					continue;
				}
				disputes.push(dispute_json(dispute_id(&key)?, &d));
			}
			let mut answer = json!({ "disputes": disputes });
			if let Some(device) = device {
				answer["device"] = device_text(&device).into();
			}
			output::value(ctx, &answer);
		}
	}
	Ok(())
}

/// Checks what the chain would refuse, so a mistake costs no fee: the epoch's dispute window,
/// and the disputes already open against the work (all slots taken, or one of the signer's).
async fn check_disputable(
	chain: &Chain,
	device: &PublicKey,
	epoch: EpochIndex,
	signer: &sp_core::crypto::AccountId32,
) -> Result<()> {
	let current = chain.current_epoch().await?;
	let window: EpochIndex = chain
		.storage(&pallet_work::DisputeWindow::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	ensure!(
		epoch <= current && current <= epoch.saturating_add(window),
		"epoch {epoch} cannot be disputed now: disputes are open from an epoch's start until \
		 {window} epochs after it, and the current epoch is {current}"
	);
	let open = pallet_work::OpenDisputes::<Runtime>::hashed_key_for(epoch, device);
	let ids: Vec<DisputeId> = chain.storage(&open).await?.unwrap_or_default();
	for id in &ids {
		let key = pallet_work::Disputes::<Runtime>::hashed_key_for(id);
		if let Some(d) = chain.storage::<DisputeOf<Runtime>>(&key).await? {
			ensure!(
				d.disputer != *signer,
				"you already dispute {} in epoch {epoch}: see `depin dispute show {id}`",
				device_text(device)
			);
		}
	}
	let max = <<Runtime as pallet_work::Config>::MaxDisputesPerWork as frame_support::traits::Get<
		u32,
	>>::get() as usize;
	ensure!(
		ids.len() < max,
		"{max} disputes about {} in epoch {epoch} are already open (the most the chain allows \
		 at once): see `depin dispute list --device {}`; one of them may still be upheld",
		device_text(device),
		device_text(device)
	);
	Ok(())
}

/// The id at the end of a `Disputes` key (`Twox64Concat`: the hash, then the id itself).
fn dispute_id(key: &[u8]) -> Result<DisputeId> {
	let tail = key.len().checked_sub(4).and_then(|at| key.get(at..));
	match tail.and_then(|t| <[u8; 4]>::try_from(t).ok()) {
		Some(bytes) => Ok(DisputeId::from_le_bytes(bytes)),
		None => bail!("a Disputes key too short to hold an id: {}", to_hex(key)),
	}
}

fn dispute_json(id: DisputeId, d: &DisputeOf<Runtime>) -> Value {
	json!({
		"id": id,
		"device": device_text(&d.device),
		"epoch": d.epoch,
		"disputer": account_text(&d.disputer),
		"bond": d.bond.to_string(),
		"evidence": to_hex(d.evidence.as_bytes()),
		"deadline": d.deadline,
		"status": "open",
		"resolution": RESOLVED_BY,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ids_come_from_the_end_of_the_key() {
		let key = pallet_work::Disputes::<Runtime>::hashed_key_for(300);
		assert_eq!(dispute_id(&key).unwrap(), 300);
		assert!(dispute_id(&[1, 2]).is_err());
	}
}
