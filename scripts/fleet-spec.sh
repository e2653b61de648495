#!/usr/bin/env bash
# Prints a chain spec (JSON) of the development preset with a synthetic fleet of N registered
# devices, for benchmarks of a production-size registry:
#
#   ./scripts/fleet-spec.sh <depin-node> <N> > spec.json
#
# The fleet (`devices.synthetic` in the genesis patch) is N devices of the demo hotspot class
# (class 0) at one resolution-9 cell, owned by Ferdie, with their bonds minted and held at
# genesis; keys are derived by hashing. A node started with `--chain spec.json` builds the
# state at its first start (about a minute per million devices on the reference machine).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <depin-node binary> <devices>" >&2; exit 2; }
node=$1
devices=$2
"$node" build-spec --chain dev 2>/dev/null | python3 -c '
import json, sys
devices = int(sys.argv[1])
spec = json.load(sys.stdin)
genesis = spec["genesis"]["runtimeGenesis"]
if "patch" not in genesis:
    sys.exit("the dev chain spec has no genesis patch to extend; is this depin-node?")
genesis["patch"].setdefault("devices", {})["synthetic"] = {
    "count": devices,
    "class": 0,
    # Ferdie
    "owner": "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL",
    "location": 617700169958293503,
}
spec["name"] = f"Development, {devices:,} devices"
json.dump(spec, sys.stdout)
' "$devices"
