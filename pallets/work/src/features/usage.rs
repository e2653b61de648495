//! Usage work: batches of receipts signed by a device *and* the paying consumer, who spends
//! `units × class unit price` in credits. Per consumer and device, nonces strictly increase.
//! A receipt that would take its device above the class's units cap is rejected, not clipped:
//! the consumer must not pay for units that earn nothing.

use alloc::vec::Vec;
use depin_primitives::{DeviceInspect, ProofKind, PublicKey};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{
	traits::{Saturating, Verify, Zero},
	SaturatedConversion,
};

use super::item;
use crate::{pallet::*, CreditLedger, EpochIndex};

impl<T: Config> Pallet<T> {
	/// The bytes that both the device and the consumer sign for a usage receipt.
	pub fn usage_payload(
		device: &PublicKey,
		consumer: &T::AccountId,
		epoch: EpochIndex,
		units: u64,
		nonce: u64,
	) -> Vec<u8> {
		crate::payload::usage(
			&crate::payload::genesis_hash::<T>(),
			device,
			consumer,
			epoch,
			units,
			nonce,
		)
	}

	/// Counts a batch of usage receipts for `epoch`, all or nothing (see the `submit_usage`
	/// call for the checks and errors).
	pub(crate) fn do_submit_usage(
		epoch: EpochIndex,
		receipts: BoundedVec<UsageReceiptOf<T>, T::MaxReceipts>,
	) -> DispatchResult {
		ensure!(!receipts.is_empty(), Error::<T>::EmptyBatch);
		Self::check_epoch(epoch)?;
		let count = receipts.len() as u32;
		let (mut units, mut credits) = (0u64, BalanceOf::<T>::zero());
		for (i, r) in receipts.into_iter().enumerate() {
			let index = item(i);
			ensure!(r.units > 0, Error::<T>::ZeroUnits { index });
			let device =
				T::Devices::device(&r.device).ok_or(Error::<T>::UnknownDevice { index })?;
			ensure!(device.active, Error::<T>::DeviceNotActive { index });
			let class = device.params;
			ensure!(class.proof == ProofKind::Usage, Error::<T>::WrongProofKind { index });
			let payload = Self::usage_payload(&r.device, &r.consumer, epoch, r.units, r.nonce);
			ensure!(
				r.device.verify(&payload, &r.device_signature),
				Error::<T>::BadDeviceSignature { index }
			);
			ensure!(
				r.consumer_signature.verify(payload.as_slice(), &r.consumer),
				Error::<T>::BadConsumerSignature { index }
			);
			if let Some(last) = ConsumerNonces::<T>::get(&r.consumer, r.device) {
				ensure!(r.nonce != last, Error::<T>::ReceiptReplayed { index });
				ensure!(r.nonce > last, Error::<T>::NonceNotIncreasing { index });
			}
			let used = WorkRecords::<T>::get(epoch, r.device).map_or(0, |w| w.units);
			ensure!(
				used.checked_add(r.units).is_some_and(|total| total <= class.units_cap),
				Error::<T>::UnitsCapExceeded { index }
			);
			let cost = class.unit_price.saturating_mul(r.units.saturated_into());
			T::Credits::debit(&r.consumer, cost)
				.map_err(|_| Error::<T>::InsufficientCredits { index })?;
			ConsumerNonces::<T>::insert(&r.consumer, r.device, r.nonce);
			Self::add_units(epoch, &r.device, ProofKind::Usage, r.units, cost, class.units_cap);
			units = units.saturating_add(r.units);
			credits = credits.saturating_add(cost);
		}
		Self::deposit_event(Event::UsageRecorded { epoch, receipts: count, units, credits });
		Ok(())
	}
}
