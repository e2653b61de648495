//! Replays the committed fuzz corpus (`fuzz/corpus/runtime`, including minimised crashes kept
//! as regression inputs in `fuzz/regressions`) and a deterministic pseudo-random batch through
//! the harness, checking every invariant after every block.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;

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
	for (path, data) in corpus.iter().chain(inputs("regressions").iter()) {
		println!("replaying {}", path.display());
		depin_fuzz::run(data);
	}
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
