#!/usr/bin/python3
"""pandas_kpis.py - comparison anchor for slapack's benchmark: the SPEC §4 KPIs
per rep, per team and for the company, computed with pandas (and numpy).

    /usr/bin/python3 bench/anchors/pandas_kpis.py CASE_DIR [PERIOD] [--dump]

CASE_DIR holds config.json, roster.csv and the inputs it names (leads.csv,
activities.csv, ma_events.jsonl), as written by slapack-gen. PERIOD is a month
(2025-05) or a quarter (2025-Q2, the default). Only the KPIs are computed: no
kpis.json, workbook or PDF. It prints the number of result rows and a few
totals; --dump also prints every result row as one JSON line (for compare.py).

Debian's pandas (python3-pandas) with its C CSV reader; one core, as pandas is.
The same rules as duckdb_kpis.mjs: local wall-clock times of the config's zone
(events' offsets converted), business time from a per-day calendar, touches
from mql_at to the cut-off, nearest-rank percentiles.
"""
import json
import os
import re
import sys

import numpy as np
import pandas as pd

DAY_NS = 86_400 * 10**9
WS = " \t\r\n\v\f"  # what slapack's trim removes


def die(msg):
    print(f"pandas: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    args = [a for a in sys.argv[1:] if a != "--dump"]
    dump = "--dump" in sys.argv[1:]
    if not 1 <= len(args) <= 2:
        sys.exit("usage: pandas_kpis.py CASE_DIR [PERIOD] [--dump]")
    config_path = os.path.join(args[0], "config.json")
    period = args[1] if len(args) > 1 else "2025-Q2"
    with open(config_path, encoding="utf-8") as f:
        cfg = json.load(f)
    base = os.path.dirname(config_path)

    def resolve(p):
        return p if os.path.isabs(p) else os.path.join(base, p)

    def input_path(name):
        p = cfg.get("inputs", {}).get(name, {}).get("path")
        if not isinstance(p, str):
            die(f"$.inputs.{name}.path: this anchor reads one file")
        return resolve(p)

    # ---- period (local wall clock of the config's zone); its end is the cut-off ----
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if m:
        year, first, months = int(m[1]), (int(m[2]) - 1) * 3 + 1, 3
    else:
        m = re.fullmatch(r"(\d{4})-(\d{2})", period)
        if not m or not 1 <= int(m[2]) <= 12:
            die(f"period: expected 2025-Q2 or 2025-05, got {period}")
        year, first, months = int(m[1]), int(m[2]), 1
    p_start = pd.Timestamp(year=year, month=first, day=1)
    p_end = p_start + pd.DateOffset(months=months)
    start_ns, end_ns = p_start.value, p_end.value

    # ---- calendar: per local day, worked or not, business seconds before it ----
    cal = cfg.get("calendar", {})

    def hm(s):
        h, mi = s.split(":")
        return int(h) * 3600 + int(mi) * 60

    open_s, close_s = hm(cal.get("open", "09:00")), hm(cal.get("close", "17:00"))
    day_len = close_s - open_s
    dows = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
    workdays = [dows[d] for d in cal.get("workdays", ["mon", "tue", "wed", "thu", "fri"])]
    days = pd.date_range(p_start - pd.Timedelta(days=7), p_end + pd.Timedelta(days=7), freq="D")
    work = np.isin(days.dayofweek, workdays) & ~days.isin(pd.to_datetime(cal.get("holidays", [])))
    day_secs = work.astype(np.int64) * day_len
    before = np.cumsum(day_secs) - day_secs
    day0 = days[0].value // DAY_NS

    def bpos(ns):
        """Business seconds from the calendar's start to local times ns (int64)."""
        d = ns // DAY_NS
        i = d - day0
        sod = (ns - d * DAY_NS) // 10**9
        return before[i] + np.where(work[i], np.clip(sod - open_s, 0, day_len), 0)

    sla = cfg["sla"]
    target_s = sla["response_minutes"] * 60
    window_s = sla["attempt_window_days"] * day_len
    min_attempts = sla["min_attempts"]
    tz = cfg["timezone"]

    def ts(col):
        return pd.to_datetime(col, format="%Y-%m-%d %H:%M:%S")

    def ns_of(series):
        """int64 ns of a datetime64 series, NaT as int64 min."""
        return series.values.astype("datetime64[ns]").astype(np.int64)

    NAT = np.iinfo(np.int64).min

    # ---- roster and teams ----
    roster = pd.read_csv(resolve(cfg["roster"]), dtype=str, keep_default_na=False)
    roster["rep"] = roster["rep"].str.strip(WS)
    roster["team"] = roster["team"].str.strip()
    rep_team = dict(zip(roster["rep"], roster["team"]))
    team_monthly = {t["name"]: float(t["mql_target_monthly"]) for t in cfg["teams"]}
    reps_per_team = roster.groupby("team").size().to_dict()
    rep_target = {}
    for r, t, v in zip(roster["rep"], roster["team"],
                       roster.get("mql_target_monthly", pd.Series([""] * len(roster)))):
        v = pd.to_numeric(v, errors="coerce")
        rep_target[r] = float(v if not pd.isna(v) else team_monthly[t] / reps_per_team[t]) * months

    # ---- leads (a repeated lead_id keeps its first row) ----
    leads = pd.read_csv(
        input_path("leads"), dtype=str, keep_default_na=False, na_values=[""],
        usecols=["lead_id", "email", "created_at", "owner", "mql_at", "sal_at", "sql_at",
                 "closed_at", "status", "return_reason", "amount"])
    leads = leads.drop_duplicates("lead_id", keep="first").reset_index(drop=True)
    n = len(leads)
    owner = leads["owner"].fillna("").str.strip(WS)
    team = owner.map(rep_team)
    rep = owner.where(team.notna(), "unassigned")
    team = team.fillna("unassigned")
    created = ns_of(ts(leads["created_at"]))
    mql = ns_of(ts(leads["mql_at"]))
    sal = ns_of(ts(leads["sal_at"]))
    sqlt = ns_of(ts(leads["sql_at"]))
    closed = ns_of(ts(leads["closed_at"]))
    cents = (pd.to_numeric(leads["amount"]).fillna(0) * 100).round().astype(np.int64).values
    status = leads["status"].values
    has_reason = leads["return_reason"].fillna("").str.strip(WS).ne("").values

    # ---- MA events: earliest "mql" per lead, by lead_id, else by normalised e-mail ----
    parts = []
    for chunk in pd.read_json(input_path("marketing_events"), lines=True, dtype=False,
                              convert_dates=False, chunksize=200_000):
        for c in ("lead_id", "email", "at"):
            if c not in chunk:
                chunk[c] = None
        parts.append(chunk.loc[(chunk["event"] == "mql") & chunk["at"].notna(),
                               ["lead_id", "email", "at"]])
    ev = pd.concat(parts, ignore_index=True)
    ev = ev[ev["at"].astype(str).str.len() > 0]
    at = ev["at"].astype(str)
    with_offset = at.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$")
    local = pd.Series(pd.NaT, index=ev.index, dtype="datetime64[ns]")
    local[with_offset] = (pd.to_datetime(at[with_offset], utc=True)
                          .dt.tz_convert(tz).dt.tz_localize(None))
    local[~with_offset] = pd.to_datetime(at[~with_offset])  # offset-less: already local
    lead_index = pd.Index(leads["lead_id"])
    idx = lead_index.get_indexer(ev["lead_id"])
    rest = idx < 0
    if rest.any():
        em = leads["email"].fillna("").str.strip(WS).str.lower()
        first_by_email = pd.Series(np.arange(n), index=em).loc[lambda s: ~s.index.duplicated()]
        ev_em = ev.loc[rest, "email"].fillna("").str.strip(WS).str.lower()
        idx[rest] = first_by_email.reindex(ev_em.values).fillna(-1).astype(np.int64).values
    ok = idx >= 0
    ev_min = pd.Series(ns_of(local[ok])).groupby(idx[ok]).min()
    mql[ev_min.index.values] = ev_min.values

    # ---- cohort: mql_at in the period (at or before the cut-off) ----
    cohort = (mql >= start_ns) & (mql < end_ns)
    cidx = np.flatnonzero(cohort)
    mql_b = np.zeros(n, dtype=np.int64)
    mql_b[cidx] = bpos(mql[cidx])
    cut_b = bpos(np.array([end_ns]))[0]
    elapsed = cut_b - mql_b

    # ---- activities: a repeated activity_id counts once (its first row); ids
    # are compared as written, as in duckdb_kpis.mjs (slapack also trims them) ----
    acts = pd.read_csv(input_path("activities"), dtype=str, keep_default_na=False,
                       na_values=[""], usecols=["activity_id", "lead_id", "occurred_at"])
    aid = acts["activity_id"]
    sel = ~(aid.notna() & aid.duplicated()).values
    ai = lead_index.get_indexer(acts["lead_id"])
    sel &= ai >= 0
    ai = ai[sel]
    occ = ns_of(ts(acts["occurred_at"][sel]))
    del acts, aid
    sel = cohort[ai] & (occ != NAT) & (occ >= mql[ai]) & (occ <= end_ns)
    ai, occ = ai[sel], occ[sel]
    rel = bpos(occ) - mql_b[ai]
    first = pd.Series(rel).groupby(ai).min()
    resp = np.full(n, -1, dtype=np.int64)
    resp[first.index.values] = first.values
    window_touches = np.bincount(ai, weights=(rel <= window_s), minlength=n)

    # ---- facts per lead ----
    touched = cohort & (resp >= 0)
    is_sal = (sal != NAT) & (sal <= end_ns)
    is_sql = (sqlt != NAT) & (sqlt <= end_ns)
    sql_after = np.full(n, np.iinfo(np.int64).max)
    s_ok = cohort & is_sql & (sqlt >= mql)
    sql_after[s_ok] = bpos(sqlt[s_ok]) - mql_b[s_ok]
    untouched_breach = cohort & ~touched & (elapsed > target_s)
    compliant = cohort & ((window_touches >= min_attempts) | (sql_after <= window_s))
    pending = cohort & ~compliant & (elapsed < window_s)
    returned = cohort & np.isin(status, ["recycled", "rejected"])
    closed_in = is_sql & (closed >= start_ns) & (closed < end_ns)
    won = closed_in & (status == "won")
    lost = closed_in & (status == "lost")
    facts = pd.DataFrame({
        "team": team.values, "rep": rep.values,
        "inquiries": (created >= start_ns) & (created < end_ns),
        "mql_count": cohort, "sal": cohort & is_sal, "sql": cohort & is_sql,
        "touched": touched, "within": touched & (resp <= target_s),
        "untouched_breaches": untouched_breach, "compliant": compliant,
        "attempts_pending": pending, "returned_count": returned,
        "with_reason": returned & has_reason, "won": won, "lost": lost,
        "pipeline": np.where(is_sql & (sqlt >= start_ns) & (sqlt < end_ns), cents, 0),
        "won_cents": np.where(won, cents, 0),
    })
    touched_df = pd.DataFrame({"team": team.values[touched], "rep": rep.values[touched],
                               "resp": resp[touched]})

    # ---- aggregation: rep, team, company ----
    def nearest(values, num, den):
        v = np.sort(values)
        return v[(num * len(v) + den - 1) // den - 1] / 60.0 if len(v) else None

    def kpis(s, r):
        def ratio(a, b):
            return float(a) / float(b) if b else None

        mc = int(s["mql_count"])
        return {
            "inquiries": int(s["inquiries"]), "mql_count": mc,
            "sal_rate": ratio(s["sal"], mc), "mql_to_sql_rate": ratio(s["sql"], mc),
            "response_median_min": nearest(r, 1, 2), "response_p90_min": nearest(r, 9, 10),
            "response_mean_min": float(np.mean(r)) / 60.0 if len(r) else None,
            "response_within_sla_rate": ratio(s["within"], s["touched"] + s["untouched_breaches"]),
            "untouched_breaches": int(s["untouched_breaches"]),
            "attempts_compliance_rate": ratio(s["compliant"], mc - s["attempts_pending"]),
            "attempts_pending": int(s["attempts_pending"]),
            "returned_count": int(s["returned_count"]),
            "returned_with_reason_rate": ratio(s["with_reason"], s["returned_count"]),
            "win_rate": ratio(s["won"], s["won"] + s["lost"]),
            "pipeline_amount": int(s["pipeline"]) / 100.0,
            "won_amount": int(s["won_cents"]) / 100.0,
        }

    rows = []
    sums = facts.drop(columns=["team", "rep"]).sum()
    rows.append({"level": "company", "team": None, "rep": None,
                 "mql_target": sum(team_monthly.values()) * months,
                 **kpis(sums, touched_df["resp"].values)})
    resp_by_team = {k: g.values for k, g in touched_df.groupby("team")["resp"]}
    for t, s in facts.drop(columns=["rep"]).groupby("team").sum().iterrows():
        rows.append({"level": "team", "team": t, "rep": None,
                     "mql_target": team_monthly[t] * months if t in team_monthly else None,
                     **kpis(s, resp_by_team.get(t, np.array([], dtype=np.int64)))})
    resp_by_rep = {k: g.values for k, g in touched_df.groupby(["team", "rep"])["resp"]}
    for (t, r), s in facts.groupby(["team", "rep"]).sum().iterrows():
        rows.append({"level": "rep", "team": t, "rep": r, "mql_target": rep_target.get(r),
                     **kpis(s, resp_by_rep.get((t, r), np.array([], dtype=np.int64)))})

    c = rows[0]
    teams = [r for r in rows if r["level"] == "team"]
    reps = [r for r in rows if r["level"] == "rep"]

    def f(v, d=4):
        return "null" if v is None else f"{v:.{d}f}"

    print(f"pandas: {period}: {len(rows)} result rows ({len(teams)} teams, {len(reps)} reps, company)")
    print(f"pandas: company mql {c['mql_count']} / target {f(c['mql_target'], 0)}, "
          f"sal {f(c['sal_rate'])}, mql->sql {f(c['mql_to_sql_rate'])}, "
          f"response median {f(c['response_median_min'], 1)} min "
          f"p90 {f(c['response_p90_min'], 1)} min, within SLA {f(c['response_within_sla_rate'])}, "
          f"attempts {f(c['attempts_compliance_rate'])}, "
          f"with reason {f(c['returned_with_reason_rate'])}, win {f(c['win_rate'])}")
    print(f"pandas: sum of team mql {sum(t['mql_count'] for t in teams)}, "
          f"sum of rep mql {sum(r['mql_count'] for r in reps)}")
    if dump:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
