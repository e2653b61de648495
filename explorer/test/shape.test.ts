// The shaping layer against answers captured from a real node (test/fixtures/chain.json, made
// by scripts/capture-fixtures.mjs): the JSON-RPC answer and the runtime-API answer to the same
// question must give the same model, with every figure exact.
import { describe, expect, test } from 'vitest';
import fixtures from './fixtures/chain.json';
import { leHex } from '../src/source';
import {
  type Json,
  big,
  cellIndex,
  deviceKey,
  deviceKeyParam,
  epochProgress,
  mintedTotal,
  shapeClass,
  shapeDevice,
  shapeEmissions,
  shapeEpoch,
  shapeMaker,
  shapeRewards,
  shapeStats,
  shapeSupply,
  shapeVerifier,
  projectIssuance,
  ratioPpm,
  MAX_RATIO_PPM,
  sampleBlocks,
  text,
  totalDevices,
  variant,
  workByEpoch,
} from '../src/data/shape';

const rpc = fixtures.rpc as unknown as Record<string, Json>;
const api = fixtures.api as unknown as Record<string, Json>;
const storage = fixtures.storage as unknown as { stats: Json; devices: { key: string; apiKey: Json; info: Json }[] };
const key = (rpc.device as { device: string }).device;

describe('scalars', () => {
  test('integers from numbers, decimal strings and hex of any width', () => {
    expect(big(7)).toBe(7n);
    expect(big('1000000000000000000000')).toBe(10n ** 21n);
    expect(big('0x000000000000003635c9adc5dea00000')).toBe(10n ** 21n);
    expect(() => big(2 ** 60)).toThrow(/not an exact integer/);
    expect(() => big('12abc')).toThrow(/not an integer/);
    expect(() => big(null)).toThrow();
  });

  test('H3 cells keep every bit (they exceed 2^53)', () => {
    expect(cellIndex('0x08a1f1d489407fff')).toBe('8a1f1d489407fff');
    expect(cellIndex('8a1f1d489407fff')).toBe('8a1f1d489407fff');
    expect(cellIndex('08A1F1D489407FFF')).toBe('8a1f1d489407fff');
    expect(cellIndex(null)).toBeNull();
    // Through a float, the last digits would be lost.
    expect(Number(BigInt('0x8a1f1d489407fff')).toString(16)).not.toBe('8a1f1d489407fff');
  });

  test('enum variants in either encoding', () => {
    expect(variant('Witnessed')).toBe('witnessed');
    expect(variant('witnessed')).toBe('witnessed');
    expect(variant({ active: null })).toBe('active');
    expect(variant({ retiring: { unbondsAt: 5 } })).toBe('retiring');
    expect(() => variant({ a: 1, b: 2 })).toThrow(/not an enum/);
  });

  test('device keys in either encoding, and back to the runtime API form', () => {
    const hex = '0x' + 'ab'.repeat(32);
    expect(deviceKey(`sr25519:${hex}`)).toBe(`sr25519:${hex}`);
    expect(deviceKey({ sr25519: hex.toUpperCase().replace('0X', '0x') })).toBe(`sr25519:${hex}`);
    expect(deviceKeyParam(`ed25519:${hex}`)).toEqual({ ed25519: hex });
    expect(() => deviceKey('sr25519')).toThrow(/not a device key/);
    expect(() => deviceKeyParam('nope')).toThrow(/not a device key/);
  });

  test('little-endian SCALE integers from storage', () => {
    expect(leHex('0x0100000000000000')).toBe(1n);
    expect(leHex('0x00e0d3cf5558190000000000000000')).toBe(7_134n * 10n ** 12n);
    expect(leHex('0x')).toBe(0n);
  });

  test('byte strings as text', () => {
    expect(text('0x44656d6f')).toBe('Demo');
    expect(text('Demo')).toBe('Demo');
    expect(text(null)).toBe('');
  });
});

describe('both encodings give the same model', () => {
  test('epoch', () => {
    const e = shapeEpoch(rpc.epoch);
    expect(shapeEpoch(api.epoch)).toEqual(e);
    expect(e.end - e.start).toBe(e.length);
    expect(epochProgress(e, e.start)).toBe(0);
    expect(epochProgress(e, e.start + e.length / 2)).toBe(0.5);
    expect(epochProgress(e, e.end + 100)).toBe(1);
  });

  test('stats: RPC, runtime API and the storage reads of light-client mode', () => {
    const s = shapeStats(rpc.stats);
    const epoch = (rpc.stats as { epoch: number }).epoch;
    expect(shapeStats({ ...(api.stats as object), epoch } as Json)).toEqual(s);
    expect(shapeStats(storage.stats)).toEqual(s);
    expect(totalDevices(s)).toBe(9);
    expect(s.devicesByClass.map((c) => c.cls)).toEqual([0, 1, 2]);
    expect(s.units.usage + s.units.witnessed + s.units.attested).toBeGreaterThan(0n);
    // The node's own figure (a float of burned / minted).
    expect(s.ratio).toBeCloseTo((rpc.stats as { sustainabilityRatio: number }).sustainabilityRatio, 9);
  });

  test('device', () => {
    const d = shapeDevice(key, rpc.device)!;
    expect(shapeDevice(key, api.device)).toEqual(d);
    expect(d.cell).toBe((rpc.device as { location: string }).location);
    expect(d.status).toBe('active');
    expect(d.bond).toBe(BigInt((rpc.device as { bond: string }).bond));
    expect(shapeDevice(key, null)).toBeNull();
    expect(d.keyType).toBe(key.split(':')[0]);
    expect(d.certificate).toBeNull();
  });

  test('a device with a certificate chain shows its certificate and key type', () => {
    const p256 = `p256:0x02${'ab'.repeat(32)}`;
    const issuer = `0x03${'cd'.repeat(32)}`;
    const cert = { issuer, serial: '0x008123', notAfter: 4102444800, revoked: true };
    const d = shapeDevice(p256, { ...(api.device as object), device: p256, certificate: cert } as Json)!;
    expect(d.keyType).toBe('p256');
    expect(d.certificate).toEqual({ issuer: `p256:${issuer}`, serial: '0x008123', notAfter: 4102444800, revoked: true });
    const rpcForm = { ...(rpc.device as object), device: p256, keyType: 'p256', certificate: { ...cert, issuer: `p256:${issuer}` } };
    expect(shapeDevice(p256, rpcForm as Json)).toMatchObject({ keyType: 'p256', certificate: d.certificate });
  });

  test('a retiring device keeps its unbonding block', () => {
    const retiring = { ...(api.device as object), status: { retiring: { unbondsAt: 1234 } } } as Json;
    expect(shapeDevice(key, retiring)).toMatchObject({ status: 'retiring', unbondsAt: 1234 });
    expect(() => shapeDevice(key, { ...(api.device as object), status: 'gone' } as Json)).toThrow(/unknown device status/);
  });

  test('rewards: totals by state and work per epoch', () => {
    const r = shapeRewards(rpc.pendingRewards);
    expect(shapeRewards(api.pendingRewards)).toEqual(r);
    expect(r.claimable).toBe(BigInt((rpc.pendingRewards as { claimable: string }).claimable));
    expect(r.rows.map((x) => x.epoch)).toEqual([...r.rows.map((x) => x.epoch)].sort((a, b) => b - a));
    const work = workByEpoch(r.rows);
    expect(work.reduce((s, w) => s + w.units.witnessed, 0n)).toBe(r.rows.reduce((s, x) => s + x.units, 0n));
  });

  test('rewards by state: voided work counts nowhere, claimed and pending apart', () => {
    const row = { epoch: 1, earner: 'a', kind: 'usage', units: 1, shares: '1', reward: '10', final: true, voided: false, claimed: false };
    const r = shapeRewards({
      epochs: [
        row,
        { ...row, epoch: 2, claimed: true, reward: '20' },
        { ...row, epoch: 3, final: false, reward: '40' },
        { ...row, epoch: 4, voided: true, claimed: true, reward: '80' },
      ],
    } as unknown as Json);
    expect([r.claimable, r.claimed, r.pending]).toEqual([10n, 20n, 40n]);
  });

  test('emissions: schedule, demand and projection', () => {
    const e = shapeEmissions(rpc.schedule);
    expect(shapeEmissions(api.schedule, api.demand, api.projection)).toEqual(e);
    expect(e.schedule!.initial).toBe(7_134n * 10n ** 12n);
    expect(e.schedule!.split.operatorsPpb + e.schedule!.split.validatorsPpb + e.schedule!.split.treasuryPpb).toBe(1_000_000_000);
    expect(e.schedule!.shape).toEqual({ halvingEvery: 35_040 });
    expect(e.schedule!.demandIndex).toEqual({ targetPpm: 1_000_000, floorPpb: 250_000_000, ceilingPpb: 1_000_000_000 });
    expect(e.projection).toHaveLength(3);
    expect(shapeEmissions(null, api.demand, []).schedule).toBeNull();
  });

  test('a decaying schedule', () => {
    const s = { ...(api.schedule as object), shape: { decay: { perEpoch: 1000 } }, net: null, demandIndex: null } as Json;
    const e = shapeEmissions(s, api.demand, api.projection);
    expect(e.schedule!.shape).toEqual({ decayPerEpochPpb: 1000 });
    expect(e.schedule!.net).toBeNull();
  });

  test('supply records', () => {
    const r = shapeSupply(rpc.supplyHistory);
    expect(shapeSupply(api.supplyHistory)).toEqual(r);
    expect(r.length).toBeGreaterThan(0);
    expect(mintedTotal(r[0])).toBe(r[0].minted.operators + r[0].minted.validators + r[0].minted.treasury);
  });

  test('class, maker and verifier', () => {
    expect(shapeClass(0, api.class)).toEqual(shapeClass(0, rpc.class));
    expect(shapeClass(0, rpc.class)).toMatchObject({ proof: 'witnessed', kind: 'physical', locationRequired: true });
    expect(shapeMaker(0, api.maker)).toEqual(shapeMaker(0, rpc.maker));
    expect(shapeMaker(0, api.maker)!.name).toBe('Demo Devices Inc.');
    const v = { admitted: true, bond: '5', slashed: '0', slashes: 0, quota: 10, usedThisEpoch: 2, slot: 1 };
    const { usedThisEpoch, ...rest } = v;
    expect(shapeVerifier({ ...rest, used: usedThisEpoch, bond: 5 } as unknown as Json)).toEqual(shapeVerifier(v));
    expect(shapeVerifier(null)).toBeNull();
  });

  test('devices of an owner', () => {
    const viaRpc = (rpc.devicesOf as { devices: string[] }).devices.map(deviceKey);
    expect((api.devicesOf as Json[]).map(deviceKey)).toEqual(viaRpc);
    expect(viaRpc).toContain(key);
  });
});

describe('supply projection', () => {
  const epoch = { index: 5, start: 50, end: 60, length: 10, closing: null, verifiers: 0, attestationQuorum: 1 };

  test('each epoch\'s emission lands at its close, on top of today\'s issuance', () => {
    expect(
      projectIssuance(
        [
          { epoch: 6, emission: 5n },
          { epoch: 5, emission: 7n },
          { epoch: 4, emission: 99n },
        ],
        epoch,
        53,
        1000n,
      ),
    ).toEqual([
      { block: 53, issuance: 1000n },
      { block: 60, issuance: 1007n },
      { block: 70, issuance: 1012n },
    ]);
  });

  test('sample blocks are spread evenly, both ends included, without duplicates', () => {
    expect(sampleBlocks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(sampleBlocks(10, 12, 40)).toEqual([10, 11, 12]);
    expect(sampleBlocks(7, 7, 40)).toEqual([7]);
    expect(sampleBlocks(8, 7, 40)).toEqual([]);
  });
});

describe('sustainability ratio', () => {
  test('the runtime\'s rule, also where the RPC does not compute it for us', () => {
    expect(ratioPpm(0n, 0n)).toBe(0);
    expect(ratioPpm(5n, 0n)).toBe(MAX_RATIO_PPM);
    expect(ratioPpm(1n, 3n)).toBe(333_333);
    expect(ratioPpm(10n ** 30n, 1n)).toBe(MAX_RATIO_PPM);
    // The runtime API's demand state has no ratio: it is computed the same way.
    const d = { ...(api.demand as object), trailingUnrepaid: 7, trailingIssued: 0 } as Json;
    expect(shapeEmissions(api.schedule, d, api.projection).demand.ratioPpm).toBe(MAX_RATIO_PPM);
  });
});
