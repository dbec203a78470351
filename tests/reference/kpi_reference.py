#!/usr/bin/env python3
"""Independent reference implementation of slapack's KPIs (SPEC §4, docs/decisions.md).

Reads a slapack config (canonical profile inputs only: leads CSV, activities CSV,
optional marketing events as JSON Lines or a JSON array; roster CSV), a period
(`2025-05` or `2025-Q2`) and an optional --as-of, and prints a kpis.json-shaped
document: company, teams, reps, months, previous, breaches and data_quality.
It is written from the SPEC alone, without looking at the C sources, and is
deliberately naive: business time is counted by walking every local day and
clipping that day's opening hours (computed with zoneinfo for that date), and
percentiles use exact integer nearest-rank arithmetic. tests/cli/reference.sh
compares its output with slapack's.

Usage: kpi_reference.py --config CONFIG.json --period 2025-Q2 [--as-of TIME]
"""
import argparse
import csv
import glob
import json
import os
import re
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

KINDS = ["malformed_row", "invalid_utf8", "missing_id", "bad_timestamp", "bad_amount",
         "bad_value", "missing_owner", "unknown_rep", "duplicate_lead_id",
         "duplicate_activity_id", "unknown_lead", "sql_before_mql",
         "activity_before_created", "recycled_without_reason", "footer_dropped"]
LEAD_TIMES = ["created_at", "mql_at", "sal_at", "sql_at", "closed_at"]
STATUSES = {"open", "won", "lost", "recycled", "rejected"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UNASSIGNED = "unassigned"
MARGIN = 1e-9

ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
                    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$")
DMY_RE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$")


class BadTime(ValueError):
    """A timestamp that does not parse or is impossible."""


def parse_time(text, tz):
    """Parse a timestamp string (or epoch-ms number) to epoch seconds; None when blank."""
    if isinstance(text, (int, float)):
        return text / 1000.0
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{11,}", text):
        return int(text) / 1000.0
    m, frac, off = ISO_RE.match(text), "", None
    if m:
        y, mo, d, hh, mi, ss, frac, off = m.groups()
    elif DMY_RE.match(text):
        d, mo, y, hh, mi, ss = DMY_RE.match(text).groups()
    else:
        raise BadTime(text)
    try:
        naive = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        raise BadTime(text) from None
    if not 1970 <= naive.year <= 2099:
        raise BadTime(text)
    if off is None:
        aware = naive.replace(tzinfo=tz)          # fold=0: gap -> offset before, overlap -> earlier
    elif off == "Z":
        aware = naive.replace(tzinfo=timezone.utc)
    else:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
        aware = naive.replace(tzinfo=timezone(sign * timedelta(minutes=minutes)))
    return aware.timestamp() + (float(frac) if frac else 0.0)


class Calendar:
    """Working hours, workdays and holidays of the config, in its time zone."""

    def __init__(self, cfg, tz):
        cal = cfg["calendar"]
        self.tz = tz
        self.workdays = {DAYS.index(d) for d in cal["workdays"]}
        self.open = time.fromisoformat(cal["open"])
        self.close = time.fromisoformat(cal["close"])
        self.holidays = {date.fromisoformat(h) for h in cal.get("holidays", [])}
        self.day_seconds = (datetime.combine(date.min, self.close)
                            - datetime.combine(date.min, self.open)).total_seconds()
        self._cache = {}

    def opening(self, day):
        """The day's opening hours as (start, end) epoch seconds, or None on a closed day."""
        if day not in self._cache:
            if day.weekday() in self.workdays and day not in self.holidays:
                self._cache[day] = (datetime.combine(day, self.open, self.tz).timestamp(),
                                    datetime.combine(day, self.close, self.tz).timestamp())
            else:
                self._cache[day] = None
        return self._cache[day]

    def local_date(self, ts):
        """Local calendar date of an instant."""
        return datetime.fromtimestamp(ts, self.tz).date()

    def business_seconds(self, a, b):
        """Business seconds between instants a and b (0 when b <= a), day by day."""
        if b <= a:
            return 0.0
        total, day, last = 0.0, self.local_date(a), self.local_date(b)
        while day <= last:
            hours = self.opening(day)
            if hours:
                total += max(0.0, min(b, hours[1]) - max(a, hours[0]))
            day += timedelta(days=1)
        return total


def period_bounds(period, tz):
    """[start, end) epoch seconds and the list of month names of a period."""
    m = re.fullmatch(r"(\d{4})-(?:(\d{2})|Q([1-4]))", period)
    if not m:
        sys.exit(f"bad period {period!r}")
    year = int(m.group(1))
    first = int(m.group(2)) if m.group(2) else 3 * int(m.group(3)) - 2
    count = 1 if m.group(2) else 3
    months = [(year + (first - 1 + i) // 12, (first - 1 + i) % 12 + 1) for i in range(count + 1)]
    start = datetime(months[0][0], months[0][1], 1, tzinfo=tz).timestamp()
    end = datetime(months[-1][0], months[-1][1], 1, tzinfo=tz).timestamp()
    return start, end, [f"{y:04d}-{mo:02d}" for y, mo in months[:-1]]


def previous_period(period):
    """The month or quarter before a period."""
    y, rest = period.split("-")
    y = int(y)
    if rest.startswith("Q"):
        q = int(rest[1]) - 1
        return f"{y - 1}-Q4" if q == 0 else f"{y}-Q{q}"
    mo = int(rest) - 1
    return f"{y - 1}-12" if mo == 0 else f"{y}-{mo:02d}"


def iso(ts, tz):
    """Local ISO 8601 text of an instant."""
    return datetime.fromtimestamp(ts, tz).isoformat()


def input_files(spec, base):
    """The files of an input entry: one path, a list, or globs (sorted by name)."""
    paths = spec["path"] if isinstance(spec["path"], list) else [spec["path"]]
    files = []
    for p in paths:
        full = os.path.join(base, p)
        files += sorted(glob.glob(full)) if any(c in p for c in "*?[") else [full]
    return files


def csv_rows(path):
    """Yield (row dict or None, problem kind or None) for each data row of a CSV file."""
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        text = f.read()
    header_line = text.split("\n", 1)[0]
    delim = max([",", ";", "\t"], key=header_line.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delim)
    header = [h.strip().strip('"').strip().lower() for h in next(reader)]
    for fields in reader:
        if not fields:
            continue
        if len(fields) != len(header):
            yield None, "malformed_row"
        elif any("\udc80" <= c <= "\udcff" for field in fields for c in field):
            yield None, "invalid_utf8"
        else:
            yield {h: v.strip() for h, v in zip(header, fields)}, None


def json_records(path):
    """Yield (record or None, problem kind or None) for a JSON array or JSON Lines file."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        yield from ((r, None) for r in json.loads(text))
        return
    for line in text.splitlines():
        if line.strip():
            try:
                yield json.loads(line), None
            except ValueError:
                yield None, "malformed_row"


class Data:
    """All inputs of a config, with the data-quality tally."""

    def __init__(self, cfg_path):
        with open(cfg_path, encoding="utf-8") as f:
            self.cfg = json.load(f)
        base = os.path.dirname(os.path.abspath(cfg_path))
        self.tz = ZoneInfo(self.cfg["timezone"])
        self.cal = Calendar(self.cfg, self.tz)
        self.problems = {k: 0 for k in KINDS}
        self.rows_read = self.rows_rejected = self.rows_with_problems = 0
        self.roster = {}
        for row, _ in csv_rows(os.path.join(base, self.cfg["roster"])):
            target = (row.get("mql_target_monthly") or "").strip()
            self.roster[row["rep"]] = (row["team"], float(target) if target else None)
        inputs = self.cfg["inputs"]
        self.leads = {}
        for path in input_files(inputs["leads"], base):
            self.read_leads(path)
        self.mql_events = {}
        if inputs.get("marketing_events"):
            for path in input_files(inputs["marketing_events"], base):
                self.read_events(path)
        for lid, times in self.mql_events.items():
            self.leads[lid]["mql_at"] = min(times)
        self.acts = {}
        for path in input_files(inputs["activities"], base):
            self.read_activities(path)
        self.lead_problems()

    def reject(self, kind):
        """Count a rejected row."""
        self.rows_rejected += 1
        self.rows_with_problems += 1
        self.problems[kind] += 1

    def read_leads(self, path):
        """Read one leads file; the first row of an id in a file wins, later files replace."""
        seen = set()
        for row, kind in csv_rows(path):
            self.rows_read += 1
            if kind:
                self.reject(kind)
                continue
            lid = row["lead_id"]
            if not lid:
                self.reject("missing_id")
                continue
            if lid in seen:
                self.reject("duplicate_lead_id")
                continue
            seen.add(lid)
            try:
                lead = {k: parse_time(row.get(k), self.tz) for k in LEAD_TIMES}
            except BadTime:
                self.reject("bad_timestamp")
                continue
            status = row["status"].lower()
            if status not in STATUSES:
                self.reject("bad_value")
                continue
            try:
                amount = float(row.get("amount") or 0)
            except ValueError:
                self.reject("bad_amount")
                continue
            owner = row["owner"]
            lead.update(id=lid, owner=owner, status=status, amount=amount,
                        reason=row.get("return_reason", ""),
                        email=row.get("email", "").strip().lower(), touches=[],
                        rep=owner if owner in self.roster else UNASSIGNED,
                        team=self.roster[owner][0] if owner in self.roster else UNASSIGNED,
                        problem=False)
            self.leads[lid] = lead

    def read_events(self, path):
        """Read marketing events; `mql` events give the MQL timestamp (earliest wins)."""
        by_email = {}
        for lead in self.leads.values():
            by_email.setdefault(lead["email"], lead["id"])
        for rec, kind in json_records(path):
            self.rows_read += 1
            if kind or not isinstance(rec, dict):
                self.reject(kind or "malformed_row")
                continue
            lid = str(rec.get("lead_id") or "").strip()
            if lid not in self.leads:
                lid = by_email.get(str(rec.get("email") or "").strip().lower())
            if not lid:
                self.reject("unknown_lead")
                continue
            try:
                at = parse_time(rec.get("at"), self.tz)
            except BadTime:
                self.reject("bad_timestamp")
                continue
            if str(rec.get("event", "")).strip().lower() == "mql" and at is not None:
                self.mql_events.setdefault(lid, []).append(at)

    def read_activities(self, path):
        """Read one activities file and attach touch times to their leads."""
        seen = set()
        for row, kind in csv_rows(path):
            self.rows_read += 1
            if kind:
                self.reject(kind)
                continue
            aid = row.get("activity_id", "")
            if aid and aid in seen:
                self.reject("duplicate_activity_id")
                continue
            seen.add(aid)
            try:
                at = parse_time(row["occurred_at"], self.tz)
            except BadTime:
                at = None
            if at is None:
                self.reject("bad_timestamp")
                continue
            if not row["lead_id"]:
                self.reject("missing_id")
                continue
            if row["lead_id"] not in self.leads:
                self.reject("unknown_lead")
                continue
            self.acts[aid or f"#{len(self.acts)}"] = (row["lead_id"], at)
        for lid, at in self.acts.values():
            lead = self.leads[lid]
            lead["touches"].append(at)
            if lead["created_at"] is not None and at < lead["created_at"]:
                self.problems["activity_before_created"] += 1
                self.rows_with_problems += 1

    def lead_problems(self):
        """Count the problems of kept leads (row kept, problem reported)."""
        for lead in self.leads.values():
            kinds = []
            if not lead["owner"]:
                kinds.append("missing_owner")
            elif lead["rep"] == UNASSIGNED:
                kinds.append("unknown_rep")
            if lead["sql_at"] is not None and lead["mql_at"] is not None \
                    and lead["sql_at"] < lead["mql_at"]:
                kinds.append("sql_before_mql")
            if lead["status"] in ("recycled", "rejected") and not lead["reason"].strip():
                kinds.append("recycled_without_reason")
            for k in kinds:
                self.problems[k] += 1
            self.rows_with_problems += bool(kinds)
            lead["touches"].sort()


def nearest_rank(sorted_values, num, den):
    """The ceil(num/den * n)-th smallest value (exact integer arithmetic)."""
    n = len(sorted_values)
    return sorted_values[max(1, -(-num * n // den)) - 1]


def ratio(num, den):
    """num/den, or None without a denominator."""
    return num / den if den else None


def status_of(value, target, tol, lower_better=False):
    """RAG status of a value against a target, with the amber tolerance."""
    if lower_better:
        if value <= target + MARGIN:
            return "green"
        return "amber" if value <= target + tol * target + MARGIN else "red"
    if value >= target - MARGIN:
        return "green"
    return "amber" if value >= target - tol * target - MARGIN else "red"


class Engine:
    """Computes KPI blocks for groups of leads over a period and cut-off."""

    def __init__(self, data):
        self.d = data
        sla = data.cfg["sla"]
        self.target_sec = sla["response_minutes"] * 60
        self.window_sec = sla["attempt_window_days"] * data.cal.day_seconds
        self.min_attempts = sla["min_attempts"]
        self.tol = sla.get("amber_tolerance", 0.0)
        self.targets = sla.get("targets", {})
        self.team_targets = {t["name"]: t.get("mql_target_monthly") for t in data.cfg["teams"]}
        self.roster_size = {}
        for team, _ in data.roster.values():
            self.roster_size[team] = self.roster_size.get(team, 0) + 1

    def lead_facts(self, lead, start, end, cut):
        """Per-lead facts for a period [start, end) judged at cut-off `cut`."""
        bs = self.d.cal.business_seconds
        at = lambda k: lead[k] if lead[k] is not None and lead[k] <= cut else None
        inside = lambda t: t is not None and start <= t < end
        f = {"inquiry": inside(at("created_at")), "cohort": inside(at("mql_at"))}
        sql, closed = at("sql_at"), at("closed_at")
        f["pipeline"] = lead["amount"] if inside(sql) else None
        f["closed"] = lead["status"] if sql is not None and inside(closed) \
            and lead["status"] in ("won", "lost") else None
        if not f["cohort"]:
            return f
        mql = lead["mql_at"]
        touches = [t for t in lead["touches"] if mql <= t <= cut]
        f.update(sal=at("sal_at") is not None, sql=sql is not None, response=None,
                 overdue=None, counted=False, breach=False,
                 returned=lead["status"] in ("recycled", "rejected"),
                 reason=bool(lead["reason"].strip()))
        if touches:
            f["response"] = bs(mql, touches[0])
            f["counted"] = True
            if f["response"] > self.target_sec:
                f["overdue"] = f["response"] - self.target_sec
        else:
            elapsed = bs(mql, cut)
            if elapsed > self.target_sec:
                f.update(counted=True, breach=True, overdue=elapsed - self.target_sec)
        in_window = sum(1 for t in touches if bs(mql, t) <= self.window_sec)
        sql_early = sql is not None and sql >= mql and bs(mql, sql) <= self.window_sec
        if in_window >= self.min_attempts or sql_early:
            f["attempts"] = "compliant"
        elif bs(mql, cut) < self.window_sec:
            f["attempts"] = "pending"
        else:
            f["attempts"] = "noncompliant"
        return f

    def target(self, group, name, months):
        """MQL target of the company, a team or a rep for `months` months (None if none)."""
        if group == "company":
            return sum(t or 0 for t in self.team_targets.values()) * months
        if name == UNASSIGNED:
            return None
        if group == "team":
            t = self.team_targets.get(name)
            return None if t is None else t * months
        team, own = self.d.roster[name]
        if own is not None:
            return own * months
        t = self.team_targets.get(team)
        return None if t is None else t / self.roster_size[team] * months

    def kpis(self, facts, target):
        """The KPI block (with counts and status) of a list of lead facts."""
        cohort = [f for f in facts if f["cohort"]]
        resp = sorted(f["response"] / 60 for f in cohort if f["response"] is not None)
        c = {"sal": sum(f["sal"] for f in cohort), "sql": sum(f["sql"] for f in cohort),
             "won": sum(f["closed"] == "won" for f in facts),
             "lost": sum(f["closed"] == "lost" for f in facts),
             "touched": len(resp),
             "within_sla": sum(1 for f in cohort if f["response"] is not None
                               and f["response"] <= self.target_sec),
             "sla_denominator": sum(f["counted"] for f in cohort),
             "attempts_compliant": sum(f["attempts"] == "compliant" for f in cohort),
             "attempts_noncompliant": sum(f["attempts"] == "noncompliant" for f in cohort),
             "returned_with_reason": sum(f["returned"] and f["reason"] for f in cohort)}
        returned = sum(f["returned"] for f in cohort)
        k = {"inquiries": sum(f["inquiry"] for f in facts), "mql_count": len(cohort),
             "mql_target": target, "sal_rate": ratio(c["sal"], len(cohort)),
             "mql_to_sql_rate": ratio(c["sql"], len(cohort)),
             "response_median_min": nearest_rank(resp, 1, 2) if resp else None,
             "response_p90_min": nearest_rank(resp, 9, 10) if resp else None,
             "response_mean_min": sum(resp) / len(resp) if resp else None,
             "response_within_sla_rate": ratio(c["within_sla"], c["sla_denominator"]),
             "untouched_breaches": sum(f["breach"] for f in cohort),
             "attempts_compliance_rate": ratio(c["attempts_compliant"],
                                               c["attempts_compliant"] + c["attempts_noncompliant"]),
             "attempts_pending": sum(f["attempts"] == "pending" for f in cohort),
             "returned_count": returned,
             "returned_with_reason_rate": ratio(c["returned_with_reason"], returned),
             "win_rate": ratio(c["won"], c["won"] + c["lost"]),
             "pipeline_amount": sum(f["pipeline"] or 0 for f in facts),
             "won_amount": sum(f["amount"] for f in facts if f["closed"] == "won")}
        k["status"] = self.statuses(k)
        k["counts"] = c
        return k

    def statuses(self, k):
        """RAG status of every KPI that has a target and a value."""
        s = {}
        if k["mql_target"] is not None:
            s["mql_count"] = status_of(k["mql_count"], k["mql_target"], self.tol)
        if k["response_median_min"] is not None:
            s["response_median_min"] = status_of(k["response_median_min"],
                                                 self.target_sec / 60, self.tol, True)
        s["untouched_breaches"] = "green" if k["untouched_breaches"] == 0 else "red"
        for key in ("sal_rate", "mql_to_sql_rate", "response_within_sla_rate",
                    "attempts_compliance_rate", "returned_with_reason_rate", "win_rate"):
            if k[key] is not None and key in self.targets:
                s[key] = status_of(k[key], self.targets[key], self.tol)
        return s

    def block(self, start, end, cut, months, with_reps=True):
        """Company, teams (and reps) KPI blocks for one period and cut-off."""
        facts = []
        for lead in self.d.leads.values():
            f = self.lead_facts(lead, start, end, cut)
            f.update(rep=lead["rep"], team=lead["team"], amount=lead["amount"], lead=lead)
            facts.append(f)
        used = any(l["rep"] == UNASSIGNED for l in self.d.leads.values())
        teams = sorted(list(self.team_targets) + ([UNASSIGNED] if used else []))
        reps = sorted(list(self.d.roster) + ([UNASSIGNED] if used else []))
        out = {"company": self.kpis(facts, self.target("company", None, months)),
               "teams": [dict(team=t, **self.kpis([f for f in facts if f["team"] == t],
                                                  self.target("team", t, months)))
                         for t in teams]}
        if with_reps:
            out["reps"] = [dict(rep=r, team=self.d.roster[r][0] if r in self.d.roster
                                else UNASSIGNED,
                                **self.kpis([f for f in facts if f["rep"] == r],
                                            self.target("rep", r, months)))
                           for r in reps]
        out["facts"] = facts
        return out


def run(cfg_path, period, as_of_text):
    """Compute the whole kpis.json-shaped document."""
    d = Data(cfg_path)
    eng = Engine(d)
    start, end, months = period_bounds(period, d.tz)
    cut = parse_time(as_of_text, d.tz) if as_of_text else end
    main = eng.block(start, end, cut, len(months))
    doc = {"period": period, "as_of": iso(cut, d.tz), "timezone": d.cfg["timezone"],
           "company": main["company"], "teams": main["teams"], "reps": main["reps"],
           "months": []}
    for m in months:
        ms, me, _ = period_bounds(m, d.tz)
        b = eng.block(ms, me, cut, 1, with_reps=False)
        doc["months"].append({"month": m, "company": b["company"], "teams": b["teams"]})
    prev = previous_period(period)
    ps, pe, pmonths = period_bounds(prev, d.tz)
    if any(ps <= l[k] < pe for l in d.leads.values() for k in ("created_at", "mql_at")
           if l[k] is not None):
        b = eng.block(ps, pe, pe, len(pmonths))
        doc["previous"] = {"period": prev, "as_of": iso(pe, d.tz), "company": b["company"],
                           "teams": b["teams"], "reps": b["reps"]}
    breaches = [{"lead_id": f["lead"]["id"], "rep": f["rep"], "overdue_min": f["overdue"] / 60}
                for f in main["facts"] if f["cohort"] and f["overdue"] is not None]
    doc["breaches"] = sorted(breaches, key=lambda b: (-b["overdue_min"], b["lead_id"]))
    doc["data_quality"] = {"rows_read": d.rows_read, "rows_rejected": d.rows_rejected,
                           "rows_with_problems": d.rows_with_problems,
                           "problems": d.problems}
    return doc


def main():
    """Command line: print the reference kpis.json for a config and period."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--as-of")
    args = ap.parse_args()
    json.dump(run(args.config, args.period, args.as_of), sys.stdout, indent=1,
              ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
