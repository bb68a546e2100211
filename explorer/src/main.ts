// Router and connection handling. Routes: #/ (chain), #/orgs, #/lot/<id>, #/agreements,
// #/nonconformances, #/finance, #/carbon. The node is `?node=ws://…` or the last one used.

import './style.css';
import { connect, nodeUrl, snapshot } from './chain';
import { h } from './dom';
import { carbonView } from './views/carbon';
import { financeView } from './views/finance';
import { lotView } from './views/lot';
import { agreementsView, nonconformancesView } from './views/quality';
import { orgsView, statusView } from './views/status';

const view = document.getElementById('view')!;
const conn = document.getElementById('conn')!;
const urlInput = document.getElementById('node-url') as HTMLInputElement;
let url = nodeUrl();
urlInput.value = url;
let generation = 0;

async function render(): Promise<void> {
  const mine = ++generation;
  const route = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const progress = h('p', { class: 'muted', 'data-testid': 'loading' }, 'loading…');
  view.replaceChildren(progress);
  try {
    const api = await connect(url);
    const chain = await api.rpc.system.chain();
    conn.textContent = `${chain.toString()} · ${url}`;
    conn.className = 'ok';
    const s = await snapshot(api);
    let el: HTMLElement;
    const [page, ...rest] = route.split('/');
    switch (page) {
      case '': el = await statusView(s); break;
      case 'orgs': el = await orgsView(s); break;
      case 'lot': el = await lotView(s, rest.join('/'), (m) => { progress.textContent = m; }); break;
      case 'agreements': el = await agreementsView(s); break;
      case 'nonconformances': el = await nonconformancesView(s); break;
      case 'finance': el = await financeView(s); break;
      case 'carbon': el = await carbonView(s); break;
      default: el = h('p', {}, `Unknown page ${route}`);
    }
    if (mine === generation) view.replaceChildren(el);
  } catch (e) {
    conn.textContent = `not connected: ${url}`;
    conn.className = 'bad';
    if (mine === generation) view.replaceChildren(h('p', { class: 'bad', 'data-testid': 'error' }, String(e)));
  }
}

document.getElementById('lot-form')!.addEventListener('submit', (e) => {
  e.preventDefault();
  const id = (document.getElementById('lot-search') as HTMLInputElement).value.trim();
  if (id) location.hash = `#/lot/${encodeURIComponent(id)}`;
});
document.getElementById('node-form')!.addEventListener('submit', (e) => {
  e.preventDefault();
  url = urlInput.value.trim();
  void render();
});
window.addEventListener('hashchange', () => void render());
void render();
