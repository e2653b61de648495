#!/usr/bin/env bash
# Generates the runtime's weights from the DePIN pallets' benchmarks.
#
#   ./scripts/benchmark.sh                 # everything below, full precision
#   ./scripts/benchmark.sh pallet_devices  # one pallet
#   ./scripts/benchmark.sh overhead        # block and extrinsic base weights only
#   QUICK=1 ./scripts/benchmark.sh         # 2 steps x 1 repeat: checks that it works, the
#                                          # figures are not fit for the runtime
#
# It builds `depin-node` in release mode with the `runtime-benchmarks` feature, runs
# `depin-node benchmark pallet` on the freshly built wasm runtime and writes
# `runtime/src/weights/<pallet>.rs`; `overhead` runs `depin-node benchmark overhead` (blocks
# of `system.remark` on the development genesis) and writes `block_weights.rs` and
# `extrinsic_weights.rs`, the base weights the runtime's `BlockWeights` are built from. Run it on the reference machine (see
# docs/development.md) after changing a pallet's calls, storage or benchmarks, and commit the
# regenerated files.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[benchmark]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[benchmark]\033[0m %s\n' "$*" >&2; exit 1; }

# Every pallet that the runtime benchmarks (`define_benchmarks!` in runtime/src/lib.rs), and the
# overhead benchmark.
all_pallets=(pallet_balances pallet_devices pallet_work pallet_emissions pallet_validator_set)
pallets=()
overhead=0
for p in "$@"; do
	if [ "$p" = overhead ]; then
		overhead=1
	elif [[ " ${all_pallets[*]} " == *" $p "* ]]; then
		pallets+=("$p")
	else
		die "unknown target '$p'; the targets are: ${all_pallets[*]} overhead"
	fi
done
if [ $# -eq 0 ]; then
	pallets=("${all_pallets[@]}")
	overhead=1
fi

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

if [ "$overhead" = 1 ]; then
	if [ "${QUICK:-0}" = 1 ]; then warmup=2; orepeat=5; else warmup=10; orepeat=100; fi
	say "benchmarking block and extrinsic overhead ($orepeat repeats) -> runtime/src/weights/"
	"$node" benchmark overhead \
		--runtime "$wasm" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--warmup "$warmup" \
		--repeat "$orepeat" \
		--header scripts/weights-header.txt \
		--weight-path runtime/src/weights
	# The generated files use the primitives crates by name; the runtime reaches them through
	# frame-support.
	for f in runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs; do
		sed -i \
			-e 's/^use sp_core::parameter_types;/use frame_support::parameter_types;/' \
			-e 's/sp_weights::/frame_support::weights::/g' \
			"$f"
	done
fi

cargo fmt --all
say "done; review and commit runtime/src/weights/"
