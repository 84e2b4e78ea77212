#!/usr/bin/env python3
"""Per-category NAB scores from cnf/tools/nab_table.py --json output (NAB's aggregation within each category).

Usage: python3 cnf/tools/nab_table.py ALERTS_DIR --detector ID --json | python3 nab_categories.py
"""
import json, sys
d = json.load(sys.stdin)
P = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
cats = {}
for f in d["files"]:
    cats.setdefault(f["file"].split("/")[0], []).append(f)
cats["**corpus**"] = d["files"]
print("| category | files | windows | detected | alerts | NAB standard | low FP | low FN |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for c, fs in cats.items():
    cells = []
    for p in P:
        raw = sum(f["nab"][p]["raw"] for f in fs)
        null = sum(f["nab"][p]["null"] for f in fs)
        perf = sum(f["nab"][p]["perfect"] for f in fs)
        cells.append("%.1f" % (100 * (raw - null) / (perf - null)) if perf != null else "n/a (no windows; %.2f raw)" % raw)
    print("| %s | %d | %d | %d | %d | %s |" % (c, len(fs), sum(f["windows"] for f in fs),
          sum(f["windows_detected"] for f in fs), sum(f["alerts_used"] for f in fs), " | ".join(cells)))
