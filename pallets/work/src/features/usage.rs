//! Usage work: cumulative vouchers. In an epoch a device signs, per consumer, "I have served
//! you N units in all, at this price"; the consumer authorizes a batch of such vouchers with
//! one signature. The chain keeps, per (epoch, consumer, device), the cumulative units it has
//! settled and settles only the increase: a later voucher covers every earlier one, so a stale
//! or replayed voucher settles nothing and order does not matter.
//!
//! Settlement is an authorized general transaction: [`Pallet::validate_settlement`] checks the
//! signatures and the state (the pool's validity, re-run by the block builder and by every
//! importer right before dispatch), and the call then applies the settlement without checking
//! the signatures a second time.
//!
//! Units above the class's per-epoch cap are clipped and **not paid for**: the credits a
//! consumer spends back the device's usage reward, and units that earn nothing must not burn
//! credits. The cumulative value still advances, so those units cannot be settled later.

use alloc::{collections::BTreeSet, vec::Vec};
use depin_primitives::{
	DeviceInspect, ProofKind, PublicKey, SignatureWeights, VoucherItem, SHARE_PARTS,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{
	traits::{Saturating, Verify, Zero},
	SaturatedConversion,
};

use super::{item, records::Earner};
use crate::{pallet::*, CreditLedger, EpochIndex, WeightInfo};

/// What settling one voucher of a batch does.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct ItemPlan<AccountId, Balance> {
	/// The cumulative units the chain settles up to (the voucher's).
	pub cumulative: u64,
	/// Units above what was settled before (zero: a stale or replayed voucher, skipped).
	pub increase: u64,
	/// Of the increase, the units credited to the device (clipped at its class cap).
	pub credited: u64,
	/// What the consumer pays for them.
	pub cost: Balance,
	/// The device, its owner, cap and weight.
	pub earner: Earner<AccountId>,
}

/// What settling a whole batch does, as computed from the state before it.
pub(crate) struct SettlementPlan<AccountId, Balance> {
	/// One plan per item, in order.
	pub items: Vec<ItemPlan<AccountId, Balance>>,
	/// Credits for the units, summed.
	pub cost: Balance,
	/// The settlement charge for the batch's weight.
	pub charge: Balance,
}

impl<T: Config> Pallet<T> {
	/// The bytes `device` signs for a voucher to `consumer` in `epoch` on this chain.
	pub fn voucher_payload(
		device: &PublicKey,
		consumer: &T::AccountId,
		epoch: EpochIndex,
		cumulative_units: u64,
		unit_price: BalanceOf<T>,
	) -> Vec<u8> {
		crate::payload::usage_voucher(
			&crate::payload::genesis_hash::<T>(),
			device,
			consumer,
			epoch,
			cumulative_units,
			unit_price,
		)
	}

	/// The bytes `consumer` signs to authorize `items` in `epoch` on this chain.
	pub fn batch_payload(
		consumer: &T::AccountId,
		epoch: EpochIndex,
		items: &[VoucherItem<BalanceOf<T>>],
	) -> Vec<u8> {
		crate::payload::usage_batch(
			&crate::payload::genesis_hash::<T>(),
			consumer,
			epoch,
			&crate::payload::voucher_items_hash(items),
		)
	}

	/// The weight `settle_usage` declares for `n` vouchers: the whole settlement's (its
	/// benchmark applies the authorization and the dispatch together) minus the
	/// authorization's, which `AuthorizeCall` charges; the dispatch's reads of what the
	/// authorization read come from the overlay.
	pub fn settle_usage_weight(n: u32) -> Weight {
		T::WeightInfo::settle_usage(n).saturating_sub(T::WeightInfo::authorize_settle_usage(n))
	}

	/// What the authorization of a settlement weighs: its benchmark (sr25519 devices) and one
	/// P-256 check for each voucher of a P-256 device.
	pub fn authorize_settle_usage_weight(items: &[VoucherItemOf<T>]) -> Weight {
		let p256 = items.iter().filter(|v| v.device.is_p256()).count() as u64;
		T::WeightInfo::authorize_settle_usage(items.len() as u32)
			.saturating_add(T::SignatureWeights::verify_p256().saturating_mul(p256))
	}

	/// The settlement charge of a batch of `n` vouchers of sr25519 or ed25519 devices (see
	/// [`Self::settlement_charge_of`]).
	pub fn settlement_charge(n: u32) -> BalanceOf<T> {
		Self::settlement_charge_of(n, 0)
	}

	/// The settlement charge of a batch of `n` vouchers, `p256` of them of P-256 devices:
	/// `SettlementRate` credits per unit of the reference-time weight it takes in its block:
	/// the extrinsic's base weight, the whole settlement's (authorization and dispatch) and
	/// the P-256 checks.
	pub fn settlement_charge_of(n: u32, p256: u32) -> BalanceOf<T> {
		let weight = T::WeightInfo::settle_usage(n)
			.saturating_add(Self::base_extrinsic())
			.saturating_add(T::SignatureWeights::verify_p256().saturating_mul(p256.into()));
		SettlementRate::<T>::get().saturating_mul(weight.ref_time().saturated_into())
	}

	/// Checks a settlement batch against the state and, if `verify` is set, its signatures;
	/// returns what settling it would do. Writes nothing. The cheap checks come first, so a
	/// batch that would fail anyway costs no signature check. Errors (each a pallet error,
	/// also the pool's reason for refusing the transaction), in order: `EmptyBatch`,
	/// `EpochTooOld`, `EpochInFuture`, `InsufficientCredits` (not even the settlement charge),
	/// per item `ZeroUnits`, `UnknownDevice`, `DeviceNotActive`, `WrongProofKind`,
	/// `DuplicateDevice`, `WrongPrice`; then `NothingToSettle` (no item raises its cumulative
	/// units), `InsufficientCredits` (for the units and the charge), `BadConsumerSignature`
	/// and per item `BadDeviceSignature`.
	pub(crate) fn validate_settlement(
		consumer: &T::AccountId,
		epoch: EpochIndex,
		items: &[VoucherItem<BalanceOf<T>>],
		consumer_signature: &T::Signature,
		verify: bool,
	) -> Result<SettlementPlan<T::AccountId, BalanceOf<T>>, Error<T>> {
		ensure!(!items.is_empty(), Error::<T>::EmptyBatch);
		Self::check_epoch(epoch)?;
		let p256 = items.iter().filter(|v| v.device.is_p256()).count() as u32;
		let charge = Self::settlement_charge_of(items.len() as u32, p256);
		let credits = T::Credits::credits(consumer);
		ensure!(credits >= charge, Error::<T>::InsufficientCredits);
		let mut seen = BTreeSet::new();
		let mut plans = Vec::with_capacity(items.len());
		let mut cost = BalanceOf::<T>::zero();
		for (i, v) in items.iter().enumerate() {
			let index = item(i);
			ensure!(v.cumulative_units > 0, Error::<T>::ZeroUnits { index });
			let device =
				T::Devices::device(&v.device).ok_or(Error::<T>::UnknownDevice { index })?;
			ensure!(device.active, Error::<T>::DeviceNotActive { index });
			let class = &device.params;
			ensure!(class.proof == ProofKind::Usage, Error::<T>::WrongProofKind { index });
			ensure!(seen.insert(v.device), Error::<T>::DuplicateDevice { index });
			ensure!(v.unit_price == class.unit_price, Error::<T>::WrongPrice { index });
			let settled = Settled::<T>::get(epoch, (consumer, v.device)).unwrap_or(0);
			let increase = v.cumulative_units.saturating_sub(settled);
			// Voided work (an upheld dispute) earns nothing more in the epoch, so the consumer
			// pays nothing for it; the cumulative value still advances.
			let (used, voided) =
				WorkRecords::<T>::get(epoch, v.device).map_or((0, false), |w| (w.units, w.voided));
			let room = if voided { 0 } else { class.units_cap.saturating_sub(used) };
			let credited = increase.min(room);
			let item_cost = class.unit_price.saturating_mul(credited.saturated_into());
			cost = cost.saturating_add(item_cost);
			plans.push(ItemPlan {
				cumulative: v.cumulative_units,
				increase,
				credited,
				cost: item_cost,
				earner: Earner::new(v.device, &device, SHARE_PARTS as u32),
			});
		}
		ensure!(plans.iter().any(|p| p.increase > 0), Error::<T>::NothingToSettle);
		ensure!(credits >= cost.saturating_add(charge), Error::<T>::InsufficientCredits);
		if verify {
			let payload = Self::batch_payload(consumer, epoch, items);
			ensure!(
				consumer_signature.verify(payload.as_slice(), consumer),
				Error::<T>::BadConsumerSignature
			);
			// Items that settle nothing (their cumulative units are settled already) change
			// nothing, so their signatures are not checked: a batch of old, valid vouchers
			// with one bad one costs one device signature check, not a batch's worth.
			for (i, (v, _)) in
				items.iter().zip(&plans).enumerate().filter(|(_, (_, p))| p.increase > 0)
			{
				let payload = Self::voucher_payload(
					&v.device,
					consumer,
					epoch,
					v.cumulative_units,
					v.unit_price,
				);
				ensure!(
					v.device.verify(&payload, &v.device_signature),
					Error::<T>::BadDeviceSignature { index: item(i) }
				);
			}
		}
		Ok(SettlementPlan { items: plans, cost, charge })
	}

	/// Settles a batch that [`Self::validate_settlement`] accepted with its signatures (the
	/// call's authorization, run in the same block right before): re-checks the state, debits
	/// the credits and the charge, raises the settled cumulative units and credits the
	/// devices. Items that settle nothing are skipped with `VoucherSkipped`.
	pub(crate) fn do_settle_usage(
		consumer: T::AccountId,
		epoch: EpochIndex,
		items: BoundedVec<VoucherItem<BalanceOf<T>>, T::MaxVouchers>,
		consumer_signature: T::Signature,
	) -> DispatchResult {
		let plan = Self::validate_settlement(&consumer, epoch, &items, &consumer_signature, false)?;
		T::Credits::debit(&consumer, plan.cost.saturating_add(plan.charge))
			.map_err(|_| Error::<T>::InsufficientCredits)?;
		let (mut settled, mut units) = (0u32, 0u64);
		for (v, p) in items.iter().zip(plan.items) {
			if p.increase == 0 {
				Self::deposit_event(Event::VoucherSkipped {
					consumer: consumer.clone(),
					device: v.device,
					epoch,
				});
				continue;
			}
			Settled::<T>::insert(epoch, (&consumer, v.device), p.cumulative);
			Self::add_units(epoch, &p.earner, ProofKind::Usage, p.credited, p.cost);
			settled = settled.saturating_add(1);
			units = units.saturating_add(p.credited);
		}
		Self::deposit_event(Event::UsageSettled {
			consumer,
			epoch,
			vouchers: settled,
			units,
			credits: plan.cost,
			charge: plan.charge,
		});
		Ok(())
	}

	/// The pool validity of a settlement: the batch passes [`Self::validate_settlement`] with
	/// its signatures. It provides one tag per item, `(consumer, device, epoch)`, so the pool
	/// holds at most one pending settlement per pair (a newer voucher of a pair waits until the
	/// pending one is in a block, then settles its increase); its priority is that of an
	/// untipped signed transaction of the same weight, P-256 checks included
	/// ([`Self::untipped_priority`]); it lives until the epoch's submission grace ends.
	pub(crate) fn authorize_settlement(
		consumer: &T::AccountId,
		epoch: EpochIndex,
		items: &[VoucherItem<BalanceOf<T>>],
		consumer_signature: &T::Signature,
	) -> TransactionValidityWithRefund {
		Self::validate_settlement(consumer, epoch, items, consumer_signature, true)
			.map_err(Self::invalid)?;
		// The whole weight, P-256 checks included: a batch of P-256 vouchers takes more of the
		// block than an sr25519 one of the same length, and ranks lower for it.
		let weight = Self::settle_usage_weight(items.len() as u32)
			.saturating_add(Self::authorize_settle_usage_weight(items));
		let mut validity = ValidTransaction::with_tag_prefix("DepinUsage")
			.priority(Self::untipped_priority(weight))
			.longevity(Self::blocks_left(epoch));
		for v in items {
			validity = validity.and_provides((consumer, v.device, epoch));
		}
		Ok((validity.build()?, Weight::zero()))
	}
}
