#!/usr/bin/env python3
"""Compare slapack's kpis.json with the reference's (tests/reference/kpi_reference.py).

Usage: compare.py LABEL SLAPACK_KPIS.json REFERENCE.json
Compares every KPI value (and its counts and status object) of company, every team,
every rep, every month (company and teams), previous (company, teams, reps), the
breaches (as a set of lead_id/rep/overdue_min, and their worst-first order) and the
data_quality counts. Prints each difference; exit status 1 when any, else 0 with a
summary line. Numbers are equal within 1e-6 (or 1e-9 relative: kpis.json prints 10
significant digits); null equals only null.
"""
import json
import sys

KPI_KEYS = ["inquiries", "mql_count", "mql_target", "sal_rate", "mql_to_sql_rate",
            "response_median_min", "response_p90_min", "response_mean_min",
            "response_within_sla_rate", "untouched_breaches", "attempts_compliance_rate",
            "attempts_pending", "returned_count", "returned_with_reason_rate", "win_rate",
            "pipeline_amount", "won_amount"]


class Comparer:
    """Accumulates the number of values compared and the differences found."""

    def __init__(self):
        self.compared = 0
        self.diffs = []

    def value(self, where, got, want):
        """Compare one scalar (slapack's `got` against the reference's `want`)."""
        self.compared += 1
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                      for v in (got, want))
        if numbers:
            same = abs(got - want) <= max(1e-6, 1e-9 * abs(want))
        else:
            same = got == want
        if not same:
            self.diffs.append(f"{where}: slapack {json.dumps(got)}, reference {json.dumps(want)}")

    def kpis(self, where, got, want):
        """Compare one KPI block: values, counts and the status object."""
        if got is None or want is None:
            self.value(where, got is not None, want is not None)
            return
        for k in KPI_KEYS:
            self.value(f"{where}.{k}", got.get(k, "<missing>"), want[k])
        for k, v in want["counts"].items():
            self.value(f"{where}.counts.{k}", got.get("counts", {}).get(k, "<missing>"), v)
        self.value(f"{where}.status", got.get("status"), want["status"])

    def named(self, where, key, got, want, with_months=False):
        """Compare a list of blocks named by `key` (teams or reps), order included."""
        self.value(f"{where} ({key} names, in order)", [b[key] for b in got],
                   [b[key] for b in want])
        got_by = {b[key]: b for b in got}
        for b in want:
            self.kpis(f"{where}[{b[key]}]", got_by.get(b[key]), b)
            if key == "rep" and b[key] in got_by:
                self.value(f"{where}[{b[key]}].team", got_by[b[key]].get("team"), b["team"])

    def document(self, got, want):
        """Compare two kpis.json documents."""
        self.value("as_of", got["as_of"], want["as_of"])
        self.kpis("company", got["company"], want["company"])
        self.named("teams", "team", got["teams"], want["teams"])
        self.named("reps", "rep", got["reps"], want["reps"])
        self.value("months (names)", [m["month"] for m in got["months"]],
                   [m["month"] for m in want["months"]])
        for gm, wm in zip(got["months"], want["months"]):
            self.kpis(f"months[{wm['month']}].company", gm["company"], wm["company"])
            self.named(f"months[{wm['month']}].teams", "team", gm["teams"], wm["teams"])
        gp, wp = got.get("previous"), want.get("previous")
        self.value("previous (present)", gp is not None, wp is not None)
        if gp and wp:
            self.value("previous.period", gp["period"], wp["period"])
            self.value("previous.as_of", gp.get("as_of"), wp["as_of"])
            self.kpis("previous.company", gp["company"], wp["company"])
            self.named("previous.teams", "team", gp["teams"], wp["teams"])
            self.named("previous.reps", "rep", gp["reps"], wp["reps"])
        self.breaches(got.get("breaches", []), want["breaches"])
        gq, wq = got["data_quality"], want["data_quality"]
        for k in ("rows_read", "rows_rejected", "rows_with_problems"):
            self.value(f"data_quality.{k}", gq.get(k), wq[k])
        for k, v in wq["problems"].items():
            self.value(f"data_quality.problems.{k}", gq["problems"].get(k, 0), v)

    def breaches(self, got, want):
        """Compare the breach lists as sets, and slapack's worst-first order."""
        got_by = {b["lead_id"]: b for b in got}
        want_by = {b["lead_id"]: b for b in want}
        self.value("breaches (lead ids)", sorted(got_by), sorted(want_by))
        for lid in sorted(set(got_by) & set(want_by)):
            self.value(f"breaches[{lid}].rep", got_by[lid]["rep"], want_by[lid]["rep"])
            self.value(f"breaches[{lid}].overdue_min", got_by[lid]["overdue_min"],
                       want_by[lid]["overdue_min"])
        overdue = [b["overdue_min"] for b in got]
        self.value("breaches (worst first)", overdue == sorted(overdue, reverse=True), True)


def main():
    """Compare the two files named on the command line."""
    label, got_path, want_path = sys.argv[1:4]
    with open(got_path, encoding="utf-8") as f:
        got = json.load(f)
    with open(want_path, encoding="utf-8") as f:
        want = json.load(f)
    c = Comparer()
    c.document(got, want)
    for d in c.diffs:
        print(f"DIFF {label}: {d}")
    print(f"{label}: {c.compared} values compared, {len(c.diffs)} differ")
    sys.exit(1 if c.diffs else 0)


if __name__ == "__main__":
    main()
