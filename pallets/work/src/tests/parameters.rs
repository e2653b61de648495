//! The governed setters: origin checks, bounds and when each value takes effect (the epoch length
//! at the next boundary, the dispute window at once, deciding finality).

use super::*;

#[test]
fn dispute_window_is_governed_and_decides_finality() {
	new_test_ext(|| {
		assert_eq!(DisputeWindow::<Test>::get(), WINDOW);
		assert_noop!(Work::set_dispute_window(RuntimeOrigin::signed(alice()), 1), BadOrigin);
		assert_noop!(
			Work::set_dispute_window(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidDisputeWindow
		);
		assert_noop!(
			Work::set_dispute_window(RuntimeOrigin::root(), WINDOW + 2),
			Error::<Test>::InvalidDisputeWindow
		);
		// Epoch 0 is final once the current epoch is past 0 + window and 0 has closed.
		run_to_block(2 * EPOCH + GRACE);
		assert!(
			!<Work as WorkInspect<AccountId, _>>::epoch_final(0),
			"window 2: final from epoch 3"
		);
		assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), 1));
		assert!(has_event(Event::DisputeWindowSet { epochs: 1 }));
		assert!(
			<Work as WorkInspect<AccountId, _>>::epoch_final(0),
			"window 1: final from epoch 2"
		);
		assert_eq!(
			<Work as WorkInspect<AccountId, _>>::max_dispute_window(),
			WINDOW + 1 + DISPUTE_TIMEOUT + 1,
			"the longest window and the longest timeout"
		);
		assert_ok!(Work::set_dispute_window(RuntimeOrigin::root(), WINDOW + 1));
		assert!(!<Work as WorkInspect<AccountId, _>>::epoch_final(0), "lengthening reopens it");
	});
}

#[test]
fn epoch_length_changes_at_the_next_boundary() {
	new_test_ext(|| {
		assert_noop!(Work::set_epoch_length(RuntimeOrigin::signed(alice()), 20), BadOrigin);
		assert_noop!(
			Work::set_epoch_length(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidEpochLength
		);
		// A hard upper bound too: an endless epoch would stop the epoch clock (and emission).
		for length in [1_001, u64::MAX] {
			assert_noop!(
				Work::set_epoch_length(RuntimeOrigin::root(), length),
				Error::<Test>::InvalidEpochLength
			);
		}
		assert_ok!(Work::set_epoch_length(RuntimeOrigin::root(), 1_000));
		assert_ok!(Work::set_epoch_length(RuntimeOrigin::root(), 20));
		assert!(has_event(Event::EpochLengthScheduled { length: 20 }));
		run_to_block(EPOCH);
		assert_eq!(CurrentEpoch::<Test>::get(), 1, "the running epoch keeps its length");
		assert_eq!(EpochLength::<Test>::get(), 20);
		run_to_block(EPOCH + 19);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		run_to_block(EPOCH + 20);
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
	});
}

/// Governance cannot make disputes time out before it can decide them: the dispute timeout
/// times the epoch length must last `MinDisputeVerdictTime` (10 blocks in the mock, one
/// genesis epoch). Shortening the timeout or the epochs below it is refused, and so is
/// shortening the epochs while disputes opened under an earlier, shorter timeout may still be
/// open.
#[test]
fn dispute_timeout_cannot_undercut_the_dispute_track() {
	new_test_ext(|| {
		let root = || RuntimeOrigin::root();
		// One epoch of 10 blocks: just enough.
		assert_ok!(Work::set_dispute_timeout(root(), 1));
		// Five-block epochs would leave disputes 5 blocks.
		assert_noop!(Work::set_epoch_length(root(), 5), Error::<Test>::DisputeTimeoutTooShort);
		// Lowering it left nothing to remember: the current timeout is the shortest.
		assert_eq!(EarlierDisputeTimeout::<Test>::get(), None);
		// A longer timeout from now on does not help the disputes opened under the short one,
		// which may stay open until epoch 0 + 1 ends.
		assert_ok!(Work::set_dispute_timeout(root(), 2));
		assert_eq!(EarlierDisputeTimeout::<Test>::get(), Some((1, 1)));
		assert_eq!(Work::shortest_live_dispute_timeout(), 1);
		assert_noop!(Work::set_epoch_length(root(), 5), Error::<Test>::DisputeTimeoutTooShort);
		// Setting the same timeout again does not extend the memory.
		run_to_block(EPOCH);
		assert_ok!(Work::set_dispute_timeout(root(), 2));
		assert_eq!(EarlierDisputeTimeout::<Test>::get(), Some((1, 1)));
		assert_noop!(Work::set_epoch_length(root(), 5), Error::<Test>::DisputeTimeoutTooShort);
		// Once every such dispute is past its deadline, the epochs may shrink ...
		run_to_block(2 * EPOCH);
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
		assert_eq!(Work::shortest_live_dispute_timeout(), 2);
		assert_ok!(Work::set_epoch_length(root(), 5));
		// ... and with five-block epochs scheduled, a one-epoch timeout is refused.
		assert_noop!(Work::set_dispute_timeout(root(), 1), Error::<Test>::DisputeTimeoutTooShort);
		assert_ok!(Work::set_dispute_timeout(root(), 2));
	});
}

/// A genesis whose dispute timeout would expire disputes before a verdict is refused.
#[test]
#[should_panic(expected = "dispute_timeout epochs of epoch_length must last")]
fn genesis_refuses_a_timeout_below_the_verdict_floor() {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> { epoch_length: 5, dispute_timeout: 1, ..work_genesis() }
		.build_storage();
}
