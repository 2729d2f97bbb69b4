#!/usr/bin/env python3
"""Turns bench/tokenizer/run.sh's JSON lines (stdin) into the README table:
MB/s of every tool in every round, prspread's ratio to each reference in the
same round, and the median ratio over the rounds."""
import json
import statistics
import sys

OURS = ("prspread (1 thread)", "prspread (2 threads)")
REFS = ("tiktoken (WASM)", "js-tiktoken", "gpt-3-encoder")

rounds = {}
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    rec = json.loads(line)
    r = rec.pop("round")
    for tool, val in rec.items():
        if isinstance(val, dict) and "mbps" in val:
            rounds.setdefault(r, {})[tool] = val["mbps"]
if not rounds:
    sys.exit("summarise.py: no measurements on stdin (expected run.sh's JSON lines)")

tools = [t for t in OURS + REFS if any(t in m for m in rounds.values())]
print("| round | " + " | ".join(f"{t} MB/s" for t in tools) +
      " | 1 thread / tiktoken | 1 thread / js-tiktoken | 1 thread / gpt-3-encoder |")
print("|---" * (len(tools) + 4) + "|")
ratios = {ref: [] for ref in REFS}
for r in sorted(rounds):
    m = rounds[r]
    cells = [f"{m[t]:.3g}" if t in m else "-" for t in tools]
    rc = []
    for ref in REFS:
        if OURS[0] in m and m.get(ref):
            q = m[OURS[0]] / m[ref]
            ratios[ref].append(q)
            rc.append(f"{q:.3g}x")
        else:
            rc.append("-")
    print(f"| {r} | " + " | ".join(cells + rc) + " |")
print()
for ref in REFS:
    if ratios[ref]:
        print(f"median ratio, prspread 1 thread / {ref}: {statistics.median(ratios[ref]):.3g}x "
              f"(min {min(ratios[ref]):.3g}x, {len(ratios[ref])} rounds)")
