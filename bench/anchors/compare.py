#!/usr/bin/python3
"""Compare the anchors' KPIs with each other and with slapack's kpis.json.

    /usr/bin/python3 bench/anchors/compare.py KPIS_JSON DUMP [DUMP ...]

Each DUMP is the stdout of `duckdb_kpis.mjs ... --dump` or `pandas_kpis.py ...
--dump` (lines starting with "{" are result rows). Every KPI of the company, each
team and each rep is compared with slapack's figure (which kpis.json rounds to
6 decimals). Prints one line per difference and a summary; exits 1 on any.
"""
import json
import math
import sys

KEYS = ["inquiries", "mql_count", "mql_target", "sal_rate", "mql_to_sql_rate",
        "response_median_min", "response_p90_min", "response_mean_min",
        "response_within_sla_rate", "untouched_breaches", "attempts_compliance_rate",
        "attempts_pending", "returned_count", "returned_with_reason_rate", "win_rate",
        "pipeline_amount", "won_amount"]


def same(a, b):
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) \
            or (isinstance(b, float) and math.isnan(b)):
        none = lambda v: v is None or (isinstance(v, float) and math.isnan(v))
        return none(a) and none(b)
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def load_slapack(path):
    k = json.load(open(path, encoding="utf-8"))
    out = {("company", None, None): k["company"]}
    for t in k["teams"]:
        out[("team", t["team"], None)] = t
    for r in k["reps"]:
        out[("rep", r["team"], r["rep"])] = r
    return out


def load_dump(path):
    out = {}
    name = path
    for line in open(path, encoding="utf-8"):
        if line.startswith("{"):
            r = json.loads(line)
            out[(r["level"], r["team"], r["rep"])] = r
        elif not name or name == path:
            name = line.split(":")[0]
    return name, out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ref = load_slapack(sys.argv[1])
    bad = 0
    for path in sys.argv[2:]:
        name, rows = load_dump(path)
        diffs = 0
        for key in sorted(set(ref) | set(rows), key=lambda k: (k[0], k[1] or "", k[2] or "")):
            if key not in rows or key not in ref:
                print(f"{name}: {key}: only in {'slapack' if key in ref else name}")
                diffs += 1
                continue
            for k in KEYS:
                if not same(ref[key].get(k), rows[key].get(k)):
                    print(f"{name}: {key}: {k}: slapack {ref[key].get(k)} vs {rows[key].get(k)}")
                    diffs += 1
        print(f"{name}: {len(rows)} rows, {len(KEYS)} KPIs each: {diffs} differences from slapack")
        bad += diffs
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
