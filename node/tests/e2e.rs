//! End-to-end tests: the real `depin-node` binary on free loopback ports, with temporary base
//! paths, driven over JSON-RPC. Every node is stopped when its test ends, pass or fail.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::Duration;

use codec::{Decode, Encode};
use common::{from_hex, serial, to_hex, Backend, Node, NodeConfig};
use depin_runtime::{BalancesCall, RuntimeCall, DPIN};
use jsonrpsee::rpc_params;
use sp_keyring::Sr25519Keyring;

fn dev_config(base: &std::path::Path) -> NodeConfig {
	NodeConfig {
		name: "dev".into(),
		chain_args: vec!["--dev".into()],
		backend: Backend::Libp2p,
		bootnodes: vec![],
		base_path: base.join("dev"),
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_chain_produces_and_finalizes_blocks() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(dev_config(tmp.path())).await;

	let start = node.best_number().await;
	node.wait_for("3 new blocks and finality >= 1", Duration::from_secs(60), |best, fin| {
		best >= start + 3 && fin >= 1
	})
	.await;

	// The standard RPC surface an explorer needs is there.
	let props = node.call("system_properties", rpc_params![]).await;
	assert_eq!(props["tokenSymbol"], "DPIN");
	assert_eq!(props["tokenDecimals"], 12);
	assert_eq!(props["ss58Format"], depin_runtime::SS58_PREFIX);
	let version = node.call("state_getRuntimeVersion", rpc_params![]).await;
	assert_eq!(version["specName"], "depin");

	// Prometheus metrics are served.
	let metrics = node.metrics();
	assert!(metrics.starts_with("HTTP/1.") && metrics.contains(" 200 "), "{metrics:.200}");
	assert!(metrics.contains("substrate_block_height"), "no block height metric");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_transfer_is_included_and_changes_balances() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(dev_config(tmp.path())).await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;

	let bob = Sr25519Keyring::Bob.to_account_id();
	let bob_before = node.free_balance(&bob).await;
	assert!(bob_before > 0, "Bob is endowed on the dev chain");

	let amount = 42 * DPIN;
	let xt = node
		.sign(
			Sr25519Keyring::Alice,
			RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: bob.clone().into(),
				value: amount,
			}),
		)
		.await;
	let hash = node.submit(&xt).await.expect("the transfer is accepted into the pool");
	assert!(hash.as_str().is_some_and(|h| h.starts_with("0x")));

	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	loop {
		let now = node.free_balance(&bob).await;
		if now == bob_before + amount {
			break;
		}
		assert!(now == bob_before, "Bob's balance changed by an unexpected amount: {now}");
		assert!(std::time::Instant::now() < deadline, "transfer not included within 60 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	// Resubmitting the very same transaction is a replay: the pool rejects it.
	assert!(node.submit(&xt).await.is_err(), "a replayed transaction must be rejected");
}

/// The `depin_*` methods answer about the dev chain in human-readable JSON, and bad input
/// gets a JSON-RPC error that says what was wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depin_rpc_answers_about_the_dev_chain() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(dev_config(tmp.path())).await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;

	let epoch = node.call("depin_epoch", rpc_params![]).await;
	assert_eq!(epoch["length"], 10, "dev chains have one-minute epochs: {epoch}");
	assert_eq!(epoch["challengeRatePpb"], 1_000_000_000);
	assert_eq!(epoch["attestationTolerancePpb"], 100_000_000, "a 10 % tolerance: {epoch}");
	assert_eq!(epoch["reciprocityWindow"], 0, "no reciprocity on dev chains: {epoch}");
	assert_eq!(epoch["verifiers"], 0, "{epoch}");

	let hotspot = node.call("depin_class", rpc_params![0]).await;
	assert_eq!(hotspot["proof"], "witnessed");
	assert_eq!(hotspot["bond"], (100 * DPIN).to_string(), "balances are decimal strings");

	let maker = node.call("depin_maker", rpc_params![0]).await;
	assert_eq!(maker["name"], "Demo Devices Inc.");
	assert!(maker["certificateKey"].as_str().is_some_and(|k| k.starts_with("sr25519:0x")));
	assert_eq!(maker["bondedBy"], serde_json::Value::Null, "dev makers need no bond: {maker}");
	assert_eq!((maker["faults"].as_u64(), maker["paused"].as_bool()), (Some(0), Some(false)));

	let schedule = node.call("depin_schedule", rpc_params![3]).await;
	assert_eq!(schedule["projection"].as_array().map(Vec::len), Some(3));
	assert_eq!(schedule["schedule"]["initial"], (7_134 * DPIN).to_string());
	assert_eq!(schedule["schedule"]["net"]["smoothing"], 168, "{schedule}");
	assert_eq!(schedule["schedule"]["demandIndex"]["floorPpb"], 250_000_000, "{schedule}");
	assert_eq!(schedule["demand"]["ratioPpm"], 0, "no burn yet: {schedule}");
	assert_eq!(schedule["demand"]["subsidyScalePpb"], 1_000_000_000, "{schedule}");
	let (code, message) =
		node.try_call("depin_supplyHistory", rpc_params![0, 0]).await.unwrap_err();
	assert_eq!(code, -32602);
	assert!(message.contains("limit must be between 1 and 1000"), "{message}");

	let stats = node.call("depin_stats", rpc_params![]).await;
	assert!(stats["devicesByClass"].is_array(), "{stats}");
	assert_eq!(stats["devicesByStatus"]["active"], 0, "{stats}");

	let alice = sp_core::crypto::Ss58Codec::to_ss58check_with_version(
		&Sr25519Keyring::Alice.to_account_id(),
		sp_core::crypto::Ss58AddressFormat::custom(depin_runtime::SS58_PREFIX),
	);
	let page = node.call("depin_devicesOf", rpc_params![alice.clone()]).await;
	assert_eq!(page["devices"], serde_json::json!([]));
	assert_eq!(page["next"], serde_json::Value::Null);

	// Bad input: each error names the problem.
	let (code, message) =
		node.try_call("depin_device", rpc_params!["sr25519:0x00"]).await.unwrap_err();
	assert_eq!(code, -32602);
	assert!(message.contains("bad device key"), "{message}");
	let unknown = format!("sr25519:0x{}", "11".repeat(32));
	let (code, message) = node.try_call("depin_device", rpc_params![unknown]).await.unwrap_err();
	assert_eq!(code, 9001);
	assert!(message.contains("unknown device"), "{message}");
	let (code, message) =
		node.try_call("depin_devicesOf", rpc_params!["not-an-address"]).await.unwrap_err();
	assert_eq!(code, -32602);
	assert!(message.contains("bad address"), "{message}");
	let (code, message) = node
		.try_call("depin_devicesOf", rpc_params![alice.clone(), None::<String>, 5_000])
		.await
		.unwrap_err();
	assert_eq!(code, -32602);
	assert!(message.contains("page too large"), "{message}");

	// Every method that takes a device answers an unregistered one with 9001.
	let unknown = format!("sr25519:0x{}", "11".repeat(32));
	let (code, message) = node
		.try_call("depin_pendingRewards", rpc_params![unknown.clone(), 0, 10])
		.await
		.unwrap_err();
	assert_eq!(code, 9001, "{message}");
	assert!(message.contains("unknown device"), "{message}");
	let (code, message) =
		node.try_call("depin_challengeStatus", rpc_params![unknown.clone(), 0]).await.unwrap_err();
	assert_eq!(code, 9001, "{message}");
	assert!(message.contains("unknown device"), "{message}");

	let (code, message) =
		node.try_call("depin_committee", rpc_params![unknown.clone(), 0]).await.unwrap_err();
	assert_eq!(code, 9001, "{message}");
	assert!(message.contains("unknown device"), "{message}");
	// Alice neither verifies nor applied to.
	let (code, message) =
		node.try_call("depin_verifier", rpc_params![alice.clone()]).await.unwrap_err();
	assert_eq!(code, 9001, "{message}");
	assert!(message.contains("not a verifier"), "{message}");

	// Credits: none before a purchase, whichever SS58 prefix the address is given with.
	let credits = node.call("depin_credits", rpc_params![alice.clone()]).await;
	assert_eq!(credits, serde_json::json!({ "account": alice, "credits": "0" }));
	let generic = sp_core::crypto::Ss58Codec::to_ss58check(&Sr25519Keyring::Alice.to_account_id());
	let credits = node.call("depin_credits", rpc_params![generic]).await;
	assert_eq!(credits["account"], alice, "answered in the chain's format");
	let (code, message) =
		node.try_call("depin_credits", rpc_params!["not-an-address"]).await.unwrap_err();
	assert_eq!(code, -32602);
	assert!(message.contains("bad address"), "{message}");

	// Alice buys 2 DPIN of credits for Bob: Bob holds 2 DPIN in plancks of credits.
	let bob = Sr25519Keyring::Bob.to_account_id();
	let bob_address = sp_core::crypto::Ss58Codec::to_ss58check_with_version(
		&bob,
		sp_core::crypto::Ss58AddressFormat::custom(depin_runtime::SS58_PREFIX),
	);
	let xt = node
		.sign(
			Sr25519Keyring::Alice,
			RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: bob,
				amount: 2 * DPIN,
			}),
		)
		.await;
	node.submit(&xt).await.expect("the purchase is accepted into the pool");
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	loop {
		let credits = node.call("depin_credits", rpc_params![bob_address.clone()]).await;
		if credits["credits"] == (2 * DPIN).to_string() {
			break;
		}
		assert_eq!(credits["credits"], "0", "unexpected credits: {credits}");
		assert!(std::time::Instant::now() < deadline, "purchase not included within 60 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	// The purchase burned 2 DPIN: once its epoch closes, the sustainability record shows the
	// burn. The credits were bought, not spent: nothing is unrepaid, nothing to re-mint.
	let deadline = std::time::Instant::now() + Duration::from_secs(180);
	let record = loop {
		let page = node.call("depin_supplyHistory", rpc_params![0, 100]).await;
		let records = page["records"].as_array().expect("a page of records").clone();
		if let Some(r) = records.iter().find(|r| r["burned"] == (2 * DPIN).to_string()) {
			break r.clone();
		}
		assert!(std::time::Instant::now() < deadline, "no close recorded the burn: {page}");
		tokio::time::sleep(Duration::from_secs(2)).await;
	};
	assert_eq!(record["unrepaid"], "0", "{record}");
	assert_eq!(record["reminted"], "0", "{record}");
	assert_eq!(record["smoothedBurn"], "0", "{record}");
	assert_eq!(record["minted"]["validators"], (1_426_800 * depin_runtime::MILLI_DPIN).to_string());
	let schedule = node.call("depin_schedule", rpc_params![1]).await;
	assert_eq!(schedule["demand"]["burned"], (2 * DPIN).to_string(), "{schedule}");
}

/// A referendum submitted over RPC is stored with its track: an emission change on the
/// `emission_admin` track, with the proposal inline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referendum_submitted_over_rpc_is_stored_on_its_track() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(dev_config(tmp.path())).await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;

	let proposal = RuntimeCall::Emissions(pallet_emissions::Call::set_schedule {
		schedule: depin_runtime::genesis_config_presets::default_schedule(),
	});
	let inline = frame_support::traits::Bounded::Inline(
		proposal.encode().try_into().expect("a schedule fits inline"),
	);
	let xt = node
		.sign(
			Sr25519Keyring::Alice,
			RuntimeCall::Referenda(pallet_referenda::Call::submit {
				proposal_origin: Box::new(depin_runtime::OriginCaller::Origins(
					depin_runtime::origins::Origin::EmissionAdmin,
				)),
				proposal: inline,
				enactment_moment: frame_support::traits::schedule::DispatchTime::After(1),
			}),
		)
		.await;
	node.submit(&xt).await.expect("the submission is accepted into the pool");

	let key = pallet_referenda::ReferendumInfoFor::<depin_runtime::Runtime>::hashed_key_for(0u32);
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	let info = loop {
		let value = node.call("state_getStorage", rpc_params![to_hex(&key)]).await;
		if let Some(hex) = value.as_str() {
			break pallet_referenda::ReferendumInfoOf::<depin_runtime::Runtime, ()>::decode(
				&mut &from_hex(hex)[..],
			)
			.expect("ReferendumInfo decodes");
		}
		assert!(std::time::Instant::now() < deadline, "referendum not stored within 60 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	};
	match info {
		pallet_referenda::ReferendumInfo::Ongoing(status) => {
			assert_eq!(status.track, depin_runtime::configs::governance::EMISSION_ADMIN_TRACK);
			assert_eq!(status.submission_deposit.who, Sr25519Keyring::Alice.to_account_id());
		}
		other => panic!("expected an ongoing referendum, got {other:?}"),
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_the_chain_after_graceful_stop_and_kill_9() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let config = dev_config(tmp.path());

	let mut node = Node::start(config.clone()).await;
	let (before, _) = node.wait_for("block 3", Duration::from_secs(60), |best, _| best >= 3).await;
	let before = before.max(node.best_number().await);
	node.stop();
	drop(node);
	// The database is ParityDB (RocksDB is not compiled in).
	let db = config.base_path.join("chains/dpin_dev/paritydb/full");
	assert!(db.is_dir(), "no ParityDB database at {}", db.display());

	let mut node = Node::start(config.clone()).await;
	let after = node.best_number().await;
	assert!(after >= before, "after a graceful restart best is {after}, was {before}");

	// Let it produce and finalize on top of the reopened database, then kill it without
	// warning. A crash may lose the newest block if ParityDB had not flushed it yet (that
	// happened once in CI: best 4 before, 3 after), but never a finalized one: the finalized
	// block must come back with the same hash.
	node.wait_for("a block finalized after restart", Duration::from_secs(60), |_, fin| fin > after)
		.await;
	let (finalized_hash, finalized) = node.finalized().await;
	node.kill_hard();
	drop(node);

	let node = Node::start(config).await;
	let after_kill = node.best_number().await;
	assert!(
		after_kill >= finalized,
		"after kill -9 best is {after_kill}, finalized was {finalized}"
	);
	assert_eq!(node.block_hash(finalized).await, finalized_hash, "the finalized block survives");
	// And the chain goes on.
	node.wait_for("progress after kill -9", Duration::from_secs(60), |best, _| best > after_kill)
		.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_extrinsic_is_rejected_and_the_node_keeps_going() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	let node = Node::start(dev_config(tmp.path())).await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;

	for garbage in ["0xdeadbeef", "0x", "0x00", "0xffffffffffffffffffff", "not hex at all"] {
		let result = node.submit_raw(garbage).await;
		assert!(result.is_err(), "{garbage} must get a JSON-RPC error, got {result:?}");
	}
	// A well-formed transfer whose signature does not match is rejected too.
	let mut forged = node
		.sign(
			Sr25519Keyring::Bob,
			RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: Sr25519Keyring::Charlie.to_account_id().into(),
				value: DPIN,
			}),
		)
		.await;
	if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = forged.preamble {
		*address = Sr25519Keyring::Alice.to_account_id().into();
	}
	assert!(node.submit(&forged).await.is_err(), "a forged signature must be rejected");

	let now = node.best_number().await;
	node.wait_for("2 more blocks", Duration::from_secs(60), |best, _| best >= now + 2).await;
}

/// Starts Alice, Bob and Charlie on the local chain; Charlie's backend is given.
async fn three_validators(tmp: &std::path::Path, charlie_backend: Backend) {
	// Validators on a non-dev chain must have a persistent network key; give each its own.
	let config = |name: &str, backend: Backend, bootnodes: Vec<String>| NodeConfig {
		name: name.into(),
		chain_args: vec![
			"--chain".into(),
			"local".into(),
			format!("--{name}"),
			"--node-key".into(),
			format!("{:064x}", name.len() * 7 + name.as_bytes()[0] as usize),
		],
		backend,
		bootnodes,
		base_path: tmp.join(name),
	};
	let alice = Node::start(config("alice", Backend::Libp2p, vec![])).await;
	let peer_id = alice.call("system_localPeerId", rpc_params![]).await;
	let peer_id = peer_id.as_str().expect("peer id").to_string();
	let boot = vec![format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", alice.p2p_port)];
	let bob = Node::start(config("bob", Backend::Libp2p, boot.clone())).await;
	let charlie = Node::start(config("charlie", charlie_backend, boot)).await;
	let nodes = [alice, bob, charlie];
	for node in &nodes {
		let expected = match node.config.backend {
			Backend::Libp2p => "Running libp2p network backend",
			Backend::Litep2p => "Running litep2p network backend",
		};
		let log = std::fs::read_to_string(&node.log_path).unwrap_or_default();
		assert!(log.contains(expected), "{} does not run the expected backend", node.config.name);
	}

	// GRANDPA needs all three of three voters: finality >= 3 proves they all talk.
	for node in &nodes {
		node.wait_for("finalized >= 3", Duration::from_secs(180), |_, fin| fin >= 3).await;
	}
	let mut heights = Vec::new();
	for node in &nodes {
		heights.push(node.finalized().await.1);
	}
	let height = heights.iter().copied().min().unwrap_or_default();
	assert!(height >= 3);
	let mut hashes = Vec::new();
	for node in &nodes {
		hashes.push(node.block_hash(height).await);
	}
	assert!(
		hashes.iter().all(|h| *h == hashes[0]),
		"finalized block {height} differs between nodes: {hashes:?}"
	);
	for node in &nodes {
		let health = node.call("system_health", rpc_params![]).await;
		assert!(health["peers"].as_u64().unwrap_or(0) >= 1, "{} has no peers", node.config.name);
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_validators_on_libp2p_agree_on_finality() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	three_validators(tmp.path(), Backend::Libp2p).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mixed_libp2p_and_litep2p_network_agrees_on_finality() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");
	three_validators(tmp.path(), Backend::Litep2p).await;
}

/// Runs `depin-node <args>` to completion and returns its stdout; panics with its output if
/// it fails.
fn run_subcommand(args: &[&str]) -> String {
	let out = std::process::Command::new(env!("CARGO_BIN_EXE_depin-node"))
		.args(args)
		.output()
		.expect("depin-node runs");
	assert!(
		out.status.success(),
		"depin-node {args:?} failed: {}\n{}",
		String::from_utf8_lossy(&out.stdout),
		String::from_utf8_lossy(&out.stderr)
	);
	String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chain_spec_file_and_database_subcommands() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().expect("tempdir");

	// build-spec: the dev chain as a raw spec file, with the token properties.
	let spec = run_subcommand(&["build-spec", "--chain", "dev", "--raw"]);
	let json: serde_json::Value = serde_json::from_str(&spec).expect("build-spec prints JSON");
	assert_eq!(json["properties"]["tokenSymbol"], "DPIN");
	assert!(json["genesis"]["raw"]["top"].is_object(), "a raw spec has raw storage");
	let spec_path = tmp.path().join("dev-raw.json");
	std::fs::write(&spec_path, spec).expect("write spec");
	// The production preset exports too, and has no sudo key.
	let production = run_subcommand(&["build-spec", "--chain", "production"]);
	let production: serde_json::Value = serde_json::from_str(&production).expect("JSON");
	let patch = &production["genesis"]["runtimeGenesis"]["patch"];
	assert!(patch["sudo"]["key"].is_null(), "production has no sudo key: {patch}");
	assert_eq!(patch["session"]["keys"].as_array().map(|k| k.len()), Some(3));

	// The built-in production spec has placeholder keys: running it directly is refused.
	let refused = std::process::Command::new(env!("CARGO_BIN_EXE_depin-node"))
		.args(["--chain", "production", "--tmp"])
		.output()
		.expect("depin-node runs");
	assert!(!refused.status.success(), "running --chain production must be refused");
	assert!(String::from_utf8_lossy(&refused.stderr).contains("placeholder validator keys"));
	// Nor does a raw spec built from it: a live chain whose genesis names the public
	// development keys (Alice, Bob and Charlie as validators and endowed accounts) is refused
	// before anything is written, with how to build a real spec.
	let raw = run_subcommand(&["build-spec", "--chain", "production", "--raw"]);
	let raw_path = tmp.path().join("production-raw.json");
	std::fs::write(&raw_path, raw).expect("write spec");
	let base = tmp.path().join("refused");
	let refused = std::process::Command::new(env!("CARGO_BIN_EXE_depin-node"))
		.args(["--chain", raw_path.to_str().expect("utf-8 path"), "--base-path"])
		.arg(&base)
		.output()
		.expect("depin-node runs");
	let stderr = String::from_utf8_lossy(&refused.stderr);
	assert!(!refused.status.success(), "a live chain with development keys must be refused");
	assert!(stderr.contains("well-known development keys"), "{stderr}");
	assert!(stderr.contains("Alice (sr25519)") && stderr.contains("build-spec"), "{stderr}");
	assert!(!base.join("chains").exists(), "nothing was written: {base:?}");

	// `--chain <file.json>`: a node runs from the exported file.
	let base = tmp.path().join("from-file");
	let base_str = base.to_str().expect("utf-8 path").to_string();
	let spec_str = spec_path.to_str().expect("utf-8 path").to_string();
	let mut node = Node::start(NodeConfig {
		name: "from-file".into(),
		chain_args: vec![
			"--chain".into(),
			spec_str.clone(),
			"--alice".into(),
			"--force-authoring".into(),
			"--node-key".into(),
			format!("{:064x}", 9),
		],
		backend: Backend::Libp2p,
		bootnodes: vec![],
		base_path: base.clone(),
	})
	.await;
	node.wait_for("block 3", Duration::from_secs(60), |best, _| best >= 3).await;
	let block1 = node.block_hash(1).await;
	node.stop();
	drop(node);

	let db = ["--chain", spec_str.as_str(), "--base-path", base_str.as_str()];
	fn with_db<'a>(args: &[&'a str], db: &[&'a str]) -> Vec<&'a str> {
		[args, db].concat()
	}

	// check-block re-imports and verifies a stored block.
	run_subcommand(&with_db(&["check-block", "1"], &db));
	// revert drops the unfinalized tail (finalized blocks stay).
	run_subcommand(&with_db(&["revert", "1"], &db));

	// export-blocks, purge-chain, import-blocks round trip.
	let export = tmp.path().join("blocks.bin");
	let export_str = export.to_str().expect("utf-8 path");
	run_subcommand(&with_db(&["export-blocks", "--binary", export_str], &db));
	assert!(std::fs::metadata(&export).map(|m| m.len()).unwrap_or(0) > 0, "blocks exported");
	run_subcommand(&with_db(&["purge-chain", "-y"], &db));
	run_subcommand(&with_db(&["import-blocks", "--binary", export_str], &db));

	// The re-imported chain has the same block 1.
	let node = Node::start(NodeConfig {
		name: "reimported".into(),
		chain_args: vec!["--chain".into(), spec_str, "--node-key".into(), format!("{:064x}", 10)],
		backend: Backend::Libp2p,
		bootnodes: vec![],
		base_path: base,
	})
	.await;
	assert!(node.best_number().await >= 2, "imported blocks are there");
	assert_eq!(node.block_hash(1).await, block1, "the same chain was re-imported");

	// key: the subcommand works offline.
	let key = run_subcommand(&["key", "inspect", "//Alice", "--network", "substrate"]);
	assert!(key.contains("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), "{key}");
}
