#!/usr/bin/env bash
# The performance report of docs/performance.md, end to end, in one command:
#
#   ./scripts/bench.sh                # everything (about 40 minutes after the build)
#   BLOCKS=5 ./scripts/bench.sh       # a shorter measurement window per workload
#   SKIP_SCALE=1 ./scripts/bench.sh   # a plain dev chain, without the million-device runs
#   SKIP_COMPARE=1 ./scripts/bench.sh # the load on a million devices, without step 5
#   SKIP_BUILD=1 ./scripts/bench.sh   # reuse the last release builds
#
# 1. Builds `depin-node` (release, with the benchmark commands) and the `depin` client.
# 2. `depin-node benchmark machine`: the machine's CPU, memory and disk figures, and from them
#    the cost of one sr25519 signature check (the limit of voucher throughput).
# 3. Load: starts a throwaway node with raised transaction-pool limits on the development
#    preset with a synthetic fleet of $SCALE_DEVICES registered devices (default 1,000,000;
#    scripts/fleet-spec.sh), runs `depin bench` side by side in one run (transfers, one
#    voucher per general transaction, vouchers in batches of 100, beacons with five witnesses,
#    verifier attestations x100) and prints its table, then the node's memory and database
#    size.
# 4. `depin-node benchmark block` re-executes every block of that run on that database and
#    reports any block whose execution took longer than its weight.
# 5. Scale: the work, emissions and devices benchmarks of epoch close, a claim and a
#    registration on the development genesis with 10 and with 1,000,000 registered devices
#    (a synthetic fleet, `devices.synthetic` in the genesis patch), side by side.
#
# Everything it writes goes to target/bench-report/ (under $CARGO_TARGET_DIR), which is
# printed at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }

blocks="${BLOCKS:-10}"
scale_devices="${SCALE_DEVICES:-1000000}"
out="$CARGO_TARGET_DIR/bench-report"
rm -rf "$out"
mkdir -p "$out"

./scripts/setup.sh

if [ "${SKIP_BUILD:-0}" = 1 ]; then
	say "SKIP_BUILD=1: using the last release builds of the client and depin-node"
else
	say "building the depin client and depin-node (release, runtime-benchmarks)"
	# The client uses the runtime's types, not its wasm blob: skipping the blob keeps it from
	# overwriting the benchmark runtime's blob, which the node embeds and the scale step runs.
	SKIP_WASM_BUILD=1 cargo build --release --locked -p depin-cli
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 FORCE_WASM_BUILD="$(date +%s)" \
		cargo build --release --locked -p depin-node --features runtime-benchmarks
fi
node="$CARGO_TARGET_DIR/release/depin-node"
client="$CARGO_TARGET_DIR/release/depin"
wasm="$CARGO_TARGET_DIR/release/wbuild/depin-runtime/depin_runtime.compact.compressed.wasm"

say "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$node" benchmark machine --allow-fail --base-path "$out/machine" 2>&1 |
	grep -E '\|' | tee "$out/machine.txt" || true
rm -rf "$out/machine"
# The machine benchmark verifies sr25519 signatures of 32-byte messages and reports the
# message bytes verified per second: one check costs 32 bytes / that rate.
sr25519_us=$(python3 - "$out/machine.txt" <<'EOF'
import re, sys
units = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}
for line in open(sys.argv[1]):
    if "SR25519" in line.upper():
        # The table prints rates as `947.35 KiBs`; older versions wrote `KiB/s`.
        m = re.search(r"([\d.]+)\s*(B|KiB|MiB|GiB)/?s\b", line)
        if m:
            print(f"{32 / (float(m[1]) * units[m[2]]) * 1e6:.2f}")
            break
EOF
)
if [ -n "$sr25519_us" ]; then
	say "one sr25519 signature check: $sr25519_us µs (from the machine benchmark)"
	sr_args=(--sr25519-us "$sr25519_us")
else
	say "the machine benchmark gave no sr25519 figure; the signature-limit line will say n/a"
	sr_args=()
fi

# A free loopback port.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

base="$out/node"
if [ "${SKIP_SCALE:-0}" != 1 ]; then
	spec="$out/fleet-spec.json"
	./scripts/fleet-spec.sh "$node" "$scale_devices" >"$spec"
	# A fixed network key: a validator on a non-development chain does not generate one.
	chain=(--chain "$spec" --alice --validator --force-authoring \
		--node-key 0000000000000000000000000000000000000000000000000000000000000001)
	say "load: a node on the development preset with $scale_devices registered devices" \
		"(building the genesis state takes a few minutes), raised pool limits"
else
	chain=(--dev)
	say "load: a dev node with raised pool limits (--pool-limit 200000, --pool-kbytes 2000000)"
fi
rpc_port=$(free_port)
p2p_port=$(free_port)
"$node" "${chain[@]}" --base-path "$base" --rpc-port "$rpc_port" \
	--listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" --no-prometheus --no-telemetry \
	--pool-limit 200000 --pool-kbytes 2000000 --rpc-max-request-size 100 \
	--rpc-max-response-size 100 >"$out/node.log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null || true' EXIT
url="ws://127.0.0.1:$rpc_port"
for _ in $(seq 1200); do
	grep -q "Running JSON-RPC server" "$out/node.log" && break
	kill -0 "$node_pid" 2>/dev/null || die "the node exited; see $out/node.log"
	sleep 1
done

say "load: depin bench --blocks $blocks (setup registers the bench's devices first)"
"$client" --url "$url" bench --blocks "$blocks" "${sr_args[@]}" | tee "$out/load.txt"

rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$node_pid/status")
hwm_kib=$(awk '/VmHWM/ {print $2}' "/proc/$node_pid/status")
best=$(curl -s -H 'Content-Type: application/json' \
	-d '{"id":1,"jsonrpc":"2.0","method":"chain_getHeader","params":[]}' \
	"http://127.0.0.1:$rpc_port" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))')
kill "$node_pid"
wait "$node_pid" 2>/dev/null || true
trap - EXIT
db_size=$(du -shc "$base"/chains/*/paritydb | tail -1 | cut -f1)
{
	echo "node after the load run: resident memory $((rss_kib / 1024)) MiB (peak $((hwm_kib / 1024)) MiB)"
	echo "database (ParityDB) after $best blocks: $db_size"
} | tee "$out/resources.txt"

say "block: re-executing blocks 1..$best of the load run against their weights"
"$node" benchmark block "${chain[@]:0:2}" --base-path "$base" --from 1 --to "$best" --repeat 5 \
	>"$out/block.log" 2>&1 || die "benchmark block failed; see $out/block.log"
over=$(grep -c "OVER WEIGHT" "$out/block.log" || true)
grep -E "Block [0-9]+ with" "$out/block.log" | sed -E 's/^.*(Block [0-9]+)/\1/' |
	sort -t'(' -k1,1 >"$out/block.txt"
python3 - "$out/block.txt" <<'EOF' | tee "$out/block-summary.txt"
import re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.search(r"Block (\d+) with\s+(\d+) tx used\s+([\d.]+)% of its weight", line)
    if m:
        rows.append((int(m[1]), int(m[2]), float(m[3])))
full = [r for r in rows if r[1] > 100]
print(f"{len(rows)} blocks re-executed; the most time used against weight: "
      f"{max(r[2] for r in rows):.1f}% (block {max(rows, key=lambda r: r[2])[0]})")
if full:
    print(f"{len(full)} blocks with over 100 transactions: time/weight from "
          f"{min(r[2] for r in full):.1f}% to {max(r[2] for r in full):.1f}%")
EOF
[ "$over" = 0 ] || die "$over blocks took longer than their weight; see $out/block.log"
say "block: no block took longer than its weight"

if [ "${SKIP_SCALE:-0}" != 1 ] && [ "${SKIP_COMPARE:-0}" != 1 ]; then
	# Ferdie owns the synthetic fleet (its bonds are minted at genesis); class 0 is the demo
	# hotspot class, which needs a location.
	for n in 10 "$scale_devices"; do
		cat >"$out/scale-patch-$n.json" <<EOF
{"devices": {"synthetic": {"count": $n, "class": 0,
  "owner": "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL", "location": 617700169958293503}}}
EOF
	done
	run_scale() {
		local label=$1
		shift
		say "scale ($label): epoch close, claim and registration benchmarks"
		"$node" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
			--genesis-builder-preset development "$@" \
			--pallet pallet_work,pallet_emissions,pallet_devices \
			--extrinsic epoch_boundary,close_epoch,claim,register_device \
			--steps 2 --repeat 20 --wasm-execution compiled --heap-pages 4096 \
			--json-file "$out/scale-$label.json" >"$out/scale-$label.log" 2>&1 ||
			die "benchmark failed; see $out/scale-$label.log"
	}
	run_scale small --genesis-patch "$out/scale-patch-10.json"
	run_scale large --genesis-patch "$out/scale-patch-$scale_devices.json"
	python3 - "$out" "$scale_devices" <<'EOF' | tee "$out/scale.txt"
import json, statistics, sys, glob
out, devices = sys.argv[1], int(sys.argv[2])
def load(label):
    res = {}
    for f in glob.glob(f"{out}/scale-{label}.json"):
        for b in json.load(open(f)):
            name = f"{b['pallet']}::{b['benchmark']}"
            for r in b["time_results"]:
                comps = ",".join(f"{c[0]}={c[1]}" for c in r["components"])
                res.setdefault((name, comps), []).append(r["extrinsic_time"])
    return {k: statistics.median(v) for k, v in res.items()}
small, large = load("small"), load("large")
print(f"{'benchmark':<36} {'components':<10} {'10 devices':>12} {f'{devices:,} devices':>18} {'change':>8}")
for k in sorted(small):
    if k in large:
        a, b = small[k], large[k]
        print(f"{k[0]:<36} {k[1]:<10} {a/1000:>10.1f}us {b/1000:>16.1f}us {100*(b-a)/a:>+7.1f}%")
EOF
fi

say "report in $out"
