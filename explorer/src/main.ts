// The app shell: connects, keeps the header's chain status live, routes `#/page/params` to a
// page and re-renders live pages when new blocks arrive.
import './style.css';
import { type Chain, connect } from './chain';
import { classify, routeOf } from './data/search';
import { count } from './data/format';
import { h, notice } from './ui/dom';
import type { Page } from './pages/page';
import { networkPage } from './pages/network';
import { mapPage } from './pages/map';
import { devicePage } from './pages/device';
import { accountPage } from './pages/account';
import { blockPage } from './pages/block';
import { emissionsPage } from './pages/emissions';
import { governancePage } from './pages/governance';
import { searchPage } from './pages/search';
import { settingsPage } from './pages/settings';
import { loadSaved, parseSettings } from './settings';

const pages: Record<string, Page> = {
  network: networkPage,
  map: mapPage,
  device: devicePage,
  account: accountPage,
  block: blockPage,
  emissions: emissionsPage,
  governance: governancePage,
  search: searchPage,
};

const main = document.getElementById('page')!;
const status = document.getElementById('status')!;
const settings = parseSettings(location.search, loadSaved());
let chain: Chain | null = null;
let connectError: string | null = null;
let rendering = 0;
let lastEpochSeen = -1;

function route(): { name: string; params: string[]; query: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, q] = raw.split('?', 2);
  const [name, ...params] = path.split('/').map(decodeURIComponent);
  return { name: name || 'network', params, query: new URLSearchParams(q ?? '') };
}

function showStatus(msg?: string) {
  status.replaceChildren();
  if (chain) {
    const mode =
      chain.source.mode === 'light'
        ? h('span', { class: 'badge light', 'data-testid': 'mode', title: 'Every value is read through an in-browser smoldot light client that checks storage proofs against finalized headers.' }, 'light client (verified)')
        : h('span', { class: 'badge rpc', 'data-testid': 'mode', title: 'Values come from the node\'s JSON-RPC: you trust that node.' }, `RPC ${settings.rpc}`);
    status.append(
      mode,
      h('span', null, chain.chainName),
      h('span', null, 'best ', h('b', { 'data-testid': 'best' }, count(chain.best.number))),
      h('span', null, 'finalized ', h('b', { 'data-testid': 'finalized' }, count(chain.finalized))),
    );
  } else if (connectError) {
    status.append(h('span', { class: 'badge error' }, 'not connected'));
  } else if (msg) {
    status.append(h('span', { class: 'badge' }, msg));
  }
}

async function render(refresh: boolean) {
  const r = route();
  if (r.name === 'settings') {
    main.replaceChildren(settingsPage(settings, connectError));
    return;
  }
  if (!chain) {
    if (connectError) main.replaceChildren(settingsPage(settings, connectError));
    return;
  }
  const page = pages[r.name];
  if (!page) {
    main.replaceChildren(notice(`No page "${r.name}". Use the links above or the search box.`, 'error', 'page-error'));
    return;
  }
  const ticket = ++rendering;
  document.title = `${page.title} · DePIN explorer`;
  if (!refresh) main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    const el = await page.render({ chain, params: r.params, query: r.query, refresh });
    if (ticket !== rendering) return; // a newer render started meanwhile
    el.dataset.page = r.name;
    main.replaceChildren(el);
  } catch (e) {
    if (ticket !== rendering) return;
    main.replaceChildren(notice(`Could not load this page: ${(e as Error).message}`, 'error', 'page-error'));
  }
}

let pending: ReturnType<typeof setTimeout> | null = null;
function onHead() {
  showStatus();
  if (pending || !chain) return;
  pending = setTimeout(async () => {
    pending = null;
    const page = pages[route().name];
    if (!page || !page.live || !chain) return;
    if (page.live === 'epoch') {
      const e = await chain.source.epoch().catch(() => null);
      if (!e || e.index === lastEpochSeen) return;
      lastEpochSeen = e.index;
    }
    await render(true);
  }, 500);
}

document.getElementById('search')!.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = (document.getElementById('search-input') as HTMLInputElement).value;
  const to = routeOf(classify(input));
  location.hash = to ?? `/search?q=${encodeURIComponent(input)}`;
});
window.addEventListener('hashchange', () => void render(false));

async function start() {
  showStatus('connecting…');
  try {
    chain = await connect(settings, (m) => showStatus(m), onHead);
    const e = await chain.source.epoch();
    lastEpochSeen = e.index;
  } catch (e) {
    connectError = (e as Error).message;
  }
  showStatus();
  await render(false);
}

void start();
