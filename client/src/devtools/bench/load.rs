//! The workloads' transactions: how many fill the window (from the runtime's weights), and
//! signing them ahead of the clock.

use anyhow::{anyhow, ensure, Result};
use depin_primitives::PublicKey;
use depin_runtime::{Runtime, RuntimeCall, DPIN};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_work::{Attestation, UsageReceipt, WitnessReceipt};
use sp_core::{crypto::AccountId32, sr25519, H256};
use sp_runtime::{traits::TransactionExtension, MultiAddress, MultiSignature};

use super::{setup::Setup, Workload, BIG_BATCH, SENSORS_PER_GATEWAY, WITNESSES};
use crate::{
	chain::{Chain, SignedTx},
	devtools::NEIGHBOURHOOD,
	proofs::{self, Usage},
};

/// Weight of `call` as a block counts it before refunds: its dispatch weight, the weight of
/// the transaction extensions (nonce, fee payment, weight checks) and the base extrinsic
/// weight.
fn block_weight_of(call: &RuntimeCall) -> u64 {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let extensions = depin_runtime::immortal_tx_extension(0).weight(call);
	call.get_dispatch_info()
		.total_weight()
		.saturating_add(extensions)
		.saturating_add(weights.get(DispatchClass::Normal).base_extrinsic)
		.ref_time()
}

/// Weight available to normal transactions in a block.
pub(super) fn normal_block_weight() -> u64 {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block).ref_time()
}

/// How many transactions of `call`'s weight fit in a block.
pub(super) fn per_block(call: &RuntimeCall) -> usize {
	(normal_block_weight() / block_weight_of(call).max(1)).max(1) as usize
}

/// How many transactions of `call`'s weight fill `blocks` blocks, with a margin.
pub(super) fn needed(call: &RuntimeCall, blocks: u32) -> usize {
	per_block(call) * (blocks as usize + 4) + 100
}

/// Sample calls of each workload, for capacity planning.
pub(super) fn sample_call(w: Workload) -> RuntimeCall {
	let device = PublicKey::Sr25519([0; 32]);
	let receipt = UsageReceipt {
		device,
		consumer: AccountId32::new([0; 32]),
		units: 1,
		nonce: 1,
		device_signature: [0; 64],
		consumer_signature: MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64])),
	};
	match w {
		Workload::Transfers => RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(AccountId32::new([0; 32])),
			value: DPIN,
		}),
		Workload::Usage1 | Workload::Usage10 | Workload::Usage100 => {
			let n = w.proofs_per_extrinsic();
			RuntimeCall::Work(pallet_work::Call::submit_usage {
				epoch: 0,
				receipts: vec![receipt; n].try_into().unwrap_or_default(),
			})
		}
		Workload::Beacons => RuntimeCall::Work(pallet_work::Call::submit_beacon {
			beaconer: device,
			epoch: 0,
			witnesses: vec![WitnessReceipt { witness: device, signature: [0; 64] }; WITNESSES]
				.try_into()
				.unwrap_or_default(),
		}),
		Workload::Attestations => RuntimeCall::Work(pallet_work::Call::submit_attestations {
			epoch: 0,
			attestations: vec![Attestation { device, units: 1 }; BIG_BATCH]
				.try_into()
				.unwrap_or_default(),
		}),
	}
}

/// Signs the transactions of workload `w`.
pub(super) async fn prepare(
	chain: &Chain,
	s: &mut Setup,
	w: Workload,
	blocks: u32,
) -> Result<Vec<SignedTx>> {
	let count = needed(&sample_call(w), blocks);
	match w {
		Workload::Transfers => transfers(s, count),
		Workload::Usage1 | Workload::Usage10 | Workload::Usage100 => {
			usage(chain, s, count, w.proofs_per_extrinsic()).await
		}
		Workload::Beacons => beacons(chain, s, count).await,
		Workload::Attestations => attestations(s, count),
	}
}

/// Transfers between the senders, round robin.
fn transfers(s: &mut Setup, count: usize) -> Result<Vec<SignedTx>> {
	let senders = s.senders.clone();
	(0..count)
		.map(|i| {
			let from = &senders[i % senders.len()];
			let to = &senders[(i + 1) % senders.len()];
			let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(to.account()),
				value: DPIN / 1_000,
			});
			s.sign(from, &call)
		})
		.collect()
}

/// Batches of `n` usage receipts: each gateway submits for its consumer and its sensors.
async fn usage(chain: &Chain, s: &mut Setup, count: usize, n: usize) -> Result<Vec<SignedTx>> {
	let (genesis, epoch) = (s.genesis, s.epoch);
	let gateways = s.gateways.clone();
	let mut txs = Vec::with_capacity(count);
	for i in 0..count {
		let g = i % gateways.len();
		let consumer = s.consumers[g].clone();
		let mut receipts = Vec::with_capacity(n);
		for r in 0..n {
			let d = (i / gateways.len() * n + r) % SENSORS_PER_GATEWAY;
			let (key, device) = &s.sensors[g][d];
			let nonce = match s.usage_nonces.get(&(g, d)) {
				Some(n) => n + 1,
				None => chain.usage_nonce(&consumer.account(), device).await? + 1,
			};
			s.usage_nonces.insert((g, d), nonce);
			let account = consumer.account();
			let usage =
				Usage { genesis: &genesis, device, consumer: &account, epoch, units: 1, nonce };
			receipts.push(usage.sign_both(key, &consumer));
		}
		let call = proofs::submit_usage(epoch, receipts)?;
		txs.push(s.sign(&gateways[g], &call)?);
	}
	Ok(txs)
}

/// One beacon per hotspot not yet beaconed this epoch, witnessed by the next five hotspots
/// of its neighbourhood.
async fn beacons(chain: &Chain, s: &mut Setup, count: usize) -> Result<Vec<SignedTx>> {
	let (genesis, epoch) = (s.genesis, s.epoch);
	let seed: H256 = chain
		.storage(&pallet_work::Seeds::<Runtime>::hashed_key_for(epoch))
		.await?
		.ok_or_else(|| anyhow!("epoch {epoch} has no challenge seed"))?;
	let gateways = s.gateways.clone();
	let signers = if gateways.is_empty() { s.senders.clone() } else { gateways };
	let available = s.hotspots.len() - s.beacons_used;
	ensure!(available > 0, "no hotspot has a beacon left in this epoch");
	let mut txs = Vec::new();
	for b in 0..count.min(available) {
		let i = s.beacons_used + b;
		let (_, beaconer) = &s.hotspots[i];
		let challenge = depin_primitives::payload::challenge(&seed, epoch, beaconer);
		let group = i / NEIGHBOURHOOD * NEIGHBOURHOOD;
		let size = NEIGHBOURHOOD.min(s.hotspots.len() - group);
		let local = i - group;
		let witnesses: Vec<WitnessReceipt> = (1..=WITNESSES)
			.map(|k| {
				let (key, _) = &s.hotspots[group + (local + k) % size];
				proofs::witness_receipt(key, &genesis, beaconer, epoch, &challenge)
			})
			.collect();
		let call = proofs::submit_beacon(*beaconer, epoch, witnesses)?;
		txs.push(s.sign(&signers[b % signers.len()], &call)?);
	}
	s.beacons_used += txs.len();
	Ok(txs)
}

/// Every verifier attests each batch of a hundred GPUs, batch after batch.
fn attestations(s: &mut Setup, count: usize) -> Result<Vec<SignedTx>> {
	let verifiers = s.verifiers.clone();
	let batches = s.gpus.len().div_ceil(BIG_BATCH);
	let mut txs = Vec::with_capacity(count);
	for chunk in 0..batches {
		let gpus = &s.gpus[chunk * BIG_BATCH..((chunk + 1) * BIG_BATCH).min(s.gpus.len())];
		let attestations: Vec<Attestation> =
			gpus.iter().map(|d| Attestation { device: *d, units: 1 }).collect();
		let call = proofs::submit_attestations(s.epoch, attestations)?;
		for v in &verifiers {
			if txs.len() == count {
				return Ok(txs);
			}
			txs.push(s.sign(v, &call)?);
		}
	}
	Ok(txs)
}
