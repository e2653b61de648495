// The connection to the chain and what every page shares: the best and finalized heads (kept
// live through subscriptions), recent block authors, and storage reads that neither `depin_*`
// nor the runtime API covers.
import { ApiPromise, ScProvider, WsProvider } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';
import * as Sc from '@substrate/connect';
import { type Json, deviceKey, num, text, variant, big } from './data/shape';
import { type Settings, endpointProblem } from './settings';
import { type ChainAt, LightSource, RpcSource, type Source } from './source';

export interface Head {
  number: number;
  hash: string;
  author: string | null;
}

export interface Chain {
  mode: Settings['mode'];
  /** The chain's data as of a block (pages bind one render to one block). */
  sourceAt(hash: string): Promise<Source>;
  api: ApiPromise;
  best: Head;
  finalized: number;
  /** The last blocks' authors, newest first. */
  recent: Head[];
  /** False while the connection to the node (or the light client's peers) is lost. */
  connected: boolean;
  chainName: string;
  /** The genesis hash: what identifies the chain (a light client verifies against it). */
  genesis: string;
}

/** Checks that a WebSocket endpoint answers before polkadot.js, which retries forever, takes it. */
function probe(url: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no answer from ${url} within ${ms / 1000} s`));
    }, ms);
    ws.onopen = () => {
      clearTimeout(timer);
      ws.close();
      resolve();
    };
    ws.onerror = () => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to ${url}`));
    };
  });
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms))]);
}

/** Connects in the mode the settings ask for; `status` reports progress for the page header. */
export async function connect(s: Settings, status: (msg: string) => void, onHead: () => void): Promise<Chain> {
  let api: ApiPromise;
  let sourceAt: (hash: string) => Promise<Source>;
  if (s.mode === 'rpc') {
    const problem = endpointProblem(s.rpc);
    if (problem) throw new Error(problem);
    status(`connecting to ${s.rpc}`);
    try {
      await probe(s.rpc, 8000);
    } catch (e) {
      throw new Error(
        `${(e as Error).message}. Is a node running there? Start one with ./scripts/dev.sh, or set another endpoint under Settings (or ?rpc=ws://host:port).`,
      );
    }
    const provider = new WsProvider(s.rpc);
    api = await timeout(ApiPromise.create({ provider, noInitWarn: true }), 30_000, 'reading the chain metadata').catch(async (e) => {
      await provider.disconnect().catch(() => undefined);
      throw e;
    });
    const a = api;
    sourceAt = async (hash) => new RpcSource(await a.at(hash), provider, hash);
  } else {
    status(`light client: loading the chain spec from ${s.spec}`);
    let spec: string;
    try {
      const res = await fetch(s.spec);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      spec = await res.text();
      JSON.parse(spec);
    } catch (e) {
      throw new Error(
        `cannot load the chain spec from ${s.spec} (${(e as Error).message}). ./scripts/dev.sh writes one with the node's boot node; or give another with ?spec=<url>.`,
      );
    }
    status('light client: starting smoldot and syncing headers from the boot nodes (about 10 s)');
    const provider = new ScProvider(Sc as unknown as ConstructorParameters<typeof ScProvider>[0], spec);
    await provider.connect({ forceEmbeddedNode: true } as unknown as Parameters<typeof provider.connect>[0]);
    api = await timeout(ApiPromise.create({ provider, noInitWarn: true }), 120_000, 'syncing the light client').catch(async (e) => {
      await provider.disconnect().catch(() => undefined);
      throw e;
    });
    const a = api;
    sourceAt = async (hash) => new LightSource(await a.at(hash), hash);
  }

  const head = await api.rpc.chain.getHeader();
  const chain: Chain = {
    mode: s.mode,
    sourceAt,
    api,
    connected: true,
    best: { number: head.number.toNumber(), hash: head.hash.toHex(), author: null },
    finalized: 0,
    recent: [],
    chainName: (await api.rpc.system.chain()).toString(),
    genesis: api.genesisHash.toHex(),
  };
  api.on('disconnected', () => {
    chain.connected = false;
    onHead();
  });
  api.on('connected', () => {
    chain.connected = true;
    onHead();
  });
  // The subscriptions last as long as the page: changing the settings reloads it.
  await api.derive.chain.subscribeNewHeads((h: Header & { author?: { toString(): string } }) => {
    const b: Head = { number: h.number.toNumber(), hash: h.hash.toHex(), author: h.author ? h.author.toString() : null };
    if (b.number < chain.best.number - 100) return;
    chain.best = b;
    chain.recent = [b, ...chain.recent.filter((r) => r.number !== b.number)].slice(0, 10);
    onHead();
  });
  await api.rpc.chain.subscribeFinalizedHeads((h) => {
    chain.finalized = h.number.toNumber();
    onHead();
  });
  return chain;
}

export interface DeviceEntry {
  key: string;
  cls: number;
  owner: string;
  cell: string | null;
  status: string;
}

/** Devices from storage, a page of 500 at a time, up to `max` (no RPC method lists them all). */
export async function listDevices(api: ChainAt, max = 5000): Promise<{ devices: DeviceEntry[]; truncated: boolean }> {
  const devices: DeviceEntry[] = [];
  let startKey: string | undefined;
  while (devices.length < max) {
    const page = await api.query.devices.devices.entriesPaged({ args: [], pageSize: 500, startKey });
    for (const [k, v] of page) {
      const o = v.toJSON() as { [k: string]: Json } | null;
      if (!o) continue;
      const loc = o.location;
      devices.push({
        key: deviceKey(k.args[0].toJSON() as Json),
        cls: num(o.class),
        owner: String(o.owner),
        cell: loc === null || loc === undefined ? null : big(loc).toString(16),
        status: variant(o.status),
      });
    }
    if (page.length < 500) return { devices, truncated: false };
    startKey = page[page.length - 1][0].toHex();
  }
  // Exactly `max` devices is not truncated: look for one more.
  const more = await api.query.devices.devices.keysPaged({ args: [], pageSize: 1, startKey });
  return { devices, truncated: more.length > 0 };
}

/** Units of work per device in an epoch (kept until the epoch's records are pruned). */
export async function workOf(api: ChainAt, epoch: number): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const [k, v] of await api.query.work.workRecords.entries(epoch)) {
    const o = v.toJSON() as { units?: Json; voided?: boolean } | null;
    if (!o || o.voided) continue;
    const key = deviceKey(k.args[1].toJSON() as Json);
    out.set(key, (out.get(key) ?? 0n) + big(o.units));
  }
  return out;
}

export interface Referendum {
  index: number;
  track: number;
  status: string;
  ayes: bigint;
  nays: bigint;
  support: bigint;
  /** The block it was submitted at (ongoing referenda). */
  submitted: number | null;
  /** The block it ended at (finished referenda keep only this and their deposits). */
  ended: number | null;
  deciding: boolean;
}

export interface Track {
  id: number;
  name: string;
  maxDeciding: number;
  decisionPeriod: number;
}

export async function governance(api: ChainAt): Promise<{ tracks: Track[]; referenda: Referendum[] }> {
  const tracks = (api.consts.referenda.tracks.toJSON() as [number, { [k: string]: Json }][]).map(([id, t]) => ({
    id,
    // Track names are fixed-size byte strings padded with NULs.
    name: text(t.name).replace(/\0+$/, ''),
    maxDeciding: num(t.maxDeciding),
    decisionPeriod: num(t.decisionPeriod),
  }));
  const referenda: Referendum[] = [];
  for (const [k, v] of await api.query.referenda.referendumInfoFor.entries()) {
    const info = v.toJSON() as { [k: string]: Json } | null;
    if (!info) continue;
    const status = variant(info);
    const body = Object.values(info)[0] as { [k: string]: Json } | Json[];
    const index = num(k.args[0].toJSON() as Json);
    if (status === 'ongoing' && body && !Array.isArray(body)) {
      const tally = body.tally as { [k: string]: Json };
      referenda.push({
        index,
        track: num(body.track),
        status,
        ayes: big(tally.ayes),
        nays: big(tally.nays),
        support: big(tally.support),
        submitted: num(body.submitted),
        ended: null,
        deciding: body.deciding !== null,
      });
    } else {
      // Finished referenda keep only their end block and deposits; the track and tally are gone.
      const ended = Array.isArray(body) ? num(body[0]) : typeof body === 'number' ? body : null;
      referenda.push({ index, track: -1, status, ayes: 0n, nays: 0n, support: 0n, submitted: null, ended, deciding: false });
    }
  }
  return { tracks, referenda: referenda.sort((a, b) => b.index - a.index) };
}
