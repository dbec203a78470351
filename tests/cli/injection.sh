# Injection: rep ids, names and lead fields that look like paths, formulas,
# control characters or mail headers stay data. Nothing is written outside
# OUT/<period> or under an odd name; cells starting with = + - @ are text in
# the workbook (no formula), and every part of the workbook is well-formed
# XML; kpis.json carries the values verbatim; the scorecards' file names are
# safe (test_util checks the mapping is one-to-one). CR/LF in mail headers
# are left to the mail tests.
. "$(dirname "$0")/common.bash"

check() { # DESCRIPTION COMMAND...: record a failure unless the command succeeds
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what"
        failures=$((failures + 1))
    fi
}
fixture_copy
cat >>"$TMP/fx/roster.csv" <<'CSV'
../../evil,"=HYPERLINK(""http://x.example/"",""click"")",Alfa,,
a/b,+1+2+3+4,Alfa,,
@SUM(1),-5+6+7,Beta,,
"x
y","Anna	Nowak
Bcc: intruz@example.com",Beta,,
CSV
printf '%s\n' \
    'L20,l20@example.com,=1+1,2025-05-05 09:00,web,ebook,../../evil,Alfa,2025-05-05 10:00,,,,open,,' \
    'L21,l21@example.com,@cmd,2025-05-05 09:00,web,ebook,a/b,Alfa,2025-05-05 10:00,,,,open,,' \
    '=cmd|'"'"' /C calc'"'"'!A0,x@example.com,-cmd,2025-05-05 09:00,web,ebook,@SUM(1),Beta,2025-05-05 10:00,,,,open,,' \
    'L23,l23@example.com,"+cmd",2025-05-05 09:00,web,ebook,"x
y",Beta,2025-05-05 10:00,,,,open,,' >>"$TMP/fx/leads.csv"

"$BIN" run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o" 2>"$TMP/err" >/dev/null
check "hostile names: exit 0" [ "$?" = 0 ]
# Scorecards are reps/<id made safe>.pdf: ".." only inside a name, "/" and
# control characters escaped as _XX.
listing=$(cd "$TMP" && find . -path ./fx -prune -o -print | LC_ALL=C sort | tr '\n' ' ')
want=". ./err ./o ./o/2025-05 ./o/2025-05/kpis.json ./o/2025-05/rejected.csv ./o/2025-05/reps"
for f in _2E._2F.._2Fevil _40SUM_281_29 a_2Fb ak bn cw x_0Ay; do want+=" ./o/2025-05/reps/$f.pdf"; done
want+=" ./o/2025-05/sla-review-2025-05.pdf ./o/2025-05/sla-review-2025-05.xlsx "
check "only the pack's files, under plain names, nothing beside them" [ "$listing" = "$want" ]

check "workbook: well-formed, no formula from input, values as text" python3 - "$TMP/o/2025-05" <<'PY'
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
out = sys.argv[1]
payloads = ['=HYPERLINK("http://x.example/","click")', "+1+2+3+4", "-5+6+7", "@SUM(1)",
            "=cmd|' /C calc'!A0"]
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(f"{out}/sla-review-2025-05.xlsx")
for name in z.namelist():
    if name.endswith(".xml") or name.endswith(".rels"):
        ET.fromstring(z.read(name))  # raises on malformed XML (raw control characters)
shared = [ "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
formulas = []
for name in z.namelist():
    if name.startswith("xl/worksheets/sheet"):
        for f in ET.fromstring(z.read(name)).iter(f"{{{ns['m']}}}f"):
            formulas.append(f.text or "")
bad = [f for f in formulas if any(p.lstrip("=+-@")[:6] in f for p in payloads)]
assert not bad, f"input became a formula: {bad}"
missing = [p for p in payloads if p not in shared]
assert not missing, f"not stored as text: {missing}"
k = json.load(open(f"{out}/kpis.json", encoding="utf-8"))
reps = {r["rep"] for r in k["reps"]}
assert {"../../evil", "a/b", "@SUM(1)", "x\ny"} <= reps, reps
PY

# A NUL byte in a rep id is not text: the roster stops the run, naming the line.
fixture_copy
printf 'nul\0id,Nul,Alfa,,\n' >>"$TMP/fx/roster.csv"
expect 1 "slapack: $TMP/fx/roster.csv:5: error: malformed roster row (broken quoting or invalid text)" \
    -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o2"
finish
