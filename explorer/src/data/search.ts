// What a search box input means: a block number or hash, a device key, or an account.
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { SS58_PREFIX } from './format';

export type Query =
  | { kind: 'block'; number: number }
  | { kind: 'hash'; hash: string }
  | { kind: 'device'; key: string }
  | { kind: 'account'; address: string }
  | { kind: 'empty' }
  | { kind: 'unknown'; input: string; why: string };

/** Device key types by their SCALE type byte, with their length in bytes. */
const KEY_TYPES: { type: string; bytes: number }[] = [
  { type: 'sr25519', bytes: 32 },
  { type: 'ed25519', bytes: 32 },
  { type: 'p256', bytes: 33 },
];

/**
 * Classifies search input. A bare 32-byte hex value is taken as a block hash (the page falls
 * back to an sr25519 device key if no block has it); device keys are `sr25519:0x…`,
 * `ed25519:0x…` (32 bytes), `p256:0x02…`/`p256:0x03…` (a compressed P-256 key, 33 bytes) or
 * the SCALE form `0x00…`/`0x01…`/`0x02…` (type byte, then the key); accounts are
 * SS58 addresses of any prefix, shown in the chain's prefix (7373).
 */
export function classify(input: string): Query {
  const q = input.trim();
  if (q === '') return { kind: 'empty' };
  if (/^\d+$/.test(q)) {
    const n = Number(q);
    if (!Number.isSafeInteger(n) || n > 0xffff_ffff) return { kind: 'unknown', input: q, why: 'a block number is at most 4,294,967,295' };
    return { kind: 'block', number: n };
  }
  const typed = /^([a-z0-9]+):(0x[0-9a-f]+)$/i.exec(q);
  if (typed) {
    const type = typed[1].toLowerCase();
    const known = KEY_TYPES.find((k) => k.type === type);
    if (!known) return { kind: 'unknown', input: q, why: `unknown key type "${type}": expected sr25519, ed25519 or p256` };
    if (typed[2].length !== 2 + 2 * known.bytes) {
      return { kind: 'unknown', input: q, why: `a ${type} device key has ${known.bytes} bytes (${2 * known.bytes} hex digits after 0x)` };
    }
    if (type === 'p256' && !/^0x0[23]/i.test(typed[2])) return { kind: 'unknown', input: q, why: 'a p256 device key is compressed: it starts with 02 or 03' };
    return { kind: 'device', key: `${type}:${typed[2].toLowerCase()}` };
  }
  if (/^0x[0-9a-f]{64}$/i.test(q)) return { kind: 'hash', hash: q.toLowerCase() };
  const scale = /^0x(0[01])([0-9a-f]{64})$/i.exec(q) ?? /^0x(02)(0[23][0-9a-f]{64})$/i.exec(q);
  if (scale) return { kind: 'device', key: `${KEY_TYPES[Number(scale[1])].type}:0x${scale[2].toLowerCase()}` };
  if (/^[1-9A-HJ-NP-Za-km-z]{40,60}$/.test(q)) {
    try {
      return { kind: 'account', address: encodeAddress(decodeAddress(q), SS58_PREFIX) };
    } catch {
      return { kind: 'unknown', input: q, why: 'looks like an address, but its checksum is wrong' };
    }
  }
  return {
    kind: 'unknown',
    input: q,
    why: 'expected a block number, a block hash (0x + 64 hex digits), a device key (sr25519:0x…, ed25519:0x… or p256:0x…) or an account address',
  };
}

/** The app route a query leads to (null for empty or unknown input). */
export function routeOf(q: Query): string | null {
  switch (q.kind) {
    case 'block':
      return `/block/${q.number}`;
    case 'hash':
      return `/block/${q.hash}`;
    case 'device':
      return `/device/${q.key}`;
    case 'account':
      return `/account/${q.address}`;
    default:
      return null;
  }
}
