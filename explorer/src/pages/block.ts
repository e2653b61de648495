// Block: its hash, parent, author, finality and extrinsics.
import { count, short } from '../data/format';
import { card, facts, h, link, notice, table } from '../ui/dom';
import type { Page } from './page';

export const blockPage: Page = {
  title: 'Block',
  // Redrawn for new blocks: its finality and the next block's link change.
  live: 'block',
  async render({ chain, source, params }) {
    const { api } = chain;
    const arg = params[0] ?? '';
    let hash: string;
    if (/^\d+$/.test(arg)) {
      const n = Number(arg);
      if (n > chain.best.number) {
        return notice(`No block ${count(n)} yet: the best block is ${count(chain.best.number)}.`, 'error', 'block-missing');
      }
      hash = (await api.rpc.chain.getBlockHash(n)).toHex();
    } else if (/^0x[0-9a-f]{64}$/i.test(arg)) {
      hash = arg.toLowerCase();
    } else {
      return notice(`"${arg}" is not a block number or hash.`, 'error', 'block-missing');
    }
    let block;
    try {
      block = await api.rpc.chain.getBlock(hash);
    } catch {
      block = null;
    }
    if (!block) {
      // A 32-byte value that is no block may be an sr25519 device key.
      const device = await source.device(`sr25519:${hash}`).catch(() => null);
      if (device) {
        location.hash = `/device/sr25519:${hash}`;
        return h('p', null, 'Opening the device…');
      }
      return notice(`No block or device has the hash ${hash} on this chain.`, 'error', 'block-missing');
    }
    const header = block.block.header;
    const number = header.number.toNumber();
    const derived = await api.derive.chain.getHeader(hash).catch(() => undefined);
    const author = derived?.author?.toString() ?? null;
    const extrinsics = block.block.extrinsics.map((x, i) => [
      count(i),
      `${x.method.section}.${x.method.method}`,
      x.isSigned ? link(`/account/${x.signer.toString()}`, short(x.signer.toString(), 6)) : 'inherent or unsigned',
    ]);
    return h(
      'div',
      { class: 'grid' },
      card(
        `Block ${count(number)}`,
        facts([
          ['Number', count(number), 'block-number'],
          ['Hash', h('code', { class: 'wrap' }, hash), 'block-hash'],
          ['Parent', number > 0 ? link(`/block/${number - 1}`, h('code', { class: 'wrap' }, header.parentHash.toHex())) : 'genesis'],
          ['Author', author ? link(`/account/${author}`, author) : '—', 'block-author'],
          ['Finalized', number <= chain.finalized ? 'yes' : 'not yet', 'block-finalized'],
          ['State root', h('code', { class: 'wrap' }, header.stateRoot.toHex())],
        ]),
        h('p', null, number > 0 ? link(`/block/${number - 1}`, '← previous') : null, ' ', number < chain.best.number ? link(`/block/${number + 1}`, 'next →') : null),
      ),
      card('Extrinsics', table(['#', 'Call', 'Signer'], extrinsics, 'block-extrinsics')),
    );
  },
};
