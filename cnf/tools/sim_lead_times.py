#!/usr/bin/env python3
"""Lead times of a detector's alerts before the failures of a replayed printer recording.

Reads a multi-column recording (the simulator's, see carbine.simulator.internal.RecordCsv: timestamp, state, ...,
error) and the JSON-lines alerts that `run/carbine evaluate` wrote for it. A failure is the first row of a run of rows
with an error text. For every failure after the detector's first model (--log) or --skip-before,
the lead time is the time from the first alert inside the --phase seconds before it to the failure; a failure
without one is missed. Alerts that are not within --phase seconds before a failure are false alerts; they are
counted per printer-hour of the span from --skip-before to the end. Standard library only.

  python3 cnf/tools/sim_lead_times.py --data sim.csv --alerts sim.jsonl --detector iforest --phase 60
"""
import argparse, csv, json, re, statistics
from datetime import datetime, timedelta


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--detector", default="iforest")
    ap.add_argument("--phase", type=float, default=60, help="seconds before a failure in which a warning is early")
    ap.add_argument("--log", help="the evaluation's log (OUT.jsonl.log): failures are judged from the event time "
                    "of the first trained model on (the warm-up before it is not judged)")
    ap.add_argument("--skip-before", help="ISO time: failures before it are not judged; default: see --log, "
                    "else the start")
    a = ap.parse_args()

    rows = list(csv.DictReader(open(a.data)))
    failures, failing = [], False
    for r in rows:
        now = bool(r.get("error"))
        if now and not failing:
            failures.append(ts(r["timestamp"]))
        failing = now
    alerts = sorted(ts(x["ts"]) for x in map(json.loads, filter(str.strip, open(a.alerts)))
                    if x.get("detector") == a.detector)
    phase = timedelta(seconds=a.phase)
    start, end = ts(rows[0]["timestamp"]), ts(rows[-1]["timestamp"])
    skip = start
    if a.skip_before:
        skip = ts(a.skip_before)
    elif a.log:
        trained = [m.group(1) for m in map(re.compile(r"trained: TrainedModel\[.*trained at (\S+?)\]").search,
                                             open(a.log)) if m]
        skip = ts(trained[0]) if trained else end
    judged = [f for f in failures if f >= skip]
    leads, missed = [], 0
    for f in judged:
        early = [t for t in alerts if f - phase <= t < f]
        if early:
            leads.append((f - early[0]).total_seconds())
        else:
            missed += 1
    false_alerts = [t for t in alerts if not any(f - phase <= t < f for f in failures)]
    hours = max((end - max(skip, start)).total_seconds() / 3600, 1e-9)
    out = {"failures": len(failures), "judged_from": str(skip), "failures_judged": len(judged),
           "warned": len(leads), "missed": missed,
           "lead_seconds_median": statistics.median(leads) if leads else None,
           "lead_seconds_min": min(leads) if leads else None, "lead_seconds_max": max(leads) if leads else None,
           "false_alerts": len(false_alerts), "hours": round(hours, 2),
           "false_alerts_per_printer_hour": round(len(false_alerts) / hours, 3)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
