// A minimal DOM builder: no framework, the views are small.

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** A table with a header row; each row is a list of cells. */
export function table(head: string[], rows: Child[][], attrs: Attrs = {}): HTMLElement {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))),
  );
}

/** Label/value pairs. */
export function facts(pairs: [string, Child][], attrs: Attrs = {}): HTMLElement {
  return h('dl', { class: 'facts', ...attrs }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function section(title: string, attrs: Attrs, ...children: Child[]): HTMLElement {
  return h('section', attrs, h('h2', {}, title), ...children);
}

export function badge(textValue: string, kind = ''): HTMLElement {
  return h('span', { class: `badge ${kind || textValue.toLowerCase()}` }, textValue);
}

export function lotLink(id: string): HTMLElement {
  return h('a', { href: `#/lot/${encodeURIComponent(id)}`, class: 'lot' }, id);
}
