#!/usr/bin/env node
// duckdb_kpis.mjs - comparison anchor for slapack's benchmark: the SPEC §4 KPIs
// per rep, per team and for the company, computed in SQL by DuckDB.
//
//   node bench/anchors/duckdb_kpis.mjs CASE_DIR [PERIOD] [--dump]
//
// CASE_DIR holds config.json, roster.csv and the inputs it names (leads.csv,
// activities.csv, ma_events.jsonl), as written by slapack-gen. PERIOD is a
// month (2025-05) or a quarter (2025-Q2, the default). Only the KPIs are
// computed: no kpis.json, workbook or PDF. It prints the number of result rows
// and a few totals; --dump also prints every result row as one JSON line (for
// compare.py), which is not part of the timed work.
//
// Reading: read_csv / read_json with DuckDB's defaults (all cores). JavaScript
// only reads config.json and builds the SQL; every KPI is computed by DuckDB.
//
// Times: the CSVs carry offset-less local times in the config's zone; the
// events' ISO times with offsets are converted to that zone. All comparisons
// and business time are then done on local wall-clock timestamps, which is
// exact for business hours (no DST change happens inside 09:00-17:00).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const dump = args.includes('--dump');
const pos = args.filter((a) => a !== '--dump');
if (pos.length < 1 || pos.length > 2) {
  console.error('usage: node duckdb_kpis.mjs CASE_DIR [PERIOD] [--dump]');
  process.exit(2);
}
const configPath = join(pos[0], 'config.json');
const periodText = pos[1] ?? '2025-Q2';
const cfg = JSON.parse(readFileSync(configPath, 'utf8'));
const base = dirname(configPath);
const resolve = (p) => (isAbsolute(p) ? p : join(base, p));
const inputPath = (name) => {
  const p = cfg.inputs?.[name]?.path;
  if (typeof p !== 'string') throw new Error(`$.inputs.${name}.path: this anchor reads one file`);
  return resolve(p);
};

// ---- period (local wall clock of the config's zone) ----
let m = /^(\d{4})-Q([1-4])$/.exec(periodText);
let year, firstMonth, months;
if (m) [year, firstMonth, months] = [+m[1], (+m[2] - 1) * 3 + 1, 3];
else if ((m = /^(\d{4})-(\d{2})$/.exec(periodText)) && +m[2] >= 1 && +m[2] <= 12)
  [year, firstMonth, months] = [+m[1], +m[2], 1];
else throw new Error(`period: expected 2025-Q2 or 2025-05, got ${periodText}`);
const ymd = (y, mo) => {
  y += Math.floor((mo - 1) / 12);
  mo = ((mo - 1) % 12) + 1;
  return `${y}-${String(mo).padStart(2, '0')}-01`;
};
const pStart = `${ymd(year, firstMonth)} 00:00:00`;
const pEnd = `${ymd(year, firstMonth + months)} 00:00:00`; // also the cut-off

// ---- calendar and SLA from the config ----
const cal = cfg.calendar ?? {};
const hm = (s) => {
  const [h, mi] = s.split(':').map(Number);
  return h * 3600 + mi * 60;
};
const openS = hm(cal.open ?? '09:00');
const closeS = hm(cal.close ?? '17:00');
const dayLen = closeS - openS;
const dows = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const workdays = (cal.workdays ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((d) => dows[d]);
const holidays = cal.holidays ?? [];
const targetS = cfg.sla.response_minutes * 60;
const windowS = cfg.sla.attempt_window_days * dayLen;
const minAttempts = cfg.sla.min_attempts;
const tz = cfg.timezone;
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const teamTargets = cfg.teams.map((t) => `(${q(t.name)}, ${Number(t.mql_target_monthly)})`).join(', ');

const ts = "timestampformat = '%Y-%m-%d %H:%M:%S'";
const leadCols = `{'lead_id': 'VARCHAR', 'email': 'VARCHAR', 'company': 'VARCHAR',
  'created_at': 'TIMESTAMP', 'source': 'VARCHAR', 'campaign': 'VARCHAR', 'owner': 'VARCHAR',
  'team': 'VARCHAR', 'mql_at': 'TIMESTAMP', 'sal_at': 'TIMESTAMP', 'sql_at': 'TIMESTAMP',
  'closed_at': 'TIMESTAMP', 'status': 'VARCHAR', 'return_reason': 'VARCHAR', 'amount': 'DECIMAL(18,2)'}`;
const actCols = `{'activity_id': 'VARCHAR', 'lead_id': 'VARCHAR', 'rep': 'VARCHAR', 'type': 'VARCHAR',
  'occurred_at': 'TIMESTAMP', 'outcome': 'VARCHAR'}`;
const WS = "' \\t\\r\\n\\v\\f'"; // what slapack's trim removes (E-string below)

const sql = [
  `SET TimeZone = ${q(tz)}`, // offset-less event times are local, as in SPEC §3
  // Business calendar: for each local day, whether it is worked and the business
  // seconds of all days before it. Only instants between the period's start and
  // its cut-off are ever measured, so a few days either side are enough.
  `CREATE TEMP TABLE cal AS
   WITH d AS (
     SELECT CAST(range AS DATE) AS day,
            isodow(range) IN (${workdays.join(', ') || 'NULL'})
              AND CAST(range AS DATE) NOT IN (${holidays.map((h) => `DATE ${q(h)}`).join(', ') || 'NULL'}) AS work
     FROM range(TIMESTAMP ${q(pStart)} - INTERVAL 7 DAY, TIMESTAMP ${q(pEnd)} + INTERVAL 7 DAY, INTERVAL 1 DAY))
   SELECT day, work,
          sum(CASE WHEN work THEN ${dayLen} ELSE 0 END) OVER (ORDER BY day)
            - CASE WHEN work THEN ${dayLen} ELSE 0 END AS before
   FROM d`,
  // bpos(t): business seconds from the calendar's start to local time t (an
  // instant outside hours sits at the next opening). Business time between a
  // and b is bpos(b) - bpos(a). Used with a join on cal.day = t::DATE.
  `CREATE MACRO bpos(c_before, c_work, t) AS
     c_before + CASE WHEN c_work
       THEN least(greatest(CAST(epoch(t) AS BIGINT) % 86400 - ${openS}, 0), ${dayLen}) ELSE 0 END`,
  `CREATE TEMP TABLE roster AS
   SELECT trim(rep, E${WS}) AS rep, trim(team) AS team, TRY_CAST(mql_target_monthly AS DOUBLE) AS rep_target
   FROM read_csv(${q(resolve(cfg.roster))}, header = true, all_varchar = true)`,
  `CREATE TEMP TABLE teams AS SELECT * FROM (VALUES ${teamTargets}) t(team, monthly)`,
  // Leads, in file order (rowid); a repeated lead_id keeps its first row.
  `CREATE TEMP TABLE leads_raw AS
   SELECT lead_id, email, created_at, owner, mql_at, sal_at, sql_at, closed_at, status,
          coalesce(trim(return_reason, E${WS}), '') <> '' AS has_reason, coalesce(amount, CAST(0 AS DECIMAL(18,2))) AS amount
   FROM read_csv(${q(inputPath('leads'))}, header = true, delim = ',', quote = '"', escape = '"',
                 columns = ${leadCols}, ${ts})`,
  `CREATE TEMP TABLE dups AS
   SELECT lead_id, min(rowid) AS keep FROM leads_raw GROUP BY lead_id HAVING count(*) > 1`,
  // MA events: the earliest "mql" event of a lead is its MQL time. An event joins
  // by lead_id when that lead exists, else by normalised e-mail (first lead in
  // file order with that address).
  `CREATE TEMP TABLE ev AS
   SELECT lead_id, email, CAST("at" AS TIMESTAMPTZ) AS ts
   FROM read_json(${q(inputPath('marketing_events'))}, format = 'newline_delimited',
                  columns = {'lead_id': 'VARCHAR', 'email': 'VARCHAR', 'event': 'VARCHAR', 'at': 'VARCHAR'})
   WHERE event = 'mql' AND "at" IS NOT NULL AND "at" <> ''`,
  `CREATE TEMP TABLE ev_mql AS
   WITH m AS (
     SELECT e.ts, e.email, l.lead_id AS hit FROM ev e LEFT JOIN leads_raw l ON l.lead_id = e.lead_id),
   rest AS (
     SELECT lower(trim(email, E${WS})) AS em, ts FROM m WHERE hit IS NULL),
   by_email AS (
     SELECT lower(trim(email, E${WS})) AS em, arg_min(lead_id, rowid) AS lead_id FROM leads_raw
     WHERE lower(trim(email, E${WS})) IN (SELECT em FROM rest) GROUP BY 1)
   SELECT lead_id, min(ts) AS ts FROM (
     SELECT hit AS lead_id, ts FROM m WHERE hit IS NOT NULL
     UNION ALL SELECT b.lead_id, r.ts FROM rest r JOIN by_email b USING (em))
   GROUP BY lead_id`,
  // One row per lead (a repeated lead_id keeps its first row): the owner's team
  // from the roster, the final mql_at.
  `CREATE TEMP TABLE L AS
   SELECT l.lead_id, coalesce(r.rep, 'unassigned') AS rep, coalesce(r.team, 'unassigned') AS team,
          l.created_at, coalesce(e.ts AT TIME ZONE ${q(tz)}, l.mql_at) AS mql_at, l.sal_at, l.sql_at,
          l.closed_at, l.status, l.has_reason, l.amount
   FROM leads_raw l
   LEFT JOIN dups d ON d.lead_id = l.lead_id
   LEFT JOIN roster r ON r.rep = trim(l.owner, E${WS})
   LEFT JOIN ev_mql e ON e.lead_id = l.lead_id
   WHERE d.keep IS NULL OR d.keep = l.rowid`,
  `CREATE TEMP TABLE cohort AS
   SELECT L.lead_id, L.mql_at, bpos(c.before, c.work, L.mql_at) AS mql_b,
          bpos(s.before, s.work, L.sql_at) AS sql_b
   FROM L JOIN cal c ON c.day = CAST(L.mql_at AS DATE)
   LEFT JOIN cal s ON s.day = CAST(L.sql_at AS DATE) AND L.sql_at >= L.mql_at AND L.sql_at <= TIMESTAMP ${q(pEnd)}
   WHERE L.mql_at >= TIMESTAMP ${q(pStart)} AND L.mql_at < TIMESTAMP ${q(pEnd)}`,
  // Activities: touches are a cohort lead's activities at or after mql_at and at
  // or before the cut-off, by anyone; a repeated activity_id counts once (its
  // earliest row). Ids are compared as written (slapack also trims blanks
  // around them; trimming 4.8M ids costs DuckDB about a second).
  `CREATE TEMP TABLE touches AS
   WITH a AS (
     SELECT arg_min(lead_id, occurred_at) AS lead_id, min(occurred_at) AS occurred_at
     FROM read_csv(${q(inputPath('activities'))}, header = true, delim = ',', quote = '"', escape = '"',
                   columns = ${actCols}, ${ts})
     WHERE occurred_at IS NOT NULL AND lead_id IN (SELECT lead_id FROM cohort)
     GROUP BY CASE WHEN trim(activity_id) <> '' THEN activity_id
                   ELSE chr(1) || lead_id || chr(1) || CAST(occurred_at AS VARCHAR) END)
   SELECT k.lead_id, min(bpos(c.before, c.work, a.occurred_at)) - k.mql_b AS resp_s,
          count(*) FILTER (WHERE bpos(c.before, c.work, a.occurred_at) - k.mql_b <= ${windowS}) AS window_touches
   FROM a JOIN cohort k ON k.lead_id = a.lead_id
   JOIN cal c ON c.day = CAST(a.occurred_at AS DATE)
   WHERE a.occurred_at >= k.mql_at AND a.occurred_at <= TIMESTAMP ${q(pEnd)}
   GROUP BY k.lead_id, k.mql_b`,
  // Facts per lead (every lead: the flows count whatever the MQL month).
  `CREATE TEMP TABLE facts AS
   WITH cut AS (SELECT bpos(before, work, TIMESTAMP ${q(pEnd)}) AS b FROM cal WHERE day = CAST(TIMESTAMP ${q(pEnd)} AS DATE))
   SELECT L.rep, L.team, k.lead_id IS NOT NULL AS cohort,
          L.sal_at IS NOT NULL AND L.sal_at <= TIMESTAMP ${q(pEnd)} AS sal,
          L.sql_at IS NOT NULL AND L.sql_at <= TIMESTAMP ${q(pEnd)} AS is_sql,
          t.resp_s, coalesce(t.window_touches, 0) AS window_touches,
          (SELECT b FROM cut) - k.mql_b AS elapsed_s, k.sql_b - k.mql_b AS sql_after_s,
          L.status IN ('recycled', 'rejected') AS returned, L.has_reason,
          L.created_at >= TIMESTAMP ${q(pStart)} AND L.created_at < TIMESTAMP ${q(pEnd)} AS inquiry,
          L.sql_at >= TIMESTAMP ${q(pStart)} AND L.sql_at < TIMESTAMP ${q(pEnd)} AS sql_in_period,
          L.sql_at IS NOT NULL AND L.sql_at <= TIMESTAMP ${q(pEnd)}
            AND L.closed_at >= TIMESTAMP ${q(pStart)} AND L.closed_at < TIMESTAMP ${q(pEnd)} AS closed_in_period,
          L.status, L.amount
   FROM L LEFT JOIN cohort k ON k.lead_id = L.lead_id
   LEFT JOIN touches t ON t.lead_id = L.lead_id`,
  `CREATE TEMP TABLE facts2 AS
   SELECT *, resp_s IS NOT NULL AS touched,
          cohort AND resp_s IS NULL AND elapsed_s > ${targetS} AS untouched_breach,
          cohort AND (window_touches >= ${minAttempts} OR (is_sql AND sql_after_s <= ${windowS})) AS compliant
   FROM facts`,
];

const result = `
WITH agg AS (
  SELECT CASE WHEN grouping(team) = 1 THEN 'company' WHEN grouping(rep) = 1 THEN 'team' ELSE 'rep' END AS level,
         team, rep,
         count(*) FILTER (WHERE inquiry) AS inquiries,
         count(*) FILTER (WHERE cohort) AS mql_count,
         count(*) FILTER (WHERE cohort AND sal) AS sal_count,
         count(*) FILTER (WHERE cohort AND is_sql) AS sql_count,
         count(*) FILTER (WHERE cohort AND touched) AS touched,
         count(*) FILTER (WHERE cohort AND touched AND resp_s <= ${targetS}) AS within_sla,
         count(*) FILTER (WHERE untouched_breach) AS untouched_breaches,
         count(*) FILTER (WHERE compliant) AS compliant,
         count(*) FILTER (WHERE cohort AND NOT compliant AND elapsed_s < ${windowS}) AS pending,
         count(*) FILTER (WHERE cohort AND returned) AS returned_count,
         count(*) FILTER (WHERE cohort AND returned AND has_reason) AS returned_with_reason,
         count(*) FILTER (WHERE closed_in_period AND status = 'won') AS won,
         count(*) FILTER (WHERE closed_in_period AND status = 'lost') AS lost,
         coalesce(sum(amount) FILTER (WHERE is_sql AND sql_in_period), 0) AS pipeline_amount,
         coalesce(sum(amount) FILTER (WHERE closed_in_period AND status = 'won'), 0) AS won_amount,
         avg(resp_s) FILTER (WHERE cohort AND touched) / 60.0 AS response_mean_min,
         list(resp_s ORDER BY resp_s) FILTER (WHERE cohort AND touched) AS resp
  FROM facts2 GROUP BY GROUPING SETS ((team, rep), (team), ())),
reps_per_team AS (SELECT team, count(*) AS n FROM roster GROUP BY team)
SELECT a.level, a.team, a.rep, a.inquiries, a.mql_count,
       CASE a.level WHEN 'company' THEN (SELECT sum(monthly) FROM teams) * ${months}
                    WHEN 'team' THEN t.monthly * ${months}
                    ELSE coalesce(r.rep_target, t.monthly / n.n) * ${months} END AS mql_target,
       a.sal_count / nullif(a.mql_count, 0) AS sal_rate,
       a.sql_count / nullif(a.mql_count, 0) AS mql_to_sql_rate,
       a.resp[(len(a.resp) + 1) // 2] / 60.0 AS response_median_min,
       a.resp[(9 * len(a.resp) + 9) // 10] / 60.0 AS response_p90_min,
       a.response_mean_min,
       a.within_sla / nullif(a.touched + a.untouched_breaches, 0) AS response_within_sla_rate,
       a.untouched_breaches,
       a.compliant / nullif(a.mql_count - a.pending, 0) AS attempts_compliance_rate,
       a.pending AS attempts_pending,
       a.returned_count,
       a.returned_with_reason / nullif(a.returned_count, 0) AS returned_with_reason_rate,
       a.won / nullif(a.won + a.lost, 0) AS win_rate,
       CAST(a.pipeline_amount AS DOUBLE) AS pipeline_amount, CAST(a.won_amount AS DOUBLE) AS won_amount
FROM agg a
LEFT JOIN teams t ON t.team = a.team
LEFT JOIN roster r ON r.rep = a.rep
LEFT JOIN reps_per_team n ON n.team = a.team
ORDER BY a.level, a.team, a.rep`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const s of sql) {
  try {
    await con.run(s);
  } catch (e) {
    console.error(`duckdb: ${e.message.split("\n")[0]}\nin: ${s.slice(0, 200)}`);
    process.exit(1);
  }
}
const reader = await con.runAndReadAll(result);
const rows = reader.getRowObjectsJS();
const num = (v) => (typeof v === 'bigint' ? Number(v) : v);
const company = rows.find((r) => r.level === 'company');
const teams = rows.filter((r) => r.level === 'team');
const reps = rows.filter((r) => r.level === 'rep');
const f = (v, d = 4) => (v === null || v === undefined ? 'null' : Number(v).toFixed(d));
console.log(`duckdb: ${periodText}: ${rows.length} result rows (${teams.length} teams, ${reps.length} reps, company)`);
console.log(
  `duckdb: company mql ${num(company.mql_count)} / target ${f(company.mql_target, 0)}, sal ${f(company.sal_rate)}, ` +
    `mql->sql ${f(company.mql_to_sql_rate)}, response median ${f(company.response_median_min, 1)} min ` +
    `p90 ${f(company.response_p90_min, 1)} min, within SLA ${f(company.response_within_sla_rate)}, ` +
    `attempts ${f(company.attempts_compliance_rate)}, with reason ${f(company.returned_with_reason_rate)}, ` +
    `win ${f(company.win_rate)}`,
);
console.log(`duckdb: sum of team mql ${teams.reduce((s, t) => s + num(t.mql_count), 0)}, ` +
  `sum of rep mql ${reps.reduce((s, r) => s + num(r.mql_count), 0)}`);
if (dump)
  for (const r of rows)
    console.log(JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)]))));
