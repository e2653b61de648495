//! Budgets of background work in `on_idle`: how much of a bounded clean-up fits in the weight
//! left in a block, priced by the clean-up's benchmark.

use frame_support::weights::Weight;

/// How many keys a clean-up step may remove within `remaining` weight, given its fixed cost
/// `base` and the cost of each key `per_key` (both from the step's benchmark); `None` if not
/// even one key fits. Each weight dimension (time and proof size) bounds the budget where a
/// key costs anything in it; keys that cost nothing at all (the zero weights of unit-test mocks)
/// are unbounded.
pub fn key_budget(remaining: Weight, base: Weight, per_key: Weight) -> Option<u32> {
	if remaining.any_lt(base.saturating_add(per_key)) {
		return None;
	}
	let left = remaining.saturating_sub(base);
	let keys_within = |left: u64, each: u64| left.checked_div(each).unwrap_or(u64::MAX);
	let keys = keys_within(left.ref_time(), per_key.ref_time())
		.min(keys_within(left.proof_size(), per_key.proof_size()));
	Some(u32::try_from(keys).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn budgets_follow_the_dearer_dimension() {
		let base = Weight::from_parts(100, 10);
		let per_key = Weight::from_parts(20, 5);
		assert_eq!(key_budget(Weight::from_parts(119, 100), base, per_key), None);
		assert_eq!(key_budget(Weight::from_parts(120, 15), base, per_key), Some(1));
		// Time allows 45 keys, proof size only 18.
		assert_eq!(key_budget(Weight::from_parts(1_000, 100), base, per_key), Some(18));
		// Keys that cost no proof size are bounded by time alone.
		assert_eq!(
			key_budget(Weight::from_parts(1_000, 10), base, Weight::from_parts(20, 0)),
			Some(45)
		);
		assert_eq!(key_budget(Weight::MAX, Weight::zero(), Weight::zero()), Some(u32::MAX));
	}
}
