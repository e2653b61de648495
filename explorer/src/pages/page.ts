import type { Chain } from '../chain';

export interface PageContext {
  chain: Chain;
  /** Path segments after the page's name (`#/device/<key>` gives `[key]`). */
  params: string[];
  query: URLSearchParams;
  /** True when the page is re-rendered for a new block rather than opened. */
  refresh: boolean;
}

export interface Page {
  title: string;
  /** Re-render on new blocks (`block`), when the reward epoch changes (`epoch`), or never. */
  live: 'block' | 'epoch' | false;
  render(ctx: PageContext): Promise<HTMLElement>;
}
