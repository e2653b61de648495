//! Malformed SCALE in every custom call, and bit flips that still decode.

use crate::common::*;
use crate::helpers::*;
use codec::{Decode, DecodeAll, Encode};
use depin_runtime::{
	genesis_config_presets::{
		default_schedule, demo_classes, DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR,
	},
	Executive, Runtime, RuntimeCall, System, UncheckedExtrinsic, DPIN,
};
use frame_support::traits::GetCallName;
use pallet_devices::{Error as DevicesError, PublicKey};
use pallet_work::{Attestation, VoucherItemOf, WitnessReceipt};
use sp_core::{sr25519, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionSource},
	MultiSignature, Perbill,
};

// --- 11. Malformed SCALE.

/// Bytes of a valid encoded call replaced by bytes that no decoder accepts there.
struct Corruption {
	/// Offset in the encoded `RuntimeCall`.
	at: usize,
	/// What the valid encoding holds there (checked, so that an offset cannot drift silently).
	was: Vec<u8>,
	/// The replacement.
	now: Vec<u8>,
}

/// An enum tag (or `bool`, or `Option`) at `at`: `was` replaced by the out-of-range `now`.
fn tag_at(at: usize, was: u8, now: u8) -> Corruption {
	Corruption { at, was: vec![was], now: vec![now] }
}

/// A valid call of every extrinsic of the chain's own pallets (devices, work, emissions and the
/// validator set), with corruptions of the enum tags and bounded values among its arguments.
/// Offsets: the pallet and call indices take two bytes, then come the arguments in order; a
/// vector of one item starts with a one-byte length.
fn custom_calls() -> Vec<(RuntimeCall, Vec<Corruption>)> {
	use pallet_devices::Call as D;
	use pallet_emissions::Call as E;
	use pallet_validator_set::Call as V;
	use pallet_work::Call as W;

	let key = PublicKey::Sr25519([7; 32]);
	let account = Alice.to_account_id();
	let class = demo_classes()[DEMO_CLASS_HOTSPOT as usize].clone();
	let schedule = default_schedule();
	let voucher = VoucherItemOf::<Runtime> {
		device: key,
		cumulative_units: 1,
		unit_price: 1,
		device_signature: [1; 64],
	};
	// A public key's scheme: 0 is sr25519, 1 ed25519, 2 P-256, 3 nothing.
	let key_at = |at: usize| tag_at(at, 0, 3);
	let p256_root = [2u8; 33];
	let serial: pallet_devices::Serial = vec![7u8].try_into().expect("one byte fits");
	let chain: pallet_devices::CertificateChain =
		vec![vec![0x30u8, 0].try_into().expect("two bytes fit")].try_into().expect("one fits");
	// Where a chain registration's certificate count is (after the key, class and maker).
	let chain_count = 2 + (key, 0u32, 0u32).encode().len();
	let chain_location = chain_count + (chain.clone(), [1u8; 64], [2u8; 64]).encode().len();
	// Where a revocation's serial length is (after its tag and the issuer key).
	let serial_len = 2 + 1 + 33;
	// Where the location's `Option` tag of a registration is.
	let location = 2 + (key, 0u32, 0u32, [1u8; 64], [2u8; 64]).encode().len();
	// Where a settlement's first voucher is (after the consumer, the epoch and the vector's
	// length), and its consumer signature's scheme (sr25519 is 1 of 3).
	let first_voucher = 2 + (account.clone(), 0u32).encode().len() + 1;
	let consumer_signature = first_voucher + voucher.encode().len();
	// Where a beacon's first witness key is.
	let witness_key = 2 + (key, 0u32).encode().len() + 1;
	// Where a schedule's shape tag (halving is 0 of 2) and operators' share are.
	let shape = 2 + schedule.initial.encode().len();
	let operators =
		2 + (schedule.initial, schedule.shape, schedule.tail, schedule.cap).encode().len();
	// A `Perbill` above 100 %.
	let too_many_parts = 1_000_000_001u32.encode();

	vec![
		(
			RuntimeCall::Devices(D::register_maker {
				certificate_key: key,
				name: b"maker".to_vec().try_into().unwrap(),
				quota: 1,
			}),
			vec![key_at(2)],
		),
		(RuntimeCall::Devices(D::set_maker_quota { maker: 0, quota: 1 }), vec![]),
		(RuntimeCall::Devices(D::bond_maker { maker: 0, maker_signature: [0; 64] }), vec![]),
		(RuntimeCall::Devices(D::withdraw_maker_bond { maker: 0 }), vec![]),
		(RuntimeCall::Devices(D::resume_maker { maker: 0 }), vec![]),
		(
			RuntimeCall::Devices(D::set_maker_params {
				params: depin_runtime::genesis_config_presets::production_maker_params(),
			}),
			vec![],
		),
		(
			RuntimeCall::Devices(D::set_occupancy_limits {
				limits: vec![(8, 2)].try_into().expect("one limit fits"),
			}),
			vec![],
		),
		(RuntimeCall::Devices(D::revoke_maker { maker: 0 }), vec![]),
		// Network kind (physical is 0 of 2) and proof kind (witnessed is 1 of 3).
		(
			RuntimeCall::Devices(D::create_class { params: class.clone() }),
			vec![tag_at(2, 0, 2), tag_at(3, 1, 3)],
		),
		(RuntimeCall::Devices(D::update_class { class: 0, params: class }), vec![tag_at(6, 0, 2)]),
		// The device key, and the location's `Some` (1; 2 is nothing).
		(
			RuntimeCall::Devices(D::register_device {
				device: key,
				class: 0,
				maker: 0,
				maker_signature: [1; 64],
				device_signature: [2; 64],
				location: Some(CELL),
				metadata: b"ipfs://x".to_vec().try_into().unwrap(),
			}),
			vec![key_at(2), tag_at(location, 1, 2)],
		),
		// The root's `Some` (1; 2 is nothing).
		(
			RuntimeCall::Devices(D::set_maker_root { maker: 0, root: Some(p256_root) }),
			vec![tag_at(6, 1, 2)],
		),
		// The device key, four certificates where three at most fit, the location's `Some`.
		(
			RuntimeCall::Devices(D::register_device_with_chain {
				device: key,
				class: 0,
				maker: 0,
				chain,
				class_signature: [1; 64],
				device_signature: [2; 64],
				location: Some(CELL),
				metadata: b"ipfs://x".to_vec().try_into().unwrap(),
			}),
			vec![key_at(2), tag_at(chain_count, 4, 16), tag_at(chain_location, 1, 2)],
		),
		// The revocation's kind (a certificate is 0; 2 is nothing), and a 22-byte serial where
		// 21 at most fit.
		(
			RuntimeCall::Devices(D::revoke_certificate {
				revocation: pallet_devices::Revocation::Certificate {
					issuer: p256_root,
					serial: serial.clone(),
				},
			}),
			vec![tag_at(2, 0, 2), tag_at(serial_len, 4, 88)],
		),
		(
			RuntimeCall::Devices(D::restore_certificate {
				revocation: pallet_devices::Revocation::Key(p256_root),
			}),
			vec![tag_at(2, 1, 2)],
		),
		(RuntimeCall::Devices(D::set_location { device: key, location: CELL }), vec![key_at(2)]),
		(
			RuntimeCall::Devices(D::set_metadata {
				device: key,
				metadata: vec![1, 2, 3].try_into().unwrap(),
			}),
			vec![key_at(2)],
		),
		(
			RuntimeCall::Devices(D::transfer_device { device: key, new_owner: account.clone() }),
			vec![key_at(2)],
		),
		(RuntimeCall::Devices(D::accept_transfer { device: key }), vec![key_at(2)]),
		(RuntimeCall::Devices(D::cancel_transfer { device: key }), vec![key_at(2)]),
		(RuntimeCall::Devices(D::retire_device { device: key }), vec![key_at(2)]),
		(RuntimeCall::Devices(D::withdraw_bond { device: key }), vec![key_at(2)]),
		(RuntimeCall::Devices(D::suspend_device { device: key }), vec![key_at(2)]),
		(RuntimeCall::Devices(D::resume_device { device: key }), vec![key_at(2)]),
		(
			RuntimeCall::Work(W::settle_usage {
				consumer: account.clone(),
				epoch: 0,
				items: vec![voucher].try_into().unwrap(),
				consumer_signature: MultiSignature::Sr25519(sr25519::Signature::from_raw([2; 64])),
			}),
			vec![key_at(first_voucher), tag_at(consumer_signature, 1, 3)],
		),
		(
			RuntimeCall::Work(W::submit_beacon {
				beaconer: key,
				epoch: 0,
				witnesses: vec![WitnessReceipt { witness: key, signature: [3; 64] }]
					.try_into()
					.unwrap(),
				beaconer_signature: [4; 64],
			}),
			vec![key_at(2), key_at(witness_key)],
		),
		(
			RuntimeCall::Work(W::submit_attestations {
				epoch: 0,
				attestations: vec![Attestation { device: key, units: 1 }].try_into().unwrap(),
			}),
			vec![key_at(2 + 4 + 1)],
		),
		(RuntimeCall::Work(W::admit_verifier { verifier: account.clone(), quota: 1 }), vec![]),
		(RuntimeCall::Work(W::remove_verifier { verifier: account.clone() }), vec![]),
		(
			RuntimeCall::Work(W::open_dispute {
				device: key,
				epoch: 0,
				evidence: H256::repeat_byte(1),
			}),
			vec![key_at(2)],
		),
		// `Upheld` is 1; 4 is no verdict.
		(
			RuntimeCall::Work(W::resolve_dispute { id: 0, verdict: pallet_work::Verdict::Upheld }),
			vec![tag_at(6, 1, 4)],
		),
		(RuntimeCall::Work(W::set_epoch_length { length: 600 }), vec![]),
		(
			RuntimeCall::Work(W::set_challenge_rate { rate: Perbill::from_percent(10) }),
			vec![Corruption {
				at: 2,
				was: Perbill::from_percent(10).encode(),
				now: too_many_parts.clone(),
			}],
		),
		(RuntimeCall::Work(W::set_attestation_quorum { quorum: 3 }), vec![]),
		(RuntimeCall::Work(W::set_dispute_window { epochs: 24 }), vec![]),
		(RuntimeCall::Work(W::set_dispute_timeout { epochs: 72 }), vec![]),
		(RuntimeCall::Work(W::expire_dispute { id: 0 }), vec![]),
		(RuntimeCall::Work(W::set_settlement_rate { rate: 1 }), vec![]),
		(RuntimeCall::Work(W::set_reciprocity_window { epochs: 1 }), vec![]),
		(RuntimeCall::Work(W::apply_verifier {}), vec![]),
		(RuntimeCall::Work(W::withdraw_application {}), vec![]),
		(
			RuntimeCall::Work(W::set_attestation_tolerance {
				tolerance: sp_runtime::Perbill::from_percent(5),
			}),
			vec![],
		),
		(
			RuntimeCall::Emissions(E::set_schedule { schedule: schedule.clone() }),
			vec![
				tag_at(shape, 0, 2),
				Corruption {
					at: operators,
					was: schedule.split.operators.encode(),
					now: too_many_parts,
				},
			],
		),
		(
			RuntimeCall::Emissions(E::claim { device: key, epochs: vec![0].try_into().unwrap() }),
			vec![key_at(2)],
		),
		(
			RuntimeCall::Emissions(E::buy_credits { consumer: account.clone(), amount: DPIN }),
			vec![],
		),
		(RuntimeCall::ValidatorSet(V::add_validator { validator: account.clone() }), vec![]),
		(RuntimeCall::ValidatorSet(V::remove_validator { validator: account }), vec![]),
	]
}

/// The pallet and the name of a call of the chain's own pallets.
fn call_name(call: &RuntimeCall) -> (&'static str, &'static str) {
	match call {
		RuntimeCall::Devices(call) => ("devices", call.get_call_name()),
		RuntimeCall::Work(call) => ("work", call.get_call_name()),
		RuntimeCall::Emissions(call) => ("emissions", call.get_call_name()),
		RuntimeCall::ValidatorSet(call) => ("validator_set", call.get_call_name()),
		_ => ("other", "other"),
	}
}

/// Every malformed variant of a call's encoding: each strict prefix (so each argument cut short
/// at each of its bytes), trailing garbage, an unknown pallet index, an unknown call index, and
/// the argument corruptions.
fn malformed(encoded: &[u8], corruptions: &[Corruption]) -> Vec<Vec<u8>> {
	let mut all: Vec<Vec<u8>> = (0..encoded.len()).map(|cut| encoded[..cut].to_vec()).collect();
	for garbage in [&[0u8][..], &[0xff; 8][..]] {
		all.push([encoded, garbage].concat());
	}
	// Pallets 17 to 19 and 23 to 255 do not exist; no pallet has a call 255.
	for (at, now) in [(0, 17), (0, 0xff), (1, 0xff)] {
		let mut bytes = encoded.to_vec();
		bytes[at] = now;
		all.push(bytes);
	}
	for c in corruptions {
		let end = c.at + c.was.len();
		assert_eq!(encoded[c.at..end], c.was[..], "the corruption at {} drifted", c.at);
		let mut bytes = encoded.to_vec();
		bytes[c.at..end].copy_from_slice(&c.now);
		all.push(bytes);
	}
	all
}

/// Every call of the devices, work, emissions and validator-set pallets, malformed in every way
/// `malformed` lists: `RuntimeCall::decode_all` fails, an extrinsic carrying those bytes does not
/// decode, and `Executive::apply_extrinsic` (and the pool's `validate_transaction`) refuse it as
/// `InvalidTransaction::Call` without panicking and without writing anything. The authorized
/// calls (settlements and beacons) are sent as general transactions, as they are meant to be;
/// the others as signed ones.
#[test]
fn malformed_scale_in_every_custom_call_is_rejected_without_panicking() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let cases = custom_calls();

		// Every call of the four pallets has its case.
		let covered: Vec<_> = cases.iter().map(|(call, _)| call_name(call)).collect();
		for (pallet, names) in [
			("devices", pallet_devices::Call::<Runtime>::get_call_names()),
			("work", pallet_work::Call::<Runtime>::get_call_names()),
			("emissions", pallet_emissions::Call::<Runtime>::get_call_names()),
			("validator_set", pallet_validator_set::Call::<Runtime>::get_call_names()),
		] {
			for name in names {
				assert!(covered.contains(&(pallet, *name)), "{pallet}.{name} has no case");
			}
		}

		let before = storage_root();
		let mut last = None;
		for (call, corruptions) in cases {
			let (pallet, name) = call_name(&call);
			let encoded = call.encode();
			assert_eq!(RuntimeCall::decode_all(&mut &encoded[..]).ok(), Some(call.clone()));
			let template = match call {
				RuntimeCall::Work(
					pallet_work::Call::settle_usage { .. }
					| pallet_work::Call::submit_beacon { .. },
				) => general(call),
				_ => signed(Alice, 0, call),
			};
			for bad in malformed(&encoded, &corruptions) {
				assert!(
					RuntimeCall::decode_all(&mut &bad[..]).is_err(),
					"{pallet}.{name}: {bad:?} decodes"
				);
				let mut xt = template.clone();
				xt.encoded_call = Some(bad.clone());
				let bytes = xt.encode();
				assert!(
					UncheckedExtrinsic::decode(&mut &bytes[..]).is_err(),
					"{pallet}.{name}: an extrinsic with {bad:?} decodes"
				);
				assert_eq!(
					Executive::apply_extrinsic(xt.clone()),
					Err(InvalidTransaction::Call.into()),
					"{pallet}.{name}: {bad:?}"
				);
				last = Some(xt);
			}
		}
		assert_eq!(storage_root(), before, "a malformed transaction wrote to storage");

		// The transaction pool's entry point answers the same. It initialises a block of its
		// own, so it comes last.
		let xt = last.expect("malformed transactions");
		assert_eq!(
			Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash()),
			Err(InvalidTransaction::Call.into())
		);
	});
}

/// A bit flipped in transit inside a registration's maker signature still decodes as a call:
/// the transaction's own signature no longer matches (`BadProof`, nothing written). Signed as
/// corrupted by the sender, it is included and the fee is paid, but the maker certificate does
/// not verify and no device is registered. A general transaction has no signature of its own:
/// a bit flipped in a settlement's voucher (here in the device's signature) is caught by its
/// authorization, as the consumer's signature of the batch commits to the vouchers' bytes
/// (refused, nothing written).
#[test]
fn bit_flips_that_still_decode_are_caught_by_signatures() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		let (_, key, call) =
			registration(&Bob.to_account_id(), "Flipped", DEMO_CLASS_SENSOR, Some(CELL));
		let encoded = call.encode();
		// The maker signature follows the indices, the device key, the class and the maker id.
		let at = 2 + (key, 0u32, 0u32).encode().len();
		let mut flipped = encoded.clone();
		flipped[at] ^= 1;
		let corrupted = RuntimeCall::decode_all(&mut &flipped[..]).expect("still a call");
		assert_ne!(corrupted, call);

		let mut xt = signed(Bob, 0, call);
		xt.encoded_call = Some(flipped);
		let before = storage_root();
		assert_eq!(Executive::apply_extrinsic(xt), Err(InvalidTransaction::BadProof.into()));
		assert_eq!(storage_root(), before);

		assert_eq!(
			Executive::apply_extrinsic(signed(Bob, 0, corrupted)),
			Ok(Err(DevicesError::<Runtime>::BadMakerSignature.into()))
		);
		assert!(!pallet_devices::Devices::<Runtime>::contains_key(key));

		let (sensor, sensor_key) =
			register_demo_device(Alice, "Sensor", DEMO_CLASS_SENSOR, Some(NEAR));
		dispatch(Bob, buy_credits(Bob.to_account_id(), DPIN));
		let call = settle(Bob, 0, vec![voucher(&sensor, Bob, 0, 10)]);
		let encoded = call.encode();
		// The device signature ends the voucher, just before the consumer's signature.
		let at = encoded.len()
			- MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64])).encode().len()
			- 1;
		let mut flipped = encoded.clone();
		flipped[at] ^= 1;
		let corrupted = RuntimeCall::decode_all(&mut &flipped[..]).expect("still a call");
		assert_ne!(corrupted, call);
		assert_refused(corrupted, pallet_work::Error::<Runtime>::BadConsumerSignature);
		assert!(!pallet_work::WorkRecords::<Runtime>::contains_key(0, sensor_key));
		assert_applied(call);
		check_invariants();
	});
}
