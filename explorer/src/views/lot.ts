// A lot: facts, genealogy graph, custody and status timeline from events, QC results checked
// against the quality agreement, documents, recall, warehouse receipt and pledge, carbon
// footprint; export of the full history with the audit-trail check.

import type { Codec } from '@polkadot/types/types';
import {
  amountIn, big, confidential, fixedPct, money, num, orgName, quantity, short, some, temperature, text, variant, when,
  type Snapshot,
} from '../chain';
import { badge, facts, h, lotLink, section, table } from '../dom';
import { genealogy, type GraphNode } from '../graph';
import { lotHistory, type HistoryEntry, type TrailCheck } from '../history';

/** Generations shown each way in the graph. */
const GRAPH_DEPTH = 6;

type Lot = Codec & {
  id: Codec; product: Codec; producer: Codec; owner: Codec; custodian: Codec; produced: Codec & { unit: Codec };
  remaining: Codec; used: Codec; writtenOff: Codec; producedAt: Codec; expiresAt: Codec; status: Codec;
  storage: Codec; parents: Codec[]; docs: Codec[]; qc: { results: Codec; passed: Codec }; lock: Codec;
  recall: Codec; shipment: Codec; trail: { head: Codec; count: Codec };
};

async function lotAt(s: Snapshot, id: string): Promise<Lot | null> {
  return some<Lot>(await s.at.call.provenanceApi.lot(id));
}

function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge status-${status.toLowerCase()}`, 'data-testid': 'lot-status' }, status);
}

async function genealogySection(s: Snapshot, id: string, lot: Lot): Promise<HTMLElement> {
  const back = (await s.at.call.provenanceApi.traceBack(id, GRAPH_DEPTH)) as unknown as Codec;
  const fwd = (await s.at.call.provenanceApi.traceForward(id, GRAPH_DEPTH)) as unknown as Codec;
  const traced = (t: Codec, sign: number) =>
    some<Codec & { lots: Codec[]; truncated: Codec }>(t)?.lots.map((e) => {
      const entry = e as unknown as { lot: Codec; depth: Codec };
      return { id: text(entry.lot), depth: sign * num(entry.depth) };
    }) ?? [];
  const all = [{ id, depth: 0 }, ...traced(back, -1), ...traced(fwd, 1)];
  const lots = new Map<string, Lot>([[id, lot]]);
  await Promise.all(
    all.filter((x) => x.id !== id).map(async (x) => {
      const l = await lotAt(s, x.id);
      if (l) lots.set(x.id, l);
    }),
  );
  const nodes: GraphNode[] = all.map((x) => ({
    id: x.id,
    depth: x.depth,
    status: lots.has(x.id) ? variant(lots.get(x.id)!.status) : '?',
    product: lots.has(x.id) ? text(lots.get(x.id)!.product) : '',
  }));
  const edges: [string, string][] = [];
  for (const [child, l] of lots) {
    for (const p of l.parents) {
      const parent = text((p as unknown as Codec[])[0]);
      if (lots.has(parent)) edges.push([parent, child]);
    }
  }
  const truncated = [back, fwd].some((t) => some<Codec & { truncated: Codec }>(t)?.truncated.toString() === 'true');
  return section(
    'Genealogy',
    { 'data-testid': 'genealogy-section' },
    h('p', { class: 'hint' }, `Inputs to the left, what was made from it to the right (up to ${GRAPH_DEPTH} generations${truncated ? '; cut at the runtime API limit' : ''}). Click a lot to open it.`),
    h('div', { class: 'graph' }, genealogy(id, nodes, edges)),
  );
}

function describe(s: Snapshot, e: HistoryEntry): string {
  const d = e.data as Record<string, unknown>;
  const v = (k: string) => (d[k] === null || d[k] === undefined ? '' : String(d[k]));
  const org = (k: string) => orgName(s, Number(v(k).replace(/,/g, '')));
  switch (e.event) {
    case 'provenance.LotCreated': return `created by ${org('producer')}`;
    case 'provenance.Transformed': return `made from ${JSON.stringify(d['inputs'])}`;
    case 'provenance.Shipped': return `shipment ${v('shipment')}: ${org('from')} → ${org('to')}`;
    case 'provenance.Received': return `shipment ${v('shipment')} received by ${org('by')}${v('ownership') === 'true' ? ' (ownership moved)' : ' (custody only)'}`;
    case 'provenance.Refused': return `shipment ${v('shipment')} refused`;
    case 'provenance.StatusChanged': return `${v('from')} → ${v('to')}`;
    case 'provenance.QcRecorded': return `QC #${v('index')} by ${org('testedBy')}: ${v('verdict')}`;
    case 'provenance.ColdChainExcursion': return `${Number(String(d['min']).replace(/,/g, '')) / 100}–${Number(String(d['max']).replace(/,/g, '')) / 100} °C for ${v('durationSecs')} s${v('quarantined') === 'true' ? ', quarantined' : ''}`;
    case 'provenance.LotRecalled': return `reached by recall ${v('recall')}`;
    case 'provenance.RecallStarted': return `recall ${v('recall')} started`;
    case 'provenance.LotLocked': return `locked by ${JSON.stringify(d['holder'])}`;
    case 'provenance.LotUnlocked': return 'unlocked';
    case 'provenance.DocumentAnchored': return `${v('kind')} ${short(v('hash_') || v('hash'))}`;
    default: return JSON.stringify(d);
  }
}

function timelineSection(s: Snapshot, entries: HistoryEntry[]): HTMLElement {
  return section(
    'Custody and status timeline',
    { 'data-testid': 'timeline' },
    table(
      ['Block', 'Time', 'Event', 'Details'],
      entries.map((e) => [
        `#${e.block}`,
        when(e.time),
        h('span', { class: `event ${e.event.split('.')[1]}` }, e.event.split('.')[1]),
        describe(s, e),
      ]),
    ),
  );
}

function trailSection(check: TrailCheck): HTMLElement {
  return section(
    'Audit trail',
    { 'data-testid': 'trail' },
    h(
      'p',
      { class: check.matches ? 'ok' : 'bad', 'data-testid': 'trail-check' },
      check.matches
        ? `✓ Trail check passed: ${check.recomputedCount} events recomputed from the blocks give the head the chain holds at block #${check.atBlock}.`
        : `✗ Trail check FAILED: recomputed ${check.recomputedCount} events, head ${short(check.recomputedHead)}; chain says ${check.chainCount} events, head ${short(check.chainHead)}.`,
    ),
    facts([
      ['Head on chain', h('code', {}, check.chainHead)],
      ['Recomputed head', h('code', {}, check.recomputedHead)],
      ['Events', `${check.recomputedCount} of ${check.chainCount}`],
    ]),
  );
}

async function qcSection(s: Snapshot, id: string, lot: Lot): Promise<HTMLElement> {
  const results = (await s.at.call.provenanceApi.qcResults(id)) as unknown as Codec[];
  const agreementId = some<Codec>(
    await s.at.call.qualityApi.activeAgreement(lot.owner, lot.producer, lot.product),
  );
  const rows = await Promise.all(
    results.map(async (r, i) => {
      const q = r as unknown as { testedBy: Codec; at: Codec; params: Codec[]; coa: Codec; verdict: Codec };
      const params = q.params.map((p) => {
        const x = p as unknown as { code: Codec; value: Codec; unit: Codec };
        return `${text(x.code)} ${x.value.toString()} ${text(x.unit)}`;
      });
      // A committed result has no values on chain: the viewer's own node shows them if it
      // holds the payload (checked against the commitment), else "confidential".
      if (params.length === 0) params.push(await confidential(s.api, q.coa.toU8a()));
      let conformance = 'no agreement in force';
      if (agreementId) {
        const failed = some<Codec>(await s.at.call.qualityApi.check(agreementId, q.params));
        const items = (failed as unknown as Codec[] | null) ?? [];
        conformance = items.length === 0
          ? `conforms to agreement #${agreementId.toString()}`
          : `fails agreement #${agreementId.toString()}: ${items.map((f) => text((f as unknown as { code: Codec }).code)).join(', ')}`;
      }
      return [`#${i}`, orgName(s, q.testedBy), when(q.at), params.join('; '), badge(variant(q.verdict)), conformance, h('code', { title: q.coa.toHex() }, short(q.coa.toHex()))];
    }),
  );
  return section(
    'QC results',
    { 'data-testid': 'qc' },
    table(['#', 'Tested by', 'At', 'Values', 'Verdict', 'Conformance (agreement in force now)', 'CoA'], rows),
  );
}

async function recallSection(s: Snapshot, lot: Lot): Promise<HTMLElement | null> {
  const id = some<Codec>(lot.recall);
  if (!id) return null;
  const r = some<Codec & { root: Codec; by: Codec; reason: Codec; at: Codec; reached: Codec; completedAt: Codec }>(
    await s.at.call.provenanceApi.recall(id),
  );
  if (!r) return null;
  const done = some<Codec>(r.completedAt);
  return section(
    'Recall',
    { 'data-testid': 'recall', class: 'alert' },
    facts([
      ['Recall', `#${id.toString()}`],
      ['Recalled lot', lotLink(text(r.root))],
      ['Ordered by', orgName(s, r.by)],
      ['At', when(r.at)],
      ['Notice', h('code', {}, r.reason.toHex())],
      ['Lots reached', `${num(r.reached)}${done ? ` (walk completed ${when(done)})` : ' (walk in progress)'}`],
    ]),
  );
}

async function pledgeSection(s: Snapshot, lot: Lot): Promise<HTMLElement | null> {
  const lock = some<Codec & { pallet: Codec; id: Codec }>(lot.lock);
  if (!lock) return null;
  const receiptId = lock.id;
  const receipt = some<Codec & {
    warehouse: Codec; holder: Codec; quantity: Codec; issuedAt: Codec; expiresAt: Codec; pledge: Codec; status: Codec;
  }>(await s.at.call.pledgeApi.receipt(receiptId));
  if (!receipt) return section('Lock', {}, `locked by ${lock.toString()}`);
  const pledgeId = some<Codec>(receipt.pledge);
  const pairs: [string, Node | string][] = [
    ['Warehouse receipt', `#${receiptId.toString()} (${variant(receipt.status)})`],
    ['Warehouse', orgName(s, receipt.warehouse)],
    ['Holder', orgName(s, receipt.holder)],
    ['Quantity', quantity(receipt.quantity)],
    ['Issued / expires', `${when(receipt.issuedAt)} / ${when(receipt.expiresAt)}`],
  ];
  const val = some<Codec & { currency: Codec; value: Codec; ltv: Codec; margin: Codec; feeds: Codec }>(
    await s.at.call.pledgeApi.valuation(receiptId),
  );
  if (pledgeId) {
    const p = some<Codec & { lender: Codec; principal: Codec; outstanding: Codec; currency: Codec; status: Codec; margin: Codec; maturity: Codec }>(
      await s.at.call.pledgeApi.pledge(pledgeId),
    );
    if (p) {
      const cur = text(p.currency);
      pairs.push(
        ['Pledge', `#${pledgeId.toString()} to ${orgName(s, p.lender)} (${variant(p.status)})`],
        ['Principal / outstanding', `${money(p.principal, cur)} / ${money(p.outstanding, cur)}`],
        ['Maturity', when(p.maturity)],
      );
      if (val) {
        const ltv = some<Codec>(val.ltv);
        pairs.push(
          ['Collateral value', `${money(val.value, text(val.currency))} (lower median of ${num(val.feeds)} independent feeds)`],
          ['LTV', h('strong', { 'data-testid': 'ltv' }, ltv ? fixedPct(ltv) : '—')],
          ['Margin', h('span', { 'data-testid': 'margin' }, badge(variant(val.margin), variant(val.margin) === 'Healthy' ? 'ok' : 'bad'))],
        );
      }
    }
  }
  // Why a lot values at zero, and the feeds behind the price.
  const lotValues = (await s.at.call.pledgeApi.lotValues(receiptId)) as unknown as (Codec & { lot: Codec; value: Codec; zero: Codec })[];
  for (const lv of lotValues) {
    const zero = some<Codec>(lv.zero);
    pairs.push([
      `Lot ${text(lv.lot)}`,
      h('span', { 'data-testid': `lot-value-${text(lv.lot)}` },
        zero ? badge(`values at zero: ${variant(zero)}`, 'bad') : (val ? money(lv.value, text(val.currency)) : 'no quorum of fresh prices')),
    ]);
  }
  const product = (receipt as unknown as { product: Codec }).product;
  const [sources, feeds] = (await s.at.call.pledgeApi.feeds(product)) as unknown as [Codec[], (Codec & { org: Codec; price: Codec & { amount: Codec; currency: Codec; per: Codec }; postedAt: Codec })[]];
  const feedRows = feeds.map((f) => [
    orgName(s, f.org),
    `${money(f.price.amount, text(f.price.currency))} per ${quantity(f.price.per)}`,
    when(f.postedAt),
  ]);
  return section(
    'Warehouse receipt and pledge',
    { 'data-testid': 'pledge' },
    facts(pairs),
    h('p', {}, `Price sources admitted by the council: ${sources.map((o) => orgName(s, o)).join(', ') || 'none'}`),
    table(['Source', 'Price', 'Posted'], feedRows, { 'data-testid': 'feeds' }),
  );
}

async function carbonSection(s: Snapshot, id: string): Promise<HTMLElement> {
  const fp = some<Codec & { own: Codec[]; inherited: Codec[]; total: Codec; offsetTonnes: Codec; lots: Codec; complete: Codec }>(
    await s.at.call.carbonApi.footprint(id),
  );
  const neutral = (await s.at.call.carbonApi.isCarbonNeutral(id)).toString() === 'true';
  if (!fp) return section('Carbon footprint', { 'data-testid': 'carbon' }, 'no footprint');
  const scopes = (xs: Codec[]) => xs.map((x, i) => `S${i + 1} ${big(x).toLocaleString('en-US')}`).join(' · ');
  return section(
    'Carbon footprint',
    { 'data-testid': 'carbon' },
    facts([
      ['Total', `${big(fp.total).toLocaleString('en-US')} kg CO2e over ${num(fp.lots)} lots${fp.complete.toString() === 'true' ? '' : ' (incomplete: genealogy cut at the bound)'}`],
      ['Own (kg by scope)', scopes(fp.own)],
      ['Inherited from inputs', scopes(fp.inherited)],
      ['Credits retired against it', `${big(fp.offsetTonnes).toLocaleString('en-US')} t`],
      ['Carbon neutral', h('span', { 'data-testid': 'neutral' }, neutral ? badge('yes', 'ok') : badge('no', 'bad'))],
    ]),
  );
}

/** The export: everything the page shows, with the raw events and the trail check. */
function exportJson(s: Snapshot, id: string, lot: Lot, entries: HistoryEntry[], check: TrailCheck) {
  return {
    exportedAt: new Date().toISOString(),
    chain: { genesis: s.api.genesisHash.toHex(), block: s.number, blockHash: s.hash.toHex() },
    lot: { id, ...(lot.toHuman() as object) },
    history: entries,
    trailCheck: check,
  };
}

export async function lotView(s: Snapshot, id: string, progress: (msg: string) => void): Promise<HTMLElement> {
  const lot = await lotAt(s, id);
  if (!lot) return h('p', { class: 'bad', 'data-testid': 'not-found' }, `No lot ${id} at block #${s.number}.`);
  const status = variant(lot.status);
  const unit = variant(lot.produced.unit);
  const summary = section(
    `Lot ${id}`,
    { 'data-testid': 'lot-summary' },
    facts([
      ['Status', statusBadge(status)],
      ['Product', text(lot.product)],
      ['Producer / owner / custodian', `${orgName(s, lot.producer)} / ${orgName(s, lot.owner)} / ${orgName(s, lot.custodian)}`],
      ['Produced', `${quantity(lot.produced)} at ${when(lot.producedAt)}`],
      ['Remaining / used / written off', `${amountIn(big(lot.remaining), unit)} / ${amountIn(big(lot.used), unit)} / ${amountIn(big(lot.writtenOff), unit)}`],
      ['Expires', when(lot.expiresAt)],
      ['Storage', temperature(some(lot.storage))],
      ['Inputs', lot.parents.length ? h('span', {}, lot.parents.map((p) => {
        const [pid, qty] = p as unknown as [Codec, Codec];
        return h('span', { class: 'input' }, lotLink(text(pid)), ` (${big(qty).toLocaleString('en-US')})`);
      })) : 'none (commissioned)'],
      ['Audit trail', `${num(lot.trail.count)} events, head ${short(lot.trail.head.toHex())}`],
      ['As of', `finalized block #${s.number}${s.best > s.number ? ` (best #${s.best})` : ''}`],
    ]),
  );
  const docs = section(
    'Documents',
    { 'data-testid': 'documents' },
    lot.docs.length
      ? table(['Kind', 'Hash'], lot.docs.map((d) => {
        const [kind, hash] = d as unknown as [Codec, Codec];
        return [variant(kind), h('code', {}, hash.toHex())];
      }))
      : 'none',
  );
  const [graph, qc, recall, pledge, carbon] = await Promise.all([
    genealogySection(s, id, lot),
    qcSection(s, id, lot),
    recallSection(s, lot),
    pledgeSection(s, lot),
    carbonSection(s, id),
  ]);
  progress('reading the lot’s events from the blocks…');
  const { entries, check } = await lotHistory(s.api, id, big(lot.producedAt), lot.trail, s.number, (n) =>
    progress(`reading events: block #${n} of #${s.number}`),
  );
  const exportButton = h(
    'button',
    {
      'data-testid': 'export',
      onclick: () => {
        const blob = new Blob([JSON.stringify(exportJson(s, id, lot, entries, check), null, 2)], { type: 'application/json' });
        const a = h('a', { href: URL.createObjectURL(blob), download: `lot-${id}-history.json` });
        document.body.append(a);
        (a as HTMLAnchorElement).click();
        a.remove();
      },
    },
    'Export history (JSON)',
  );
  return h(
    'div',
    { class: 'lot-page' },
    h('div', { class: 'actions' }, exportButton),
    summary,
    recall,
    trailSection(check),
    graph,
    timelineSection(s, entries),
    qc,
    pledge,
    carbon,
    docs,
  );
}
