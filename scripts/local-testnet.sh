#!/usr/bin/env bash
# Starts a local testnet on 127.0.0.1 with libp2p: N validators (default 3; Alice, Bob,
# Charlie, Dave, Eve, Ferdie in that order, at most 6) on the `local-N` chain, plus one
# non-validator RPC node for wallets and explorers. Prints every endpoint and stops all nodes
# on Ctrl-C.
#
#   ./scripts/local-testnet.sh        # 3 validators + RPC node
#   ./scripts/local-testnet.sh 4      # 4 validators + RPC node
#
#   DEPIN_NODE   node binary (default: the release build in $CARGO_TARGET_DIR, built if missing)
#   BASE_DIR     where the base paths and logs go (default: a new temporary directory)
#   KEEP=1       keep BASE_DIR after stopping (default: removed if it was temporary)
#
# Ports: validator i (0-based) has RPC 9945+i, p2p 30334+i, metrics 9616+i; the RPC node has
# RPC 9944 (the wallets' default), p2p 30333, metrics 9615.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[testnet]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[testnet]\033[0m %s\n' "$*" >&2; exit 1; }

count="${1:-3}"
all_names=(alice bob charlie dave eve ferdie)
[[ "$count" =~ ^[1-6]$ ]] || die "the number of validators must be 1 to 6, not '$count'"
names=("${all_names[@]:0:$count}")
chain="local-$count"

node="${DEPIN_NODE:-$CARGO_TARGET_DIR/release/depin-node}"
if [ ! -x "$node" ]; then
	say "no node binary at $node: building it (release)"
	./scripts/setup.sh
	cargo build --release --locked -p depin-node
fi

temporary=0
if [ -z "${BASE_DIR:-}" ]; then
	BASE_DIR=$(mktemp -d -t depin-testnet-XXXXXX)
	temporary=1
fi
mkdir -p "$BASE_DIR"

pids=()
cleanup() {
	trap - INT TERM EXIT
	say "stopping nodes"
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	if [ "$temporary" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$BASE_DIR"
	else
		say "chain data and logs kept in $BASE_DIR"
	fi
}
trap cleanup INT TERM EXIT

# Validators need a persistent network key. The first validator's is fixed so that everyone
# can use it as a bootnode.
i=1
for name in "${names[@]}"; do
	[ -f "$BASE_DIR/$name-node-key" ] || printf '%064x' "$i" > "$BASE_DIR/$name-node-key"
	i=$((i + 1))
done
first="${names[0]}"
first_peer=$("$node" key inspect-node-key --file "$BASE_DIR/$first-node-key")
boot="/ip4/127.0.0.1/tcp/30334/p2p/$first_peer"

start() { # name rpc p2p prometheus extra-args...
	local name=$1 rpc=$2 p2p=$3 prom=$4
	shift 4
	"$node" --chain "$chain" --name "$name" \
		--base-path "$BASE_DIR/$name" \
		--listen-addr "/ip4/127.0.0.1/tcp/$p2p" \
		--rpc-port "$rpc" --prometheus-port "$prom" \
		--network-backend libp2p --no-mdns --no-telemetry \
		"$@" >"$BASE_DIR/$name.log" 2>&1 &
	pids+=($!)
	printf '  %-8s rpc ws://127.0.0.1:%s  p2p /ip4/127.0.0.1/tcp/%s  metrics http://127.0.0.1:%s/metrics  log %s\n' \
		"$name" "$rpc" "$p2p" "$prom" "$BASE_DIR/$name.log"
}

say "starting $count validators on chain $chain and an RPC node (base dir $BASE_DIR)"
i=0
for name in "${names[@]}"; do
	args=("--$name" --node-key-file "$BASE_DIR/$name-node-key")
	[ "$i" -gt 0 ] && args+=(--bootnodes "$boot")
	start "$name" $((9945 + i)) $((30334 + i)) $((9616 + i)) "${args[@]}"
	i=$((i + 1))
done
# The RPC node: no validator keys, more connections for wallets and explorers.
start rpc 9944 30333 9615 --bootnodes "$boot" --rpc-max-connections 1000
say "wallets and the depin client use the RPC node: ws://127.0.0.1:9944"
say "polkadot.js apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer"
say "press Ctrl-C to stop all nodes"

# Exit (and stop the rest) as soon as any node dies.
while true; do
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			say "a node exited; see the logs in $BASE_DIR"
			KEEP=1
			exit 1
		fi
	done
	sleep 2
done
