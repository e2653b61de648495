#!/usr/bin/env bash
# Prints the DPIN supply and the sustainability ratio over 10 years under the presets' emission
# schedule in three demand scenarios (no demand, demand growing 5 % per epoch to a plateau, demand
# that comes and goes), and writes the chart in docs/emissions-supply.svg. Every close is the
# runtime's own function (`pallet_emissions::model_close`). Run it after changing the default
# schedule in runtime/src/genesis_config_presets.rs and commit the new chart.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

# Only native code is needed: skip the wasm runtime build.
SKIP_WASM_BUILD=1 cargo run --locked -q -p depin-runtime --example supply_chart -- \
	"${1:-docs/emissions-supply.svg}"
