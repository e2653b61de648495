//! Test harness: starts the real `depin-node` binary on free loopback ports with a temporary
//! base path, talks JSON-RPC to it, and always stops it (the `Drop` of [`Node`] kills the
//! process, also when a test panics).

#![allow(dead_code)]

use std::{
	fs::File,
	io::{BufRead, BufReader},
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use depin_runtime::{AccountId, Balance, Hash, RuntimeCall, SignedPayload, UncheckedExtrinsic};
use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiSignature;

/// Nodes are heavy on a two-core machine: tests that start nodes run one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Takes the lock that makes node-starting tests run one at a time.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
	SERIAL.lock().await
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("the OS gives a free loopback port")
}

/// The `depin-node` binary: Cargo's own path in the node's tests; elsewhere (the client's
/// tests share this harness) `$DEPIN_NODE`, or the binary that `cargo test --workspace` built
/// next to the test's directory.
pub fn node_binary() -> PathBuf {
	if let Some(path) = option_env!("CARGO_BIN_EXE_depin-node") {
		return path.into();
	}
	if let Ok(path) = std::env::var("DEPIN_NODE") {
		return path.into();
	}
	// target/<profile>/deps/<test binary> → target/<profile>/depin-node
	let sibling = std::env::current_exe()
		.ok()
		.and_then(|exe| Some(exe.parent()?.parent()?.join("depin-node")));
	match sibling {
		Some(path) if path.is_file() => path,
		_ => panic!(
			"depin-node is not built: run `cargo build -p depin-node` first (./scripts/test.sh \
			 does), or set DEPIN_NODE to its path"
		),
	}
}

/// Which sc-network implementation a node runs.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
	Libp2p,
	Litep2p,
}

impl Backend {
	fn flag(self) -> &'static str {
		match self {
			Backend::Libp2p => "libp2p",
			Backend::Litep2p => "litep2p",
		}
	}
}

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// Name used in logs and `--name`.
	pub name: String,
	/// Chain arguments, e.g. `["--dev"]` or `["--chain", "local", "--alice"]`.
	pub chain_args: Vec<String>,
	/// Network backend.
	pub backend: Backend,
	/// Bootnode multiaddresses.
	pub bootnodes: Vec<String>,
	/// Base path (database and keystore); kept across restarts.
	pub base_path: PathBuf,
}

/// A running `depin-node` process.
pub struct Node {
	pub config: NodeConfig,
	child: Option<Child>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub prometheus_port: u16,
	pub log_path: PathBuf,
	pub rpc: HttpClient,
}

impl Node {
	/// Starts the node and waits until its RPC server answers.
	pub async fn start(config: NodeConfig) -> Node {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let prometheus_port = free_port();
		std::fs::create_dir_all(&config.base_path).expect("base path");
		let log_path = config.base_path.join(format!(
			"{}-{}.log",
			config.name,
			std::time::SystemTime::now()
				.duration_since(std::time::UNIX_EPOCH)
				.map(|d| d.as_millis())
				.unwrap_or_default()
		));
		let log = File::create(&log_path).expect("log file");
		let mut cmd = Command::new(node_binary());
		cmd.args(&config.chain_args)
			.arg("--name")
			.arg(&config.name)
			.arg("--base-path")
			.arg(&config.base_path)
			.arg("--rpc-port")
			.arg(rpc_port.to_string())
			.arg("--listen-addr")
			.arg(format!("/ip4/127.0.0.1/tcp/{p2p_port}"))
			.arg("--prometheus-port")
			.arg(prometheus_port.to_string())
			.arg("--network-backend")
			.arg(config.backend.flag())
			.arg("--no-telemetry")
			.arg("--no-mdns")
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("log file"))
			.stderr(log);
		for b in &config.bootnodes {
			cmd.arg("--bootnodes").arg(b);
		}
		let child = cmd.spawn().expect("depin-node starts");
		let rpc = HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(20))
			.build(format!("http://127.0.0.1:{rpc_port}"))
			.expect("http client");
		let mut node =
			Node { config, child: Some(child), rpc_port, p2p_port, prometheus_port, log_path, rpc };
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			if node.rpc.request::<Value, _>("system_health", rpc_params![]).await.is_ok() {
				break;
			}
			if let Some(status) = node.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				panic!(
					"{} exited with {status} before its RPC came up:\n{}",
					node.config.name,
					node.log_tail(40)
				);
			}
			if Instant::now() > deadline {
				panic!(
					"{}: RPC did not come up in 120 s:\n{}",
					node.config.name,
					node.log_tail(40)
				);
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
		node
	}

	/// The last `n` lines of the node's log, for failure messages.
	pub fn log_tail(&self, n: usize) -> String {
		log_tail(&self.log_path, n)
	}

	/// Stops the node gracefully (SIGTERM) and waits for it to exit.
	pub fn stop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
			let deadline = Instant::now() + Duration::from_secs(60);
			loop {
				match child.try_wait() {
					Ok(Some(_)) => return,
					Ok(None) if Instant::now() < deadline => {
						std::thread::sleep(Duration::from_millis(100))
					}
					_ => {
						let _ = child.kill();
						let _ = child.wait();
						panic!("{} did not stop within 60 s of SIGTERM", self.config.name);
					}
				}
			}
		}
	}

	/// Kills the node with SIGKILL (no chance to flush anything) and reaps it.
	pub fn kill_hard(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// The Prometheus metrics page, fetched with a plain HTTP/1.0 GET.
	pub fn metrics(&self) -> String {
		use std::io::{Read, Write};
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.prometheus_port))
			.expect("the Prometheus endpoint accepts connections");
		stream.set_read_timeout(Some(Duration::from_secs(10))).expect("set timeout");
		stream
			.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
			.expect("send request");
		let mut response = String::new();
		stream.read_to_string(&mut response).expect("read response");
		response
	}

	/// Raw JSON-RPC call.
	pub async fn call(&self, method: &str, params: jsonrpsee::core::params::ArrayParams) -> Value {
		self.rpc.request::<Value, _>(method, params).await.unwrap_or_else(|e| {
			panic!("{method} failed on {}: {e}\n{}", self.config.name, self.log_tail(20))
		})
	}

	/// Calls `method`, returning the JSON-RPC error's code and message if it fails.
	pub async fn try_call(
		&self,
		method: &str,
		params: jsonrpsee::core::params::ArrayParams,
	) -> Result<Value, (i32, String)> {
		self.rpc.request::<Value, _>(method, params).await.map_err(|e| match e {
			jsonrpsee::core::ClientError::Call(err) => (err.code(), err.message().to_string()),
			other => (0, other.to_string()),
		})
	}

	/// Number of the best block.
	pub async fn best_number(&self) -> u64 {
		let header = self.call("chain_getHeader", rpc_params![]).await;
		hex_number(&header["number"])
	}

	/// Hash and number of the finalized head.
	pub async fn finalized(&self) -> (String, u64) {
		let hash = self.call("chain_getFinalizedHead", rpc_params![]).await;
		let hash = hash.as_str().expect("hash is a string").to_string();
		let header = self.call("chain_getHeader", rpc_params![hash.clone()]).await;
		(hash, hex_number(&header["number"]))
	}

	/// Hash of the block at `number` on the node's best chain. A node may not have it yet: a
	/// warp-synced node fills in the blocks below its warp target in the background, and a node
	/// that just caught up may still be importing; so this polls for up to two minutes.
	pub async fn block_hash(&self, number: u64) -> String {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			let hash = self.call("chain_getBlockHash", rpc_params![number]).await;
			if let Some(hash) = hash.as_str() {
				return hash.to_string();
			}
			assert!(
				Instant::now() < deadline,
				"{}: no block {number} after two minutes (best {})",
				self.config.name,
				self.best_number().await
			);
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Waits until `cond(best, finalized)` holds, or panics after `timeout`.
	pub async fn wait_for(
		&self,
		what: &str,
		timeout: Duration,
		cond: impl Fn(u64, u64) -> bool,
	) -> (u64, u64) {
		let deadline = Instant::now() + timeout;
		loop {
			let best = self.best_number().await;
			let (_, fin) = self.finalized().await;
			if cond(best, fin) {
				return (best, fin);
			}
			if Instant::now() > deadline {
				panic!(
					"{}: timed out after {timeout:?} waiting for {what} (best {best}, finalized {fin})\n{}",
					self.config.name,
					self.log_tail(40)
				);
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// The free balance of `who`, read from storage over RPC.
	pub async fn free_balance(&self, who: &AccountId) -> Balance {
		let key = frame_system::Account::<depin_runtime::Runtime>::hashed_key_for(who);
		let value = self.call("state_getStorage", rpc_params![to_hex(&key)]).await;
		match value.as_str() {
			None => 0,
			Some(hex) => {
				let bytes = from_hex(hex);
				let info = frame_system::AccountInfo::<
					depin_runtime::Nonce,
					pallet_balances::AccountData<Balance>,
				>::decode(&mut &bytes[..])
				.expect("AccountInfo decodes");
				info.data.free
			}
		}
	}

	/// Builds a signed, immortal transaction from `signer`, as a wallet does: nonce, runtime
	/// versions and genesis hash come from the node.
	pub async fn sign(&self, signer: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
		let nonce = self.next_nonce(signer).await;
		self.sign_with_nonce(signer, call, nonce).await
	}

	/// The next nonce of `signer` as the node reports it (its best block plus its pool).
	pub async fn next_nonce(&self, signer: Sr25519Keyring) -> u32 {
		let account = signer.to_account_id();
		self.call(
			"system_accountNextIndex",
			rpc_params![sp_core::crypto::Ss58Codec::to_ss58check(&account)],
		)
		.await
		.as_u64()
		.expect("nonce is a number") as u32
	}

	/// Builds a signed, immortal transaction from `signer` with the nonce the caller tracks.
	/// Tests that send a stream from one account use this: while validators fork, the node's
	/// best block and its pool's view can disagree for a moment, and a nonce read back from the
	/// node can then be one that a block on the other fork already used ("outdated").
	pub async fn sign_with_nonce(
		&self,
		signer: Sr25519Keyring,
		call: RuntimeCall,
		nonce: u32,
	) -> UncheckedExtrinsic {
		let account = signer.to_account_id();
		let version = self.call("state_getRuntimeVersion", rpc_params![]).await;
		let spec_version = version["specVersion"].as_u64().expect("specVersion") as u32;
		let tx_version = version["transactionVersion"].as_u64().expect("transactionVersion") as u32;
		let genesis = self.block_hash(0).await;
		let genesis = Hash::from_slice(&from_hex(&genesis));

		let tx_ext = depin_runtime::immortal_tx_extension(nonce);
		let implicit = ((), (), spec_version, tx_version, genesis, genesis, (), (), (), ());
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			account.into(),
			MultiSignature::Sr25519(signature),
			tx_ext,
		)
	}

	/// Submits an extrinsic; returns the JSON-RPC result (the hash) or the error text.
	pub async fn submit(&self, xt: &UncheckedExtrinsic) -> Result<Value, String> {
		self.submit_raw(&to_hex(&xt.encode())).await
	}

	/// Submits raw hex bytes to `author_submitExtrinsic`.
	pub async fn submit_raw(&self, hex: &str) -> Result<Value, String> {
		self.rpc
			.request::<Value, _>("author_submitExtrinsic", rpc_params![hex])
			.await
			.map_err(|e| e.to_string())
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if std::thread::panicking() {
			eprintln!("---- log of {} ----\n{}", self.config.name, self.log_tail(60));
		}
		self.kill_hard();
	}
}

/// Parses a JSON-RPC hex number such as `"0x1a"`.
pub fn hex_number(v: &Value) -> u64 {
	let s = v.as_str().expect("hex number");
	u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("valid hex number")
}

pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

pub fn from_hex(s: &str) -> Vec<u8> {
	hex::decode(s.trim_start_matches("0x")).expect("valid hex")
}

pub fn log_tail(path: &Path, n: usize) -> String {
	let Ok(file) = File::open(path) else {
		return String::from("<no log>");
	};
	let lines: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
	lines[lines.len().saturating_sub(n)..].join("\n")
}
