// Settings: the endpoint (RPC mode) or the chain spec (light-client mode). Applying saves them
// in this browser and reloads with them in the URL, so a link carries them.
import { DEFAULT_RPC, DEFAULT_SPEC, type Settings, endpointProblem, save } from '../settings';
import { card, h, notice } from '../ui/dom';

export function settingsPage(current: Settings, error: string | null): HTMLElement {
  const mode = h(
    'select',
    { id: 'set-mode', 'data-testid': 'set-mode' },
    h('option', { value: 'rpc', selected: current.mode === 'rpc' }, 'JSON-RPC over WebSocket (trust the node)'),
    h('option', { value: 'light', selected: current.mode === 'light' }, 'Light client in the browser (verify)'),
  );
  const rpc = h('input', { id: 'set-rpc', 'data-testid': 'set-rpc', value: current.rpc, size: 40, placeholder: DEFAULT_RPC });
  const spec = h('input', { id: 'set-spec', 'data-testid': 'set-spec', value: current.spec, size: 40, placeholder: DEFAULT_SPEC });
  const problem = h('p', { class: 'notice error', hidden: true, role: 'alert' });
  const form = h(
    'form',
    {
      class: 'settings',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const next: Settings = { mode: mode.value === 'light' ? 'light' : 'rpc', rpc: rpc.value.trim() || DEFAULT_RPC, spec: spec.value.trim() || DEFAULT_SPEC };
        const why = next.mode === 'rpc' ? endpointProblem(next.rpc) : null;
        if (why) {
          problem.textContent = why;
          problem.hidden = false;
          return;
        }
        save(next);
        const q = new URLSearchParams({ mode: next.mode, ...(next.mode === 'rpc' ? { rpc: next.rpc } : { spec: next.spec }) });
        location.href = `${location.pathname}?${q}#/network`;
      },
    },
    h('label', null, 'Mode ', mode),
    h('label', null, 'WebSocket endpoint (RPC mode) ', rpc),
    h('label', null, 'Chain spec URL (light-client mode) ', spec),
    problem,
    h('button', { type: 'submit', 'data-testid': 'set-apply' }, 'Apply and reconnect'),
  );
  return h(
    'div',
    { class: 'grid', 'data-page': 'settings' },
    error ? notice(`Not connected: ${error}`, 'error', 'conn-error') : null,
    card(
      'Settings',
      form,
      h(
        'p',
        { class: 'hint' },
        'In RPC mode the explorer shows what the node answers. In light-client mode an in-browser smoldot node syncs the chain\'s headers from the boot nodes in the chain spec, follows GRANDPA finality, and checks every value it reads against a storage proof: you trust no node. ',
        './scripts/dev.sh serves a chain spec for its dev node at chain-spec.json. URL parameters: ?rpc=ws://host:port, ?mode=light&spec=<url>.',
      ),
    ),
  );
}
