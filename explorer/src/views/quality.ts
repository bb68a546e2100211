// Quality agreements with their SM2 seals, and nonconformances with their CAPA.

import type { Codec } from '@polkadot/types/types';
import { confidential, entries, num, orgName, short, some, text, variant, when, type Snapshot } from '../chain';
import { badge, facts, h, lotLink, section, table } from '../dom';
import { verifySeal } from '../sm2';

type Seal = Codec & { org: Codec; signer: Codec; at: Codec; meaning: Codec; signature: Codec; key: Codec };

/** A seal: who, when, and two checks: the key was the organisation's e-seal key on file at
 * the time (runtime API `eseal_key_at`), and the SM2 signature over the agreement digest
 * verifies in this browser. */
async function sealCell(s: Snapshot, seal: Seal | null, digest: Codec): Promise<HTMLElement> {
  if (!seal) return h('span', { class: 'muted' }, 'not sealed');
  const onFile = some<Codec>(await s.at.call.consortiumApi.esealKeyAt(seal.org, seal.at));
  const keyOk = onFile !== null && onFile.toHex() === seal.key.toHex();
  const sigOk = verifySeal(digest.toU8a(true), seal.signature.toU8a(true), seal.key.toU8a(true));
  return h(
    'div',
    { class: 'seal' },
    h('div', {}, `${orgName(s, seal.org)} — ${variant(seal.meaning)} at ${when(seal.at)}`),
    h('div', {}, 'signer ', h('code', {}, seal.signer.toString())),
    h('div', {}, 'key ', h('code', { title: seal.key.toHex() }, short(seal.key.toHex())), ' ', keyOk ? badge('key on file', 'ok') : badge('key not on file', 'bad')),
    h('div', { 'data-testid': 'seal-verification' }, sigOk ? badge('SM2 signature verified', 'ok') : badge('SM2 signature INVALID', 'bad')),
  );
}

export async function agreementsView(s: Snapshot): Promise<HTMLElement> {
  const all = (await entries(s, 'quality', 'agreements')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const cards = await Promise.all(
    all.map(async ([[id], value]) => {
      const a = some<Codec & {
        buyer: Codec; supplier: Codec; version: Codec; supersedes: Codec; status: Codec; digest: Codec; createdAt: Codec;
        buyerSeal: Codec; supplierSeal: Codec; terms: Codec & { product: Codec; specs: Codec[]; storage: Codec; maxExcursionSecs: Codec; release: Codec; document: Codec };
      }>(value) ?? (value as never);
      const specs = a.terms.specs.map((sp) => {
        const x = sp as unknown as { code: Codec; unit: Codec; min: Codec; max: Codec; method: Codec };
        const min = some<Codec>(x.min);
        const max = some<Codec>(x.max);
        return [text(x.code), min ? min.toString() : '—', max ? max.toString() : '—', text(x.unit), text(x.method)];
      });
      // A confidential agreement: its limits are commitments; the viewer's own node shows the
      // terms if it holds them (checked against the commitment), else "confidential".
      const secret = some<Codec & { payload: Codec; specs: Codec[] }>(
        await s.at.query.quality.confidentialTermsOf(id),
      );
      if (secret) {
        const terms = await confidential(s.api, secret.payload.toU8a());
        for (const sp of secret.specs) {
          const x = sp as unknown as { code: Codec; unit: Codec };
          specs.push([text(x.code), 'confidential', 'confidential', text(x.unit), terms]);
        }
      }
      return h(
        'article',
        { class: 'agreement', 'data-testid': `agreement-${id.toString()}` },
        h('h3', {}, `Agreement #${id.toString()} v${num(a.version)}: ${orgName(s, a.buyer)} buys ${text(a.terms.product)} from ${orgName(s, a.supplier)} `, badge(variant(a.status))),
        facts([
          ['Digest (SM3 of the terms)', h('code', {}, a.digest.toHex())],
          ['Document', h('code', {}, a.terms.document.toHex())],
          ['Release by', variant(a.terms.release)],
          ['Max excursion', `${num(a.terms.maxExcursionSecs)} s`],
          ['Created', when(a.createdAt)],
        ]),
        table(['Parameter', 'Min', 'Max', 'Unit', 'Method'], specs),
        h('div', { class: 'seals' },
          h('div', {}, h('h4', {}, 'Buyer seal'), await sealCell(s, some<Seal>(a.buyerSeal), a.digest)),
          h('div', {}, h('h4', {}, 'Supplier seal'), await sealCell(s, some<Seal>(a.supplierSeal), a.digest)),
        ),
      );
    }),
  );
  return section('Quality agreements', { 'data-testid': 'agreements' }, cards.length ? cards : 'none');
}

export async function nonconformancesView(s: Snapshot): Promise<HTMLElement> {
  const all = (await entries(s, 'quality', 'nonconformances')).sort((a, b) => num(a[0][0]) - num(b[0][0]));
  const rows = all.map(([[id], value]) => {
    const n = some<Codec & {
      agreement: Codec; lot: Codec; buyer: Codec; supplier: Codec; failed: Codec[]; openedAt: Codec; capa: Codec; status: Codec; closedAt: Codec;
    }>(value) ?? (value as never);
    const capa = some<Codec>(n.capa) as unknown as [Codec, Codec] | null;
    const closed = some<Codec>(n.closedAt);
    const failed = n.failed.map((f) => {
      const x = f as unknown as { code: Codec; value: Codec };
      return `${text(x.code)} = ${x.value?.toString() ?? '?'}`;
    });
    return [
      `#${id.toString()}`,
      lotLink(text(n.lot)),
      `#${n.agreement.toString()}`,
      `${orgName(s, n.buyer)} ← ${orgName(s, n.supplier)}`,
      failed.join('; '),
      when(n.openedAt),
      capa ? h('span', {}, h('code', {}, short(capa[0].toHex())), ` at ${when(capa[1])}`) : 'none yet',
      badge(variant(n.status)),
      closed ? when(closed) : '—',
    ];
  });
  return section(
    'Nonconformances',
    { 'data-testid': 'nonconformances' },
    table(['NC', 'Lot', 'Agreement', 'Buyer ← supplier', 'Failed items', 'Opened', 'CAPA plan', 'Status', 'Closed'], rows),
  );
}
