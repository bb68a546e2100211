// Chain status and organisations.

import type { Codec } from '@polkadot/types/types';
import { entries, num, orgName, roleNames, short, some, text, variant, when, type Snapshot } from '../chain';
import { badge, facts, h, section, table } from '../dom';

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
  const creds = new Map<number, Codec[]>();
  for (const [[org], list] of await entries(s, 'consortium', 'orgCredentials')) {
    creds.set(num(org), list as unknown as Codec[]);
  }
  const orgs = (await at.call.consortiumApi.orgs()) as unknown as Codec[];
  const cards = orgs.map((o) => {
    const v = o as unknown as {
      id: Codec; name: Codec; kind: Codec; status: Codec; accounts: Codec[]; esealKey: Codec; validator: Codec;
    };
    const id = num(v.id);
    const key = some<Codec>(v.esealKey);
    const validator = some<Codec>(v.validator) as unknown as Codec[] | null;
    const credRows = (creds.get(id) ?? []).map((entry) => {
      const [cid, c] = entry as unknown as [Codec, { kind: Codec; issuer: Codec; validity: { from: Codec; until: Codec }; revoked: Codec; docHash: Codec }];
      const until = some<Codec>(c.validity.until);
      const untilMs = until ? Number(until.toString()) : null;
      const revoked = c.revoked.toString() === 'true';
      let state = 'valid';
      if (revoked) state = 'revoked';
      else if (untilMs !== null && untilMs <= now) state = 'expired';
      else if (soon.has(`${id}/${cid.toString()}`)) state = 'expiring';
      const row = h(
        'tr',
        { class: state === 'expiring' ? 'expiring' : '', 'data-testid': state === 'expiring' ? 'expiring' : undefined },
        h('td', {}, variant(c.kind)),
        h('td', {}, text(c.issuer)),
        h('td', {}, until ? when(until) : 'no expiry'),
        h('td', {}, badge(state)),
        h('td', {}, h('code', { title: c.docHash.toHex() }, short(c.docHash.toHex()))),
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
        h('thead', {}, h('tr', {}, ['Kind', 'Issuer', 'Valid until', 'State', 'Document'].map((x) => h('th', {}, x)))),
        h('tbody', {}, credRows),
      ),
    );
  });
  return section(`Organisations (credentials expiring within ${EXPIRY_WINDOW_DAYS} days highlighted)`, { 'data-testid': 'orgs' }, cards);
}
