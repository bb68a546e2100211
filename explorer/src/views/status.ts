// Chain status and organisations.

import type { Codec } from '@polkadot/types/types';
import { num, orgName, roleNames, short, some, text, variant, when, type Snapshot } from '../chain';
import { badge, facts, h, section, table } from '../dom';
import { sm3, verifySeal } from '../sm2';

/** A credential as `ConsortiumApi.credentials` returns it. */
interface CredentialView {
  id: Codec; kind: Codec; kindName: Codec; issuer: Codec; issuerName: Codec; docHash: Codec;
  validity: { from: Codec; until: Codec }; version: Codec; issuedAt: Codec; status: Codec;
  issuerKey: Codec; preimage: Codec; digest: Codec; seal: Codec; sealValid: Codec; countsNow: Codec;
}

const bytes = (c: Codec): Uint8Array => c.toU8a(true);

/**
 * The seal checked here, in the browser, without trusting the node: the digest is the SM3 of
 * the canonical preimage, and the issuer's SM2 seal verifies over it with the issuer's key of
 * the issue time. The node's own verdict (`sealValid`) must agree.
 */
export function sealCheck(c: CredentialView): string {
  const seal = some<Codec>(c.seal);
  const key = some<Codec>(c.issuerKey);
  if (!seal || !key) return 'no seal (legacy)';
  const digest = bytes(c.digest);
  const recomputed = sm3(bytes(c.preimage));
  const ok =
    recomputed.length === digest.length &&
    recomputed.every((b, i) => b === digest[i]) &&
    verifySeal(digest, bytes(seal), bytes(key));
  if (ok !== (c.sealValid.toString() === 'true')) return 'node and browser disagree';
  return ok ? 'seal verified' : 'seal INVALID';
}

/**
 * Download credential `cid` of `org` as a W3C Verifiable Credential (from the runtime API).
 * Called through `state_call` and decoded here: `api.call` wraps an `Option<Vec<u8>>` result's
 * raw bytes, undecoded, as the `Some` value (@polkadot/api 16), so the file would start with
 * the SCALE prefix.
 */
async function exportVc(s: Snapshot, org: number, cid: number): Promise<void> {
  // As hex: a Uint8Array given for `Bytes` would be read as already length-prefixed.
  const args = s.api.createType('(u32, u32)', [org, cid]).toHex();
  const raw = await s.api.rpc.state.call('ConsortiumApi_credential_vc', args, s.hash);
  const vc = some<Codec>(s.api.createType('Option<Bytes>', raw.toU8a(true)));
  if (!vc) return;
  const blob = new Blob([Uint8Array.from(bytes(vc))], { type: 'application/vc+ld+json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `credential-${org}-${cid}.vc.json`;
  a.click();
}

const DAY = 86_400_000;
/** Credentials expiring within this window are highlighted. */
export const EXPIRY_WINDOW_DAYS = 60;

export async function statusView(s: Snapshot): Promise<HTMLElement> {
  const { api, at } = s;
  const [version, session, validators, council, genesis, nodes, health] = await Promise.all([
    api.rpc.state.getRuntimeVersion(s.hash),
    at.query.session.currentIndex(),
    at.query.session.validators(),
    at.query.council.members(),
    api.rpc.chain.getBlockHash(0),
    at.call.consortiumApi.authorizedNodes(),
    api.rpc.system.health(),
  ]);
  const rows = await Promise.all(
    (validators as unknown as Codec[]).map(async (v) => {
      const member = some<Codec>(await at.call.consortiumApi.member(v));
      const org = member ? orgName(s, (member as unknown as Codec[])[0]) : '—';
      return [h('code', {}, v.toString()), org];
    }),
  );
  return h(
    'div',
    {},
    section(
      'Chain',
      { 'data-testid': 'chain-status' },
      facts([
        ['Runtime', `${version.specName.toString()} v${version.specVersion.toNumber()}`],
        ['Best block', h('span', { 'data-testid': 'best' }, `#${s.best}`)],
        ['Finalized block', h('span', { 'data-testid': 'finalized' }, `#${s.number}`)],
        ['Session', `${num(session)}`],
        ['Peers', `${health.peers.toNumber()}`],
        ['Genesis', h('code', {}, genesis.toHex())],
        ['Authorised nodes', `${(nodes as unknown as Codec[]).length}`],
      ]),
    ),
    section('Validators', {}, table(['Account', 'Organisation'], rows, { 'data-testid': 'validators' })),
    section(
      'Council',
      {},
      table(
        ['Seat'],
        (council as unknown as Codec[]).map((m) => [h('code', {}, m.toString())]),
      ),
    ),
  );
}

export async function orgsView(s: Snapshot): Promise<HTMLElement> {
  const { at } = s;
  const now = Number((await at.query.timestamp.now()).toString());
  const expiring = (await at.call.consortiumApi.expiring(EXPIRY_WINDOW_DAYS * DAY)) as unknown as Codec[];
  // Credential ids are per organisation.
  const soon = new Set(
    expiring.map((e) => {
      const x = e as unknown as { org: Codec; credential: Codec };
      return `${x.org.toString()}/${x.credential.toString()}`;
    }),
  );
  const orgs = (await at.call.consortiumApi.orgs()) as unknown as Codec[];
  const creds = new Map<number, Codec[]>();
  for (const o of orgs) {
    const id = num((o as unknown as { id: Codec }).id);
    creds.set(id, (await at.call.consortiumApi.credentials(id)) as unknown as Codec[]);
  }
  const cards = orgs.map((o) => {
    const v = o as unknown as {
      id: Codec; name: Codec; kind: Codec; status: Codec; accounts: Codec[]; esealKey: Codec; validator: Codec;
    };
    const id = num(v.id);
    const key = some<Codec>(v.esealKey);
    const validator = some<Codec>(v.validator) as unknown as Codec[] | null;
    const credRows = (creds.get(id) ?? []).map((entry) => {
      const c = entry as unknown as CredentialView;
      const cid = num(c.id);
      const until = some<Codec>(c.validity.until);
      const untilMs = until ? Number(until.toString()) : null;
      let state = variant(c.status).toLowerCase();
      if (state === 'active') {
        if (untilMs !== null && untilMs <= now) state = 'expired';
        else if (soon.has(`${id}/${cid}`)) state = 'expiring';
        else state = 'valid';
      }
      const seal = sealCheck(c);
      const issuer = some<Codec>(c.issuer);
      const row = h(
        'tr',
        {
          class: state === 'expiring' ? 'expiring' : '',
          'data-testid': state === 'expiring' ? 'expiring' : undefined,
        },
        h('td', {}, text(c.kindName) || variant(c.kind)),
        h('td', {}, issuer ? `${text(c.issuerName)} (org ${issuer.toString()})` : `${text(c.issuerName)} (legacy, unsealed)`),
        h('td', {}, until ? when(until) : 'no expiry'),
        h('td', {}, badge(state)),
        h('td', { 'data-testid': `seal-${id}-${cid}` }, badge(seal, seal === 'seal verified' ? 'ok' : 'bad')),
        h('td', {}, h('code', { title: c.docHash.toHex() }, short(c.docHash.toHex()))),
        h(
          'td',
          {},
          issuer
            ? h('button', { 'data-testid': `vc-${id}-${cid}`, onclick: () => exportVc(s, id, cid) }, 'VC')
            : '—',
        ),
      );
      return row;
    });
    return h(
      'article',
      { class: 'org', 'data-testid': `org-${id}` },
      h('h3', {}, `${id} · ${text(v.name)} `, badge(variant(v.kind), 'kind'), ' ', badge(variant(v.status))),
      facts([
        ['E-seal key (SM2)', key ? h('code', { class: 'wrap' }, key.toHex()) : 'none'],
        ['Validator', validator ? `${validator[0].toString()}${validator[1].toString() === 'true' ? '' : ' (proposed)'}` : 'none'],
      ]),
      h('h4', {}, 'Accounts'),
      table(
        ['Account', 'Roles'],
        v.accounts.map((a) => {
          const [acc, roles] = a as unknown as [Codec, Codec];
          return [h('code', {}, acc.toString()), roleNames(roles).join(', ')];
        }),
      ),
      h('h4', {}, 'Credentials'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, ['Kind', 'Issuer', 'Valid until', 'State', 'Issuer seal', 'Document', 'Export'].map((x) => h('th', {}, x))),
        ),
        h('tbody', {}, credRows),
      ),
    );
  });
  return section(`Organisations (credentials expiring within ${EXPIRY_WINDOW_DAYS} days highlighted)`, { 'data-testid': 'orgs' }, cards);
}
