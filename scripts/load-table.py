#!/usr/bin/env python3
"""Summarise `load` results (bench/results/*.json) as the README's tables.

Per network and workload: sustained tx/s (the highest rate held for the hold's blocks), domain
events/s, ratio to the transfer baseline of the same run, latency at the sustained rate and at
the step nearest half of it, block fullness, CPU, database growth, and the weight ceilings.

    python3 scripts/load-table.py bench/results/dev-*.json bench/results/consortium-*.json
"""
import json
import sys


def fmt(x, nd=0):
    return "–" if x is None or x != x else f"{x:.{nd}f}"


def main(paths):
    rows = []
    runs = [json.load(open(p)) for p in paths]
    # The transfer baseline of each network (from whichever file of that network has it).
    bases = {}
    for run in runs:
        for w in run["workloads"]:
            if w["workload"] == "transfer":
                bases[run["network"]] = w["sustained_tps"]
    for run in runs:
        base = bases.get(run["network"])
        for w in run["workloads"]:
            steps = w["steps"]
            ok = lambda s: s["tps"] >= 0.95 * s["offered_tps"] and s["pool_at_end"] < 3 * s["offered_tps"]
            holds = [s for s in steps if s.get("hold")]
            # The hold that held, else (no hold run) the highest search step that held.
            top = next((s for s in holds if ok(s)), None) if holds else None
            if not holds:
                top = max((s for s in steps if ok(s)), key=lambda s: s["offered_tps"], default=None)
            sustained = w["sustained_tps"]
            half = None
            if sustained:
                below = [s for s in steps if not s.get("hold") and s["offered_tps"] <= sustained * 0.55]
                half = max(below, key=lambda s: s["offered_tps"]) if below else None
            ratio = sustained / base if base and sustained else None
            # Domain events per transaction, from the held step's blocks (older runs averaged
            # events over the step's and the drain's blocks: blocks x 3 s).
            if top and top["finalized_ok"]:
                per_tx = top["domain_events_per_s"] * top["blocks"] * 3 / top["finalized_ok"]
                w = dict(w, sustained_domain_events_per_s=per_tx * sustained)
            # Events per second against the baseline's transactions per second (a batch's
            # transaction carries many events).
            ev = w.get("sustained_domain_events_per_s")
            eratio = ev / base if base and ev else None
            rows.append((run["network"], w, top, half, (ratio, eratio), run.get("peak_rss_kib_per_node")))
    print("| network | workload | sustained tx/s (blocks held) | domain events/s | vs transfer | in block p50/p95/p99 s | finalized p50/p95/p99 s | p95 finalized at ~half load (offered) | weight % | KiB/block | CPU % per node | DB MiB per 100k tx (events) | ceiling tx/s: pre-dispatch / used weight |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for net, w, top, half, (ratio, eratio), _ in rows:
        t = top or {}
        vs = fmt(ratio, 2)
        if eratio is not None and ratio is not None and abs(eratio - ratio) > 0.005:
            vs += f" (events {eratio:.2f})"
        db = fmt(w.get("db_mib_per_100k"), 1)
        if w.get("db_mib_per_100k_events") is not None:
            db += f" ({fmt(w['db_mib_per_100k_events'], 1)})"
        name = w["workload"] + (f" ×{w['lots_per_batch']}" if w.get("lots_per_batch") else "")
        inc = t.get("inclusion_s", {})
        fin = t.get("finality_s", {})
        print(
            f"| {net} | {name} | {fmt(w['sustained_tps'])} ({w.get('held_for_blocks', '?')}) "
            f"| {fmt(w.get('sustained_domain_events_per_s'))} | {vs} "
            f"| {fmt(inc.get('p50'), 1)} / {fmt(inc.get('p95'), 1)} / {fmt(inc.get('p99'), 1)} "
            f"| {fmt(fin.get('p50'), 1)} / {fmt(fin.get('p95'), 1)} / {fmt(fin.get('p99'), 1)} "
            f"| {fmt(half['finality_s']['p95'], 1) + ' s (' + str(half['offered_tps']) + ')' if half else '–'} "
            f"| {fmt(t.get('block_weight_pct_of_normal'), 1)} | {fmt(t.get('block_length_kib'), 1)} "
            f"| {', '.join(fmt(c) for c in t.get('cpu_pct_per_node', []))} | {db} "
            f"| {fmt(w.get('ceiling_tps'))} / {fmt(w.get('ceiling_by_used_weight_tps'))} |"
        )
    for net, _, _, _, _, rss in {r[0]: r for r in rows}.values():
        print(f"\npeak RSS per node ({net}): " + ", ".join(f"{(k or 0) / 1024:.0f} MiB" for k in rss))


if __name__ == "__main__":
    main(sys.argv[1:])
