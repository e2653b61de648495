//! The counter helpers every call shares: "absent means zero" counters and status counts.

use super::*;
use crate::{
	counts::{count_in, count_out, take_one},
	StatusCounts,
};

#[test]
fn a_counter_loses_its_entry_at_zero() {
	let mut count = Some(2);
	take_one(&mut count);
	assert_eq!(count, Some(1));
	take_one(&mut count);
	assert_eq!(count, None, "no zero is stored");
	take_one(&mut count);
	assert_eq!(count, None, "an absent counter stays absent");
}

#[test]
fn status_counts_follow_each_state_and_saturate() {
	let mut counts = StatusCounts::default();
	count_in(&mut counts, &DeviceStatus::<u64>::Active);
	count_in(&mut counts, &DeviceStatus::<u64>::Suspended);
	count_in(&mut counts, &DeviceStatus::Retiring { unbonds_at: 7u64 });
	count_in(&mut counts, &DeviceStatus::Retiring { unbonds_at: 9u64 });
	assert_eq!(counts, StatusCounts { active: 1, suspended: 1, retiring: 2 });
	count_out(&mut counts, &DeviceStatus::<u64>::Active);
	count_out(&mut counts, &DeviceStatus::<u64>::Active);
	assert_eq!(counts, StatusCounts { active: 0, suspended: 1, retiring: 2 });
}
