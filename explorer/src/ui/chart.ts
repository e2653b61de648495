// Charts with Chart.js, registering only the parts used (keeps the bundle small). Animation is
// off: pages re-render on new blocks, and screenshots must show the final picture.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { h } from './dom';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export const COLOURS = ['#08519c', '#e6550d', '#31a354', '#756bb1', '#636363', '#d6616b'];

/** Live charts; those whose canvas left the page (a redraw replaced it) are destroyed. */
const live = new Set<Chart>();
function collect() {
  for (const c of live) {
    if (!c.canvas.isConnected) {
      c.destroy();
      live.delete(c);
    }
  }
}

type Point = { x: number; y: number | null };

/**
 * A chart in a fixed-height box. With `labels`, x is a category axis (epochs); without, the
 * datasets hold `{ x, y }` points on a linear x axis (`xTitle`). `points` is recorded on the
 * canvas for tests.
 */
export function chart(
  type: 'line' | 'bar',
  labels: (string | number)[] | null,
  datasets: ChartDataset<'line', (number | null)[] | Point[]>[],
  opts: { stacked?: boolean; yTitle?: string; xTitle?: string; testid?: string; data?: Record<string, string> } = {},
): HTMLElement {
  const attrs: Record<string, string | number | undefined> = { 'data-testid': opts.testid, 'data-points': labels ? labels.length : datasets[0]?.data.length ?? 0 };
  for (const [k, v] of Object.entries(opts.data ?? {})) attrs[`data-${k}`] = v;
  const canvas = h('canvas', attrs);
  const box = h('div', { class: 'chart' }, canvas);
  datasets.forEach((d, i) => {
    const c = COLOURS[i % COLOURS.length];
    d.borderColor ??= c;
    d.backgroundColor ??= type === 'bar' ? c : `${c}22`;
  });
  const count = labels ? labels.length : Math.max(0, ...datasets.map((d) => d.data.length));
  // Chart.js sizes the canvas from the page: create it once attached, unless a newer drawing
  // replaced it meanwhile.
  requestAnimationFrame(() => {
    collect();
    if (!canvas.isConnected) return;
    const c = new Chart<'line', (number | null)[] | Point[], string | number>(canvas, {
      type: type as 'line',
      data: { labels: labels ?? undefined, datasets: datasets as ChartDataset<'line', (number | null)[]>[] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: labels ? undefined : false,
        interaction: { mode: labels ? 'index' : 'nearest', intersect: false },
        elements: { point: { radius: count > 60 ? 0 : 2 } },
        scales: {
          x: labels
            ? { stacked: opts.stacked, title: { display: true, text: 'epoch' } }
            : { type: 'linear', title: { display: true, text: opts.xTitle ?? '' } },
          y: { stacked: opts.stacked, beginAtZero: !labels ? false : true, title: { display: Boolean(opts.yTitle), text: opts.yTitle ?? '' } },
        },
      },
    });
    live.add(c);
  });
  return box;
}
