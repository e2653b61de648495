//! The registry's counters: the per-owner, per-class and per-maker device counts and the
//! dispute locks, stored as "absent means zero", and the device counts per life-cycle state.
//! The calls in `impls.rs` and the v0 → v1 migration update them only through these helpers,
//! so every counter moves the same way everywhere.

use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

use crate::{Config, DeviceCountByStatus, DeviceStatus, Pallet, StatusCounts};

/// Takes one from a counter stored as "absent means zero" and removes the entry when it
/// reaches zero, so a zero is never stored (the invariants check that). An absent entry stays
/// absent. Pass it to `mutate_exists`.
pub(crate) fn take_one(count: &mut Option<u32>) {
	*count = count.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
}

/// The counter in `counts` of the devices in `status`.
fn counter_of<'a, B>(counts: &'a mut StatusCounts, status: &DeviceStatus<B>) -> &'a mut u32 {
	match status {
		DeviceStatus::Active => &mut counts.active,
		DeviceStatus::Suspended => &mut counts.suspended,
		DeviceStatus::Retiring { .. } => &mut counts.retiring,
	}
}

/// Counts one more device in `status` (saturating).
pub(crate) fn count_in<B>(counts: &mut StatusCounts, status: &DeviceStatus<B>) {
	counter_of(counts, status).saturating_inc();
}

/// Counts one device fewer in `status` (saturating at zero).
pub(crate) fn count_out<B>(counts: &mut StatusCounts, status: &DeviceStatus<B>) {
	counter_of(counts, status).saturating_dec();
}

impl<T: Config> Pallet<T> {
	/// Records in `DeviceCountByStatus`, in one write, that a device left state `from` and
	/// entered state `to`. `None` stands for outside the registry: `from` is `None` for a
	/// registration, `to` is `None` for a withdrawal.
	pub(crate) fn recount_status(
		from: Option<&DeviceStatus<BlockNumberFor<T>>>,
		to: Option<&DeviceStatus<BlockNumberFor<T>>>,
	) {
		DeviceCountByStatus::<T>::mutate(|counts| {
			if let Some(from) = from {
				count_out(counts, from);
			}
			if let Some(to) = to {
				count_in(counts, to);
			}
		});
	}
}
