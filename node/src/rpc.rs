//! The node's JSON-RPC methods beyond Substrate's standard set:
//!
//! - `system_accountNextIndex`: an account's next nonce, counting pending transactions;
//! - `payment_queryInfo`, `payment_queryFeeDetails`: fee estimates;
//! - `babe_epochAuthorship`: the slots this node's keys may author in the current epoch;
//! - `grandpa_roundState`, `grandpa_proveFinality`, `grandpa_subscribeJustifications`;
//! - `depin_*`: devices, classes, makers, the epoch clock, rewards, the emission schedule,
//!   network statistics and consumers' credits (see [`crate::depin_rpc`] and `docs/rpc.md`).

use std::sync::Arc;

use depin_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_consensus_babe::BabeWorkerHandle;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_consensus::SelectChain;
use sp_consensus_babe::BabeApi;
use sp_keystore::KeystorePtr;
use sp_runtime::traits::Block as BlockT;

/// What the BABE methods need.
pub struct BabeDeps {
	/// Handle to the BABE worker, which knows the epoch tree.
	pub babe_worker_handle: BabeWorkerHandle<Block>,
	/// The node's keystore, to find its authoring slots.
	pub keystore: KeystorePtr,
}

/// What the GRANDPA methods need.
pub struct GrandpaDeps<B> {
	/// The current authority set.
	pub shared_authority_set: SharedAuthoritySet<<Block as BlockT>::Hash, u32>,
	/// The voter's state, for `grandpa_roundState`.
	pub shared_voter_state: SharedVoterState,
	/// Stream of justifications of finalized blocks.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Executor for subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Builds finality proofs.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, SC, B> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces of pending transactions.
	pub pool: Arc<P>,
	/// The chain selection rule (best block).
	pub select_chain: SC,
	/// BABE dependencies.
	pub babe: BabeDeps,
	/// GRANDPA dependencies.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC module with all of the node's extra methods.
pub fn create_full<C, P, SC, B>(
	deps: FullDeps<C, P, SC, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BabeApi<Block>
		+ BlockBuilder<Block>
		+ depin_runtime_api::DepinApi<Block, AccountId, Balance, depin_runtime::BlockNumber>,
	P: TransactionPool + 'static,
	SC: SelectChain<Block> + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
{
	use crate::depin_rpc::{DepinRpc, DepinRpcApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool, select_chain, babe, grandpa } = deps;
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(DepinRpc::new(client.clone()).into_rpc())?;
	module.merge(
		Babe::new(client, babe.babe_worker_handle, babe.keystore, select_chain).into_rpc(),
	)?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;
	Ok(module)
}
