#!/usr/bin/env bash
# Generates the runtime's weights from the DePIN pallets' benchmarks.
#
#   ./scripts/benchmark.sh                 # every DePIN pallet, full precision
#   ./scripts/benchmark.sh pallet_devices  # one pallet
#   QUICK=1 ./scripts/benchmark.sh         # 2 steps x 1 repeat: checks that it works, the
#                                          # figures are not fit for the runtime
#
# It builds `depin-node` in release mode with the `runtime-benchmarks` feature, runs
# `depin-node benchmark pallet` on the freshly built wasm runtime and writes
# `runtime/src/weights/<pallet>.rs`. Run it on the reference machine (see
# docs/development.md) after changing a pallet's calls, storage or benchmarks, and commit the
# regenerated files.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[benchmark]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[benchmark]\033[0m %s\n' "$*" >&2; exit 1; }

# Every pallet of ours that the runtime benchmarks (`define_benchmarks!` in runtime/src/lib.rs).
all_pallets=(pallet_devices pallet_work pallet_emissions pallet_validator_set)
pallets=("$@")
[ ${#pallets[@]} -eq 0 ] && pallets=("${all_pallets[@]}")
for p in "${pallets[@]}"; do
	[[ " ${all_pallets[*]} " == *" $p "* ]] ||
		die "unknown pallet '$p'; the benchmarked pallets are: ${all_pallets[*]}"
done

if [ "${QUICK:-0}" = 1 ]; then steps=2; repeat=1; else steps=50; repeat=20; fi

./scripts/setup.sh

say "building depin-node (release, runtime-benchmarks); the first build takes a while"
# The benchmark CLI depends on a test runtime for `benchmark storage`, which this node does not
# offer; skipping that runtime's wasm build avoids compiling it (and its workspace lookup).
# FORCE_WASM_BUILD makes sure the wasm runtime benchmarked below is built from this checkout.
SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 FORCE_WASM_BUILD="$(date +%s)" \
	cargo build --release --locked -p depin-node --features runtime-benchmarks

node="$CARGO_TARGET_DIR/release/depin-node"
wasm="$CARGO_TARGET_DIR/release/wbuild/depin-runtime/depin_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || die "the wasm runtime was not built at $wasm"

for pallet in "${pallets[@]}"; do
	out="runtime/src/weights/${pallet}.rs"
	say "benchmarking $pallet ($steps steps x $repeat repeats) -> $out"
	"$node" benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder runtime \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--header scripts/weights-header.txt \
		--output "$out"
done

cargo fmt --all
say "done; review and commit runtime/src/weights/"
