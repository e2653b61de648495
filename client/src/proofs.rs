//! The signed proofs the chain accepts and the calls that carry them, built in one place for the
//! commands, `depin simulate` and `depin bench`.
//!
//! Each proof signs a payload of `depin_primitives::payload` (a domain
//! tag, the genesis hash, then the proof's fields), so a signature is good for one purpose on
//! one chain:
//!
//! - registration: the maker certificate of a device key and class, the device's consent to
//!   its owner, and `Devices::register_device` carrying both;
//! - usage voucher: the device's signature of the units it has served a consumer in an epoch
//!   in all (cumulative) at its class's price; the consumer signs a batch of them, and anyone
//!   submits the batch with `Work::settle_usage` as an authorized general transaction;
//! - witness receipt: a witness device's signature of a challenged device's beacon, submitted
//!   by anyone with `Work::submit_beacon` as an authorized general transaction;
//! - verifier attestation batch: a verifier's measurements, `Work::submit_attestations`.

use anyhow::{anyhow, Result};
use depin_primitives::{ClassId, EpochIndex, MakerId, PublicKey, RawSignature, VoucherItem};
use depin_runtime::{Balance, Runtime, RuntimeCall};
use frame_support::traits::Get;
use pallet_work::{Attestation, WitnessReceipt};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::{traits::Verify, MultiSignature};

use crate::keys::Key;

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

/// A usage voucher as the chain takes it, inside a settlement batch.
pub type Voucher = VoucherItem<Balance>;

/// Vouchers per settlement batch at most, in this client's runtime (`Work.MaxVouchers`; the
/// commands read the node's own value where they can).
pub fn max_vouchers() -> u32 {
	<Runtime as pallet_work::Config>::MaxVouchers::get()
}

/// What a usage voucher says: in `epoch`, `device` has served `consumer` `cumulative_units`
/// units in all, at `unit_price` credits each.
#[derive(Clone, Copy)]
pub struct VoucherTerms<'a> {
	/// The chain.
	pub genesis: &'a H256,
	/// The device that served.
	pub device: &'a PublicKey,
	/// The paying consumer.
	pub consumer: &'a AccountId32,
	/// The epoch.
	pub epoch: EpochIndex,
	/// Units served to the consumer in the epoch, in all.
	pub cumulative_units: u64,
	/// Credits per unit (the class's unit price).
	pub unit_price: Balance,
}

impl VoucherTerms<'_> {
	/// The payload the device signs.
	pub fn payload(&self) -> Vec<u8> {
		depin_primitives::payload::usage_voucher(
			self.genesis,
			self.device,
			self.consumer,
			self.epoch,
			self.cumulative_units,
			self.unit_price,
		)
	}

	/// The voucher signed by `device` (whose key must be `self.device`).
	pub fn sign(&self, device: &Key) -> Voucher {
		self.with_signature(device.sign(&self.payload()))
	}

	/// The voucher with a device signature made elsewhere.
	pub fn with_signature(&self, device_signature: RawSignature) -> Voucher {
		VoucherItem {
			device: *self.device,
			cumulative_units: self.cumulative_units,
			unit_price: self.unit_price,
			device_signature,
		}
	}

	/// Whether `signature` is the device's signature of these terms.
	pub fn verifies(&self, signature: &RawSignature) -> bool {
		self.device.verify(&self.payload(), signature)
	}
}

/// A consumer's batch of vouchers of one epoch, with its signature over them: everything
/// `Work::settle_usage` takes.
#[derive(Clone)]
pub struct Batch {
	/// The paying consumer.
	pub consumer: AccountId32,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The vouchers, at most one per device.
	pub items: Vec<Voucher>,
	/// The consumer's signature of [`batch_payload`].
	pub consumer_signature: MultiSignature,
}

/// The payload a consumer signs to authorize `items` in `epoch`: the batch tag, the genesis
/// hash, the consumer, the epoch and the hash of the items as the call carries them.
pub fn batch_payload(
	genesis: &H256,
	consumer: &AccountId32,
	epoch: EpochIndex,
	items: &[Voucher],
) -> Vec<u8> {
	let items_hash = depin_primitives::payload::voucher_items_hash(items);
	depin_primitives::payload::usage_batch(genesis, consumer, epoch, &items_hash)
}

impl Batch {
	/// `consumer` signs `items` of `epoch`.
	pub fn sign(
		consumer: &Key,
		genesis: &H256,
		epoch: EpochIndex,
		items: Vec<Voucher>,
	) -> Result<Batch> {
		let account = consumer.account();
		let consumer_signature =
			consumer.multi_sign(&batch_payload(genesis, &account, epoch, &items))?;
		Ok(Batch { consumer: account, epoch, items, consumer_signature })
	}

	/// Whether the consumer's signature covers exactly these items on the chain of `genesis`.
	pub fn verifies(&self, genesis: &H256) -> bool {
		let payload = batch_payload(genesis, &self.consumer, self.epoch, &self.items);
		self.consumer_signature.verify(&payload[..], &self.consumer)
	}

	/// The `Work::settle_usage` call, to submit as an authorized general transaction. Fails
	/// if the batch has more than `MaxVouchers` items.
	pub fn call(self) -> Result<RuntimeCall> {
		let max = max_vouchers();
		let n = self.items.len();
		let items =
			self.items.try_into().map_err(|_| {
				anyhow!("batch too large: {n} vouchers, at most {max} per settlement (Work.MaxVouchers)")
			})?;
		Ok(RuntimeCall::Work(pallet_work::Call::settle_usage {
			consumer: self.consumer,
			epoch: self.epoch,
			items,
			consumer_signature: self.consumer_signature,
		}))
	}
}

/// The settlement charge of a batch of `n` vouchers, `p256` of them by P-256 devices, at
/// `rate` credits per unit of weight, as this client's runtime weighs it (the reference time of
/// the extrinsic's base weight, `settle_usage` and its authorization, and the P-256 checks): at
/// least what `Work::settlement_charge_of` computes on chain if the node runs the same weights.
/// An estimate for budgeting credits; the chain's figure is in the `UsageSettled` event.
pub fn settlement_charge(rate: Balance, n: u32, p256: u32) -> Balance {
	use frame_support::dispatch::DispatchClass;
	use pallet_work::SignatureWeights;
	use pallet_work::WeightInfo;
	type Weights = <Runtime as pallet_work::Config>::WeightInfo;
	let base = <Runtime as frame_system::Config>::BlockWeights::get()
		.get(DispatchClass::Normal)
		.base_extrinsic;
	let weight = Weights::settle_usage(n)
		.saturating_add(Weights::authorize_settle_usage(n))
		.saturating_add(base)
		.saturating_add(
			<Runtime as pallet_work::Config>::SignatureWeights::verify_p256()
				.saturating_mul(u64::from(p256)),
		);
	rate.saturating_mul(Balance::from(weight.ref_time()))
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

/// The challenged device's own signature of its beacon in `epoch` under `challenge`: without
/// it the chain refuses the beacon (`Work.BadBeaconerSignature`).
pub fn beacon_signature(
	beaconer: &Key,
	genesis: &H256,
	epoch: EpochIndex,
	challenge: &H256,
) -> RawSignature {
	let device = beaconer.device_key();
	beaconer.sign(&depin_primitives::payload::beacon(genesis, &device, epoch, challenge))
}

/// `Work::submit_beacon`: `beaconer`'s beacon in `epoch`, with its own signature, and its
/// witnesses' receipts (at most `MaxWitnesses`).
pub fn submit_beacon(
	beaconer: PublicKey,
	epoch: EpochIndex,
	witnesses: Vec<WitnessReceipt>,
	beaconer_signature: RawSignature,
) -> Result<RuntimeCall> {
	let max: u32 = <Runtime as pallet_work::Config>::MaxWitnesses::get();
	let n = witnesses.len();
	let witnesses =
		witnesses.try_into().map_err(|_| anyhow!("too many witnesses ({n}; at most {max})"))?;
	Ok(RuntimeCall::Work(pallet_work::Call::submit_beacon {
		beaconer,
		epoch,
		witnesses,
		beaconer_signature,
	}))
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

/// For root (`--sudo` on a development chain): `verifier` applies to verify, as itself, putting
/// its own bond on hold, and is admitted with `quota`, in one atomic batch. On a live chain the
/// verifier applies with its own transaction and a referendum admits it.
pub fn apply_and_admit_verifier(verifier: AccountId32, quota: u64) -> RuntimeCall {
	let apply = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(depin_runtime::OriginCaller::system(frame_system::RawOrigin::Signed(
			verifier.clone(),
		))),
		call: Box::new(RuntimeCall::Work(pallet_work::Call::apply_verifier {})),
	});
	let admit = RuntimeCall::Work(pallet_work::Call::admit_verifier { verifier, quota });
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![apply, admit] })
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
	fn vouchers_and_batches_verify() {
		let genesis = H256([5; 32]);
		let (device, consumer) = (key("//Sensor"), key("//Bob"));
		let (public, account) = (device.device_key(), consumer.account());
		let terms = VoucherTerms {
			genesis: &genesis,
			device: &public,
			consumer: &account,
			epoch: 7,
			cumulative_units: 40,
			unit_price: 1_000,
		};
		let voucher = terms.sign(&device);
		assert!(terms.verifies(&voucher.device_signature));
		let other_chain = VoucherTerms { genesis: &H256([6; 32]), ..terms };
		assert!(!other_chain.verifies(&voucher.device_signature));
		let batch = Batch::sign(&consumer, &genesis, 7, vec![voucher.clone()]).unwrap();
		assert!(batch.verifies(&genesis));
		assert!(!batch.verifies(&H256([6; 32])));
		let mut other_items = batch.clone();
		other_items.items[0].cumulative_units = 41;
		assert!(!other_items.verifies(&genesis), "the signature covers the items");
		let full = Batch::sign(&consumer, &genesis, 7, vec![voucher.clone(); 128]).unwrap();
		assert!(full.call().is_ok());
		let over = Batch::sign(&consumer, &genesis, 7, vec![voucher; 129]).unwrap();
		let err = over.call().unwrap_err().to_string();
		assert!(err.contains("at most 128"), "{err}");
		assert!(settlement_charge(1, 100, 0) > settlement_charge(1, 1, 0));
		assert!(settlement_charge(1, 100, 1) > settlement_charge(1, 100, 0));
	}

	#[test]
	fn batches_are_bounded() {
		let device = key("//Hotspot").device_key();
		let w = witness_receipt(&key("//Witness"), &H256::zero(), &device, 1, &H256::zero());
		let err = submit_beacon(device, 1, vec![w; 33], [0; 64]).unwrap_err().to_string();
		assert!(err.contains("too many witnesses"), "{err}");
		let a = Attestation { device, units: 1 };
		assert!(submit_attestations(1, vec![a.clone(); 128]).is_ok());
		assert!(submit_attestations(1, vec![a; 129]).is_err());
	}
}
