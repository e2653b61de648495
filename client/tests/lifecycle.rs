//! End to end through the `depin` client against a dev node started by the test: keys, maker
//! certificates and device consent offline, registration of a device of each proof kind,
//! credits, cumulative usage vouchers signed by the device, batched and signed by the consumer
//! and submitted by anyone as a general transaction (no account), a beacon with a witness
//! submitted the same way, a verifier's attestations, epoch close and claims, checked through
//! the `depin_*` RPC and the client's own queries; a dispute opened, shown, listed and (by
//! sudo, as governance would) rejected. Bad input (wrong key, unknown device, a replayed or
//! stale voucher batch, a dispute outside its window or twice) must fail with a clear message
//! and a non-zero exit code, and change nothing on chain.
//!
//! The pool's validity of voucher settlements is checked end to end with raw
//! `author_submitExtrinsic` calls of general transactions the test builds itself: a batch for
//! another chain, a batch signature over other vouchers, a voucher signed for another
//! consumer, a price that is not the class's, an epoch in the future and one past its grace,
//! too few credits, the same batch twice, a stale voucher and a batch over `MaxVouchers`. Each
//! must be refused, and change nothing on chain.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../../node/tests/common/mod.rs"]
mod common;

use std::{
	path::Path,
	process::{Command, Output},
	time::{Duration, Instant},
};

use codec::Encode;
use common::{serial, Backend, Node, NodeConfig};
use depin_primitives::{EpochIndex, PublicKey, VoucherItem};
use depin_runtime::{Balance, Runtime, RuntimeCall};
use frame_support::traits::Get;
use jsonrpsee::rpc_params;
use serde_json::Value;
use sp_core::{
	crypto::{AccountId32, Ss58AddressFormat, Ss58Codec},
	sr25519, Pair, H256,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::MultiSignature;

/// Runs `depin` against the node at `url`.
fn depin(url: &str, args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_depin"))
		.arg("--url")
		.arg(url)
		.args(args)
		.output()
		.expect("the depin binary runs")
}

/// Runs `depin`, asserts success and returns stdout.
fn ok(url: &str, args: &[&str]) -> String {
	let out = depin(url, args);
	let stdout = String::from_utf8_lossy(&out.stdout).to_string();
	let stderr = String::from_utf8_lossy(&out.stderr).to_string();
	assert!(out.status.success(), "depin {args:?} failed:\nstdout: {stdout}\nstderr: {stderr}");
	stdout
}

/// Runs `depin` with `--json`, asserts success and parses stdout.
fn ok_json(url: &str, args: &[&str]) -> Value {
	let mut all = vec!["--json"];
	all.extend_from_slice(args);
	let stdout = ok(url, &all);
	serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// Runs `depin`, asserts it fails with a message containing `needle` and returns the message.
fn fails(url: &str, args: &[&str], needle: &str) -> String {
	let out = depin(url, args);
	let stderr = String::from_utf8_lossy(&out.stderr).to_string();
	assert!(!out.status.success(), "depin {args:?} should have failed; stderr: {stderr}");
	assert_eq!(out.status.code(), Some(1), "exit code of {args:?}");
	assert!(stderr.contains(needle), "depin {args:?}: expected {needle:?} in:\n{stderr}");
	stderr
}

/// The arguments as `&str`s.
fn strs(args: &[String]) -> Vec<&str> {
	args.iter().map(String::as_str).collect()
}

fn ss58(who: Sr25519Keyring) -> String {
	who.to_account_id().to_ss58check_with_version(Ss58AddressFormat::custom(7373))
}

fn path(dir: &Path, name: &str) -> String {
	dir.join(name).to_str().unwrap().to_string()
}

/// Generates a device key file and returns its device key (`sr25519:0x…`).
fn device_key(url: &str, dir: &Path, name: &str, scheme: &str) -> String {
	let info = ok_json(url, &["key", "generate", "--scheme", scheme, "--out", &path(dir, name)]);
	info["deviceKey"].as_str().unwrap().to_string()
}

/// Sudo `call` from Alice through the harness, waiting for two blocks.
async fn sudo(node: &Node, call: RuntimeCall) {
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let xt = node.sign(Alice, call).await;
	node.submit(&xt).await.expect("sudo call accepted");
	let best = node.best_number().await;
	node.wait_for("two blocks", Duration::from_secs(60), |b, _| b >= best + 2).await;
}

async fn stats(node: &Node) -> Value {
	node.call("depin_stats", rpc_params![]).await
}

async fn nonce(node: &Node, who: Sr25519Keyring) -> u64 {
	node.call("system_accountNextIndex", rpc_params![ss58(who)]).await.as_u64().unwrap()
}

/// The sr25519 pair in a key file written by `depin key generate`.
fn key_file_pair(path: &str) -> sr25519::Pair {
	let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
	sr25519::Pair::from_string(file["secret"].as_str().unwrap(), None).unwrap()
}

/// A voucher signed by `device`: `cumulative` units served to `consumer` in `epoch` at `price`,
/// on the chain of `genesis`.
fn voucher(
	device: &sr25519::Pair,
	genesis: H256,
	consumer: &AccountId32,
	epoch: EpochIndex,
	cumulative: u64,
	price: Balance,
) -> VoucherItem<Balance> {
	let key = PublicKey::Sr25519(device.public().0);
	let payload = depin_primitives::payload::usage_voucher(
		&genesis, &key, consumer, epoch, cumulative, price,
	);
	VoucherItem {
		device: key,
		cumulative_units: cumulative,
		unit_price: price,
		device_signature: device.sign(&payload).0,
	}
}

/// `consumer`'s signature of a batch of `items` in `epoch` on the chain of `genesis`.
fn batch_signature(
	consumer: Sr25519Keyring,
	genesis: H256,
	epoch: EpochIndex,
	items: &[VoucherItem<Balance>],
) -> MultiSignature {
	let hash = depin_primitives::payload::voucher_items_hash(items);
	let payload =
		depin_primitives::payload::usage_batch(&genesis, &consumer.to_account_id(), epoch, &hash);
	MultiSignature::Sr25519(consumer.sign(&payload))
}

/// `Work::settle_usage` with `items` and `signature`.
fn settle(
	consumer: Sr25519Keyring,
	epoch: EpochIndex,
	items: Vec<VoucherItem<Balance>>,
	signature: MultiSignature,
) -> RuntimeCall {
	RuntimeCall::Work(pallet_work::Call::settle_usage {
		consumer: consumer.to_account_id(),
		epoch,
		items: items.try_into().expect("at most MaxVouchers"),
		consumer_signature: signature,
	})
}

/// The encoding of `call` as an authorized general transaction (no signer, nonce or fee).
fn general(call: RuntimeCall) -> Vec<u8> {
	depin_runtime::UncheckedExtrinsic::new_transaction(
		call,
		depin_runtime::immortal_tx_extension(0),
	)
	.encode()
}

/// The `settle_usage` call of a batch file written by `depin usage cosign`.
fn batch_file_call(path: &str) -> RuntimeCall {
	let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
	let hex = |v: &Value| hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap();
	let items: Vec<VoucherItem<Balance>> = doc["items"]
		.as_array()
		.unwrap()
		.iter()
		.map(|i| VoucherItem {
			device: i["device"].as_str().unwrap().parse().unwrap(),
			cumulative_units: i["cumulativeUnits"].as_u64().unwrap(),
			unit_price: i["unitPrice"].as_str().unwrap().parse().unwrap(),
			device_signature: hex(&i["deviceSignature"]).try_into().unwrap(),
		})
		.collect();
	let signature = doc["consumerSignature"].as_str().unwrap().strip_prefix("sr25519:").unwrap();
	let signature = sr25519::Signature::from_raw(hex(&signature.into()).try_into().unwrap());
	let (consumer, _) =
		AccountId32::from_ss58check_with_version(doc["consumer"].as_str().unwrap()).unwrap();
	RuntimeCall::Work(pallet_work::Call::settle_usage {
		consumer,
		epoch: doc["epoch"].as_u64().unwrap() as EpochIndex,
		items: items.try_into().unwrap(),
		consumer_signature: MultiSignature::Sr25519(signature),
	})
}

/// What a refused settlement must not change: the credits of the consumers, what was settled
/// of the device to them in `epoch`, and the device's work in `epoch` (raw storage values).
async fn usage_state(node: &Node, epoch: EpochIndex, device: &PublicKey) -> Vec<Value> {
	let mut keys = Vec::new();
	for who in [Bob, Charlie] {
		let account = who.to_account_id();
		keys.push(pallet_emissions::Credits::<Runtime>::hashed_key_for(&account));
		keys.push(pallet_work::Settled::<Runtime>::hashed_key_for(epoch, (account, *device)));
	}
	keys.push(pallet_work::WorkRecords::<Runtime>::hashed_key_for(epoch, device));
	let mut values = Vec::new();
	for key in keys {
		values.push(node.call("state_getStorage", rpc_params![common::to_hex(&key)]).await);
	}
	values
}

/// Submits `xt` with raw `author_submitExtrinsic`; asserts the node refuses it, with the custom
/// code of `error` if given, and returns the node's message.
async fn refused(node: &Node, xt: &[u8], error: Option<pallet_work::Error<Runtime>>) -> String {
	let message = node
		.submit_raw(&common::to_hex(xt))
		.await
		.expect_err("the node must refuse the transaction");
	if let Some(error) = error {
		let code = error.encode()[0];
		assert!(
			message.contains(&format!("Custom error: {code}")),
			"expected the custom code {code} ({error:?}) in: {message}"
		);
	}
	message
}

/// The current epoch.
async fn current_epoch(node: &Node) -> EpochIndex {
	node.call("depin_epoch", rpc_params![]).await["index"].as_u64().unwrap() as EpochIndex
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_lifecycle_through_the_client() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().unwrap();
	let dir = tmp.path();
	let mut node = Node::start(NodeConfig {
		name: "dev".into(),
		chain_args: vec!["--dev".into()],
		backend: Backend::Litep2p,
		bootnodes: vec![],
		base_path: dir.join("node"),
	})
	.await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let url = url.as_str();
	let genesis = node.block_hash(0).await;

	// Rewards final one epoch after the work, so the test needs minutes, not the dev preset's
	// two epochs; Dave applies with his own bond and becomes a verifier.
	sudo(&node, RuntimeCall::Work(pallet_work::Call::set_dispute_window { epochs: 1 })).await;
	ok(url, &["verifier", "apply", "--suri", "//Dave"]);
	sudo(
		&node,
		RuntimeCall::Work(pallet_work::Call::admit_verifier {
			verifier: Dave.to_account_id(),
			quota: 1_000_000,
		}),
	)
	.await;

	// --- Keys (offline).
	let sensor = device_key(url, dir, "sensor.json", "sr25519");
	let hotspot1 = device_key(url, dir, "hotspot1.json", "ed25519");
	let hotspot2 = device_key(url, dir, "hotspot2.json", "sr25519");
	let gpu = device_key(url, dir, "gpu.json", "sr25519");
	let stranger = device_key(url, dir, "stranger.json", "sr25519");
	let inspect = ok_json(url, &["key", "inspect", &path(dir, "hotspot1.json")]);
	assert_eq!(inspect["deviceKey"], hotspot1.as_str());
	assert_eq!(inspect["scheme"], "ed25519");

	// --- Maker certificates and a device consent, offline (no node needed with --genesis).
	let offline = "ws://127.0.0.1:1";
	for (device, class, name) in [
		(&sensor, "1", "cert-sensor.json"),
		(&hotspot1, "0", "cert-hotspot1.json"),
		(&hotspot2, "0", "cert-hotspot2.json"),
		(&gpu, "2", "cert-gpu.json"),
		(&stranger, "1", "cert-stranger.json"),
	] {
		ok(
			offline,
			&[
				"maker",
				"certify",
				"--key",
				"//DemoMaker",
				"--maker",
				"0",
				"--class",
				class,
				"--device",
				device,
				"--genesis",
				&genesis,
				"--out",
				&path(dir, name),
			],
		);
	}
	ok(
		offline,
		&[
			"device",
			"consent",
			"--device-key",
			&path(dir, "sensor.json"),
			"--owner",
			&ss58(Alice),
			"--genesis",
			&genesis,
			"--out",
			&path(dir, "consent-sensor.json"),
		],
	);

	// --- Wrong key: the stranger's certificate with the sensor's consent is refused before
	// anything is sent.
	let before = (stats(&node).await, nonce(&node, Alice).await);
	fails(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Alice",
			"--certificate",
			&path(dir, "cert-stranger.json"),
			"--consent",
			&path(dir, "consent-sensor.json"),
			"--lat",
			"52.52",
			"--lon",
			"13.405",
		],
		"the consent is from device",
	);
	// A consent signed for Alice cannot register the device to Bob.
	fails(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Bob",
			"--certificate",
			&path(dir, "cert-sensor.json"),
			"--consent",
			&path(dir, "consent-sensor.json"),
			"--lat",
			"52.52",
			"--lon",
			"13.405",
		],
		"the device consented to owner",
	);
	assert_eq!((stats(&node).await, nonce(&node, Alice).await), before, "nothing changed");

	// --- Registration: the sensor with its offline consent and a latitude/longitude, the
	// hotspots in neighbouring cells (same resolution-8 area) of different owners, the GPU.
	let area = h3o::LatLng::new(52.52, 13.405).unwrap().to_cell(h3o::Resolution::Eight);
	let cells: Vec<String> = area
		.children(h3o::Resolution::Ten)
		.take(2)
		.map(|c| format!("{:x}", u64::from(c)))
		.collect();
	ok(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Alice",
			"--certificate",
			&path(dir, "cert-sensor.json"),
			"--consent",
			&path(dir, "consent-sensor.json"),
			"--lat",
			"52.52",
			"--lon",
			"13.405",
		],
	);
	ok(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Alice",
			"--certificate",
			&path(dir, "cert-hotspot1.json"),
			"--device-key",
			&path(dir, "hotspot1.json"),
			"--h3",
			&cells[0],
		],
	);
	ok(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Bob",
			"--certificate",
			&path(dir, "cert-hotspot2.json"),
			"--device-key",
			&path(dir, "hotspot2.json"),
			"--h3",
			&cells[1],
		],
	);
	let registered = ok(
		url,
		&[
			"device",
			"register",
			"--suri",
			"//Charlie",
			"--certificate",
			&path(dir, "cert-gpu.json"),
			"--device-key",
			&path(dir, "gpu.json"),
		],
	);
	assert!(registered.contains("Devices.DeviceRegistered"), "{registered}");
	let device = ok_json(url, &["query", "device", &hotspot2]);
	assert_eq!(device["owner"], ss58(Bob).as_str());
	assert_eq!(device["location"], cells[1].as_str());
	let listed = ok_json(url, &["device", "list", "--owner", &ss58(Alice)]);
	assert_eq!(listed["devices"].as_array().unwrap().len(), 2, "{listed}");

	// --- Credits and usage vouchers: the sensor signs two cumulative vouchers for Bob (30,
	// then 50 units in all), Bob signs a batch (the 50 covers the 30), and anyone submits it,
	// with no account.
	ok(url, &["credits", "buy", "--suri", "//Bob", "--amount", "1"]);
	let credits = ok_json(url, &["credits", "balance", "--account", &ss58(Bob)]);
	assert_eq!(credits["credits"], "1000000000000");
	let vouchers = path(dir, "vouchers.jsonl");
	let stale = path(dir, "stale.jsonl");
	let batch = path(dir, "batch.json");
	let sign = |units: &str, out: &str| {
		let device_key = path(dir, "sensor.json");
		let args = ["usage", "sign", "--device-key", &device_key, "--consumer", &ss58(Bob)];
		let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
		args.extend(["--cumulative", units, "--out", out].map(String::from));
		args
	};
	ok(url, &strs(&sign("30", &vouchers)));
	std::fs::copy(&vouchers, &stale).unwrap();
	ok(url, &strs(&sign("50", &vouchers)));
	// Units are cumulative: a lower total after the 50 is a mistake the client catches.
	fails(url, &strs(&sign("40", &vouchers)), "units are cumulative");
	// A price other than the class's is refused before signing.
	let mut wrong_price = sign("60", &path(dir, "wrong-price.jsonl"));
	wrong_price.extend(["--unit-price", "0.002"].map(String::from));
	fails(url, &strs(&wrong_price), "differs from class 1's price");
	ok(url, &["usage", "cosign", "--consumer-key", "//Bob", "--file", &vouchers, "--out", &batch]);
	let doc: Value = serde_json::from_str(&std::fs::read_to_string(&batch).unwrap()).unwrap();
	assert_eq!(doc["items"].as_array().unwrap().len(), 1, "the 50 covers the 30: {doc}");
	assert_eq!(doc["items"][0]["cumulativeUnits"], 50, "{doc}");
	let work_epoch = doc["epoch"].as_u64().unwrap();
	let epoch = work_epoch as EpochIndex;
	// The old signer flag is refused with an explanation.
	fails(url, &["usage", "submit", "--suri", "//Charlie", "--file", &batch], "takes no signer");
	let submitted = ok_json(url, &["usage", "submit", "--file", &batch]);
	let settled = &submitted["batches"][0]["settled"];
	assert_eq!(settled["vouchers"], 1, "{submitted}");
	assert_eq!(settled["units"], 50, "{submitted}");
	assert_eq!(settled["credits"], "50000000000", "50 units at 0.001 DPIN: {submitted}");
	let charge: u128 = settled["charge"].as_str().unwrap().parse().unwrap();
	assert!(charge > 0, "a settlement pays its charge: {submitted}");
	let credits = ok_json(url, &["credits", "balance", "--account", &ss58(Bob)]);
	assert_eq!(credits["credits"], (1_000_000_000_000 - 50_000_000_000 - charge).to_string());

	// --- The same batch again: the client sees it settled and sends nothing; the pool refuses
	// it (raw submission); nothing changes.
	let sensor_key = PublicKey::Sr25519(key_file_pair(&path(dir, "sensor.json")).public().0);
	let before = usage_state(&node, epoch, &sensor_key).await;
	fails(url, &["usage", "submit", "--file", &batch], "already settled up to 50");
	// The very same bytes: the pool knows the transaction (it was included), whatever it says.
	let again = refused(&node, &general(batch_file_call(&batch)), None).await;
	eprintln!("the same settlement again: the node says: {again}");
	// The same vouchers with a fresh consumer signature (new bytes): NothingToSettle.
	let RuntimeCall::Work(pallet_work::Call::settle_usage { items, .. }) = batch_file_call(&batch)
	else {
		unreachable!()
	};
	let genesis_hash = H256::from_slice(&common::from_hex(&genesis));
	let items = items.into_inner();
	let signature = batch_signature(Bob, genesis_hash, epoch, &items);
	let resigned = general(settle(Bob, epoch, items, signature));
	refused(&node, &resigned, Some(pallet_work::Error::NothingToSettle)).await;
	assert_eq!(usage_state(&node, epoch, &sensor_key).await, before, "nothing changed");

	// --- A stale voucher (the 30 after the 50): the consumer's client leaves it out and signs
	// nothing; a batch of it is refused by the pool (NothingToSettle); nothing changes.
	let stale_batch = path(dir, "stale-batch.json");
	fails(
		url,
		&["usage", "cosign", "--consumer-key", "//Bob", "--file", &stale, "--out", &stale_batch],
		"already settled up to 50",
	);
	pool_validity(&node, dir, epoch, &genesis).await;
	assert_eq!(usage_state(&node, epoch, &sensor_key).await, before, "nothing changed");

	// --- Through the client: a voucher for another chain is refused when the consumer signs;
	// a consumer without credits gets the pool's refusal, by name.
	let mut other_chain = sign("70", &path(dir, "other-chain.jsonl"));
	let other_genesis = format!("0x{}", "01".repeat(32));
	other_chain.extend(
		["--genesis", &other_genesis, "--epoch", &work_epoch.to_string(), "--unit-price", "0.001"]
			.map(String::from),
	);
	ok(offline, &strs(&other_chain));
	fails(
		url,
		&["usage", "cosign", "--consumer-key", "//Bob", "--file", &path(dir, "other-chain.jsonl")],
		"is for another chain: its genesis hash",
	);
	let charlie = path(dir, "charlie.jsonl");
	let charlie_batch = path(dir, "charlie-batch.json");
	let mut for_charlie = sign("10", &charlie);
	for_charlie[5] = ss58(Charlie);
	ok(url, &strs(&for_charlie));
	ok(
		url,
		&[
			"usage",
			"cosign",
			"--consumer-key",
			"//Charlie",
			"--file",
			&charlie,
			"--out",
			&charlie_batch,
		],
	);
	let poor = fails(
		url,
		&["usage", "submit", "--file", &charlie_batch],
		"the node refused the settlement: Work.InsufficientCredits: The consumer lacks the credits",
	);
	assert!(poor.contains("depin credits buy"), "{poor}");
	// More vouchers than a batch holds: the client says to split the file.
	let many: String = (0..129u32)
		.map(|i| {
			let device = format!("sr25519:0x{:064x}", i + 1);
			format!(
				"{{\"genesis\":\"{genesis}\",\"epoch\":{work_epoch},\"device\":\"{device}\",\
				 \"consumer\":\"{}\",\"cumulativeUnits\":1,\"unitPrice\":\"1000000000\",\
				 \"deviceSignature\":\"0x{}\"}}\n",
				ss58(Bob),
				"00".repeat(64)
			)
		})
		.collect();
	std::fs::write(path(dir, "many.jsonl"), many).unwrap();
	fails(
		url,
		&["usage", "cosign", "--consumer-key", "//Bob", "--file", &path(dir, "many.jsonl")],
		"split the file",
	);
	assert_eq!(usage_state(&node, epoch, &sensor_key).await, before, "nothing changed");

	// --- A dispute of the sensor's work by Eve: refused outside the window and twice, shown,
	// listed, then rejected by governance (sudo here), so the work still becomes final.
	let evidence = format!("0x{}", "ab".repeat(32));
	let dispute = |epoch: &str| {
		let (sensor, evidence) = (sensor.as_str(), evidence.as_str());
		["dispute", "open", sensor, epoch, "--evidence", evidence, "--suri", "//Eve"]
			.map(String::from)
	};
	let (outside, within) = (dispute("100000"), dispute(&work_epoch.to_string()));
	fails(url, &strs(&outside), "cannot be disputed now");
	let opened = ok(url, &strs(&within));
	assert!(opened.contains("Work.DisputeOpened"), "{opened}");
	fails(url, &strs(&within), "you already dispute");
	let shown = ok_json(url, &["dispute", "show", "0"]);
	assert_eq!(shown["device"], sensor.as_str(), "{shown}");
	assert!(shown["deadline"].as_u64().is_some(), "{shown}");
	fails(url, &["dispute", "expire", "0", "--suri", "//Alice"], "waits for a verdict");
	assert_eq!(shown["disputer"], ss58(Eve).as_str(), "{shown}");
	assert_eq!(shown["bond"], "10000000000000", "{shown}");
	let listed = ok_json(url, &["dispute", "list", "--device", &sensor]);
	assert_eq!(listed["disputes"].as_array().unwrap().len(), 1, "{listed}");
	sudo(
		&node,
		RuntimeCall::Work(pallet_work::Call::resolve_dispute {
			id: 0,
			verdict: pallet_work::Verdict::Rejected,
		}),
	)
	.await;
	fails(url, &["dispute", "show", "0"], "no longer open");

	// --- A beacon: hotspot 2 (Bob's) witnesses hotspot 1 (Alice's) in the current epoch.
	let witnesses = path(dir, "witnesses.jsonl");
	let challenge = ok_json(url, &["query", "challenge", &hotspot1]);
	assert_eq!(challenge["challenged"], true, "every hotspot is challenged on dev chains");
	ok(
		url,
		&[
			"beacon",
			"witness",
			"--witness-key",
			&path(dir, "hotspot2.json"),
			"--beaconer",
			&hotspot1,
			"--out",
			&witnesses,
		],
	);
	// Only the device can sign its beacon: one signed by another device's key is refused
	// before anything is sent.
	let forged = path(dir, "forged-beacon.json");
	let signed = ok(url, &["beacon", "sign", "--device-key", &path(dir, "hotspot2.json")]);
	let signed = signed.trim().replace(&hotspot2, &hotspot1);
	std::fs::write(&forged, signed + "\n").unwrap();
	fails(
		url,
		&["beacon", "submit", "--beacon", &forged, "--file", &witnesses],
		"Work.BadBeaconerSignature",
	);
	let beacon_file = path(dir, "beacon.json");
	ok(
		url,
		&["beacon", "sign", "--device-key", &path(dir, "hotspot1.json"), "--out", &beacon_file],
	);
	let submit = ["beacon", "submit", "--beacon", &beacon_file, "--file", &witnesses];
	let beacon = ok(url, &submit);
	assert!(beacon.contains("1 witnesses added, 1 counted"), "{beacon}");
	assert!(beacon.contains("Work.BeaconRecorded"), "{beacon}");
	// The same witness again adds nothing: refused before anything is sent.
	fails(url, &submit, "already counted");

	// --- Verifier attestations.
	let measurements = path(dir, "measurements.jsonl");
	std::fs::write(&measurements, format!("{{\"device\": \"{gpu}\", \"units\": 70}}\n")).unwrap();
	ok(url, &["verifier", "attest", "--suri", "//Dave", "--file", &measurements]);

	// --- Unknown device: clear errors, nothing sent.
	let unknown = format!("sr25519:0x{}", "11".repeat(32));
	fails(url, &["query", "device", &unknown], "unknown device");
	let before = nonce(&node, Alice).await;
	fails(url, &["rewards", "claim", "--suri", "//Alice", "--device", &unknown], "unknown device");
	assert_eq!(nonce(&node, Alice).await, before);

	// --- Epoch close and finality: wait until the sensor's reward is claimable.
	let deadline = Instant::now() + Duration::from_secs(420);
	loop {
		let pending = ok_json(url, &["rewards", "pending", "--device", &sensor]);
		if pending["claimable"] != "0" {
			break;
		}
		assert!(Instant::now() < deadline, "the sensor's reward never became final: {pending}");
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
	// Every piece of work belongs to the same epoch or the next (the work above takes seconds);
	// wait until both are final.
	let deadline = Instant::now() + Duration::from_secs(300);
	for device in [&hotspot1, &hotspot2, &gpu] {
		loop {
			let pending = ok_json(url, &["rewards", "pending", "--device", device]);
			if pending["claimable"] != "0" {
				break;
			}
			assert!(Instant::now() < deadline, "{device}'s reward never became final: {pending}");
			tokio::time::sleep(Duration::from_secs(3)).await;
		}
	}

	// --- Claims, checked through the RPC.
	for (owner, device) in
		[("//Alice", &sensor), ("//Alice", &hotspot1), ("//Bob", &hotspot2), ("//Charlie", &gpu)]
	{
		let claimed = ok_json(url, &["rewards", "claim", "--suri", owner, "--device", device]);
		assert_ne!(claimed["claimed"], "0", "{device}: {claimed}");
		let rpc = node.call("depin_pendingRewards", rpc_params![device.as_str(), 0, 999]).await;
		assert_eq!(rpc["claimable"], "0", "{rpc}");
		assert!(
			rpc["epochs"].as_array().unwrap().iter().all(|e| e["claimed"] == true),
			"{device}: {rpc}"
		);
	}
	// The sensor's usage units are in its work epoch's stats; the device counts by status.
	let epoch_stats = ok_json(url, &["query", "stats", "--epoch", &work_epoch.to_string()]);
	assert!(epoch_stats["totals"]["usageUnits"].as_u64().unwrap() >= 50, "{epoch_stats}");
	assert_eq!(epoch_stats["devicesByStatus"]["active"], 4, "{epoch_stats}");
	// Claiming again finds nothing.
	let again = ok_json(url, &["rewards", "claim", "--suri", "//Alice", "--device", &sensor]);
	assert_eq!(again["claimed"], "0");
	// Someone who did not earn the rewards finds nothing to claim, and nothing is sent.
	let before = nonce(&node, Bob).await;
	let by_bob = ok_json(url, &["rewards", "claim", "--suri", "//Bob", "--device", &sensor]);
	assert_eq!(by_bob["claimed"], "0", "{by_bob}");
	assert_eq!(nonce(&node, Bob).await, before);
	// Each reward names its earner, and the verifier's state shows through the RPC.
	let rpc = node.call("depin_pendingRewards", rpc_params![sensor.as_str(), 0, 999]).await;
	let alice = ok_json(url, &["key", "inspect", "//Alice"]);
	assert!(
		rpc["epochs"].as_array().unwrap().iter().all(|e| e["earner"] == alice["account"]),
		"{rpc} {alice}"
	);
	let dave = ok_json(url, &["key", "inspect", "//Dave"]);
	let status =
		ok_json(url, &["verifier", "status", "--account", dave["account"].as_str().unwrap()]);
	assert_eq!(status["admitted"], true, "{status}");
	let committee = ok_json(url, &["verifier", "committee", "--device", &gpu]);
	assert_eq!(committee["committee"], serde_json::Value::Null, "one verifier: no draw");

	// --- The work epoch is past its grace now: its vouchers are refused by the client and by
	// the pool (EpochTooOld), and nothing changes.
	let sensor_key = PublicKey::Sr25519(key_file_pair(&path(dir, "sensor.json")).public().0);
	let epoch = work_epoch as EpochIndex;
	let before = usage_state(&node, epoch, &sensor_key).await;
	fails(url, &["usage", "submit", "--file", &charlie_batch], "past its submission grace");
	let sensor_pair = key_file_pair(&path(dir, "sensor.json"));
	let late =
		vec![voucher(&sensor_pair, genesis_hash, &Bob.to_account_id(), epoch, 80, 1_000_000_000)];
	let signature = batch_signature(Bob, genesis_hash, epoch, &late);
	let xt = general(settle(Bob, epoch, late, signature));
	refused(&node, &xt, Some(pallet_work::Error::EpochTooOld)).await;
	assert_eq!(usage_state(&node, epoch, &sensor_key).await, before, "nothing changed");

	// Everything the lifecycle wrote decodes with the metadata alone, as polkadot.js apps and
	// subxt read it: every block's calls and events, and every storage item of our pallets.
	metadata_decodes_everything(url, node.best_number().await).await;
	node.stop();
}

/// The pool's validity of voucher settlements, through raw `author_submitExtrinsic` of
/// general transactions: each is refused (with the `Work` error's index as the custom code) and
/// nothing changes. The sensor settled 50 units for Bob in `epoch`; Charlie has no credits.
async fn pool_validity(node: &Node, dir: &Path, epoch: EpochIndex, genesis: &str) {
	use pallet_work::Error;
	let sensor = key_file_pair(&path(dir, "sensor.json"));
	let sensor_key = PublicKey::Sr25519(sensor.public().0);
	let genesis = H256::from_slice(&common::from_hex(genesis));
	let (bob, charlie) = (Bob.to_account_id(), Charlie.to_account_id());
	let price: Balance = 1_000_000_000;
	let before = usage_state(node, epoch, &sensor_key).await;
	let signed = |items: Vec<VoucherItem<Balance>>| {
		let signature = batch_signature(Bob, genesis, epoch, &items);
		general(settle(Bob, epoch, items, signature))
	};

	// The stale voucher: 30 units after 50 settled.
	let stale = voucher(&sensor, genesis, &bob, epoch, 30, price);
	refused(node, &signed(vec![stale]), Some(Error::NothingToSettle)).await;

	// A batch for another chain: the device and the consumer signed for another genesis.
	let other = H256([1; 32]);
	let items = vec![voucher(&sensor, other, &bob, epoch, 60, price)];
	let signature = batch_signature(Bob, other, epoch, &items);
	let xt = general(settle(Bob, epoch, items, signature));
	refused(node, &xt, Some(Error::BadConsumerSignature)).await;

	// Bob's signature over other vouchers than the batch carries.
	let signed_items = vec![voucher(&sensor, genesis, &bob, epoch, 60, price)];
	let signature = batch_signature(Bob, genesis, epoch, &signed_items);
	let carried = vec![voucher(&sensor, genesis, &bob, epoch, 70, price)];
	refused(
		node,
		&general(settle(Bob, epoch, carried, signature)),
		Some(Error::BadConsumerSignature),
	)
	.await;

	// A voucher the device signed for another consumer (Charlie), in Bob's batch.
	let for_charlie = voucher(&sensor, genesis, &charlie, epoch, 60, price);
	let code = Error::<Runtime>::BadDeviceSignature { index: 0 };
	refused(node, &signed(vec![for_charlie]), Some(code)).await;

	// A price that is not the class's (0.001 DPIN), signed by both.
	let dear = voucher(&sensor, genesis, &bob, epoch, 60, 2 * price);
	refused(node, &signed(vec![dear]), Some(Error::WrongPrice { index: 0 })).await;

	// An epoch that has not started.
	let future = current_epoch(node).await + 5;
	let items = vec![voucher(&sensor, genesis, &bob, future, 60, price)];
	let signature = batch_signature(Bob, genesis, future, &items);
	let xt = general(settle(Bob, future, items, signature));
	refused(node, &xt, Some(Error::EpochInFuture)).await;

	// Too few credits: Charlie has none.
	let items = vec![voucher(&sensor, genesis, &charlie, epoch, 60, price)];
	let signature = batch_signature(Charlie, genesis, epoch, &items);
	let xt = general(settle(Charlie, epoch, items, signature));
	refused(node, &xt, Some(Error::InsufficientCredits)).await;

	// A batch over the bound (MaxVouchers + 1 items) does not decode: the call's items are a
	// bounded vector, so the node cannot even read the transaction. The test encodes it by
	// hand: a valid general transaction of one voucher, with its call replaced.
	let max: u32 = <Runtime as pallet_work::Config>::MaxVouchers::get();
	let max = max as usize;
	let one = vec![voucher(&sensor, genesis, &bob, epoch, 60, price)];
	let signature = batch_signature(Bob, genesis, epoch, &one);
	let small_call = settle(Bob, epoch, one.clone(), signature.clone());
	let small = depin_runtime::UncheckedExtrinsic::new_transaction(
		small_call.clone(),
		depin_runtime::immortal_tx_extension(0),
	);
	let encoded = small.encode();
	let call_len = small_call.encode().len();
	// The encoding is a compact length, then the body whose tail is the call.
	let mut body = &encoded[..];
	<codec::Compact<u32> as codec::Decode>::decode(&mut body).unwrap();
	let mut big_call = small_call.encode()[..2].to_vec();
	big_call.extend((bob.clone(), epoch).encode());
	big_call.extend(vec![one[0].clone(); max + 1].encode());
	big_call.extend(signature.encode());
	let mut big_body = body[..body.len() - call_len].to_vec();
	big_body.extend(big_call);
	let mut big = codec::Compact(big_body.len() as u32).encode();
	big.extend(big_body);
	let message = refused(node, &big, None).await;
	eprintln!("a batch of {} vouchers: the node says: {message}", max + 1);

	assert_eq!(usage_state(node, epoch, &sensor_key).await, before, "nothing changed");
}

async fn metadata_decodes_everything(url: &str, best: u64) {
	use subxt::{
		ext::scale_value::{Composite, Value},
		OnlineClient, SubstrateConfig,
	};
	let api = OnlineClient::<SubstrateConfig>::from_insecure_url(url).await.unwrap();
	let (mut calls, mut events, mut items) = (0, 0, 0);
	for n in 0..=best {
		let at = api.at_block(n).await.unwrap();
		for xt in at.extrinsics().fetch().await.unwrap().iter() {
			let xt = xt.unwrap();
			xt.decode_call_data_fields_unchecked_as::<Composite<()>>().unwrap_or_else(|e| {
				panic!("block {n}: {}.{}: {e}", xt.pallet_name(), xt.call_name())
			});
			calls += 1;
		}
		for ev in at.events().fetch().await.unwrap().iter() {
			let ev = ev.unwrap();
			ev.decode_fields_unchecked_as::<Composite<()>>().unwrap_or_else(|e| {
				panic!("block {n}: {}.{}: {e}", ev.pallet_name(), ev.event_name())
			});
			events += 1;
		}
	}
	let at = api.at_block(best).await.unwrap();
	for entry in at.storage().entries() {
		if !["Devices", "Work", "Emissions", "ValidatorSet", "Origins"]
			.contains(&entry.pallet_name())
		{
			continue;
		}
		let what = format!("{}.{}", entry.pallet_name(), entry.entry_name());
		let e = entry.entry().unwrap();
		if e.is_map() {
			let mut values =
				e.iter(Vec::<Value>::new()).await.unwrap_or_else(|err| panic!("{what}: {err}"));
			while let Some(kv) = values.next().await {
				let kv = kv.unwrap_or_else(|err| panic!("{what}: {err}"));
				kv.key().unwrap_or_else(|err| panic!("{what} key: {err}"));
				kv.value().decode_as::<Value<()>>().unwrap_or_else(|err| panic!("{what}: {err}"));
				items += 1;
			}
		} else if let Some(v) =
			e.try_fetch(Vec::<Value>::new()).await.unwrap_or_else(|err| panic!("{what}: {err}"))
		{
			v.decode_as::<Value<()>>().unwrap_or_else(|err| panic!("{what}: {err}"));
			items += 1;
		}
	}
	assert!(
		calls > 10 && events > 10 && items > 10,
		"{calls} calls, {events} events, {items} items"
	);
}

#[test]
fn every_command_has_help_with_an_example() {
	let groups: &[(&str, &[&str])] = &[
		("key", &["generate", "inspect"]),
		("maker", &["certify"]),
		(
			"device",
			&[
				"consent",
				"register",
				"set-location",
				"transfer",
				"cancel-transfer",
				"accept",
				"retire",
				"withdraw-bond",
				"list",
			],
		),
		("rewards", &["pending", "claim"]),
		("credits", &["buy", "balance"]),
		("usage", &["sign", "cosign", "submit"]),
		("beacon", &["sign", "witness", "submit"]),
		("verifier", &["apply", "withdraw", "status", "committee", "attest"]),
		("dispute", &["open", "show", "expire", "list"]),
		("query", &["device", "class", "maker", "epoch", "stats", "schedule", "challenge"]),
	];
	for (group, commands) in groups {
		for command in *commands {
			let out = Command::new(env!("CARGO_BIN_EXE_depin"))
				.args([group, command, "--help"])
				.output()
				.unwrap();
			let help = String::from_utf8_lossy(&out.stdout);
			assert!(out.status.success(), "{group} {command} --help");
			assert!(
				help.contains("Example:"),
				"`depin {group} {command} --help` has no example:\n{help}"
			);
		}
	}
	let out =
		Command::new(env!("CARGO_BIN_EXE_depin")).args(["simulate", "--help"]).output().unwrap();
	let help = String::from_utf8_lossy(&out.stdout);
	assert!(help.contains("--devices") && help.contains("Example:"), "{help}");
	let out = Command::new(env!("CARGO_BIN_EXE_depin")).args(["bench", "--help"]).output().unwrap();
	let help = String::from_utf8_lossy(&out.stdout);
	assert!(help.contains("--sr25519-us") && help.contains("Example"), "{help}");
	assert!(help.contains("vouchers100"), "the voucher workloads are listed: {help}");
	// Settlements and beacons take no signer: the old flags are hidden.
	for group in ["usage", "beacon"] {
		let out =
			Command::new(env!("CARGO_BIN_EXE_depin")).args([group, "submit", "--help"]).output();
		let help = String::from_utf8_lossy(&out.unwrap().stdout).to_string();
		assert!(!help.contains("--suri"), "`depin {group} submit` takes no signer: {help}");
	}
}

/// A maker's X.509 PKI through the client, for P-256 devices: a root, an intermediate, a
/// signer and a device certificate made with `depin maker root/issue`; the root key set by
/// governance (`maker set-root`, printed as a call and then submitted through sudo); a P-256
/// device registered with its chain and a class binding signed by the signer; the RPC's key
/// type, certificate and root key; bad chains and bindings refused by the client before they
/// cost a fee; a revoked signer stopping the next registration on chain (and a restore); then
/// `depin simulate`, whose fleet mixes sr25519, ed25519 and P-256 devices, earning with P-256
/// usage vouchers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p256_devices_and_certificate_chains_through_the_client() {
	let _guard = serial().await;
	let tmp = tempfile::tempdir().unwrap();
	let dir = tmp.path();
	let mut node = Node::start(NodeConfig {
		name: "dev".into(),
		chain_args: vec!["--dev".into()],
		backend: Backend::Litep2p,
		bootnodes: vec![],
		base_path: dir.join("node"),
	})
	.await;
	node.wait_for("block 1", Duration::from_secs(60), |best, _| best >= 1).await;
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let url = url.as_str();
	let p = |name: &str| path(dir, name);

	// Keys: P-256 ones for the PKI and the devices; a P-256 key cannot sign transactions.
	for name in ["root", "inter", "signer", "rogue"] {
		device_key(url, dir, &format!("{name}.json"), "p256");
	}
	let device = device_key(url, dir, "device.json", "p256");
	let other = device_key(url, dir, "other.json", "p256");
	assert!(device.starts_with("p256:0x0"), "{device}");
	let inspect = ok_json(url, &["key", "inspect", &p("device.json")]);
	assert_eq!(inspect["scheme"], "p256");
	assert!(inspect["account"].is_null(), "{inspect}");
	fails(
		url,
		&["device", "retire", "--key-file", &p("device.json"), "--device", &device],
		"no account",
	);

	// The PKI, offline.
	let root = ok_json(
		url,
		&[
			"maker",
			"root",
			"--key",
			&p("root.json"),
			"--name",
			"CN=Test Root,O=Acme",
			"--out",
			&p("root.der"),
		],
	);
	let root_key = root["rootKey"].as_str().unwrap().to_string();
	let issue = |role: &str, ca: &str, subject: &str, name: &str, serial: &str, out: &str| {
		ok_json(
			url,
			&[
				"maker",
				"issue",
				"--role",
				role,
				"--ca-key",
				&p(&format!("{ca}.json")),
				"--ca-cert",
				&p(&format!("{ca}.der")),
				"--subject",
				subject,
				"--name",
				name,
				"--serial",
				serial,
				"--out",
				&p(out),
			],
		)
	};
	issue(
		"intermediate",
		"root",
		&p("inter.json"),
		"CN=Test Intermediate,O=Acme",
		"0100",
		"inter.der",
	);
	let signer = issue(
		"signer",
		"inter",
		&p("signer.json"),
		"CN=Test Signer 1,O=Acme",
		"1001",
		"signer.der",
	);
	let signer_key = signer["key"].as_str().unwrap().to_string();
	let leaf = issue("device", "signer", &device, "CN=chip 0001", "8123", "device.der");
	assert_eq!(leaf["serial"], "0x008123", "DER's sign byte: {leaf}");
	issue("device", "signer", &other, "CN=chip 0002", "8124", "other.der");
	// A device certificate is no CA: the client refuses to issue with it.
	fails(
		url,
		&[
			"maker",
			"issue",
			"--role",
			"device",
			"--ca-key",
			&p("device.json"),
			"--ca-cert",
			&p("device.der"),
			"--subject",
			&p("rogue.json"),
			"--name",
			"CN=rogue",
			"--out",
			&p("rogue.der"),
		],
		"not a CA",
	);

	// Governance: without --sudo the call is printed for a referendum, with it submitted.
	let printed = ok_json(url, &["maker", "set-root", "--maker", "0", "--root", &root_key]);
	let bytes = hex::decode(printed["call"].as_str().unwrap().trim_start_matches("0x")).unwrap();
	let PublicKey::P256(root_bytes) = root_key.parse::<PublicKey>().unwrap() else { panic!() };
	assert_eq!(
		<RuntimeCall as codec::Decode>::decode(&mut &bytes[..]).unwrap(),
		RuntimeCall::Devices(pallet_devices::Call::set_maker_root {
			maker: 0,
			root: Some(root_bytes)
		})
	);
	ok(url, &["maker", "set-root", "--maker", "0", "--root", &p("root.der"), "--sudo", "//Alice"]);
	let maker: Value = node.call("depin_maker", rpc_params![0]).await;
	assert_eq!(maker["rootKey"], root_key.as_str());

	// The class binding: the signer signs (tag, genesis, device, class), as `maker certify`.
	let certify = |key: &str, device: &str, out: &str| {
		ok(
			url,
			&[
				"maker",
				"certify",
				"--key",
				key,
				"--maker",
				"0",
				"--class",
				"1",
				"--device",
				device,
				"--out",
				&p(out),
				"--for-chain",
			],
		);
	};
	certify(&p("signer.json"), &device, "binding.json");
	// A plain maker certificate by the signer is no class binding (another payload).
	ok(
		url,
		&[
			"maker",
			"certify",
			"--key",
			&p("signer.json"),
			"--maker",
			"0",
			"--class",
			"1",
			"--device",
			&device,
			"--out",
			&p("plain-binding.json"),
		],
	);
	certify(&p("root.json"), &device, "root-binding.json");
	certify(&p("signer.json"), &other, "binding-other.json");
	let chain = format!("{},{},{}", p("device.der"), p("signer.der"), p("inter.der"));
	let register = |binding: &str, chain: &str, key: &str| -> Vec<String> {
		[
			"device",
			"register",
			"--suri",
			"//Bob",
			"--certificate",
			&p(binding),
			"--chain",
			chain,
			"--device-key",
			&p(key),
			"--lat",
			"52.52",
			"--lon",
			"13.40",
		]
		.iter()
		.map(|s| s.to_string())
		.collect()
	};
	// Refused by the client, before any fee: a binding by another key than the signer, a chain
	// out of order, a chain for another device.
	fails(url, &strs(&register("root-binding.json", &chain, "device.json")), "class binding");
	fails(url, &strs(&register("plain-binding.json", &chain, "device.json")), "class binding");
	let swapped = format!("{},{},{}", p("device.der"), p("inter.der"), p("signer.der"));
	fails(url, &strs(&register("binding.json", &swapped, "device.json")), "issuer");
	let others = format!("{},{},{}", p("other.der"), p("signer.der"), p("inter.der"));
	fails(url, &strs(&register("binding.json", &others, "device.json")), "not for device");

	ok(url, &strs(&register("binding.json", &chain, "device.json")));
	let info: Value = node.call("depin_device", rpc_params![device.clone()]).await;
	assert_eq!(info["keyType"], "p256", "{info}");
	assert_eq!(info["owner"], ss58(Bob).as_str());
	assert_eq!(info["certificate"]["issuer"], signer_key.as_str(), "{info}");
	assert_eq!(info["certificate"]["serial"], "0x008123");
	assert_eq!(info["certificate"]["revoked"], false);

	// Governance revokes the signer: the next registration through it fails on chain (the
	// client cannot know revocations), the registered device shows its certificate revoked.
	ok(url, &["maker", "revoke", "--certificate", &p("signer.der"), "--sudo", "//Alice"]);
	let info: Value = node.call("depin_device", rpc_params![device.clone()]).await;
	assert_eq!(info["certificate"]["revoked"], true, "{info}");
	let others = format!("{},{},{}", p("other.der"), p("signer.der"), p("inter.der"));
	fails(url, &strs(&register("binding-other.json", &others, "other.json")), "CertificateRevoked");
	fails(url, &["maker", "revoke", "--key", &signer_key, "--sudo", "//Alice"], "AlreadyRevoked");
	ok(url, &["maker", "restore", "--key", &signer_key, "--sudo", "//Alice"]);
	ok(url, &strs(&register("binding-other.json", &others, "other.json")));
	let info: Value = node.call("depin_device", rpc_params![device.clone()]).await;
	assert_eq!(info["certificate"]["revoked"], false, "{info}");
	// The simulator's fleet mixes key types; its P-256 sensor earns from its usage vouchers.
	let out = ok(url, &["simulate", "--devices", "9", "--epochs", "1", "--seed", "hw"]);
	assert!(out.contains("closed"), "{out}");
	let sensor = ok_json(url, &["key", "inspect", "p256://hw//device//7"]);
	let sensor = sensor["deviceKey"].as_str().unwrap().to_string();
	let info: Value = node.call("depin_device", rpc_params![sensor.clone()]).await;
	assert_eq!(info["keyType"], "p256");
	assert!(info["certificate"].is_null(), "registered with a maker signature: {info}");
	let epoch = current_epoch(&node).await;
	let rewards: Value = node
		.call("depin_pendingRewards", rpc_params![sensor, epoch.saturating_sub(3), epoch])
		.await;
	let usage = rewards["epochs"]
		.as_array()
		.unwrap()
		.iter()
		.any(|r| r["kind"] == "usage" && r["units"].as_u64().unwrap_or_default() > 0);
	assert!(usage, "the P-256 sensor's vouchers earned: {rewards}");
	node.stop();
}
