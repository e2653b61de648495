//! Network operations on loopback: four validators (`--chain local-4`) losing one and two of
//! their number, a validator killed with `kill -9` under a stream of transfers and usage
//! voucher settlements (authorized general transactions), and new full nodes joining by full
//! and by warp sync. Every node runs on
//! 127.0.0.1 with its own temporary base path and is stopped when the test ends, pass or fail.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::{collections::BTreeSet, path::Path, time::Duration};

use codec::Encode;
use common::{from_hex, serial, to_hex, Backend, Node, NodeConfig};
use depin_runtime::{BalancesCall, RuntimeCall, UncheckedExtrinsic, DPIN};
use jsonrpsee::rpc_params;
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie};
use sp_runtime::MultiSignature;

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

fn validator_config(tmp: &Path, name: &str, bootnodes: Vec<String>) -> NodeConfig {
	let index = VALIDATORS.iter().position(|n| *n == name).unwrap_or(9) + 1;
	NodeConfig {
		name: name.into(),
		chain_args: vec![
			"--chain".into(),
			"local-4".into(),
			format!("--{name}"),
			// Validators need a persistent network key; a fixed one keeps peer ids stable
			// across restarts.
			"--node-key".into(),
			format!("{:064x}", 0x40 + index),
		],
		backend: Backend::Libp2p,
		bootnodes,
		base_path: tmp.join(name),
	}
}

fn full_node_config(tmp: &Path, name: &str, sync: &str, bootnodes: Vec<String>) -> NodeConfig {
	NodeConfig {
		name: name.into(),
		chain_args: vec!["--chain".into(), "local-4".into(), "--sync".into(), sync.into()],
		backend: Backend::Libp2p,
		bootnodes,
		base_path: tmp.join(name),
	}
}

async fn address(node: &Node) -> String {
	let peer = node.call("system_localPeerId", rpc_params![]).await;
	format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", node.p2p_port, peer.as_str().unwrap())
}

/// The hash of block `number` on every node, which must agree.
async fn same_block_everywhere(nodes: &[&Node], number: u64) -> String {
	let mut hashes = Vec::new();
	for node in nodes {
		hashes.push((node.config.name.clone(), node.block_hash(number).await));
	}
	assert!(
		hashes.iter().all(|(_, h)| *h == hashes[0].1),
		"block {number} differs between nodes: {hashes:?}"
	);
	hashes[0].1.clone()
}

/// Waits until every node has finalized at least `height`.
async fn all_finalize(nodes: &[&Node], height: u64, timeout: Duration) {
	for node in nodes {
		node.wait_for(&format!("finalized >= {height}"), timeout, |_, f| f >= height).await;
	}
}

/// The hashes (blake2-256, as the pool reports them) of the extrinsics in blocks
/// `1..=height` of `node`'s chain.
async fn extrinsics_up_to(node: &Node, height: u64) -> Vec<String> {
	let mut all = Vec::new();
	for n in 1..=height {
		let hash = node.block_hash(n).await;
		let block = node.call("chain_getBlock", rpc_params![hash]).await;
		for xt in block["block"]["extrinsics"].as_array().unwrap() {
			let bytes = from_hex(xt.as_str().unwrap());
			all.push(to_hex(&sp_io::hashing::blake2_256(&bytes)));
		}
	}
	all
}

/// Registers a demo sensor owned by Alice (the dev maker certifies it) and buys Bob credits, so
/// that Bob can authorize settlements of its usage vouchers.
async fn sensor_with_a_paying_consumer(node: &Node) -> sr25519::Pair {
	let genesis = sp_core::H256::from_slice(&from_hex(&node.block_hash(0).await));
	let device = sr25519::Pair::from_string("//NetworkTestSensor", None).unwrap();
	let key = pallet_devices::PublicKey::Sr25519(device.public().0);
	let maker = sr25519::Pair::from_string("//DemoMaker", None).unwrap();
	let class = depin_runtime::genesis_config_presets::DEMO_CLASS_SENSOR;
	let register = RuntimeCall::Devices(pallet_devices::Call::register_device {
		device: key,
		class,
		maker: 0,
		maker_signature: maker
			.sign(&pallet_devices::payload::maker_certificate(&genesis, &key, class))
			.0,
		device_signature: device
			.sign(&pallet_devices::payload::device_consent(&genesis, &Alice.to_account_id()))
			.0,
		location: Some(0x8a2a1072b59ffff),
		metadata: Default::default(),
	});
	let xt = node.sign(Alice, register).await;
	node.submit(&xt).await.expect("registration accepted");
	let credits = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
		consumer: Bob.to_account_id(),
		amount: 10 * DPIN,
	});
	let xt = node.sign(Bob, credits).await;
	node.submit(&xt).await.expect("credits accepted");
	let best = node.best_number().await;
	node.wait_for("registration and credits", Duration::from_secs(60), |b, _| b >= best + 2).await;
	device
}

/// The settlement of the sensor's voucher to Bob for `cumulative` units in all in the current
/// epoch, at the demo sensor class's price, authorized by Bob's signature of the batch: an
/// authorized general transaction (no signer, nonce or fee), as a gateway sends it.
async fn usage_settlement(
	node: &Node,
	device: &sr25519::Pair,
	cumulative: u64,
) -> UncheckedExtrinsic {
	use pallet_work::payload;
	let genesis = sp_core::H256::from_slice(&from_hex(&node.block_hash(0).await));
	let epoch = node.call("depin_epoch", rpc_params![]).await["index"].as_u64().unwrap() as u32;
	let key = pallet_devices::PublicKey::Sr25519(device.public().0);
	let consumer = Bob.to_account_id();
	let class = depin_runtime::genesis_config_presets::DEMO_CLASS_SENSOR as usize;
	let price = depin_runtime::genesis_config_presets::demo_classes()[class].unit_price;
	let voucher = payload::usage_voucher(&genesis, &key, &consumer, epoch, cumulative, price);
	let items = vec![pallet_work::VoucherItem {
		device: key,
		cumulative_units: cumulative,
		unit_price: price,
		device_signature: device.sign(&voucher).0,
	}];
	let batch =
		payload::usage_batch(&genesis, &consumer, epoch, &payload::voucher_items_hash(&items));
	let call = RuntimeCall::Work(pallet_work::Call::settle_usage {
		consumer,
		epoch,
		items: items.try_into().unwrap(),
		consumer_signature: MultiSignature::Sr25519(Bob.sign(&batch)),
	});
	UncheckedExtrinsic::new_transaction(call, depin_runtime::immortal_tx_extension(0))
}

/// Waits until the transaction of `hash` has left `node`'s pool (into a block, or dropped:
/// the caller checks the blocks).
async fn leaves_the_pool(node: &Node, hash: &str) {
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	loop {
		let pending = node.call("author_pendingExtrinsics", rpc_params![]).await;
		let in_pool =
			pending.as_array().unwrap().iter().any(|xt| {
				to_hex(&sp_io::hashing::blake2_256(&from_hex(xt.as_str().unwrap()))) == hash
			});
		if !in_pool {
			return;
		}
		assert!(std::time::Instant::now() < deadline, "{hash} stays in the pool");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Four validators: one down, blocks and finality go on; two down, blocks go on but finality
/// stalls, and catches up on every node when they return; a validator killed with `kill -9`
/// under load comes back on its base path and no finalized block or included extrinsic is
/// lost on any node; new nodes join by full sync and by warp sync and reach the same head.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_validators_survive_faults_and_new_nodes_sync() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let tmp = tmp.path();
	let alice = Node::start(validator_config(tmp, "alice", vec![])).await;
	let boot = vec![address(&alice).await];
	let mut bob = Node::start(validator_config(tmp, "bob", boot.clone())).await;
	let mut charlie = Node::start(validator_config(tmp, "charlie", boot.clone())).await;
	let mut dave = Node::start(validator_config(tmp, "dave", boot.clone())).await;
	all_finalize(&[&alice, &bob, &charlie, &dave], 2, Duration::from_secs(180)).await;

	// --- One validator down: 3 of 4 GRANDPA voters are a supermajority.
	dave.stop();
	let (best, fin) = (alice.best_number().await, alice.finalized().await.1);
	alice
		.wait_for("blocks and finality with Dave down", Duration::from_secs(120), |b, f| {
			b >= best + 3 && f >= fin + 3
		})
		.await;

	// --- Two down: BABE goes on (Alice's and Bob's slots), GRANDPA cannot reach 3 of 4.
	charlie.stop();
	// Let the round that was in flight settle, then watch finality stand still.
	tokio::time::sleep(Duration::from_secs(12)).await;
	let (best, stalled) = (alice.best_number().await, alice.finalized().await.1);
	alice
		.wait_for("3 blocks with two validators down", Duration::from_secs(120), |b, _| {
			b >= best + 3
		})
		.await;
	let (now_best, now_fin) = (alice.best_number().await, alice.finalized().await.1);
	assert_eq!(now_fin, stalled, "finality must stall with 2 of 4 validators (best {now_best})");

	// --- They return on their base paths: finality catches up past the stall everywhere.
	let boot = vec![address(&alice).await, address(&bob).await];
	drop(charlie);
	drop(dave);
	charlie = Node::start(validator_config(tmp, "charlie", boot.clone())).await;
	dave = Node::start(validator_config(tmp, "dave", boot.clone())).await;
	let target = alice.best_number().await;
	all_finalize(&[&alice, &bob, &charlie, &dave], target, Duration::from_secs(240)).await;
	same_block_everywhere(&[&alice, &bob, &charlie, &dave], target).await;

	// --- kill -9 under load: transfers and voucher settlements stream into Alice's pool while
	// Bob is killed and restarted on his base path. Each settlement raises the sensor's units to
	// Bob by one: the pool holds one pending settlement per (consumer, device, epoch), so the
	// next is sent once the last has left the pool.
	let sensor = sensor_with_a_paying_consumer(&alice).await;
	let mut submitted = BTreeSet::new();
	let mut bob_killed_at = None;
	let first_nonce = alice.next_nonce(Charlie).await;
	for round in 0..12u64 {
		let transfer = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Sr25519Keyring::Ferdie.to_account_id().into(),
			value: DPIN,
		});
		let xt = alice.sign_with_nonce(Charlie, transfer, first_nonce + round as u32).await;
		let hash = alice.submit(&xt).await.expect("transfer accepted");
		submitted.insert(hash.as_str().unwrap().to_string());
		let xt = usage_settlement(&alice, &sensor, round + 1).await;
		let hash = alice.submit(&xt).await.expect("settlement accepted");
		let hash = hash.as_str().unwrap().to_string();
		submitted.insert(hash.clone());
		if round == 4 {
			bob.kill_hard();
			bob_killed_at = Some(alice.best_number().await);
		}
		if round == 8 {
			drop(bob);
			bob = Node::start(validator_config(tmp, "bob", boot.clone())).await;
		}
		// Wait for the pool to take both into a block before the next pair (same signer, same
		// pool tag).
		let best = alice.best_number().await;
		alice.wait_for("next block", Duration::from_secs(60), |b, _| b > best).await;
		leaves_the_pool(&alice, &hash).await;
	}
	assert!(bob_killed_at.is_some());
	let nodes = [&alice, &bob, &charlie, &dave];
	let target = alice.best_number().await + 2;
	all_finalize(&nodes, target, Duration::from_secs(240)).await;
	let tip = same_block_everywhere(&nodes, target).await;
	assert!(!tip.is_empty());
	let mut included = None;
	for node in nodes {
		let xts = extrinsics_up_to(node, target).await;
		let found: BTreeSet<String> =
			xts.iter().filter(|h| submitted.contains(*h)).cloned().collect();
		assert_eq!(found, submitted, "{}: an included extrinsic is missing", node.config.name);
		assert_eq!(
			xts.iter().filter(|h| submitted.contains(*h)).count(),
			submitted.len(),
			"{}: an extrinsic is in two blocks",
			node.config.name
		);
		match &included {
			None => included = Some(xts),
			Some(first) => {
				assert_eq!(first, &xts, "{}: finalized extrinsics differ", node.config.name)
			}
		}
	}
	let stats = alice.call("depin_stats", rpc_params![]).await;
	assert!(stats["devicesByStatus"]["active"].as_u64().unwrap() >= 1, "{stats}");

	// --- New nodes join from genesis: one by full sync, one by warp sync.
	let boot = vec![address(&alice).await, address(&charlie).await];
	let full = Node::start(full_node_config(tmp, "full-sync", "full", boot.clone())).await;
	let warp = Node::start(full_node_config(tmp, "warp-sync", "warp", boot)).await;
	let target = alice.finalized().await.1;
	all_finalize(&[&full, &warp], target, Duration::from_secs(300)).await;
	same_block_everywhere(&[&alice, &full, &warp], target).await;
	let head: Value = warp.call("chain_getFinalizedHead", rpc_params![]).await;
	assert!(head.is_string());
	// The full-sync node has every block's body; the warp-synced one starts from a proof.
	let first = full.call("chain_getBlock", rpc_params![full.block_hash(1).await]).await;
	assert!(first["block"]["extrinsics"].is_array(), "{first}");
}

/// How many blocks `node` has authored so far, from its log.
fn authored(node: &Node) -> usize {
	std::fs::read_to_string(&node.log_path)
		.unwrap_or_default()
		.matches("Pre-sealed block for proposal")
		.count()
}

/// Sudo `call` from Alice on `node`.
async fn sudo(node: &Node, call: RuntimeCall) {
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let xt = node.sign(Alice, call).await;
	node.submit(&xt).await.expect("sudo call accepted");
}

/// A validator added by governance (sudo on the dev chain, standing in for a root-track
/// referendum) authors blocks after the session changes; once removed, it stops. Dev chains
/// have one-minute sessions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validator_added_by_governance_authors_and_a_removed_one_stops() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let tmp = tmp.path();
	let alice = Node::start(NodeConfig {
		name: "alice".into(),
		chain_args: vec!["--dev".into()],
		backend: Backend::Libp2p,
		bootnodes: vec![],
		base_path: tmp.join("alice"),
	})
	.await;
	let bob = Node::start(NodeConfig {
		name: "bob".into(),
		chain_args: vec![
			"--chain".into(),
			"dev".into(),
			"--bob".into(),
			"--node-key".into(),
			format!("{:064x}", 0xb0b),
		],
		backend: Backend::Libp2p,
		bootnodes: vec![address(&alice).await],
		base_path: tmp.join("bob"),
	})
	.await;
	bob.wait_for("Bob syncs", Duration::from_secs(120), |b, _| b >= 2).await;
	assert_eq!(authored(&bob), 0, "Bob is not a validator yet");

	// Bob's node makes session keys owned by his account; he registers them.
	let owner = to_hex(&Bob.to_account_id().encode());
	let generated = bob.call("author_rotateKeysWithOwner", rpc_params![owner]).await;
	let keys = from_hex(generated["keys"].as_str().unwrap());
	let proof = from_hex(generated["proof"].as_str().expect("the runtime makes ownership proofs"));
	let keys = <depin_runtime::SessionKeys as codec::Decode>::decode(&mut &keys[..]).unwrap();
	let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof });
	let xt = alice.sign(Bob, set_keys).await;
	alice.submit(&xt).await.expect("set_keys accepted");
	let best = alice.best_number().await;
	alice.wait_for("set_keys included", Duration::from_secs(60), |b, _| b >= best + 2).await;

	// Governance adds him: two session changes later he authors.
	sudo(
		&alice,
		RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			validator: Bob.to_account_id(),
		}),
	)
	.await;
	let deadline = std::time::Instant::now() + Duration::from_secs(300);
	while authored(&bob) < 2 {
		assert!(std::time::Instant::now() < deadline, "Bob never authored after being added");
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	// Both finalize together now (GRANDPA needs both of two voters).
	let fin = alice.finalized().await.1;
	bob.wait_for("finality with two validators", Duration::from_secs(120), |_, f| f > fin + 2)
		.await;

	// Governance removes him: two session changes later he stops authoring.
	sudo(
		&alice,
		RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
			validator: Bob.to_account_id(),
		}),
	)
	.await;
	let best = alice.best_number().await;
	// Two one-minute sessions plus a margin.
	alice.wait_for("two sessions", Duration::from_secs(300), |b, _| b >= best + 25).await;
	let before = authored(&bob);
	let best = alice.best_number().await;
	alice.wait_for("another session", Duration::from_secs(180), |b, _| b >= best + 12).await;
	assert_eq!(authored(&bob), before, "Bob still authors after his removal");
	// Alice goes on alone, with finality.
	let fin = alice.finalized().await.1;
	alice
		.wait_for("finality after the removal", Duration::from_secs(120), |_, f| f > fin + 2)
		.await;
}
