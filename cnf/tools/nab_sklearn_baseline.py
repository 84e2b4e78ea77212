#!/usr/bin/python3
"""Baseline for the NAB benchmark: scikit-learn's IsolationForest with its defaults.

Writes one alert file per NAB data file (<basename>.jsonl, the format ../shared/tools/nab_scorer.py
reads) so that cnf/tools/nab_table.py can score it next to Carbine's own detector.

Protocol (fixed for every file, decided before scoring, never tuned per file)
  - n = rows of the file; probation = min(floor(0.15 n), 750) rows, the scorer's probation_length
    (NAB scores nothing there, it is the detector's learning period).
  - model = sklearn.ensemble.IsolationForest() with its defaults: n_estimators=100,
    max_samples='auto' (= min(256, training rows)), contamination='auto', max_features=1.0,
    bootstrap=False. The only non-default is random_state=42, for repeatable runs.
  - fit once on the probation rows, then predict every later row (no refitting, no look-ahead).
  - with contamination='auto' a row is predicted -1 (anomaly) iff its anomaly score
    s = -score_samples(x), the score of Liu et al. 2008 in (0, 1], is above 0.5; 's' is written as
    'score' in each alert.
  - feature sets:
      raw       one column: the value.
      features  four columns: value, value - mean of the previous 12 values, standard deviation
                (population, ddof=0) of the previous 12 values, value - previous value. Only rows with
                12 previous values are used (rows 0..11 are in probation, which is >= 282 rows here).
  - alert variants (both written for each feature set):
      per-row   every row predicted -1 is an alert (what NAB scores as a detection).
      episodes  only the first row of each run of consecutive -1 predictions is an alert, what an
                alerting system that keeps one open alert per episode would send.
Output: OUT/<featureset>-<variant>/<basename>.jsonl with one object per line:
  {"ts": event time of the flagged row (NAB times carry no zone; written as UTC like the scorer's
   example), "row": 0-based row, "detector": "sklearn-iforest", "severity": "WARNING",
   "score": s, "printer_id": basename}
and OUT/run.json (versions, protocol, counts, wall time per file).

Needs numpy + scikit-learn: on Debian `apt-get install -y python3-sklearn` and run with /usr/bin/python3
(the pyenv python3 first on PATH has no numpy).

Usage: /usr/bin/python3 cnf/tools/nab_sklearn_baseline.py --out /tmp/nab_sklearn [--nab-dir ../shared/data/nab]
"""
import argparse
import csv
import json
import math
import os
import platform
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.ensemble import IsolationForest
except ImportError as e:
    sys.exit("missing %s: install it with `apt-get install -y python3-sklearn` (Debian, brings numpy) and run "
             "this script with /usr/bin/python3, or `pip install scikit-learn` in the Python you use (%s)"
             % (e.name, sys.executable))

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_NAB = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "nab"))
RANDOM_STATE = 42
HISTORY = 12
DETECTOR = "sklearn-iforest"


def probation_length(n):
    # Same as the scorer: min(floor(0.15 n), 0.15 * 5000).
    return int(min(math.floor(0.15 * n), 750))


def read_series(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["timestamp"] for r in rows], np.array([float(r["value"]) for r in rows])


def raw_features(x):
    return x.reshape(-1, 1), 0


def window_features(x):
    """Rows from HISTORY on: [x, x - mean(prev 12), std(prev 12), x - x_prev]; returns (X, first row)."""
    prev = np.lib.stride_tricks.sliding_window_view(x[:-1], HISTORY)   # prev[j] = x[j : j+12], for row j+12
    cur = x[HISTORY:]
    X = np.column_stack([cur, cur - prev.mean(axis=1), prev.std(axis=1), cur - x[HISTORY - 1:-1]])
    return X, HISTORY


FEATURE_SETS = {"raw": raw_features, "features": window_features}


def detect(x, feature_fn):
    """Fit on probation rows, predict the rest; returns (probation, rows flagged -1, anomaly scores by row)."""
    n = len(x)
    prob = probation_length(n)
    X, first = feature_fn(x)                   # X[k] is the feature vector of row first + k
    model = IsolationForest(random_state=RANDOM_STATE)
    model.fit(X[:prob - first])
    test = X[prob - first:]
    pred = model.predict(test)
    score = -model.score_samples(test)
    flagged = [prob + k for k in np.flatnonzero(pred == -1)]
    scores = {prob + k: float(score[k]) for k in range(len(test))}
    return prob, flagged, scores


def episodes(rows):
    """First row of each run of consecutive rows."""
    return [r for i, r in enumerate(rows) if i == 0 or rows[i - 1] != r - 1]


def write_alerts(path, base, timestamps, rows, scores):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps({"ts": timestamps[r].strip().replace(" ", "T") + "Z", "row": int(r),
                                "detector": DETECTOR, "severity": "WARNING", "score": scores[r],
                                "printer_id": base}) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (one sub-directory per variant)")
    ap.add_argument("--nab-dir", default=DEFAULT_NAB, help="NAB data directory (default %(default)s)")
    ap.add_argument("--feature-sets", default="raw,features",
                    help="comma-separated subset of %s (default %%(default)s)" % ",".join(FEATURE_SETS))
    a = ap.parse_args()
    sets = [s.strip() for s in a.feature_sets.split(",") if s.strip()]
    for s in sets:
        if s not in FEATURE_SETS:
            ap.error("unknown feature set %r (known: %s)" % (s, ", ".join(FEATURE_SETS)))
    data_root = os.path.join(a.nab_dir, "data")
    files = sorted(os.path.join(d, n) for d, _, ns in os.walk(data_root) for n in ns if n.endswith(".csv"))
    if not files:
        sys.exit("no CSV files under %s (use --nab-dir)" % data_root)

    run = {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version(),
           "model": "IsolationForest(random_state=%d), all other parameters default" % RANDOM_STATE,
           "params": IsolationForest(random_state=RANDOM_STATE).get_params(),
           "fit": "probation rows min(floor(0.15 n), 750)", "files": []}
    t_all = time.perf_counter()
    for path in files:
        base = os.path.splitext(os.path.basename(path))[0]
        timestamps, x = read_series(path)
        entry = {"file": os.path.relpath(path, data_root), "rows": len(x)}
        for fs in sets:
            t0 = time.perf_counter()
            prob, flagged, scores = detect(x, FEATURE_SETS[fs])
            secs = time.perf_counter() - t0
            for variant, rows in (("per-row", flagged), ("episodes", episodes(flagged))):
                d = os.path.join(a.out, "%s-%s" % (fs, variant))
                os.makedirs(d, exist_ok=True)
                write_alerts(os.path.join(d, base + ".jsonl"), base, timestamps, rows, scores)
                entry["%s-%s" % (fs, variant)] = len(rows)
            entry["probation_rows"] = prob
            entry["%s_seconds" % fs] = round(secs, 3)
            print("%-40s %-8s probation %4d, %5d rows flagged, %4d episodes, %.2fs"
                  % (base, fs, prob, len(flagged), len(episodes(flagged)), secs), file=sys.stderr)
        run["files"].append(entry)
    run["wall_seconds"] = round(time.perf_counter() - t_all, 3)
    with open(os.path.join(a.out, "run.json"), "w") as f:
        json.dump(run, f, indent=1, default=str)
    print("sklearn %s, %d files, %.1fs; alerts under %s" % (sklearn.__version__, len(files), run["wall_seconds"], a.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
