// A pannable, zoomable world map drawn as SVG in Web Mercator, with no tile server: the land
// outline is Natural Earth's 1:110m countries (public domain, npm world-atlas) embedded in the
// bundle. An optional raster tile URL ({z}/{x}/{y}) is drawn underneath for users who have one.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-110m.json';
import { svg } from './dom';

/** The world is a square of WORLD × WORLD units. */
export const WORLD = 1024;
const MAX_LAT = 85.0511;
/** Equator length, for scales. */
const EARTH_KM = 40075;

export function project(lat: number, lng: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [((lng + 180) / 360) * WORLD, ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * WORLD];
}

export function unproject(x: number, y: number): [number, number] {
  const lng = (x / WORLD) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / WORLD))) * 180) / Math.PI;
  return [lat, lng];
}

/** A view: centre in world units and world units per screen pixel. */
export interface View {
  cx: number;
  cy: number;
  scale: number;
}

/** Screen pixels per kilometre on the ground at the view's centre. */
export function pxPerKm(v: View): number {
  const [lat] = unproject(v.cx, v.cy);
  return WORLD / EARTH_KM / Math.cos((lat * Math.PI) / 180) / v.scale;
}

function ringPath(ring: number[][]): string {
  return ring.map(([lng, lat], i) => `${i ? 'L' : 'M'}${project(lat, lng).map((n) => n.toFixed(2)).join(' ')}`).join('') + 'Z';
}

let landPaths: string[] | null = null;
function land(): string[] {
  if (landPaths) return landPaths;
  const topo = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry>;
  landPaths = fc.features.map((f: Feature<Geometry>) => {
    const g = f.geometry as Polygon | MultiPolygon;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return polys.map((p) => p.map(ringPath).join('')).join('');
  });
  return landPaths;
}

export interface MapHandle {
  el: HTMLElement;
  /** The layer above the land where callers draw (world units). */
  overlay: SVGGElement;
  view: View;
  setView(v: View): void;
  /** Fits the view to a box in world units, with a margin. */
  fit(x0: number, y0: number, x1: number, y1: number): void;
}

/**
 * Creates the map. `onView` runs after every pan or zoom (debounced), so callers can redraw at
 * the new resolution.
 */
export function worldMap(initial: View | null, onView: (v: View) => void, tileUrl: string | null): MapHandle {
  // Only http(s) tile URLs with the three placeholders are used.
  const tiles = tileUrl && /^https?:\/\//.test(tileUrl) && ['{z}', '{x}', '{y}'].every((p) => tileUrl.includes(p)) ? tileUrl : null;
  const root = svg('svg', { class: 'worldmap', 'data-testid': 'map-svg' }) as SVGSVGElement;
  const tileLayer = svg('g', { class: 'tiles' }) as SVGGElement;
  const landLayer = svg('g', { class: 'land', 'data-testid': 'map-land' }) as SVGGElement;
  const overlay = svg('g', { class: 'overlay' }) as SVGGElement;
  root.append(svg('rect', { x: -WORLD, y: -WORLD, width: 3 * WORLD, height: 3 * WORLD, class: 'sea' }), tileLayer, landLayer, overlay);
  for (const d of land()) landLayer.append(svg('path', { d }));
  const box = document.createElement('div');
  box.className = 'mapbox';
  box.append(root);

  const handle: MapHandle = {
    el: box,
    overlay,
    view: initial ?? { cx: WORLD / 2, cy: WORLD / 2, scale: WORLD / 900 },
    setView(v) {
      handle.view = { ...v, scale: Math.max(1e-7, Math.min(WORLD / 200, v.scale)) };
      apply();
      changed();
    },
    fit(x0, y0, x1, y1) {
      const { w, h } = size();
      const bw = Math.max(x1 - x0, 1e-6);
      const bh = Math.max(y1 - y0, 1e-6);
      handle.setView({ cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, scale: Math.max(bw / w, bh / h) * 1.3 });
    },
  };

  function size() {
    return { w: root.clientWidth || 900, h: root.clientHeight || 520 };
  }
  function apply() {
    const { w, h } = size();
    const v = handle.view;
    root.setAttribute('viewBox', `${v.cx - (w * v.scale) / 2} ${v.cy - (h * v.scale) / 2} ${w * v.scale} ${h * v.scale}`);
    drawTiles();
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  function changed() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => onView(handle.view), 120);
  }
  function drawTiles() {
    if (!tiles) return;
    const { w, h } = size();
    const v = handle.view;
    const z = Math.max(0, Math.min(19, Math.round(Math.log2(WORLD / v.scale / 256))));
    const n = 2 ** z;
    const t = WORLD / n;
    const x0 = Math.max(0, Math.floor((v.cx - (w * v.scale) / 2) / t));
    const x1 = Math.min(n - 1, Math.floor((v.cx + (w * v.scale) / 2) / t));
    const y0 = Math.max(0, Math.floor((v.cy - (h * v.scale) / 2) / t));
    const y1 = Math.min(n - 1, Math.floor((v.cy + (h * v.scale) / 2) / t));
    tileLayer.replaceChildren();
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) return;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const href = tiles.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
        tileLayer.append(svg('image', { href, x: x * t, y: y * t, width: t, height: t }));
      }
    }
  }

  // Zoom with the wheel around the pointer; pan by dragging.
  root.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const r = root.getBoundingClientRect();
      const v = handle.view;
      const px = v.cx + (ev.clientX - r.left - r.width / 2) * v.scale;
      const py = v.cy + (ev.clientY - r.top - r.height / 2) * v.scale;
      const k = Math.exp(ev.deltaY * 0.0015);
      handle.setView({ cx: px + (v.cx - px) * k, cy: py + (v.cy - py) * k, scale: v.scale * k });
    },
    { passive: false },
  );
  let drag: { x: number; y: number; v: View; moved: boolean } | null = null;
  root.addEventListener('pointerdown', (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, v: handle.view, moved: false };
  });
  root.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) root.setPointerCapture(ev.pointerId);
    drag.moved = true;
    handle.setView({ cx: drag.v.cx - dx * drag.v.scale, cy: drag.v.cy - dy * drag.v.scale, scale: drag.v.scale });
  });
  const end = (ev: PointerEvent) => {
    if (drag?.moved) {
      // Swallow the click that ends a drag.
      root.addEventListener('click', (e) => e.stopPropagation(), { capture: true, once: true });
      root.releasePointerCapture(ev.pointerId);
    }
    drag = null;
  };
  root.addEventListener('pointerup', end);
  root.addEventListener('pointercancel', end);
  requestAnimationFrame(apply);
  new ResizeObserver(apply).observe(root);
  return handle;
}
