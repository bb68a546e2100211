#!/usr/bin/env python3
"""Print a Markdown table of a pallet's benchmarked weights with ParityDB read (8 µs) and write
(50 µs) costs included, at the given component values (default: each component's upper bound
from the generated comments)."""
import re, sys

READ_PS, WRITE_PS = 8_000_000, 50_000_000

def table(path):
    src = open(path).read()
    impl = src[src.index("impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T>"):src.index("impl WeightInfo for ()")]
    rows = []
    for m in re.finditer(r"((?:\t/// [^\n]*\n)*)\tfn (\w+)\(([^)]*)\) -> Weight \{(.*?)\n\t\}", impl, re.S):
        doc, name, args, body = m.groups()
        ranges = {r[0]: int(r[2]) for r in re.findall(r"component `(\w+)` is `\[(\d+), (\d+)\]`", doc)}
        comps = [a.split(":")[0].strip().lstrip("_") for a in args.split(",") if a.strip()]
        val = {c: ranges.get(c, 1) for c in comps}
        t = 0
        for mm in re.finditer(r"Weight::from_parts\(([\d_]+), 0\)(?:\.saturating_mul\((\w+)\.into\(\)\))?", body):
            t += int(mm.group(1).replace("_", "")) * (val[mm.group(2)] if mm.group(2) else 1)
        reads = sum(int(x.replace("_", "")) for x in re.findall(r"reads\(([\d_]+)_u64\)", body))
        reads += sum(int(x.replace("_", "")) * val[c] for x, c in re.findall(r"reads\(\(([\d_]+)_u64\)\.saturating_mul\((\w+)\.into", body))
        writes = sum(int(x.replace("_", "")) for x in re.findall(r"writes\(([\d_]+)_u64\)", body))
        writes += sum(int(x.replace("_", "")) * val[c] for x, c in re.findall(r"writes\(\(([\d_]+)_u64\)\.saturating_mul\((\w+)\.into", body))
        total = t + reads * READ_PS + writes * WRITE_PS
        at = ", ".join(f"{c}={v}" for c, v in val.items())
        rows.append((name, at, t / 1e6, reads, writes, total / 1e6))
    print("| call | at | execution (µs) | reads | writes | total with ParityDB I/O (µs) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| `{r[0]}` | {r[1] or '—'} | {r[2]:.0f} | {r[3]} | {r[4]} | {r[5]:.0f} |")

for p in sys.argv[1:]:
    table(p)
