import type { Chain, Head } from '../chain';
import type { ChainAt, Source } from '../source';

export interface PageContext {
  chain: Chain;
  /** The block this render reads (the best block when it started). */
  at: Head;
  /** The chain's data at `at`. */
  source: Source;
  /** Storage, constants and runtime calls at `at`. */
  api: ChainAt;
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
