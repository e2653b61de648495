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

/** A chart in a fixed-height box; `points` is recorded on the element for tests. */
export function chart(
  type: 'line' | 'bar',
  labels: (string | number)[],
  datasets: ChartDataset<'line', (number | null)[]>[],
  opts: { stacked?: boolean; yTitle?: string; testid?: string } = {},
): HTMLElement {
  const canvas = h('canvas', { 'data-testid': opts.testid, 'data-points': labels.length });
  const box = h('div', { class: 'chart' }, canvas);
  datasets.forEach((d, i) => {
    const c = COLOURS[i % COLOURS.length];
    d.borderColor ??= c;
    d.backgroundColor ??= type === 'bar' ? c : `${c}22`;
  });
  // Chart.js needs the canvas in the document to size it: create it once attached.
  requestAnimationFrame(() => {
    new Chart<'line', (number | null)[], string | number>(canvas, {
      type: type as 'line',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        elements: { point: { radius: labels.length > 60 ? 0 : 2 } },
        scales: {
          x: { stacked: opts.stacked, title: { display: true, text: 'epoch' } },
          y: { stacked: opts.stacked, beginAtZero: true, title: { display: Boolean(opts.yTitle), text: opts.yTitle ?? '' } },
        },
      },
    });
  });
  return box;
}
