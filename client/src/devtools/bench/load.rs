//! The workloads' transactions: how many fill the window (from the runtime's weights), and
//! building them ahead of the clock: signed ones at explicit nonces, general ones (voucher
//! settlements, beacons) with no signer at all.

use anyhow::{anyhow, ensure, Result};
use depin_primitives::PublicKey;
use depin_runtime::{Runtime, RuntimeCall, DPIN};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_work::{Attestation, WitnessReceipt};
use sp_core::{crypto::AccountId32, sr25519, H256};
use sp_runtime::{traits::TransactionExtension, MultiAddress, MultiSignature};

use super::{setup::Setup, Workload, BIG_BATCH, WITNESSES};
use crate::{
	chain::{general_tx, Chain, SignedTx},
	devtools::NEIGHBOURHOOD,
	proofs::{self, Batch, Voucher, VoucherTerms},
};

/// Weight of `call` as a block counts it before refunds: its dispatch weight, the weight of
/// the transaction extensions (the authorization of general transactions, nonce, fee payment,
/// weight checks) and the base extrinsic weight.
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
	let voucher = Voucher { device, cumulative_units: 1, unit_price: 1, device_signature: [0; 64] };
	match w {
		Workload::Transfers => RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(AccountId32::new([0; 32])),
			value: DPIN,
		}),
		Workload::Vouchers1 | Workload::Vouchers100 => {
			RuntimeCall::Work(pallet_work::Call::settle_usage {
				consumer: AccountId32::new([0; 32]),
				epoch: 0,
				items: vec![voucher; w.items_per_extrinsic()].try_into().unwrap_or_default(),
				consumer_signature: MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64])),
			})
		}
		Workload::Beacons => RuntimeCall::Work(pallet_work::Call::submit_beacon {
			beaconer: device,
			epoch: 0,
			witnesses: vec![WitnessReceipt { witness: device, signature: [0; 64] }; WITNESSES]
				.try_into()
				.unwrap_or_default(),
			beaconer_signature: [0; 64],
		}),
		Workload::Attestations => RuntimeCall::Work(pallet_work::Call::submit_attestations {
			epoch: 0,
			attestations: vec![Attestation { device, units: 1 }; BIG_BATCH]
				.try_into()
				.unwrap_or_default(),
		}),
	}
}

/// Builds the transactions of workload `w`.
pub(super) async fn prepare(
	chain: &Chain,
	s: &mut Setup,
	w: Workload,
	blocks: u32,
) -> Result<Vec<SignedTx>> {
	let count = needed(&sample_call(w), blocks);
	match w {
		Workload::Transfers => transfers(s, count),
		Workload::Vouchers1 | Workload::Vouchers100 => vouchers(s, count, w.items_per_extrinsic()),
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

/// Settlements of `n` vouchers each, as general transactions. Transaction `i` settles for
/// consumer `i mod C` the vouchers of one group of `n` sensors (the groups taken in turn for
/// each consumer), each voucher one unit above the last of its consumer and sensor: so every
/// transaction is new, and a (consumer, sensor) pair comes round again only after every other
/// pair, when its previous settlement is in a block (the plan has enough sensors for that).
fn vouchers(s: &mut Setup, count: usize, n: usize) -> Result<Vec<SignedTx>> {
	let consumers = s.consumers.len();
	let groups = s.sensors.len() / n;
	ensure!(consumers > 0 && groups > 0, "the bench set up no consumers or usage devices");
	let (genesis, epoch, unit_price) = (s.genesis, s.epoch, s.unit_price);
	let mut txs = Vec::with_capacity(count);
	for i in 0..count {
		let c = i % consumers;
		let group = (i / consumers) % groups;
		let consumer = &s.consumers[c];
		let account = consumer.account();
		let mut items = Vec::with_capacity(n);
		for d in group * n..(group + 1) * n {
			let (key, device) = &s.sensors[d];
			let last = s.vouchers.entry((c, d)).or_default();
			*last += 1;
			let terms = VoucherTerms {
				genesis: &genesis,
				device,
				consumer: &account,
				epoch,
				cumulative_units: *last,
				unit_price,
			};
			items.push(terms.sign(key));
		}
		txs.push(general_tx(Batch::sign(consumer, &genesis, epoch, items)?.call()?));
	}
	Ok(txs)
}

/// One beacon per hotspot not yet beaconed this epoch, witnessed by the next five hotspots
/// of its neighbourhood, as general transactions.
async fn beacons(chain: &Chain, s: &mut Setup, count: usize) -> Result<Vec<SignedTx>> {
	let (genesis, epoch) = (s.genesis, s.epoch);
	let seed: H256 = chain
		.storage(&pallet_work::Seeds::<Runtime>::hashed_key_for(epoch))
		.await?
		.ok_or_else(|| anyhow!("epoch {epoch} has no challenge seed"))?;
	let available = s.hotspots.len() - s.beacons_used;
	ensure!(available > 0, "no hotspot has a beacon left in this epoch");
	let mut txs = Vec::new();
	for b in 0..count.min(available) {
		let i = s.beacons_used + b;
		let (beaconer_key, beaconer) = &s.hotspots[i];
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
		let signature = proofs::beacon_signature(beaconer_key, &genesis, epoch, &challenge);
		txs.push(general_tx(proofs::submit_beacon(*beaconer, epoch, witnesses, signature)?));
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
