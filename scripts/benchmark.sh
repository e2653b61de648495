#!/usr/bin/env bash
# Generates the runtime's weights: the pallets' from their benchmarks, the database's from
# `benchmark storage`, the block's and extrinsic's base from `benchmark overhead`.
#
#   ./scripts/benchmark.sh                 # everything below, full precision
#   ./scripts/benchmark.sh pallet_devices  # one pallet
#   ./scripts/benchmark.sh storage         # the database's read and write weights only
#   ./scripts/benchmark.sh overhead        # block and extrinsic base weights only
#   QUICK=1 ./scripts/benchmark.sh         # 2 steps x 1 repeat, 10,000 devices: checks that
#                                          # it works, the figures are not fit for the runtime
#   DEVICES=200000 ./scripts/benchmark.sh  # another registry size (default 1,000,000)
#   SKIP_BUILD=1 ./scripts/benchmark.sh    # reuse the last release build
#   STEPS=25 REPEAT=10 ./scripts/benchmark.sh  # fewer samples (default 50 x 20)
#
# It builds `depin-node` in release mode with the `runtime-benchmarks` feature.
#
# - Pallets: `depin-node benchmark pallet` on the freshly built wasm runtime writes
#   `runtime/src/weights/<pallet>.rs`. The DePIN pallets (devices, work, emissions) run on the
#   development genesis with a synthetic fleet of $DEVICES registered devices
#   (`devices.synthetic` in a genesis patch), so their weights hold on a registry of that size:
#   a read's cost grows with the depth of the state trie.
# - `storage`: builds a ParityDB database from the same genesis (a chain spec written to
#   $CARGO_TARGET_DIR/benchmark/) and runs `depin-node benchmark storage` on it; the measured
#   read and write costs (averages: a block's weight sums many of them) go to
#   `runtime/src/weights/paritydb_weights.rs`,
#   which the runtime's `DbWeight` is, instead of ParityDB's published defaults.
# - `overhead`: `depin-node benchmark overhead` (blocks of `system.remark` on the development
#   genesis) writes `block_weights.rs` and `extrinsic_weights.rs`, the base weights the
#   runtime's `BlockWeights` are built from.
#
# Run it on the reference machine (see docs/development.md) after changing a pallet's calls,
# storage or benchmarks, and commit the regenerated files. With every target, `storage` runs
# first, but the pallets' weights use the database weights through `T::DbWeight` at run time,
# so they need not be regenerated after it.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[benchmark]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[benchmark]\033[0m %s\n' "$*" >&2; exit 1; }

# Every pallet that the runtime benchmarks (`define_benchmarks!` in runtime/src/lib.rs), and the
# overhead benchmark.
all_pallets=(pallet_balances pallet_devices pallet_work pallet_emissions pallet_validator_set)
# The pallets whose weights depend on the registry's size: benchmarked on the large genesis.
fleet_pallets=" pallet_devices pallet_work pallet_emissions "
pallets=()
overhead=0
storage=0
for p in "$@"; do
	if [ "$p" = overhead ]; then
		overhead=1
	elif [ "$p" = storage ]; then
		storage=1
	elif [[ " ${all_pallets[*]} " == *" $p "* ]]; then
		pallets+=("$p")
	else
		die "unknown target '$p'; the targets are: ${all_pallets[*]} storage overhead"
	fi
done
if [ $# -eq 0 ]; then
	pallets=("${all_pallets[@]}")
	overhead=1
	storage=1
fi

if [ "${QUICK:-0}" = 1 ]; then
	steps=2; repeat=1; devices="${DEVICES:-10000}"
else
	steps="${STEPS:-50}"; repeat="${REPEAT:-20}"; devices="${DEVICES:-1000000}"
fi
work="$CARGO_TARGET_DIR/benchmark"
mkdir -p "$work"

./scripts/setup.sh

if [ "${SKIP_BUILD:-0}" = 1 ]; then
	say "SKIP_BUILD=1: using the last release build of depin-node and its wasm runtime"
else
	say "building depin-node (release, runtime-benchmarks); the first build takes a while"
	# The benchmark CLI depends on a test runtime for `benchmark storage`, which this node does not
	# offer; skipping that runtime's wasm build avoids compiling it (and its workspace lookup).
	# FORCE_WASM_BUILD makes sure the wasm runtime benchmarked below is built from this checkout.
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 FORCE_WASM_BUILD="$(date +%s)" \
		cargo build --release --locked -p depin-node --features runtime-benchmarks
fi
node="$CARGO_TARGET_DIR/release/depin-node"
wasm="$CARGO_TARGET_DIR/release/wbuild/depin-runtime/depin_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || die "the wasm runtime was not built at $wasm"

# The synthetic fleet: Ferdie owns it (its bonds are minted at genesis); class 0 is the demo
# hotspot class, which needs a location (a resolution-9 cell).
patch="$work/fleet-$devices.json"
cat >"$patch" <<EOF
{"devices": {"synthetic": {"count": $devices, "class": 0,
  "owner": "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL", "location": 617700169958293503}}}
EOF

if [ "$storage" = 1 ]; then
	spec="$work/fleet-$devices-spec.json"
	db="$work/fleet-$devices-db"
	say "storage: a chain spec of the development preset with $devices devices -> $spec"
	./scripts/fleet-spec.sh "$node" "$devices" >"$spec"
	rm -rf "$db"
	say "storage: building its database and measuring reads and writes (ParityDB, averages)"
	"$node" benchmark storage \
		--chain "$spec" \
		--base-path "$db" \
		--database paritydb \
		--state-version 1 \
		--metric average \
		--header scripts/weights-header.txt \
		--weight-path runtime/src/weights
	rm -rf "$db"
	# The generated file uses the primitives crates by name; the runtime reaches them through
	# frame-support.
	sed -i \
		-e 's/^\(\s*\)use sp_core::parameter_types;/\1use frame_support::parameter_types;/' \
		-e 's/sp_weights::/frame_support::weights::/g' \
		runtime/src/weights/paritydb_weights.rs
fi

for pallet in "${pallets[@]}"; do
	out="runtime/src/weights/${pallet}.rs"
	genesis=(--genesis-builder runtime)
	if [[ "$fleet_pallets" == *" $pallet "* ]]; then
		genesis+=(--genesis-builder-preset development --genesis-patch "$patch")
		say "benchmarking $pallet on $devices registered devices ($steps steps x $repeat repeats) -> $out"
	else
		say "benchmarking $pallet ($steps steps x $repeat repeats) -> $out"
	fi
	"$node" benchmark pallet \
		--runtime "$wasm" \
		"${genesis[@]}" \
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
