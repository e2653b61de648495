//! Claims against disputes, and devices under dispute changing hands, retiring or
//! withdrawing their bond.

use crate::common::*;
use crate::helpers::*;
use depin_runtime::{
	configs::{devices::UNBONDING_PERIOD, work::DEV_EPOCH_LENGTH},
	genesis_config_presets::DEMO_CLASS_GPU,
	Emissions, Runtime, RuntimeCall, RuntimeEvent, System, DPIN,
};
use frame_support::traits::Get;
use frame_support::{assert_noop, assert_ok};
use pallet_devices::{DeviceStatus, Error as DevicesError, PublicKey};
use pallet_emissions::Error as EmissionsError;
use pallet_work::Error as WorkError;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::Dispatchable;

// --- 7. and 8. Claims against disputes.

/// A cheating GPU's work is disputed and the dispute upheld: its units are voided, half of its
/// 500 DPIN bond is slashed (50 DPIN to the disputer, 200 DPIN to the treasury) and it is
/// suspended; the verifier who attested it loses a tenth of its bond. Once the epoch is final its
/// owner claims anyway: `NoReward`.
///
/// Defended (sybil economics): voided units leave the epoch's totals at once, so when the dispute
/// is upheld before the close, the honest device of the same epoch holds all of the attested
/// pool's shares (its reward is then the bond cap, 2.5 DPIN; the rest of the pool stays unminted).
#[test]
fn a_device_cannot_claim_a_voided_epoch() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, cheat) = register_demo_device(Charlie, "Cheat", DEMO_CLASS_GPU, None);
		let (_, honest) = register_demo_device(Dave, "Honest", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(cheat, 500), (honest, 500)]));

		dispatch(Ferdie, open_dispute(cheat, 0));
		let (ferdie, treasury_before) = (free(&Ferdie.to_account_id()), treasury());
		root(resolve_dispute(0, true));
		// Ferdie's 50 DPIN dispute bond back (a tenth of the GPU's bond), and a fifth of the 250
		// DPIN slashed.
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND + 50 * DPIN);
		// 200 DPIN of the device's bond, and a tenth of the attesting verifier's 1,000 DPIN.
		assert_eq!(treasury(), treasury_before + 200 * DPIN + 100 * DPIN);
		let device = pallet_devices::Devices::<Runtime>::get(cheat).unwrap();
		assert_eq!((device.status, device.bond), (DeviceStatus::Suspended, 250 * DPIN));
		assert!(pallet_work::WorkRecords::<Runtime>::get(0, cheat).unwrap().voided);

		run_to_block(final_at(0));
		assert_noop!(
			claim(cheat, &[0]).dispatch(origin(Charlie)),
			EmissionsError::<Runtime>::NoReward
		);
		let pending = Emissions::pending_reward(&cheat, 0).unwrap();
		assert!(pending.voided && pending.reward == 0 && !pending.is_final);

		assert_eq!(pallet_work::Totals::<Runtime>::get(0).units.attested, 500);
		let honest_shares = pallet_work::WorkRecords::<Runtime>::get(0, honest).unwrap().shares;
		let rewards = pallet_emissions::Rewards::<Runtime>::get(0).unwrap();
		assert_eq!(rewards.shares.attested, honest_shares, "the voided shares left the totals");
		let before = free(&Dave.to_account_id());
		dispatch(Dave, claim(honest, &[0]));
		assert_eq!(free(&Dave.to_account_id()), before + bond_cap(DEMO_CLASS_GPU));
		assert_eq!(
			pallet_emissions::Reserved::<Runtime>::get(),
			ATTESTED_POOL - bond_cap(DEMO_CLASS_GPU),
			"what the cap withheld is set aside until the epoch expires, never minted"
		);
		check_invariants();
	});
}

/// The owner tries to claim before a dispute can land. Rewards are not final until the dispute
/// window has passed (`EpochNotFinal` in the epoch, its grace, and through the window), and the
/// window for opening disputes ends exactly when rewards become final, so there is no block in
/// which both are possible. A dispute opened in the window's last epoch keeps the work unpaid
/// (`NoReward`) past the window until it is resolved; a rejected dispute costs the disputer its
/// 50 DPIN bond (a tenth of the GPU's), and then the claim goes through.
#[test]
fn a_claim_cannot_race_a_dispute() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, gpu) = register_demo_device(Charlie, "Gpu", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(gpu, 500)]));
		let claim_epoch_0 = || claim(gpu, &[0]).dispatch(origin(Charlie));

		for block in [1, DEV_EPOCH_LENGTH, closes_at(0), 2 * DEV_EPOCH_LENGTH] {
			run_to_block(block);
			assert_noop!(claim_epoch_0(), EmissionsError::<Runtime>::EpochNotFinal);
		}
		// The window's last epoch: a dispute is still possible.
		let window = pallet_work::DisputeWindow::<Runtime>::get();
		assert_eq!(pallet_work::CurrentEpoch::<Runtime>::get(), window);
		dispatch(Ferdie, open_dispute(gpu, 0));

		// The window has passed: the epoch is final, no new dispute, and the disputed work waits.
		run_to_block(final_at(0));
		assert_noop!(
			open_dispute(gpu, 0).dispatch(origin(Dave)),
			WorkError::<Runtime>::DisputeOutsideWindow
		);
		assert_noop!(claim_epoch_0(), EmissionsError::<Runtime>::NoReward);

		let treasury_before = treasury();
		root(resolve_dispute(0, false));
		assert_eq!(treasury(), treasury_before + GPU_DISPUTE_BOND);
		let before = free(&Charlie.to_account_id());
		assert_ok!(claim_epoch_0());
		assert_eq!(free(&Charlie.to_account_id()), before + bond_cap(DEMO_CLASS_GPU));
		assert_noop!(claim_epoch_0(), EmissionsError::<Runtime>::AlreadyClaimed);
		check_invariants();
	});
}

// --- 13. A device changing hands under dispute.

/// A device with an open dispute cannot change hands: neither a new offer nor the acceptance of
/// one made before the dispute goes through (`UnderDispute`), so the owner who did the disputed
/// work answers for it with its own bond. (Found by this catalogue: the seller used to walk away
/// with its bond released while the buyer's bond took the slash.) Nor does any sale go through
/// before the seller's last work is past its dispute window (`WorkStillDisputable`, see
/// `a_device_with_disputable_work_cannot_change_hands`). Then the rejected one's device may be
/// sold, but its unclaimed rewards stay with the seller: a reward is paid to whoever owned the
/// device when it did the work, never to a later buyer. A suspended device cannot be
/// transferred.
#[test]
fn a_device_under_dispute_cannot_be_transferred() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, upheld) = register_demo_device(Charlie, "Upheld", DEMO_CLASS_GPU, None);
		let (_, rejected) = register_demo_device(Charlie, "Rejected", DEMO_CLASS_GPU, None);
		let offer = |device| {
			RuntimeCall::Devices(pallet_devices::Call::transfer_device {
				device,
				new_owner: Dave.to_account_id(),
			})
		};
		let accept =
			|device| RuntimeCall::Devices(pallet_devices::Call::accept_transfer { device });
		// An offer made before the work and the dispute, and one attempted after them.
		dispatch(Charlie, offer(rejected));
		dispatch(Eve, attest(0, &[(upheld, 500), (rejected, 500)]));
		dispatch(Ferdie, open_dispute(upheld, 0));
		dispatch(Ferdie, open_dispute(rejected, 0));
		assert_noop!(
			offer(upheld).dispatch(origin(Charlie)),
			DevicesError::<Runtime>::UnderDispute
		);
		assert_noop!(
			accept(rejected).dispatch(origin(Dave)),
			DevicesError::<Runtime>::UnderDispute
		);
		assert_eq!((device_bonds(Charlie), device_bonds(Dave)), (1_000 * DPIN, 0));

		let (ferdie, treasury_before) = (free(&Ferdie.to_account_id()), treasury());
		root(resolve_dispute(0, true));
		root(resolve_dispute(1, false));
		assert_eq!(device_bonds(Charlie), 750 * DPIN, "250 DPIN slashed from the worker");
		// Ferdie: the upheld bond back and 50 DPIN, the rejected bond lost to the treasury.
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND + 50 * DPIN);
		// 200 DPIN of the device's bond, a tenth of the attesting verifier's 1,000 DPIN and the
		// rejected dispute's 50 DPIN bond.
		assert_eq!(treasury(), treasury_before + 200 * DPIN + 100 * DPIN + GPU_DISPUTE_BOND);
		assert_noop!(
			offer(upheld).dispatch(origin(Charlie)),
			DevicesError::<Runtime>::DeviceSuspended
		);

		// Resolved, but epoch 0's work may still be disputed: the offer waits for the window.
		assert_noop!(
			accept(rejected).dispatch(origin(Dave)),
			DevicesError::<Runtime>::WorkStillDisputable
		);
		run_to_block(final_at(0));
		// Past it, the standing offer can be accepted; the epoch's reward stays Charlie's.
		dispatch(Dave, accept(rejected));
		assert_eq!((device_bonds(Charlie), device_bonds(Dave)), (250 * DPIN, 500 * DPIN));
		assert_noop!(
			claim(rejected, &[0]).dispatch(origin(Dave)),
			EmissionsError::<Runtime>::NotOwner
		);
		let charlie = free(&Charlie.to_account_id());
		dispatch(Charlie, claim(rejected, &[0]));
		// Its bond cap: the device held the whole attested pool's shares (the voided 500 units
		// left the epoch's totals before its close), and a pool is paid at most the cap.
		assert_eq!(free(&Charlie.to_account_id()), charlie + bond_cap(DEMO_CLASS_GPU));
		check_invariants();
	});
}

/// A device with an open dispute cannot retire, and a device that retired before a dispute was
/// opened cannot withdraw its bond until the dispute is resolved, however long after the
/// unbonding period: an upheld dispute always finds the bond to slash. (Found by this
/// catalogue: retiring and withdrawing during a slow dispute used to leave nothing to slash.)
/// The test jumps the block number to the end of the unbonding period instead of running
/// 100,800 blocks.
#[test]
fn a_device_under_dispute_cannot_retire_or_withdraw_its_bond() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, gpu) = register_demo_device(Charlie, "Gpu", DEMO_CLASS_GPU, None);
		let (_, other) = register_demo_device(Charlie, "Other", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(gpu, 500), (other, 500)]));
		let retire = |device| RuntimeCall::Devices(pallet_devices::Call::retire_device { device });
		let withdraw =
			|device| RuntimeCall::Devices(pallet_devices::Call::withdraw_bond { device });

		// Disputed first: cannot retire.
		dispatch(Ferdie, open_dispute(gpu, 0));
		assert_noop!(retire(gpu).dispatch(origin(Charlie)), DevicesError::<Runtime>::UnderDispute);

		// Retired first, disputed while unbonding: the bond stays until the dispute ends.
		dispatch(Charlie, retire(other));
		dispatch(Ferdie, open_dispute(other, 0));
		let unbonds_at = match pallet_devices::Devices::<Runtime>::get(other).unwrap().status {
			DeviceStatus::Retiring { unbonds_at } => unbonds_at,
			status => panic!("retiring, not {status:?}"),
		};
		assert_eq!(unbonds_at, 1 + UNBONDING_PERIOD);
		// Past epoch 0's dispute window (else `WorkStillDisputable`, see
		// `a_retired_device_cannot_withdraw_while_its_work_is_disputable`), then to the end of
		// the unbonding period.
		run_to_block(final_at(0));
		System::set_block_number(unbonds_at);
		assert_noop!(
			withdraw(other).dispatch(origin(Charlie)),
			DevicesError::<Runtime>::UnderDispute
		);

		let (ferdie, treasury_before) = (free(&Ferdie.to_account_id()), treasury());
		root(resolve_dispute(1, true));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Work(pallet_work::Event::DisputeUpheld {
				id: 1,
				slashed: 250 * DPIN
			})));
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND + 50 * DPIN);
		// 200 DPIN of the device's bond, a tenth of the attesting verifier's 1,000 DPIN, and
		// the voided work's reward of the closed epoch 0 (its bond cap).
		assert_eq!(
			treasury(),
			treasury_before + 200 * DPIN + 100 * DPIN + bond_cap(DEMO_CLASS_GPU)
		);
		let charlie = free(&Charlie.to_account_id());
		assert_ok!(withdraw(other).dispatch(origin(Charlie)));
		assert_eq!(free(&Charlie.to_account_id()), charlie + 250 * DPIN, "what the slash left");
		check_invariants();
	});
}

// --- 14. Disputes as a weapon: squatting, free griefing, and disputes nobody can answer.

/// Dispute squatting: right after faking work the operator's second account opens a junk
/// dispute, hoping honest watchers get `DisputeAlreadyOpen` and that its own account collects
/// the reporter's share. Several disputes may stand against the same work (eight, one per
/// disputer), each bonded with a tenth of the device's bond (50 DPIN for a GPU): the honest
/// watcher's dispute goes in beside the squatter's, governance upholds it (the reporter's 50
/// DPIN go to the watcher) and rejects the junk, whose 50 DPIN go to the treasury. Filling all
/// eight slots would lock 400 DPIN, lost as each junk dispute is rejected.
#[test]
fn dispute_squatting_cannot_lock_out_honest_watchers() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, cheat) = register_demo_device(Charlie, "Cheat", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(cheat, 500)]));
		// Dave is the operator's accomplice, Ferdie an honest watcher.
		dispatch(Dave, open_dispute(cheat, 0));
		assert_noop!(
			open_dispute(cheat, 0).dispatch(origin(Dave)),
			WorkError::<Runtime>::DisputeAlreadyOpen
		);
		dispatch(Ferdie, open_dispute(cheat, 0));
		assert_eq!(dispute_bonds(Ferdie), GPU_DISPUTE_BOND);
		let max: u32 = <Runtime as pallet_work::Config>::MaxDisputesPerWork::get();
		assert_eq!(max, 8);

		let (ferdie, dave, treasury_before) =
			(free(&Ferdie.to_account_id()), free(&Dave.to_account_id()), treasury());
		root(resolve_dispute(1, true));
		root(resolve_dispute(0, false));
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND + 50 * DPIN);
		assert_eq!(free(&Dave.to_account_id()), dave, "the squatter gets nothing back");
		// 200 DPIN of the device's bond, a tenth of the verifier's and the junk dispute's bond.
		assert_eq!(treasury(), treasury_before + 200 * DPIN + 100 * DPIN + GPU_DISPUTE_BOND);
		check_invariants();
	});
}

/// Free griefing: a dispute costs only its bond's lock-up, and used to freeze the disputed
/// reward with no time limit (and let it expire even when the dispute was rejected). A
/// dispute nobody resolves now times out `DisputeTimeout` epochs after it was opened (5 on
/// development chains, 72 on production): `on_idle` closes it, its bond refunded, the device
/// unlocked, and the work is paid. The claim expiry (2,160 epochs) exceeds the longest window
/// plus the longest timeout (720 + 168), so a dispute always ends before the reward expires.
#[test]
fn a_dispute_left_unresolved_times_out_and_refunds_its_bond() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, gpu) = register_demo_device(Charlie, "Gpu", DEMO_CLASS_GPU, None);
		dispatch(Eve, attest(0, &[(gpu, 500)]));
		dispatch(Ferdie, open_dispute(gpu, 0));
		let deadline = pallet_work::Disputes::<Runtime>::get(0).unwrap().deadline;
		assert_eq!(deadline, pallet_work::DisputeTimeout::<Runtime>::get());
		run_to_block(final_at(0));
		assert_noop!(
			claim(gpu, &[0]).dispatch(origin(Charlie)),
			EmissionsError::<Runtime>::NoReward
		);
		assert_noop!(
			RuntimeCall::Work(pallet_work::Call::expire_dispute { id: 0 }).dispatch(origin(Dave)),
			WorkError::<Runtime>::DisputeNotTimedOut
		);

		let ferdie = free(&Ferdie.to_account_id());
		run_to_block((deadline + 1) * DEV_EPOCH_LENGTH + 1);
		assert!(pallet_work::Disputes::<Runtime>::get(0).is_none(), "on_idle closed it");
		assert_eq!(free(&Ferdie.to_account_id()), ferdie + GPU_DISPUTE_BOND, "refunded");
		assert_eq!(pallet_devices::DisputeLocks::<Runtime>::get(gpu), 0);
		let claim_expiry = pallet_emissions::ActiveSchedule::<Runtime>::get().unwrap().claim_expiry;
		let window: u32 = <Runtime as pallet_work::Config>::MaxDisputeWindow::get();
		let timeout: u32 = <Runtime as pallet_work::Config>::MaxDisputeTimeout::get();
		assert!(claim_expiry > window + timeout);
		let before = free(&Charlie.to_account_id());
		dispatch(Charlie, claim(gpu, &[0]));
		assert_eq!(free(&Charlie.to_account_id()), before + bond_cap(DEMO_CLASS_GPU));
		check_invariants();
	});
}

/// A dispute against a device that is not registered (never, or no more) could slash nothing
/// and would leave a lock for an unknown device: refused (`DisputedDeviceUnknown`), and a
/// retired device cannot leave before its last work is past the dispute window, so a device
/// whose work may still be disputed is always registered. With a window longer than the
/// unbonding period (governance may set 720 epochs against 7 days), the bond waits for it.
#[test]
fn a_retired_device_cannot_withdraw_while_its_work_is_disputable() {
	ext_for(DEV_RUNTIME_PRESET).execute_with(|| {
		start_block_1();
		admit_verifier(Eve, 1_000_000);
		let (_, gpu) = register_demo_device(Charlie, "Gpu", DEMO_CLASS_GPU, None);
		let never = PublicKey::Sr25519([7; 32]);
		assert_noop!(
			open_dispute(never, 0).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::DisputedDeviceUnknown
		);
		dispatch(Eve, attest(0, &[(gpu, 500)]));
		dispatch(
			Charlie,
			RuntimeCall::Devices(pallet_devices::Call::retire_device { device: gpu }),
		);
		// A window longer than the whole run: 30 epochs of 10 blocks = 300 blocks, and the
		// unbonding period passes (jumped to) before it does.
		root(RuntimeCall::Work(pallet_work::Call::set_dispute_window { epochs: 30 }));
		let withdraw = || {
			RuntimeCall::Devices(pallet_devices::Call::withdraw_bond { device: gpu })
				.dispatch(origin(Charlie))
		};
		run_to_block(3 * DEV_EPOCH_LENGTH);
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_noop!(withdraw(), DevicesError::<Runtime>::WorkStillDisputable);
		// A dispute opened now still finds the bond and slashes half of it.
		dispatch(Ferdie, open_dispute(gpu, 0));
		root(resolve_dispute(0, true));
		assert_eq!(device_bonds(Charlie), 250 * DPIN);
		// Back to a 2-epoch window: epoch 0 is past it, the rest of the bond goes home.
		root(RuntimeCall::Work(pallet_work::Call::set_dispute_window { epochs: 2 }));
		assert_ok!(withdraw());
		assert_eq!(device_bonds(Charlie), 0);
		assert_noop!(
			open_dispute(gpu, 0).dispatch(origin(Ferdie)),
			WorkError::<Runtime>::DisputeOutsideWindow
		);
		check_invariants();
	});
}
