//! Replays the committed fuzz corpus (`fuzz/corpus/runtime`, including minimised crashes kept
//! as regression inputs in `fuzz/regressions`) and a deterministic pseudo-random batch through
//! the harness, checking every invariant after every block; and runs hand-written action
//! sequences that reach every outcome of settlements, beacons and general transactions.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;

use depin_fuzz::{Acc, Action, Dev, Outcomes, Tamper, UserCall, Voucher};

fn add(total: &mut Outcomes, o: Outcomes) {
	total.settled += o.settled;
	total.settlements_refused += o.settlements_refused;
	total.vouchers_skipped += o.vouchers_skipped;
	total.settlements_clipped += o.settlements_clipped;
	total.beacons += o.beacons;
	total.beacons_refused += o.beacons_refused;
	total.replays_refused += o.replays_refused;
	total.signed_failed += o.signed_failed;
	total.unauthorized_refused += o.unauthorized_refused;
}

fn inputs(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
	let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(dir);
	let Ok(entries) = std::fs::read_dir(&root) else { return Vec::new() };
	let mut files: Vec<_> = entries
		.map(|e| e.expect("readable directory").path())
		.filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
		.collect();
	files.sort();
	files
		.into_iter()
		.map(|p| {
			let data = std::fs::read(&p).expect("readable input");
			(p, data)
		})
		.collect()
}

#[test]
fn committed_corpus_replays_cleanly() {
	let corpus = inputs("corpus/runtime");
	assert!(corpus.len() >= 20, "the committed corpus has {} inputs", corpus.len());
	let mut total = Outcomes::default();
	for (path, data) in corpus.iter().chain(inputs("regressions").iter()) {
		println!("replaying {}", path.display());
		add(&mut total, depin_fuzz::run_counting(data));
	}
	println!("{total:?}");
	// The corpus still reaches settlements, beacons, replays and general transactions without
	// authorization (so a change to the harness cannot quietly stop exercising them).
	assert!(total.settled > 0 && total.settlements_refused > 0, "{total:?}");
	assert!(total.beacons > 0 && total.beacons_refused > 0, "{total:?}");
	assert!(total.replays_refused > 0 && total.unauthorized_refused > 0, "{total:?}");
}

/// Hand-written actions through the harness, with its invariants: Eve settles 100 units of a
/// sensor and sends the same settlement again at once (refused); next block, an earlier success
/// is replayed (refused) and Eve's batch with a stale voucher of that sensor (skipped) and a new
/// one of another sensor settles; Ferdie's 9,950 units of the first sensor take it past its
/// cap of 10,000 (clipped); Bob signs a settlement (included, fails) and sends a remark as a
/// general transaction (refused); a beacon with one witness, sent twice (the copy refused),
/// then with a second witness added.
#[test]
fn scenarios_reach_every_outcome() {
	let voucher = |device: u8, consumer: u8, cumulative: u16, flags: u8| Voucher {
		device: Dev(device),
		consumer: Acc(consumer),
		cumulative,
		flags,
		device_tamper: Tamper::None,
		consumer_tamper: Tamper::None,
	};
	let general = |call| Action::Call { signer: Acc(1), call };
	let settle = |back, vouchers| general(UserCall::Settle { back, vouchers });
	let beacon = |back, witnesses: &[u8]| {
		general(UserCall::Beacon {
			back,
			beaconer: Dev(0),
			witnesses: witnesses.iter().map(|w| (Dev(*w), Tamper::None)).collect(),
			wrong_challenge: false,
			beaconer_tamper: Tamper::None,
		})
	};
	let outcomes = depin_fuzz::run_actions(&[
		settle(0x40, vec![voucher(0, 0, 100, 0)]),
		Action::NextBlock,
		settle(0x80, vec![voucher(0, 0, 50, 0), voucher(1, 0, 30, 0)]),
		settle(0, vec![voucher(0, 1, 9_950, 0x08)]),
		Action::Call {
			signer: Acc(0xe1),
			call: UserCall::Settle { back: 0, vouchers: vec![voucher(1, 0, 60, 0)] },
		},
		Action::Call { signer: Acc(0xe1), call: UserCall::Remark { bytes: vec![1, 2, 3] } },
		beacon(0x40, &[1]),
		Action::NextBlock,
		beacon(0, &[1, 2]),
		Action::Skip(20),
	]);
	assert_eq!(
		outcomes,
		Outcomes {
			settled: 3,
			settlements_refused: 2,
			vouchers_skipped: 1,
			settlements_clipped: 1,
			beacons: 2,
			beacons_refused: 1,
			replays_refused: 2,
			signed_failed: 1,
			unauthorized_refused: 1,
		}
	);
}

/// SplitMix64: a tiny deterministic generator, so this test needs no dependency and always
/// runs the same inputs.
fn splitmix(state: &mut u64) -> u64 {
	*state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
	let mut z = *state;
	z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
	z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
	z ^ (z >> 31)
}

#[test]
fn pseudo_random_inputs_keep_the_invariants() {
	let runs: u64 =
		std::env::var("DEPIN_FUZZ_SMOKE_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
	let mut state = 0x0dd_c0ffee;
	for i in 0..runs {
		let len = 64 + (splitmix(&mut state) % 1024) as usize;
		let data: Vec<u8> = (0..len).map(|_| splitmix(&mut state) as u8).collect();
		println!(
			"pseudo-random input {i}: {len} bytes, {} actions",
			depin_fuzz::actions(&data).len()
		);
		depin_fuzz::run(&data);
	}
}

/// The `x509` target's committed corpus (chains of the openssl-made vectors) and a
/// deterministic batch of byte-level mutations of it: nothing panics, the intact
/// three-certificate chain verifies at two timestamps (so the mutations reach past the
/// reader), and the chains that must fail do: `chain3_root` and `single` end in a CA or a
/// device certificate the root did not issue, `rogue` is issued by a device key.
#[test]
fn x509_corpus_and_mutations_keep_the_reader_total() {
	let corpus = inputs("corpus/x509");
	assert!(corpus.len() >= 5, "the committed x509 corpus has {} inputs", corpus.len());
	let mut verified = 0;
	for (path, data) in &corpus {
		let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
		let ok = depin_fuzz::x509(data);
		verified += usize::from(ok);
		match name {
			"chain3" | "chain3_late" => assert!(ok, "{path:?} must verify"),
			"chain3_root" | "single" | "rogue" => assert!(!ok, "{path:?} must be refused"),
			_ => {}
		}
	}
	assert!(verified >= 2, "{verified} corpus chains verified");
	let mut state = 0x5eed_u64;
	for (_, data) in &corpus {
		for _ in 0..200 {
			let mut mutated = data.clone();
			for _ in 0..1 + splitmix(&mut state) % 4 {
				let at = (splitmix(&mut state) % mutated.len() as u64) as usize;
				match splitmix(&mut state) % 3 {
					0 => mutated[at] ^= 1 << (splitmix(&mut state) % 8),
					1 => mutated[at] = splitmix(&mut state) as u8,
					_ => mutated.truncate(at.max(1)),
				}
			}
			depin_fuzz::x509(&mutated);
		}
	}
}
