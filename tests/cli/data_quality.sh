# One case per data-quality problem kind (SPEC §6): a clean copy of the KPI
# fixture plus one bad row gives exactly that problem in kpis.json
# data_quality.problems, the warning on stderr, and (for unusable rows) the
# row in rejected.csv with its line, column, reason and raw text; rejected.csv
# is always valid UTF-8.
. "$(dirname "$0")/common.bash"

clean_copy() { # the fixture without its deliberate problems
    fixture_copy
    grep -v -e '^L3,' -e '^L7,' -e '^L8,' -e '^L11,' -e '^L12,' -e '^L1,l1@example.com,Duplikat' \
        "$TMP/fx/leads.csv" >"$TMP/fx/l" && mv "$TMP/fx/l" "$TMP/fx/leads.csv"
    grep -v -e '^A5,' -e '^A9,' -e '^A12,' -e '^A13,' -e '^A15,' "$TMP/fx/activities.csv" | awk '!seen[$0]++' \
        >"$TMP/fx/a" && mv "$TMP/fx/a" "$TMP/fx/activities.csv"
    : >"$TMP/fx/events.jsonl"
}

# check KIND FILE ROW WARNING [REJECTED]: append ROW (printf format) to FILE,
# expect problems.KIND == 1 and no other problem, WARNING as the stderr line
# (empty: none) and REJECTED ("line,column,kind,reason", fields as decoded) as
# rejected.csv's one row.
check() {
    local kind=$1 file=$2 row=$3 warning=$4 rejected=${5:-}
    clean_copy
    [ -n "$row" ] && printf "$row" >>"$TMP/fx/$file"
    local want_err=""
    if [ -n "$warning" ]; then
        want_err="slapack: $TMP/fx/$file:$warning
slapack: warning: 1 rows rejected in all; listed in $TMP/o/2025-05/rejected.csv"
    fi
    expect 0 "$want_err" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
    python3 - "$TMP/o/2025-05" "$kind" "$TMP/fx/$file" "$rejected" <<'PY' || failures=$((failures + 1))
import csv, json, sys
out, kind, file, rejected = sys.argv[1:]
problems = json.load(open(out + "/kpis.json"))["data_quality"]["problems"]
others = {k: v for k, v in problems.items() if v and k != kind}
fails = []
if problems.get(kind) != 1 or others:
    fails.append("problems %s" % {k: v for k, v in problems.items() if v})
raw = open(out + "/rejected.csv", "rb").read()
rows = list(csv.reader(raw.decode("utf-8").splitlines()))[1:]  # strict: must be UTF-8
got = [",".join(r[1:5]) for r in rows]
if got != ([rejected] if rejected else []):
    fails.append("rejected.csv %r, want %r" % (got, rejected))
if rows and rows[0][0] != file:
    fails.append("rejected.csv file %r" % rows[0][0])
if fails:
    print("FAIL: %s: %s" % (kind, "; ".join(fails)))
    sys.exit(1)
PY
}

L=leads.csv
A=activities.csv
ROW='L20,l20@example.com,X,2025-05-05 09:00,web,ebook,ak,Alfa,%s,,,,%s,%s,%s\n'
check malformed_row $L 'L20,l20@example.com,X\n' \
    '9: warning: 3 fields where the header has 15' '9,0,malformed_row,3 fields where the header has 15'
check missing_id $L ',l20@example.com,X,2025-05-05 09:00,web,ebook,ak,Alfa,,,,,open,,\n' \
    '9:1: warning: lead_id is empty' '9,1,missing_id,lead_id is empty'
check bad_timestamp $L "$(printf "$ROW" '2025-05-32 10:00' open '' '')" \
    '9:9: warning: mql_at "2025-05-32 10:00" is not a real date or time' \
    '9,9,bad_timestamp,mql_at "2025-05-32 10:00" is not a real date or time'
check bad_amount $L "$(printf "$ROW" '2025-05-05 10:00' won '' 'dużo')\n" \
    '9:15: warning: amount "dużo" is not a number' '9,15,bad_amount,amount "dużo" is not a number'
check bad_value $L "$(printf "$ROW" '2025-05-05 10:00' maybe '' '')\n" \
    '9:13: warning: status "maybe" is not one of open, won, lost, recycled, rejected' \
    '9,13,bad_value,status "maybe" is not one of open, won, lost, recycled, rejected'
check missing_owner $L 'L20,l20@example.com,X,2025-05-05 09:00,web,ebook,,Alfa,2025-05-05 10:00,,,,open,,\n' ''
check unknown_rep $L 'L20,l20@example.com,X,2025-05-05 09:00,web,ebook,zz,Alfa,2025-05-05 10:00,,,,open,,\n' ''
check duplicate_lead_id $L 'L1,l1@example.com,Again,2025-05-05 09:00,web,ebook,ak,Alfa,,,,,open,,\n' \
    '9:1: warning: lead_id "L1" appears again in this file' \
    '9,1,duplicate_lead_id,lead_id "L1" appears again in this file'
check sql_before_mql $L 'L20,l20@example.com,X,2025-05-05 09:00,web,ebook,ak,Alfa,2025-05-06 10:00,,2025-05-05 10:00,,open,,\n' ''
check recycled_without_reason $L "$(printf "$ROW" '2025-05-05 10:00' recycled '' '')\n" ''
check footer_dropped $L '\n"Grand Totals (7 records)"\n' ''
check duplicate_activity_id $A 'A1,L1,ak,call,2025-05-05 10:30,connected\n' \
    '11:1: warning: activity_id "A1" appears again in this file' \
    '11,1,duplicate_activity_id,activity_id "A1" appears again in this file'
check unknown_lead $A 'A20,LX,bn,call,2025-05-20 10:00,connected\n' \
    '11:2: warning: activity for lead "LX" which is not in the leads export' \
    '11,2,unknown_lead,activity for lead "LX" which is not in the leads export'
check activity_before_created $A 'A20,L1,ak,call,2025-05-05 08:00,connected\n' ''

# Invalid UTF-8 in a file said to be UTF-8: the row is rejected, and its raw
# text reaches rejected.csv with the bad byte replaced (U+FFFD), never as is.
clean_copy
python3 - "$TMP/fx/config.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["inputs"]["leads"]["encoding"] = "utf-8"
json.dump(cfg, open(sys.argv[1], "w"))
PY
printf 'L20,l20@example.com,Z\xffa,2025-05-05 09:00,web,ebook,ak,Alfa,,,,,open,,\n' >>"$TMP/fx/leads.csv"
expect 0 "slapack: $TMP/fx/leads.csv:9: warning: bytes that are not valid UTF-8
slapack: warning: 1 rows rejected in all; listed in $TMP/o/2025-05/rejected.csv" \
    -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
python3 - "$TMP/o/2025-05" <<'PY' || failures=$((failures + 1))
import json, sys
raw = open(sys.argv[1] + "/rejected.csv", "rb").read().decode("utf-8")  # strict
problems = json.load(open(sys.argv[1] + "/kpis.json"))["data_quality"]["problems"]
if "Z\ufffda" not in raw or problems["invalid_utf8"] != 1:
    print("FAIL: invalid_utf8: %r %r" % (raw, problems["invalid_utf8"]))
    sys.exit(1)
PY
finish
