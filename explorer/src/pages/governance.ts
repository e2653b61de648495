// Governance: referenda on each OpenGov track with their status and tallies, and the emission
// parameters in force (what the emission_admin track changes).
import { governance } from '../chain';
import { count, formatDpin, ppbPercent, ppmRatio } from '../data/format';
import { card, facts, h, table, wideCard } from '../ui/dom';
import type { Page } from './page';

export const governancePage: Page = {
  title: 'Governance',
  live: 'block',
  async render({ api, source }) {
    const [{ tracks, referenda }, em] = await Promise.all([governance(api), source.emissions(1)]);
    const name = new Map(tracks.map((t) => [t.id, t.name]));
    const s = em.schedule;
    return h(
      'div',
      { class: 'grid' },
      wideCard(
        'Referenda',
        referenda.length === 0
          ? h('p', { 'data-testid': 'gov-referenda' }, 'No referendum has been submitted.')
          : table(
              ['#', 'Track', 'Status', 'Ayes', 'Nays', 'Support', 'Submitted or ended at block'],
              referenda.map((r) => [
                count(r.index),
                r.track >= 0 ? (name.get(r.track) ?? String(r.track)) : '— (finished)',
                r.status === 'ongoing' ? (r.deciding ? 'deciding' : 'preparing') : r.status,
                formatDpin(r.ayes, 2),
                formatDpin(r.nays, 2),
                formatDpin(r.support, 2),
                r.submitted !== null ? `submitted ${count(r.submitted)}` : r.ended !== null ? `ended ${count(r.ended)}` : '—',
              ]),
              'gov-referenda',
            ),
      ),
      card(
        'Tracks',
        table(
          ['Track', 'Name', 'Ongoing referenda', 'Decided at once', 'Decision period (blocks)'],
          tracks.map((t) => [
            count(t.id),
            t.name,
            count(referenda.filter((r) => r.track === t.id && r.status === 'ongoing').length),
            count(t.maxDeciding),
            count(t.decisionPeriod),
          ]),
          'gov-tracks',
        ),
      ),
      card(
        'Emission parameters in force',
        s === null
          ? h('p', null, 'No emission schedule is set.')
          : facts([
              ['Emission per epoch at start', formatDpin(s.initial), 'gov-initial'],
              ['Split', `operators ${ppbPercent(s.split.operatorsPpb)}, validators ${ppbPercent(s.split.validatorsPpb)}, treasury ${ppbPercent(s.split.treasuryPpb)}`],
              ['Operators\' pools', `usage ${ppbPercent(s.kinds.usage)}, witnessed ${ppbPercent(s.kinds.witnessed)}, attested ${ppbPercent(s.kinds.attested)}`],
              ['Usage cap', `${s.usageCapMultiplier}× the credits burned`],
              ['Bond reward cap', ppbPercent(s.bondRewardCapPpb)],
              ['Re-mint cap', s.net ? formatDpin(s.net.remintCap) : 'off'],
              ['Demand index target', s.demandIndex ? ppmRatio(s.demandIndex.targetPpm) : 'off'],
            ]),
        h('p', { class: 'hint' }, 'A referendum on the emission_admin track changes these with emissions.setSchedule; the change applies from the epoch after the next close (docs/governance.md).'),
      ),
    );
  },
};
