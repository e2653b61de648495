// Emissions: the schedule in force, the demand state, the supply curve (actual issuance and the
// schedule's projection from it), pools minted per epoch, and burned against minted.
import { count, dpinNumber, formatDpin, ppbPercent, ppmRatio } from '../data/format';
import { mintedTotal, supplyCurve } from '../data/shape';
import { chart } from '../ui/chart';
import { card, facts, h, notice, table, wideCard } from '../ui/dom';
import type { Page } from './page';

const HISTORY = 200;
const PROJECTION = 168;

export const emissionsPage: Page = {
  title: 'Emissions',
  live: 'epoch',
  async render({ chain }) {
    const { source, api } = chain;
    const epoch = await source.epoch();
    const from = Math.max(0, epoch.index - HISTORY);
    const [em, records, issuance] = await Promise.all([
      source.emissions(PROJECTION),
      source.supplyHistory(from, HISTORY),
      api.query.balances.totalIssuance(),
    ]);
    const s = em.schedule;
    const curve = supplyCurve(records, em.projection, BigInt(issuance.toString()));
    const actualBy = new Map(curve.actual.map((p) => [p.epoch, p.issuance]));
    const projBy = new Map(curve.projected.map((p) => [p.epoch, p.issuance]));
    const epochs = [...new Set([...actualBy.keys(), ...projBy.keys()])].filter((e) => e >= 0).sort((a, b) => a - b);

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
          ['Total issuance now', formatDpin(BigInt(issuance.toString()), 0), 'em-issuance'],
          ['Burned for credits (all time)', formatDpin(em.demand.burned), 'em-burned'],
          ['Unrepaid burn', formatDpin(em.demand.unrepaid)],
          ['Re-minted', formatDpin(em.demand.reminted)],
          ['Smoothed burn (next re-mint)', formatDpin(em.demand.smoothedBurn)],
          ['Sustainability ratio', ppmRatio(em.demand.ratioPpm), 'em-ratio'],
          ['Next epoch\'s emission', em.projection.length ? formatDpin(em.projection[0].emission) : '—', 'em-next'],
        ]),
      ),
      card(
        'Supply curve',
        chart(
          'line',
          epochs,
          [
            { label: 'actual issuance (DPIN)', data: epochs.map((e) => (actualBy.has(e) ? dpinNumber(actualBy.get(e)!) : null)) },
            { label: `projected by the schedule (next ${PROJECTION} epochs)`, data: epochs.map((e) => (projBy.has(e) ? dpinNumber(projBy.get(e)!) : null)), borderDash: [6, 4] },
          ],
          { testid: 'em-supply-chart', yTitle: 'DPIN' },
        ),
        h('p', { class: 'hint' }, 'Issuance after each close, from the chain\'s supply records; the projection adds the schedule\'s emission per epoch (before the supply cap, without re-mints).'),
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
