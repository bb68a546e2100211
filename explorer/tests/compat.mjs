// Compatibility test: @polkadot/api alone (no explorer code, no type definitions) against a
// dev node with the demo data. It connects, lists every pallet, reads every storage item of
// the BioLedger pallets, decodes every event and extrinsic of every block, and calls every
// method of the BioLedger runtime APIs (and the standard read-only ones).
//
// Environment: NODE_WS, DEMO_JSON. Run by scripts/explorer-test.sh.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const demo = JSON.parse(readFileSync(process.env.DEMO_JSON, 'utf8'));
const api = await ApiPromise.create({ provider: new WsProvider(process.env.NODE_WS), noInitWarn: true, throwOnConnect: true });
const BIOLEDGER = ['Consortium', 'Provenance', 'Quality', 'Pledge', 'Carbon'];
const lcFirst = (s) => s[0].toLowerCase() + s.slice(1);
let failures = 0;
async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok   ${name}${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}

const metadata = api.runtimeMetadata.asLatest;

await check('metadata: version and every pallet listed', async () => {
  const pallets = metadata.pallets.map((p) => p.name.toString());
  for (const p of ['System', 'Balances', 'Session', 'Aura', 'Grandpa', 'Council', ...BIOLEDGER]) {
    assert.ok(pallets.includes(p), `${p} listed`);
  }
  return `metadata v${api.runtimeMetadata.version}, ${pallets.length} pallets: ${pallets.join(', ')}`;
});

await check('every storage item of the BioLedger pallets reads and decodes', async () => {
  let items = 0;
  let values = 0;
  for (const pallet of metadata.pallets.filter((p) => BIOLEDGER.includes(p.name.toString()))) {
    const section = lcFirst(pallet.name.toString());
    for (const entry of pallet.storage.unwrap().items) {
      const name = lcFirst(entry.name.toString());
      const query = api.query[section][name];
      assert.ok(query, `api.query.${section}.${name}`);
      items++;
      if (entry.type.isPlain) {
        const v = await query();
        JSON.stringify(v.toHuman());
        values++;
      } else {
        for (const [key, v] of await query.entries()) {
          JSON.stringify(key.args.map((a) => a.toHuman()));
          JSON.stringify(v.toHuman());
          values++;
        }
      }
    }
  }
  const orgs = await api.query.consortium.orgs.entries();
  assert.equal(orgs.length, 11, 'eleven organisations (the founders, the eight applicants)');
  const vials = (await api.query.provenance.lots(demo.lots.finished)).unwrap();
  assert.equal(vials.status.type, 'Recalled');
  return `${items} storage items, ${values} values decoded`;
});

await check('every event and extrinsic of every block decodes', async () => {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const counts = new Map();
  let extrinsics = 0;
  for (let n = 1; n <= best; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const [block, events] = await Promise.all([api.rpc.chain.getBlock(hash), (await api.at(hash)).query.system.events()]);
    for (const xt of block.block.extrinsics) {
      const { section, method } = api.registry.findMetaCall(xt.callIndex);
      assert.ok(section && method);
      JSON.stringify(xt.method.toHuman());
      extrinsics++;
    }
    for (const { event } of events) {
      assert.ok(event.section && event.method, 'event has a name');
      JSON.stringify(event.data.toHuman());
      const key = `${event.section}.${event.method}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const e of [
    'consortium.OrgAdmitted', 'quality.AgreementSigned', 'provenance.Transformed', 'provenance.ColdChainExcursion',
    'quality.NonconformanceOpened', 'pledge.ReceiptIssued', 'pledge.MarginCall', 'carbon.CreditsRetired',
    'provenance.LotRecalled',
  ]) {
    assert.ok(counts.has(e), `${e} among the events: ${[...counts.keys()].join(', ')}`);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return `${best} blocks, ${extrinsics} extrinsics, ${total} events of ${counts.size} kinds`;
});

// Arguments for the BioLedger runtime API methods, by parameter name, from the demo.
const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ARGS = {
  id: (api, method) => {
    if (api === 'ConsortiumApi') return demo.orgs.huaxin;
    if (api === 'ProvenanceApi') {
      if (method === 'shipment') return demo.shipments[1];
      if (method.startsWith('recall')) return demo.recall;
      return demo.lots.finished;
    }
    if (api === 'QualityApi') return demo.agreements.vials;
    if (api === 'PledgeApi') return method === 'pledge' ? demo.pledge : demo.receipt;
    if (api === 'CarbonApi') return method === 'certificate' ? demo.certificate : demo.credit_batch;
    return 0;
  },
  org: () => demo.orgs.apex,
  holder: () => demo.orgs.apex,
  account: () => alice,
  within: () => 90 * 86_400_000,
  key: () => '0x' + '04' + '11'.repeat(64),
  at: () => Date.now(),
  lot: () => demo.lots.finished,
  max_depth: () => 8,
  recall: () => demo.recall,
  max: () => 100,
  start_after: () => null,
  agreement: () => demo.agreements.api,
  results: () => [{ code: 'ASSAY', value: 971, unit: '0.1%' }, { code: 'WATER', value: 21, unit: '0.01%' }],
  supplier: () => demo.orgs.cdmo,
  buyer: () => demo.orgs.apex,
  product: () => 'GTIN-06912345000031',
  threshold: () => 0,
  period: () => ({ year: 2026, month: 11 }),
  kind: () => 0,
  validity: () => ({ from: 0, until: null }),
  doc_hash: () => '0x' + '00'.repeat(32),
  issuer: () => demo.orgs.nmpa ?? 1,
  version: () => 1,
  action: () => 'CommissionLots',
};

await check('every method of the BioLedger runtime APIs answers and decodes', async () => {
  const apis = metadata.apis.filter((a) => BIOLEDGER.some((p) => a.name.toString() === `${p}Api`));
  assert.equal(apis.length, 5, 'five BioLedger runtime APIs in the metadata');
  const done = [];
  for (const a of apis) {
    const name = a.name.toString();
    for (const m of a.methods) {
      const method = m.name.toString();
      const args = m.inputs.map((i) => {
        const arg = ARGS[i.name.toString()];
        assert.ok(arg, `no argument for ${name}.${method}(${i.name})`);
        return arg(name, method);
      });
      const call = api.call[lcFirst(name)][method.replace(/_([a-z])/g, (_, c) => c.toUpperCase())];
      assert.ok(call, `api.call for ${name}.${method}`);
      const result = await call(...args);
      JSON.stringify(result.toHuman());
      done.push(`${name}.${method}`);
    }
  }
  // Spot checks of what came back.
  const fp = (await api.call.carbonApi.footprint(demo.lots.finished)).unwrap();
  assert.ok(fp.total.toBigInt() > 0n && fp.complete.isTrue);
  assert.ok((await api.call.carbonApi.isCarbonNeutral(demo.lots.finished)).isTrue);
  const failed = (await api.call.qualityApi.check(demo.agreements.api, ARGS.results())).unwrap();
  assert.equal(failed.length, 1, 'the 97.1 % assay fails the API agreement');
  const trace = (await api.call.provenanceApi.traceBack(demo.lots.finished, 8)).unwrap();
  assert.equal(trace.lots.length, 3);
  return `${done.length} methods`;
});

await check('standard runtime APIs: version, metadata, nonce, authorities, fees', async () => {
  const version = await api.call.core.version();
  assert.equal(version.specName.toString(), api.runtimeVersion.specName.toString());
  const versions = await api.call.metadata.metadataVersions();
  assert.ok(versions.map((v) => v.toNumber()).includes(16));
  await api.call.accountNonceApi.accountNonce(alice);
  assert.equal((await api.call.auraApi.authorities()).length, 1);
  assert.equal((await api.call.grandpaApi.grandpaAuthorities()).length, 1);
  await api.call.genesisBuilder.presetNames();
  return `${version.specName.toString()} v${version.specVersion.toNumber()}, metadata versions ${versions.join(', ')}`;
});

await api.disconnect();
console.log(failures ? `${failures} compatibility check(s) failed` : 'all compatibility checks passed');
process.exit(failures ? 1 : 0);
