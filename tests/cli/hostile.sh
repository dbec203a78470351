# Hostile and broken inputs: each gives a clear message with file and line and
# either a rejected row or exit status 1 - never a crash, a hang or a silent drop.
. "$(dirname "$0")/common.bash"

run_fx() { # run on the fixture copy; stderr in $TMP/err, status in $status
    "$BIN" run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o" 2>"$TMP/err" >/dev/null
    status=$?
}
check() { # DESCRIPTION COMMAND...: record a failure unless the command succeeds
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what"; sed 's/^/  stderr: /' "$TMP/err" | head -5
        failures=$((failures + 1))
    fi
}
rejected_has() { # PROBLEM LINE: rejected.csv lists a row of that kind at that line
    python3 - "$TMP/o/2025-05/rejected.csv" "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sys.exit(0 if any(r["problem"] == sys.argv[2] and r["line"] == sys.argv[3] for r in rows) else 1)
PY
}
leads_append() { printf '%b' "$1" >>"$TMP/fx/leads.csv"; }
ROW_TAIL='web,ebook,ak,Alfa,2025-05-05 10:00,,,,open,,'

# An empty file, and a file that is only a header.
fixture_copy; : >"$TMP/fx/leads.csv"; run_fx
check "empty file: exit 1" [ "$status" = 1 ]
check "empty file: message" grep -qx "slapack: $TMP/fx/leads.csv: error: the file is empty: expected a header line" "$TMP/err"
fixture_copy; head -1 "$SRC/tests/fixtures/kpi/leads.csv" >"$TMP/fx/leads.csv"; : >"$TMP/fx/events.jsonl"
sed -i '2,$d' "$TMP/fx/activities.csv"; run_fx
check "header only: exit 0" [ "$status" = 0 ]
check "header only: zero MQLs" grep -q '"mql_count": 0' "$TMP/o/2025-05/kpis.json"

# An unterminated quote at the end of the file: one malformed row, named by line.
fixture_copy; leads_append 'L90,x@y.pl,"Never closed,2025-05-05 09:00,'"$ROW_TAIL"'\n'; run_fx
check "unterminated quote: exit 0" [ "$status" = 0 ]
check "unterminated quote: rejected" rejected_has malformed_row 15
check "unterminated quote: warning" grep -q "leads.csv:15: warning: unterminated quoted field at the end of the file" "$TMP/err"

# A 10 MB field is read, not truncated; a row with a NUL byte is rejected.
fixture_copy
python3 -c "import sys; sys.stdout.write('L91,big@y.pl,' + 'Ą' * 5_000_000 + ',2025-05-05 09:00,$ROW_TAIL\n')" >>"$TMP/fx/leads.csv"
leads_append 'L92,nul@y.pl,Nul\0Byte,2025-05-05 09:00,'"$ROW_TAIL"'\n'; run_fx
check "10 MB field: exit 0" [ "$status" = 0 ]
check "10 MB field: lead used" python3 -c "
import json,sys; d=json.load(open('$TMP/o/2025-05/kpis.json')); sys.exit(0 if d['company']['mql_count'] == 9 else 1)"
check "NUL byte: rejected" rejected_has malformed_row 16

# Invalid UTF-8 in one row of a UTF-8 file: that row is rejected, the rest keeps its Polish.
fixture_copy; leads_append 'L93,bad@y.pl,Z\xff\xfeg,2025-05-05 09:00,'"$ROW_TAIL"'\n'; run_fx
check "invalid UTF-8: rejected" rejected_has invalid_utf8 15
check "invalid UTF-8: never in an output" python3 -c "
open('$TMP/o/2025-05/rejected.csv', encoding='utf-8').read(); open('$TMP/o/2025-05/kpis.json', encoding='utf-8').read()"

# Impossible, out-of-range and far-future dates; bad amounts.
fixture_copy
leads_append 'L94,a@y.pl,A,2025-05-05 09:00,web,ebook,ak,Alfa,0000-05-05 10:00,,,,open,,\n'
leads_append 'L95,b@y.pl,B,2025-05-05 09:00,web,ebook,ak,Alfa,2150-01-01 10:00,,,,open,,\n'
leads_append 'L96,c@y.pl,C,2025-05-05 09:00,web,ebook,ak,Alfa,2025-05-05 10:00,,,,won,,-5\n'
leads_append 'L97,d@y.pl,D,2025-05-05 09:00,web,ebook,ak,Alfa,2025-05-05 10:00,,,,won,,dużo\n'
leads_append 'L98,e@y.pl,E,2025-05-05 09:00,web,ebook,ak,Alfa,2025-05-05 10:00,,,,maybe,,\n'
run_fx
check "year 0" grep -q 'leads.csv:15:9: warning: mql_at "0000-05-05 10:00" is not a real date or time' "$TMP/err"
check "year 2150" grep -q 'leads.csv:16:9: warning: mql_at "2150-01-01 10:00" is outside 1970-2099' "$TMP/err"
check "negative amount" rejected_has bad_amount 17
check "non-numeric amount" rejected_has bad_amount 18
check "unknown status" rejected_has bad_value 19

# A binary file where the leads should be: exit 1, named by file and line.
fixture_copy; head -c 4096 /dev/urandom >"$TMP/fx/leads.csv"; run_fx
check "binary file: exit 1" [ "$status" = 1 ]
check "binary file: message names the file" grep -q "^slapack: $TMP/fx/leads.csv:1: error: " "$TMP/err"

# 10 000 reps in the roster: 10 000 scorecards and a 10 000-page pack, about a
# minute in a plain build; too slow to repeat under the sanitizers.
case "$BIN" in
*asan* | *tsan*) echo "skipped under the sanitizer builds: 10 000 reps"; finish; exit ;;
esac
fixture_copy
python3 -c "
print('rep,name,team,email')
for i in range(10000): print(f'r{i:05d},Rep {i},{\"Alfa\" if i % 2 else \"Beta\"},r{i}@x.pl')
print('ak,Anna,Alfa,ak@x.pl'); print('bn,Bartosz,Alfa,bn@x.pl'); print('cw,Cezary,Beta,cw@x.pl')" >"$TMP/fx/roster.csv"
run_fx
check "10 000 reps: exit 0" [ "$status" = 0 ]
check "10 000 reps: all listed" python3 -c "
import json,sys; d=json.load(open('$TMP/o/2025-05/kpis.json')); sys.exit(0 if len(d['reps']) == 10004 else 1)"
finish
