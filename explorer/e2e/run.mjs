// End-to-end browser tests of the explorer against a real dev chain:
//   1. starts `depin-node --dev` on free loopback ports (JSON-RPC, and libp2p over WebSocket for
//      the light client) with a temporary base path, and writes a raw chain spec naming it as
//      the boot node next to a copy of the built app;
//   2. populates it with `depin simulate` and submits a referendum;
//   3. serves the built app (dist/) on a free loopback port;
//   4. runs the page checks (pages.test.mjs) in headless Chromium through playwright-core;
//   5. stops everything, also when a step fails.
//
//   node e2e/run.mjs            (after `npm run build`; binaries from $CARGO_TARGET_DIR/debug)
//
// Environment: DEPIN_NODE, DEPIN_CLI (binaries), CHROMIUM (browser, default /usr/bin/chromium),
// EXPLORER_SCREENSHOTS=1 (write docs/img/explorer-*.png), EXPLORER_KEEP=1 (keep the node and
// server running after the checks until Ctrl-C, to look at the pages by hand).
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rpcCall } from './rpc.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
const repo = resolve(app, '..');
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/depin-chain/target');
const nodeBin = process.env.DEPIN_NODE ?? join(target, 'debug/depin-node');
const cliBin = process.env.DEPIN_CLI ?? join(target, 'debug/depin');
const started = Date.now();
const say = (m) => console.warn(`[explorer-e2e ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);

const children = [];
let tmp = null;
let server = null;
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (server) server.close();
  if (tmp && !process.env.EXPLORER_KEEP_LOGS) rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function freePort() {
  return new Promise((res, rej) => {
    const s = netServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}


async function waitFor(what, ms, check) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function run(bin, args, log) {
  const out = openSync(log, 'a');
  const c = spawn(bin, args, { stdio: ['ignore', out, out] });
  children.push(c);
  return c;
}

/** Serves dist/ (a static single-page app) on 127.0.0.1. */
function serve(root, port) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(root, '.' + path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', r));
}

async function main() {
  for (const b of [nodeBin, cliBin]) {
    if (!existsSync(b)) throw new Error(`${b} is missing: build it with cargo build -p depin-node -p depin-cli (or set DEPIN_NODE and DEPIN_CLI)`);
  }
  const dist = join(app, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run npm run build first');
  tmp = mkdtempSync(join(tmpdir(), 'depin-explorer-'));
  // Serve a copy, so a rebuild of dist/ during the run changes nothing.
  const www = join(tmp, 'www');
  cpSync(dist, www, { recursive: true });
  const [rpcPort, p2pPort, webPort] = [await freePort(), await freePort(), await freePort()];

  // A fixed peer id, so the chain spec can name the node as its boot node.
  const keyFile = join(tmp, 'node.key');
  execFileSync(nodeBin, ['key', 'generate-node-key', '--file', keyFile], { stdio: 'ignore' });
  const peerId = execFileSync(nodeBin, ['key', 'inspect-node-key', '--file', keyFile]).toString().trim();
  if (!/^12D3Koo[1-9A-HJ-NP-Za-km-z]+$/.test(peerId)) throw new Error(`unexpected peer id from inspect-node-key: "${peerId}"`);
  const spec = JSON.parse(execFileSync(nodeBin, ['build-spec', '--chain', 'dev', '--raw'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }).toString());
  spec.bootNodes = [`/ip4/127.0.0.1/tcp/${p2pPort}/ws/p2p/${peerId}`];
  writeFileSync(join(www, 'chain-spec.json'), JSON.stringify(spec));

  say(`starting depin-node --dev: RPC ws://127.0.0.1:${rpcPort}, libp2p /ip4/127.0.0.1/tcp/${p2pPort}/ws (logs in ${tmp})`);
  const node = run(
    nodeBin,
    ['--dev', '--base-path', join(tmp, 'db'), '--rpc-port', String(rpcPort), '--no-prometheus', '--no-telemetry', '--no-mdns',
      '--network-backend', 'libp2p', '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}/ws`, '--node-key-file', keyFile],
    join(tmp, 'node.log'),
  );
  node.on('exit', (code) => code !== null && code !== 0 && say(`depin-node exited with ${code}; see ${tmp}/node.log`));
  await waitFor('the node to produce block 1', 120_000, async () => (await rpcCall(rpcPort, 'chain_getHeader')).number !== '0x0');

  const epochs = process.env.EXPLORER_SIM_EPOCHS ?? '1';
  say(`depin simulate --devices 9 --epochs ${epochs} (a few minutes: real 6-second blocks)`);
  await new Promise((res, rej) => {
    const sim = spawn(cliBin, ['--url', `ws://127.0.0.1:${rpcPort}`, 'simulate', '--devices', '9', '--epochs', epochs], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(sim);
    sim.stdout.on('data', (d) => d.toString().split('\n').filter(Boolean).forEach((l) => say(`  ${l}`)));
    sim.on('exit', (code) => (code === 0 ? res() : rej(new Error(`depin simulate exited with ${code}`))));
  });

  say('submitting a referendum on the emission_admin track');
  const { submitReferendum } = await import('./referendum.mjs');
  await submitReferendum(`ws://127.0.0.1:${rpcPort}`);

  await serve(www, webPort);
  const url = `http://127.0.0.1:${webPort}/`;
  say(`explorer at ${url}?rpc=ws://127.0.0.1:${rpcPort}`);

  const env = { ...process.env, EXPLORER_URL: url, RPC_PORT: String(rpcPort), REPO: repo };
  const code = await new Promise((res) => {
    const t = spawn(process.execPath, ['--test', '--test-reporter=spec', join(here, 'pages.test.mjs')], { stdio: 'inherit', env });
    children.push(t);
    t.on('exit', (c) => res(c ?? 1));
  });
  say(`browser checks ${code === 0 ? 'passed' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  if (process.env.EXPLORER_KEEP) {
    say('EXPLORER_KEEP is set: the node and the server stay up until Ctrl-C');
    await new Promise(() => {});
  }
  if (code !== 0) {
    say(`the node's log ends:\n${readFileSync(join(tmp, 'node.log'), 'utf8').split('\n').slice(-15).join('\n')}`);
  }
  process.exitCode = code;
}

main().catch((e) => {
  console.error(`[explorer-e2e] ${e.message}`);
  process.exitCode = 1;
}).finally(() => {
  cleanup();
  // The polkadot.js client of the referendum may keep timers alive.
  setTimeout(() => process.exit(), 100).unref();
});
