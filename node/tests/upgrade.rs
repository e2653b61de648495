//! Runtime upgrade on a running chain: `system.set_code` with the runtime one `spec_version`
//! later (package `depin-runtime-next`, the same sources with feature `spec-bump`), enacted by
//! sudo on a dev node. Blocks and finality continue, the node reports the new version, and the
//! DePIN RPC keeps answering from the new runtime.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{serial, Backend, Node, NodeConfig};
use depin_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use sp_keyring::Sr25519Keyring;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_code_upgrades_a_running_chain() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(NodeConfig {
		name: "dev".into(),
		chain_args: vec!["--dev".into()],
		backend: Backend::Libp2p,
		bootnodes: vec![],
		base_path: tmp.path().join("dev"),
	})
	.await;
	node.wait_for("block 2", Duration::from_secs(60), |best, _| best >= 2).await;
	let version = |v: serde_json::Value| v["specVersion"].as_u64().expect("specVersion");
	let before = version(node.call("state_getRuntimeVersion", rpc_params![]).await);

	let code = depin_runtime_next::WASM_BINARY.expect("the next runtime's wasm is built").to_vec();
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo_unchecked_weight {
		call: Box::new(set_code),
		weight: frame_support::weights::Weight::zero(),
	});
	let xt = node.sign(Sr25519Keyring::Alice, call).await;
	node.submit(&xt).await.expect("the upgrade is accepted into the pool");

	let deadline = Instant::now() + Duration::from_secs(90);
	let upgraded_at = loop {
		let now = version(node.call("state_getRuntimeVersion", rpc_params![]).await);
		if now == before + 1 {
			break node.best_number().await;
		}
		assert!(Instant::now() < deadline, "still spec_version {now} after 90 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	};
	// The chain goes on under the new runtime: new blocks, new finality, the DePIN API answers.
	node.wait_for("3 blocks and finality past the upgrade", Duration::from_secs(90), |b, f| {
		b >= upgraded_at + 3 && f > upgraded_at
	})
	.await;
	let epoch = node.call("depin_epoch", rpc_params![]).await;
	assert!(epoch["index"].is_u64(), "{epoch}");
	let finalized = node.finalized().await.0;
	let at_finalized = node.call("state_getRuntimeVersion", rpc_params![finalized]).await;
	assert_eq!(version(at_finalized), before + 1, "the finalized state runs the new runtime");
}
