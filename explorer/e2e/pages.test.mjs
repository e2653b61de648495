// The explorer's pages in headless Chromium (playwright-core with the system's browser),
// against the dev chain that run.mjs started and populated. Every figure a page shows is
// compared with the node's own depin_* answers, read over HTTP JSON-RPC.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { chromium } from 'playwright-core';
import { rpcCall } from './rpc.mjs';

const base = process.env.EXPLORER_URL;
const rpcPort = process.env.RPC_PORT;
if (!base || !rpcPort) throw new Error('run through e2e/run.mjs (it sets EXPLORER_URL and RPC_PORT)');
const ws = `ws://127.0.0.1:${rpcPort}`;
const shots = process.env.EXPLORER_SCREENSHOTS === '1' ? join(process.env.REPO ?? '..', 'docs/img') : null;
const PLANCK = 10n ** 12n;


const rpc = (method, params = []) => rpcCall(rpcPort, method, params);

/** Reads "1,234.5 DPIN" back into planck (the page truncates to at most `fraction` decimals). */
function planckOf(text) {
  const m = /^(-?[\d,]+)(?:\.(\d+))? DPIN/.exec(text.trim());
  assert.ok(m, `not a DPIN amount: "${text}"`);
  return BigInt(m[1].replace(/,/g, '')) * PLANCK + BigInt((m[2] ?? '').padEnd(12, '0'));
}
/** The planck amount as the page may show it: truncated to `fraction` decimals. */
const truncated = (planck, fraction = 4) => {
  const unit = 10n ** BigInt(12 - fraction);
  return (BigInt(planck) / unit) * unit;
};
const num = (text) => Number(text.replace(/[,\s]/g, ''));

let browser;
let api;
let devices = [];
const consoleErrors = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  api = await ApiPromise.create({ provider: new WsProvider(ws), noInitWarn: true });
  for (const [k, v] of await api.query.devices.devices.entries()) {
    const [type, hex] = Object.entries(k.args[0].toJSON())[0];
    const info = v.toJSON();
    devices.push({ key: `${type.toLowerCase()}:${hex}`, cls: info.class, owner: info.owner, cell: info.location === null ? null : BigInt(info.location).toString(16) });
  }
  devices.sort((a, b) => (a.key < b.key ? -1 : 1));
  assert.equal(devices.length, 9, 'depin simulate registered 9 devices');
});

after(async () => {
  await api?.disconnect();
  await browser?.close();
});

/** Opens a route in a new page, collecting console errors unless the test expects them. */
async function open(route, { query = `?rpc=${encodeURIComponent(ws)}`, expectErrors = false, wait = '[data-page]', timeout = 30_000 } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectErrors) consoleErrors.push(`${route}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${route}: uncaught ${e.message}`));
  await page.goto(`${base}${query}#/${route}`);
  await page.waitForSelector(wait, { timeout });
  return page;
}

async function shot(page, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(500); // charts draw on the next animation frame
  await page.screenshot({ path: join(shots, `explorer-${name}.png`), fullPage: true });
}

const text = (page, id) => page.locator(`[data-testid="${id}"]`).first().innerText();

/**
 * Everything a check reads from a page, taken in one go: live pages redraw themselves for new
 * blocks or epochs, so reading values one by one could mix two drawings. `at` is the block the
 * drawing read (every drawing reads one block); the node is asked about that same block.
 */
async function snap(page) {
  const s = await page.evaluate(() => {
    const root = document.querySelector('[data-page]');
    const texts = {};
    const attrs = {};
    const rows = {};
    for (const el of document.querySelectorAll('[data-testid]')) {
      const id = el.getAttribute('data-testid');
      if (id in texts) continue;
      texts[id] = el.innerText;
      attrs[id] = Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
      if (el.tagName === 'TABLE') rows[id] = [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.innerText.trim()));
    }
    const cells = [...document.querySelectorAll('path.cell')].map((p) => [p.getAttribute('data-cell'), Number(p.getAttribute('data-devices')), p.getAttribute('data-work')]);
    return { at: root?.getAttribute('data-at') ?? null, atNumber: Number(root?.getAttribute('data-at-number')), texts, attrs, rows, cells };
  });
  assert.ok(s.at, 'the page records the block it was drawn at');
  return {
    ...s,
    text(id) {
      assert.ok(id in s.texts, `no ${id} on the page`);
      return s.texts[id];
    },
    attr: (id, name) => s.attrs[id]?.[name] ?? null,
    table: (id) => s.rows[id] ?? [],
  };
}

describe('over JSON-RPC', () => {
  test('network page shows the epoch, devices and validators, and follows new blocks', async () => {
    const page = await open('network', { wait: '[data-page="network"]' });
    const s = await snap(page);
    const at = s.at;
    const epoch = await rpc('depin_epoch', [at]);
    assert.equal(num(s.text('net-epoch')), epoch.index);
    const stats = await rpc('depin_stats', [null, at]);
    const total = stats.devicesByStatus.active + stats.devicesByStatus.suspended + stats.devicesByStatus.retiring;
    assert.equal(num(s.text('net-devices')), total);
    assert.equal(num(s.text('net-verifiers')), epoch.verifiers);
    assert.equal(num(s.text('net-validators')), (await (await api.at(at)).query.session.validators()).length);
    assert.equal(num(s.text('net-best')), s.atNumber);
    // Classes: one row per class with its device count, as depin_stats counts them.
    assert.deepEqual(
      s.table('net-classes').map((c) => [Number(c[0]), Number(c[4])]),
      stats.devicesByClass.map((c) => [c.class, c.devices]).sort((a, b) => a[0] - b[0]),
    );
    // The last epochs' table: its newest row is the last closed epoch, with depin_stats' units.
    // The last epochs' table: one row per closed epoch, newest first, with depin_stats' figures.
    const rows2 = s.table('net-epochs');
    assert.equal(rows2.length, Math.min(6, epoch.index));
    for (const row of rows2) {
      const s = await rpc('depin_stats', [num(row[0]), at]);
      assert.deepEqual(row.slice(1, 5).map(num), [s.totals.usageUnits, s.totals.witnessedUnits, s.totals.attestedUnits, s.totals.devices]);
      assert.equal(planckOf(row[5]), truncated(s.minted, 2));
      assert.equal(planckOf(row[6]), truncated(s.burned, 2));
    }
    assert.ok(rows2.some((r) => num(r[3]) > 0), 'the simulated epoch shows its attested units');
    // Live: the page itself is redrawn for new blocks, without a reload.
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="net-best"]').textContent.replace(/,/g, '')) > b, s.atNumber, { timeout: 20_000 });
    await shot(page, 'network');
    await page.close();
  });

  test('map draws the simulated devices\' cells and lists a cell\'s devices', async () => {
    const page = await open('map', { wait: 'path.cell' });
    assert.ok((await page.locator('[data-testid="map-land"] path').count()) > 100, 'the world outline is drawn');
    const located = devices.filter((d) => d.cell);
    assert.ok(located.length > 0, 'the simulation located its hotspots');
    // Zoom in until the cells are drawn at the devices' own resolution.
    for (let i = 0; i < 12 && !/resolution 10,/.test(await text(page, 'map-info')); i++) {
      await page.getByRole('button', { name: 'zoom in' }).click();
      await page.waitForTimeout(250);
    }
    assert.match(await text(page, 'map-info'), /resolution 10,/);
    const drawn = await page.locator('path.cell').evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-cell'), Number(p.getAttribute('data-devices'))]));
    const expected = new Map();
    for (const d of located) expected.set(d.cell, (expected.get(d.cell) ?? 0) + 1);
    assert.deepEqual(new Map(drawn), expected);
    // Clicking a cell lists its devices, linked to their pages.
    const busiest = drawn.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    await page.locator(`path.cell[data-cell="${busiest}"]`).click();
    const listed = await page.locator('[data-testid="map-cell-devices"] tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(listed.sort(), located.filter((d) => d.cell === busiest).map((d) => `#/device/${d.key}`).sort());
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'zoom in' }).click();
      await page.waitForTimeout(250);
    }
    await shot(page, 'map');
    // Coloured by work: each cell carries the units of the last closed epoch's work records.
    await page.selectOption('[data-testid="map-colour"]', 'work');
    const s = await snap(page);
    const at = s.at;
    const workEpoch = Number(s.attr('map-info', 'data-work-epoch'));
    const work = new Map();
    for (const [k, v] of await (await api.at(at)).query.work.workRecords.entries(workEpoch)) {
      const [type, hex] = Object.entries(k.args[1].toJSON())[0];
      const cell = devices.find((d) => d.key === `${type.toLowerCase()}:${hex}`)?.cell;
      if (cell && !v.toJSON().voided) work.set(cell, (work.get(cell) ?? 0n) + BigInt(v.toJSON().units));
    }
    assert.deepEqual(new Map(s.cells.map(([c, , w]) => [c, BigInt(w)]).filter(([, w]) => w > 0n)), work);
    assert.ok(work.size > 0, 'the simulated hotspots worked');
    assert.match(s.text('map-legend'), /^units:/);
    // Zoomed out, the cells merge into a coarser parent.
    await page.getByRole('button', { name: 'World' }).click();
    await page.waitForFunction(() => /resolution [0-3],/.test(document.querySelector('[data-testid="map-info"]').textContent));
    await page.close();
  });

  test('device page shows the registration and rewards the node reports', async () => {
    const hotspot = devices.find((d) => d.cell && d.cls === 0) ?? devices[0];
    const page = await open(`device/${hotspot.key}`, { wait: '[data-testid="device-claimable"]' });
    const s = await snap(page);
    const at = s.at;
    const d = await rpc('depin_device', [hotspot.key, at]);
    assert.equal(s.text('device-key'), d.device);
    assert.equal(s.text('device-owner').trim(), d.owner);
    assert.equal(s.text('device-status'), d.status);
    assert.match(s.text('device-class'), new RegExp(`^${d.class}: `));
    assert.equal(planckOf(s.text('device-bond')), truncated(d.bond));
    assert.equal(s.text('device-cell'), d.location);
    const e = (await rpc('depin_epoch', [at])).index;
    const r = await rpc('depin_pendingRewards', [hotspot.key, Math.max(0, e - 48), e, at]);
    assert.equal(planckOf(s.text('device-claimable')), truncated(r.claimable));
    const live = r.epochs.filter((x) => !x.voided);
    const sum = (xs) => xs.reduce((t, x) => t + BigInt(x.reward), 0n);
    assert.equal(planckOf(s.text('device-pending')), truncated(sum(live.filter((x) => !x.claimed && !x.final))));
    assert.equal(planckOf(s.text('device-claimed')), truncated(sum(live.filter((x) => x.claimed))));
    assert.ok(r.epochs.length > 0, 'the simulated hotspot has work');
    assert.equal(s.text('device-disputes'), 'None.');
    assert.equal((await (await api.at(at)).query.work.disputes.entries()).length, 0);
    // Work per epoch: the units of each epoch with work, by kind.
    const byEpoch = new Map(s.table('device-work').map((c) => c.map(num)).map((c) => [c[0], c.slice(1)]));
    for (const row of r.epochs) {
      const units = byEpoch.get(row.epoch);
      assert.ok(units, `epoch ${row.epoch} is shown`);
      assert.equal(units[['usage', 'witnessed', 'attested'].indexOf(row.kind)], row.units);
    }
    await shot(page, 'device');
    await page.close();
  });

  test('emissions page shows the schedule, the demand state and the supply records', async () => {
    const page = await open('emissions', { wait: '[data-testid="em-supply-chart"]' });
    const p = await snap(page);
    const at = p.at;
    const s = await rpc('depin_schedule', [168, at]);
    assert.equal(planckOf(p.text('em-initial')), truncated(s.schedule.initial));
    assert.equal(planckOf(p.text('em-burned')), truncated(s.demand.burned));
    assert.equal(planckOf(p.text('em-next')), truncated(s.projection[0].emission));
    const e = (await rpc('depin_epoch', [at])).index;
    const h = await rpc('depin_supplyHistory', [Math.max(0, e - 200), 200, at]);
    assert.ok(h.records.length > 0, 'closes were recorded');
    const rows = p.table('em-records');
    assert.equal(rows.length, Math.min(24, h.records.length));
    const newest = h.records[h.records.length - 1];
    const cells = rows[0];
    assert.equal(Number(cells[0].replace(/,/g, '')), newest.epoch);
    assert.equal(planckOf(cells[2]), truncated(newest.minted.validators, 2));
    assert.equal(Number(p.attr('em-pools-chart', 'data-points')), h.records.length);
    // The supply curve: actual issuance read at past blocks, ending at the page's block, and the
    // projection adding the schedule's emission of the current epoch at its close.
    const issuance = BigInt((await (await api.at(at)).query.balances.totalIssuance()).toString());
    assert.equal(BigInt(p.attr('em-supply-chart', 'data-issuance-now')), issuance);
    assert.equal(planckOf(p.text('em-issuance')), truncated(issuance, 0));
    assert.equal(BigInt(p.attr('em-supply-chart', 'data-projected-first')), issuance + BigInt(s.projection[0].emission));
    assert.ok(Number(p.attr('em-supply-chart', 'data-actual')) >= 10, 'issuance was read at past blocks');
    await shot(page, 'emissions');
    await page.close();
  });

  test('governance page lists the referendum on its track', async () => {
    const page = await open('governance', { wait: '[data-testid="gov-tracks"]' });
    const p = await snap(page);
    const rows = p.table('gov-referenda');
    const count = (await (await api.at(p.at)).query.referenda.referendumCount()).toNumber();
    assert.equal(rows.length, count);
    const ours = rows.find((r) => r[1] === 'emission_admin');
    assert.ok(ours && /preparing|deciding/.test(ours[2]), JSON.stringify(rows));
    // Nobody voted: the tally is empty.
    assert.deepEqual(ours.slice(3, 6).map(planckOf), [0n, 0n, 0n]);
    const s = await rpc('depin_schedule', [1, p.at]);
    assert.equal(planckOf(p.text('gov-initial')), truncated(s.schedule.initial));
    assert.equal(p.table('gov-tracks').length, api.consts.referenda.tracks.length);
    await shot(page, 'governance');
    await page.close();
  });

  test('search leads a device key, an account and a block number to their pages; unknown input says so', async () => {
    const page = await open('network', { wait: '[data-page="network"]' });
    const go = async (q) => {
      await page.fill('[data-testid="search-input"]', q);
      await page.press('[data-testid="search-input"]', 'Enter');
    };
    const dev = devices[0];
    await go(dev.key);
    await page.waitForSelector('[data-page="device"] [data-testid="device-key"]');
    assert.equal(await text(page, 'device-key'), dev.key);
    // An address in the generic prefix (42) is shown in the chain's (7373).
    const generic = api.registry.createType('AccountId', dev.owner).toHuman();
    const { encodeAddress } = await import('@polkadot/util-crypto');
    await go(encodeAddress(api.registry.createType('AccountId', dev.owner).toU8a(), 42));
    await page.waitForSelector('[data-page="account"] [data-testid="account-address"]');
    assert.equal(await text(page, 'account-address'), generic);
    assert.equal(num(await text(page, 'account-devices')), devices.filter((d) => d.owner === dev.owner).length);
    await go('3');
    await page.waitForSelector('[data-page="block"] [data-testid="block-number"]');
    assert.equal(await text(page, 'block-hash'), await rpc('chain_getBlockHash', [3]));
    await go('not-a-thing');
    await page.waitForSelector('[data-page="search"] [data-testid="search-result"]');
    assert.match(await text(page, 'search-result'), /Nothing found for "not-a-thing"/);
    await go('sr25519:0x' + '11'.repeat(32));
    await page.waitForSelector('[data-testid="device-missing"]');
    assert.match(await text(page, 'device-missing'), /No device .* is registered/);
    await go('99999999');
    await page.waitForSelector('[data-testid="block-missing"]');
    assert.match(await text(page, 'block-missing'), /No block 99,999,999 yet/);
    await page.close();
  });

  test('a bad endpoint shows a clear message', async () => {
    const closed = `ws://127.0.0.1:1`;
    let page = await open('network', { query: `?rpc=${encodeURIComponent(closed)}`, expectErrors: true, wait: '[data-testid="conn-error"]' });
    assert.match(await text(page, 'conn-error'), /cannot connect to ws:\/\/127\.0\.0\.1:1.*Is a node running there\?/s);
    await shot(page, 'bad-endpoint');
    await page.close();
    page = await open('network', { query: '?rpc=http%3A%2F%2F127.0.0.1%3A9944', expectErrors: true, wait: '[data-testid="conn-error"]' });
    assert.match(await text(page, 'conn-error'), /not a WebSocket endpoint/);
    await page.close();
  });
});

describe('in light-client mode', () => {
  test('network and device pages verify the same figures through smoldot', async () => {
    const started = Date.now();
    const page = await open('network', { query: '?mode=light', wait: '[data-page="network"]', timeout: 120_000 });
    assert.match(await text(page, 'mode'), /light client/);
    const synced = (Date.now() - started) / 1000;
    console.warn(`  light client ready and network page drawn in ${synced.toFixed(1)} s`);
    // The light client's block is one the node has too: the same figures there.
    let s = await snap(page);
    const epoch = await rpc('depin_epoch', [s.at]);
    assert.equal(num(s.text('net-epoch')), epoch.index);
    assert.equal(num(s.text('net-devices')), 9);
    const stats = await rpc('depin_stats', [Math.max(0, epoch.index - 1), s.at]);
    assert.deepEqual(s.table('net-epochs')[0].slice(0, 4).map(num), [stats.epoch, stats.totals.usageUnits, stats.totals.witnessedUnits, stats.totals.attestedUnits]);
    assert.equal(num(s.text('net-verifiers')), epoch.verifiers);
    await shot(page, 'light');
    const dev = devices.find((d) => d.cell) ?? devices[0];
    await page.evaluate((k) => (location.hash = `/device/${k}`), dev.key);
    await page.waitForSelector('[data-page="device"] [data-testid="device-claimable"]', { timeout: 60_000 });
    s = await snap(page);
    const d = await rpc('depin_device', [dev.key, s.at]);
    assert.equal(s.text('device-owner').trim(), d.owner);
    assert.equal(s.text('device-status'), d.status);
    assert.equal(planckOf(s.text('device-bond')), truncated(d.bond));
    assert.equal(s.text('device-cell'), d.location);
    const e = (await rpc('depin_epoch', [s.at])).index;
    const r = await rpc('depin_pendingRewards', [dev.key, Math.max(0, e - 48), e, s.at]);
    assert.equal(planckOf(s.text('device-claimable')), truncated(r.claimable));
    assert.equal(s.table('device-work').length, new Set(r.epochs.map((x) => x.epoch)).size);
    await page.close();
  });
});

test('no page wrote an error to the browser console', () => {
  assert.deepEqual(consoleErrors, []);
});
