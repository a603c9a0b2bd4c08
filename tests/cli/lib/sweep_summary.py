#!/usr/bin/env python3
"""A sweep's summary as `vroomsim plot` reads it (docs/plot.md, "Sweep summaries"), computed
from the sweep's SQLite database: per combination of the --by axes, each metric's n, mean,
standard deviation, 95% confidence interval (Student's t) and min/max over its ok points.

    sweep_summary.py DB [--by PATH]... > summary.json

The tests use it to feed `vroomsim plot` a summary until `vroomsim sweep --summary --json`
writes one; it is the reference for what that command must emit."""
import json
import math
import sqlite3
import sys

# Student's t, 0.975 quantile, by degrees of freedom (1..30); the normal's 1.96 beyond.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def stats(xs):
    n = len(xs)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "ci95_low": None, "ci95_high": None,
                "min": None, "max": None}
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else None
    half = (T975[n - 2] if n - 1 <= len(T975) else 1.96) * sd / math.sqrt(n) if n > 1 else None
    return {"n": n, "mean": mean, "sd": sd,
            "ci95_low": mean - half if half is not None else None,
            "ci95_high": mean + half if half is not None else None,
            "min": min(xs), "max": max(xs)}


def main(argv):
    db, by = argv[1], [argv[i + 1] for i, a in enumerate(argv) if a == "--by"]
    con = sqlite3.connect(db)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    cols = [r[1] for r in con.execute("PRAGMA table_info(points)")]
    fixed = {"idx", "seed", "status", "exit_status", "signal", "message", "result", "timing",
             "worker", "version", "timing_s"}
    axes = [c for c in cols if c not in fixed and not c.endswith(":num") and c + ":num" in cols]
    metrics = [c for c in cols if c not in fixed and c not in axes and not c.endswith(":num")]
    by = by or axes
    groups = {}
    q = "SELECT %s FROM points WHERE status = 'ok' ORDER BY idx" % ", ".join(
        '"%s"' % c for c in by + metrics)
    for row in con.execute(q):
        key = tuple(row[:len(by)])
        groups.setdefault(key, []).append(row[len(by):])
    out = {"schema": 1, "sweep": meta.get("name"), "db": db, "summary": {
        "by": by, "metrics": metrics, "groups": [
            {"values": dict(zip(by, key)), "points": len(rows),
             "metrics": {m: stats([r[i] for r in rows if r[i] is not None])
                         for i, m in enumerate(metrics)}}
            for key, rows in groups.items()]}}
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv)
