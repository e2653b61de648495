//! `depin maker …`: manufacturers certify device keys: they sign maker certificates (offline),
//! and certificate-chain makers run their X.509 PKI (a root, intermediate and signer CAs, one
//! device certificate per chip) and ask governance to register their root key and to revoke
//! certificates.

use std::{
	path::{Path, PathBuf},
	time::{SystemTime, UNIX_EPOCH},
};

use anyhow::{anyhow, bail, Context, Result};
use clap::Subcommand;
use depin_primitives::{ClassId, MakerId, PublicKey};
use depin_runtime::RuntimeCall;
use pallet_devices::Revocation;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{
	certs::{self, Role},
	cmd::{emit_line, genesis_for},
	keys::Key,
	output, proofs,
	text::{device_text, parse_device, to_hex},
	Ctx,
};

/// How far back a new certificate's validity starts, for clocks that run behind.
const BACKDATE_SECS: u64 = 3_600;

#[derive(Subcommand)]
pub enum MakerCommand {
	/// Certify a device key for a class: sign its maker certificate (offline with --genesis).
	///
	/// Example: depin maker certify --key //DemoMaker --maker 0 --class 1
	///   --device sr25519:0x… --genesis 0x… > certificate.json
	Certify {
		/// The maker's certificate key: a key file or a secret URI.
		#[arg(long)]
		key: String,
		/// The maker's id on chain.
		#[arg(long)]
		maker: MakerId,
		/// The device class the device belongs to.
		#[arg(long)]
		class: ClassId,
		/// The device's public key (sr25519:0x… or ed25519:0x…; `depin key inspect` prints it).
		#[arg(long)]
		device: String,
		/// The chain's genesis hash, to sign without a node; by default read from --url.
		#[arg(long)]
		genesis: Option<String>,
		/// Write the certificate to this file instead of stdout.
		#[arg(long)]
		out: Option<PathBuf>,
		/// Sign the class binding of a certificate-chain registration (`--key` is then the
		/// key of the signer that issued the device's certificate) instead of a plain maker
		/// certificate: the two are not interchangeable.
		#[arg(long)]
		for_chain: bool,
	},
	/// Make a maker's self-signed root certificate (X.509, P-256) for its root key; governance
	/// registers the key it prints with `devices.setMakerRoot` (see `depin maker set-root`).
	///
	/// Example: depin key generate --scheme p256 --out root.json;
	///   depin maker root --key root.json --name "CN=Acme Root,O=Acme" --out root.der
	Root {
		/// The root's P-256 key: a key file or a secret URI (p256:0x…).
		#[arg(long)]
		key: String,
		/// The root's name (RFC 4514, e.g. "CN=Acme Root,O=Acme Inc").
		#[arg(long)]
		name: String,
		/// The serial number, hex (1 to 20 bytes).
		#[arg(long, default_value = "01")]
		serial: String,
		/// Days of validity.
		#[arg(long, default_value_t = 7_300)]
		days: u64,
		/// Where to write the certificate (DER).
		#[arg(long)]
		out: PathBuf,
	},
	/// Issue a certificate with a CA's key: an intermediate CA, a signer (a factory's issuing
	/// CA, whose key also signs the devices' class bindings with `depin maker certify`), or a
	/// device's certificate for the key its secure element made (what a factory does).
	///
	/// Example: depin maker issue --role device --ca-key signer.json --ca-cert signer.der
	///   --subject p256:0x02… --name "CN=chip 0001" --out device.der
	Issue {
		/// What the certificate is for.
		#[arg(long, value_enum)]
		role: Role,
		/// The issuing CA's P-256 key: a key file or a secret URI (p256:0x…).
		#[arg(long)]
		ca_key: String,
		/// The issuing CA's own certificate (DER or PEM).
		#[arg(long)]
		ca_cert: PathBuf,
		/// The subject's public key (p256:0x…), or its key file or secret URI.
		#[arg(long)]
		subject: String,
		/// The subject's name (RFC 4514, e.g. "CN=chip 0001,O=Acme Inc").
		#[arg(long)]
		name: String,
		/// The serial number, hex (1 to 20 bytes); random 16 bytes by default. Revocations
		/// name a certificate by its issuer's key and this serial.
		#[arg(long)]
		serial: Option<String>,
		/// Days of validity.
		#[arg(long, default_value_t = 3_650)]
		days: u64,
		/// Where to write the certificate (DER).
		#[arg(long)]
		out: PathBuf,
	},
	/// Governance: give a maker a P-256 root key for certificate-chain registrations, or
	/// remove it with `--root none` (`devices.setMakerRoot`, DeviceAdmin). With --sudo the call
	/// is submitted through sudo (development chains); without, its encoded call is printed
	/// for a referendum.
	///
	/// Example: depin maker set-root --maker 0 --root p256:0x02… --sudo //Alice
	SetRoot {
		/// The maker's id.
		#[arg(long)]
		maker: MakerId,
		/// The root key (p256:0x…, `depin maker root` prints it), a root certificate file, or
		/// `none`.
		#[arg(long)]
		root: String,
		/// The sudo key, to submit on a development chain.
		#[arg(long)]
		sudo: Option<String>,
	},
	/// Governance: revoke a certificate by its issuer's key and serial number, or every
	/// certificate of a key (a compromised signer's, an intermediate's or a device's)
	/// (`devices.revokeCertificate`). Registrations through a revoked certificate fail.
	///
	/// Example: depin maker revoke --issuer p256:0x03… --serial 1001 --sudo //Alice
	///   or: depin maker revoke --certificate signer.der --sudo //Alice
	Revoke {
		#[command(flatten)]
		what: RevocationArgs,
		/// The sudo key, to submit on a development chain; without, the call is printed.
		#[arg(long)]
		sudo: Option<String>,
	},
	/// Governance: lift a revocation made in error (`devices.restoreCertificate`).
	///
	/// Example: depin maker restore --key p256:0x02… --sudo //Alice
	Restore {
		#[command(flatten)]
		what: RevocationArgs,
		/// The sudo key, to submit on a development chain; without, the call is printed.
		#[arg(long)]
		sudo: Option<String>,
	},
}

/// What a revocation names: one certificate, or every certificate of a key.
#[derive(clap::Args)]
pub struct RevocationArgs {
	/// One certificate: its issuer's P-256 key (with --serial).
	#[arg(long, requires = "serial", conflicts_with_all = ["key", "certificate"])]
	issuer: Option<String>,
	/// One certificate: its serial number in hex, as `openssl x509 -serial` prints it.
	#[arg(long, requires = "issuer")]
	serial: Option<String>,
	/// Every certificate of this P-256 key.
	#[arg(long, conflicts_with = "certificate")]
	key: Option<String>,
	/// Every certificate of the key of this certificate file (DER or PEM).
	#[arg(long)]
	certificate: Option<PathBuf>,
}

impl RevocationArgs {
	fn revocation(&self) -> Result<Revocation> {
		if let (Some(issuer), Some(serial)) = (&self.issuer, &self.serial) {
			let serial = serial_bytes(serial)?;
			let serial = if serial.first().is_some_and(|b| *b >= 0x80) {
				[&[0u8][..], &serial].concat()
			} else {
				serial
			};
			let len = serial.len();
			return Ok(Revocation::Certificate {
				issuer: p256_key(issuer)?,
				serial: serial
					.try_into()
					.map_err(|_| anyhow!("a serial number has at most 20 bytes, not {len}"))?,
			});
		}
		if let Some(key) = &self.key {
			return Ok(Revocation::Key(p256_key(key)?));
		}
		if let Some(path) = &self.certificate {
			let der = certs::read(path)?;
			let cert = depin_primitives::x509::parse(&der)
				.map_err(|e| anyhow!("{} cannot be read: {e:?}", path.display()))?;
			return Ok(Revocation::Key(cert.key));
		}
		bail!("name what to revoke: --issuer and --serial, --key, or --certificate")
	}
}

/// A P-256 public key in the device-key text form.
fn p256_key(text: &str) -> Result<[u8; 33]> {
	match parse_device(text)? {
		PublicKey::P256(key) => Ok(key),
		other => bail!("{} is not a P-256 key (p256:0x…)", device_text(&other)),
	}
}

/// A serial number's bytes from hex (`1001`, `0x8123…`, `81:23:…`), leading zeros dropped.
fn serial_bytes(text: &str) -> Result<Vec<u8>> {
	let clean: String = text.trim_start_matches("0x").chars().filter(|c| *c != ':').collect();
	let clean = if clean.len() % 2 == 1 { format!("0{clean}") } else { clean };
	let bytes = hex::decode(&clean).with_context(|| format!("bad serial {text:?}: not hex"))?;
	let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
	let bytes = bytes[start..].to_vec();
	if bytes.is_empty() || bytes.len() > 20 {
		bail!("bad serial {text:?}: a serial number is 1 to 20 bytes and not zero");
	}
	Ok(bytes)
}

/// A P-256 signing key (for a root or a CA).
fn p256_signing_key(spec: &str) -> Result<p256::ecdsa::SigningKey> {
	match Key::load(spec)? {
		Key::P256(key) => Ok(key),
		other => bail!(
			"{spec} is a {:?} key; certificate keys are P-256 (depin key generate --scheme p256)",
			other.scheme()
		),
	}
}

/// The subject key of a certificate to issue: a key text, or a key to take the public key of.
fn subject_key(spec: &str) -> Result<[u8; 33]> {
	if let Ok(key) = parse_device(spec) {
		return match key {
			PublicKey::P256(key) => Ok(key),
			other => bail!("certificates are for P-256 keys, not {}", device_text(&other)),
		};
	}
	match Key::load(spec)?.device_key() {
		PublicKey::P256(key) => Ok(key),
		other => bail!("certificates are for P-256 keys, not {}", device_text(&other)),
	}
}

fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Writes a certificate and reports it.
fn write_certificate(ctx: &Ctx, path: &Path, der: &[u8], extra: serde_json::Value) -> Result<()> {
	std::fs::write(path, der).with_context(|| format!("cannot write {}", path.display()))?;
	let cert = depin_primitives::x509::parse(der)
		.map_err(|e| anyhow!("the chain cannot read the certificate made: {e:?}"))?;
	let mut info = json!({
		"certificate": path.display().to_string(),
		"bytes": der.len(),
		"key": device_text(&PublicKey::P256(cert.key)),
		"serial": to_hex(cert.serial),
		"notBefore": cert.not_before,
		"notAfter": cert.not_after,
	});
	if let (Some(info), Some(extra)) = (info.as_object_mut(), extra.as_object()) {
		info.extend(extra.clone());
	}
	output::value(ctx, &info);
	Ok(())
}

/// Submits a governance call through `sudo`, or prints it for a referendum.
async fn governance(ctx: &Ctx, call: RuntimeCall, sudo: Option<String>, what: &str) -> Result<()> {
	use codec::Encode;
	match sudo {
		Some(sudo) => {
			let sudo = Key::load(&sudo)?;
			let chain = ctx.connect().await?;
			let inc = chain.submit_sudo(&sudo, call).await.with_context(|| {
				format!("{what} through sudo (on chains without sudo, propose the call instead)")
			})?;
			output::included(ctx, what, &inc);
		}
		None => output::value(
			ctx,
			&json!({
				"call": to_hex(&call.encode()),
				"note": format!(
					"{what}: propose this call on the DeviceAdmin track (polkadot.js apps: \
					 Governance → Referenda), or pass --sudo on a development chain"
				),
			}),
		),
	}
	Ok(())
}

/// A maker certificate, as `depin maker certify` writes it.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct CertificateDoc {
	/// The device key.
	pub device: String,
	/// The class.
	pub class: ClassId,
	/// The maker's id.
	pub maker: MakerId,
	/// The genesis hash signed over.
	pub genesis: String,
	/// The maker's signature.
	pub signature: String,
}

pub async fn maker(ctx: &Ctx, command: MakerCommand) -> Result<()> {
	match command {
		MakerCommand::Certify { key, maker, class, device, genesis, out, for_chain } => {
			let key = Key::load(&key)?;
			let device = parse_device(&device)?;
			let genesis = genesis_for(ctx, genesis.as_deref()).await?;
			if for_chain && key.scheme() != crate::keys::Scheme::P256 {
				bail!(
					"a class binding is signed by the P-256 key of the signer that issued the \
					 device's certificate; this key is {:?} (a P-256 secret is p256:0x… or a \
					 key file of `depin key generate --scheme p256`)",
					key.scheme()
				);
			}
			let signature = if for_chain {
				key.sign(&depin_primitives::payload::chain_binding(&genesis, maker, &device, class))
			} else {
				proofs::maker_certificate(&key, &genesis, &device, class)
			};
			let doc = CertificateDoc {
				device: device_text(&device),
				class,
				maker,
				genesis: to_hex(genesis.as_bytes()),
				signature: to_hex(&signature),
			};
			emit_line(&doc, out.as_deref())?;
		}
		MakerCommand::Root { key, name, serial, days, out } => {
			let key = p256_signing_key(&key)?;
			let now = now_secs();
			let subject_key = crate::keys::p256_public(key.verifying_key());
			let der = certs::root(
				&key,
				&certs::Request {
					subject_key,
					subject: &name,
					serial: &serial_bytes(&serial)?,
					not_before: now.saturating_sub(BACKDATE_SECS),
					not_after: now.saturating_add(days.saturating_mul(86_400)),
				},
			)?;
			write_certificate(
				ctx,
				&out,
				&der,
				json!({ "rootKey": device_text(&PublicKey::P256(subject_key)) }),
			)?;
		}
		MakerCommand::Issue { role, ca_key, ca_cert, subject, name, serial, days, out } => {
			let ca_key = p256_signing_key(&ca_key)?;
			let ca_der = certs::read(&ca_cert)?;
			let serial = match serial {
				Some(s) => serial_bytes(&s)?,
				None => {
					let mut bytes = [0u8; 16];
					rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
					// Positive and 16 bytes long: no leading zero, no sign byte.
					bytes[0] = (bytes[0] & 0x7f) | 0x40;
					bytes.to_vec()
				}
			};
			let now = now_secs();
			let der = certs::issue(
				role,
				&ca_key,
				&ca_der,
				&certs::Request {
					subject_key: subject_key(&subject)?,
					subject: &name,
					serial: &serial,
					not_before: now.saturating_sub(BACKDATE_SECS),
					not_after: now.saturating_add(days.saturating_mul(86_400)),
				},
			)?;
			write_certificate(
				ctx,
				&out,
				&der,
				json!({ "issuer": device_text(&crate::keys::Key::P256(ca_key).device_key()) }),
			)?;
		}
		MakerCommand::SetRoot { maker, root, sudo } => {
			let root = match root.as_str() {
				"none" => None,
				text if Path::new(text).is_file() => {
					let der = certs::read(Path::new(text))?;
					let cert = depin_primitives::x509::parse(&der)
						.map_err(|e| anyhow!("{text} cannot be read: {e:?}"))?;
					Some(cert.key)
				}
				text => Some(p256_key(text)?),
			};
			let call = RuntimeCall::Devices(pallet_devices::Call::set_maker_root { maker, root });
			let what = match root {
				Some(_) => format!("maker {maker}'s root key set"),
				None => format!("maker {maker}'s root key removed"),
			};
			governance(ctx, call, sudo, &what).await?;
		}
		MakerCommand::Revoke { what, sudo } => {
			let revocation = what.revocation()?;
			let call =
				RuntimeCall::Devices(pallet_devices::Call::revoke_certificate { revocation });
			governance(ctx, call, sudo, "revoked").await?;
		}
		MakerCommand::Restore { what, sudo } => {
			let revocation = what.revocation()?;
			let call =
				RuntimeCall::Devices(pallet_devices::Call::restore_certificate { revocation });
			governance(ctx, call, sudo, "revocation lifted").await?;
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn serials_read_as_openssl_prints_them() {
		assert_eq!(serial_bytes("1001").unwrap(), vec![0x10, 0x01]);
		assert_eq!(serial_bytes("0x001001").unwrap(), vec![0x10, 0x01]);
		assert_eq!(serial_bytes("81:23").unwrap(), vec![0x81, 0x23]);
		assert_eq!(serial_bytes("abc").unwrap(), vec![0x0a, 0xbc]);
		assert!(serial_bytes("00").is_err());
		assert!(serial_bytes("xyz").is_err());
		assert!(serial_bytes(&"11".repeat(21)).is_err());
		// As the chain stores it: DER content bytes, with a zero before a high first byte.
		let issuer = Key::from_suri("p256://Issuer", crate::keys::Scheme::P256).unwrap();
		let args = RevocationArgs {
			issuer: Some(device_text(&issuer.device_key())),
			serial: Some("8123".into()),
			key: None,
			certificate: None,
		};
		let Revocation::Certificate { serial, .. } = args.revocation().unwrap() else {
			panic!("a certificate's revocation")
		};
		assert_eq!(serial.to_vec(), [0, 0x81, 0x23]);
		let sr = Key::from_suri("//Alice", crate::keys::Scheme::Sr25519).unwrap();
		let args = RevocationArgs {
			issuer: None,
			serial: None,
			key: Some(device_text(&sr.device_key())),
			certificate: None,
		};
		assert!(args.revocation().unwrap_err().to_string().contains("not a P-256 key"));
	}
}
