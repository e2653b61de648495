//! The signed proofs the chain accepts and the calls that carry them, built in one place for the
//! commands, `depin simulate` and `depin bench`.
//!
//! Each proof signs a payload of `depin_primitives::payload` (a domain
//! tag, the genesis hash, then the proof's fields), so a signature is good for one purpose on
//! one chain:
//!
//! - registration: the maker certificate of a device key and class, the device's consent to
//!   its owner, and `Devices::register_device` carrying both;
//! - usage receipt: signed by the device and co-signed by the consumer, submitted in batches
//!   with `Work::submit_usage`;
//! - witness receipt: a witness device's signature of a challenged device's beacon, submitted
//!   with `Work::submit_beacon`;
//! - verifier attestation batch: a verifier's measurements, `Work::submit_attestations`.

use anyhow::{anyhow, Result};
use depin_primitives::EpochIndex;
use depin_primitives::{ClassId, MakerId, PublicKey, RawSignature};
use depin_runtime::{Runtime, RuntimeCall};
use frame_support::traits::Get;
use pallet_work::{Attestation, UsageReceipt, WitnessReceipt};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::MultiSignature;

use crate::keys::Key;

/// A usage receipt as the chain takes it.
pub type Receipt = UsageReceipt<AccountId32, MultiSignature>;

/// The maker certificate: the maker's signature that `device` is one of its devices of
/// `class`.
pub fn maker_certificate(
	maker: &Key,
	genesis: &H256,
	device: &PublicKey,
	class: ClassId,
) -> RawSignature {
	maker.sign(&depin_primitives::payload::maker_certificate(genesis, device, class))
}

/// The device's signature consenting to be owned by `owner`.
pub fn device_consent(device: &Key, genesis: &H256, owner: &AccountId32) -> RawSignature {
	device.sign(&depin_primitives::payload::device_consent(genesis, owner))
}

/// Everything `Devices::register_device` takes, with both signatures.
pub struct Registration {
	/// The device key.
	pub device: PublicKey,
	/// Its class.
	pub class: ClassId,
	/// The maker's id.
	pub maker: MakerId,
	/// The maker certificate ([`maker_certificate`]).
	pub maker_signature: RawSignature,
	/// The device's consent to the signer of the call ([`device_consent`]).
	pub device_signature: RawSignature,
	/// Its H3 cell, if it has one.
	pub location: Option<u64>,
	/// Metadata to store with it.
	pub metadata: Vec<u8>,
}

impl Registration {
	/// Signs a registration with the maker's and the device's keys, for `owner`.
	pub fn sign(
		genesis: &H256,
		maker: (&Key, MakerId),
		device: &Key,
		class: ClassId,
		owner: &AccountId32,
		location: Option<u64>,
	) -> Registration {
		let public = device.device_key();
		Registration {
			device: public,
			class,
			maker: maker.1,
			maker_signature: maker_certificate(maker.0, genesis, &public, class),
			device_signature: device_consent(device, genesis, owner),
			location,
			metadata: Vec::new(),
		}
	}

	/// The `Devices::register_device` call, to be signed by the owner. Fails if the metadata
	/// is longer than the chain's `MaxMetadataLen`.
	pub fn call(self) -> Result<RuntimeCall> {
		let max: u32 = <Runtime as pallet_devices::Config>::MaxMetadataLen::get();
		let len = self.metadata.len();
		let metadata = self.metadata.try_into().map_err(|_| {
			anyhow!("the metadata is too long: {len} bytes, at most {max} (store a hash or a URI)")
		})?;
		Ok(RuntimeCall::Devices(pallet_devices::Call::register_device {
			device: self.device,
			class: self.class,
			maker: self.maker,
			maker_signature: self.maker_signature,
			device_signature: self.device_signature,
			location: self.location,
			metadata,
		}))
	}
}

/// What a usage receipt says: `device` served `units` to `consumer` in `epoch`, at `nonce`.
#[derive(Clone, Copy)]
pub struct Usage<'a> {
	/// The chain.
	pub genesis: &'a H256,
	/// The device that served.
	pub device: &'a PublicKey,
	/// The paying consumer.
	pub consumer: &'a AccountId32,
	/// The epoch.
	pub epoch: EpochIndex,
	/// Units served.
	pub units: u64,
	/// The consumer's counter for this device.
	pub nonce: u64,
}

impl Usage<'_> {
	/// The payload both the device and the consumer sign.
	pub fn payload(&self) -> Vec<u8> {
		depin_primitives::payload::usage(
			self.genesis,
			self.device,
			self.consumer,
			self.epoch,
			self.units,
			self.nonce,
		)
	}

	/// The device's signature.
	pub fn device_signature(&self, device: &Key) -> RawSignature {
		device.sign(&self.payload())
	}

	/// The consumer's co-signature.
	pub fn consumer_signature(&self, consumer: &Key) -> MultiSignature {
		consumer.multi_sign(&self.payload())
	}

	/// The receipt with both signatures, as the chain takes it.
	pub fn receipt(
		&self,
		device_signature: RawSignature,
		consumer_signature: MultiSignature,
	) -> Receipt {
		UsageReceipt {
			device: *self.device,
			consumer: self.consumer.clone(),
			units: self.units,
			nonce: self.nonce,
			device_signature,
			consumer_signature,
		}
	}

	/// The receipt signed by `device` and co-signed by `consumer` (simulated fleets, where one
	/// process holds both keys).
	pub fn sign_both(&self, device: &Key, consumer: &Key) -> Receipt {
		let payload = self.payload();
		self.receipt(device.sign(&payload), consumer.multi_sign(&payload))
	}
}

/// `Work::submit_usage` with `receipts` (at most `MaxReceipts`) of `epoch`.
pub fn submit_usage(epoch: EpochIndex, receipts: Vec<Receipt>) -> Result<RuntimeCall> {
	let max: u32 = <Runtime as pallet_work::Config>::MaxReceipts::get();
	let n = receipts.len();
	let receipts = receipts
		.try_into()
		.map_err(|_| anyhow!("batch too large: {n} receipts, at most {max} per transaction"))?;
	Ok(RuntimeCall::Work(pallet_work::Call::submit_usage { epoch, receipts }))
}

/// The witness's receipt of `beaconer`'s beacon in `epoch` under `challenge`.
pub fn witness_receipt(
	witness: &Key,
	genesis: &H256,
	beaconer: &PublicKey,
	epoch: EpochIndex,
	challenge: &H256,
) -> WitnessReceipt {
	WitnessReceipt {
		witness: witness.device_key(),
		signature: witness
			.sign(&depin_primitives::payload::witness(genesis, beaconer, epoch, challenge)),
	}
}

/// `Work::submit_beacon`: `beaconer`'s beacon in `epoch` with its witnesses' receipts (at most
/// `MaxWitnesses`).
pub fn submit_beacon(
	beaconer: PublicKey,
	epoch: EpochIndex,
	witnesses: Vec<WitnessReceipt>,
) -> Result<RuntimeCall> {
	let max: u32 = <Runtime as pallet_work::Config>::MaxWitnesses::get();
	let n = witnesses.len();
	let witnesses =
		witnesses.try_into().map_err(|_| anyhow!("too many witnesses ({n}; at most {max})"))?;
	Ok(RuntimeCall::Work(pallet_work::Call::submit_beacon { beaconer, epoch, witnesses }))
}

/// `Work::submit_attestations`: a verifier's measurements of `epoch` (at most
/// `MaxAttestations`).
pub fn submit_attestations(
	epoch: EpochIndex,
	attestations: Vec<Attestation>,
) -> Result<RuntimeCall> {
	let max: u32 = <Runtime as pallet_work::Config>::MaxAttestations::get();
	let n = attestations.len();
	let attestations = attestations
		.try_into()
		.map_err(|_| anyhow!("batch too large: {n} attestations, at most {max} per transaction"))?;
	Ok(RuntimeCall::Work(pallet_work::Call::submit_attestations { epoch, attestations }))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::Scheme;

	fn key(suri: &str) -> Key {
		Key::from_suri(suri, Scheme::Sr25519).unwrap()
	}

	#[test]
	fn registration_signatures_verify() {
		let genesis = H256([3; 32]);
		let (maker, device, owner) = (key("//Maker"), key("//Device"), key("//Owner"));
		let r = Registration::sign(&genesis, (&maker, 4), &device, 2, &owner.account(), None);
		let payload = depin_primitives::payload::maker_certificate(&genesis, &r.device, 2);
		assert!(maker.device_key().verify(&payload, &r.maker_signature));
		let consent = depin_primitives::payload::device_consent(&genesis, &owner.account());
		assert!(device.device_key().verify(&consent, &r.device_signature));
		assert!(matches!(r.call(), Ok(RuntimeCall::Devices(_))));
	}

	#[test]
	fn usage_receipts_are_signed_by_both() {
		use sp_runtime::traits::Verify;
		let genesis = H256([5; 32]);
		let (device, consumer) = (key("//Sensor"), key("//Bob"));
		let (public, account) = (device.device_key(), consumer.account());
		let usage = Usage {
			genesis: &genesis,
			device: &public,
			consumer: &account,
			epoch: 7,
			units: 40,
			nonce: 1,
		};
		let receipt = usage.sign_both(&device, &consumer);
		assert!(public.verify(&usage.payload(), &receipt.device_signature));
		assert!(receipt.consumer_signature.verify(&usage.payload()[..], &account));
		assert!(submit_usage(7, vec![receipt.clone(); 128]).is_ok());
		let err = submit_usage(7, vec![receipt; 129]).unwrap_err().to_string();
		assert!(err.contains("at most 128"), "{err}");
	}

	#[test]
	fn batches_are_bounded() {
		let device = key("//Hotspot").device_key();
		let w = witness_receipt(&key("//Witness"), &H256::zero(), &device, 1, &H256::zero());
		let err = submit_beacon(device, 1, vec![w; 33]).unwrap_err().to_string();
		assert!(err.contains("too many witnesses"), "{err}");
		let a = Attestation { device, units: 1 };
		assert!(submit_attestations(1, vec![a.clone(); 128]).is_ok());
		assert!(submit_attestations(1, vec![a; 129]).is_err());
	}
}
