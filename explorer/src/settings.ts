// Where the explorer connects: a node's WebSocket JSON-RPC endpoint, or an in-browser light
// client. Set by URL parameters (`?rpc=ws://host:port`, `?mode=light&spec=<url>`), else by
// what the settings form saved in this browser, else the defaults.

export type Mode = 'rpc' | 'light';

export interface Settings {
  mode: Mode;
  /** The node's WebSocket JSON-RPC endpoint (RPC mode). */
  rpc: string;
  /** Where to fetch the raw chain spec with boot nodes (light mode). */
  spec: string;
}

export const DEFAULT_RPC = 'ws://127.0.0.1:9944';
export const DEFAULT_SPEC = 'chain-spec.json';
const STORE_KEY = 'depin-explorer-settings';

/** Parses settings from a URL query string over saved ones; unknown modes fall back to RPC. */
export function parseSettings(search: string, saved: Partial<Settings> = {}): Settings {
  const q = new URLSearchParams(search);
  // A link with ?rpc= means RPC mode, whatever this browser saved.
  const mode = q.get('mode') ?? (q.has('rpc') ? 'rpc' : saved.mode);
  return {
    mode: mode === 'light' ? 'light' : 'rpc',
    rpc: q.get('rpc') ?? saved.rpc ?? DEFAULT_RPC,
    spec: q.get('spec') ?? saved.spec ?? DEFAULT_SPEC,
  };
}

/** Why an endpoint cannot be used, or null if it looks like a WebSocket URL. */
export function endpointProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL; an endpoint looks like ws://127.0.0.1:9944`;
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    return `"${url}" is not a WebSocket endpoint: it must start with ws:// or wss:// (e.g. ws://127.0.0.1:9944)`;
  }
  return null;
}

export function loadSaved(): Partial<Settings> {
  try {
    return JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
}

export function save(s: Settings): void {
  localStorage.setItem(STORE_KEY, JSON.stringify(s));
}
