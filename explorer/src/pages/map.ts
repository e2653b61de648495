// Map: devices as H3 hexagons on the world outline, aggregated to coarser parent cells when
// zoomed out, coloured by device count or by units of work in the last closed epoch; click a
// cell for its devices.
import { cellToBoundary, cellToLatLng, getResolution, isValidCell } from 'h3-js';
import { listDevices, workOf } from '../chain';
import { aggregate, type CellGroup, finestResolution, type Located, resolutionFor, shade } from '../data/cells';
import { count, shortKey } from '../data/format';
import { card, h, link, svg, table } from '../ui/dom';
import { type MapHandle, type View, project, pxPerKm, worldMap } from '../ui/worldmap';
import type { Page } from './page';

/** The view and colouring survive re-renders (new epochs) and visits to other pages. */
let savedView: View | null = null;
let colourBy: 'devices' | 'work' = 'devices';

function cellPath(cell: string): string {
  return (
    cellToBoundary(cell)
      .map(([lat, lng], i) => `${i ? 'L' : 'M'}${project(lat, lng).map((n) => n.toFixed(5)).join(' ')}`)
      .join('') + 'Z'
  );
}

export const mapPage: Page = {
  title: 'Map',
  live: 'epoch',
  async render({ source, api, query }) {
    const epoch = await source.epoch();
    const workEpoch = Math.max(0, epoch.index - 1);
    const [{ devices, truncated }, work] = await Promise.all([listDevices(api), workOf(api, workEpoch)]);
    const located: Located[] = devices.filter((d) => d.cell).map((d) => ({ key: d.key, cell: d.cell!, work: work.get(d.key) ?? 0n }));
    const unlocated = devices.length - located.length;
    const finest = finestResolution(located);
    const focus = query.get('cell');

    const panel = h('div', { class: 'cellpanel', 'data-testid': 'map-panel' }, h('p', { class: 'hint' }, 'Click a cell to list its devices.'));
    const legend = h('div', { class: 'legend', 'data-testid': 'map-legend' });
    const colour = h(
      'select',
      {
        'data-testid': 'map-colour',
        onchange: () => {
          colourBy = colour.value === 'work' ? 'work' : 'devices';
          draw(map.view);
        },
      },
      h('option', { value: 'devices', selected: colourBy === 'devices' }, 'device count'),
      h('option', { value: 'work', selected: colourBy === 'work' }, `units of work in epoch ${workEpoch}`),
    );
    const info = h('span', { 'data-testid': 'map-info', 'data-work-epoch': workEpoch });

    function select(g: CellGroup) {
      panel.replaceChildren(
        h('h3', null, `Cell ${g.cell}`),
        h('p', null, `resolution ${getResolution(g.cell)}, ${count(g.devices.length)} devices, ${count(g.work)} units of work in epoch ${workEpoch}`),
        table(['Device'], g.devices.slice(0, 100).map((k) => [link(`/device/${k}`, shortKey(k))]), 'map-cell-devices'),
        g.devices.length > 100 ? h('p', { class: 'hint' }, `and ${count(g.devices.length - 100)} more`) : '',
      );
    }

    function draw(v: View) {
      savedView = v;
      const res = Math.min(finest, resolutionFor(pxPerKm(v), finest));
      const { groups, invalid } = aggregate(located, res);
      const value = (g: CellGroup) => (colourBy === 'work' ? Number(g.work) : g.devices.length);
      const max = groups.reduce((m, g) => Math.max(m, value(g)), 0);
      map.overlay.replaceChildren();
      for (const g of groups) {
        const path = svg('path', { d: cellPath(g.cell), fill: shade(value(g), max), class: 'cell', 'data-cell': g.cell, 'data-devices': g.devices.length, 'data-work': g.work.toString() });
        const title = svg('title');
        title.textContent = `${g.cell}: ${g.devices.length} devices, ${g.work} units`;
        path.append(title);
        path.addEventListener('click', () => select(g));
        map.overlay.append(path);
        if (g.cell === focus || (focus && isValidCell(focus) && getResolution(focus) > res && g.devices.some((k) => located.find((d) => d.key === k)?.cell === focus))) {
          path.classList.add('focus');
        }
      }
      const km = (map.el.clientWidth || 900) / pxPerKm(v);
      info.textContent = `${count(groups.length)} cells at H3 resolution ${res}, view ${km < 10 ? km.toFixed(1) : count(Math.round(km))} km across · ${count(located.length - invalid)} located devices${invalid ? `, ${count(invalid)} with an invalid cell (not drawn)` : ''}${unlocated ? `, ${count(unlocated)} without a location (digital)` : ''}${truncated ? ' · the first 5,000 devices' : ''}`;
      legend.replaceChildren(
        h('span', null, colourBy === 'work' ? 'units: ' : 'devices: '),
        ...[0, 0.25, 0.5, 0.75, 1].map((f) => h('span', { class: 'swatch', style: `background:${shade(f * max, max)}` }, count(Math.round(f * max)))),
      );
    }

    const map: MapHandle = worldMap(savedView, draw, query.get('tiles'));
    const fit = () => {
      const pts = (focus && isValidCell(focus) ? [focus] : located.map((d) => d.cell)).filter(isValidCell).map((c) => {
        const [lat, lng] = cellToLatLng(c);
        return project(lat, lng);
      });
      if (pts.length === 0) return map.setView({ cx: 512, cy: 400, scale: 1024 / 900 });
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      // At least about 10 km across at Berlin's latitude, so a single cell is not the whole screen.
      const pad = 0.15;
      map.fit(Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad);
    };
    const zoom = (k: number) => map.setView({ ...map.view, scale: map.view.scale * k });
    requestAnimationFrame(() => (savedView && !focus ? draw(map.view) : fit()));

    return h(
      'div',
      { class: 'mappage' },
      card(
        'Devices on the map',
        h(
          'div',
          { class: 'toolbar' },
          h('label', null, 'Colour by ', colour),
          h('button', { type: 'button', onclick: () => zoom(0.5), 'aria-label': 'zoom in' }, '+'),
          h('button', { type: 'button', onclick: () => zoom(2), 'aria-label': 'zoom out' }, '−'),
          h('button', { type: 'button', onclick: fit, 'data-testid': 'map-fit' }, 'Fit to devices'),
          h('button', { type: 'button', onclick: () => map.setView({ cx: 512, cy: 400, scale: 1024 / 900 }) }, 'World'),
          info,
        ),
        h('div', { class: 'maplayout' }, map.el, panel),
        legend,
        h('p', { class: 'hint' }, 'Drag to pan, scroll to zoom. Zoomed out, cells merge into their H3 parents. Land: Natural Earth 1:110m.'),
      ),
    );
  },
};
