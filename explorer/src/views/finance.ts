// Warehouse receipts and pledges, with their valuation and LTV from the runtime API.

import type { Codec } from '@polkadot/types/types';
import { entries, fixedPct, money, num, orgName, quantity, some, text, variant, when, type Snapshot } from '../chain';
import { badge, h, lotLink, section, table } from '../dom';

export async function financeView(s: Snapshot): Promise<HTMLElement> {
  const receipts = (await entries(s, 'pledge', 'receipts')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const receiptRows = await Promise.all(
    receipts.map(async ([[id], value]) => {
      const r = some<Codec & { warehouse: Codec; holder: Codec; lots: Codec[]; quantity: Codec; product: Codec; expiresAt: Codec; pledge: Codec; status: Codec }>(value) ?? (value as never);
      const v = some<Codec & { value: Codec; currency: Codec; feeds: Codec }>(await s.at.call.pledgeApi.valuation(id));
      const pledge = some<Codec>(r.pledge);
      return [
        `#${id.toString()}`,
        orgName(s, r.warehouse),
        orgName(s, r.holder),
        h('span', {}, r.lots.map((l) => {
          const x = l as unknown as { lot: Codec; condition: Codec };
          const c = variant(x.condition);
          return [lotLink(text(x.lot)), c === 'Good' ? '' : badge(c.toLowerCase(), 'bad'), ' '];
        })),
        `${text(r.product)}, ${quantity(r.quantity)}`,
        v ? `${money(v.value, text(v.currency))} (${num(v.feeds)} feeds)` : 'no quorum of fresh prices',
        pledge ? `#${pledge.toString()}` : '—',
        when(r.expiresAt),
        badge(variant(r.status)),
      ];
    }),
  );
  const atRisk = (await s.at.call.pledgeApi.pledgesAtRisk(0)) as unknown as Codec[];
  const ltvOf = new Map<string, Codec>();
  for (const a of atRisk) {
    const x = a as unknown as { pledge: Codec; ltv: Codec };
    ltvOf.set(x.pledge.toString(), x.ltv);
  }
  const pledges = (await entries(s, 'pledge', 'pledges')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const pledgeRows = pledges.map(([[id], value]) => {
    const p = some<Codec & { borrower: Codec; lender: Codec; receipts: Codec[]; principal: Codec; outstanding: Codec; currency: Codec; maturity: Codec; status: Codec; margin: Codec; marginSince: Codec }>(value) ?? (value as never);
    const cur = text(p.currency);
    const ltv = ltvOf.get(id.toString());
    const margin = variant(p.margin);
    const since = some<Codec>(p.marginSince);
    return [
      `#${id.toString()}`,
      orgName(s, p.borrower),
      orgName(s, p.lender),
      p.receipts.map((r) => `#${r.toString()}`).join(', '),
      money(p.principal, cur),
      money(p.outstanding, cur),
      h('strong', { 'data-testid': `pledge-ltv-${id.toString()}` }, ltv ? fixedPct(ltv) : '—'),
      h('span', {}, badge(margin, margin === 'Healthy' ? 'ok' : 'bad'), since ? ` since ${when(since)}` : ''),
      when(p.maturity),
      badge(variant(p.status)),
    ];
  });
  return h(
    'div',
    {},
    section('Warehouse receipts', { 'data-testid': 'receipts' },
      table(['Receipt', 'Warehouse', 'Holder', 'Lots', 'Goods', 'Value now', 'Pledge', 'Expires', 'Status'], receiptRows)),
    section('Pledges', { 'data-testid': 'pledges' },
      table(['Pledge', 'Borrower', 'Lender', 'Receipts', 'Principal', 'Outstanding', 'LTV', 'Margin', 'Maturity', 'Status'], pledgeRows)),
  );
}
