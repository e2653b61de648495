// Device: its registration (key, owner, class, maker, bond, status, location), its work per
// recent epoch by proof kind, its rewards (claimable, pending, claimed) and open disputes.
import { cellToLatLng, isValidCell } from 'h3-js';
import { count, formatDpin, ppbPercent, short } from '../data/format';
import { type Json, big, deviceKey, num, workByEpoch } from '../data/shape';
import { classify } from '../data/search';
import { card, facts, h, link, notice, table, wideCard } from '../ui/dom';
import type { Page } from './page';

/** Epochs of work history shown (`depin_pendingRewards` answers at most 1,000). */
const WINDOW = 48;

export const devicePage: Page = {
  title: 'Device',
  live: 'epoch',
  async render({ source, api, params }) {
    const q = classify(params[0] ?? '');
    if (q.kind !== 'device') {
      return notice(`"${params[0] ?? ''}" is not a device key: expected sr25519:0x… or ed25519:0x… with 64 hex digits, or p256:0x… with 66.`, 'error', 'device-missing');
    }
    const key = q.key;
    const epoch = await source.epoch();
    const from = Math.max(0, epoch.index - WINDOW);
    const [device, rewards] = await Promise.all([source.device(key), source.rewards(key, from, epoch.index)]);
    if (!device) {
      return h(
        'div',
        null,
        notice(`No device ${key} is registered on this chain.`, 'error', 'device-missing'),
        rewards.rows.length ? h('p', null, `It has work in epochs ${from} to ${epoch.index} (a retired device's earners can still claim).`) : null,
      );
    }
    const [cls, maker, disputes] = await Promise.all([
      source.deviceClass(device.cls),
      source.maker(device.maker),
      api.query.work.disputes.entries(),
    ]);
    const open = disputes
      .map(([k, v]) => ({ id: num(k.args[0].toJSON() as Json), d: v.toJSON() as { [k: string]: Json } | null }))
      .filter((x) => x.d && deviceKey(x.d.device) === key);
    let location: HTMLElement | string = 'none';
    if (device.cell) {
      if (isValidCell(device.cell)) {
        const [lat, lng] = cellToLatLng(device.cell);
        location = h('span', null, link(`/map?cell=${device.cell}`, device.cell, 'device-cell'), ` (${lat.toFixed(5)}, ${lng.toFixed(5)})`);
      } else location = `${device.cell} (not a valid H3 cell)`;
    }
    const work = workByEpoch(rewards.rows).reverse();
    const status = device.status === 'retiring' ? `retiring (bond withdrawable at block ${count(device.unbondsAt ?? 0)})` : device.status;

    const about = card(
        'Device',
        facts([
          ['Key', h('code', { class: 'wrap' }, device.key), 'device-key'],
          ['Key type', device.keyType === 'p256' ? 'P-256 (secure element)' : device.keyType, 'device-key-type'],
          [
            'Maker certificate',
            device.certificate
              ? h(
                  'span',
                  null,
                  `serial ${device.certificate.serial} by `,
                  h('code', { class: 'wrap' }, device.certificate.issuer),
                  `, valid until ${new Date(device.certificate.notAfter * 1000).toISOString().slice(0, 10)}`,
                  device.certificate.revoked ? ' (revoked)' : '',
                )
              : 'none (registered with a maker signature)',
            'device-certificate',
          ],
          ['Owner', link(`/account/${device.owner}`, device.owner, 'device-owner')],
          ['Class', cls ? `${device.cls}: ${cls.kind}, ${cls.proof} work` : String(device.cls), 'device-class'],
          ['Maker', maker ? `${maker.id}: ${maker.name}${maker.revoked ? ' (revoked)' : ''}` : String(device.maker), 'device-maker'],
          ['Bond', formatDpin(device.bond), 'device-bond'],
          ['Status', status, 'device-status'],
          ['Location', location],
          ['Registered at block', device.registeredAt === null ? 'at genesis or before it was recorded' : link(`/block/${device.registeredAt}`, count(device.registeredAt))],
          ['Occupancy scale', ppbPercent(device.occupancyScalePpb)],
          ['Last beacon, last witness', `${device.lastBeaconed ?? 'never'}, ${device.lastWitnessed ?? 'never'} (epochs)`],
          ['Transfer offered to', device.offeredTo ? link(`/account/${device.offeredTo}`, short(device.offeredTo, 8)) : 'nobody'],
        ]),
      );
    about.classList.add('double');
    return h(
      'div',
      { class: 'grid' },
      about,
      card(
        'Rewards',
        facts([
          ['Claimable now', formatDpin(rewards.claimable), 'device-claimable'],
          ['In the dispute window', formatDpin(rewards.pending), 'device-pending'],
          ['Claimed', formatDpin(rewards.claimed), 'device-claimed'],
        ]),
        h(
          'p',
          { class: 'hint' },
          `Epochs ${from} to ${epoch.index}. Rewards are set when an epoch closes and become claimable once its dispute window has passed; work in an epoch not closed yet shows its units only. Only the account that owned the device when it did the work can claim it.`,
        ),
      ),
      card(
        `Work per epoch (last ${WINDOW})`,
        work.length === 0
          ? h('p', { 'data-testid': 'device-no-work' }, 'No work recorded in these epochs.')
          : table(
              ['Epoch', 'Usage units', 'Witnessed units', 'Attested units'],
              work.map((w) => [count(w.epoch), count(w.units.usage), count(w.units.witnessed), count(w.units.attested)]),
              'device-work',
            ),
      ),
      wideCard(
        'Rewards per epoch',
        table(
          ['Epoch', 'Earner', 'Kind', 'Units', 'Reward', 'State'],
          rewards.rows.map((r) => [
            count(r.epoch),
            link(`/account/${r.earner}`, short(r.earner, 6)),
            r.kind,
            count(r.units),
            formatDpin(r.reward),
            r.voided
              ? 'voided by a dispute'
              : r.claimed
                ? 'claimed'
                : r.final
                  ? 'claimable'
                  : r.epoch >= epoch.index || r.epoch === epoch.closing
                    ? 'epoch not closed yet'
                    : 'in the dispute window',
          ]),
          'device-rewards',
        ),
      ),
      card(
        'Open disputes',
        open.length === 0
          ? h('p', { 'data-testid': 'device-disputes' }, 'None.')
          : table(
              ['Dispute', 'Epoch', 'Disputer', 'Bond', 'Deadline epoch'],
              open.map(({ id, d }) => [
                count(id),
                count(num(d!.epoch)),
                link(`/account/${String(d!.disputer)}`, short(String(d!.disputer), 6)),
                formatDpin(big(d!.bond)),
                count(num(d!.deadline)),
              ]),
              'device-disputes',
            ),
      ),
    );
  },
};
