# The same company (tests/fixtures/kpi) exported through every shipped profile
# and dialect (tests/fixtures/profiles/*, written by generate.py there) gives the
# same company, team, rep, month and previous-period KPIs as the canonical files,
# and the same data-quality problem counts (Salesforce report footers aside).
. "$(dirname "$0")/common.bash"

compare() { # NAME: run the fixture for May and the quarter, compare with canonical
    local name=$1 period
    for period in 2025-05 2025-Q2; do
        "$BIN" run --config "$SRC/tests/fixtures/profiles/$name/config.json" --period "$period" \
            --out "$TMP/$name" 2>"$TMP/$name.err"
        if ! python3 - "$TMP/canonical/$period/kpis.json" "$TMP/$name/$period/kpis.json" "$name" <<'PY'
import json, sys
want, got = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
bad = [k for k in ("company", "teams", "reps", "months", "previous") if want.get(k) != got.get(k)]
wp, gp = want["data_quality"]["problems"], got["data_quality"]["problems"]
footers = gp.pop("footer_dropped")
wp.pop("footer_dropped")
if wp != gp:
    bad.append("data_quality.problems %s != %s" % (gp, wp))
if want["data_quality"]["rows_rejected"] != got["data_quality"]["rows_rejected"]:
    bad.append("rows_rejected")
if footers != (6 if sys.argv[3] == "salesforce-report" else 0):
    bad.append("footer_dropped = %d" % footers)
if bad:
    print("FAIL: %s: differs from canonical in %s" % (sys.argv[3], ", ".join(bad)))
    sys.exit(1)
PY
        then
            failures=$((failures + 1))
            cat "$TMP/$name.err"
        fi
    done
}

for period in 2025-05 2025-Q2; do
    "$BIN" run --config "$SRC/tests/fixtures/kpi/config.json" --period "$period" \
        --out "$TMP/canonical" 2>/dev/null
done
for name in hubspot polish-excel salesforce-report salesforce-dataloader pipedrive; do
    compare "$name"
done

# What was detected is on the data-quality page: the Polish Excel file was
# guessed to be Windows-1250, its ';' and decimal comma found per file/column;
# the Salesforce task report's M/D/Y order was decided from its values.
python3 - "$TMP" <<'PY' || failures=$((failures + 1))
import json, sys
def read_as(name, file):
    dq = json.load(open("%s/%s/2025-05/kpis.json" % (sys.argv[1], name)))["data_quality"]
    return next(f["read_as"] for f in dq["files"] if f["file"].endswith(file))
checks = [
    (read_as("polish-excel", "kontakty.csv"),
     "profile hubspot-contacts; Windows-1250 (guessed: not valid UTF-8); delimiter ';'; "
     "decimal ',' (detected)"),
    (read_as("salesforce-report", "report1748764900000.csv"),
     "profile salesforce-tasks; UTF-8; delimiter ','; occurred_at mdy (detected)"),
    (read_as("pipedrive", "deals-export.csv"),
     "profile pipedrive-leads; UTF-8 with BOM; delimiter ','; decimal '.' (detected)"),
]
for got, want in checks:
    if got != want:
        print("FAIL: read_as %r, want %r" % (got, want))
        sys.exit(1)
PY

# en_US report dates whose day never exceeds 12 cannot be ordered: a clear stop.
rm -rf "$TMP/sf" && cp -r "$SRC/tests/fixtures/profiles/salesforce-report" "$TMP/sf"
python3 - "$TMP/sf/config.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
del cfg["inputs"]["leads"]["date_order"]
cfg["roster"] = sys.argv[1].rsplit("/", 2)[0] + "/roster.csv"
json.dump(cfg, open(sys.argv[1], "w"))
PY
cp "$SRC/tests/fixtures/kpi/roster.csv" "$TMP/roster.csv"
expect 1 "slapack: $TMP/sf/report1748764800000.csv:2:10: error: sal_at: day/month order cannot be told from the values (e.g. \"5/5/2025 11:00 AM\"); set \"date_order\" to \"dmy\" or \"mdy\" in the profile or the input entry" \
    -- run --config "$TMP/sf/config.json" --period 2025-05 --out "$TMP/o"
finish
