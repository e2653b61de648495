//! A fuzz harness for the DePIN runtime.
//!
//! [`run`] turns arbitrary bytes into a sequence of [`Action`]s (blocks, signed transactions of
//! every custom pallet, balances, utility, sudo, preimage, referenda and conviction voting,
//! voucher settlements and beacons as authorized general transactions, plus raw SCALE bytes
//! decoded as calls and as whole extrinsics) and executes them on the real runtime, natively,
//! from a fixed starting state: the development preset with eight accounts (two of them
//! unfunded), eleven registered devices of the three proof kinds, two admitted verifiers and
//! two consumers with credits ([`fixture`]).
//!
//! Transactions go through `Executive::apply_extrinsic`, so signatures, authorizations, nonces,
//! fees and the block weight limit are the real ones. Settlements and beacons are sent as
//! authorized general transactions (no signer), 1 in 8 of them as signed transactions instead
//! (which must fail); 1 in 8 of the other calls is sent as a general transaction (which must be
//! refused). Each transaction is checked as it is applied (`Run::submit`):
//! - a general transaction is included only if its call is authorized (a settlement or a
//!   beacon), and then it succeeds: a general transaction is never dispatched to fail, which
//!   would be block space for free;
//! - a settlement that succeeded never succeeds again (cumulative vouchers replace nonces),
//!   and its charge is `settlement_charge` of its batch size; settlements and beacons are also
//!   replayed on purpose, at once and blocks later;
//! - a signed settlement or beacon never succeeds.
//!
//! After every block the harness checks ([`Invariants`]):
//! - every pallet's `try_state` (with the `try-runtime` feature);
//! - total issuance = genesis + Σ minted − Σ burned, from the balances pallet's events;
//! - credits spent = Σ (credits + charge) of the `UsageSettled` events, and each epoch's credits
//!   in its totals = Σ credits of its settlements (the charge backs no reward);
//! - each closed epoch's emission is at most what a schedule allows, and what was minted for
//!   an epoch is at most its emission and re-mint; total issuance stays under the supply cap;
//! - each re-mint is at most a schedule's re-mint cap, every re-mint is reported by an event,
//!   and Σ re-minted ≤ Σ unrepaid burn ≤ credits ever spent;
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
use pallet_devices::{ProofKind, PublicKey};
use pallet_emissions::{KindWeights, Schedule, Shape, Split};
use pallet_work::{Attestation, VoucherItem, WitnessReceipt};
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_core::{sr25519, Pair as _, H256};
use sp_runtime::{
	generic::{Digest, DigestItem, Preamble},
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	ApplyExtrinsicResult, MultiSignature, Perbill,
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

/// One usage voucher of a settlement. (Its fields have the types, in the order, of v1's usage
/// receipt, so that the committed corpus decodes into the same actions as before.) Mostly
/// valid: spoiled parts are chosen by `flags`.
#[derive(Arbitrary, Debug, Clone)]
pub struct Voucher {
	/// A device of a usage class (any known device if `device.0 >= 0xe0`).
	pub device: Dev,
	/// On the first voucher, the batch's consumer: one of the two holding credits (any account
	/// if `consumer.0 >= 0xe0`). On any voucher with `flags % 8 == 6`, the account the device
	/// signed the voucher for instead of the batch's consumer.
	pub consumer: Acc,
	/// The units served in all: `cumulative % 2048`, or all 16 bits if `flags & 0x08`
	/// (0 is refused; past the class cap it is clipped).
	pub cumulative: u16,
	/// `% 8`: 7 signed at another price than the class's; 6 signed for `consumer`; 5 (not on
	/// the first voucher) added after the consumer signed. `& 0x30 == 0x30`: the device
	/// signature spoiled by `device_tamper`. `& 0x40` on the first voucher: the consumer's batch
	/// signature spoiled by `consumer_tamper`.
	pub flags: u8,
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
	/// Percent of a device's bond (0 is refused).
	pub bond_reward_cap: u8,
	pub claim_expiry: u16,
	/// Net emissions: smoothing (0 is refused), re-mint cap and ratio window (0 is refused).
	pub net: (u16, Amount, u16),
	/// A demand index: target in percent of the unrepaid burn ÷ the curve's issuance (0 is
	/// refused), floor and ceiling
	/// in percent (a floor above the ceiling is refused).
	pub demand_index: Option<(u16, u8, u8)>,
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
			bond_reward_cap: Perbill::from_percent(u32::from(self.bond_reward_cap) % 101),
			claim_expiry: u32::from(self.claim_expiry),
			net: pallet_emissions::NetEmissions {
				smoothing: u32::from(self.net.0),
				remint_cap: self.net.1.value(),
				ratio_window: u32::from(self.net.2),
			},
			demand_index: self.demand_index.map(|(target, floor, ceiling)| {
				pallet_emissions::DemandIndex {
					target_ppm: u32::from(target) * 10_000,
					floor: Perbill::from_percent(u32::from(floor) % 101),
					ceiling: Perbill::from_percent(u32::from(ceiling) % 101),
				}
			}),
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
	/// A settlement of usage vouchers, authorized by its first voucher's consumer, for the
	/// current epoch (`back % 8` 5: the one before, 6: two before, 7: the next). No vouchers:
	/// one of `Dev(back)` for `100 + back` units, unless `back & 0x20` (an empty batch). Sent on its
	/// own (see [`Action::Call`]): `back & 0x40` sends it twice at once, `back & 0x80` first
	/// sends again a settlement or beacon that succeeded earlier in the run.
	Settle {
		back: u8,
		vouchers: Vec<Voucher>,
	},
	/// A beacon of `beaconer` with its witnesses, devices of a witnessed class (any known
	/// device if the index is `0xe0` or more); a witness whose index has the `0x40` bit set
	/// signs as its `Tamper` says, and the challenge is wrong if `wrong_challenge` and the
	/// beaconer's index has the `0x40` bit set; with that bit set the beaconer also signs its
	/// beacon as `beaconer_tamper` says. No witnesses: one, `Dev(back)`, unless
	/// `back & 0x20`. `back` chooses the epoch and the replays as for [`UserCall::Settle`].
	Beacon {
		back: u8,
		beaconer: Dev,
		witnesses: Vec<(Dev, Tamper)>,
		wrong_challenge: bool,
		beaconer_tamper: Tamper,
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
	CancelTransfer {
		device: Dev,
	},
	/// Closes dispute `id % 8` if it timed out.
	ExpireDispute {
		id: u8,
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
	AdmitVerifier {
		who: Acc,
		quota: u32,
	},
	RemoveVerifier {
		who: Acc,
	},
	ResolveDispute {
		id: u8,
		upheld: bool,
	},
	Suspend {
		device: Dev,
	},
	Resume {
		device: Dev,
	},
	SetMakerQuota {
		quota: u16,
	},
	RevokeMaker,
	/// `n % 8` epochs (0 is refused).
	SetDisputeTimeout(u8),
}

/// One step of a run.
#[derive(Arbitrary, Debug, Clone)]
pub enum Action {
	/// Ends the block and starts the next.
	NextBlock,
	/// Runs `1 + n % 40` blocks.
	Skip(u8),
	/// A transaction: signed by `signer`, except settlements and beacons, which are
	/// authorized general transactions. `signer.0 >= 0xe0` swaps the two: settlements and
	/// beacons are signed by `signer` (and must fail), other calls are sent as general
	/// transactions (and must be refused).
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
			apply(&accounts[v], RuntimeCall::Work(pallet_work::Call::apply_verifier {}));
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
	/// Each rewarded epoch's emission and re-mint.
	pub emission: BTreeMap<u32, Balance>,
	/// The largest per-epoch emission any schedule seen so far allows.
	pub emission_bound: Balance,
	/// The largest per-epoch re-mint any schedule seen so far allows.
	pub remint_bound: Balance,
	/// Σ re-minted that the `EpochRewarded` events account for.
	pub reminted: Balance,
	/// The largest supply cap seen so far.
	pub cap_bound: Balance,
	/// Credits spent (the emissions ledger's `CreditsSpent`) that the `UsageSettled` events
	/// account for.
	pub expected_spent: Balance,
	/// Each epoch's credits in its totals that the `UsageSettled` events account for.
	pub settled_credits: BTreeMap<u32, Balance>,
}

impl Invariants {
	fn new(issuance: Balance, accounts: Vec<AccountId>) -> Self {
		let mut inv = Invariants {
			accounts,
			expected_issuance: issuance,
			emission: BTreeMap::new(),
			emission_bound: 0,
			remint_bound: 0,
			reminted: pallet_emissions::Demand::<Runtime>::get().reminted,
			cap_bound: issuance,
			expected_spent: pallet_emissions::CreditsSpent::<Runtime>::get(),
			settled_credits: pallet_work::Totals::<Runtime>::iter()
				.map(|(epoch, totals)| (epoch, totals.credits))
				.collect(),
		};
		inv.note_schedules();
		inv
	}

	fn note_schedule(&mut self, s: &Schedule<Balance>) {
		self.emission_bound = self.emission_bound.max(s.initial.max(s.tail));
		self.remint_bound = self.remint_bound.max(s.net.remint_cap);
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
				RuntimeEvent::Work(pallet_work::Event::UsageSettled {
					epoch,
					credits,
					charge,
					..
				}) => {
					self.expected_spent += credits + charge;
					*self.settled_credits.entry(epoch).or_default() += credits;
				}
				RuntimeEvent::Emissions(pallet_emissions::Event::EpochRewarded {
					epoch,
					emission,
					reminted,
					..
				}) => {
					assert!(
						emission <= self.emission_bound,
						"epoch {epoch} emitted {emission}, above every schedule ({})",
						self.emission_bound
					);
					assert!(
						reminted <= self.remint_bound,
						"epoch {epoch} re-minted {reminted}, above every schedule's cap ({})",
						self.remint_bound
					);
					self.reminted += reminted;
					// Its pools hold the re-mint too: claims may mint it.
					self.emission.insert(epoch, emission + reminted);
				}
				_ => {}
			}
		}
		// Re-mints: each one reported, never more than was ever burned.
		let demand = pallet_emissions::Demand::<Runtime>::get();
		assert_eq!(demand.reminted, self.reminted, "re-mints the events account for");
		assert!(demand.reminted <= demand.unrepaid, "re-minted more than the unrepaid burn");
		assert!(
			demand.unrepaid <= pallet_emissions::CreditsSpent::<Runtime>::get(),
			"more unrepaid burn than credits ever spent"
		);
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(
			issuance,
			self.expected_issuance,
			"block {number}: total issuance differs from genesis + minted - burned; events: {:#?}",
			System::events().iter().map(|r| &r.event).collect::<Vec<_>>()
		);
		assert!(issuance <= self.cap_bound, "block {number}: issuance {issuance} above the cap");

		// Credits: spent only by settlements, for their units and their charge; an epoch's
		// credits are its settlements' credits, without the charges.
		assert_eq!(
			pallet_emissions::CreditsSpent::<Runtime>::get(),
			self.expected_spent,
			"block {number}: credits spent differ from the settlements' credits and charges"
		);
		for (epoch, totals) in pallet_work::Totals::<Runtime>::iter() {
			assert_eq!(
				totals.credits,
				self.settled_credits.get(&epoch).copied().unwrap_or_default(),
				"block {number}: epoch {epoch}'s credits differ from its settlements'"
			);
		}
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
		for (_, device, ids) in pallet_work::OpenDisputes::<Runtime>::iter() {
			*open.entry(device).or_default() += ids.len() as u32;
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

/// What a run's settlements, beacons and general transactions came to: the tests check that
/// the committed corpus reaches each outcome, so that the harness cannot silently stop
/// exercising them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcomes {
	/// Settlements applied (as general transactions).
	pub settled: u32,
	/// Settlements refused (invalid: not included).
	pub settlements_refused: u32,
	/// Vouchers skipped inside a settled batch (`VoucherSkipped`).
	pub vouchers_skipped: u32,
	/// Units of settlements clipped at a class cap (a voucher's increase not credited).
	pub settlements_clipped: u32,
	/// Beacon submissions applied (as general transactions).
	pub beacons: u32,
	/// Beacon submissions refused.
	pub beacons_refused: u32,
	/// Successful settlements or beacons sent again, and refused.
	pub replays_refused: u32,
	/// Settlements or beacons sent as signed transactions and included (failing `BadOrigin`).
	pub signed_failed: u32,
	/// General transactions of calls without authorization, refused.
	pub unauthorized_refused: u32,
}

/// The state of one run.
struct Run<'a> {
	fx: &'a Fixture,
	devices: Vec<DeviceKey>,
	inv: Invariants,
	blocks: u32,
	/// Authorized general transactions that succeeded, for replays.
	succeeded: Vec<UncheckedExtrinsic>,
	outcomes: Outcomes,
}

/// Whether `call` is authorized by the signatures it carries (sent as a general transaction).
fn authorized(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Work(
			pallet_work::Call::settle_usage { .. } | pallet_work::Call::submit_beacon { .. }
		)
	)
}

/// An authorized general transaction of `call`: no signer, nonce or fee.
fn general(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, depin_runtime::immortal_tx_extension(0))
}

/// The unit price of `device`'s class, or 0.001 DPIN for a device that is not registered.
fn class_price(device: &PublicKey) -> Balance {
	pallet_devices::Devices::<Runtime>::get(device)
		.and_then(|d| pallet_devices::Classes::<Runtime>::get(d.class))
		.map_or(depin_runtime::MILLI_DPIN, |c| c.unit_price)
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

	/// A device of proof kind `kind` known to the run (registered now, with a class of that
	/// kind), by index modulo their number; any known device if `d.0 >= 0xe0` (1 in 8) or none
	/// is of that kind.
	fn device_of(&self, d: Dev, kind: ProofKind) -> &DeviceKey {
		let of_kind: Vec<&DeviceKey> = self
			.devices
			.iter()
			.filter(|k| {
				pallet_devices::Devices::<Runtime>::get(k.key)
					.and_then(|d| pallet_devices::Classes::<Runtime>::get(d.class))
					.is_some_and(|c| c.proof == kind)
			})
			.collect();
		if d.0 >= 0xe0 || of_kind.is_empty() {
			return self.device(d);
		}
		of_kind[usize::from(d.0) % of_kind.len()]
	}

	/// The epoch of a settlement or beacon: mostly the current one (`back % 8` 5: the one
	/// before, 6: two before, 7: the next).
	fn report_epoch(back: u8) -> u32 {
		let current = pallet_work::CurrentEpoch::<Runtime>::get();
		match back % 8 {
			7 => current + 1,
			6 => current.saturating_sub(2),
			5 => current.saturating_sub(1),
			_ => current,
		}
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

	/// Applies `xt` the way a block builder does (an invalid transaction is left out, and what
	/// applying it wrote is discarded) and checks what the chain did with it against the rules
	/// of general transactions. Errors (invalid transactions, failed calls) are expected; only
	/// panics and broken invariants are findings.
	fn submit(&mut self, xt: UncheckedExtrinsic) -> ApplyExtrinsicResult {
		let encoded = xt.encode();
		let general = matches!(xt.preamble, Preamble::General(..));
		let signed = matches!(xt.preamble, Preamble::Signed(..));
		let call = xt.function.clone();
		// The units a settlement would raise its devices' settled totals by, before it runs.
		let increase = match &call {
			RuntimeCall::Work(pallet_work::Call::settle_usage {
				consumer, epoch, items, ..
			}) => items.iter().fold(0u64, |sum, v| {
				let settled = pallet_work::Settled::<Runtime>::get(epoch, (consumer, v.device));
				sum.saturating_add(v.cumulative_units.saturating_sub(settled.unwrap_or(0)))
			}),
			_ => 0,
		};
		let index = System::extrinsic_index().unwrap_or_default();
		sp_io::storage::start_transaction();
		let result = Executive::apply_extrinsic(xt.clone());
		if result.is_ok() {
			sp_io::storage::commit_transaction();
		} else {
			sp_io::storage::rollback_transaction();
		}
		let number = System::block_number();
		if general && !authorized(&call) {
			assert!(
				result.is_err(),
				"block {number}: a general transaction without authorization was included \
				 ({result:?}): {call:?}"
			);
		}
		if general && authorized(&call) {
			assert!(
				!matches!(result, Ok(Err(_))),
				"block {number}: an authorized general transaction was dispatched to fail \
				 (block space for free): {result:?}, {call:?}"
			);
		}
		if signed && authorized(&call) {
			assert!(
				result != Ok(Ok(())),
				"block {number}: a signed transaction of an authorized call succeeded: {call:?}"
			);
		}
		let o = &mut self.outcomes;
		let applied = result == Ok(Ok(()));
		match (&call, general, signed) {
			(RuntimeCall::Work(pallet_work::Call::settle_usage { .. }), true, _) => {
				if applied {
					o.settled += 1;
				} else {
					o.settlements_refused += 1;
				}
			}
			(RuntimeCall::Work(pallet_work::Call::submit_beacon { .. }), true, _) => {
				if applied {
					o.beacons += 1;
				} else {
					o.beacons_refused += 1;
				}
			}
			(_, true, _) if result.is_err() => o.unauthorized_refused += 1,
			(_, _, true) if authorized(&call) && result.is_ok() => o.signed_failed += 1,
			_ => {}
		}
		if general && applied {
			if let RuntimeCall::Work(pallet_work::Call::settle_usage { items, .. }) = &call {
				// This transaction's events.
				let events: Vec<_> = System::events()
					.into_iter()
					.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
					.map(|r| r.event)
					.collect();
				let skipped = events
					.iter()
					.filter(|e| {
						matches!(e, RuntimeEvent::Work(pallet_work::Event::VoucherSkipped { .. }))
					})
					.count();
				self.outcomes.vouchers_skipped += skipped as u32;
				let settled = events.iter().find_map(|e| match e {
					RuntimeEvent::Work(pallet_work::Event::UsageSettled {
						units, charge, ..
					}) => Some((*units, *charge)),
					_ => None,
				});
				if settled.is_some_and(|(units, _)| units < increase) {
					self.outcomes.settlements_clipped += 1;
				}
				assert!(
					!self.succeeded.iter().any(|earlier| earlier.encode() == encoded),
					"block {number}: a settlement succeeded twice: {call:?}"
				);
				let expected =
					pallet_work::Pallet::<Runtime>::settlement_charge(items.len() as u32);
				let charged = settled.map(|(_, charge)| charge);
				assert_eq!(charged, Some(expected), "block {number}: the settlement charge");
			}
			self.succeeded.push(xt);
		}
		result
	}

	/// Sends the authorized call `call` as a general transaction, with the replays that `back`
	/// asks for (see [`UserCall::Settle`]).
	fn submit_authorized(&mut self, call: RuntimeCall, back: u8) {
		if back & 0x80 != 0 && !self.succeeded.is_empty() {
			let earlier = self.succeeded[usize::from(back >> 4 & 3) % self.succeeded.len()].clone();
			let _ = self.submit(earlier);
		}
		let xt = general(call);
		let first = self.submit(xt.clone());
		if back & 0x40 != 0 {
			let again = self.submit(xt);
			if first == Ok(Ok(())) {
				self.outcomes.replays_refused += 1;
				let refused = |e: pallet_work::Error<Runtime>| -> ApplyExtrinsicResult {
					Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
						e.encode()[0],
					)))
				};
				assert!(
					again == refused(pallet_work::Error::NothingToSettle)
						|| again == refused(pallet_work::Error::NoNewWitnesses)
						|| again == refused(pallet_work::Error::BeaconFull),
					"block {}: the same transaction again at once: {again:?}",
					System::block_number()
				);
			}
		}
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
			UserCall::Settle { back, vouchers } => {
				let epoch = Self::report_epoch(*back);
				let substitute;
				let vouchers = if vouchers.is_empty() && back & 0x20 == 0 {
					substitute = [Voucher {
						device: Dev(*back),
						consumer: Acc(*back >> 3),
						cumulative: 100 + u16::from(*back),
						flags: 0,
						device_tamper: Tamper::None,
						consumer_tamper: Tamper::None,
					}];
					&substitute[..]
				} else {
					&vouchers[..]
				};
				let batch_consumer = vouchers.first().map_or(Acc(4), |v| {
					if v.consumer.0 >= 0xe0 {
						v.consumer
					} else {
						Acc(4 + v.consumer.0 % 2)
					}
				});
				let consumer = self.account(batch_consumer).clone();
				let consumer_id = AccountId::from(consumer.public());
				let mut items = Vec::new();
				let mut signed_items = Vec::new();
				for (i, v) in vouchers.iter().take(8).enumerate() {
					let device = self.device_of(v.device, ProofKind::Usage).clone();
					let mut price = class_price(&device.key);
					if v.flags % 8 == 7 {
						price += 1;
					}
					let signed_for = if v.flags % 8 == 6 {
						self.account_id(v.consumer)
					} else {
						consumer_id.clone()
					};
					let cumulative = if v.flags & 0x08 != 0 {
						u64::from(v.cumulative)
					} else {
						u64::from(v.cumulative % 2048)
					};
					let payload = pallet_work::Pallet::<Runtime>::voucher_payload(
						&device.key,
						&signed_for,
						epoch,
						cumulative,
						price,
					);
					let other = pallet_work::payload::usage_voucher(
						&other_genesis,
						&device.key,
						&signed_for,
						epoch,
						cumulative,
						price,
					);
					let tamper =
						if v.flags & 0x30 == 0x30 { v.device_tamper } else { Tamper::None };
					let item = VoucherItem {
						device: device.key,
						cumulative_units: cumulative,
						unit_price: price,
						device_signature: spoil(tamper, &device.pair, &payload, &other),
					};
					if i == 0 || v.flags % 8 != 5 {
						signed_items.push(item.clone());
					}
					items.push(item);
				}
				let payload = pallet_work::Pallet::<Runtime>::batch_payload(
					&consumer_id,
					epoch,
					&signed_items,
				);
				let other = pallet_work::payload::usage_batch(
					&other_genesis,
					&consumer_id,
					epoch,
					&pallet_work::payload::voucher_items_hash(&signed_items),
				);
				let tamper = vouchers
					.first()
					.filter(|v| v.flags & 0x40 != 0)
					.map_or(Tamper::None, |v| v.consumer_tamper);
				RuntimeCall::Work(pallet_work::Call::settle_usage {
					consumer: consumer_id,
					epoch,
					items: items.try_into().ok()?,
					consumer_signature: MultiSignature::Sr25519(sr25519::Signature::from_raw(
						spoil(tamper, &consumer, &payload, &other),
					)),
				})
			}
			UserCall::Beacon { back, beaconer, witnesses, wrong_challenge, beaconer_tamper } => {
				let epoch = Self::report_epoch(*back);
				let tampered = beaconer.0 & 0x40 != 0;
				let wrong_challenge = *wrong_challenge && tampered;
				let beaconer_tamper = if tampered { *beaconer_tamper } else { Tamper::None };
				let beaconer_pair = self.device_of(*beaconer, ProofKind::Witnessed).pair.clone();
				let beaconer = self.device_of(*beaconer, ProofKind::Witnessed).key;
				let challenge = pallet_work::Pallet::<Runtime>::challenge(epoch, &beaconer)
					.filter(|_| !wrong_challenge)
					.unwrap_or_else(|| H256::repeat_byte(7));
				let payload =
					pallet_work::Pallet::<Runtime>::witness_payload(&beaconer, epoch, &challenge);
				let other =
					pallet_work::payload::witness(&other_genesis, &beaconer, epoch, &challenge);
				let one = [(Dev(*back), Tamper::None)];
				let witnesses = if witnesses.is_empty() && back & 0x20 == 0 {
					&one[..]
				} else {
					&witnesses[..]
				};
				let witnesses: Vec<_> = witnesses
					.iter()
					.take(6)
					.map(|(d, tamper)| {
						let w = self.device_of(*d, ProofKind::Witnessed);
						let tamper = if d.0 & 0x40 != 0 { *tamper } else { Tamper::None };
						WitnessReceipt {
							witness: w.key,
							signature: spoil(tamper, &w.pair, &payload, &other),
						}
					})
					.collect();
				let beacon_payload =
					pallet_work::Pallet::<Runtime>::beacon_payload(&beaconer, epoch, &challenge);
				let other_beacon =
					pallet_work::payload::beacon(&other_genesis, &beaconer, epoch, &challenge);
				RuntimeCall::Work(pallet_work::Call::submit_beacon {
					beaconer,
					epoch,
					witnesses: witnesses.try_into().ok()?,
					beaconer_signature: spoil(
						beaconer_tamper,
						&beaconer_pair,
						&beacon_payload,
						&other_beacon,
					),
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
			UserCall::CancelTransfer { device } => {
				RuntimeCall::Devices(pallet_devices::Call::cancel_transfer {
					device: self.device(*device).key,
				})
			}
			UserCall::ExpireDispute { id } => {
				RuntimeCall::Work(pallet_work::Call::expire_dispute { id: u32::from(*id % 8) })
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
			// Upheld disputes of ids 1 mod 4 fault the maker too, of ids 3 mod 4 the verifiers
			// only, so every verdict is played without changing the action's encoding (the
			// corpus stays valid).
			ResolveDispute { id, upheld } => {
				let verdict = match (*upheld, id % 4) {
					(false, _) => pallet_work::Verdict::Rejected,
					(true, 1) => pallet_work::Verdict::UpheldMakerAtFault,
					(true, 3) => pallet_work::Verdict::UpheldVerifiersAtFault,
					(true, _) => pallet_work::Verdict::Upheld,
				};
				RuntimeCall::Work(pallet_work::Call::resolve_dispute {
					id: u32::from(*id % 8),
					verdict,
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
			SetDisputeTimeout(n) => RuntimeCall::Work(pallet_work::Call::set_dispute_timeout {
				epochs: u32::from(*n % 8),
			}),
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
			Action::Call { signer, call: user_call } => {
				let swap = signer.0 >= 0xe0;
				let back = match user_call {
					UserCall::Settle { back, .. } | UserCall::Beacon { back, .. } => Some(*back),
					_ => None,
				};
				if let Some(call) = self.user_call(*signer, user_call) {
					match (back, swap) {
						(Some(back), false) => self.submit_authorized(call, back),
						(None, true) => {
							let _ = self.submit(general(call));
						}
						_ => {
							let xt = sign(self.account(*signer), call);
							let _ = self.submit(xt);
						}
					}
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
				let xt = sign(self.account(*signer), RuntimeCall::Utility(call));
				let _ = self.submit(xt);
			}
			Action::Root(call) => {
				let call = self.root_call(call);
				let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
				let xt = sign(&self.fx.accounts[0], sudo);
				let _ = self.submit(xt);
			}
			Action::RawCall { signer, bytes } => {
				// Never from the sudo key: root may do anything, by design.
				let signer = Acc(1 + signer.0 % (ACCOUNTS as u8 - 1));
				if let Ok(call) =
					RuntimeCall::decode_all_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut &bytes[..])
				{
					let xt = sign(self.account(signer), call);
					let _ = self.submit(xt);
				}
			}
			Action::RawExtrinsic(bytes) => {
				if let Ok(xt) = UncheckedExtrinsic::decode_all_with_depth_limit(
					MAX_EXTRINSIC_DEPTH,
					&mut &bytes[..],
				) {
					// The pool's check runs on a state of its own (it initialises the next
					// block): what it writes is discarded.
					let parent = System::parent_hash();
					sp_io::storage::start_transaction();
					let _ = Executive::validate_transaction(
						sp_runtime::transaction_validity::TransactionSource::External,
						xt.clone(),
						parent,
					);
					sp_io::storage::rollback_transaction();
					let _ = self.submit(xt);
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

/// Like [`run`], returning what the run's settlements, beacons and general transactions came
/// to.
pub fn run_counting(data: &[u8]) -> Outcomes {
	run_actions(&actions(data))
}

/// Runs `actions` from the fixture and checks the invariants after every block and at the end;
/// returns what its settlements, beacons and general transactions came to. Panics on a finding.
pub fn run_actions(actions: &[Action]) -> Outcomes {
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
			succeeded: Vec::new(),
			outcomes: Outcomes::default(),
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
		run.outcomes
	})
}

/// The `x509` fuzz target: the maker-certificate reader and chain check on arbitrary bytes.
///
/// The input is split into up to `MAX_CHAIN_LEN + 1` certificates, each preceded by a
/// two-byte big-endian length (a short tail is the last certificate). Every certificate is
/// read with `x509::parse` and the whole with `x509::verify_chain` under a fixed root, at a
/// time taken from the input, with a revocation set that depends on the serial: nothing may
/// panic, and what reads must be consistent with its bytes (the signed part and the names are
/// slices of the certificate, the serial within its bound, validity dates ordered as parsed).
/// Returns whether the chain verified.
pub fn x509(data: &[u8]) -> bool {
	use depin_primitives::x509::{self, MAX_CHAIN_LEN, MAX_SERIAL_LEN};
	let (now, mut rest) = match data.split_first_chunk::<8>() {
		Some((t, rest)) => (i64::from_le_bytes(*t), rest),
		None => (0, data),
	};
	let mut certs: Vec<&[u8]> = Vec::new();
	while !rest.is_empty() && certs.len() <= MAX_CHAIN_LEN as usize {
		let (len, body) = match rest.split_first_chunk::<2>() {
			Some((len, body)) => (usize::from(u16::from_be_bytes(*len)), body),
			None => (rest.len(), rest),
		};
		let (cert, tail) = body.split_at(len.min(body.len()));
		certs.push(cert);
		rest = tail;
	}
	for der in &certs {
		if let Ok(cert) = x509::parse(der) {
			let within = |part: &[u8]| {
				let start = part.as_ptr() as usize;
				let base = der.as_ptr() as usize;
				start >= base && start + part.len() <= base + der.len()
			};
			assert!(within(cert.tbs) && within(cert.issuer) && within(cert.subject));
			assert!(within(cert.serial) && cert.serial.len() <= MAX_SERIAL_LEN as usize);
			assert!(!cert.serial.is_empty());
			assert!(matches!(cert.key[0], 2 | 3));
		}
	}
	// The root of the committed test vectors (`scripts/x509-vectors.sh`), so that corpus
	// chains made from them verify and mutations explore the paths beyond parsing.
	let root =
		depin_primitives::x509::parse(include_bytes!("../../../primitives/tests/x509/root.der"))
			.map(|c| c.key)
			.unwrap_or([2; 33]);
	let revoked = |_: &[u8; 33], serial: &[u8], _: &[u8; 33]| serial.first() == Some(&0x66);
	let verified = x509::verify_chain(&certs, &root, now, revoked);
	if let Ok(chain) = &verified {
		assert!(!certs.is_empty() && certs.len() <= MAX_CHAIN_LEN as usize);
		assert!(chain.not_after >= now);
	}
	verified.is_ok()
}
