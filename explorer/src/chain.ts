// Connection to a BioLedger node and the helpers every view shares. Everything is decoded by
// @polkadot/api from the chain's own metadata (v16: pallets, storage, events, runtime APIs);
// the only names used here are the pallets', storage items' and runtime APIs' own.

import { ApiPromise, WsProvider } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import type { BlockHash } from '@polkadot/types/interfaces';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

export type At = ApiDecoration<'promise'>;

/** The connected API and the block every read of the current page is pinned to. */
export interface Snapshot {
  api: ApiPromise;
  /** API decorated at the pinned block (the finalized head when the page loaded). */
  at: At;
  hash: BlockHash;
  number: number;
  best: number;
  /** Organisation names by id, for labels. */
  orgs: Map<number, string>;
}

let current: { url: string; api: ApiPromise; provider: WsProvider } | null = null;

export const DEFAULT_URL = 'ws://127.0.0.1:9944';

/** The node URL: `?node=` in the address, else the last one used, else the local dev node. */
export function nodeUrl(): string {
  const q = new URLSearchParams(location.search).get('node');
  return q || localStorage.getItem('bioledger.node') || DEFAULT_URL;
}

export async function connect(url: string): Promise<ApiPromise> {
  if (current && current.url === url) return current.api;
  if (current) await current.api.disconnect().catch(() => undefined);
  const provider = new WsProvider(url, 2_500);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  current = { url, api, provider };
  localStorage.setItem('bioledger.node', url);
  return api;
}

/** Pin reads to the finalized head; collect organisation names. */
export async function snapshot(api: ApiPromise): Promise<Snapshot> {
  const hash = await api.rpc.chain.getFinalizedHead();
  const [header, bestHeader] = await Promise.all([
    api.rpc.chain.getHeader(hash),
    api.rpc.chain.getHeader(),
  ]);
  const at = await api.at(hash);
  const orgs = new Map<number, string>();
  const views = (await at.call.consortiumApi.orgs()) as unknown as Codec[];
  for (const v of views) {
    const o = v as unknown as { id: Codec; name: Codec };
    orgs.set(num(o.id), text(o.name));
  }
  return {
    api,
    at,
    hash,
    number: header.number.toNumber(),
    best: bestHeader.number.toNumber(),
    orgs,
  };
}

/** A number from any integer codec. */
export function num(c: Codec | number | bigint): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'bigint') return Number(c);
  return Number((c as unknown as { toBigInt?: () => bigint }).toBigInt?.() ?? c.toString());
}

export function big(c: Codec): bigint {
  return (c as unknown as { toBigInt: () => bigint }).toBigInt();
}

/** Bytes as text when printable, else hex. */
export function text(c: Codec): string {
  const u8a = c.toU8a(true);
  const printable = u8a.every((b) => b >= 0x20 && b < 0x7f);
  return printable ? new TextDecoder().decode(u8a) : c.toHex();
}

/** The option's value, or null. */
export function some<T extends Codec>(c: Codec): T | null {
  const o = c as unknown as { isSome: boolean; unwrap: () => T };
  return o.isSome ? o.unwrap() : null;
}

/** Enum variant name. */
export function variant(c: Codec): string {
  return (c as unknown as { type: string }).type ?? c.toString();
}

/** Milliseconds since the epoch (chain `Moment`) as a UTC date-time. */
export function when(c: Codec | bigint | number): string {
  const ms = typeof c === 'object' ? Number(big(c as Codec)) : Number(c);
  if (ms === 0) return '—';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function orgName(s: Snapshot, id: Codec | number): string {
  const n = typeof id === 'number' ? id : num(id);
  return s.orgs.get(n) ?? `org ${n}`;
}

/** Every entry of a storage map at the pinned block. */
export async function entries(s: Snapshot, pallet: string, item: string): Promise<[Codec[], Codec][]> {
  const q = (s.at.query as unknown as Record<string, Record<string, { entries: () => Promise<[{ args: Codec[] }, Codec][]> }>>)[pallet][item];
  const all = await q.entries();
  return all.map(([k, v]) => [k.args, v]);
}

/** Role names of an account as the runtime API lists them (`Vec<Role>`, decoded from the
 * metadata). */
export function roleNames(roles: Codec): string[] {
  return (roles as unknown as Codec[]).map((r) => variant(r));
}

/** Fixed-point (`FixedU128`, 18 decimals) as a percentage. */
export function fixedPct(c: Codec): string {
  const v = big(c);
  // The runtime reports the LTV of collateral worth nothing as the largest value it can hold:
  // say so in words rather than print a meaningless percentage.
  if (v >= 1n << 120n) return 'no value (collateral worth nothing)';
  return `${(Number(v / 10_000_000_000n) / 1e6).toFixed(2)} %`;
}

/**
 * A confidential payload as the viewer's own node holds it (`confidential_get`, a local RPC
 * method), checked here against its on-chain commitment (blake2-256): the text shown, or
 * `confidential` when the viewer's node does not hold it or may not read it.
 */
export async function confidential(api: ApiPromise, commitment: Uint8Array): Promise<string> {
  const provider = current?.api === api ? current.provider : null;
  if (!provider) return 'confidential';
  try {
    const hex = u8aToHex(commitment);
    const got = (await provider.send('confidential_get', [hex])) as string | null;
    if (!got) return 'confidential';
    const bytes = hexToU8a(got);
    if (u8aToHex(blake2AsU8a(bytes, 256)) !== hex) return 'confidential (payload does not match its commitment)';
    return `${new TextDecoder().decode(bytes.slice(32))} (verified against the commitment)`;
  } catch {
    return 'confidential';
  }
}

/** Minor units (e.g. fen) as a money amount with two decimals. */
export function money(c: Codec | bigint, currency: string): string {
  const v = typeof c === 'bigint' ? c : big(c);
  const whole = v / 100n;
  const cents = (v % 100n).toString().padStart(2, '0');
  return `${whole.toLocaleString('en-US')}.${cents} ${currency}`;
}

/** A quantity with its unit (`{ amount, unit }`), in human units where the unit says so. */
export function quantity(q: Codec): string {
  const v = q as unknown as { amount: Codec; unit: Codec };
  return amountIn(big(v.amount), variant(v.unit));
}

export function amountIn(amount: bigint, unit: string): string {
  if (unit === 'Milligram') {
    const kg = Number(amount) / 1e6;
    return `${kg.toLocaleString('en-US', { maximumFractionDigits: 3 })} kg`;
  }
  if (unit === 'Microlitre') {
    const l = Number(amount) / 1e6;
    return `${l.toLocaleString('en-US', { maximumFractionDigits: 3 })} L`;
  }
  return `${amount.toLocaleString('en-US')} ${unit === 'Each' ? 'units' : unit}`;
}

/** A temperature range in centi-degrees as °C. */
export function temperature(r: Codec | null): string {
  if (!r) return 'none';
  const t = r as unknown as { min: Codec; max: Codec };
  return `${num(t.min) / 100}–${num(t.max) / 100} °C`;
}

export function short(hex: string): string {
  return hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-8)}` : hex;
}
