// Where the pages get their data. Two sources answer the same questions:
//  - RpcSource (full-node mode): the node's `depin_*` JSON-RPC methods over WebSocket;
//  - LightSource (light-client mode): the DepinApi runtime API (`state_call`), which an
//    in-browser smoldot light client executes against storage proofs it verifies itself, so
//    nothing shown depends on trusting the node it talks to. smoldot serves no `depin_*`.
// Both shape their answers with data/shape.ts into the same model. What neither has a custom
// method for (validators, referenda, the device list of the map, blocks) is read from storage
// through polkadot.js, which works the same way in both modes.
//
// A source is bound to one block (`at`): everything one render of a page reads comes from the
// same state, so its figures agree with each other (and the browser tests can ask the node
// about exactly the block a page shows).
import type { WsProvider } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import {
  type ClassView,
  type DeviceView,
  type EmissionsView,
  type EpochView,
  type Json,
  type MakerView,
  type RewardsView,
  type StatsView,
  type SupplyRecordView,
  type VerifierView,
  deviceKey,
  deviceKeyParam,
  shapeClass,
  shapeDevice,
  shapeEmissions,
  shapeEpoch,
  shapeMaker,
  shapeRewards,
  shapeStats,
  shapeSupply,
  shapeVerifier,
} from '../data/shape';
import type { Mode } from '../settings';

export type ChainAt = ApiDecoration<'promise'>;

export interface Source {
  readonly mode: Mode;
  /** Storage, constants and runtime calls at the source's block. */
  readonly api: ChainAt;
  /** The block hash every answer is read at. */
  readonly at: string;
  epoch(): Promise<EpochView>;
  stats(epoch: number): Promise<StatsView>;
  device(key: string): Promise<DeviceView | null>;
  rewards(key: string, from: number, to: number): Promise<RewardsView>;
  emissions(epochs: number): Promise<EmissionsView>;
  supplyHistory(from: number, limit: number): Promise<SupplyRecordView[]>;
  devicesOf(owner: string): Promise<string[]>;
  credits(account: string): Promise<bigint>;
  verifier(account: string): Promise<VerifierView | null>;
  deviceClass(id: number): Promise<ClassView | null>;
  maker(id: number): Promise<MakerView | null>;
  /**
   * Total issuance at past blocks, for the supply curve; blocks whose state the node pruned are
   * left out. A light client holds only the blocks since it started, so LightSource answers none.
   */
  issuanceAt(blocks: number[]): Promise<{ block: number; issuance: bigint }[]>;
}

/** A little-endian SCALE integer from its hex encoding. */
export function leHex(hex: string): bigint {
  const bytes = hex.replace(/^0x/, '').match(/../g) ?? [];
  return BigInt(`0x${bytes.reverse().join('') || '0'}`);
}

const json = (c: Codec): Json => c.toJSON() as Json;

/** JSON-RPC error 9001: the chain has no such device, class, maker or verifier. */
function notFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === 9001;
}

export class RpcSource implements Source {
  readonly mode = 'rpc' as const;
  constructor(
    readonly api: ChainAt,
    private readonly provider: WsProvider,
    readonly at: string,
  ) {}

  /** Calls a depin_* method with every positional parameter given, then the block. */
  private send(method: string, params: unknown[] = []): Promise<Json> {
    return this.provider.send(method, [...params, this.at]) as Promise<Json>;
  }

  private async orNull(method: string, params: unknown[]): Promise<Json> {
    try {
      return await this.send(method, params);
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async epoch() {
    return shapeEpoch(await this.send('depin_epoch'));
  }
  async stats(epoch: number) {
    return shapeStats(await this.send('depin_stats', [epoch]));
  }
  async device(key: string) {
    return shapeDevice(key, await this.orNull('depin_device', [key]));
  }
  async rewards(key: string, from: number, to: number) {
    const r = await this.orNull('depin_pendingRewards', [key, from, to]);
    return shapeRewards(r ?? []);
  }
  async emissions(epochs: number) {
    return shapeEmissions(await this.send('depin_schedule', [epochs]));
  }
  async supplyHistory(from: number, limit: number) {
    return shapeSupply(await this.send('depin_supplyHistory', [from, limit]));
  }
  async devicesOf(owner: string) {
    const keys: string[] = [];
    let startAfter: string | null = null;
    do {
      const page = (await this.send('depin_devicesOf', [owner, startAfter, 1000])) as { devices: string[]; next: string | null };
      keys.push(...page.devices.map((d) => deviceKey(d)));
      startAfter = page.next;
    } while (startAfter !== null && keys.length < 10_000);
    return keys;
  }
  async credits(account: string) {
    const r = (await this.send('depin_credits', [account])) as { credits: string };
    return BigInt(r.credits);
  }
  async verifier(account: string) {
    return shapeVerifier(await this.orNull('depin_verifier', [account]));
  }
  async deviceClass(id: number) {
    return shapeClass(id, await this.orNull('depin_class', [id]));
  }
  async maker(id: number) {
    return shapeMaker(id, await this.orNull('depin_maker', [id]));
  }
  async issuanceAt(blocks: number[]) {
    // Raw requests: a pruned block is an expected miss, not an error for the console.
    const key = this.api.query.balances.totalIssuance.key();
    const points = await Promise.all(
      blocks.map(async (block) => {
        try {
          const hash = (await this.provider.send('chain_getBlockHash', [block])) as string | null;
          const value = hash ? ((await this.provider.send('state_getStorage', [key, hash])) as string | null) : null;
          return value ? { block, issuance: leHex(value) } : null;
        } catch {
          return null;
        }
      }),
    );
    return points.filter((p): p is { block: number; issuance: bigint } => p !== null);
  }
}

export class LightSource implements Source {
  readonly mode = 'light' as const;
  constructor(
    readonly api: ChainAt,
    readonly at: string,
  ) {}

  private get call() {
    return this.api.call.depinApi;
  }

  async epoch() {
    return shapeEpoch(json(await this.call.epoch()));
  }
  // DepinApi's stats and devices_of iterate storage inside the runtime; the call proofs a
  // Substrate node builds for iterations lack entries smoldot needs (MissingProofEntry), and
  // smoldot then bans the node for 40 s. So both are read from storage here instead, through
  // prefix proofs, which smoldot verifies; the figures are the same as the runtime API's.
  async stats(epoch: number) {
    const q = this.api.query;
    const [byClass, byStatus, totals, minted, burned] = await Promise.all([
      q.devices.deviceCountByClass.entries(),
      q.devices.deviceCountByStatus(),
      q.work.totals(epoch),
      q.emissions.minted(epoch),
      q.emissions.burned(epoch),
    ]);
    return shapeStats({
      epoch,
      devicesByClass: byClass.map(([k, v]) => [k.args[0].toJSON() as Json, json(v)]),
      devicesByStatus: json(byStatus),
      totals: json(totals),
      minted: json(minted),
      burned: json(burned),
    });
  }
  async device(key: string) {
    return shapeDevice(key, json(await this.call.device(deviceKeyParam(key))));
  }
  async rewards(key: string, from: number, to: number) {
    return shapeRewards(json(await this.call.pendingRewards(deviceKeyParam(key), from, to)));
  }
  async emissions(epochs: number) {
    const [schedule, demand, projection] = await Promise.all([this.call.schedule(), this.call.demand(), this.call.projection(epochs)]);
    return shapeEmissions(json(schedule), json(demand), json(projection));
  }
  async supplyHistory(from: number, limit: number) {
    return shapeSupply(json(await this.call.supplyHistory(from, limit)));
  }
  async devicesOf(owner: string) {
    const keys = await this.api.query.devices.devicesByOwner.keys(owner);
    return keys.map((k) => deviceKey(k.args[1].toJSON() as Json)).sort();
  }
  async credits(account: string) {
    return BigInt(String(json(await this.call.credits(account))));
  }
  async verifier(account: string) {
    return shapeVerifier(json(await this.call.verifier(account)));
  }
  async deviceClass(id: number) {
    return shapeClass(id, json(await this.call.class(id)));
  }
  async maker(id: number) {
    return shapeMaker(id, json(await this.call.maker(id)));
  }
  async issuanceAt() {
    return [];
  }
}
