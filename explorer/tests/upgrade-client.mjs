// A @polkadot/api client that stays connected across a runtime upgrade (the end-to-end test
// tests/tests/upgrade.rs drives it). It prints `connected` once connected; on a line
// `decode <hash before> <hash after>` on stdin it decodes both blocks (every extrinsic, every
// event, from the metadata of each block's own runtime) with the instance it opened before
// the upgrade, and prints one JSON line: { before: {spec, extrinsics, events, names}, after }.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { createInterface } from 'node:readline';

const api = await ApiPromise.create({ provider: new WsProvider(process.argv[2]), noInitWarn: true, throwOnConnect: true });
const specAtStart = api.runtimeVersion.specVersion.toNumber();
console.log(`connected spec ${specAtStart}`);

async function decode(hash) {
  const at = await api.at(hash);
  const [block, events, version] = await Promise.all([
    api.rpc.chain.getBlock(hash),
    at.query.system.events(),
    api.rpc.state.getRuntimeVersion(hash),
  ]);
  const names = new Set();
  for (const xt of block.block.extrinsics) {
    // Decoding the call by its own block's metadata: section.method.
    names.add(`${xt.method.section}.${xt.method.method}`);
  }
  for (const { event } of events) {
    names.add(`${event.section}.${event.method}`);
    event.data.toHuman();
  }
  return {
    spec: version.specVersion.toNumber(),
    extrinsics: block.block.extrinsics.length,
    events: events.length,
    names: [...names].sort(),
  };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, before, after] = line.trim().split(/\s+/);
  if (cmd !== 'decode') continue;
  try {
    const out = { specAtStart, specNow: api.runtimeVersion.specVersion.toNumber(), before: await decode(before), after: await decode(after) };
    console.log(JSON.stringify(out));
  } catch (e) {
    console.log(JSON.stringify({ error: String(e.stack ?? e) }));
  }
  break;
}
await api.disconnect();
process.exit(0);
