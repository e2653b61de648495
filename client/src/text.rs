//! Parsing what users type and printing what the chain returns: SS58 addresses, device keys,
//! DPIN amounts, H3 cells and decoded events.

use anyhow::{anyhow, ensure, Context, Result};
use depin_primitives::PublicKey;
use depin_runtime::{Balance, DPIN, SS58_PREFIX, TOKEN_DECIMALS};
use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};

/// Makes every SS58 address this process prints use the chain's prefix (7373).
pub fn init_ss58() {
	sp_core::crypto::set_default_ss58_version(Ss58AddressFormat::custom(SS58_PREFIX));
}

/// An account from an SS58 address (any prefix) or `0x` and 64 hex digits.
pub fn parse_account(s: &str) -> Result<AccountId32> {
	if let Some(hex) = s.strip_prefix("0x") {
		return Ok(AccountId32::new(hex32(hex).with_context(|| format!("bad account {s:?}"))?));
	}
	AccountId32::from_ss58check_with_version(s)
		.map(|(account, _)| account)
		.map_err(|e| anyhow!("bad account {s:?}: {e:?}; expected an SS58 address or 0x<64 hex>"))
}

/// An account as an SS58 address with the chain's prefix.
pub fn account_text(account: &AccountId32) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// A device key in the chain's one text form, `sr25519:0x<64 hex>` or `ed25519:0x<64 hex>`,
/// or its SCALE hex form `0x<66 hex>` (see `depin_primitives::keys`).
pub fn parse_device(s: &str) -> Result<PublicKey> {
	s.parse().map_err(|e| anyhow!("bad device key {s:?}: {e}"))
}

/// A device key in the chain's text form, `sr25519:0x…` or `ed25519:0x…`.
pub fn device_text(key: &PublicKey) -> String {
	key.to_string()
}

/// 32 bytes from 64 hex digits (with or without `0x`).
pub fn hex32(s: &str) -> Result<[u8; 32]> {
	let bytes = hex::decode(s.trim_start_matches("0x")).context("not hex")?;
	bytes.try_into().map_err(|b: Vec<u8>| anyhow!("expected 32 bytes, got {}", b.len()))
}

/// 64 bytes from 128 hex digits (with or without `0x`).
pub fn hex64(s: &str) -> Result<[u8; 64]> {
	let bytes = hex::decode(s.trim_start_matches("0x")).context("not hex")?;
	bytes.try_into().map_err(|b: Vec<u8>| anyhow!("expected 64 bytes, got {}", b.len()))
}

/// `0x` and lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// An amount of DPIN from a decimal number (`12`, `0.5`, at most 12 decimals).
pub fn parse_dpin(s: &str) -> Result<Balance> {
	let bad = || anyhow!("bad amount {s:?}: expected a number of DPIN such as 12 or 0.001");
	let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
	ensure!(!whole.is_empty() || !frac.is_empty(), bad());
	ensure!(whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()), bad());
	ensure!(
		frac.len() <= usize::from(TOKEN_DECIMALS),
		"bad amount {s:?}: DPIN has {TOKEN_DECIMALS} decimals"
	);
	let whole: Balance = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
	let padded = format!("{frac:0<width$}", width = usize::from(TOKEN_DECIMALS));
	let frac: Balance = padded.parse().map_err(|_| bad())?;
	whole.checked_mul(DPIN).and_then(|w| w.checked_add(frac)).ok_or_else(bad)
}

/// An amount of plancks as DPIN with only the significant decimals: `1.5 DPIN`.
pub fn dpin_text(amount: Balance) -> String {
	let whole = amount / DPIN;
	let frac = amount % DPIN;
	if frac == 0 {
		return format!("{whole} DPIN");
	}
	let digits = format!("{frac:0width$}", width = usize::from(TOKEN_DECIMALS));
	format!("{whole}.{} DPIN", digits.trim_end_matches('0'))
}

/// A decimal string of plancks, as the RPC returns balances, shown as DPIN.
pub fn dpin_text_str(plancks: &str) -> String {
	plancks.parse::<Balance>().map(dpin_text).unwrap_or_else(|_| plancks.to_string())
}

/// An H3 cell from its hex index (`8928308280fffff`, with or without `0x`), checked to be a
/// valid cell.
pub fn parse_h3(s: &str) -> Result<u64> {
	let cell = u64::from_str_radix(s.trim_start_matches("0x"), 16)
		.map_err(|_| anyhow!("bad H3 cell {s:?}: expected a hex index such as 8a2a1072b59ffff"))?;
	depin_primitives::h3::validate(cell, 0, 15)
		.map_err(|e| anyhow!("bad H3 cell {s:?}: {e:?}; expected a valid H3 cell index"))?;
	Ok(cell)
}

/// The H3 cell at `resolution` (0–15) containing latitude `lat` and longitude `lon` (degrees).
pub fn cell_from_lat_lon(lat: f64, lon: f64, resolution: u8) -> Result<u64> {
	let ll = h3o::LatLng::new(lat, lon).map_err(|e| {
		anyhow!("bad coordinates {lat}, {lon}: {e}; latitude and longitude in degrees")
	})?;
	let res = h3o::Resolution::try_from(resolution)
		.map_err(|_| anyhow!("bad resolution {resolution}: H3 resolutions are 0 to 15"))?;
	Ok(u64::from(ll.to_cell(res)))
}

/// An H3 cell as its lower-case hex index.
pub fn h3_text(cell: u64) -> String {
	format!("{cell:x}")
}

/// Turns the `Debug` form of a runtime event or error (`Devices(DeviceRegistered { … })`)
/// into `Devices.DeviceRegistered { … }`, with accounts as SS58 addresses.
pub fn pretty_debug(debug: &str) -> String {
	let text = match debug.split_once('(') {
		Some((pallet, rest))
			if pallet.chars().all(|c| c.is_ascii_alphanumeric()) && rest.ends_with(')') =>
		{
			let inner = &rest[..rest.len() - 1];
			let inner = inner
				.strip_prefix("Event::")
				.or_else(|| inner.strip_prefix("Error::"))
				.unwrap_or(inner);
			format!("{pallet}.{inner}")
		}
		_ => debug.to_string(),
	};
	ss58_accounts(&text)
}

/// `AccountId32`'s `Debug` prints `<64 hex> (<first 8 SS58 chars>...)`: replaces each with the
/// full SS58 address.
fn ss58_accounts(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	let mut rest = text;
	while !rest.is_empty() {
		let hex_len = rest.chars().take_while(|c| c.is_ascii_hexdigit()).count();
		if hex_len == 64 {
			if let Some(after) = rest[64..].strip_prefix(" (") {
				if let Some(end) = after.find("...)") {
					if let Ok(bytes) = hex32(&rest[..64]) {
						out.push_str(&account_text(&AccountId32::new(bytes)));
						rest = &after[end + 4..];
						continue;
					}
				}
			}
		}
		let step =
			if hex_len > 0 { hex_len } else { rest.chars().next().map_or(1, char::len_utf8) };
		out.push_str(&rest[..step]);
		rest = &rest[step..];
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_round_trip() {
		assert_eq!(parse_dpin("1").unwrap(), DPIN);
		assert_eq!(parse_dpin("0.001").unwrap(), DPIN / 1_000);
		assert_eq!(parse_dpin(".5").unwrap(), DPIN / 2);
		assert!(parse_dpin("1.0000000000001").is_err());
		assert!(parse_dpin("-1").is_err());
		assert!(parse_dpin("").is_err());
		assert_eq!(dpin_text(1_500_000_000_000), "1.5 DPIN");
		assert_eq!(dpin_text(7 * DPIN), "7 DPIN");
	}

	#[test]
	fn device_keys_round_trip() {
		let key = PublicKey::Ed25519([7; 32]);
		assert_eq!(parse_device(&device_text(&key)).unwrap(), key);
		let scale = format!("0x00{}", hex::encode([9u8; 32]));
		assert_eq!(parse_device(&scale).unwrap(), PublicKey::Sr25519([9; 32]));
		assert!(parse_device("sr25519:0x00").is_err());
		assert!(parse_device("0x02").is_err());
	}

	#[test]
	fn cells_from_coordinates_are_valid() {
		let cell = cell_from_lat_lon(37.7749, -122.4194, 9).unwrap();
		assert_eq!(depin_primitives::h3::resolution(cell), 9);
		assert_eq!(parse_h3(&h3_text(cell)).unwrap(), cell);
		assert!(
			cell_from_lat_lon(91.0, 0.0, 9).is_err() || cell_from_lat_lon(0.0, 0.0, 16).is_err()
		);
		assert!(parse_h3("zz").is_err());
	}

	#[test]
	fn events_print_with_ss58_accounts() {
		init_ss58();
		let account = AccountId32::new([1; 32]);
		let debug = format!("Balances(Event::Endowed {{ account: {account:?}, free: 5 }})");
		let pretty = pretty_debug(&debug);
		assert_eq!(
			pretty,
			format!("Balances.Endowed {{ account: {}, free: 5 }}", account_text(&account))
		);
	}
}
