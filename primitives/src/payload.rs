//! The exact bytes that makers, devices, consumers and witnesses sign, and the challenge
//! derivation, as pure functions of their inputs. The pallets verify against these functions
//! and off-chain signers (the `depin` client, device firmware, manufacturing lines, gateways)
//! build with them, so the two cannot disagree. Byte layouts with worked examples are in
//! `docs/devices.md` and `docs/work.md`.
//!
//! Every payload starts with a 16-byte domain tag (one purpose) and the chain's genesis block
//! hash (one chain), so a signature is good for one purpose on one chain.

use crate::{ClassId, EpochIndex, MakerId, PublicKey, VoucherItem};
use alloc::vec::Vec;
use codec::Encode;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::traits::Zero;

/// Domain tag of a maker certificate, the maker's signature certifying that a device came off
/// its line: `(tag, genesis hash, device key, class id)`. The bytes (`maker-att`) predate the
/// name and are kept so that existing signatures and the documented worked examples stay valid.
pub const MAKER_CERTIFICATE_TAG: [u8; 16] = *b"dpin/maker-att/1";
/// Domain tag of a certificate-chain maker's class binding: the signer's (the key that issued
/// the device certificate) signature that a device of its maker is of a class:
/// `(tag, genesis hash, maker id, device key, class id)`. A tag of its own, so that a binding
/// can never pass as a plain maker certificate (which skips the chain's revocation and
/// validity checks), and the maker id in it, so that a signer's binding holds for its own
/// maker only.
pub const CHAIN_BINDING_TAG: [u8; 16] = *b"dpin/maker-chn/1";
/// Domain tag of a device's consent to its owner: `(tag, genesis hash, owner account)`.
pub const DEVICE_CONSENT_TAG: [u8; 16] = *b"dpin/dev-owner/1";
/// Domain tag of a maker's consent to the account that bonds it.
pub const MAKER_BOND_TAG: [u8; 16] = *b"dpin/maker-bnd/1";
/// Domain tag of a device's usage voucher:
/// `(tag, genesis hash, device, consumer, epoch, cumulative units, unit price)`.
pub const USAGE_VOUCHER_TAG: [u8; 16] = *b"dpin/usage-vch/1";
/// Domain tag of a consumer's authorization of a voucher batch:
/// `(tag, genesis hash, consumer, epoch, blake2_256(SCALE(items)))`.
pub const USAGE_BATCH_TAG: [u8; 16] = *b"dpin/usage-bat/1";
/// Domain tag of witness receipts: `(tag, genesis hash, beaconer, epoch, challenge)`.
pub const WITNESS_RECEIPT_TAG: [u8; 16] = *b"dpin/witness-r/1";
/// Domain tag of a challenged device's own signature of its beacon:
/// `(tag, genesis hash, beaconer, epoch, challenge)`.
pub const BEACON_TAG: [u8; 16] = *b"dpin/beacon-sg/1";
/// Domain tag of challenge derivation: `blake2_256(tag, seed, epoch, device)`.
pub const CHALLENGE_TAG: [u8; 16] = *b"dpin/challenge/1";
/// Domain tag of verifier assignment: `blake2_256(tag, seed, epoch, device, draw)`.
pub const COMMITTEE_TAG: [u8; 16] = *b"dpin/committee/1";

/// The genesis block hash of the running chain, which every signed payload commits to (inside
/// the runtime; off-chain signers read it from the node).
pub fn genesis_hash<T: frame_system::Config>() -> T::Hash {
	frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero())
}

/// What a maker signs to certify `device` of `class` (its maker certificate):
/// `(MAKER_CERTIFICATE_TAG, genesis, device, class)`, SCALE-encoded.
pub fn maker_certificate(genesis: &impl Encode, device: &PublicKey, class: ClassId) -> Vec<u8> {
	(MAKER_CERTIFICATE_TAG, genesis, device, class).encode()
}

/// What a certificate-chain maker's signer signs to bind `device` of maker `maker` to `class`:
/// `(CHAIN_BINDING_TAG, genesis, maker, device, class)`, SCALE-encoded.
pub fn chain_binding(
	genesis: &impl Encode,
	maker: MakerId,
	device: &PublicKey,
	class: ClassId,
) -> Vec<u8> {
	(CHAIN_BINDING_TAG, genesis, maker, device, class).encode()
}

/// What a maker's certificate key signs to name `account` as the account that bonds maker
/// `maker` (and answers for its devices with that bond): `(MAKER_BOND_TAG, genesis, maker,
/// account)`, SCALE-encoded.
pub fn maker_bond(genesis: &impl Encode, maker: MakerId, account: &impl Encode) -> Vec<u8> {
	(MAKER_BOND_TAG, genesis, maker, account).encode()
}

/// What a device signs to consent to `owner`: `(DEVICE_CONSENT_TAG, genesis, owner)`,
/// SCALE-encoded.
pub fn device_consent(genesis: &impl Encode, owner: &impl Encode) -> Vec<u8> {
	(DEVICE_CONSENT_TAG, genesis, owner).encode()
}

/// What a device signs for a usage voucher, "in `epoch` I have served `consumer`
/// `cumulative_units` units in all, at `unit_price` credits each":
/// `(USAGE_VOUCHER_TAG, genesis, device, consumer, epoch, cumulative_units, unit_price)`,
/// SCALE-encoded.
pub fn usage_voucher<Balance: Encode>(
	genesis: &impl Encode,
	device: &PublicKey,
	consumer: &impl Encode,
	epoch: EpochIndex,
	cumulative_units: u64,
	unit_price: Balance,
) -> Vec<u8> {
	(USAGE_VOUCHER_TAG, genesis, device, consumer, epoch, cumulative_units, unit_price).encode()
}

/// The hash a consumer's batch signature commits to: `blake2_256` of the SCALE encoding of the
/// items as the call carries them (a compact length, then each item).
pub fn voucher_items_hash<Balance: Encode>(items: &[VoucherItem<Balance>]) -> [u8; 32] {
	sp_io::hashing::blake2_256(&items.encode())
}

/// What a consumer signs to authorize a batch of vouchers in `epoch`:
/// `(USAGE_BATCH_TAG, genesis, consumer, epoch, items_hash)`, SCALE-encoded, with `items_hash`
/// from [`voucher_items_hash`].
pub fn usage_batch(
	genesis: &impl Encode,
	consumer: &impl Encode,
	epoch: EpochIndex,
	items_hash: &[u8; 32],
) -> Vec<u8> {
	(USAGE_BATCH_TAG, genesis, consumer, epoch, items_hash).encode()
}

/// What a witness signs for the beacon of `beaconer` in `epoch`:
/// `(WITNESS_RECEIPT_TAG, genesis, beaconer, epoch, challenge)`, SCALE-encoded.
pub fn witness(
	genesis: &impl Encode,
	beaconer: &PublicKey,
	epoch: EpochIndex,
	challenge: &H256,
) -> Vec<u8> {
	(WITNESS_RECEIPT_TAG, genesis, beaconer, epoch, challenge).encode()
}

/// What a challenged device signs to claim its beacon in `epoch`:
/// `(BEACON_TAG, genesis, beaconer, epoch, challenge)`, SCALE-encoded. A beacon counts only
/// with this signature, so no one but the device can give it work (and the dispute exposure
/// and transfer lock that come with work).
pub fn beacon(
	genesis: &impl Encode,
	beaconer: &PublicKey,
	epoch: EpochIndex,
	challenge: &H256,
) -> Vec<u8> {
	(BEACON_TAG, genesis, beaconer, epoch, challenge).encode()
}

/// The challenge of `device` in `epoch` under the epoch's `seed`:
/// `blake2_256(CHALLENGE_TAG, seed, epoch, device)`.
pub fn challenge(seed: &impl Encode, epoch: EpochIndex, device: &PublicKey) -> H256 {
	H256(sp_io::hashing::blake2_256(&(CHALLENGE_TAG, seed, epoch, device).encode()))
}

/// The verifier slots assigned to attest `device` in `epoch` under the epoch's `seed`, out of
/// `verifiers` slots numbered from 0: every slot if `verifiers <= size`; otherwise the first
/// `size` distinct values of `draw(j) mod verifiers` for `j = 0, 1, ...`, where `draw(j)` is
/// the first 8 bytes, little-endian, of `blake2_256(COMMITTEE_TAG, seed, epoch, device, j)`
/// (`j` a `u32`). After `8 × size` draws (which happens with negligible probability) the
/// lowest unused slots fill the rest. A larger `size` keeps the smaller one's slots.
pub fn committee(
	seed: &impl Encode,
	epoch: EpochIndex,
	device: &PublicKey,
	verifiers: u32,
	size: u32,
) -> Vec<u32> {
	if verifiers <= size {
		return (0..verifiers).collect();
	}
	let mut slots = Vec::with_capacity(size as usize);
	for j in 0..size.saturating_mul(8) {
		if slots.len() >= size as usize {
			break;
		}
		let hash = sp_io::hashing::blake2_256(&(COMMITTEE_TAG, seed, epoch, device, j).encode());
		let mut bytes = [0u8; 8];
		bytes.copy_from_slice(&hash[..8]);
		let slot = (u64::from_le_bytes(bytes) % u64::from(verifiers)) as u32;
		if !slots.contains(&slot) {
			slots.push(slot);
		}
	}
	let mut next = 0;
	while slots.len() < size as usize {
		if !slots.contains(&next) {
			slots.push(next);
		}
		next += 1;
	}
	slots
}
