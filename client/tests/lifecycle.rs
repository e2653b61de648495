//! End to end through the `depin` client against a dev node started by the test: keys, maker
//! certificates and device consent offline, registration of a device of each proof kind,
//! credits, co-signed usage receipts submitted by a gateway, a beacon with a witness, a
//! verifier's attestations, epoch close and claims, checked through the `depin_*` RPC and the
//! client's own queries; a dispute opened, shown, listed and (by sudo, as governance would)
//! rejected. Bad input (wrong key, unknown device, a replayed receipts file, a dispute outside
//! its window or twice) must fail with a clear message and a non-zero exit code, and change
//! nothing on chain.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../../node/tests/common/mod.rs"]
mod common;

use std::{
	path::Path,
	process::{Command, Output},
	time::{Duration, Instant},
};

use common::{serial, Backend, Node, NodeConfig};
use depin_runtime::RuntimeCall;
use jsonrpsee::rpc_params;
use serde_json::Value;
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};

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
	// two epochs; Dave becomes a verifier.
	sudo(&node, RuntimeCall::Work(pallet_work::Call::set_dispute_window { epochs: 1 })).await;
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

	// --- Credits and usage: the sensor signs two receipts for Bob, Bob co-signs, Charlie's
	// gateway submits.
	ok(url, &["credits", "buy", "--suri", "//Bob", "--amount", "1"]);
	let credits = ok_json(url, &["credits", "balance", "--account", &ss58(Bob)]);
	assert_eq!(credits["credits"], "1000000000000");
	let receipts = path(dir, "receipts.jsonl");
	let signed = path(dir, "signed.jsonl");
	for units in ["40", "10"] {
		ok(
			url,
			&[
				"usage",
				"sign",
				"--device-key",
				&path(dir, "sensor.json"),
				"--consumer",
				&ss58(Bob),
				"--units",
				units,
				"--out",
				&receipts,
			],
		);
	}
	ok(url, &["usage", "cosign", "--consumer-key", "//Bob", "--file", &receipts, "--out", &signed]);
	let submitted = ok_json(url, &["usage", "submit", "--suri", "//Charlie", "--file", &signed]);
	assert_eq!(submitted["submitted"], 2, "{submitted}");
	let first: Value =
		serde_json::from_str(std::fs::read_to_string(&signed).unwrap().lines().next().unwrap())
			.unwrap();
	let work_epoch = first["epoch"].as_u64().unwrap();

	// --- Replayed receipts file: refused, nothing sent.
	let before = (stats(&node).await["totals"].clone(), nonce(&node, Charlie).await);
	fails(url, &["usage", "submit", "--suri", "//Charlie", "--file", &signed], "already on chain");
	assert_eq!((stats(&node).await["totals"].clone(), nonce(&node, Charlie).await), before);

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
	fails(url, &strs(&within), "already open");
	let shown = ok_json(url, &["dispute", "show", "0"]);
	assert_eq!(shown["device"], sensor.as_str(), "{shown}");
	assert_eq!(shown["disputer"], ss58(Eve).as_str(), "{shown}");
	assert_eq!(shown["bond"], "10000000000000", "{shown}");
	let listed = ok_json(url, &["dispute", "list", "--device", &sensor]);
	assert_eq!(listed["disputes"].as_array().unwrap().len(), 1, "{listed}");
	sudo(&node, RuntimeCall::Work(pallet_work::Call::resolve_dispute { id: 0, upheld: false }))
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
	let beacon = ok(url, &["beacon", "submit", "--suri", "//Charlie", "--file", &witnesses]);
	assert!(beacon.contains("Work.BeaconRecorded"), "{beacon}");

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
	// A claim by someone else than the owner is refused.
	fails(url, &["rewards", "claim", "--suri", "//Bob", "--device", &sensor], "belongs to");

	// Everything the lifecycle wrote decodes with the metadata alone, as polkadot.js apps and
	// subxt read it: every block's calls and events, and every storage item of our pallets.
	metadata_decodes_everything(url, node.best_number().await).await;
	node.stop();
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
				"accept",
				"retire",
				"withdraw-bond",
				"list",
			],
		),
		("rewards", &["pending", "claim"]),
		("credits", &["buy", "balance"]),
		("usage", &["sign", "cosign", "submit"]),
		("beacon", &["witness", "submit"]),
		("verifier", &["attest"]),
		("dispute", &["open", "show", "list"]),
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
}
