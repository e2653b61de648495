// A minimal DOM builder: pages are plain functions that return elements. Text is always set
// as text (never parsed as HTML), so chain data cannot inject markup.

type Child = Node | string | number | bigint | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates `<tag>` with attributes (`on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (strings and numbers as text nodes; null and false skipped). */
export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An SVG element (SVG needs its namespace). */
export function svg(tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** A link inside the app (hash routing). */
export function link(route: string, text: Child, testid?: string): HTMLAnchorElement {
  return h('a', { href: `#${route}`, 'data-testid': testid }, text);
}

/** A definition list of label/value rows; `testid`s mark the values the browser tests read. */
export function facts(rows: [label: string, value: Child, testid?: string][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([label, value, testid]) => [h('dt', null, label), h('dd', { 'data-testid': testid }, value)]),
  );
}

/** A table with a header row; cells may be any children. */
export function table(head: string[], rows: Child[][], testid?: string): HTMLTableElement {
  return h(
    'table',
    { 'data-testid': testid },
    h('thead', null, h('tr', null, head.map((c) => h('th', null, c)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))),
  );
}

/** A titled panel. */
export function card(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}

/** A titled panel spanning the whole width of the page's grid (wide tables). */
export function wideCard(title: string, ...children: Child[]): HTMLElement {
  const c = card(title, ...children);
  c.classList.add('wide');
  return c;
}

/** A message for errors and empty states. */
export function notice(text: string, kind: 'error' | 'info' = 'info', testid?: string): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null, 'data-testid': testid }, text);
}
