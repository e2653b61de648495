//! The reward-epoch clock: boundaries, the submission grace and the close of each epoch exactly
//! once.

use super::*;

#[test]
fn epochs_start_at_boundaries_and_close_after_the_grace() {
	new_test_ext(|| {
		assert_eq!((CurrentEpoch::<Test>::get(), EpochStart::<Test>::get()), (0, 0));
		run_to_block(EPOCH - 1);
		assert_eq!(CurrentEpoch::<Test>::get(), 0);
		run_to_block(EPOCH);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		assert_eq!(EpochStart::<Test>::get(), EPOCH);
		assert_eq!(Closing::<Test>::get(), Some((0, EPOCH + GRACE)));
		assert!(has_event(Event::EpochStarted { epoch: 1, start: EPOCH, length: EPOCH }));
		assert!(CLOSED.with(|c| c.borrow().is_empty()), "epoch 0 is still in its grace");
		run_to_block(EPOCH + GRACE);
		assert_eq!(Closing::<Test>::get(), None);
		assert_eq!(CLOSED.with(|c| c.borrow().clone()), vec![(0, EpochTotals::default())]);
		assert!(has_event(Event::EpochClosed { epoch: 0, totals: EpochTotals::default() }));
		// Only the current epoch's seed is kept once the previous one closed.
		assert!(Seeds::<Test>::contains_key(1) && !Seeds::<Test>::contains_key(0));
		run_to_block(3 * EPOCH + GRACE);
		assert_eq!(CurrentEpoch::<Test>::get(), 3);
		let closed: Vec<_> = CLOSED.with(|c| c.borrow().iter().map(|(e, _)| *e).collect());
		assert_eq!(closed, vec![0, 1, 2], "each epoch closes exactly once");
	});
}
