//! The connection to a node: subxt for transactions (signed, submitted, watched, their events
//! and dispatch errors decoded), plus the node's JSON-RPC for the `depin_*` queries and raw
//! storage reads.
//!
//! Calls are built as the runtime's own `RuntimeCall` (so the client cannot drift from the
//! pallets' argument types), then handed to subxt as call data, which checks them against the
//! node's metadata before signing. Voucher settlements and beacons are authorized general
//! transactions instead ([`Chain::submit_general`]): the runtime's own extrinsic type with no
//! signer, nonce or fee, watched the same way; when the pool refuses one, its custom code is
//! the index of a `Work` error, which the error message names and documents.
//!
//! Besides submitting and watching, this module holds the chain reads the commands share (the
//! epoch clock, what `Work::Settled` holds per epoch, consumer and device, credits, a beacon's
//! witnesses, constants, storage maps), the raw block helpers the load generator measures with
//! (block hashes and numbers, extrinsic hashes, events, finality), [`OfflineSigner`], which
//! signs many transactions at explicit nonces without a round trip each, with the transaction
//! extensions subxt builds from the node's metadata, and [`general_tx`], which builds general
//! transactions offline.

use std::time::Duration;

use anyhow::{anyhow, bail, ensure, Context, Result};
use codec::{Decode, Encode};
use depin_primitives::{EpochIndex, PublicKey};
use depin_runtime::{Balance, Runtime, RuntimeCall, RuntimeError, RuntimeEvent};
use frame_support::traits::GetCallMetadata;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::traits::{BlakeTwo256, Hash};
use subxt::{
	client::OnlineClientAtBlockT,
	config::DefaultExtrinsicParamsBuilder,
	ext::{
		scale_decode::DecodeAsType,
		scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
	},
	rpcs::{client::RpcParams, RpcClient},
	tx::{Payload, TransactionProgress, TransactionStatus},
	OnlineClient, OnlineClientAtBlock, SubstrateConfig,
};

use crate::{
	keys::{Key, TxSigner},
	text::{account_text, pretty_debug, to_hex},
};

/// How long to wait for a transaction before giving up.
const TX_TIMEOUT: Duration = Duration::from_secs(300);

/// What a submission waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Wait {
	/// Return once the transaction is in a best block (a few seconds).
	InBlock,
	/// Return once the block with the transaction is finalized (GRANDPA, a few blocks later).
	Finalized,
}

/// The reward-epoch clock as reports for an epoch need it.
#[derive(Clone, Copy, Debug)]
pub struct EpochClock {
	/// The current epoch.
	pub current: EpochIndex,
	/// The previous epoch, while it is in its submission grace (still accepts reports).
	pub closing: Option<EpochIndex>,
}

impl EpochClock {
	/// Whether the chain still accepts reports for `epoch`; if not, why, in words.
	pub fn check(&self, epoch: EpochIndex) -> Result<()> {
		ensure!(
			epoch <= self.current,
			"epoch {epoch} has not started (the chain is in epoch {}): Work.EpochInFuture",
			self.current
		);
		ensure!(
			epoch == self.current || self.closing == Some(epoch),
			"epoch {epoch} is past its submission grace (the chain is in epoch {}): its reports \
			 are no longer accepted (Work.EpochTooOld)",
			self.current
		);
		Ok(())
	}
}

/// A transaction that made it into a block and succeeded.
#[derive(Debug)]
pub struct Included {
	/// The block's hash.
	pub block_hash: H256,
	/// The block's number.
	pub block_number: u64,
	/// The transaction's hash.
	pub extrinsic_hash: H256,
	/// Its events, decoded with the runtime's types.
	pub events: Vec<RuntimeEvent>,
}

impl Included {
	/// The events as `Pallet.Event { … }` lines.
	pub fn event_lines(&self) -> Vec<String> {
		self.events.iter().map(|e| pretty_debug(&format!("{e:?}"))).collect()
	}

	/// A JSON summary (for `--json`).
	pub fn to_json(&self) -> Value {
		serde_json::json!({
			"blockHash": to_hex(self.block_hash.as_bytes()),
			"blockNumber": self.block_number,
			"extrinsicHash": to_hex(self.extrinsic_hash.as_bytes()),
			"events": self.event_lines(),
		})
	}
}

/// The chain rejected a transaction included in a block.
#[derive(Debug)]
pub struct DispatchFailed {
	/// `Pallet.Error { fields }` or the dispatch error's name.
	pub error: String,
	/// The error's documentation from the metadata.
	pub docs: String,
	/// The block it was included in.
	pub block_number: u64,
}

impl std::fmt::Display for DispatchFailed {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(
			f,
			"the chain rejected the transaction (included in block #{}): {}",
			self.block_number, self.error
		)?;
		if !self.docs.is_empty() {
			write!(f, ": {}", self.docs)?;
		}
		Ok(())
	}
}

impl std::error::Error for DispatchFailed {}

/// A connection to a node.
pub struct Chain {
	/// The JSON-RPC client (shared with subxt).
	pub rpc: RpcClient,
	/// The subxt client.
	pub api: OnlineClient<SubstrateConfig>,
	/// What submissions wait for.
	pub wait: Wait,
	url: String,
}

impl Chain {
	/// Connects to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str, wait: Wait) -> Result<Chain> {
		let rpc = RpcClient::from_insecure_url(url).await.with_context(|| {
			format!(
				"cannot connect to a node at {url}; is it running? (start one with \
				 ./scripts/dev.sh, or pass --url)"
			)
		})?;
		let api = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone())
			.await
			.with_context(|| format!("cannot read the chain's metadata from {url}"))?;
		Ok(Chain { rpc, api, wait, url: url.to_string() })
	}

	/// The chain's genesis hash, which every signed payload commits to.
	pub fn genesis(&self) -> H256 {
		H256(self.api.genesis_hash().0)
	}

	/// Calls JSON-RPC `method` with `params` (a JSON array) and decodes the result.
	pub async fn call<T: DeserializeOwned>(&self, method: &str, params: Vec<Value>) -> Result<T> {
		let mut p = RpcParams::new();
		for v in params {
			p.push(v)?;
		}
		self.rpc.request(method, p).await.map_err(|e| anyhow!(rpc_message(e)))
	}

	/// The next nonce of `account`, counting transactions already in the pool.
	pub async fn next_nonce(&self, account: &AccountId32) -> Result<u64> {
		self.call("system_accountNextIndex", vec![Value::from(account_text(account))]).await
	}

	/// Reads and decodes the raw storage value at `key` in the best block.
	pub async fn storage<T: Decode>(&self, key: &[u8]) -> Result<Option<T>> {
		self.read_storage(key, None).await
	}

	/// Reads and decodes the raw storage value at `key` in block `at`.
	pub async fn storage_at<T: Decode>(&self, key: &[u8], at: H256) -> Result<Option<T>> {
		self.read_storage(key, Some(at)).await
	}

	async fn read_storage<T: Decode>(&self, key: &[u8], at: Option<H256>) -> Result<Option<T>> {
		let mut params = vec![Value::from(to_hex(key))];
		if let Some(at) = at {
			params.push(format!("{at:?}").into());
		}
		let raw: Option<String> = self.call("state_getStorage", params).await?;
		raw.map(|hex| {
			let bytes = hex::decode(hex.trim_start_matches("0x"))?;
			T::decode(&mut &bytes[..]).map_err(|e| anyhow!("cannot decode storage value: {e}"))
		})
		.transpose()
	}

	/// Signs `call` with `signer` at the signer's next nonce, submits it and waits as
	/// configured. Fails with [`DispatchFailed`] if the call failed in its block, or with the
	/// node's reason if the pool refused it.
	pub async fn submit(&self, signer: &Key, call: RuntimeCall) -> Result<Included> {
		signer.ensure_account("signer")?;
		let nonce = self.next_nonce(&signer.account()).await?;
		self.submit_with_nonce(signer, call, nonce).await
	}

	/// Submits `call` through sudo (development chains) as [`Chain::submit`] does, and fails
	/// if the call itself failed: sudo's own transaction succeeds either way, and reports the
	/// call's result in its `Sudid` event.
	pub async fn submit_sudo(&self, sudo: &Key, call: RuntimeCall) -> Result<Included> {
		let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
		let inc = self.submit(sudo, call).await?;
		for event in &inc.events {
			if let RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(error) }) = event
			{
				let at = self.api.at_current_block().await.context("cannot read the metadata")?;
				let metadata = at.metadata();
				return Err(dispatch_failed(&metadata, *error, inc.block_number).into());
			}
		}
		Ok(inc)
	}

	/// As [`Chain::submit`], with an explicit nonce.
	pub async fn submit_with_nonce(
		&self,
		signer: &Key,
		call: RuntimeCall,
		nonce: u64,
	) -> Result<Included> {
		signer.ensure_account("signer")?;
		let fut = self.submit_inner(signer, call, nonce);
		tokio::time::timeout(TX_TIMEOUT, fut).await.map_err(|_| {
			anyhow!(
				"no news of the transaction after {} s; check the node ({})",
				TX_TIMEOUT.as_secs(),
				self.url
			)
		})?
	}

	async fn submit_inner(&self, signer: &Key, call: RuntimeCall, nonce: u64) -> Result<Included> {
		let at = self.api.at_current_block().await.context("cannot read the finalized block")?;
		let mut tx = at.tx();
		let payload = tx
			.from_call_data_bytes(&call.encode())
			.context("the node's runtime does not know this call; is the client up to date?")?;
		let params = DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(nonce).build();
		let signed = tx
			.create_signed(&payload, &TxSigner(signer), params)
			.await
			.context("cannot sign the transaction")?;
		let progress = signed.submit_and_watch().await.map_err(|e| {
			anyhow!("the node refused the transaction: {}", explain_invalid(&e.to_string()))
		})?;
		self.watch(progress, &|message| {
			format!("the node refused the transaction: {}", explain_invalid(message))
		})
		.await
	}

	/// Submits `call` as an authorized general transaction (no signer, nonce or fee: the
	/// signatures the call carries authorize it, as `settle_usage` and `submit_beacon` do) and
	/// waits as configured. `what` names it in errors ("the settlement"). When the pool
	/// refuses it, the error names the `Work` pallet error the call's authorization returned
	/// and quotes its documentation.
	pub async fn submit_general(&self, call: RuntimeCall, what: &str) -> Result<Included> {
		let fut = self.submit_general_inner(call, what);
		tokio::time::timeout(TX_TIMEOUT, fut).await.map_err(|_| {
			anyhow!(
				"no news of {what} after {} s; check the node ({})",
				TX_TIMEOUT.as_secs(),
				self.url
			)
		})?
	}

	async fn submit_general_inner(&self, call: RuntimeCall, what: &str) -> Result<Included> {
		let at = self.api.at_current_block().await.context("cannot read the finalized block")?;
		check_extensions(&at.metadata())?;
		let tx = at.tx().from_bytes(general_transaction(call));
		let metadata = at.metadata();
		let refused = |message: &str| {
			format!("the node refused {what}: {}", explain_refusal(&metadata, message))
		};
		let progress = tx.submit_and_watch().await.map_err(|e| anyhow!(refused(&e.to_string())))?;
		self.watch(progress, &refused).await
	}

	/// Follows a submitted transaction until it is in a block (best or finalized, as
	/// configured); decodes its events, or its dispatch error by name. `refused` turns the
	/// pool's reason into the error message.
	async fn watch<C: OnlineClientAtBlockT<SubstrateConfig>>(
		&self,
		mut progress: TransactionProgress<SubstrateConfig, C>,
		refused: &dyn Fn(&str) -> String,
	) -> Result<Included> {
		while let Some(status) = progress.next().await {
			let status = status.map_err(|e| anyhow!(refused(&e.to_string())))?;
			let in_block = match status {
				TransactionStatus::InBestBlock(b) if self.wait == Wait::InBlock => b,
				TransactionStatus::InFinalizedBlock(b) => b,
				TransactionStatus::Invalid { message } => bail!(refused(&message)),
				TransactionStatus::Dropped { message } => {
					bail!("the transaction was dropped from the pool: {message}")
				}
				TransactionStatus::Error { message } => {
					bail!("the node reported an error for the transaction: {message}")
				}
				_ => continue,
			};
			let block_hash = H256(in_block.block_hash().0);
			let extrinsic_hash = H256(in_block.extrinsic_hash().0);
			let block = in_block.at().await.context("cannot read the transaction's block")?;
			let block_number = block.block_number();
			let ext_events = in_block.fetch_events().await.context("cannot read the events")?;
			let mut events = Vec::new();
			for event in ext_events.iter() {
				let event = event.context("cannot decode an event")?;
				let record =
					frame_system::EventRecord::<RuntimeEvent, H256>::decode(&mut event.bytes())
						.context("cannot decode an event with this client's runtime types")?;
				if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) = &record.event
				{
					let metadata = block.metadata();
					return Err(dispatch_failed(&metadata, *dispatch_error, block_number).into());
				}
				events.push(record.event);
			}
			return Ok(Included { block_hash, block_number, extrinsic_hash, events });
		}
		bail!("the node stopped reporting on the transaction before it was included")
	}
}

/// Reads the commands share.
impl Chain {
	/// The current epoch's index.
	pub async fn current_epoch(&self) -> Result<EpochIndex> {
		let epoch: Value = self.call("depin_epoch", vec![]).await?;
		epoch["index"].as_u64().map(|e| e as u32).ok_or_else(|| anyhow!("bad depin_epoch answer"))
	}

	/// The reward-epoch clock (`depin_epoch`): the current epoch and the one in its
	/// submission grace, if any.
	pub async fn epoch_clock(&self) -> Result<EpochClock> {
		let info: Value = self.call("depin_epoch", vec![]).await?;
		let current = info["index"].as_u64().ok_or_else(|| anyhow!("bad depin_epoch answer"))?;
		Ok(EpochClock {
			current: current as EpochIndex,
			closing: info["closing"].as_u64().map(|e| e as EpochIndex),
		})
	}

	/// The cumulative usage units the chain settled in `epoch` for `consumer` and `device`
	/// (`Work::Settled`; 0 if none): a voucher settles only what it adds above this.
	pub async fn settled_units(
		&self,
		epoch: EpochIndex,
		consumer: &AccountId32,
		device: &PublicKey,
	) -> Result<u64> {
		let key =
			pallet_work::Settled::<Runtime>::hashed_key_for(epoch, (consumer.clone(), *device));
		Ok(self.storage::<u64>(&key).await?.unwrap_or(0))
	}

	/// Every settled value of `epoch`, by consumer and device (`Work::Settled`).
	pub async fn settled_in_epoch(
		&self,
		epoch: EpochIndex,
	) -> Result<Vec<((AccountId32, PublicKey), u64)>> {
		let prefix = settled_prefix(epoch);
		let mut settled = Vec::new();
		for (key, units) in self.storage_entries::<u64>(&prefix).await? {
			let pair = settled_pair(&prefix, &key)
				.ok_or_else(|| anyhow!("a Work.Settled key that does not decode"))?;
			settled.push((pair, units));
		}
		Ok(settled)
	}

	/// The credits of `account` (`Emissions::Credits`).
	pub async fn credits(&self, account: &AccountId32) -> Result<Balance> {
		let key = pallet_emissions::Credits::<Runtime>::hashed_key_for(account);
		Ok(self.storage(&key).await?.unwrap_or(0))
	}

	/// The witnesses counted for `beaconer`'s beacon in `epoch` (`Work::Beacons`).
	pub async fn beacon_witnesses(
		&self,
		epoch: EpochIndex,
		beaconer: &PublicKey,
	) -> Result<Vec<PublicKey>> {
		let key = pallet_work::Beacons::<Runtime>::hashed_key_for(epoch, beaconer);
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The settlement rate: credits a settlement batch pays per unit of its weight
	/// (`Work::SettlementRate`).
	pub async fn settlement_rate(&self) -> Result<Balance> {
		let key = pallet_work::SettlementRate::<Runtime>::hashed_key();
		Ok(self.storage(&key).await?.unwrap_or(0))
	}

	/// The weight limits of a block (the node's `System.BlockWeights` constant).
	pub async fn block_weights(&self) -> Result<frame_system::limits::BlockWeights> {
		let at = self.api.at_current_block().await.context("cannot read the finalized block")?;
		let metadata = at.metadata();
		let bytes = metadata
			.pallet_by_name("System")
			.and_then(|p| p.constant_by_name("BlockWeights"))
			.map(|c| c.value().to_vec())
			.ok_or_else(|| anyhow!("the node's runtime has no constant System.BlockWeights"))?;
		frame_system::limits::BlockWeights::decode(&mut &bytes[..])
			.context("cannot decode the node's System.BlockWeights")
	}

	/// The node's runtime constant `pallet.name` (from its metadata).
	pub async fn constant<T: DecodeAsType>(&self, pallet: &str, name: &str) -> Result<T> {
		let at = self.api.at_current_block().await.context("cannot read the finalized block")?;
		let addr = subxt::dynamic::constant::<T>(pallet, name);
		at.constants()
			.entry(addr)
			.with_context(|| format!("the node's runtime has no constant {pallet}.{name}"))
	}

	/// Every value of the storage map under `prefix` in the best block, with its full key.
	pub async fn storage_entries<T: Decode>(&self, prefix: &[u8]) -> Result<Vec<(Vec<u8>, T)>> {
		const PAGE: u32 = 1_000;
		let mut entries = Vec::new();
		let mut start_key = Value::Null;
		loop {
			let keys: Vec<String> = self
				.call(
					"state_getKeysPaged",
					vec![to_hex(prefix).into(), PAGE.into(), start_key.clone()],
				)
				.await?;
			for key in &keys {
				let bytes = hex::decode(key.trim_start_matches("0x"))?;
				if let Some(value) = self.storage(&bytes).await? {
					entries.push((bytes, value));
				}
			}
			match keys.last() {
				Some(last) if keys.len() == PAGE as usize => start_key = last.clone().into(),
				_ => return Ok(entries),
			}
		}
	}
}

/// Raw block reads, for measuring what blocks carry.
impl Chain {
	/// Calls `method`, naming it in the error.
	async fn request<T: DeserializeOwned>(&self, method: &str, params: Vec<Value>) -> Result<T> {
		self.call(method, params).await.with_context(|| format!("{method} failed"))
	}

	/// The hash of block `number`.
	pub async fn block_hash(&self, number: u32) -> Result<H256> {
		let hash: Option<String> = self.request("chain_getBlockHash", vec![number.into()]).await?;
		let hash = hash.ok_or_else(|| anyhow!("the node has no block {number}"))?;
		Ok(H256(crate::text::hex32(&hash)?))
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u32> {
		let header: Value = self.request("chain_getHeader", vec![]).await?;
		block_number(&header["number"])
	}

	/// The finalized block's number.
	pub async fn finalized_number(&self) -> Result<u32> {
		let hash: String = self.request("chain_getFinalizedHead", vec![]).await?;
		let header: Value = self.request("chain_getHeader", vec![hash.into()]).await?;
		block_number(&header["number"])
	}

	/// The extrinsic hashes of block `number`, in block order.
	pub async fn block_extrinsics(&self, number: u32) -> Result<Vec<H256>> {
		let hash = self.block_hash(number).await?;
		let block: Value = self.request("chain_getBlock", vec![format!("{hash:?}").into()]).await?;
		let xts = block["block"]["extrinsics"]
			.as_array()
			.ok_or_else(|| anyhow!("block {number} has no extrinsics list"))?;
		xts.iter()
			.map(|x| {
				let bytes = hex::decode(x.as_str().unwrap_or_default().trim_start_matches("0x"))?;
				Ok(H256(BlakeTwo256::hash(&bytes).0))
			})
			.collect()
	}

	/// The events of block `hash`, decoded with the runtime's types.
	pub async fn events_at(
		&self,
		hash: H256,
	) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, H256>>> {
		let key = frame_support::storage::storage_prefix(b"System", b"Events");
		Ok(self.storage_at(&key, hash).await?.unwrap_or_default())
	}

	/// How many transactions wait in the node's pool.
	pub async fn pool_size(&self) -> Result<usize> {
		let pending: Vec<Value> = self.request("author_pendingExtrinsics", vec![]).await?;
		Ok(pending.len())
	}

	/// Waits until block `number` is finalized (at most ten minutes).
	pub async fn wait_finalized(&self, number: u32) -> Result<()> {
		let deadline = std::time::Instant::now() + Duration::from_secs(600);
		while self.finalized_number().await? < number {
			ensure!(
				std::time::Instant::now() < deadline,
				"block {number} was not finalized within 10 minutes"
			);
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		Ok(())
	}
}

/// The storage key prefix of `Work::Settled` entries of `epoch`.
fn settled_prefix(epoch: EpochIndex) -> Vec<u8> {
	use frame_support::{storage::StoragePrefixedMap, StorageHasher, Twox64Concat};
	let mut prefix = pallet_work::Settled::<Runtime>::final_prefix().to_vec();
	prefix.extend(Twox64Concat::hash(&epoch.encode()));
	prefix
}

/// The (consumer, device) of a `Work::Settled` key under `prefix`: the key ends with
/// blake2_128 of the pair, then the pair.
fn settled_pair(prefix: &[u8], key: &[u8]) -> Option<(AccountId32, PublicKey)> {
	let mut rest = key.strip_prefix(prefix)?.get(16..)?;
	<(AccountId32, PublicKey)>::decode(&mut rest).ok()
}

/// A block number as the JSON-RPC prints it (`0x`-prefixed hex).
pub fn block_number(v: &Value) -> Result<u32> {
	let s = v.as_str().ok_or_else(|| anyhow!("a header without a number"))?;
	u32::from_str_radix(s.trim_start_matches("0x"), 16).context("a bad block number")
}

/// A transaction signed ahead of submission.
pub struct SignedTx {
	/// The extrinsic, `0x` and hex, as `author_submitExtrinsic` takes it.
	pub hex: String,
	/// Its hash, as blocks list it.
	pub hash: H256,
}

/// Signs immortal transactions at explicit nonces without asking the node, for the state of
/// the block it was made at: subxt builds the transaction extensions (spec and transaction
/// version, genesis, era, nonce, tip) from the node's metadata, so they always match the
/// runtime's `TxExtension`.
pub struct OfflineSigner {
	at: OnlineClientAtBlock<SubstrateConfig>,
}

impl OfflineSigner {
	/// A signer for the node's current finalized block.
	pub async fn new(chain: &Chain) -> Result<OfflineSigner> {
		let at = chain.api.at_current_block().await.context("cannot read the finalized block")?;
		Ok(OfflineSigner { at })
	}

	/// Signs `call` by `signer` at `nonce`, with no tip.
	pub fn sign(&self, signer: &Key, call: &RuntimeCall, nonce: u64) -> Result<SignedTx> {
		signer.ensure_account("signer")?;
		let payload = NativeCall::new(call);
		let params =
			DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().immortal().nonce(nonce).build();
		let tx = self
			.at
			.tx()
			.create_signable_offline(&payload, params)
			.context("cannot build the transaction")?
			.sign(&TxSigner(signer))
			.context("cannot sign the transaction")?;
		let bytes = tx.encoded();
		Ok(SignedTx { hex: to_hex(bytes), hash: H256(BlakeTwo256::hash(bytes).0) })
	}
}

/// The SCALE encoding of `call` as an authorized general transaction: extrinsic format 5,
/// "general", extension version 0, the runtime's transaction extensions with no nonce or tip
/// (`depin_runtime::immortal_tx_extension(0)`), no signer. The call's own signatures authorize
/// it (`AuthorizeCall`); the nonce and fee extensions skip it, as it has no signer.
pub fn general_transaction(call: RuntimeCall) -> Vec<u8> {
	depin_runtime::UncheckedExtrinsic::new_transaction(
		call,
		depin_runtime::immortal_tx_extension(0),
	)
	.encode()
}

/// `call` as a general transaction ready for `author_submitExtrinsic`, built offline (no
/// nonce, no signer, nothing read from the node): the load generator builds thousands.
pub fn general_tx(call: RuntimeCall) -> SignedTx {
	let bytes = general_transaction(call);
	SignedTx { hex: to_hex(&bytes), hash: H256(BlakeTwo256::hash(&bytes).0) }
}

/// Fails unless the node's runtime has the transaction extensions this client builds general
/// transactions with (their names, in order, from the node's metadata).
fn check_extensions(metadata: &subxt::metadata::Metadata) -> Result<()> {
	use sp_runtime::traits::TransactionExtension;
	let ours: Vec<String> =
		<depin_runtime::TxExtension as TransactionExtension<RuntimeCall>>::metadata()
			.into_iter()
			.map(|m| m.identifier.to_string())
			.collect();
	let theirs: Vec<String> = metadata
		.extrinsic()
		.transaction_extensions_by_version(0)
		.map(|exts| exts.map(|e| e.identifier().to_string()).collect())
		.unwrap_or_default();
	ensure!(
		ours == theirs,
		"the node's runtime has other transaction extensions ({}) than this client ({}): update \
		 the client to the node's version",
		theirs.join(", "),
		ours.join(", ")
	);
	Ok(())
}

/// The custom code of an `InvalidTransaction::Custom` refusal in the node's message, which
/// reads `Custom error: 7` (JSON-RPC `author_submitExtrinsic`), `Invalid transaction with custom
/// error: 7` (the `transactionWatch_v1` subscription) or `Custom(7)` (a `Debug` form).
pub fn custom_code(message: &str) -> Option<u8> {
	let lower = message.to_lowercase();
	lower.match_indices("custom").find_map(|(i, word)| {
		let rest = &lower[i + word.len()..];
		let rest = rest.strip_prefix(" error:").or_else(|| rest.strip_prefix('('))?;
		let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
		digits.parse().ok()
	})
}

/// The pool's reason for refusing a general transaction, in words: a custom code becomes the
/// `Work` error of that index with its documentation (the authorization of the work calls
/// refuses with `InvalidTransaction::Custom(index of the Work error)`).
fn explain_refusal(metadata: &subxt::metadata::Metadata, message: &str) -> String {
	let Some(code) = custom_code(message) else {
		return explain_invalid(message);
	};
	let Some(variant) =
		metadata.pallet_by_name("Work").and_then(|p| p.error_variant_by_index(code))
	else {
		return format!("{message} (no Work error has index {code} in the node's metadata)");
	};
	let docs = variant.docs.join(" ");
	let mut docs = docs.trim().to_string();
	if !variant.fields.is_empty() {
		docs.push_str(" (The pool's reason does not say which item.)");
	}
	let hint = match variant.name.as_str() {
		"InsufficientCredits" => {
			" Buy credits for the consumer: depin credits buy --consumer <account>."
		}
		"NothingToSettle" => {
			" This batch, or a later voucher of each of its devices, was settled already."
		}
		"EpochTooOld" => {
			" Vouchers and witness receipts must reach the chain before the epoch's grace ends."
		}
		_ => "",
	};
	if docs.is_empty() {
		format!("Work.{}{hint}", variant.name)
	} else {
		format!("Work.{}: {docs}{hint}", variant.name)
	}
}

/// A runtime call as subxt's payload, with its arguments encoded by the runtime's own types
/// (no round trip through dynamic values: the load generator signs tens of thousands).
struct NativeCall {
	pallet: &'static str,
	function: &'static str,
	args: NativeArgs,
}

/// Call arguments already SCALE-encoded.
struct NativeArgs(Vec<u8>);

impl NativeCall {
	fn new(call: &RuntimeCall) -> NativeCall {
		let meta = call.get_call_metadata();
		// The encoding is the pallet's index, the call's index, then the arguments.
		let args = call.encode().get(2..).map(<[u8]>::to_vec).unwrap_or_default();
		NativeCall {
			pallet: meta.pallet_name,
			function: meta.function_name,
			args: NativeArgs(args),
		}
	}
}

impl Payload for NativeCall {
	type CallData = NativeArgs;

	fn pallet_name(&self) -> &str {
		self.pallet
	}

	fn call_name(&self) -> &str {
		self.function
	}

	fn call_data(&self) -> &NativeArgs {
		&self.args
	}
}

impl EncodeAsFields for NativeArgs {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		_fields: &mut dyn FieldIter<'_, R::TypeId>,
		_types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		out.extend_from_slice(&self.0);
		Ok(())
	}
}

/// Names a dispatch error with the runtime's types and documents it from the metadata.
fn dispatch_failed(
	metadata: &subxt::metadata::Metadata,
	error: sp_runtime::DispatchError,
	block_number: u64,
) -> DispatchFailed {
	let (name, docs) = match error {
		sp_runtime::DispatchError::Module(m) => {
			let mut name = RuntimeError::from_dispatch_error(error)
				.map(|e| pretty_debug(&format!("{e:?}")))
				.unwrap_or_else(|| format!("{error:?}"));
			let variant = metadata
				.pallet_by_error_index(m.index)
				.and_then(|p| p.error_variant_by_index(m.error[0]));
			// FRAME's `Debug` of pallet errors prints only the variant's name: decode its
			// fields (such as the batch `index`) from the error bytes with the metadata.
			if let Some(v) = variant.filter(|v| !v.fields.is_empty()) {
				let bytes = &mut &m.error[1..];
				let fields: Vec<String> = v
					.fields
					.iter()
					.map(|f| {
						let value = subxt::ext::scale_value::scale::decode_as_type(
							bytes,
							f.ty.id,
							metadata.types(),
						)
						.map(|v| v.to_string())
						.unwrap_or_else(|_| "?".into());
						match &f.name {
							Some(n) => format!("{n}: {value}"),
							None => value,
						}
					})
					.collect();
				name = format!("{name} {{ {} }}", fields.join(", "));
			}
			let docs = variant.map(|v| v.docs.join(" ").trim().to_string()).unwrap_or_default();
			(name, docs)
		}
		other => (format!("{other:?}"), String::new()),
	};
	DispatchFailed { error: name, docs, block_number }
}

/// Adds what to do to the pool's most common refusals.
fn explain_invalid(message: &str) -> String {
	let hint = if message.contains("Inability to pay some fees") || message.contains("Payment") {
		" (the signer cannot pay the fee: fund its account first)"
	} else if message.contains("Stale") || message.contains("Outdated") {
		" (the nonce was already used: another transaction of this signer got in first)"
	} else if message.contains("bad signature") || message.contains("BadProof") {
		" (the signature does not match: wrong key or wrong chain)"
	} else if message.contains("Priority is too low") || message.contains("TooLowPriority") {
		" (the pool holds a transaction that provides the same tag: for a voucher settlement, a \
		 pending batch of one of these (consumer, device) pairs; for a beacon, a pending \
		 submission adding one of these witnesses. Send this one again once that is in a block)"
	} else if message.contains("already imported") || message.contains("temporarily banned") {
		" (the node saw this very transaction a moment ago: it is in the pool or a block, or \
		 was refused and is banned for a while; check the chain before sending it again)"
	} else {
		""
	};
	format!("{message}{hint}")
}

/// The message of an RPC error, without subxt's wrapping.
fn rpc_message(e: subxt::rpcs::Error) -> String {
	match e {
		subxt::rpcs::Error::User(u) => u.message,
		other => other.to_string(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn custom_codes_are_read_from_the_node_s_messages() {
		assert_eq!(custom_code("Invalid Transaction (1010): Custom error: 7"), Some(7));
		assert_eq!(custom_code("Invalid(Custom(12))"), Some(12));
		assert_eq!(custom_code("Invalid transaction with custom error: 3"), Some(3));
		assert_eq!(custom_code("Transaction is outdated"), None);
		assert_eq!(custom_code("Custom error: none"), None);
	}

	#[test]
	fn general_transactions_decode_as_the_runtime_s() {
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] });
		let bytes = general_transaction(call.clone());
		let xt = depin_runtime::UncheckedExtrinsic::decode(&mut &bytes[..]).unwrap();
		assert!(matches!(xt.preamble, sp_runtime::generic::Preamble::General(_)));
		assert_eq!(xt.function, call);
		let tx = general_tx(call);
		assert_eq!(tx.hex, to_hex(&bytes));
	}

	#[test]
	fn settled_keys_give_back_their_pair() {
		let pair = (AccountId32::new([4; 32]), PublicKey::Ed25519([9; 32]));
		let key = pallet_work::Settled::<Runtime>::hashed_key_for(7, pair.clone());
		assert_eq!(settled_pair(&settled_prefix(7), &key), Some(pair));
		assert_eq!(settled_pair(&settled_prefix(8), &key), None);
	}
}
