// Captures the unit tests' fixtures from a running node: the same questions asked through the
// node's depin_* JSON-RPC methods and through the DepinApi runtime API (what light-client mode
// uses), so the shaping layer is tested against both real encodings.
//
//   node scripts/capture-fixtures.mjs [ws://127.0.0.1:9944]
//
// Run it against a dev chain populated with `depin simulate`.
import { writeFileSync } from 'node:fs';
import { ApiPromise, WsProvider } from '@polkadot/api';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true });
const rpc = (method, params = []) => provider.send(method, params);

const entries = await api.query.devices.devices.entries();
const keyOf = (k) => {
  const j = k.args[0].toJSON();
  const [type, hex] = Object.entries(j)[0];
  return `${type.toLowerCase()}:${hex}`;
};
const devices = entries.map(([k, v]) => ({ key: keyOf(k), apiKey: k.args[0].toJSON(), info: v.toJSON() }));
const located = entries.find(([, v]) => v.toJSON()?.location !== null);
const sample = located ? keyOf(located[0]) : devices[0].key;
const sampleApi = (located ?? entries[0])[0].args[0].toJSON();
const epoch = await rpc('depin_epoch');
const owner = (await rpc('depin_device', [sample])).owner;
// The newest closed epoch with work, so the stats fixtures carry units.
let workEpoch = Math.max(0, epoch.index - 1);
for (let e = workEpoch; e >= 0; e--) {
  const s = await rpc('depin_stats', [e]);
  if (s.totals.devices > 0) {
    workEpoch = e;
    break;
  }
}

const out = {
  rpc: {
    epoch,
    stats: await rpc('depin_stats', [workEpoch]),
    device: await rpc('depin_device', [sample]),
    pendingRewards: await rpc('depin_pendingRewards', [sample, 0, epoch.index]),
    schedule: await rpc('depin_schedule', [3]),
    supplyHistory: await rpc('depin_supplyHistory', [0, 5]),
    devicesOf: await rpc('depin_devicesOf', [owner]),
    credits: await rpc('depin_credits', [owner]),
    class: await rpc('depin_class', [0]),
    maker: await rpc('depin_maker', [0]),
  },
  api: {
    epoch: (await api.call.depinApi.epoch()).toJSON(),
    stats: (await api.call.depinApi.stats(workEpoch)).toJSON(),
    device: (await api.call.depinApi.device(sampleApi)).toJSON(),
    pendingRewards: (await api.call.depinApi.pendingRewards(sampleApi, 0, epoch.index)).toJSON(),
    schedule: (await api.call.depinApi.schedule()).toJSON(),
    projection: (await api.call.depinApi.projection(3)).toJSON(),
    demand: (await api.call.depinApi.demand()).toJSON(),
    supplyHistory: (await api.call.depinApi.supplyHistory(0, 5)).toJSON(),
    devicesOf: (await api.call.depinApi.devicesOf(owner, null, 100)).toJSON(),
    credits: (await api.call.depinApi.credits(owner)).toJSON(),
    class: (await api.call.depinApi.class(0)).toJSON(),
    maker: (await api.call.depinApi.maker(0)).toJSON(),
  },
  storage: {
    devices: devices.slice(0, 3),
    // What light-client mode reads instead of DepinApi_stats (see src/source/index.ts).
    stats: {
      epoch: workEpoch,
      devicesByClass: (await api.query.devices.deviceCountByClass.entries()).map(([k, v]) => [k.args[0].toJSON(), v.toJSON()]),
      devicesByStatus: (await api.query.devices.deviceCountByStatus()).toJSON(),
      totals: (await api.query.work.totals(workEpoch)).toJSON(),
      minted: (await api.query.emissions.minted(workEpoch)).toJSON(),
      burned: (await api.query.emissions.burned(workEpoch)).toJSON(),
    },
  },
};
writeFileSync(new URL('../test/fixtures/chain.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.warn(`captured ${Object.keys(out.rpc).length} RPC answers and ${Object.keys(out.api).length} runtime-API answers at epoch ${epoch.index}`);
await api.disconnect();
