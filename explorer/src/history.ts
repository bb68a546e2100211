// A lot's history from the chain's events, and the check of its audit trail.
//
// Provenance hashes every event that names a lot (or, for `Received`/`Refused`/`ShipmentCancelled`, a shipment the
// lot was on) into the lot's trail: head' = blake2_256(head ++ SCALE(pallet event)). Here the
// events are found in the blocks (starting at the block whose timestamp first reaches the
// lot's production time, ending when as many events as the trail counts were found or at the
// pinned block), the head is recomputed and compared with the trail the runtime API returns.

import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { big, num } from './chain';

export interface HistoryEntry {
  block: number;
  blockHash: string;
  index: number;
  time: number;
  event: string;
  data: unknown;
  /** SCALE of the pallet-level event (what is hashed into the trail). */
  scale: string;
}

export interface TrailCheck {
  chainHead: string;
  chainCount: number;
  recomputedHead: string;
  recomputedCount: number;
  matches: boolean;
  atBlock: number;
}

/** First block in [1, last] whose timestamp is at or after `ms` (binary search). */
async function firstBlockAtOrAfter(api: ApiPromise, ms: bigint, last: number): Promise<number> {
  let lo = 1;
  let hi = Math.max(1, last);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const hash = await api.rpc.chain.getBlockHash(mid);
    const t = big(await (await api.at(hash)).query.timestamp.now());
    if (t >= ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function contains(json: unknown, needle: string): boolean {
  if (json === needle) return true;
  if (Array.isArray(json)) return json.some((x) => contains(x, needle));
  if (json && typeof json === 'object') return Object.values(json).some((x) => contains(x, needle));
  return false;
}

/** The events in the lot's trail, in order, and the trail check. */
export async function lotHistory(
  api: ApiPromise,
  lotId: string,
  producedAt: bigint,
  trail: { head: Codec; count: Codec },
  lastBlock: number,
  onProgress?: (block: number) => void,
): Promise<{ entries: HistoryEntry[]; check: TrailCheck }> {
  const lotHex = u8aToHex(stringToU8a(lotId));
  const want = num(trail.count);
  const start = await firstBlockAtOrAfter(api, producedAt, lastBlock);
  const shipments = new Set<string>();
  const entries: HistoryEntry[] = [];
  let head: Uint8Array = new Uint8Array(32);
  const batch = 16;
  for (let from = start; from <= lastBlock && entries.length < want; from += batch) {
    const numbers = [];
    for (let n = from; n < Math.min(from + batch, lastBlock + 1); n++) numbers.push(n);
    const blocks = await Promise.all(
      numbers.map(async (n) => {
        const hash = await api.rpc.chain.getBlockHash(n);
        const at = await api.at(hash);
        const [events, now] = await Promise.all([at.query.system.events(), at.query.timestamp.now()]);
        return { n, hash: hash.toHex(), events: events as unknown as Codec[], time: Number(big(now)) };
      }),
    );
    for (const b of blocks) {
      onProgress?.(b.n);
      (b.events as unknown as { event: { section: string; method: string; data: Codec & { toJSON(): unknown; toHuman(): unknown } } & Codec }[]).forEach((record, index) => {
        if (entries.length >= want) return;
        const ev = record.event;
        if (ev.section !== 'provenance') return;
        const json = ev.data.toJSON();
        let mine = contains(json, lotHex);
        const shipment = (ev.data as unknown as { shipment?: Codec }).shipment;
        if (ev.method === 'Shipped' && mine && shipment) shipments.add(shipment.toString());
        if (ev.method === 'Received' || ev.method === 'Refused' || ev.method === 'ShipmentCancelled') {
          mine = shipment !== undefined && shipments.has(shipment.toString());
        }
        if (!mine) return;
        const scale = ev.toU8a().slice(1);
        head = blake2AsU8a(u8aConcat(head, scale), 256);
        entries.push({
          block: b.n,
          blockHash: b.hash,
          index,
          time: b.time,
          event: `${ev.section}.${ev.method}`,
          data: ev.data.toHuman(),
          scale: u8aToHex(scale),
        });
      });
    }
  }
  const chainHead = trail.head.toHex();
  const recomputedHead = u8aToHex(head);
  return {
    entries,
    check: {
      chainHead,
      chainCount: want,
      recomputedHead,
      recomputedCount: entries.length,
      matches: chainHead === recomputedHead && want === entries.length,
      atBlock: lastBlock,
    },
  };
}
