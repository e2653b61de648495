#!/usr/bin/env bash
# Sets up the machine, builds `depin-node` and the `depin` client in release mode and starts a
# single-validator development chain (Alice validates and is sudo). Extra arguments go to the
# node, e.g.
# `./scripts/dev.sh --base-path ~/depin-dev` to keep the chain between runs (by default `--dev`
# starts a fresh, temporary chain). Stop it with Ctrl-C.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[dev]\033[0m %s\n' "$*"; }

./scripts/setup.sh
say "building depin-node and the depin client (release); a cold build takes a while on small machines"
cargo build --release --locked -p depin-node -p depin-cli

node="$CARGO_TARGET_DIR/release/depin-node"
rpc_port="${RPC_PORT:-9944}"
cat <<MSG

  DePIN dev chain
  JSON-RPC (HTTP and WebSocket): ws://127.0.0.1:${rpc_port}
  polkadot.js apps:             https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${rpc_port}#/explorer
  Prometheus metrics:           http://127.0.0.1:9615/metrics
  Command-line client:          $CARGO_TARGET_DIR/release/depin --help   (docs/cli.md)
  Chain data:                   temporary (--dev implies --tmp); add --base-path <dir> to keep it
  Stop:                         Ctrl-C
MSG
exec "$node" --dev --rpc-port "$rpc_port" --network-backend libp2p "$@"
