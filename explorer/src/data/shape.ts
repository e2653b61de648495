// The shaping layer: one model for what the pages show, built from either of the two
// encodings the chain answers in. JSON-RPC (`depin_*`, full-node mode) gives decimal strings
// for balances, lower-case enum names, flat fields and `sr25519:0x…` keys; the DepinApi runtime
// API through polkadot.js (`toJSON()`, light-client mode) gives numbers or hex for balances,
// `{ "active": null }` or `"Witnessed"` enums, nested fields and `{ "sr25519": "0x…" }` keys.
// Every function here is pure and unit-tested against answers captured from a real node.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export type ProofKind = 'usage' | 'witnessed' | 'attested';

export interface EpochView {
  index: number;
  /** First block of the epoch, and of the next one. */
  start: number;
  end: number;
  length: number;
  /** The previous epoch while it is in its grace period. */
  closing: number | null;
  verifiers: number;
  attestationQuorum: number;
}

export interface StatsView {
  epoch: number;
  devicesByClass: { cls: number; devices: number }[];
  devicesByStatus: { active: number; suspended: number; retiring: number };
  units: Record<ProofKind, bigint>;
  /** Usage credits settled in the epoch, and devices with work. */
  credits: bigint;
  workingDevices: number;
  minted: bigint;
  burned: bigint;
  /** burned / minted, null when nothing was minted. */
  ratio: number | null;
}

export type DeviceStatus = 'active' | 'suspended' | 'retiring';

export interface DeviceView {
  key: string;
  owner: string;
  cls: number;
  maker: number;
  bond: bigint;
  status: DeviceStatus;
  unbondsAt: number | null;
  /** The H3 cell as 15 hex digits, or null for a device without a location. */
  cell: string | null;
  registeredAt: number | null;
  occupancyScalePpb: number;
  lastBeaconed: number | null;
  lastWitnessed: number | null;
  offeredTo: string | null;
  /** The key's scheme: sr25519, ed25519 or p256. */
  keyType: string;
  /** The maker certificate of a device registered with a certificate chain. */
  certificate: CertificateView | null;
}

export interface CertificateView {
  /** The P-256 key that issued the device certificate, `p256:0x…`. */
  issuer: string;
  /** The serial number's DER bytes, `0x…`. */
  serial: string;
  /** The end of the certificate's validity, Unix seconds. */
  notAfter: number;
  /** Whether the certificate, its key or its issuer's key is revoked. */
  revoked: boolean;
}

function shapeCertificate(raw: Json | undefined): CertificateView | null {
  if (raw === null || raw === undefined) return null;
  const o = obj(raw, 'certificate');
  const issuer = String(o.issuer);
  return {
    issuer: issuer.startsWith('p256:') ? issuer : `p256:${issuer}`,
    serial: String(o.serial),
    notAfter: num(o.notAfter),
    revoked: o.revoked === true,
  };
}

export interface RewardRow {
  epoch: number;
  earner: string;
  kind: ProofKind;
  units: bigint;
  reward: bigint;
  final: boolean;
  voided: boolean;
  claimed: boolean;
}

export interface RewardsView {
  /** Final and unclaimed, all earners together. */
  claimable: bigint;
  /**
   * Claimed so far, and set but not final yet (closed epochs in their dispute window; an epoch
   * not closed yet has no reward set, so it adds nothing here).
   */
  claimed: bigint;
  pending: bigint;
  rows: RewardRow[];
}

export interface ScheduleView {
  initial: bigint;
  shape: { halvingEvery: number } | { decayPerEpochPpb: number };
  tail: bigint;
  cap: bigint;
  split: { operatorsPpb: number; validatorsPpb: number; treasuryPpb: number };
  kinds: Record<ProofKind, number>;
  usageCapMultiplier: number;
  bondRewardCapPpb: number;
  claimExpiry: number;
  net: { smoothing: number; remintCap: bigint; ratioWindow: number } | null;
  demandIndex: { targetPpm: number; floorPpb: number; ceilingPpb: number } | null;
}

export interface DemandView {
  smoothedBurn: bigint;
  burned: bigint;
  unrepaid: bigint;
  reminted: bigint;
  trailingUnrepaid: bigint;
  trailingIssued: bigint;
  /** trailingUnrepaid / trailingIssued in parts per million (0 when nothing was issued). */
  ratioPpm: number;
}

export interface EmissionsView {
  schedule: ScheduleView | null;
  demand: DemandView;
  projection: { epoch: number; emission: bigint }[];
}

export interface SupplyRecordView {
  epoch: number;
  minted: { operators: bigint; validators: bigint; treasury: bigint };
  burned: bigint;
  unrepaid: bigint;
  reminted: bigint;
  withheld: bigint;
  smoothedBurn: bigint;
  ratioPpm: number;
  subsidyScalePpb: number;
}

export interface ClassView {
  id: number;
  kind: string;
  proof: ProofKind;
  bond: bigint;
  unitsCap: number;
  unitPrice: bigint;
  rewardWeight: number;
  locationRequired: boolean;
}

export interface MakerView {
  id: number;
  name: string;
  devices: number;
  onboarded: number;
  quota: number;
  revoked: boolean;
  paused: boolean;
  bond: bigint;
  slashed: bigint;
}

export interface VerifierView {
  admitted: boolean;
  bond: bigint;
  slashed: bigint;
  slashes: number;
  quota: bigint;
  usedThisEpoch: bigint;
  slot: number | null;
}

// --- scalar conversions ----------------------------------------------------------------------

/** Reads an integer from a number, a decimal string or a 0x-hex string (any width). */
export function big(v: Json | bigint | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`not an exact integer: ${v}`);
    return BigInt(v);
  }
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|-?\d+)$/.test(v)) return BigInt(v);
  throw new Error(`not an integer: ${JSON.stringify(v)}`);
}

/** Reads a small integer (block numbers, epochs, counts, parts per billion). */
export function num(v: Json | undefined): number {
  const b = big(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`integer too large: ${b}`);
  }
  return Number(b);
}

export function optNum(v: Json | undefined): number | null {
  return v === null || v === undefined ? null : num(v);
}

/** The name of an enum value in lower camel case: `"Active"`, `"active"` and `{ "active": null }` all give `"active"`. */
export function variant(v: Json | undefined): string {
  let name: string;
  if (typeof v === 'string') name = v;
  else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) name = Object.keys(v)[0];
  else throw new Error(`not an enum: ${JSON.stringify(v)}`);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The payload of an enum value (`{ "retiring": { "unbondsAt": 5 } }` gives `{ unbondsAt: 5 }`). */
function payload(v: Json | undefined): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.values(v)[0] : null;
}

function proofKind(v: Json | undefined): ProofKind {
  const k = variant(v);
  if (k === 'usage' || k === 'witnessed' || k === 'attested') return k;
  throw new Error(`unknown proof kind: ${k}`);
}

/**
 * An H3 cell as the 15 lower-case hex digits h3-js uses, from the RPC's hex digits or the
 * runtime API's u64 (hex with 0x, or a number). Never through a float: cells exceed 2^53.
 */
export function cellIndex(v: Json | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && /^[0-9a-fA-F]+$/.test(v)) return v.toLowerCase().replace(/^0+(?=.)/, '');
  return big(v).toString(16);
}

/**
 * A device key as `type:0x…`, from the RPC's string form or the runtime API's
 * `{ "sr25519": "0x…" }` form.
 */
export function deviceKey(v: Json | undefined): string {
  if (typeof v === 'string' && /^[a-z0-9]+:0x[0-9a-f]+$/i.test(v)) return v.toLowerCase();
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) {
    const [type, hex] = Object.entries(v)[0];
    if (typeof hex === 'string') return `${type.toLowerCase()}:${hex.toLowerCase()}`;
  }
  throw new Error(`not a device key: ${JSON.stringify(v)}`);
}

/** A device key in the runtime API's enum form, for `api.call.depinApi` and storage queries. */
export function deviceKeyParam(key: string): Record<string, string> {
  const m = /^([a-z0-9]+):(0x[0-9a-f]+)$/i.exec(key);
  if (!m) throw new Error(`not a device key: ${key}`);
  return { [m[1].toLowerCase()]: m[2].toLowerCase() };
}

/** A SCALE `Vec<u8>` of UTF-8 (hex in polkadot.js JSON) or a plain string. */
export function text(v: Json | undefined): string {
  if (typeof v !== 'string') return '';
  if (!/^0x([0-9a-f]{2})*$/i.test(v)) return v;
  const bytes = new Uint8Array((v.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(v.slice(2 + 2 * i, 4 + 2 * i), 16);
  return new TextDecoder().decode(bytes);
}

function obj(v: Json | undefined, what: string): Obj {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  throw new Error(`${what}: expected an object, got ${JSON.stringify(v)}`);
}

/** The first of several field names present (the two encodings name some fields differently). */
function field(o: Obj, ...names: string[]): Json | undefined {
  for (const n of names) if (n in o) return o[n];
  return undefined;
}

// --- records ---------------------------------------------------------------------------------

export function shapeEpoch(raw: Json): EpochView {
  const o = obj(raw, 'epoch');
  return {
    index: num(o.index),
    start: num(o.start),
    end: num(o.end),
    length: num(o.length),
    closing: optNum(o.closing),
    verifiers: num(o.verifiers),
    attestationQuorum: num(o.attestationQuorum),
  };
}

/** How far the epoch has run at block `best`, from 0 to 1. */
export function epochProgress(e: EpochView, best: number): number {
  if (e.length <= 0) return 0;
  return Math.min(1, Math.max(0, (best - e.start) / e.length));
}

export function shapeStats(raw: Json): StatsView {
  const o = obj(raw, 'stats');
  const totals = obj(o.totals, 'stats.totals');
  const units = totals.units && typeof totals.units === 'object' ? obj(totals.units, 'units') : null;
  const byClass = Array.isArray(o.devicesByClass) ? o.devicesByClass : [];
  const status = obj(o.devicesByStatus, 'devicesByStatus');
  const minted = big(o.minted);
  const burned = big(o.burned);
  return {
    epoch: num(o.epoch),
    devicesByClass: byClass
      .map((c) => (Array.isArray(c) ? { cls: num(c[0]), devices: num(c[1]) } : { cls: num(obj(c, 'class').class), devices: num(obj(c, 'class').devices) }))
      .sort((a, b) => a.cls - b.cls),
    devicesByStatus: { active: num(status.active), suspended: num(status.suspended), retiring: num(status.retiring) },
    units: {
      usage: big(units ? units.usage : totals.usageUnits),
      witnessed: big(units ? units.witnessed : totals.witnessedUnits),
      attested: big(units ? units.attested : totals.attestedUnits),
    },
    credits: big(totals.credits),
    workingDevices: num(totals.devices),
    minted,
    burned,
    ratio: minted === 0n ? null : Number((burned * 1_000_000_000n) / minted) / 1e9,
  };
}

export function totalDevices(s: StatsView): number {
  return s.devicesByStatus.active + s.devicesByStatus.suspended + s.devicesByStatus.retiring;
}

export function shapeDevice(key: string, raw: Json): DeviceView | null {
  if (raw === null) return null;
  const o = obj(raw, 'device');
  const activity = o.activity && typeof o.activity === 'object' ? obj(o.activity, 'activity') : o;
  const status = variant(o.status);
  if (status !== 'active' && status !== 'suspended' && status !== 'retiring') throw new Error(`unknown device status ${status}`);
  const unbonds = status === 'retiring' ? payload(o.status) : null;
  return {
    key: deviceKey(o.device ?? key),
    owner: String(o.owner),
    cls: num(o.class),
    maker: num(o.maker),
    bond: big(o.bond),
    status,
    unbondsAt: unbonds && typeof unbonds === 'object' && !Array.isArray(unbonds) ? num(unbonds.unbondsAt) : null,
    cell: cellIndex(o.location),
    registeredAt: optNum(o.registeredAt),
    occupancyScalePpb: num(o.occupancyScalePpb ?? 1_000_000_000),
    lastBeaconed: optNum(activity.lastBeaconed),
    lastWitnessed: optNum(activity.lastWitnessed),
    offeredTo: typeof o.offeredTo === 'string' ? o.offeredTo : null,
    keyType: typeof o.keyType === 'string' ? o.keyType : deviceKey(o.device ?? key).split(':')[0],
    certificate: shapeCertificate(o.certificate),
  };
}

/** A device's rewards from `depin_pendingRewards` (an object) or `pendingRewards` (a list). */
export function shapeRewards(raw: Json): RewardsView {
  const list = Array.isArray(raw) ? raw : (obj(raw, 'rewards').epochs as Json[]);
  const rows: RewardRow[] = list.map((r) => {
    const o = obj(r, 'reward');
    return {
      epoch: num(o.epoch),
      earner: String(o.earner),
      kind: proofKind(o.kind),
      units: big(o.units),
      reward: big(o.reward),
      final: Boolean(field(o, 'final', 'isFinal')),
      voided: Boolean(o.voided),
      claimed: Boolean(o.claimed),
    };
  });
  let claimable = 0n;
  let claimed = 0n;
  let pending = 0n;
  for (const r of rows) {
    if (r.voided) continue;
    if (r.claimed) claimed += r.reward;
    else if (r.final) claimable += r.reward;
    else pending += r.reward;
  }
  return { claimable, claimed, pending, rows: rows.sort((a, b) => b.epoch - a.epoch) };
}

/** Units per proof kind per epoch, from reward rows (a device's work history). */
export function workByEpoch(rows: RewardRow[]): { epoch: number; units: Record<ProofKind, bigint> }[] {
  const by = new Map<number, Record<ProofKind, bigint>>();
  for (const r of rows) {
    const u = by.get(r.epoch) ?? { usage: 0n, witnessed: 0n, attested: 0n };
    u[r.kind] += r.units;
    by.set(r.epoch, u);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([epoch, units]) => ({ epoch, units }));
}

export function shapeSchedule(raw: Json): ScheduleView | null {
  if (raw === null) return null;
  const o = obj(raw, 'schedule');
  const shape = obj(o.shape, 'shape');
  const kind = variant(shape);
  const body = obj(payload(shape), 'shape');
  const split = obj(o.split, 'split');
  const kinds = obj(o.kinds, 'kinds');
  const net = o.net ? obj(o.net, 'net') : null;
  const idx = o.demandIndex ? obj(o.demandIndex, 'demandIndex') : null;
  return {
    initial: big(o.initial),
    shape: kind === 'halving' ? { halvingEvery: num(body.every) } : { decayPerEpochPpb: num(field(body, 'perEpochPpb', 'perEpoch')) },
    tail: big(o.tail),
    cap: big(o.cap),
    split: {
      operatorsPpb: num(field(split, 'operatorsPpb', 'operators')),
      validatorsPpb: num(field(split, 'validatorsPpb', 'validators')),
      treasuryPpb: num(field(split, 'treasuryPpb', 'treasury')),
    },
    kinds: {
      usage: num(field(kinds, 'usagePpb', 'usage')),
      witnessed: num(field(kinds, 'witnessedPpb', 'witnessed')),
      attested: num(field(kinds, 'attestedPpb', 'attested')),
    },
    usageCapMultiplier: num(o.usageCapMultiplier),
    bondRewardCapPpb: num(field(o, 'bondRewardCapPpb', 'bondRewardCap')),
    claimExpiry: num(o.claimExpiry),
    net: net ? { smoothing: num(net.smoothing), remintCap: big(net.remintCap), ratioWindow: num(net.ratioWindow) } : null,
    demandIndex: idx
      ? {
          targetPpm: num(idx.targetPpm),
          floorPpb: num(field(idx, 'floorPpb', 'floor')),
          ceilingPpb: num(field(idx, 'ceilingPpb', 'ceiling')),
        }
      : null,
  };
}

/** The largest sustainability ratio the runtime reports, in ppm (10^6: RATIO_ONE²). */
export const MAX_RATIO_PPM = 1_000_000_000_000;

/**
 * The runtime's `DemandState::ratio_ppm`: unrepaid ÷ issued in ppm, rounded down; 0 without
 * unrepaid burn, and MAX_RATIO_PPM for unrepaid burn with nothing issued or beyond the cap.
 */
export function ratioPpm(unrepaid: bigint, issued: bigint): number {
  if (unrepaid === 0n) return 0;
  if (issued === 0n) return MAX_RATIO_PPM;
  const r = (unrepaid * 1_000_000n) / issued;
  return r > BigInt(MAX_RATIO_PPM) ? MAX_RATIO_PPM : Number(r);
}

export function shapeDemand(raw: Json): DemandView {
  const o = obj(raw, 'demand');
  const trailingUnrepaid = big(o.trailingUnrepaid);
  const trailingIssued = big(o.trailingIssued);
  return {
    smoothedBurn: big(o.smoothedBurn),
    burned: big(o.burned),
    unrepaid: big(o.unrepaid),
    reminted: big(o.reminted),
    trailingUnrepaid,
    trailingIssued,
    ratioPpm: o.ratioPpm !== undefined ? num(o.ratioPpm) : ratioPpm(trailingUnrepaid, trailingIssued),
  };
}

/** `depin_schedule`'s answer, or the runtime API's schedule, demand and projection together. */
export function shapeEmissions(rpc: Json): EmissionsView;
export function shapeEmissions(schedule: Json, demand: Json, projection: Json): EmissionsView;
export function shapeEmissions(a: Json, demand?: Json, projection?: Json): EmissionsView {
  if (demand === undefined) {
    const o = obj(a, 'schedule answer');
    return {
      schedule: shapeSchedule(o.schedule),
      demand: shapeDemand(o.demand),
      projection: (o.projection as Json[]).map((p) => ({ epoch: num(obj(p, 'projection').epoch), emission: big(obj(p, 'projection').emission) })),
    };
  }
  return {
    schedule: shapeSchedule(a),
    demand: shapeDemand(demand),
    projection: (projection as Json[]).map((p) => {
      const [epoch, emission] = p as Json[];
      return { epoch: num(epoch), emission: big(emission) };
    }),
  };
}

/** Supply records from `depin_supplyHistory` (`{ records }`) or `supplyHistory` (`[[epoch, record]]`). */
export function shapeSupply(raw: Json): SupplyRecordView[] {
  const list = Array.isArray(raw) ? raw : (obj(raw, 'supply history').records as Json[]);
  return list.map((r) => {
    let epoch: number;
    let o: Obj;
    if (Array.isArray(r)) {
      epoch = num(r[0]);
      o = obj(r[1], 'supply record');
    } else {
      o = obj(r, 'supply record');
      epoch = num(o.epoch);
    }
    const m = o.minted && typeof o.minted === 'object' ? obj(o.minted, 'minted') : o;
    return {
      epoch,
      minted: { operators: big(m.operators), validators: big(m.validators), treasury: big(m.treasury) },
      burned: big(o.burned),
      unrepaid: big(o.unrepaid),
      reminted: big(o.reminted),
      withheld: big(o.withheld),
      smoothedBurn: big(o.smoothedBurn),
      ratioPpm: num(o.ratioPpm),
      subsidyScalePpb: num(field(o, 'subsidyScalePpb', 'subsidyScale')),
    };
  });
}

export function mintedTotal(r: SupplyRecordView): bigint {
  return r.minted.operators + r.minted.validators + r.minted.treasury;
}

/**
 * The schedule's projection as issuance over blocks: each epoch's emission is minted at its
 * close, at the first block of the next epoch (assuming the current epoch length), on top of
 * today's issuance. It assumes every operator reward is claimed (unclaimed ones are never
 * minted) and leaves out the supply cap and re-mints, as the projection itself does.
 */
export function projectIssuance(
  projection: { epoch: number; emission: bigint }[],
  epoch: EpochView,
  block: number,
  issuanceNow: bigint,
): { block: number; issuance: bigint }[] {
  const out = [{ block, issuance: issuanceNow }];
  let issuance = issuanceNow;
  for (const p of [...projection].sort((a, b) => a.epoch - b.epoch)) {
    if (p.epoch < epoch.index) continue;
    issuance += p.emission;
    out.push({ block: epoch.start + (p.epoch - epoch.index + 1) * epoch.length, issuance });
  }
  return out;
}

/** `count` block numbers evenly spread over `from..=to` (both included, no duplicates). */
export function sampleBlocks(from: number, to: number, count: number): number[] {
  if (to < from) return [];
  if (to === from || count <= 1) return [to];
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(Math.round(from + ((to - from) * i) / (count - 1)));
  return [...out].sort((a, b) => a - b);
}

export function shapeClass(id: number, raw: Json): ClassView | null {
  if (raw === null) return null;
  const o = obj(raw, 'class');
  return {
    id,
    kind: variant(o.kind),
    proof: proofKind(o.proof),
    bond: big(o.bond),
    unitsCap: num(o.unitsCap),
    unitPrice: big(o.unitPrice),
    rewardWeight: num(o.rewardWeight),
    locationRequired: Boolean(o.locationRequired),
  };
}

export function shapeMaker(id: number, raw: Json): MakerView | null {
  if (raw === null) return null;
  const o = obj(raw, 'maker');
  return {
    id,
    name: text(o.name),
    devices: num(o.devices),
    onboarded: num(o.onboarded),
    quota: num(o.quota),
    revoked: Boolean(o.revoked),
    paused: Boolean(o.paused),
    bond: big(o.bond),
    slashed: big(o.slashed),
  };
}

export function shapeVerifier(raw: Json): VerifierView | null {
  if (raw === null) return null;
  const o = obj(raw, 'verifier');
  return {
    admitted: Boolean(o.admitted),
    bond: big(o.bond),
    slashed: big(o.slashed),
    slashes: num(o.slashes),
    quota: big(o.quota),
    usedThisEpoch: big(field(o, 'usedThisEpoch', 'used')),
    slot: optNum(o.slot),
  };
}
