// Emissions: the schedule in force, the demand state, the supply curve (actual issuance and the
// schedule's projection from it), pools minted per epoch, and burned against minted.
import { count, dpinNumber, formatDpin, ppbPercent, ppmRatio } from '../data/format';
import { mintedTotal, projectIssuance, sampleBlocks } from '../data/shape';
import { chart } from '../ui/chart';
import { card, facts, h, notice, table, wideCard } from '../ui/dom';
import type { Page } from './page';

const HISTORY = 200;
const PROJECTION = 168;
/** Blocks at which the supply curve reads the chain's issuance. */
const SAMPLES = 40;

export const emissionsPage: Page = {
  title: 'Emissions',
  live: 'epoch',
  async render({ source, api, at }) {
    const epoch = await source.epoch();
    const from = Math.max(0, epoch.index - HISTORY);
    const [em, records, issuanceNow] = await Promise.all([
      source.emissions(PROJECTION),
      source.supplyHistory(from, HISTORY),
      api.query.balances.totalIssuance().then((v) => BigInt(v.toString())),
    ]);
    const s = em.schedule;
    // Actual issuance: the chain's total issuance read at blocks spread over the last
    // HISTORY epochs. A node that pruned a block's state (or a light client that never saw the
    // block) cannot answer for it; those points are left out and counted.
    const window = Math.min(at.number, HISTORY * epoch.length);
    const wanted = sampleBlocks(at.number - window, at.number - 1, SAMPLES);
    const past = await source.issuanceAt(wanted);
    const actual = [...past, { block: at.number, issuance: issuanceNow }];
    const missing = wanted.length - past.length;
    const projected = projectIssuance(em.projection, epoch, at.number, issuanceNow);

    return h(
      'div',
      { class: 'grid' },
      card(
        'Schedule in force',
        s === null
          ? notice('No emission schedule is set: nothing is minted.', 'info', 'em-schedule')
          : facts([
              ['Emission per epoch at start', formatDpin(s.initial), 'em-initial'],
              ['Shape', 'halvingEvery' in s.shape ? `halving every ${count(s.shape.halvingEvery)} epochs` : `decay of ${ppbPercent(s.shape.decayPerEpochPpb, 4)} per epoch`, 'em-shape'],
              ['Tail emission', formatDpin(s.tail)],
              ['Supply cap', formatDpin(s.cap, 0), 'em-cap'],
              ['Split', `operators ${ppbPercent(s.split.operatorsPpb)}, validators ${ppbPercent(s.split.validatorsPpb)}, treasury ${ppbPercent(s.split.treasuryPpb)}`, 'em-split'],
              ['Operators\' pools', `usage ${ppbPercent(s.kinds.usage)}, witnessed ${ppbPercent(s.kinds.witnessed)}, attested ${ppbPercent(s.kinds.attested)}`],
              ['Usage cap', `${s.usageCapMultiplier}× the credits burned`],
              ['Bond reward cap', `${ppbPercent(s.bondRewardCapPpb)} of the bond per epoch`],
              ['Claims expire after', `${count(s.claimExpiry)} epochs`],
              ['Net emissions', s.net ? `smoothing ${s.net.smoothing} epochs, re-mint cap ${formatDpin(s.net.remintCap)} per epoch, ratio window ${s.net.ratioWindow} epochs` : 'off'],
              ['Demand index', s.demandIndex ? `target ratio ${ppmRatio(s.demandIndex.targetPpm)}, subsidy from ${ppbPercent(s.demandIndex.floorPpb)} to ${ppbPercent(s.demandIndex.ceilingPpb)}` : 'off'],
            ]),
      ),
      card(
        'Demand',
        facts([
          ['Total issuance now', formatDpin(issuanceNow, 0), 'em-issuance'],
          ['Burned for credits (all time)', formatDpin(em.demand.burned), 'em-burned'],
          ['Unrepaid burn', formatDpin(em.demand.unrepaid)],
          ['Re-minted', formatDpin(em.demand.reminted)],
          ['Smoothed burn (next re-mint)', formatDpin(em.demand.smoothedBurn)],
          ['Sustainability ratio', ppmRatio(em.demand.ratioPpm), 'em-ratio'],
          ['This epoch\'s emission (minted at its close)', em.projection.length ? formatDpin(em.projection[0].emission) : '—', 'em-next'],
        ]),
      ),
      card(
        'Supply curve',
        chart(
          'line',
          null,
          [
            { label: 'total issuance (DPIN)', data: actual.map((p) => ({ x: p.block, y: dpinNumber(p.issuance) })) },
            { label: `projected by the schedule (next ${PROJECTION} epochs)`, data: projected.map((p) => ({ x: p.block, y: dpinNumber(p.issuance) })), borderDash: [6, 4] },
          ],
          {
            testid: 'em-supply-chart',
            yTitle: 'DPIN',
            xTitle: 'block',
            data: { 'issuance-now': issuanceNow.toString(), 'projected-first': (projected[1] ?? projected[0]).issuance.toString(), actual: String(actual.length) },
          },
        ),
        h(
          'p',
          { class: 'hint' },
          `Total issuance read from the chain at this block and at ${past.length} of the ${count(window)} before it`,
          missing
            ? source.mode === 'light'
              ? ' (a light client holds no past state: RPC mode against an archive node shows the history)'
              : ` (${missing} more had their state pruned by the node: an archive node keeps them)`
            : '',
          '. The projection adds each epoch\'s scheduled emission at its close, assuming the current epoch length and that every reward is claimed (unclaimed rewards are never minted), before the supply cap and without re-mints.',
        ),
      ),
      card(
        'Pools minted per epoch',
        chart(
          'bar',
          records.map((r) => r.epoch),
          [
            { label: 'operators', data: records.map((r) => dpinNumber(r.minted.operators)) },
            { label: 'validators', data: records.map((r) => dpinNumber(r.minted.validators)) },
            { label: 'treasury', data: records.map((r) => dpinNumber(r.minted.treasury)) },
          ],
          { stacked: true, testid: 'em-pools-chart', yTitle: 'DPIN' },
        ),
      ),
      card(
        'Burned against minted',
        chart(
          'line',
          records.map((r) => r.epoch),
          [
            { label: 'minted', data: records.map((r) => dpinNumber(mintedTotal(r))) },
            { label: 'burned for credits', data: records.map((r) => dpinNumber(r.burned)) },
            { label: 're-minted', data: records.map((r) => dpinNumber(r.reminted)) },
          ],
          { testid: 'em-burn-chart', yTitle: 'DPIN' },
        ),
      ),
      wideCard(
        'Supply records',
        records.length === 0
          ? h('p', { 'data-testid': 'em-records' }, 'No epoch has closed yet.')
          : table(
              ['Epoch', 'Operators', 'Validators', 'Treasury', 'Burned', 'Re-minted', 'Withheld', 'Ratio', 'Subsidy'],
              [...records].reverse().slice(0, 24).map((r) => [
                count(r.epoch),
                formatDpin(r.minted.operators, 2),
                formatDpin(r.minted.validators, 2),
                formatDpin(r.minted.treasury, 2),
                formatDpin(r.burned),
                formatDpin(r.reminted),
                formatDpin(r.withheld),
                ppmRatio(r.ratioPpm),
                ppbPercent(r.subsidyScalePpb),
              ]),
              'em-records',
            ),
      ),
    );
  },
};
