// Formatting of chain values for display. Balances are bigints of planck (10^-12 DPIN) end to
// end: JavaScript numbers lose precision above 2^53 planck (about 9,007 DPIN).

/** Decimals of the DPIN token (1 DPIN = 10^12 planck). */
export const DECIMALS = 12;
/** The chain's SS58 address prefix. */
export const SS58_PREFIX = 7373;
const ONE = 10n ** BigInt(DECIMALS);

/** Groups the digits of a non-negative integer string in threes with commas. */
export function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A planck amount as DPIN with at most `fraction` decimals, truncated (never rounded up) and
 * without trailing zeros: `formatDpin(1_500_000_000_000n)` is `"1.5 DPIN"`.
 */
export function formatDpin(planck: bigint, fraction = 4, unit = true): string {
  const negative = planck < 0n;
  const abs = negative ? -planck : planck;
  const whole = abs / ONE;
  let frac = (abs % ONE).toString().padStart(DECIMALS, '0').slice(0, fraction).replace(/0+$/, '');
  if (frac === '' && abs % ONE !== 0n && whole === 0n) {
    // Less than the smallest shown digit: say so rather than print 0.
    return `${negative ? '> -' : '< '}0.${'0'.repeat(Math.max(0, fraction - 1))}1${unit ? ' DPIN' : ''}`;
  }
  frac = frac ? `.${frac}` : '';
  return `${negative ? '-' : ''}${group(whole.toString())}${frac}${unit ? ' DPIN' : ''}`;
}

/** A planck amount as a (lossy) number of DPIN, for charts. */
export function dpinNumber(planck: bigint): number {
  return Number(planck / 1_000_000n) / 1_000_000;
}

/** Parts per billion as a percentage: `ppbPercent(5_000_000)` is `"0.5 %"`. */
export function ppbPercent(ppb: number | bigint, digits = 2): string {
  return `${trimZeros((Number(ppb) / 1e7).toFixed(digits))} %`;
}

/** Parts per million as a ratio: `ppmRatio(1_638_000)` is `"1.638"`. */
export function ppmRatio(ppm: number | bigint, digits = 3): string {
  return (Number(ppm) / 1e6).toFixed(digits);
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A count with thousands separators. */
export function count(n: number | bigint): string {
  return group(BigInt(n).toString());
}

/** A long hex string or address shortened for tables: `0x1234…cdef`. */
export function short(s: string, keep = 6): string {
  return s.length <= keep * 2 + 3 ? s : `${s.slice(0, keep + (s.startsWith('0x') ? 2 : 0))}…${s.slice(-keep)}`;
}

/** A device key shortened for tables, keeping its type: `sr25519:0x1234…cdef`. */
export function shortKey(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? short(key) : `${key.slice(0, i + 1)}${short(key.slice(i + 1))}`;
}
