#!/usr/bin/env python3
"""Writes, for NabHarness sweep, one OUT/<file>.score per NAB data file and OUT/files.txt.

Each .score file: a line "rows probation_rows", then per row "window_id weight value epoch_seconds", where
window_id (-1 outside a window) and weight come from the shared scorer's own FileScorer (imported, so nothing of
NAB's rules is re-implemented here).

Usage: python3 nab_rows.py [OUT_DIR (default /tmp/detect)] [--nab-dir DIR] [--scorer-dir DIR]
"""
import argparse, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "..", "shared"))
ap = argparse.ArgumentParser()
ap.add_argument("out", nargs="?", default="/tmp/detect")
ap.add_argument("--nab-dir", default=os.path.join(SHARED, "data", "nab"))
ap.add_argument("--scorer-dir", default=os.path.join(SHARED, "tools"))
a = ap.parse_args()
sys.path.insert(0, a.scorer_dir)
import nab_scorer as ns  # noqa: E402

os.makedirs(a.out, exist_ok=True)
windows = json.load(open(os.path.join(a.nab_dir, "labels", "combined_windows.json")))
with open(os.path.join(a.out, "files.txt"), "w") as listing:
    for d, _, names in sorted(os.walk(os.path.join(a.nab_dir, "data"))):
        for n in sorted(names):
            if not n.endswith(".csv"):
                continue
            p = os.path.join(d, n)
            key = os.path.relpath(p, os.path.join(a.nab_dir, "data"))
            rows = ns.load_series(p)
            ts = [ns.parse_ts(r["timestamp"]) for r in rows]
            fs = ns.FileScorer(ts, [(ns.parse_ts(s), ns.parse_ts(e)) for s, e in windows[key]])
            base = n[:-4]
            with open(os.path.join(a.out, base + ".score"), "w") as f:
                f.write("%d %d\n" % (fs.n, int(fs.prob)))
                for i in range(fs.n):
                    f.write("%s %r %s %s\n" % (-1 if fs.wid[i] is None else fs.wid[i], fs.unw[i], rows[i]["value"],
                                               int((ts[i] - ts[0]).total_seconds())))
            listing.write("%s %s\n" % (key, base))
print("rows of %s written to %s" % (a.nab_dir, a.out))
