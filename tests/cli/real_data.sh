# Real public exports (../shared/real-data, see its README.md) read through
# user-style profiles (tests/fixtures/real/*.json), against figures computed
# independently with python3's csv module straight from the files:
#
#   Maven CRM pipeline: deals with deal_stage Won / Lost, grouped by the
#   quarter of close_date and by the agent's regional_office in
#   sales_teams.csv; won value = sum of close_value over Won deals.
#     Q1 531/116, Q2 1254/778, Q3 1257/790, Q4 1196/789 (won/lost)
#     all 4238/2473 = 0.6315; Central 1629/975 = 0.6256, East 1171/687 = 0.6302,
#     West 1438/811 = 0.6394; won value 10,005,534 (Q1 1,134,672, Q2 3,086,111,
#     Q3 2,982,255, Q4 2,802,496)
#   Olist MQLs: rows per month of first_contact_date:
#     2018-01 1141, 2018-02 1028, 2018-03 1174, 2018-04 1352, 2018-05 1303
#   (the semicolon/BOM/CRLF/YYYY.MM.DD variant of the same rows gives the same).
. "$(dirname "$0")/common.bash"

REAL=${SLAPACK_SHARED_DIR:-$SRC/../shared}/real-data
if [ ! -d "$REAL/maven-crm-sales-opportunities" ] || [ ! -d "$REAL/olist-marketing-funnel" ]; then
    echo "skipped: real data not found at $REAL (set SLAPACK_SHARED_DIR)"
    exit 77
fi

# config NAME TIMEZONE TEAMS LEADS PROFILE: a config in $TMP/NAME with a roster
# already written there and an empty activities export.
config() {
    local dir=$TMP/$1
    printf 'activity_id,lead_id,rep,type,occurred_at,outcome\n' >"$dir/activities.csv"
    python3 - "$dir/config.json" "$2" "$3" "$4" "$5" <<'PY'
import json, sys
path, tz, teams, leads, profile = sys.argv[1:]
json.dump({
    "company": "Real data", "language": "en", "timezone": tz,
    "calendar": {"workdays": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00",
                 "close": "17:00", "holidays": []},
    "sla": {"response_minutes": 240, "attempt_window_days": 10, "min_attempts": 6,
            "amber_tolerance": 0.1,
            "targets": {"sal_rate": 0.7, "mql_to_sql_rate": 0.2, "response_within_sla_rate": 0.9,
                        "attempts_compliance_rate": 0.8, "returned_with_reason_rate": 1.0,
                        "win_rate": 0.3}},
    "teams": [{"name": t, "mql_target_monthly": 1} for t in teams.split(",")],
    "roster": "roster.csv",
    "inputs": {"leads": {"path": leads, "profile": profile},
               "activities": {"path": "activities.csv"}},
}, open(path, "w"))
PY
}

# Maven: roster from sales_teams.csv (agent -> regional office), four quarters.
mkdir -p "$TMP/maven"
python3 - "$REAL/maven-crm-sales-opportunities/sales_teams.csv" "$TMP/maven/roster.csv" <<'PY'
import csv, sys
w = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
w.writerow(["rep", "name", "team", "email"])
for r in csv.DictReader(open(sys.argv[1])):
    w.writerow([r["sales_agent"], r["sales_agent"], r["regional_office"], ""])
PY
config maven UTC Central,East,West "$REAL/maven-crm-sales-opportunities/sales_pipeline.csv" \
    "$SRC/tests/fixtures/real/maven-pipeline.json"
for q in 1 2 3 4; do
    "$BIN" run --config "$TMP/maven/config.json" --period "2017-Q$q" --out "$TMP/maven/out" \
        2>"$TMP/maven/err" || { echo "FAIL: maven 2017-Q$q"; cat "$TMP/maven/err"; failures=$((failures + 1)); }
done
python3 - "$TMP/maven/out" <<'PY' || failures=$((failures + 1))
import json, sys
runs = [json.load(open("%s/2017-Q%d/kpis.json" % (sys.argv[1], q))) for q in (1, 2, 3, 4)]
fails = []
def check(what, got, want):
    if got != want:
        fails.append("%s: got %r, want %r" % (what, got, want))
quarters = [(531, 116, 1134672), (1254, 778, 3086111), (1257, 790, 2982255), (1196, 789, 2802496)]
for q, (run, (won, lost, value)) in enumerate(zip(runs, quarters), 1):
    c = run["company"]
    check("Q%d won/lost" % q, (c["counts"]["won"], c["counts"]["lost"]), (won, lost))
    check("Q%d won_amount" % q, c["won_amount"], value)
    check("Q%d win_rate" % q, round(c["win_rate"], 4), round(won / (won + lost), 4))
won = sum(r["company"]["counts"]["won"] for r in runs)
lost = sum(r["company"]["counts"]["lost"] for r in runs)
check("2017 won/lost", (won, lost), (4238, 2473))
check("2017 win rate", round(won / (won + lost), 4), 0.6315)
check("2017 won value", sum(r["company"]["won_amount"] for r in runs), 10005534)
for team, rate, counts in (("Central", 0.6256, (1629, 975)), ("East", 0.6302, (1171, 687)),
                           ("West", 0.6394, (1438, 811))):
    t = [next(x for x in r["teams"] if x["team"] == team)["counts"] for r in runs]
    w, l = sum(x["won"] for x in t), sum(x["lost"] for x in t)
    check(team + " won/lost", (w, l), counts)
    check(team + " win rate", round(w / (w + l), 4), rate)
reps = runs[1]["reps"]
check("reps in the roll-up (30 with deals + 5 without)", len(reps), 35)
check("nothing rejected", runs[0]["data_quality"]["rows_rejected"], 0)
if fails:
    print("FAIL: maven:\n  " + "\n  ".join(fails))
    sys.exit(1)
PY

# Olist: MQL volume per month, the pristine file and the Hungarian-Excel variant.
for variant in pristine variant; do
    mkdir -p "$TMP/olist-$variant"
    printf 'rep,name,team,email\nsr,SR,Sellers,\n' >"$TMP/olist-$variant/roster.csv"
    file=$REAL/olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv
    [ "$variant" = variant ] &&
        file=$REAL/olist-marketing-funnel/variant-hiflylabs-semicolon/olist_marketing_qualified_leads_dataset.csv
    config "olist-$variant" America/Sao_Paulo Sellers "$file" "$SRC/tests/fixtures/real/olist-mqls.json"
    for period in 2018-Q1 2018-Q2; do
        "$BIN" run --config "$TMP/olist-$variant/config.json" --period "$period" \
            --out "$TMP/olist-$variant/out" 2>"$TMP/olist-$variant/err" ||
            { echo "FAIL: olist $variant $period"; cat "$TMP/olist-$variant/err"; failures=$((failures + 1)); }
    done
    python3 - "$TMP/olist-$variant/out" "$variant" <<'PY' || failures=$((failures + 1))
import json, sys
got = {}
for period in ("2018-Q1", "2018-Q2"):
    run = json.load(open("%s/%s/kpis.json" % (sys.argv[1], period)))
    for m in run["months"]:
        got[m["month"]] = m["company"]["mql_count"]
    dq = run["data_quality"]
want = {"2018-01": 1141, "2018-02": 1028, "2018-03": 1174, "2018-04": 1352, "2018-05": 1303,
        "2018-06": 0}
fails = [] if got == want else ["months %r, want %r" % (got, want)]
if dq["rows_read"] != 8000 or dq["rows_rejected"] != 0 or dq["problems"]["missing_owner"] != 8000:
    fails.append("data quality %r" % dq["problems"])
if fails:
    print("FAIL: olist %s: %s" % (sys.argv[2], "; ".join(fails)))
    sys.exit(1)
PY
done
finish
