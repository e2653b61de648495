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
/** A chain spec from another origin than the page's: the trust anchor came with a link. */
const specForeign = settings.mode === 'light' && new URL(settings.spec, location.href).origin !== location.origin;
let connectError: string | null = null;
let rendering = 0;
/** The reward epoch the open page last drew successfully (epoch-live pages redraw on a new one). */
let lastEpochDrawn = -1;

function route(): { name: string; params: string[]; query: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, q] = raw.split('?', 2);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s; // a malformed escape (`%`) is shown as typed, and the page says it is unknown
    }
  };
  const [name, ...params] = path.split('/').map(decode);
  return { name: name || 'network', params, query: new URLSearchParams(q ?? '') };
}

function showStatus(msg?: string) {
  status.replaceChildren();
  if (chain) {
    const mode =
      chain.mode === 'light'
        ? h('span', { class: `badge light${specForeign ? ' warn' : ''}`, 'data-testid': 'mode', title: `${specForeign ? `Warning: the chain spec comes from another site (${settings.spec}); the light client verifies against the chain that spec names. ` : ''}Every value is read through an in-browser smoldot light client that checks storage proofs against the headers of the chain with genesis ${chain.genesis}, from the chain spec at ${settings.spec}.` }, specForeign ? 'light client (verified against a spec from another site)' : 'light client (verified)')
        : h('span', { class: 'badge rpc', 'data-testid': 'mode', title: 'Values come from the node\'s JSON-RPC: you trust that node.' }, `RPC ${settings.rpc}`);
    status.append(
      mode,
      h('span', null, chain.chainName),
      h('span', null, 'best ', h('b', { 'data-testid': 'best' }, count(chain.best.number))),
      h('span', null, 'finalized ', h('b', { 'data-testid': 'finalized' }, count(chain.finalized))),
      ...(chain.connected ? [] : [h('span', { class: 'badge error', 'data-testid': 'disconnected' }, 'connection lost: reconnecting…')]),
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
    // One render reads one block: its figures agree with each other.
    const at = chain.best;
    const source = await chain.sourceAt(at.hash);
    const epoch = page.live === 'epoch' ? (await source.epoch()).index : -1;
    const el = await page.render({ chain, at, source, api: source.api, params: r.params, query: r.query, refresh });
    if (ticket !== rendering) return; // a newer render started meanwhile
    el.dataset.page = r.name;
    el.dataset.at = at.hash;
    el.dataset.atNumber = String(at.number);
    main.replaceChildren(el);
    lastEpochDrawn = epoch;
  } catch (e) {
    if (ticket !== rendering) return;
    // A failed refresh leaves the last good drawing; a failed first drawing says why.
    if (!refresh) main.replaceChildren(notice(`Could not load this page: ${(e as Error).message}`, 'error', 'page-error'));
  }
}

/** Redraws the open page for a new best block, if it is live; never two redraws at once. */
let refreshing = false;
let again = false;
async function refreshPage() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      const page = pages[route().name];
      if (!page || !page.live || !chain) return;
      if (page.live === 'epoch') {
        const source = await chain.sourceAt(chain.best.hash).catch(() => null);
        const e = source ? await source.epoch().catch(() => null) : null;
        if (!e || e.index === lastEpochDrawn) continue;
      }
      await render(true);
    } while (again);
  } finally {
    refreshing = false;
  }
}

let lastBest = -1;
function onHead() {
  showStatus();
  if (!chain || chain.best.number === lastBest) return; // finality alone redraws only the header
  lastBest = chain.best.number;
  void refreshPage();
}

document.getElementById('search')!.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = (document.getElementById('search-input') as HTMLInputElement).value;
  const to = routeOf(classify(input));
  location.hash = to ?? `/search?q=${encodeURIComponent(input)}`;
});
window.addEventListener('hashchange', () => {
  lastEpochDrawn = -1;
  void render(false);
});

async function start() {
  showStatus('connecting…');
  try {
    chain = await connect(settings, (m) => showStatus(m), onHead);
    lastBest = chain.best.number;
  } catch (e) {
    connectError = (e as Error).message;
  }
  showStatus();
  await render(false);
}

void start();
