#!/usr/bin/env bash
# Fuzzes the runtime with libFuzzer: arbitrary sequences of blocks and calls from the fuzz
# harness (runtime/fuzz), with every pallet's try_state and the money invariants checked after
# each block. See docs/security.md.
#
#   ./scripts/fuzz.sh [seconds]     fuzz for that long (default 600), then minimise the corpus
#
# New inputs that reach new code are added to fuzz/corpus/runtime (commit them: the test suite
# replays that corpus). A crash or broken invariant stops the run and leaves its input in
# fuzz/artifacts/runtime/; reproduce it with
#   cargo fuzz run --sanitizer none runtime fuzz/artifacts/runtime/<file>   (from fuzz/)
# and, once fixed, copy it to fuzz/regressions/ so the test suite keeps replaying it.
#
# The machine's stable toolchain cannot build sanitizers, so the run uses libFuzzer's coverage
# instrumentation without AddressSanitizer (the runtime forbids unsafe code anyway).
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"
# The harness runs the runtime natively; no wasm blob is needed.
export SKIP_WASM_BUILD=1

say() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*"; }

seconds="${1:-600}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
	echo "usage: $0 [seconds]   (a positive number of seconds; default 600)" >&2
	exit 2
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
	say "installing cargo-fuzz"
	cargo install cargo-fuzz --locked --version 0.13.2
fi

cd fuzz
mkdir -p corpus/runtime artifacts/runtime
say "building the instrumented harness (the first build takes a while)"
cargo fuzz build --sanitizer none runtime

say "fuzzing for ${seconds} s; progress lines show coverage (cov) and corpus size (corp)"
cargo fuzz run --sanitizer none runtime corpus/runtime -- \
	-max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -max_len=4096 -len_control=0 \
	-print_final_stats=1

say "minimising the corpus"
cargo fuzz cmin --sanitizer none runtime corpus/runtime
say "done: $(ls corpus/runtime | wc -l) corpus inputs in fuzz/corpus/runtime"
