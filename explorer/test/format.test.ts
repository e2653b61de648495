import { describe, expect, test } from 'vitest';
import { count, formatDpin, ppbPercent, ppmRatio, short, shortKey } from '../src/data/format';
import { classify, routeOf } from '../src/data/search';
import { DEFAULT_RPC, endpointProblem, parseSettings } from '../src/settings';
import { aggregate, EDGE_KM, finestResolution, resolutionFor, shade } from '../src/data/cells';

const DPIN = 10n ** 12n;

describe('DPIN amounts', () => {
  test('truncated, grouped, without trailing zeros', () => {
    expect(formatDpin(0n)).toBe('0 DPIN');
    expect(formatDpin(7_134n * DPIN)).toBe('7,134 DPIN');
    expect(formatDpin(1_500_000_000_000n)).toBe('1.5 DPIN');
    expect(formatDpin(127_031_411_908n)).toBe('0.127 DPIN');
    expect(formatDpin(199_999n * DPIN + 999_999_999_999n, 2)).toBe('199,999.99 DPIN');
    expect(formatDpin(10n ** 21n, 0)).toBe('1,000,000,000 DPIN');
    expect(formatDpin(-2n * DPIN, 4, false)).toBe('-2');
  });

  test('dust is not shown as zero', () => {
    expect(formatDpin(1n)).toBe('< 0.0001 DPIN');
    expect(formatDpin(1n, 2, false)).toBe('< 0.01');
  });

  test('parts per billion and million, counts, shortening', () => {
    expect(ppbPercent(5_000_000)).toBe('0.5 %');
    expect(ppbPercent(1_000_000_000)).toBe('100 %');
    expect(ppbPercent(666_666_666)).toBe('66.67 %');
    expect(ppmRatio(1_638_000)).toBe('1.638');
    expect(count(1234567)).toBe('1,234,567');
    expect(short('0x' + 'a'.repeat(64))).toBe('0xaaaaaa…aaaaaa');
    expect(shortKey('sr25519:0x' + 'b'.repeat(64))).toBe('sr25519:0xbbbbbb…bbbbbb');
  });
});

describe('search input', () => {
  const hex = 'ab'.repeat(32);
  test('block numbers and hashes', () => {
    expect(classify(' 42 ')).toEqual({ kind: 'block', number: 42 });
    expect(classify('99999999999').kind).toBe('unknown');
    expect(classify(`0x${hex.toUpperCase()}`)).toEqual({ kind: 'hash', hash: `0x${hex}` });
  });
  test('device keys, typed or in SCALE form', () => {
    expect(classify(`sr25519:0x${hex}`)).toEqual({ kind: 'device', key: `sr25519:0x${hex}` });
    expect(classify(`ED25519:0x${hex}`)).toEqual({ kind: 'device', key: `ed25519:0x${hex}` });
    expect(classify(`0x01${hex}`)).toEqual({ kind: 'device', key: `ed25519:0x${hex}` });
    expect(classify(`p256:0x03${hex}`)).toEqual({ kind: 'device', key: `p256:0x03${hex}` });
    expect(classify(`0x0202${hex}`)).toEqual({ kind: 'device', key: `p256:0x02${hex}` });
    expect(classify(`p256:0x${hex}`)).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/33 bytes/) });
    expect(classify(`p256:0x04${hex}`)).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/02 or 03/) });
    expect(classify(`p384:0x${hex}`)).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/unknown key type/) });
    expect(classify('sr25519:0xabcd')).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/32 bytes/) });
  });
  test('accounts in any SS58 prefix, shown in the chain\'s', () => {
    const alice42 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    const alice7373 = 'sonRQdR7xsrVpu8SAAbYrQkHoNNJQm45B6XoUQsHRDaRyN5dx';
    expect(classify(alice42)).toEqual({ kind: 'account', address: alice7373 });
    expect(classify(alice7373)).toEqual({ kind: 'account', address: alice7373 });
    expect(classify(alice42.slice(0, -1) + 'Z')).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/checksum/) });
  });
  test('anything else is explained', () => {
    expect(classify('')).toEqual({ kind: 'empty' });
    expect(classify('hello world')).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/expected a block number/) });
    expect(routeOf(classify('7'))).toBe('/block/7');
    expect(routeOf(classify('zzz'))).toBeNull();
  });
});

describe('settings', () => {
  test('URL parameters over saved settings over defaults', () => {
    expect(parseSettings('')).toEqual({ mode: 'rpc', rpc: DEFAULT_RPC, spec: 'chain-spec.json' });
    // A link with ?rpc= opens in RPC mode even where light mode was saved.
    expect(parseSettings('?rpc=ws://10.0.0.1:1', { rpc: 'ws://saved:2', mode: 'light' })).toEqual({ mode: 'rpc', rpc: 'ws://10.0.0.1:1', spec: 'chain-spec.json' });
    expect(parseSettings('', { rpc: 'ws://saved:2', mode: 'light' })).toEqual({ mode: 'light', rpc: 'ws://saved:2', spec: 'chain-spec.json' });
    expect(parseSettings('?mode=light&rpc=ws://x:1').mode).toBe('light');
    expect(parseSettings('?mode=bogus').mode).toBe('rpc');
  });
  test('endpoints must be WebSocket URLs', () => {
    expect(endpointProblem('ws://127.0.0.1:9944')).toBeNull();
    expect(endpointProblem('wss://rpc.example.org')).toBeNull();
    expect(endpointProblem('http://127.0.0.1:9944')).toMatch(/not a WebSocket endpoint/);
    expect(endpointProblem('127.0.0.1:9944')).toMatch(/not a WebSocket endpoint|not a URL/);
    expect(endpointProblem('::')).toMatch(/not a URL/);
  });
});

describe('cells', () => {
  const berlin = '8a1f1d489407fff'; // resolution 10
  const other = '8a1f1d48940ffff';
  test('zoomed out, devices merge into parent cells; zoomed in, each keeps its own', () => {
    const devices = [
      { key: 'a', cell: berlin, work: 3n },
      { key: 'b', cell: berlin, work: 2n },
      { key: 'c', cell: other, work: 1n },
      { key: 'd', cell: 'not-a-cell', work: 9n },
    ];
    expect(finestResolution(devices)).toBe(10);
    const fine = aggregate(devices, 10);
    expect(fine.invalid).toBe(1);
    expect(fine.groups.map((g) => [g.cell, g.devices.length, g.work])).toEqual([
      [berlin, 2, 5n],
      [other, 1, 1n],
    ]);
    const coarse = aggregate(devices, 5);
    expect(coarse.groups).toHaveLength(1);
    expect(coarse.groups[0]).toMatchObject({ devices: ['a', 'b', 'c'], work: 6n });
  });
  test('the resolution follows the zoom', () => {
    // A resolution-r hexagon is about 2 × EDGE_KM[r] across.
    expect(resolutionFor(10 / (2 * EDGE_KM[10]), 10)).toBe(10);
    expect(resolutionFor(10 / (2 * EDGE_KM[7]), 10)).toBe(7);
    expect(resolutionFor(1e-6, 10)).toBe(0);
    expect(resolutionFor(1e6, 10)).toBe(10);
  });
  test('shades run light to dark', () => {
    expect(shade(0, 10)).toBe(shade(0, 0));
    expect(shade(10, 10)).not.toBe(shade(1, 10));
  });
});
