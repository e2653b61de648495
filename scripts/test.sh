#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite: formatting, the runtime's integration
# tests, the end-to-end tests that start real `depin-node` processes on loopback, and the web
# explorer's checks and browser tests.
#
# Builds share a persistent target directory ($CARGO_TARGET_DIR, default
# ~/.cache/depin-chain/target) so later runs and CI reuse earlier work.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

start=$(date +%s)
# Each step's line carries the seconds since the start, so a slow step shows in CI's log.
say() { printf '\033[1;34m[test %5ss]\033[0m %s\n' "$(($(date +%s) - start))" "$*"; }

./scripts/setup.sh

say "cargo fmt --check"
cargo fmt --all -- --check

say "building and running all tests (target dir: $CARGO_TARGET_DIR)"
# The e2e tests serialize themselves (one node set at a time); runtime tests are quick.
# The fuzz harness runs below, with the try-runtime checks it needs.
cargo test --workspace --exclude depin-fuzz --locked --no-run
say "running the workspace's tests"
cargo test --workspace --exclude depin-fuzz --locked -- --nocapture

# The web explorer (docs/explorer.md): type check, lint, unit tests, build, and browser tests in
# headless Chromium against a dev node of the debug binaries the cargo tests just built.
./scripts/explorer-test.sh

# The fuzz harness (docs/security.md): replays the committed corpus and regression inputs, then
# a deterministic pseudo-random batch (DEPIN_FUZZ_SMOKE_RUNS, default 64: about a minute), with
# every pallet's try_state and the money invariants checked after each block.
say "fuzz corpus replay and smoke run"
SKIP_WASM_BUILD=1 cargo test -p depin-fuzz --locked --features try-runtime

# Every pallet's benchmarks run as tests too (they need the runtime-benchmarks feature, which
# the node and runtime builds above do not enable). Pallets have no wasm to build.
for manifest in pallets/*/Cargo.toml; do
	pallet=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)
	say "benchmarks of $pallet as tests"
	SKIP_WASM_BUILD=1 cargo test -p "$pallet" --locked --features runtime-benchmarks
done

# Storage migrations' pre_upgrade/post_upgrade checks only exist with the try-runtime feature.
say "storage migrations with their try-runtime checks"
SKIP_WASM_BUILD=1 cargo test -p pallet-devices -p pallet-work -p pallet-emissions --locked --features try-runtime \
	migration

say "all tests passed in $(( $(date +%s) - start )) s"
