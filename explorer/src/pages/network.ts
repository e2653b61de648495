// Network: chain heads, validators and recent authors, devices by class and status, the
// current reward epoch and the last epochs' work, minted, burned and sustainability ratio.
import { count, formatDpin, ppmRatio, short } from '../data/format';
import { type StatsView, epochProgress, totalDevices } from '../data/shape';
import { card, facts, h, link, table, wideCard } from '../ui/dom';
import type { Page } from './page';

const HISTORY = 6;

export const networkPage: Page = {
  title: 'Network',
  live: 'block',
  async render({ chain, source, api, at }) {
    const epoch = await source.epoch();
    const closed = Array.from({ length: Math.min(HISTORY, epoch.index) }, (_, i) => epoch.index - 1 - i);
    const [current, history, validators, emissions] = await Promise.all([
      source.stats(epoch.index),
      Promise.all(closed.map((e) => source.stats(e))),
      api.query.session.validators(),
      source.emissions(1),
    ]);
    const classes = await Promise.all(current.devicesByClass.map((c) => source.deviceClass(c.cls)));
    const progress = epochProgress(epoch, at.number);
    const vals = validators.toJSON() as string[];
    const authored = new Map<string, number>();
    for (const b of chain.recent) if (b.author) authored.set(b.author, (authored.get(b.author) ?? 0) + 1);

    return h(
      'div',
      { class: 'grid' },
      card(
        'Chain',
        facts([
          ['Chain', `${chain.chainName}, genesis ${short(chain.genesis, 8)}`, 'net-chain'],
          ['Best block', link(`/block/${at.number}`, count(at.number)), 'net-best'],
          ['Finalized block', link(`/block/${chain.finalized}`, count(chain.finalized)), 'net-finalized'],
          ['Validators', count(vals.length), 'net-validators'],
          ['Verifiers admitted', count(epoch.verifiers), 'net-verifiers'],
        ]),
        table(
          ['Validator', 'Blocks of the last 10 seen'],
          vals.map((v) => [link(`/account/${v}`, short(v, 8)), count(authored.get(v) ?? 0)]),
          'net-validator-table',
        ),
        table(
          ['Block', 'Author'],
          chain.recent.map((b) => [link(`/block/${b.number}`, count(b.number)), b.author ? link(`/account/${b.author}`, short(b.author, 8)) : '—']),
          'net-recent',
        ),
      ),
      card(
        'Reward epoch',
        facts([
          ['Epoch', count(epoch.index), 'net-epoch'],
          ['Blocks', `${count(epoch.start)} to ${count(epoch.end - 1)} (${count(epoch.length)} blocks)`, 'net-epoch-blocks'],
          [
            'Progress',
            h(
              'span',
              null,
              h('progress', { max: 1000, value: Math.round(progress * 1000), 'data-testid': 'net-epoch-progress' }),
              ` ${Math.round(progress * 100)} %, ${count(Math.max(0, epoch.end - at.number))} blocks left`,
            ),
          ],
          ['Previous epoch', epoch.closing === null ? 'closed' : `${count(epoch.closing)}, in its grace period`],
          ['Work so far', `${count(current.units.usage)} usage, ${count(current.units.witnessed)} witnessed, ${count(current.units.attested)} attested units`, 'net-current-units'],
          ['Sustainability ratio', `${ppmRatio(emissions.demand.ratioPpm)} (unrepaid burn ÷ issuance, trailing)`, 'net-ratio'],
        ]),
      ),
      card(
        'Devices',
        facts([
          ['Registered', count(totalDevices(current)), 'net-devices'],
          ['Active', count(current.devicesByStatus.active), 'net-active'],
          ['Suspended', count(current.devicesByStatus.suspended)],
          ['Retiring', count(current.devicesByStatus.retiring)],
        ]),
        table(
          ['Class', 'Proof', 'Kind', 'Bond', 'Devices'],
          current.devicesByClass.map((c, i) => [
            count(c.cls),
            classes[i]?.proof ?? '?',
            classes[i]?.kind ?? '?',
            classes[i] ? formatDpin(classes[i].bond) : '?',
            count(c.devices),
          ]),
          'net-classes',
        ),
      ),
      wideCard(
        'Last epochs',
        history.length === 0
          ? h('p', null, 'No epoch has closed yet.')
          : table(
              ['Epoch', 'Usage units', 'Witnessed units', 'Attested units', 'Devices with work', 'Minted', 'Burned', 'Burned ÷ minted'],
              history.map((s: StatsView) => [
                count(s.epoch),
                count(s.units.usage),
                count(s.units.witnessed),
                count(s.units.attested),
                count(s.workingDevices),
                formatDpin(s.minted, 2),
                formatDpin(s.burned, 2),
                s.ratio === null ? '—' : s.ratio.toFixed(6),
              ]),
              'net-epochs',
            ),
      ),
    );
  },
};
