//! The attack-economics table: at the production preset's parameters, with an honest background
//! fleet, each attack is played on the real runtime for a reward epoch and the attacker's cost
//! and return are computed. `cargo test -p depin-runtime --test economics -- --nocapture` prints
//! the table that `docs/security.md` shows.
//!
//! What is played and what is assumed:
//!
//! - **Parameters**: the production preset's (emission schedule, occupancy limits, reciprocity
//!   window, quorum 3, attestation tolerance, dispute and maker slashes, the usage cap of 1x),
//!   with the demo device classes and a bonded maker registered by governance. Two changes, both
//!   neutral for the figures: epochs of 10 blocks instead of 600 (every figure is per epoch), and
//!   every hotspot challenged in the epoch instead of a tenth (rewards are shares of a fixed pool,
//!   and every share is linear in the number of beacons, so the expected fractions are the same;
//!   the figures are then those of the epochs in which a device is challenged).
//! - **Honest fleet** ([`HONEST_CELLS`] resolution-8 cells with two hotspots of different owners
//!   that witness each other, [`SENSORS`] sensors serving real consumers, [`GPUS`] GPUs measured by
//!   three honest verifiers), in steady state: every hotspot has beaconed and witnessed recently.
//! - **Costs** per epoch (an hour on production): bonds locked at [`LOCKUP_PER_YEAR`] a year;
//!   credits burned and settlement charges; and slashes expected at a detection rate of
//!   [`DETECTION`] per epoch for each fake device or colluding verifier (an upheld dispute: half
//!   of the device's bond and its epoch's reward, a tenth of each attesting verifier's bond).
//!   Transaction fees are left out (they only add to the attacker's cost). Hardware is not
//!   priced: a fake device still needs a maker-certified key.
//! - **Return**: the attacker's reward in the epoch beyond what honest behaviour with the same
//!   hardware would earn (for a ring in one cell: beyond two honest devices there, the occupancy
//!   limit); for self-dealing, its reward, with what it burned counted as cost.
//! - **Committee rows**: [`MORE_HONEST_VERIFIERS`] more honest verifiers and [`COLLUDERS`]
//!   colluders (12 verifiers in all) and an accomplice's [`ACCOMPLICE_GPUS`] GPUs, played in the
//!   first epoch whose committees may assign those GPUs (they registered an
//!   `AssignmentLookahead` before it). The colluders inflate only where they hold a committee's
//!   majority (elsewhere they would be outliers); the return is the accomplice's rewards beyond
//!   an even split of the epoch's attested pool, and the cost adds the expected slashes of each
//!   inflated device-epoch at the detection rate.
//! - The ring plays after the honest fleet's beacons in the same epoch, so the fleet's shares
//!   were credited before the ring raised any shared occupancy count; in a steady state the
//!   ring's scale would be the same and the honest cells' the same or lower.
//!
//! - **Bond reward cap**: no witnessed or attested device earns more per epoch than the
//!   schedule's `bond_reward_cap` (0.5 %) of its bond, and an upheld dispute slashes half of it
//!   (40 % net if the owner front-runs the disputer and collects the disputer's fifth: every
//!   expected slash here assumes that worst case), so a fake device risks more per epoch than
//!   it can earn. This is what makes the attacks
//!   the chain cannot see (location spoofing, colluding committees) lose money: their return is
//!   capped, their risk is not.
//!
//! Every attack asserts that its expected value is at most zero.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

use common::*;
use depin_runtime::{
	configs::work::DEV_EPOCH_LENGTH,
	genesis_config_presets::{
		demo_classes, DEMO_CLASS_GPU, DEMO_CLASS_HOTSPOT, DEMO_CLASS_SENSOR,
		PRODUCTION_RUNTIME_PRESET,
	},
	AccountId, Balance, BuildStorage, Emissions, Runtime, RuntimeCall, RuntimeOrigin, DPIN,
	MILLI_DPIN,
};
use frame_support::assert_noop;
use pallet_devices::{h3, DeviceInspect, PublicKey};
use pallet_work::{Attestation, WitnessReceipt};
use sp_core::{sr25519, Pair};
use sp_runtime::{traits::Dispatchable, Perbill};

/// Resolution-8 cells of the honest fleet, each with two hotspots of different owners.
const HONEST_CELLS: u32 = 40;
/// Sensors serving real consumers, each 1,000 units (1 DPIN of credits) in the epoch.
const SENSORS: u32 = 20;
/// GPUs measured by three honest verifiers at 500 units each.
const GPUS: u32 = 10;
/// Bond lock-up cost: 10 % a year, per hourly epoch.
const LOCKUP_PER_YEAR: Perbill = Perbill::from_percent(10);
/// Chance per epoch that a fake device's (or a colluding verifier's) work is disputed and the
/// dispute upheld.
const DETECTION: Perbill = Perbill::from_percent(2);
/// Hours in a year: production epochs are an hour.
const EPOCHS_PER_YEAR: u128 = 8_760;
/// Every account's genesis balance.
const ENDOWMENT: Balance = 1_000_000 * DPIN;
/// Accounts endowed at genesis, `//eco/<i>`.
const ACCOUNTS: u32 = 200;
/// The resolution-10 cell the fleet's cells derive from (San Francisco).
const BASE_CELL: u64 = 0x8a28308280c7fff;

fn pair(name: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//eco/{name}"), None).unwrap()
}

fn account(i: u32) -> sr25519::Pair {
	pair(&i.to_string())
}

fn id(p: &sr25519::Pair) -> AccountId {
	AccountId::from(p.public())
}

fn signed(p: &sr25519::Pair) -> RuntimeOrigin {
	RuntimeOrigin::signed(id(p))
}

fn root(call: RuntimeCall) {
	call.dispatch(RuntimeOrigin::root()).expect("root call succeeds");
}

fn send(p: &sr25519::Pair, call: RuntimeCall) {
	call.dispatch(signed(p)).expect("call succeeds");
}

/// Resolution-10 cell `member` (0..49) of resolution-8 cell `c` (0..49).
fn cell(c: u32, member: u64) -> u64 {
	let set = |index: u64, r: u32, digit: u64| {
		let shift = 3 * (15 - r);
		(index & !(7 << shift)) | (digit << shift)
	};
	let index = set(set(BASE_CELL, 7, u64::from(c / 7)), 8, u64::from(c % 7));
	let index = set(set(index, 9, member / 7), 10, member % 7);
	h3::validate(index, 5, 12).expect("a valid cell");
	index
}

/// A registered device with its key pair and owner.
#[derive(Clone)]
struct Dev {
	pair: sr25519::Pair,
	key: PublicKey,
}

/// The production preset with 10-block epochs, every hotspot challenged, and `ACCOUNTS`
/// endowed accounts.
fn production_world() -> sp_io::TestExternalities {
	let mut config = preset_config(PRODUCTION_RUNTIME_PRESET);
	config.work.challenge_rate = Perbill::one();
	config.balances.balances.extend((0..ACCOUNTS).map(|i| (id(&account(i)), ENDOWMENT)));
	let mut ext: sp_io::TestExternalities = config.build_storage().expect("genesis builds").into();
	// 10-block epochs, below what a live chain's genesis or governance may set (half an hour):
	// written straight into storage, since every figure is per epoch.
	ext.execute_with(|| pallet_work::EpochLength::<Runtime>::put(DEV_EPOCH_LENGTH));
	ext
}

/// The fleet's registry and what it needs: maker 0 (bonded by account 0), the demo classes.
struct World {
	maker: sr25519::Pair,
	next_account: u32,
	devices: u32,
}

impl World {
	fn new() -> Self {
		start_block_1();
		let maker = pair("maker");
		root(RuntimeCall::Devices(pallet_devices::Call::register_maker {
			certificate_key: PublicKey::Sr25519(maker.public().0),
			name: b"Eco".to_vec().try_into().unwrap(),
			quota: 10_000,
		}));
		for class in demo_classes() {
			root(RuntimeCall::Devices(pallet_devices::Call::create_class { params: class }));
		}
		let consent = pallet_devices::Pallet::<Runtime>::maker_bond_payload(0, &id(&account(0)));
		send(
			&account(0),
			RuntimeCall::Devices(pallet_devices::Call::bond_maker {
				maker: 0,
				maker_signature: maker.sign(&consent).0,
			}),
		);
		Self { maker, next_account: 1, devices: 0 }
	}

	/// A fresh endowed account.
	fn owner(&mut self) -> sr25519::Pair {
		let p = account(self.next_account);
		self.next_account += 1;
		assert!(self.next_account < ACCOUNTS, "enough endowed accounts");
		p
	}

	/// Registers a new device of `class` for `owner` at `location`.
	fn device(&mut self, owner: &sr25519::Pair, class: u32, location: Option<u64>) -> Dev {
		let device = pair(&format!("device/{}", self.devices));
		self.devices += 1;
		let key = PublicKey::Sr25519(device.public().0);
		let certificate = pallet_devices::Pallet::<Runtime>::maker_certificate_payload(&key, class);
		let consent = pallet_devices::Pallet::<Runtime>::device_consent_payload(&id(owner));
		send(
			owner,
			RuntimeCall::Devices(pallet_devices::Call::register_device {
				device: key,
				class,
				maker: 0,
				maker_signature: self.maker.sign(&certificate).0,
				device_signature: device.sign(&consent).0,
				location,
				metadata: Default::default(),
			}),
		);
		Dev { pair: device, key }
	}
}

/// `witness`'s receipt of `beaconer`'s beacon in epoch 0.
fn receipt(witness: &Dev, beaconer: &Dev) -> WitnessReceipt {
	let challenge = pallet_work::Pallet::<Runtime>::challenge(0, &beaconer.key).unwrap();
	let payload = pallet_work::Pallet::<Runtime>::witness_payload(&beaconer.key, 0, &challenge);
	WitnessReceipt { witness: witness.key, signature: witness.pair.sign(&payload).0 }
}

/// The submission of `beaconer`'s beacon in epoch 0 with `receipts`, signed by the beaconer
/// (once a device has beaconed, its signature is public: anyone can reuse it to add witnesses).
fn beacon_call(beaconer: &Dev, receipts: Vec<WitnessReceipt>) -> RuntimeCall {
	let challenge = pallet_work::Pallet::<Runtime>::challenge(0, &beaconer.key).unwrap();
	let payload = pallet_work::Pallet::<Runtime>::beacon_payload(&beaconer.key, 0, &challenge);
	RuntimeCall::Work(pallet_work::Call::submit_beacon {
		beaconer: beaconer.key,
		epoch: 0,
		witnesses: receipts.try_into().unwrap(),
		beaconer_signature: beaconer.pair.sign(&payload).0,
	})
}

/// `beaconer`'s beacon in epoch 0 with `witnesses`, as a general transaction.
fn beacon(beaconer: &Dev, witnesses: &[&Dev]) {
	let receipts: Vec<_> = witnesses.iter().map(|w| receipt(w, beaconer)).collect();
	apply_general(beacon_call(beaconer, receipts)).expect("valid").expect("beacon applies");
}

/// Marks `device` as having beaconed and witnessed in epoch 0, and as having earned in the
/// current interactivity period, so it counts in its cells' occupancy (the fleet's steady
/// state).
fn reciprocal(device: &Dev) {
	pallet_devices::Activity::<Runtime>::insert(
		device.key,
		pallet_devices::DeviceActivity { last_beaconed: Some(0), last_witnessed: Some(0) },
	);
	let d = pallet_devices::Devices::<Runtime>::get(device.key).expect("registered");
	let cell = d.location.expect("a hotspot has a location");
	<pallet_devices::Pallet<Runtime> as DeviceInspect<AccountId, Balance>>::note_interactive(
		&device.key,
		d.class,
		cell,
	);
}

/// `consumer` buys `credits` and settles `units` of `sensor`'s service in epoch 0.
fn serve(consumer: &sr25519::Pair, sensor: &Dev, units: u64) -> Balance {
	let before = credits(&id(consumer));
	let items = vec![voucher_for(&sensor.pair, &id(consumer), 0, units)];
	apply_general(settle_by(consumer, 0, items)).expect("valid").expect("settles");
	before - credits(&id(consumer))
}

fn buy(consumer: &sr25519::Pair, amount: Balance) {
	send(
		consumer,
		RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
			consumer: id(consumer),
			amount,
		}),
	);
}

/// The honest fleet, playing epoch 0.
struct Fleet {
	/// One hotspot of each honest cell.
	hotspot: Dev,
	sensor: Dev,
	gpu: Dev,
	/// Every GPU, and the honest verifiers that measured them.
	gpus: Vec<Dev>,
	verifiers: Vec<sr25519::Pair>,
}

fn honest_fleet(world: &mut World) -> Fleet {
	honest_fleet_with_squatters(world, 0, false).0
}

/// The honest fleet, with `squatters` hotspots of other accounts registered in the first
/// honest cell before the fleet beacons (occupancy squatting). Idle squatters do nothing;
/// `working` squatters are in steady state (reciprocal and interactive), beacon each other,
/// and have their receipts added to the pair's beacons (receipts sign only the public
/// challenge, and anyone may submit a beacon). Returns the fleet and the squatters.
fn honest_fleet_with_squatters(
	world: &mut World,
	squatters: u64,
	working: bool,
) -> (Fleet, Vec<Dev>) {
	let mut hotspots = Vec::new();
	for c in 0..HONEST_CELLS {
		let (a_owner, b_owner) = (world.owner(), world.owner());
		let a = world.device(&a_owner, DEMO_CLASS_HOTSPOT, Some(cell(c, 0)));
		let b = world.device(&b_owner, DEMO_CLASS_HOTSPOT, Some(cell(c, 1)));
		reciprocal(&a);
		reciprocal(&b);
		hotspots.push((a, b));
	}
	let squatters: Vec<_> = (0..squatters)
		.map(|i| {
			let owner = world.owner();
			let d = world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(0, 10 + i)));
			if working {
				reciprocal(&d);
			}
			d
		})
		.collect();
	for (a, b) in &hotspots {
		beacon(a, &[b]);
		beacon(b, &[a]);
	}
	if working {
		let (a, b) = &hotspots[0];
		let all: Vec<_> = squatters.iter().collect();
		beacon(a, &all);
		beacon(b, &all);
		for s in &squatters {
			let others: Vec<_> = squatters.iter().filter(|w| w.key != s.key).collect();
			beacon(s, &others);
		}
	}
	let consumer = world.owner();
	buy(&consumer, u128::from(SENSORS) * 2 * DPIN);
	let mut sensors = Vec::new();
	for s in 0..SENSORS {
		let owner = world.owner();
		let sensor = world.device(&owner, DEMO_CLASS_SENSOR, Some(cell(45, u64::from(s % 7))));
		serve(&consumer, &sensor, 1_000);
		sensors.push(sensor);
	}
	let verifiers: Vec<_> = (0..3).map(|_| world.owner()).collect();
	for v in &verifiers {
		admit(v);
	}
	let mut gpus = Vec::new();
	for _ in 0..GPUS {
		let owner = world.owner();
		gpus.push(world.device(&owner, DEMO_CLASS_GPU, None));
	}
	for v in &verifiers {
		attest(v, gpus.iter().map(|g| (g.key, 500)).collect());
	}
	let fleet = Fleet {
		hotspot: hotspots[0].0.clone(),
		sensor: sensors[0].clone(),
		gpu: gpus[0].clone(),
		gpus,
		verifiers,
	};
	(fleet, squatters)
}

/// `v` applies with its own bond and governance admits it.
fn admit(v: &sr25519::Pair) {
	send(v, RuntimeCall::Work(pallet_work::Call::apply_verifier {}));
	root(RuntimeCall::Work(pallet_work::Call::admit_verifier { verifier: id(v), quota: u64::MAX }));
}

fn attest(v: &sr25519::Pair, items: Vec<(PublicKey, u64)>) {
	attest_in(v, 0, items).expect("attestations recorded");
}

fn attest_in(
	v: &sr25519::Pair,
	epoch: u32,
	items: Vec<(PublicKey, u64)>,
) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	let attestations: Vec<_> =
		items.into_iter().map(|(device, units)| Attestation { device, units }).collect();
	RuntimeCall::Work(pallet_work::Call::submit_attestations {
		epoch,
		attestations: attestations.try_into().unwrap(),
	})
	.dispatch(signed(v))
}

/// Closes epoch 0 (its pools are set aside).
fn close_epoch_0() {
	let grace: u32 = <Runtime as pallet_work::Config>::SubmissionGrace::get();
	run_to_block(DEV_EPOCH_LENGTH + grace + 1);
	assert!(pallet_emissions::Rewards::<Runtime>::contains_key(0), "epoch 0 closed");
}

use frame_support::traits::Get;

/// `device`'s reward from epoch 0.
fn reward(device: &Dev) -> Balance {
	reward_in(device, 0)
}

fn reward_in(device: &Dev, epoch: u32) -> Balance {
	Emissions::pending_reward(&device.key, epoch).map_or(0, |r| r.reward)
}

/// Honest verifiers besides the fleet's three, and colluders, in the committee rows.
const MORE_HONEST_VERIFIERS: u32 = 6;
const COLLUDERS: u32 = 3;
/// GPUs (real hardware, 500 units an epoch) of the colluders' accomplice.
const ACCOMPLICE_GPUS: u32 = 30;

/// What colluding verifiers got in one epoch under committees of `quorum`.
struct Collusion {
	/// The accomplice's rewards beyond an even split of the epoch's attested pool.
	gain: Balance,
	/// Accomplice GPUs whose committee the colluders held a majority of (and inflated).
	majorities: u32,
	/// Colluders' seats on those committees.
	colluding_seats: u32,
	/// Expected slashes of the inflated device-epochs (reward, half the GPU bond, each
	/// colluding attester's slash) at the detection rate.
	expected_slashes: Balance,
	/// Honest verifiers slashed as outliers because colluders held the median.
	honest_slashed: u32,
}

/// [`COLLUDERS`] verifiers among `3 + MORE_HONEST_VERIFIERS` honest ones, with an
/// accomplice's [`ACCOMPLICE_GPUS`] GPUs registered in epoch 0. In the first epoch whose
/// committees may assign those GPUs (registered `AssignmentLookahead` blocks before it), every
/// drawn verifier attests, the colluders first: the honest ones the true 500 units; the
/// colluders 100,000 units of an accomplice GPU whose committee they hold a majority of, the
/// truth elsewhere (an outlier would be slashed). A majority of a committee records the work.
/// A colluder off a committee is refused.
fn colluders_under_committees(quorum: u32) -> Collusion {
	production_world().execute_with(|| {
		let mut world = World::new();
		let fleet = honest_fleet(&mut world);
		let mut honest = fleet.verifiers.clone();
		for _ in 0..MORE_HONEST_VERIFIERS {
			let v = world.owner();
			admit(&v);
			honest.push(v);
		}
		let colluders: Vec<_> = (0..COLLUDERS).map(|_| world.owner()).collect();
		colluders.iter().for_each(admit);
		root(RuntimeCall::Work(pallet_work::Call::set_attestation_quorum { quorum }));
		let accomplice = world.owner();
		let gpus: Vec<_> =
			(0..ACCOMPLICE_GPUS).map(|_| world.device(&accomplice, DEMO_CLASS_GPU, None)).collect();

		let lookahead: u32 = <Runtime as pallet_work::Config>::AssignmentLookahead::get();
		run_to_block(lookahead + 2 * DEV_EPOCH_LENGTH);
		let epoch = pallet_work::CurrentEpoch::<Runtime>::get();
		let base = pallet_work::CommitteeBases::<Runtime>::get(epoch).expect("a committee base");
		assert!(base.start > lookahead + 1, "the GPUs registered a lookahead before the epoch");
		assert_eq!(base.verifiers, 3 + MORE_HONEST_VERIFIERS + COLLUDERS);

		let slot = |v: &sr25519::Pair| pallet_work::Verifiers::<Runtime>::get(id(v)).unwrap().slot;
		let gpu_bond = bond_of(DEMO_CLASS_GPU);
		let verifier_bond: Balance = <Runtime as pallet_work::Config>::VerifierBond::get();
		let verifier_slash: Perbill = <Runtime as pallet_work::Config>::VerifierSlash::get();
		let (mut majorities, mut colluding_seats, mut refused) = (0, 0, 0);
		let mut inflated = Vec::new();
		for (device, accomplice) in
			fleet.gpus.iter().map(|g| (g, false)).chain(gpus.iter().map(|g| (g, true)))
		{
			let committee = pallet_work::Pallet::<Runtime>::committee(epoch, &device.key)
				.expect("more verifiers than the quorum");
			let seats = colluders.iter().filter(|c| committee.contains(&slot(c))).count() as u32;
			let majority = accomplice && 2 * seats > quorum;
			if majority {
				majorities += 1;
				colluding_seats += seats;
				inflated.push(device.clone());
			}
			// The colluders attest first (they race); a majority of the committee records the
			// work, and later members are refused.
			for v in colluders.iter().chain(&honest) {
				let colluding = colluders.iter().any(|c| c.public() == v.public());
				let units = if colluding && majority { 100_000 } else { 500 };
				if committee.contains(&slot(v)) {
					if let Err(e) = attest_in(v, epoch, vec![(device.key, units)]) {
						assert_eq!(
							e.error,
							pallet_work::Error::<Runtime>::QuorumReached { index: 0 }.into(),
							"a drawn verifier is refused only once a majority recorded the work"
						);
					}
				} else if colluding && accomplice {
					let refusal = attest_in(v, epoch, vec![(device.key, units)]).unwrap_err();
					assert_eq!(
						refusal.error,
						pallet_work::Error::<Runtime>::NotAssigned { index: 0 }.into()
					);
					refused += 1;
				}
			}
		}
		assert!(refused > 0, "colluders off a committee are refused");

		let grace: u32 = <Runtime as pallet_work::Config>::SubmissionGrace::get();
		run_to_block(base.start + DEV_EPOCH_LENGTH + grace + 1);
		assert!(pallet_emissions::Rewards::<Runtime>::contains_key(epoch), "epoch closed");
		let fleet_rewards: Balance = fleet.gpus.iter().map(|g| reward_in(g, epoch)).sum();
		let accomplice_rewards: Balance = gpus.iter().map(|g| reward_in(g, epoch)).sum();
		let even = (fleet_rewards + accomplice_rewards) / u128::from(GPUS + ACCOMPLICE_GPUS);
		let gain = accomplice_rewards.saturating_sub(even * u128::from(ACCOMPLICE_GPUS));
		let expected_slashes = inflated
			.iter()
			.map(|g| DETECTION * (reward_in(g, epoch) + net_slash(gpu_bond)))
			.sum::<Balance>()
			+ u128::from(colluding_seats) * (DETECTION * (verifier_slash * verifier_bond));
		let honest_slashed = honest
			.iter()
			.map(|v| pallet_work::Verifiers::<Runtime>::get(id(v)).unwrap().slashes)
			.sum();
		Collusion { gain, majorities, colluding_seats, expected_slashes, honest_slashed }
	})
}

fn lockup(bond: Balance) -> Balance {
	LOCKUP_PER_YEAR * bond / EPOCHS_PER_YEAR
}

fn bond_of(class: u32) -> Balance {
	demo_classes()[class as usize].bond
}

/// What an upheld dispute takes from the owner of a device with `bond`, in the worst case for
/// the chain: half the bond, less the disputer's fifth when the owner front-runs the honest
/// disputer with an account of its own (40 % of the bond).
fn net_slash(bond: Balance) -> Balance {
	let dispute_slash: Perbill = <Runtime as pallet_work::Config>::DisputeSlash::get();
	let disputer_share: Perbill = <Runtime as pallet_work::Config>::DisputerShare::get();
	let slashed = dispute_slash * bond;
	slashed - disputer_share * slashed
}

/// What a fake device risks per epoch: its detection rate times the net slash of its bond and
/// the epoch's reward.
fn expected_slash(bond: Balance, reward: Balance) -> Balance {
	DETECTION * (net_slash(bond) + reward)
}

/// One row of the table (plancks per epoch).
struct Row {
	attack: &'static str,
	cost: Balance,
	gain: Balance,
	note: &'static str,
}

impl Row {
	fn value(&self) -> i128 {
		self.gain as i128 - self.cost as i128
	}
}

fn dpin(plancks: i128) -> String {
	format!("{:.4}", plancks as f64 / DPIN as f64)
}

fn print(rows: &[Row]) {
	println!(
		"\nattack economics at production parameters (per hourly epoch; honest fleet: {} \
		 hotspot cells of 2, {} sensors, {} GPUs; bonds locked at {}% a year; detection {}% \
		 per fake device-epoch)",
		HONEST_CELLS,
		SENSORS,
		GPUS,
		LOCKUP_PER_YEAR.deconstruct() / 10_000_000,
		DETECTION.deconstruct() / 10_000_000
	);
	println!("{:<46} {:>12} {:>12} {:>12}", "attack", "cost DPIN", "return DPIN", "EV DPIN");
	for r in rows {
		println!(
			"{:<46} {:>12} {:>12} {:>12}  {}",
			r.attack,
			dpin(r.cost as i128),
			dpin(r.gain as i128),
			dpin(r.value()),
			r.note
		);
	}
}

/// A ring of `k` hotspots under `k` accounts in one resolution-8 cell: each beacons with the
/// others as witnesses. Returns (the ring's reward, an honest pair's reward in its cell, the
/// honest hotspot's reward).
fn ring_in_one_cell(k: u32) -> (Balance, Balance, Balance) {
	production_world().execute_with(|| {
		let mut world = World::new();
		let fleet = honest_fleet(&mut world);
		let ring: Vec<_> = (0..k)
			.map(|i| {
				let owner = world.owner();
				let d = world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(48, u64::from(i))));
				reciprocal(&d);
				d
			})
			.collect();
		for b in &ring {
			let others: Vec<_> = ring.iter().filter(|w| w.key != b.key).collect();
			beacon(b, &others);
		}
		close_epoch_0();
		let ring_reward = ring.iter().map(reward).sum();
		let pair = 2 * reward(&fleet.hotspot);
		(ring_reward, pair, reward(&fleet.hotspot))
	})
}

#[test]
fn attack_economics_at_production_parameters() {
	let mut rows = Vec::new();
	let hotspot_bond = bond_of(DEMO_CLASS_HOTSPOT);

	// Honest devices of each proof kind earn.
	let (honest_hotspot, honest_sensor, honest_gpu) = production_world().execute_with(|| {
		let mut world = World::new();
		let fleet = honest_fleet(&mut world);
		close_epoch_0();
		(reward(&fleet.hotspot), reward(&fleet.sensor), reward(&fleet.gpu))
	});
	assert!(honest_hotspot > 0 && honest_sensor > 0 && honest_gpu > 0);
	println!(
		"honest rewards per epoch: hotspot {} DPIN, sensor {} DPIN (for 1 DPIN of credits \
		 burned by its consumer), GPU {} DPIN",
		dpin(honest_hotspot as i128),
		dpin(honest_sensor as i128),
		dpin(honest_gpu as i128)
	);

	// 1. A ring under one owner: refused outright (`WitnessSameOwner`).
	production_world().execute_with(|| {
		let mut world = World::new();
		let owner = world.owner();
		let a = world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(48, 0)));
		let b = world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(48, 1)));
		let call = beacon_call(&a, vec![receipt(&b, &a)]);
		assert!(apply_general(call).is_err(), "the pool and blocks refuse it");
	});
	rows.push(Row {
		attack: "sybil ring, one owner, one cell (2)",
		cost: 2 * lockup(hotspot_bond),
		gain: 0,
		note: "refused: WitnessSameOwner",
	});

	// 2. Rings across accounts in one cell: beyond the occupancy limit (2), each extra
	// identity shares the same reward.
	for k in [4u32, 8] {
		let (ring, pair, _) = ring_in_one_cell(k);
		let gain = ring.saturating_sub(pair);
		let cost = u128::from(k - 2) * lockup(hotspot_bond)
			+ u128::from(k) * expected_slash(hotspot_bond, ring / u128::from(k));
		rows.push(Row {
			attack: if k == 4 {
				"sybil ring across accounts, one cell (4)"
			} else {
				"sybil ring across accounts, one cell (8)"
			},
			cost,
			gain,
			note: "return: beyond 2 honest devices there",
		});
	}

	// 3. A ring spread over neighbouring cells, two per cell: each cell looks like an honest
	// pair (location spoofing, which only hardware can detect), so each device earns what an
	// honest one does: at most its bond cap, while it risks the dispute slash.
	{
		let cap = depin_runtime::configs::emissions::BOND_REWARD_CAP;
		assert_eq!(honest_hotspot, cap * hotspot_bond, "a lone pair's hotspot earns its cap");
		let gain = 2 * honest_hotspot;
		let cost = 2 * lockup(hotspot_bond) + 2 * expected_slash(hotspot_bond, honest_hotspot);
		rows.push(Row {
			attack: "sybil pair spoofing a neighbouring cell",
			cost,
			gain,
			note: "bond cap: earns 0.5% of its bond",
		});
	}

	// 3b. The owner of a fake hotspot front-runs the honest disputer with an account of its
	// own (copying the evidence hash from the pool) and collects the disputer's share of its
	// own slash: played, it loses 40 % of the bond instead of 50 %, which every row's expected
	// slash already assumes.
	{
		let loss = production_world().execute_with(|| {
			let mut world = World::new();
			let _fleet = honest_fleet(&mut world);
			let (owner, accomplice, reporter) = (world.owner(), world.owner(), world.owner());
			let fake = world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(47, 0)));
			let partner = world.device(&accomplice, DEMO_CLASS_HOTSPOT, Some(cell(47, 1)));
			reciprocal(&fake);
			reciprocal(&partner);
			beacon(&fake, &[&partner]);
			let total = |p: &sr25519::Pair| {
				<pallet_balances::Pallet<Runtime> as frame_support::traits::fungible::Inspect<
					AccountId,
				>>::total_balance(&id(p))
			};
			let before = total(&owner) + total(&reporter);
			send(
				&reporter,
				RuntimeCall::Work(pallet_work::Call::open_dispute {
					device: fake.key,
					epoch: 0,
					evidence: Default::default(),
				}),
			);
			root(RuntimeCall::Work(pallet_work::Call::resolve_dispute {
				id: 0,
				verdict: pallet_work::Verdict::Upheld,
			}));
			before - (total(&owner) + total(&reporter))
		});
		assert_eq!(loss, net_slash(hotspot_bond), "40 % of the bond");
		rows.push(Row {
			attack: "owner front-running the dispute of its fake",
			cost: lockup(hotspot_bond) + DETECTION * (loss + honest_hotspot),
			gain: honest_hotspot,
			note: "gets the disputer's fifth back: loses 40%",
		});
	}

	// 4. Self-dealing usage, with the cheap demo sensor class and an expensive one.
	for (name, price) in
		[("self-dealing usage, cheap class", MILLI_DPIN), ("self-dealing usage, dear class", DPIN)]
	{
		let (burned, earned) = production_world().execute_with(|| {
			let mut world = World::new();
			let _fleet = honest_fleet(&mut world);
			let mut class = demo_classes()[DEMO_CLASS_SENSOR as usize].clone();
			class.unit_price = price;
			root(RuntimeCall::Devices(pallet_devices::Call::create_class { params: class }));
			let me = world.owner();
			let sensor = world.device(&me, 3, Some(cell(46, 0)));
			buy(&me, 10_000 * DPIN);
			let spent = serve(&me, &sensor, 1_000);
			close_epoch_0();
			(spent, reward(&sensor))
		});
		assert!(earned <= burned, "self-dealing earns at most what it burns");
		rows.push(Row {
			attack: name,
			cost: burned + lockup(bond_of(DEMO_CLASS_SENSOR)),
			gain: earned,
			note: "reward capped at 1x the credits burned",
		});
	}

	// 5. A zero-price usage class: its units are worth no credits, so no shares.
	{
		let (burned, earned) = production_world().execute_with(|| {
			let mut world = World::new();
			let _fleet = honest_fleet(&mut world);
			let mut class = demo_classes()[DEMO_CLASS_SENSOR as usize].clone();
			class.unit_price = 0;
			root(RuntimeCall::Devices(pallet_devices::Call::create_class { params: class }));
			let me = world.owner();
			let sensor = world.device(&me, 3, Some(cell(46, 0)));
			buy(&me, 10 * DPIN);
			let spent = serve(&me, &sensor, 10_000);
			close_epoch_0();
			(spent, reward(&sensor))
		});
		assert_eq!(earned, 0, "no credits, no shares");
		rows.push(Row {
			attack: "zero-price usage class",
			cost: burned + lockup(bond_of(DEMO_CLASS_SENSOR)),
			gain: earned,
			note: "pays only the settlement charge",
		});
	}

	// 6. A witness farm that never beacons: non-reciprocal witnesses earn nothing.
	{
		let earned = production_world().execute_with(|| {
			let mut world = World::new();
			let fleet = honest_fleet(&mut world);
			let mut farm = Vec::new();
			for i in 0..4u64 {
				let owner = world.owner();
				farm.push(world.device(&owner, DEMO_CLASS_HOTSPOT, Some(cell(0, 2 + i))));
			}
			// The farm witnesses the beacon of the fleet's first hotspot, in cell 0, which
			// already counts its honest witness (the class's minimum of one): non-reciprocal
			// witnesses past the minimum are skipped, so the submission adds nothing and the
			// pool refuses it (`NoNewWitnesses`).
			let receipts: Vec<_> = farm.iter().map(|w| receipt(w, &fleet.hotspot)).collect();
			let call = beacon_call(&fleet.hotspot, receipts);
			assert!(apply_general(call).is_err(), "the pool and blocks refuse it");
			close_epoch_0();
			farm.iter().map(reward).sum::<Balance>()
		});
		assert_eq!(earned, 0, "a farm that never beacons earns nothing");
		rows.push(Row {
			attack: "witness farm that never beacons (4)",
			cost: 4 * lockup(hotspot_bond),
			gain: earned,
			note: "reciprocity: skipped, NoNewWitnesses",
		});
	}

	// 6b. Occupancy squatting: idle hotspots registered in an honest pair's cell. Only
	// devices that earned recently count, so the pair keeps its reward.
	{
		let pair_reward = production_world().execute_with(|| {
			let mut world = World::new();
			let (fleet, _) = honest_fleet_with_squatters(&mut world, 2, false);
			close_epoch_0();
			reward(&fleet.hotspot)
		});
		assert_eq!(pair_reward, honest_hotspot, "idle squatters take nothing from the pair");
		rows.push(Row {
			attack: "idle squatters in an honest pair's cell (2)",
			cost: 2 * lockup(hotspot_bond),
			gain: 0,
			note: "only interactive devices count",
		});
		// Squatters that work (or fake work: a receipt proves no radio contact) count, and
		// share the cell as two honest newcomers would; only location spoofing makes it an
		// attack, which the chain cannot see.
		let (pair_reward, squatted) = production_world().execute_with(|| {
			let mut world = World::new();
			let (fleet, squatters) = honest_fleet_with_squatters(&mut world, 2, true);
			close_epoch_0();
			(reward(&fleet.hotspot), squatters.iter().map(reward).sum::<Balance>())
		});
		println!(
			"working squatters in an honest pair's cell: each honest hotspot there earns {} DPIN \
			 instead of {} DPIN; the squatters earn {} DPIN together",
			dpin(pair_reward as i128),
			dpin(honest_hotspot as i128),
			dpin(squatted as i128)
		);
		assert!(pair_reward <= honest_hotspot, "working squatters share the cell");
		rows.push(Row {
			attack: "squatters spoofing into an honest pair's cell",
			cost: 2 * lockup(hotspot_bond) + 2 * expected_slash(hotspot_bond, squatted / 2),
			gain: squatted,
			note: "bond cap: earns 0.5% of its bond",
		});
	}

	// 7. Verifiers: one inflating within its quota (slashed as an outlier, median unmoved),
	// and a colluding majority of the quorum (sets the median; only disputes catch it).
	let verifier_bond: Balance = <Runtime as pallet_work::Config>::VerifierBond::get();
	{
		let (gpu_reward, slashed) = production_world().execute_with(|| {
			let mut world = World::new();
			let fleet = honest_fleet(&mut world);
			let owner = world.owner();
			let gpu = world.device(&owner, DEMO_CLASS_GPU, None);
			let cheat = world.owner();
			admit(&cheat);
			let honest: Vec<_> = (0..2).map(|_| world.owner()).collect();
			for v in &honest {
				admit(v);
			}
			attest(&cheat, vec![(gpu.key, 100_000)]);
			for v in &honest {
				attest(v, vec![(gpu.key, 500)]);
			}
			let slashed =
				verifier_bond - pallet_work::Verifiers::<Runtime>::get(id(&cheat)).unwrap().bond;
			close_epoch_0();
			assert_eq!(reward(&gpu), reward(&fleet.gpu), "the median is the honest 500");
			(reward(&gpu), slashed)
		});
		assert!(gpu_reward > 0);
		rows.push(Row {
			attack: "verifier inflating within its quota (1 of 3)",
			cost: slashed + lockup(verifier_bond),
			gain: 0,
			note: "outlier slashed 10% of its bond",
		});
	}
	// Colluders under random committees: with committees of 3 they hold a majority of some
	// committees (they cannot choose which); with committees of 7, never.
	for quorum in [3u32, 7] {
		let c = colluders_under_committees(quorum);
		println!(
			"committees of {quorum}: the colluders held the majority of {} of {} accomplice \
			 committees ({} seats); honest verifiers slashed as outliers: {}",
			c.majorities, ACCOMPLICE_GPUS, c.colluding_seats, c.honest_slashed
		);
		let cost = u128::from(COLLUDERS) * lockup(verifier_bond) + c.expected_slashes;
		rows.push(if quorum == 3 {
			assert!(c.majorities > 0, "the draw gave the colluders some majorities to play");
			Row {
				attack: "colluding verifiers, 3 of 12, committees of 3",
				cost,
				gain: c.gain,
				note: "drawn majorities; GPU rewards bond-capped",
			}
		} else {
			assert_eq!(c.majorities, 0, "3 colluders never hold 4 of 7 seats");
			Row {
				attack: "colluding verifiers, 3 of 12, committees of 7",
				cost,
				gain: c.gain,
				note: "no committee has a colluding majority",
			}
		});
	}

	// 8. A corrupt maker: fake hotspots in one cell, as ring (2), plus its own bond at risk.
	{
		let (ring, pair, _) = ring_in_one_cell(8);
		let params = depin_runtime::genesis_config_presets::production_maker_params();
		let gain = ring.saturating_sub(pair);
		let cost = 6 * lockup(hotspot_bond)
			+ 8 * expected_slash(hotspot_bond, ring / 8)
			+ lockup(params.bond)
			+ 8 * (DETECTION * (params.slash * params.bond));
		rows.push(Row {
			attack: "corrupt maker, 8 fake hotspots in one cell",
			cost,
			gain,
			note: "maker bond slashed per upheld dispute",
		});
	}

	// 9. Buying a device to take its unclaimed rewards: the seller keeps them.
	production_world().execute_with(|| {
		let mut world = World::new();
		let fleet = honest_fleet(&mut world);
		// The honest fleet's first hotspot belongs to the first owner, account 1.
		let (seller, buyer, device) = (account(1), world.owner(), fleet.hotspot.key);
		// A device changes hands only once its last work is past the dispute window, so that
		// the seller's bond answers for the seller's work.
		let window: u32 = pallet_work::DisputeWindow::<Runtime>::get();
		run_to_block((window + 2) * DEV_EPOCH_LENGTH);
		send(
			&seller,
			RuntimeCall::Devices(pallet_devices::Call::transfer_device {
				device,
				new_owner: id(&buyer),
			}),
		);
		send(&buyer, RuntimeCall::Devices(pallet_devices::Call::accept_transfer { device }));
		let claim = RuntimeCall::Emissions(pallet_emissions::Call::claim {
			device,
			epochs: vec![0].try_into().unwrap(),
		});
		assert_noop!(
			claim.clone().dispatch(signed(&buyer)),
			pallet_emissions::Error::<Runtime>::NotOwner
		);
		claim.dispatch(signed(&seller)).expect("the seller claims");
	});
	rows.push(Row {
		attack: "buying a device for its unclaimed rewards",
		cost: lockup(hotspot_bond),
		gain: 0,
		note: "NotOwner: rewards stay with the seller",
	});

	print(&rows);
	let net = net_slash(hotspot_bond) as f64 / hotspot_bond as f64;
	let detection = f64::from(DETECTION.deconstruct()) / 1e9;
	println!(
		"bond reward cap {:.2}% of a device's bond per epoch; a fake device breaks even at a cap \
		 of {:.3}% (detection {:.0}% x net slash {:.0}% / (1 - detection), before lock-up)",
		f64::from(depin_runtime::configs::emissions::BOND_REWARD_CAP.deconstruct()) / 1e7,
		100.0 * detection * net / (1.0 - detection),
		100.0 * detection,
		100.0 * net
	);
	for row in &rows {
		assert!(row.value() <= 0, "{}: expected value {} DPIN", row.attack, dpin(row.value()));
	}
}
