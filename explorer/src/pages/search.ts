// Search: the search box routes known input straight to its page; everything else lands here
// with the reason it was not understood.
import { classify, routeOf } from '../data/search';
import { h, notice } from '../ui/dom';
import type { Page } from './page';

export const searchPage: Page = {
  title: 'Search',
  live: false,
  async render({ query }) {
    const input = query.get('q') ?? '';
    const q = classify(input);
    const to = routeOf(q);
    if (to) {
      location.hash = to;
      return h('p', null, 'Opening…');
    }
    if (q.kind === 'empty') return notice('Type a block number or hash, a device key (sr25519:0x…) or an account address into the search box.', 'info', 'search-result');
    return h(
      'div',
      null,
      notice(`Nothing found for "${input}": ${q.kind === 'unknown' ? q.why : ''}.`, 'error', 'search-result'),
    );
  },
};
