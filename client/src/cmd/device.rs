//! `depin device …`: device owners consent, register, locate, transfer, retire and list
//! devices.

use std::path::PathBuf;

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::{Args, Subcommand};
use depin_primitives::{PublicKey, RawSignature};
use depin_runtime::RuntimeCall;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::H256;

use crate::{
	certs,
	chain::Chain,
	cmd::{emit_line, genesis_for, maker::CertificateDoc, read_json},
	keys::Key,
	output,
	proofs::{self, Registration},
	text::{
		account_text, cell_from_lat_lon, device_text, h3_text, hex32, hex64, parse_account,
		parse_device, parse_h3, to_hex,
	},
	Ctx, SignerArgs,
};

/// Where a device is: an H3 cell, or a latitude and longitude turned into a cell.
#[derive(Args, Clone)]
pub struct LocationArgs {
	/// The device's H3 cell (hex index, e.g. 8a2a1072b59ffff).
	#[arg(long, conflicts_with_all = ["lat", "lon"])]
	pub h3: Option<String>,
	/// Latitude in degrees (with --lon; turned into the H3 cell at --resolution).
	#[arg(long, requires = "lon", allow_hyphen_values = true)]
	pub lat: Option<f64>,
	/// Longitude in degrees (with --lat).
	#[arg(long, requires = "lat", allow_hyphen_values = true)]
	pub lon: Option<f64>,
	/// H3 resolution for --lat/--lon: 5 (coarse, ~250 km²) to 12 (fine, ~300 m²).
	#[arg(long, default_value_t = 10)]
	pub resolution: u8,
}

impl LocationArgs {
	/// The cell given, if any.
	pub fn cell(&self) -> Result<Option<u64>> {
		match (&self.h3, self.lat, self.lon) {
			(Some(h3), _, _) => parse_h3(h3).map(Some),
			(None, Some(lat), Some(lon)) => cell_from_lat_lon(lat, lon, self.resolution).map(Some),
			_ => Ok(None),
		}
	}
}

#[derive(Subcommand)]
pub enum DeviceCommand {
	/// The device signs its consent to be owned by an account (offline with --genesis).
	///
	/// Example: depin device consent --device-key device1.json --owner 5Grw… > consent.json
	Consent {
		/// The device's key: a key file or a secret URI.
		#[arg(long)]
		device_key: String,
		/// The future owner's account (SS58).
		#[arg(long)]
		owner: String,
		/// The chain's genesis hash, to sign without a node; by default read from --url.
		#[arg(long)]
		genesis: Option<String>,
		/// Write the consent to this file instead of stdout.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Register a device: the maker certificate, the device's consent and its bond.
	///
	/// With --chain, the device registers through its maker's X.509 certificate chain (P-256
	/// devices of makers with a root key): the chain is checked here as the runtime will, and
	/// --certificate is then the class binding, `depin maker certify` signed with the key of
	/// the signer that issued the device certificate.
	///
	/// Example: depin device register --suri //Alice --certificate certificate.json
	///   --device-key device1.json --lat 52.52 --lon 13.40
	///   or: ... --chain device.der,signer.der,intermediate.der
	Register {
		#[command(flatten)]
		signer: SignerArgs,
		/// The maker certificate (from `depin maker certify`); with --chain, the class binding.
		#[arg(long)]
		certificate: PathBuf,
		/// The device's certificate chain (DER or PEM files, comma-separated): the device's
		/// own certificate first, then each issuer's, up to but not necessarily including the
		/// maker's root: at most 3 files in all, the device's own and any root copy included.
		#[arg(long, value_delimiter = ',')]
		chain: Vec<PathBuf>,
		/// The device's key, to sign its consent here.
		#[arg(long, conflicts_with = "consent", required_unless_present = "consent")]
		device_key: Option<String>,
		/// The device's consent collected offline (from `depin device consent`).
		#[arg(long)]
		consent: Option<PathBuf>,
		#[command(flatten)]
		location: LocationArgs,
		/// Metadata to store with the device (a content hash or URI).
		#[arg(long, default_value = "")]
		metadata: String,
	},
	/// Move a device to another H3 cell (subject to the location cooldown).
	///
	/// Example: depin device set-location --suri //Alice --device sr25519:0x… --h3 8a2a1072b59ffff
	SetLocation {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
		#[command(flatten)]
		location: LocationArgs,
	},
	/// Offer a device to a new owner, who must accept it.
	///
	/// Example: depin device transfer --suri //Alice --device sr25519:0x… --to 5FHn…
	Transfer {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
		/// The new owner's account.
		#[arg(long)]
		to: String,
	},
	/// Withdraw your standing offer of a device: the account it was offered to can no longer
	/// accept it, and the device stays yours.
	///
	/// Example: depin device cancel-transfer --suri //Alice --device sr25519:0x…
	CancelTransfer {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// Accept a device offered to you (you put up its bond).
	///
	/// Example: depin device accept --suri //Bob --device sr25519:0x…
	Accept {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// Retire a device: it stops earning and its bond unlocks after the unbonding period.
	///
	/// Example: depin device retire --suri //Alice --device sr25519:0x…
	Retire {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// Withdraw the bond of a retired device once unbonded (removes the device).
	///
	/// Example: depin device withdraw-bond --suri //Alice --device sr25519:0x…
	WithdrawBond {
		#[command(flatten)]
		signer: SignerArgs,
		/// The device.
		#[arg(long)]
		device: String,
	},
	/// List an owner's devices (all pages), with their details.
	///
	/// Example: depin device list --owner 5Grw…
	List {
		/// The owner's account.
		#[arg(long)]
		owner: String,
	},
}

/// A device's consent to its owner, as `depin device consent` writes it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentDoc {
	/// The device key.
	pub device: String,
	/// The owner's account.
	pub owner: String,
	/// The genesis hash signed over.
	pub genesis: String,
	/// The device's signature.
	pub signature: String,
}

fn call_devices(call: pallet_devices::Call<depin_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Devices(call)
}

pub async fn device(ctx: &Ctx, command: DeviceCommand) -> Result<()> {
	match command {
		DeviceCommand::Consent { device_key, owner, genesis, out } => {
			let key = Key::load(&device_key)?;
			let owner = parse_account(&owner)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			emit_line(
				&ConsentDoc {
					device: device_text(&key.device_key()),
					owner: account_text(&owner),
					genesis: to_hex(genesis.as_bytes()),
					signature: to_hex(&proofs::device_consent(&key, &genesis, &owner)),
				},
				out.as_deref(),
			)
		}
		DeviceCommand::Register {
			signer,
			certificate,
			chain,
			device_key,
			consent,
			location,
			metadata,
		} => {
			let consent = match (device_key, consent) {
				(Some(spec), _) => Consent::Key(Box::new(Key::load(&spec)?)),
				(None, Some(path)) => {
					Consent::File(read_json(&path, "consent (depin device consent)")?)
				}
				(None, None) => bail!("give the device's consent with --device-key or --consent"),
			};
			register(ctx, signer, &certificate, &chain, consent, location, metadata).await
		}
		DeviceCommand::SetLocation { signer, device, location } => {
			set_location(ctx, signer, &device, location).await
		}
		DeviceCommand::Transfer { signer, device, to } => transfer(ctx, signer, &device, &to).await,
		DeviceCommand::CancelTransfer { signer, device } => {
			simple(
				ctx,
				signer,
				"transfer offer withdrawn",
				|device| pallet_devices::Call::cancel_transfer { device },
				&device,
			)
			.await
		}
		DeviceCommand::Accept { signer, device } => {
			simple(
				ctx,
				signer,
				"transfer accepted",
				|device| pallet_devices::Call::accept_transfer { device },
				&device,
			)
			.await
		}
		DeviceCommand::Retire { signer, device } => {
			simple(
				ctx,
				signer,
				"retiring",
				|device| pallet_devices::Call::retire_device { device },
				&device,
			)
			.await
		}
		DeviceCommand::WithdrawBond { signer, device } => {
			simple(
				ctx,
				signer,
				"bond withdrawn",
				|device| pallet_devices::Call::withdraw_bond { device },
				&device,
			)
			.await
		}
		DeviceCommand::List { owner } => list(ctx, &owner).await,
	}
}

/// Where the device's consent comes from.
enum Consent {
	/// The device's key is at hand: sign the consent here.
	Key(Box<Key>),
	/// A consent collected offline.
	File(ConsentDoc),
}

/// `depin device register`: checks the maker certificate and the consent against the chain, then
/// registers.
async fn register(
	ctx: &Ctx,
	signer: SignerArgs,
	certificate: &std::path::Path,
	chain_files: &[PathBuf],
	consent: Consent,
	location: LocationArgs,
	metadata: String,
) -> Result<()> {
	let owner = signer.key()?;
	let cert: CertificateDoc = read_json(certificate, "maker certificate (depin maker certify)")?;
	let device = parse_device(&cert.device)?;
	let maker_signature = hex64(&cert.signature).context("maker certificate signature")?;
	let cell = location.cell()?;
	let chain = ctx.connect().await?;
	let genesis = chain.genesis();
	ensure!(
		hex32(&cert.genesis)? == genesis.0,
		"the maker certificate was signed for another chain (genesis {}); this node's genesis is \
		 {genesis:?}",
		cert.genesis
	);
	let certificates = chain_files.iter().map(|p| certs::read(p)).collect::<Result<Vec<_>>>()?;
	if certificates.is_empty() {
		check_certificate(&chain, &cert, &device, &maker_signature).await?;
	} else {
		check_chain(&chain, &cert, &device, &certificates, &maker_signature).await?;
	}
	let device_signature = consented(&cert, &device, consent, &genesis, &owner)?;
	if !certificates.is_empty() {
		let call = chain_registration(
			&cert,
			device,
			certificates,
			maker_signature,
			device_signature,
			cell,
			metadata.into_bytes(),
		)?;
		let inc = chain.submit(&owner, call).await?;
		output::included(
			ctx,
			&format!("registered {} with its certificate chain", device_text(&device)),
			&inc,
		);
		return Ok(());
	}
	let call = Registration {
		device,
		class: cert.class,
		maker: cert.maker,
		maker_signature,
		device_signature,
		location: cell,
		metadata: metadata.into_bytes(),
	}
	.call()?;
	let inc = chain.submit(&owner, call).await?;
	output::included(ctx, &format!("registered {}", device_text(&device)), &inc);
	Ok(())
}

/// `Devices::register_device_with_chain`.
fn chain_registration(
	cert: &CertificateDoc,
	device: PublicKey,
	certificates: Vec<Vec<u8>>,
	class_signature: RawSignature,
	device_signature: RawSignature,
	location: Option<u64>,
	metadata: Vec<u8>,
) -> Result<RuntimeCall> {
	let mut chain = Vec::new();
	for (i, der) in certificates.into_iter().enumerate() {
		let len = der.len();
		chain.push(der.try_into().map_err(|_| {
			anyhow!(
				"certificate {i} of the chain is {len} bytes; the chain takes at most {}",
				depin_primitives::x509::MAX_CERTIFICATE_LEN
			)
		})?);
	}
	let count = chain.len();
	let chain = chain.try_into().map_err(|_| {
		anyhow!(
			"the chain has {count} certificates; at most {} (leave the root's own out)",
			depin_primitives::x509::MAX_CHAIN_LEN
		)
	})?;
	let len = metadata.len();
	let metadata = metadata
		.try_into()
		.map_err(|_| anyhow!("the metadata is too long ({len} bytes): store a hash or a URI"))?;
	Ok(call_devices(pallet_devices::Call::register_device_with_chain {
		device,
		class: cert.class,
		maker: cert.maker,
		chain,
		class_signature,
		device_signature,
		location,
		metadata,
	}))
}

/// Checks a certificate chain and its class binding as the runtime will (but for
/// revocations): a bad one would only cost a fee on chain.
async fn check_chain(
	chain: &Chain,
	cert: &CertificateDoc,
	device: &PublicKey,
	certificates: &[Vec<u8>],
	class_signature: &RawSignature,
) -> Result<()> {
	let PublicKey::P256(device_key) = device else {
		bail!("certificate chains are for P-256 devices; {} is not one", cert.device);
	};
	let maker: Value = chain.call("depin_maker", vec![cert.maker.into()]).await?;
	let root = maker["rootKey"].as_str().and_then(|k| parse_device(k).ok()).ok_or_else(|| {
		anyhow!(
			"maker {} has no root key: governance sets one with devices.setMakerRoot \
				 (depin maker set-root)",
			cert.maker
		)
	})?;
	let PublicKey::P256(root) = root else { bail!("the maker's root key is not P-256") };
	let now = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs() as i64)
		.unwrap_or(0);
	let (leaf, signer, _) = certs::check(certificates, &root, now)?;
	ensure!(
		leaf == *device_key,
		"the device certificate is for {}, not for device {}",
		device_text(&PublicKey::P256(leaf)),
		cert.device
	);
	let payload =
		depin_primitives::payload::chain_binding(&chain.genesis(), cert.maker, device, cert.class);
	ensure!(
		PublicKey::P256(signer).verify(&payload, class_signature),
		"the class binding (--certificate) is not signed by the device certificate's issuer {} \
		 for device {} of maker {} and class {} on this chain: sign it with `depin maker \
		 certify --for-chain --key <signer key>`",
		device_text(&PublicKey::P256(signer)),
		cert.device,
		cert.maker,
		cert.class
	);
	Ok(())
}

/// Checks the maker's signature now: a bad one would only cost a fee on chain.
async fn check_certificate(
	chain: &Chain,
	cert: &CertificateDoc,
	device: &PublicKey,
	maker_signature: &RawSignature,
) -> Result<()> {
	let maker: Value = chain.call("depin_maker", vec![cert.maker.into()]).await?;
	if let Some(key) = maker["certificateKey"].as_str().and_then(|k| parse_device(k).ok()) {
		let payload =
			depin_primitives::payload::maker_certificate(&chain.genesis(), device, cert.class);
		ensure!(
			key.verify(&payload, maker_signature),
			"the maker certificate's signature is not maker {}'s for device {} of class {} on this \
			 chain: wrong maker key, maker id, class or device",
			cert.maker,
			cert.device,
			cert.class
		);
	}
	Ok(())
}

/// The device's consent to `owner`: signed here with its key, or read from a consent file and
/// checked.
fn consented(
	cert: &CertificateDoc,
	device: &PublicKey,
	consent: Consent,
	genesis: &H256,
	owner: &Key,
) -> Result<RawSignature> {
	match consent {
		Consent::Key(key) => {
			ensure!(
				key.device_key() == *device,
				"--device-key is {}, but the maker certificate is for device {}",
				device_text(&key.device_key()),
				cert.device
			);
			Ok(proofs::device_consent(&key, genesis, &owner.account()))
		}
		Consent::File(c) => {
			ensure!(
				parse_device(&c.device)? == *device,
				"the consent is from device {}, but the maker certificate is for device {}",
				c.device,
				cert.device
			);
			ensure!(
				parse_account(&c.owner)? == owner.account(),
				"the device consented to owner {}, but you sign as {}",
				c.owner,
				account_text(&owner.account())
			);
			let sig = hex64(&c.signature).context("consent signature")?;
			let payload = depin_primitives::payload::device_consent(genesis, &owner.account());
			ensure!(
				device.verify(&payload, &sig),
				"the consent's signature is not the device's for this owner on this chain"
			);
			Ok(sig)
		}
	}
}

/// `depin device set-location`.
async fn set_location(
	ctx: &Ctx,
	signer: SignerArgs,
	device: &str,
	location: LocationArgs,
) -> Result<()> {
	let key = signer.key()?;
	let device = parse_device(device)?;
	let cell = location.cell()?.ok_or_else(|| anyhow!("give --h3, or --lat and --lon"))?;
	let chain = ctx.connect().await?;
	let call = call_devices(pallet_devices::Call::set_location { device, location: cell });
	let inc = chain.submit(&key, call).await?;
	output::included(ctx, &format!("moved to {}", h3_text(cell)), &inc);
	Ok(())
}

/// `depin device transfer`.
async fn transfer(ctx: &Ctx, signer: SignerArgs, device: &str, to: &str) -> Result<()> {
	let key = signer.key()?;
	let device = parse_device(device)?;
	let new_owner = parse_account(to)?;
	let chain = ctx.connect().await?;
	let call = call_devices(pallet_devices::Call::transfer_device { device, new_owner });
	let inc = chain.submit(&key, call).await?;
	output::included(ctx, "transfer offered", &inc);
	Ok(())
}

/// A call by the device's owner that takes only the device.
async fn simple(
	ctx: &Ctx,
	signer: SignerArgs,
	what: &str,
	make: impl FnOnce(PublicKey) -> pallet_devices::Call<depin_runtime::Runtime>,
	device: &str,
) -> Result<()> {
	let key = signer.key()?;
	let device = parse_device(device)?;
	let chain = ctx.connect().await?;
	let inc = chain.submit(&key, call_devices(make(device))).await?;
	output::included(ctx, what, &inc);
	Ok(())
}

/// `depin device list`: every page of the owner's devices, with their details.
async fn list(ctx: &Ctx, owner: &str) -> Result<()> {
	let owner = parse_account(owner)?;
	let chain = ctx.connect().await?;
	let mut devices = Vec::new();
	let mut start_after = Value::Null;
	loop {
		let page: Value = chain
			.call(
				"depin_devicesOf",
				vec![account_text(&owner).into(), start_after.clone(), 1_000.into()],
			)
			.await?;
		for d in page["devices"].as_array().into_iter().flatten() {
			let info: Value = chain.call("depin_device", vec![d.clone()]).await?;
			devices.push(json!({ "device": d, "info": info }));
		}
		start_after = page["next"].clone();
		if start_after.is_null() {
			break;
		}
	}
	output::value(ctx, &json!({ "owner": account_text(&owner), "devices": devices }));
	Ok(())
}
