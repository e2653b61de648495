// H3 cells on the map: which resolution to draw at a zoom level, and devices aggregated to it.
import { cellToParent, getResolution, isValidCell } from 'h3-js';

/** Average H3 hexagon edge length in km per resolution 0..15 (H3's published table). */
export const EDGE_KM = [
  1281.256, 483.057, 182.513, 68.979, 26.072, 9.854, 3.725, 1.406, 0.531, 0.201, 0.076, 0.0287, 0.0108, 0.00409, 0.00155,
  0.000584,
];

/**
 * The finest resolution, up to `finest`, whose hexagons are at least `minPx` pixels across
 * at `pxPerKm` on screen; resolution 0 if even that is smaller.
 */
export function resolutionFor(pxPerKm: number, finest: number, minPx = 10): number {
  for (let r = Math.min(finest, 15); r > 0; r--) {
    if (2 * EDGE_KM[r] * pxPerKm >= minPx) return r;
  }
  return 0;
}

export interface Located {
  key: string;
  cell: string;
  /** Units of work in the last closed epoch. */
  work: bigint;
}

export interface CellGroup {
  cell: string;
  devices: string[];
  work: bigint;
}

/**
 * Groups devices by their cell's parent at `res` (a device whose own cell is coarser stays in
 * its cell). Devices with an invalid cell are left out and counted in `invalid`.
 */
export function aggregate(devices: Located[], res: number): { groups: CellGroup[]; invalid: number } {
  const by = new Map<string, CellGroup>();
  let invalid = 0;
  for (const d of devices) {
    if (!isValidCell(d.cell)) {
      invalid++;
      continue;
    }
    const cell = getResolution(d.cell) > res ? cellToParent(d.cell, res) : d.cell;
    const g = by.get(cell) ?? { cell, devices: [], work: 0n };
    g.devices.push(d.key);
    g.work += d.work;
    by.set(cell, g);
  }
  return { groups: [...by.values()].sort((a, b) => (a.cell < b.cell ? -1 : 1)), invalid };
}

/** The finest resolution among the devices' cells (what the map shows fully zoomed in). */
export function finestResolution(devices: Located[]): number {
  let r = 0;
  for (const d of devices) if (isValidCell(d.cell)) r = Math.max(r, getResolution(d.cell));
  return r;
}

/** A colour on a five-step scale for `value` out of `max` (light to dark). */
export function shade(value: number, max: number): string {
  const scale = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
  if (max <= 0 || value <= 0) return scale[0];
  return scale[Math.min(scale.length - 1, Math.floor((value / max) * (scale.length - 1) + 0.5))];
}
