// Account: its devices, balance, credits and verifier role.
import { formatDpin, count } from '../data/format';
import { classify } from '../data/search';
import { type Json, big } from '../data/shape';
import { card, facts, h, link, notice, table } from '../ui/dom';
import type { Page } from './page';

export const accountPage: Page = {
  title: 'Account',
  live: 'epoch',
  async render({ source, api, params }) {
    const q = classify(params[0] ?? '');
    if (q.kind !== 'account') return notice(`"${params[0] ?? ''}" is not an account address.`, 'error', 'account-missing');
    const [keys, credits, verifier, account] = await Promise.all([
      source.devicesOf(q.address),
      source.credits(q.address),
      source.verifier(q.address),
      api.query.system.account(q.address),
    ]);
    const balances = (account.toJSON() as { data: { free: Json; reserved: Json } }).data;
    const devices = await Promise.all(keys.slice(0, 200).map((k) => source.device(k)));
    return h(
      'div',
      { class: 'grid' },
      card(
        'Account',
        facts([
          ['Address', h('code', { class: 'wrap' }, q.address), 'account-address'],
          ['Free balance', formatDpin(big(balances.free)), 'account-free'],
          ['Reserved and held', formatDpin(big(balances.reserved))],
          ['Service credits', formatDpin(credits, 4, false) + ' DPIN of credits', 'account-credits'],
          ['Devices', count(keys.length), 'account-devices'],
          [
            'Verifier',
            verifier
              ? `${verifier.admitted ? 'admitted' : 'applicant'}; bond ${formatDpin(verifier.bond)}, slashed ${formatDpin(verifier.slashed)}, ${count(verifier.usedThisEpoch)} of ${count(verifier.quota)} units this epoch`
              : 'no',
            'account-verifier',
          ],
        ]),
      ),
      card(
        'Devices',
        keys.length === 0
          ? h('p', null, 'This account owns no devices.')
          : table(
              ['Device', 'Class', 'Status', 'Bond', 'Cell'],
              devices.map((d, i) => [
                link(`/device/${keys[i]}`, keys[i]),
                d ? count(d.cls) : '?',
                d?.status ?? 'gone',
                d ? formatDpin(d.bond) : '',
                d?.cell ?? '—',
              ]),
              'account-device-table',
            ),
        keys.length > 200 ? h('p', { class: 'hint' }, `The first 200 of ${count(keys.length)} are shown.`) : null,
      ),
    );
  },
};
