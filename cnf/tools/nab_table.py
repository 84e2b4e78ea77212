#!/usr/bin/env python3
"""Score one detector's alerts on every NAB data file and print a Markdown (or JSON) table.

Usage
  python3 cnf/tools/nab_table.py ALERTS_DIR [--detector NAME] [--title TEXT] [--json]
         [--nab-dir ../shared/data/nab] [--scorer ../shared/tools/nab_scorer.py]

ALERTS_DIR holds one JSON-lines alert file per NAB data file, named after the CSV's basename
(data/realKnownCause/nyc_taxi.csv -> ALERTS_DIR/nyc_taxi.jsonl), in the format the scorer reads
(one object per line with 'ts' = event time of the triggering sample, optional 'row' = its 0-based
row, 'detector', 'severity'). A missing file means "the detector raised no alerts": the file is still
scored (every window missed) and the table says so.

Every number comes from the shared scorer (run once per file as a subprocess, so this script
never re-implements NAB's rules); this script only collects and aggregates:
  - per file: NAB normalized score under the three profiles, windows detected/total, alert
    precision, false alerts per day and lead time per window (all from the scorer's output;
    precision and false alerts/day are over the scorer's debounced alert episodes);
  - "mean of per-file scores": the plain mean of the files' normalized scores;
  - "corpus-level": NAB's own aggregation, 100*(sum raw - sum null)/(sum perfect - sum null) over the
    files, null = -fnWeight*windows and perfect = tpWeight*windows per file (as in the scorer).
    This is the number comparable to NAB's published scoreboard (there over all 58 files; here over
    the files present in NAB_DIR only).

Python 3 standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# cnf/tools -> repo root -> the shared directory next to the repository
DEFAULT_SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
DEFAULT_SCORER = os.path.join(DEFAULT_SHARED, "tools", "nab_scorer.py")
DEFAULT_NAB = os.path.join(DEFAULT_SHARED, "data", "nab")
PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
# Same weights as the scorer (NAB config/profiles.json); only used for the corpus-level normalization.
WEIGHTS = {
    "standard": {"tpWeight": 1.0, "fnWeight": 1.0},
    "reward_low_FP_rate": {"tpWeight": 1.0, "fnWeight": 1.0},
    "reward_low_FN_rate": {"tpWeight": 1.0, "fnWeight": 2.0},
}


def data_files(nab_dir):
    """(key, path) of every CSV under NAB_DIR/data, key = path relative to data/ as in the label files."""
    root = os.path.join(nab_dir, "data")
    found = []
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(".csv"):
                p = os.path.join(d, n)
                found.append((os.path.relpath(p, root).replace(os.sep, "/"), p))
    return sorted(found)


def run_scorer(scorer, nab_dir, key, csv_path, alerts_path, detector, cooldown_rows):
    cmd = [sys.executable, scorer,
           "--data", csv_path,
           "--windows", os.path.join(nab_dir, "labels", "combined_windows.json"),
           "--labels", os.path.join(nab_dir, "labels", "combined_labels.json"),
           "--key", key,
           "--alerts", alerts_path,
           "--cooldown-rows", str(cooldown_rows)]
    if detector:
        cmd += ["--detector", detector]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("scorer failed for %s (exit %d):\n  %s\n%s" % (key, p.returncode, " ".join(cmd), p.stderr))
    return cmd, json.loads(p.stdout)


def score_all(alerts_dir, nab_dir, scorer, detector, cooldown_rows):
    files = data_files(nab_dir)
    if not files:
        raise SystemExit("no CSV files under %s" % os.path.join(nab_dir, "data"))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "no_alerts.jsonl")
        open(empty, "w").close()
        for key, path in files:
            base = os.path.splitext(os.path.basename(key))[0]
            ap = os.path.join(alerts_dir, base + ".jsonl")
            missing = not os.path.isfile(ap)
            cmd, out = run_scorer(scorer, nab_dir, key, path, empty if missing else ap, detector, cooldown_rows)
            nab = {d["profile"]: d for d in out["nab"]}
            wr = out["windows_report"]
            leads = []
            for w in wr["per_window"]:
                if not w["detected"]:
                    leads.append(None)
                elif w.get("lead_time_hours_before_label") is not None:
                    leads.append(w["lead_time_hours_before_label"])
                else:   # window without a labelled instant: report time after the window's start instead
                    leads.append({"hours_after_window_start": w["hours_after_window_start"]})
            results.append({
                "file": key, "basename": base, "alerts_file": None if missing else ap,
                "alerts_file_missing": missing, "alerts_used": out.get("alerts_used", 0),
                "rows": out["rows"], "probation_rows": out["probation_rows"],
                "windows": nab["standard"]["windows"],
                "windows_detected": nab["standard"]["windows_detected"],
                "nab": {p: {"normalized": nab[p]["normalized_file_score"], "raw": nab[p]["raw_score"],
                            "null": -WEIGHTS[p]["fnWeight"] * nab[p]["windows"],
                            "perfect": WEIGHTS[p]["tpWeight"] * nab[p]["windows"]} for p in PROFILES},
                "detections": wr["detections"], "alert_episodes": wr["alerts_debounced"],
                "alert_precision": wr["alert_precision"], "fp_alerts_per_day": wr["fp_alerts_per_day"],
                "lead_time_hours_before_label": leads,
                "scorer_command": cmd,
            })
    summary = {"files": len(results),
               "windows": sum(r["windows"] for r in results),
               "windows_detected": sum(r["windows_detected"] for r in results),
               "alerts_used": sum(r["alerts_used"] for r in results),
               "mean_of_per_file_normalized": {}, "corpus_normalized": {}}
    for p in PROFILES:
        per_file = [r["nab"][p]["normalized"] for r in results if r["nab"][p]["normalized"] is not None]
        summary["mean_of_per_file_normalized"][p] = sum(per_file) / len(per_file) if per_file else None
        raw = sum(r["nab"][p]["raw"] for r in results)
        null = sum(r["nab"][p]["null"] for r in results)
        perfect = sum(r["nab"][p]["perfect"] for r in results)
        summary["corpus_normalized"][p] = 100.0 * (raw - null) / (perfect - null) if perfect != null else None
    return results, summary


def fmt(x, spec="%.1f"):
    return "n/a" if x is None else spec % x


def fmt_lead(v):
    if v is None:
        return "missed"
    if isinstance(v, dict):
        return "+%.1fh after start (no label)" % v["hours_after_window_start"]
    return "%.1fh" % v


def markdown(results, summary, title, alerts_dir, detector, cooldown_rows):
    out = []
    if title:
        out.append("### " + title)
        out.append("")
    out.append("Alerts: `%s`%s. NAB scores are normalized (null detector = 0, perfect = 100)."
               % (alerts_dir, (", detector `%s`" % detector) if detector else ""))
    out.append("")
    out.append("| file | rows | windows | alerts read | NAB standard | NAB low FP | NAB low FN | windows detected | "
               "alert precision | false alerts/day | lead time before label (per window) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        name = r["basename"] + (" (no alerts file: scored as no alerts)" if r["alerts_file_missing"] else "")
        out.append("| %s | %d | %d | %d | %s | %s | %s | %d/%d | %s | %s | %s |" % (
            name, r["rows"], r["windows"], r["alerts_used"],
            *(fmt(r["nab"][p]["normalized"]) for p in PROFILES),
            r["windows_detected"], r["windows"],
            fmt(r["alert_precision"], "%.2f"), fmt(r["fp_alerts_per_day"], "%.2f"),
            ", ".join(fmt_lead(v) for v in r["lead_time_hours_before_label"]) or "-"))
    m, c = summary["mean_of_per_file_normalized"], summary["corpus_normalized"]
    out.append("| **mean of per-file normalized scores** | | %d | | %s | %s | %s | %d/%d | | | |" % (
        summary["windows"], *(fmt(m[p]) for p in PROFILES), summary["windows_detected"], summary["windows"]))
    out.append("| **corpus-level (NAB aggregation: Σraw over files, normalized once)** | | %d | %d | %s | %s | %s | %d/%d | | | |" % (
        summary["windows"], summary["alerts_used"], *(fmt(c[p]) for p in PROFILES), summary["windows_detected"], summary["windows"]))
    out.append("")
    out.append("NAB low FP = profile reward_low_FP_rate, NAB low FN = reward_low_FN_rate. Corpus-level = "
               "100·(Σraw − Σnull)/(Σperfect − Σnull) over these %d files, null = −fnWeight·windows, "
               "perfect = tpWeight·windows per file; alerts read = alert lines the scorer took in (after --detector; "
               "alerts inside the probation period are counted here but never scored); NAB's published scoreboard uses this aggregation over all "
               "58 NAB files, so it is the comparable one. Alert precision and false alerts/day are over alert "
               "episodes (detections more than %d rows apart, the scorer's debounce); lead time = label time − "
               "first detection inside the window (negative = after the labelled instant)."
               % (summary["files"], cooldown_rows))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("alerts_dir", help="directory of <basename>.jsonl alert files")
    ap.add_argument("--detector", help="score only alerts whose 'detector' equals NAME")
    ap.add_argument("--nab-dir", default=DEFAULT_NAB, help="NAB data directory (default %(default)s)")
    ap.add_argument("--scorer", default=DEFAULT_SCORER, help="nab_scorer.py (default %(default)s)")
    ap.add_argument("--cooldown-rows", type=int, default=12,
                    help="scorer's debounce for alert precision/false alerts per day (default %(default)s)")
    ap.add_argument("--title", help="heading printed above the Markdown table")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    a = ap.parse_args()
    if not os.path.isdir(a.alerts_dir):
        ap.error("alerts directory not found: %s" % a.alerts_dir)
    if not os.path.isfile(a.scorer):
        ap.error("scorer not found: %s (use --scorer)" % a.scorer)
    if not os.path.isdir(os.path.join(a.nab_dir, "data")):
        ap.error("NAB data directory not found: %s (use --nab-dir)" % a.nab_dir)
    results, summary = score_all(a.alerts_dir, a.nab_dir, a.scorer, a.detector, a.cooldown_rows)
    if a.json:
        json.dump({"alerts_dir": a.alerts_dir, "detector": a.detector, "files": results, "summary": summary},
                  sys.stdout, indent=1)
        print()
    else:
        print(markdown(results, summary, a.title, a.alerts_dir, a.detector, a.cooldown_rows))


if __name__ == "__main__":
    main()
