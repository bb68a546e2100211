// Carbon: credit batches, holdings, retirement certificates and emission records.

import type { Codec } from '@polkadot/types/types';
import { entries, num, orgName, some, text, variant, when, type Snapshot } from '../chain';
import { badge, h, lotLink, section, table } from '../dom';

function range(r: Codec): string {
  const x = r as unknown as { start: Codec; end: Codec };
  return `${x.start.toString()}–${(BigInt(x.end.toString()) - 1n).toString()}`;
}

function claim(c: Codec | null): Node | string {
  if (!c) return '—';
  const kind = variant(c);
  const inner = (c as unknown as Record<string, Codec>)[`as${kind}`];
  if (kind === 'Lot') return h('span', {}, 'lot ', lotLink(text(inner)));
  return `${kind} ${inner?.toString() ?? ''}`;
}

export async function carbonView(s: Snapshot): Promise<HTMLElement> {
  const batches = (await entries(s, 'carbon', 'batches')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const batchRows = batches.map(([[id], value]) => {
    const b = some<Codec & { issuer: Codec; project: Codec; vintage: Codec; methodology: Codec; serials: Codec; retired: Codec; cancelled: Codec; issuedAt: Codec }>(value) ?? (value as never);
    return [`#${id.toString()}`, orgName(s, b.issuer), text(b.project), b.vintage.toString(), text(b.methodology), range(b.serials), b.retired.toString(), b.cancelled.toString(), when(b.issuedAt)];
  });
  const holdingRows: (string | Node)[][] = [];
  for (const org of s.orgs.keys()) {
    const held = (await s.at.call.carbonApi.holdings(org)) as unknown as Codec[];
    for (const entry of held) {
      const [batch, ranges] = entry as unknown as [Codec, Codec[]];
      holdingRows.push([orgName(s, org), `#${batch.toString()}`, ranges.map(range).join(', ')]);
    }
  }
  const certs = (await entries(s, 'carbon', 'certificates')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const certRows = certs.map(([[id], value]) => {
    const c = some<Codec & { batch: Codec; serials: Codec; retiredBy: Codec; beneficiary: Codec; reason: Codec; claim: Codec; at: Codec }>(value) ?? (value as never);
    return [`#${id.toString()}`, `#${c.batch.toString()}`, range(c.serials), orgName(s, c.retiredBy), text(c.beneficiary), text(c.reason), claim(some(c.claim)), when(c.at)];
  });
  const records = (await entries(s, 'carbon', 'records')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const recordRows = records.map(([[id], value]) => {
    const r = some<Codec & { reporter: Codec; scope: Codec; kgCo2e: Codec; subject: Codec; facility: Codec; methodology: Codec; status: Codec }>(value) ?? (value as never);
    const subject = variant(r.subject) === 'Lot'
      ? h('span', {}, 'lot ', lotLink(text((r.subject as unknown as { asLot: Codec }).asLot)))
      : `period ${JSON.stringify((r.subject as unknown as { asPeriod: Codec }).asPeriod?.toJSON())}`;
    return [`#${id.toString()}`, orgName(s, r.reporter), variant(r.scope), `${BigInt(r.kgCo2e.toString()).toLocaleString('en-US')} kg`, subject, text(r.facility), text(r.methodology), badge(variant(r.status))];
  });
  return h(
    'div',
    {},
    section('Credit batches', { 'data-testid': 'batches' }, table(['Batch', 'Issuer', 'Project', 'Vintage', 'Methodology', 'Serials', 'Retired t', 'Cancelled t', 'Issued'], batchRows)),
    section('Holdings', { 'data-testid': 'holdings' }, table(['Organisation', 'Batch', 'Serials held'], holdingRows)),
    section('Retirement certificates', { 'data-testid': 'certificates' }, table(['Certificate', 'Batch', 'Serials', 'Retired by', 'Beneficiary', 'Reason', 'Claim', 'At'], certRows)),
    section('Emission records', { 'data-testid': 'records' }, table(['Record', 'Reporter', 'Scope', 'CO2e', 'Subject', 'Facility', 'Methodology', 'Status'], recordRows)),
  );
}
