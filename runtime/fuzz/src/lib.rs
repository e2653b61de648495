//! A fuzz harness for the DePIN runtime.
//!
//! [`run`] turns arbitrary bytes into a sequence of [`Action`]s (blocks, and signed
//! transactions of every custom pallet, balances, utility, sudo, preimage, referenda and
//! conviction voting, plus raw SCALE bytes decoded as calls and as whole extrinsics) and
//! executes them on the real runtime, natively, from a fixed starting state: the development
//! preset with eight accounts (two of them unfunded), eleven registered devices of the three
//! proof kinds, two admitted verifiers and a consumer with credits ([`fixture`]).
//!
//! Transactions go through `Executive::apply_extrinsic`, so signatures, nonces, fees and the
//! block weight limit are the real ones. After every block the harness checks
//! ([`Invariants`]):
//! - every pallet's `try_state` (with the `try-runtime` feature);
//! - total issuance = genesis + Σ minted − Σ burned, from the balances pallet's events;
//! - each closed epoch's emission is at most what a schedule allows, and what was minted for
//!   an epoch is at most its emission; total issuance stays under the supply cap;
//! - the block's weight is within the maximum;
//! - every account's held balances match its device bonds, verifier bond and dispute bonds.
//!
//! A broken invariant, or a panic anywhere in the runtime, panics the harness: that is a
//! finding. The `fuzz/` directory drives [`run`] with libFuzzer (`scripts/fuzz.sh`); the
//! tests replay its committed corpus and a deterministic pseudo-random batch.

// A harness reports findings by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::{collections::BTreeMap, sync::OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use codec::{DecodeLimit, Encode};
use depin_runtime::{
	AccountId, Balance, BuildStorage, Executive, Header, Runtime, RuntimeCall, RuntimeEvent,
	SignedPayload, System, UncheckedExtrinsic, DPIN, SLOT_DURATION,
};
use frame_support::{dispatch::DispatchClass, traits::fungible::InspectHold, MAX_EXTRINSIC_DEPTH};
use pallet_devices::PublicKey;
use pallet_emissions::{KindWeights, Schedule, Shape, Split};
use pallet_work::{Attestation, UsageReceipt, WitnessReceipt};
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_core::{sr25519, Pair as _, H256};
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	MultiSignature, Perbill,
};

/// Most actions taken from one input.
pub const MAX_ACTIONS: usize = 64;
/// Most blocks one input may run (skips included), to keep each run short.
pub const MAX_BLOCKS: u32 = 240;

/// Accounts of the harness: the six funded development accounts, then two unfunded ones.
/// Account 0 (Alice) is the sudo key and the only validator; it never signs raw calls.
pub const ACCOUNTS: usize = 8;

/// H3 cells (resolution 10) used for locations: the first four share one resolution-8 cell,
/// so hotspots there can witness each other; the last is far away.
pub const CELLS: [u64; 5] =
	[0x8a28308280c7fff, 0x8a2830828107fff, 0x8a28308280cffff, 0x8a283082811ffff, 0x8a2a1072b59ffff];

/// An account of the harness, by index modulo [`ACCOUNTS`].
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Acc(pub u8);

/// A device of the run, by index modulo the number of known devices (the fixture's, then those
/// registered during the run).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Dev(pub u8);

/// An amount: small (up to 255 milli-DPIN, dust territory), medium (up to 65,535 DPIN), or
/// large (any u128).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Amount {
	Milli(u8),
	Whole(u16),
	Raw(u128),
}

impl Amount {
	fn value(self) -> Balance {
		match self {
			Amount::Milli(m) => Balance::from(m) * depin_runtime::MILLI_DPIN,
			Amount::Whole(w) => Balance::from(w) * DPIN,
			Amount::Raw(r) => r,
		}
	}
}

/// How a signed payload is spoiled, if at all.
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
	None,
	/// Signed by another key.
	WrongSigner,
	/// Signed over the right fields with another chain's genesis hash.
	OtherChain,
	/// One signature byte flipped.
	FlipByte,
}

/// One usage receipt.
#[derive(Arbitrary, Debug, Clone)]
pub struct Receipt {
	pub device: Dev,
	pub consumer: Acc,
	pub units: u16,
	pub nonce: u8,
	pub device_tamper: Tamper,
	pub consumer_tamper: Tamper,
}

/// A schedule with arbitrary fields (valid ones are likely: the split and the kind weights
/// are drawn as percentages that usually add up).
#[derive(Arbitrary, Debug, Clone)]
pub struct FuzzSchedule {
	pub initial: Amount,
	pub halving_every: u16,
	pub tail: Amount,
	pub cap: Amount,
	pub split: (u8, u8),
	pub kinds: (u8, u8),
	pub exact_parts: bool,
	pub usage_cap_multiplier: u8,
	pub claim_expiry: u16,
}

impl FuzzSchedule {
	fn build(&self) -> Schedule<Balance> {
		let parts = |(a, b): (u8, u8)| {
			let a = u32::from(a % 101);
			let b = u32::from(b) % (101 - a);
			let rest = if self.exact_parts { 100 - a - b } else { (100 - a - b) / 2 };
			(Perbill::from_percent(a), Perbill::from_percent(b), Perbill::from_percent(rest))
		};
		let (operators, validators, treasury) = parts(self.split);
		let (usage, witnessed, attested) = parts(self.kinds);
		Schedule {
			initial: self.initial.value(),
			shape: Shape::Halving { every: u32::from(self.halving_every) },
			tail: self.tail.value(),
			cap: self.cap.value(),
			split: Split { operators, validators, treasury },
			kinds: KindWeights { usage, witnessed, attested },
			usage_cap_multiplier: u32::from(self.usage_cap_multiplier),
			claim_expiry: u32::from(self.claim_expiry),
		}
	}
}

/// A call a signed account may make (also inside utility batches and referenda).
#[derive(Arbitrary, Debug, Clone)]
pub enum UserCall {
	Transfer {
		to: Acc,
		amount: Amount,
		keep_alive: bool,
	},
	Burn {
		amount: Amount,
	},
	BuyCredits {
		consumer: Acc,
		amount: Amount,
	},
	/// Registers a new device key (seeded by `seed`) of class `class % 4` (class 3 does not
	/// exist), with the maker's and the device's signatures possibly spoiled.
	RegisterDevice {
		seed: u8,
		class: u8,
		maker_tamper: Tamper,
		device_tamper: Tamper,
		cell: Option<u8>,
	},
	SetLocation {
		device: Dev,
		cell: u8,
	},
	SetMetadata {
		device: Dev,
		metadata: Vec<u8>,
	},
	TransferDevice {
		device: Dev,
		to: Acc,
	},
	AcceptTransfer {
		device: Dev,
	},
	Retire {
		device: Dev,
	},
	WithdrawBond {
		device: Dev,
	},
	/// Usage receipts for the epoch `back` epochs before the current one (1 in 8: the next).
	Usage {
		back: u8,
		receipts: Vec<Receipt>,
	},
	/// A beacon of `beaconer` in the current epoch (or `back` before), with its witnesses.
	Beacon {
		back: u8,
		beaconer: Dev,
		witnesses: Vec<(Dev, Tamper)>,
		wrong_challenge: bool,
	},
	Attest {
		back: u8,
		items: Vec<(Dev, u16)>,
	},
	OpenDispute {
		device: Dev,
		back: u8,
	},
	Claim {
		device: Dev,
		epochs: Vec<u8>,
	},
	/// Submits a referendum on the emission-admin track that sets `schedule`.
	ProposeSchedule {
		schedule: FuzzSchedule,
	},
	PlaceDecisionDeposit {
		index: u8,
	},
	Vote {
		index: u8,
		aye: bool,
		amount: Amount,
		conviction: u8,
	},
	Remark {
		bytes: Vec<u8>,
	},
}

/// A call only the sudo key (root) may make.
#[derive(Arbitrary, Debug, Clone)]
pub enum RootCall {
	SetSchedule(FuzzSchedule),
	SetEpochLength(u16),
	SetChallengeRate(u8),
	SetQuorum(u8),
	SetDisputeWindow(u8),
	AdmitVerifier { who: Acc, quota: u32 },
	RemoveVerifier { who: Acc },
	ResolveDispute { id: u8, upheld: bool },
	Suspend { device: Dev },
	Resume { device: Dev },
	SetMakerQuota { quota: u16 },
	RevokeMaker,
}

/// One step of a run.
#[derive(Arbitrary, Debug, Clone)]
pub enum Action {
	/// Ends the block and starts the next.
	NextBlock,
	/// Runs `1 + n % 40` blocks.
	Skip(u8),
	/// A signed transaction.
	Call { signer: Acc, call: UserCall },
	/// A utility batch (`all`: all-or-nothing) of signed calls.
	Batch { signer: Acc, calls: Vec<UserCall>, all: bool },
	/// A sudo transaction from the sudo key.
	Root(RootCall),
	/// Arbitrary bytes decoded as a call and, if they decode, signed and submitted.
	RawCall { signer: Acc, bytes: Vec<u8> },
	/// Arbitrary bytes decoded as a whole extrinsic, validated and applied.
	RawExtrinsic(Vec<u8>),
}

/// A device known to the run.
#[derive(Clone)]
pub struct DeviceKey {
	pub pair: sr25519::Pair,
	pub key: PublicKey,
}

/// The starting state, built once per process.
pub struct Fixture {
	/// Every storage item after the set-up blocks.
	pub storage: sp_runtime::Storage,
	/// The account keys, by index.
	pub accounts: Vec<sr25519::Pair>,
	/// The registered devices.
	pub devices: Vec<DeviceKey>,
	/// The header of the last set-up block.
	pub parent: Header,
	/// Total issuance at the end of set-up.
	pub issuance: Balance,
}

fn account_pair(i: usize) -> sr25519::Pair {
	use sp_keyring::Sr25519Keyring::*;
	match i {
		0 => Alice.pair(),
		1 => Bob.pair(),
		2 => Charlie.pair(),
		3 => Dave.pair(),
		4 => Eve.pair(),
		5 => Ferdie.pair(),
		// Unfunded accounts (not in the preset's endowment).
		_ => sr25519::Pair::from_seed(&[i as u8; 32]),
	}
}

fn device_pair(seed: u8) -> sr25519::Pair {
	let mut s = [0xde; 32];
	s[0] = seed;
	sr25519::Pair::from_seed(&s)
}

fn device_key(pair: &sr25519::Pair) -> PublicKey {
	PublicKey::Sr25519(pair.public().0)
}

/// The demo maker of the development preset (derived once: a dev-phrase derivation costs
/// thousands of hash rounds).
fn demo_maker() -> &'static sr25519::Pair {
	static MAKER: OnceLock<sr25519::Pair> = OnceLock::new();
	MAKER.get_or_init(|| sr25519::Pair::from_string("//DemoMaker", None).expect("valid URI"))
}

fn dev_genesis() -> sp_runtime::Storage {
	let name = sp_genesis_builder::DEV_RUNTIME_PRESET.to_string();
	let config = depin_runtime::genesis_config_presets::preset_config(&name).expect("dev preset");
	config.build_storage().expect("genesis builds")
}

/// Starts block `number` on `parent`: a secondary-slot BABE block of validator 0 (one slot per
/// block from slot 1000) with its timestamp inherent.
fn start_block(number: u32, parent: H256) {
	let slot = 999 + u64::from(number);
	let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: slot.into(),
	});
	let digest = Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre.encode())] };
	Executive::initialize_block(&Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		digest,
	));
	let now = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
		now: slot * SLOT_DURATION,
	}));
	Executive::apply_extrinsic(now).expect("timestamp valid").expect("timestamp dispatched");
}

/// A signed transaction of `signer` with its current nonce.
fn sign(signer: &sr25519::Pair, call: RuntimeCall) -> UncheckedExtrinsic {
	let account = AccountId::from(signer.public());
	let tx_ext = depin_runtime::immortal_tx_extension(System::account_nonce(&account));
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("implicit data");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(call, account.into(), MultiSignature::Sr25519(signature), tx_ext)
}

/// The fixture, built on first use.
pub fn fixture() -> &'static Fixture {
	static FIXTURE: OnceLock<Fixture> = OnceLock::new();
	FIXTURE.get_or_init(build_fixture)
}

fn build_fixture() -> Fixture {
	let accounts: Vec<_> = (0..ACCOUNTS).map(account_pair).collect();
	let mut ext = sp_io::TestExternalities::new(dev_genesis());
	ext.execute_with(|| {
		start_block(1, System::block_hash(0));
		let apply = |signer: &sr25519::Pair, call: RuntimeCall| {
			Executive::apply_extrinsic(sign(signer, call))
				.expect("set-up transaction valid")
				.expect("set-up call succeeds");
		};
		// Devices: (seed, owner, class, cell). Hotspots of four owners in one resolution-8
		// cell (Alice owns two, for sybil attempts), sensors, GPUs.
		let plan: [(u8, usize, u32, Option<usize>); 11] = [
			(0, 0, 0, Some(0)),
			(1, 1, 0, Some(1)),
			(2, 2, 0, Some(2)),
			(3, 0, 0, Some(3)),
			(4, 3, 0, Some(0)),
			(5, 3, 1, Some(0)),
			(6, 4, 1, Some(1)),
			(7, 1, 1, Some(4)),
			(8, 5, 2, None),
			(9, 1, 2, None),
			(10, 2, 2, None),
		];
		let mut devices = Vec::new();
		for (seed, owner, class, cell) in plan {
			let pair = device_pair(seed);
			let key = device_key(&pair);
			let owner_pair = &accounts[owner];
			let maker = pallet_devices::Pallet::<Runtime>::maker_certificate_payload(&key, class);
			let consent = pallet_devices::Pallet::<Runtime>::device_consent_payload(
				&AccountId::from(owner_pair.public()),
			);
			apply(
				owner_pair,
				RuntimeCall::Devices(pallet_devices::Call::register_device {
					device: key,
					class,
					maker: 0,
					maker_signature: demo_maker().sign(&maker).0,
					device_signature: pair.sign(&consent).0,
					location: cell.map(|c| CELLS[c]),
					metadata: Default::default(),
				}),
			);
			devices.push(DeviceKey { pair, key });
		}
		// Verifiers: Charlie and Dave; consumers: Eve and Ferdie hold credits.
		for v in [2usize, 3] {
			apply(
				&accounts[0],
				RuntimeCall::Sudo(pallet_sudo::Call::sudo {
					call: Box::new(RuntimeCall::Work(pallet_work::Call::admit_verifier {
						verifier: AccountId::from(accounts[v].public()),
						quota: 1_000_000,
					})),
				}),
			);
		}
		for c in [4usize, 5] {
			apply(
				&accounts[c],
				RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
					consumer: AccountId::from(accounts[c].public()),
					amount: 10 * DPIN,
				}),
			);
		}
		let parent = Executive::finalize_block();
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		// Snapshot every top-level key.
		let mut top = BTreeMap::new();
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).expect("key exists").to_vec();
			top.insert(next.clone(), value);
			key = next;
		}
		Fixture {
			storage: sp_runtime::Storage { top, children_default: Default::default() },
			accounts,
			devices,
			parent,
			issuance,
		}
	})
}

/// What the harness tracks across a run to check the invariants.
pub struct Invariants {
	/// The harness's accounts, whose holds are checked.
	pub accounts: Vec<AccountId>,
	/// Total issuance the events account for.
	pub expected_issuance: Balance,
	/// Each rewarded epoch's emission.
	pub emission: BTreeMap<u32, Balance>,
	/// The largest per-epoch emission any schedule seen so far allows.
	pub emission_bound: Balance,
	/// The largest supply cap seen so far.
	pub cap_bound: Balance,
}

impl Invariants {
	fn new(issuance: Balance, accounts: Vec<AccountId>) -> Self {
		let mut inv = Invariants {
			accounts,
			expected_issuance: issuance,
			emission: BTreeMap::new(),
			emission_bound: 0,
			cap_bound: issuance,
		};
		inv.note_schedules();
		inv
	}

	fn note_schedule(&mut self, s: &Schedule<Balance>) {
		self.emission_bound = self.emission_bound.max(s.initial.max(s.tail));
		self.cap_bound = self.cap_bound.max(s.cap);
	}

	fn note_schedules(&mut self) {
		if let Some(s) = pallet_emissions::ActiveSchedule::<Runtime>::get() {
			self.note_schedule(&s);
		}
		if let Some(s) = pallet_emissions::PendingSchedule::<Runtime>::get() {
			self.note_schedule(&s);
		}
	}

	/// Checks the block that was just finalized (its events are still in storage).
	fn check_block(&mut self) {
		let number = System::block_number();

		// Issuance changes only with an event that says so.
		for record in System::events() {
			match record.event {
				RuntimeEvent::Balances(e) => match e {
					// Minted into an account, issued as a credit, or a debt dropped.
					pallet_balances::Event::Minted { amount, .. }
					| pallet_balances::Event::Issued { amount }
					| pallet_balances::Event::MintedCredit { amount } => {
						self.expected_issuance += amount;
					}
					// Burned from an account or a hold, rescinded as a debt, or a credit
					// dropped (transaction fees, dust).
					pallet_balances::Event::Burned { amount, .. }
					| pallet_balances::Event::BurnedHeld { amount, .. }
					| pallet_balances::Event::Rescinded { amount }
					| pallet_balances::Event::BurnedDebt { amount } => {
						self.expected_issuance -= amount;
					}
					_ => {}
				},
				RuntimeEvent::Emissions(pallet_emissions::Event::ScheduleSet { schedule }) => {
					self.note_schedule(&schedule);
				}
				RuntimeEvent::Emissions(pallet_emissions::Event::EpochRewarded {
					epoch,
					emission,
					..
				}) => {
					assert!(
						emission <= self.emission_bound,
						"epoch {epoch} emitted {emission}, above every schedule ({})",
						self.emission_bound
					);
					self.emission.insert(epoch, emission);
				}
				_ => {}
			}
		}
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(
			issuance,
			self.expected_issuance,
			"block {number}: total issuance differs from genesis + minted - burned; events: {:#?}",
			System::events().iter().map(|r| &r.event).collect::<Vec<_>>()
		);
		assert!(issuance <= self.cap_bound, "block {number}: issuance {issuance} above the cap");
		for (epoch, emission) in &self.emission {
			let minted = pallet_emissions::Minted::<Runtime>::get(epoch);
			assert!(minted <= *emission, "epoch {epoch}: minted {minted} > emission {emission}");
		}

		// The block's weight: each class within its limit, and the whole block within the
		// maximum. The one exception is by design: at a session change pallet_session claims
		// the whole block (`max_block`) from `on_initialize`, so that no transaction shares
		// the block with the rotation; the inherents then come on top, and no transaction of
		// any other class may be in that block.
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		let used = frame_system::BlockWeight::<Runtime>::get();
		let new_session = System::events().iter().any(|r| {
			matches!(r.event, RuntimeEvent::Session(pallet_session::Event::NewSession { .. }))
		});
		for (class, max) in [
			(DispatchClass::Normal, limits.get(DispatchClass::Normal).max_total),
			(DispatchClass::Operational, limits.get(DispatchClass::Operational).max_total),
		] {
			let used = *used.get(class);
			assert!(
				max.is_none_or(|max| used.all_lte(max)),
				"block {number}: {class:?} weight {used:?} above its limit {max:?}"
			);
			assert!(
				!new_session || used == Default::default(),
				"block {number}: a {class:?} transaction in a session-rotation block"
			);
		}
		assert!(
			new_session || used.total().all_lte(limits.max_block),
			"block {number}: weight {:?} above the maximum {:?} ({used:?})",
			used.total(),
			limits.max_block
		);

		// Held balances match bonds.
		let mut bonds: BTreeMap<AccountId, Balance> = BTreeMap::new();
		for (_, d) in pallet_devices::Devices::<Runtime>::iter() {
			*bonds.entry(d.owner).or_default() += d.bond;
		}
		for (i, who) in self.accounts.iter().enumerate() {
			let held = <depin_runtime::Balances as InspectHold<AccountId>>::balance_on_hold(
				&pallet_devices::HoldReason::DeviceBond.into(),
				who,
			);
			assert_eq!(
				held,
				bonds.get(who).copied().unwrap_or_default(),
				"block {number}: account {i}'s device-bond hold differs from its bonds"
			);
		}

		// Every open dispute locks its device in the registry, and nothing else does.
		let mut open: BTreeMap<PublicKey, u32> = BTreeMap::new();
		for (_, device, _) in pallet_work::OpenDisputes::<Runtime>::iter() {
			*open.entry(device).or_default() += 1;
		}
		let locks: BTreeMap<PublicKey, u32> =
			pallet_devices::DisputeLocks::<Runtime>::iter().collect();
		assert_eq!(locks, open, "block {number}: dispute locks differ from open disputes");

		#[cfg(feature = "try-runtime")]
		{
			use frame_support::traits::{TryState, TryStateSelect};
			<depin_runtime::AllPalletsWithSystem as TryState<u32>>::try_state(
				number,
				TryStateSelect::All,
			)
			.unwrap_or_else(|e| panic!("block {number}: try_state failed: {e:?}"));
		}
	}
}

/// The state of one run.
struct Run<'a> {
	fx: &'a Fixture,
	devices: Vec<DeviceKey>,
	inv: Invariants,
	blocks: u32,
}

fn spoil(tamper: Tamper, right: &sr25519::Pair, payload: &[u8], other_chain: &[u8]) -> [u8; 64] {
	match tamper {
		Tamper::None => right.sign(payload).0,
		Tamper::WrongSigner => device_pair(0xff).sign(payload).0,
		Tamper::OtherChain => right.sign(other_chain).0,
		Tamper::FlipByte => {
			let mut s = right.sign(payload).0;
			s[7] ^= 0x20;
			s
		}
	}
}

impl Run<'_> {
	fn account(&self, a: Acc) -> &sr25519::Pair {
		&self.fx.accounts[usize::from(a.0) % ACCOUNTS]
	}

	fn account_id(&self, a: Acc) -> AccountId {
		AccountId::from(self.account(a).public())
	}

	fn device(&self, d: Dev) -> &DeviceKey {
		&self.devices[usize::from(d.0) % self.devices.len()]
	}

	fn epoch(back: u8) -> u32 {
		let current = pallet_work::CurrentEpoch::<Runtime>::get();
		if back % 8 == 7 {
			current + 1
		} else {
			current.saturating_sub(u32::from(back % 4))
		}
	}

	fn next_block(&mut self) -> bool {
		if self.blocks >= MAX_BLOCKS {
			return false;
		}
		let header = Executive::finalize_block();
		self.inv.check_block();
		start_block(header.number + 1, header.hash());
		self.blocks += 1;
		true
	}

	fn submit(&self, xt: UncheckedExtrinsic) {
		// Errors (invalid transactions, failed calls) are expected; only panics and broken
		// invariants are findings.
		let _ = Executive::apply_extrinsic(xt);
	}

	fn user_call(&mut self, signer: Acc, call: &UserCall) -> Option<RuntimeCall> {
		let other_genesis = H256::repeat_byte(0x42);
		Some(match call {
			UserCall::Transfer { to, amount, keep_alive } => {
				let dest = self.account_id(*to).into();
				let value = amount.value();
				RuntimeCall::Balances(if *keep_alive {
					pallet_balances::Call::transfer_keep_alive { dest, value }
				} else {
					pallet_balances::Call::transfer_allow_death { dest, value }
				})
			}
			UserCall::Burn { amount } => RuntimeCall::Balances(pallet_balances::Call::burn {
				value: amount.value(),
				keep_alive: true,
			}),
			UserCall::BuyCredits { consumer, amount } => {
				RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
					consumer: self.account_id(*consumer),
					amount: amount.value(),
				})
			}
			UserCall::RegisterDevice { seed, class, maker_tamper, device_tamper, cell } => {
				let pair = device_pair(100 + seed % 16);
				let key = device_key(&pair);
				let class = u32::from(class % 4);
				let owner = self.account_id(signer);
				let maker_payload =
					pallet_devices::Pallet::<Runtime>::maker_certificate_payload(&key, class);
				let consent = pallet_devices::Pallet::<Runtime>::device_consent_payload(&owner);
				let maker_other =
					pallet_devices::payload::maker_certificate(&other_genesis, &key, class);
				let consent_other = pallet_devices::payload::device_consent(&other_genesis, &owner);
				if !self.devices.iter().any(|d| d.key == key) {
					self.devices.push(DeviceKey { pair: pair.clone(), key });
				}
				RuntimeCall::Devices(pallet_devices::Call::register_device {
					device: key,
					class,
					maker: 0,
					maker_signature: spoil(
						*maker_tamper,
						demo_maker(),
						&maker_payload,
						&maker_other,
					),
					device_signature: spoil(*device_tamper, &pair, &consent, &consent_other),
					location: cell.map(|c| CELLS[usize::from(c) % CELLS.len()]),
					metadata: Default::default(),
				})
			}
			UserCall::SetLocation { device, cell } => {
				RuntimeCall::Devices(pallet_devices::Call::set_location {
					device: self.device(*device).key,
					location: CELLS[usize::from(*cell) % CELLS.len()],
				})
			}
			UserCall::SetMetadata { device, metadata } => {
				RuntimeCall::Devices(pallet_devices::Call::set_metadata {
					device: self.device(*device).key,
					// Cut to the bound: longer metadata does not decode (the raw SCALE
					// calls cover that).
					metadata: frame_support::BoundedVec::truncate_from(metadata.clone()),
				})
			}
			UserCall::TransferDevice { device, to } => {
				RuntimeCall::Devices(pallet_devices::Call::transfer_device {
					device: self.device(*device).key,
					new_owner: self.account_id(*to),
				})
			}
			UserCall::AcceptTransfer { device } => {
				RuntimeCall::Devices(pallet_devices::Call::accept_transfer {
					device: self.device(*device).key,
				})
			}
			UserCall::Retire { device } => {
				RuntimeCall::Devices(pallet_devices::Call::retire_device {
					device: self.device(*device).key,
				})
			}
			UserCall::WithdrawBond { device } => {
				RuntimeCall::Devices(pallet_devices::Call::withdraw_bond {
					device: self.device(*device).key,
				})
			}
			UserCall::Usage { back, receipts } => {
				let epoch = Self::epoch(*back);
				let receipts: Vec<_> = receipts
					.iter()
					.take(8)
					.map(|r| {
						let device = self.device(r.device).clone();
						let consumer = self.account(r.consumer).clone();
						let consumer_id = AccountId::from(consumer.public());
						let (units, nonce) = (u64::from(r.units), u64::from(r.nonce));
						let payload = pallet_work::Pallet::<Runtime>::usage_payload(
							&device.key,
							&consumer_id,
							epoch,
							units,
							nonce,
						);
						let other = pallet_work::payload::usage(
							&other_genesis,
							&device.key,
							&consumer_id,
							epoch,
							units,
							nonce,
						);
						UsageReceipt {
							device: device.key,
							consumer: consumer_id,
							units,
							nonce,
							device_signature: spoil(
								r.device_tamper,
								&device.pair,
								&payload,
								&other,
							),
							consumer_signature: MultiSignature::Sr25519(
								sr25519::Signature::from_raw(spoil(
									r.consumer_tamper,
									&consumer,
									&payload,
									&other,
								)),
							),
						}
					})
					.collect();
				RuntimeCall::Work(pallet_work::Call::submit_usage {
					epoch,
					receipts: receipts.try_into().ok()?,
				})
			}
			UserCall::Beacon { back, beaconer, witnesses, wrong_challenge } => {
				let epoch = Self::epoch(*back);
				let beaconer = self.device(*beaconer).key;
				let challenge = pallet_work::Pallet::<Runtime>::challenge(epoch, &beaconer)
					.filter(|_| !wrong_challenge)
					.unwrap_or_else(|| H256::repeat_byte(7));
				let payload =
					pallet_work::Pallet::<Runtime>::witness_payload(&beaconer, epoch, &challenge);
				let other =
					pallet_work::payload::witness(&other_genesis, &beaconer, epoch, &challenge);
				let witnesses: Vec<_> = witnesses
					.iter()
					.take(6)
					.map(|(d, tamper)| {
						let w = self.device(*d);
						WitnessReceipt {
							witness: w.key,
							signature: spoil(*tamper, &w.pair, &payload, &other),
						}
					})
					.collect();
				RuntimeCall::Work(pallet_work::Call::submit_beacon {
					beaconer,
					epoch,
					witnesses: witnesses.try_into().ok()?,
				})
			}
			UserCall::Attest { back, items } => {
				let items: Vec<_> = items
					.iter()
					.take(8)
					.map(|(d, units)| Attestation {
						device: self.device(*d).key,
						units: u64::from(*units),
					})
					.collect();
				RuntimeCall::Work(pallet_work::Call::submit_attestations {
					epoch: Self::epoch(*back),
					attestations: items.try_into().ok()?,
				})
			}
			UserCall::OpenDispute { device, back } => {
				RuntimeCall::Work(pallet_work::Call::open_dispute {
					device: self.device(*device).key,
					epoch: Self::epoch(*back),
					evidence: H256::repeat_byte(9),
				})
			}
			UserCall::Claim { device, epochs } => {
				let epochs: Vec<u32> = epochs.iter().take(4).map(|e| u32::from(*e % 16)).collect();
				RuntimeCall::Emissions(pallet_emissions::Call::claim {
					device: self.device(*device).key,
					epochs: epochs.try_into().ok()?,
				})
			}
			UserCall::ProposeSchedule { schedule } => {
				use frame_support::traits::{schedule::DispatchTime, StorePreimage};
				let proposal = RuntimeCall::Emissions(pallet_emissions::Call::set_schedule {
					schedule: schedule.build(),
				});
				RuntimeCall::Referenda(pallet_referenda::Call::submit {
					proposal_origin: Box::new(depin_runtime::OriginCaller::Origins(
						depin_runtime::origins::pallet_custom_origins::Origin::EmissionAdmin,
					)),
					proposal: depin_runtime::Preimage::bound(proposal).ok()?,
					enactment_moment: DispatchTime::After(0),
				})
			}
			UserCall::PlaceDecisionDeposit { index } => {
				RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit {
					index: u32::from(*index % 4),
				})
			}
			UserCall::Vote { index, aye, amount, conviction } => {
				use pallet_conviction_voting::{AccountVote, Conviction, Vote};
				let conviction = Conviction::try_from(conviction % 7).unwrap_or_default();
				RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
					poll_index: u32::from(*index % 4),
					vote: AccountVote::Standard {
						vote: Vote { aye: *aye, conviction },
						balance: amount.value(),
					},
				})
			}
			UserCall::Remark { bytes } => {
				RuntimeCall::System(frame_system::Call::remark { remark: bytes.clone() })
			}
		})
	}

	fn root_call(&self, call: &RootCall) -> RuntimeCall {
		use RootCall::*;
		match call {
			SetSchedule(s) => {
				RuntimeCall::Emissions(pallet_emissions::Call::set_schedule { schedule: s.build() })
			}
			SetEpochLength(l) => RuntimeCall::Work(pallet_work::Call::set_epoch_length {
				length: u32::from(*l % 64),
			}),
			SetChallengeRate(r) => RuntimeCall::Work(pallet_work::Call::set_challenge_rate {
				rate: Perbill::from_percent(u32::from(*r % 101)),
			}),
			SetQuorum(q) => RuntimeCall::Work(pallet_work::Call::set_attestation_quorum {
				quorum: u32::from(*q % 5),
			}),
			SetDisputeWindow(w) => RuntimeCall::Work(pallet_work::Call::set_dispute_window {
				epochs: u32::from(*w % 8),
			}),
			AdmitVerifier { who, quota } => RuntimeCall::Work(pallet_work::Call::admit_verifier {
				verifier: self.account_id(*who),
				quota: u64::from(*quota),
			}),
			RemoveVerifier { who } => RuntimeCall::Work(pallet_work::Call::remove_verifier {
				verifier: self.account_id(*who),
			}),
			ResolveDispute { id, upheld } => {
				RuntimeCall::Work(pallet_work::Call::resolve_dispute {
					id: u32::from(*id % 8),
					upheld: *upheld,
				})
			}
			Suspend { device } => RuntimeCall::Devices(pallet_devices::Call::suspend_device {
				device: self.device(*device).key,
			}),
			Resume { device } => RuntimeCall::Devices(pallet_devices::Call::resume_device {
				device: self.device(*device).key,
			}),
			SetMakerQuota { quota } => {
				RuntimeCall::Devices(pallet_devices::Call::set_maker_quota {
					maker: 0,
					quota: u32::from(*quota),
				})
			}
			RevokeMaker => RuntimeCall::Devices(pallet_devices::Call::revoke_maker { maker: 0 }),
		}
	}

	fn act(&mut self, action: &Action) -> bool {
		match action {
			Action::NextBlock => return self.next_block(),
			Action::Skip(n) => {
				for _ in 0..=(n % 40) {
					if !self.next_block() {
						return false;
					}
				}
			}
			Action::Call { signer, call } => {
				if let Some(call) = self.user_call(*signer, call) {
					self.submit(sign(self.account(*signer), call));
				}
			}
			Action::Batch { signer, calls, all } => {
				let calls: Vec<_> =
					calls.iter().take(4).filter_map(|c| self.user_call(*signer, c)).collect();
				let call = if *all {
					pallet_utility::Call::batch_all { calls }
				} else {
					pallet_utility::Call::batch { calls }
				};
				self.submit(sign(self.account(*signer), RuntimeCall::Utility(call)));
			}
			Action::Root(call) => {
				let call = self.root_call(call);
				let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
				self.submit(sign(&self.fx.accounts[0], sudo));
			}
			Action::RawCall { signer, bytes } => {
				// Never from the sudo key: root may do anything, by design.
				let signer = Acc(1 + signer.0 % (ACCOUNTS as u8 - 1));
				if let Ok(call) =
					RuntimeCall::decode_all_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut &bytes[..])
				{
					self.submit(sign(self.account(signer), call));
				}
			}
			Action::RawExtrinsic(bytes) => {
				if let Ok(xt) = UncheckedExtrinsic::decode_all_with_depth_limit(
					MAX_EXTRINSIC_DEPTH,
					&mut &bytes[..],
				) {
					let parent = System::parent_hash();
					let _ = Executive::validate_transaction(
						sp_runtime::transaction_validity::TransactionSource::External,
						xt.clone(),
						parent,
					);
					self.submit(xt);
				}
			}
		}
		true
	}
}

/// Parses `data` into actions (as many as it holds, at most [`MAX_ACTIONS`]).
pub fn actions(data: &[u8]) -> Vec<Action> {
	let mut u = Unstructured::new(data);
	let mut actions = Vec::new();
	while actions.len() < MAX_ACTIONS && !u.is_empty() {
		match Action::arbitrary(&mut u) {
			Ok(a) => actions.push(a),
			Err(_) => break,
		}
	}
	actions
}

/// Runs the actions encoded in `data` from the fixture and checks the invariants after every
/// block and at the end. Panics on a finding.
pub fn run(data: &[u8]) {
	run_actions(&actions(data));
}

/// Runs `actions` from the fixture and checks the invariants after every block and at the end.
/// Panics on a finding.
pub fn run_actions(actions: &[Action]) {
	let fx = fixture();
	let mut ext = sp_io::TestExternalities::new(fx.storage.clone());
	ext.execute_with(|| {
		let mut run = Run {
			fx,
			devices: fx.devices.clone(),
			inv: Invariants::new(
				fx.issuance,
				fx.accounts.iter().map(|p| AccountId::from(p.public())).collect(),
			),
			blocks: 0,
		};
		start_block(fx.parent.number + 1, fx.parent.hash());
		for action in actions {
			if !run.act(action) {
				break;
			}
		}
		// Close the last block and check it too.
		Executive::finalize_block();
		run.inv.check_block();
	});
}
