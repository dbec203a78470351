# A broken config stops the run with exit status 1 and names the JSON path.
. "$(dirname "$0")/common.bash"

run_with() { # FILTER EXPECTED: apply a python edit to the fixture config, expect one message
    fixture_copy
    python3 - "$TMP/fx/config.json" "$1" <<'PY'
import json, sys
path, edit = sys.argv[1], sys.argv[2]
cfg = json.load(open(path))
exec(edit)
json.dump(cfg, open(path, "w"), ensure_ascii=False)
PY
    expect 1 "slapack: $TMP/fx/config.json: error: $2" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
}

run_with 'cfg["sla"]["min_attempts"] = 0' '$.sla.min_attempts: expected a positive integer'
run_with 'cfg["sla"]["min_attempts"] = "6"' '$.sla.min_attempts: expected a positive integer'
run_with 'cfg["sla"]["targets"]["win_rate"] = 30' '$.sla.targets.win_rate: expected a fraction from 0 to 1'
run_with 'del cfg["company"]' '$.company: expected a string'
run_with 'cfg["timezone"] = "Europe/Warsw"' '$.timezone: unknown time zone "Europe/Warsw"'
run_with 'cfg["calendar"]["open"] = "9am"' '$.calendar.open: expected a time "HH:MM"'
run_with 'cfg["calendar"]["holidays"][2] = "2025-02-30"' '$.calendar.holidays[2]: expected a date "YYYY-MM-DD"'
run_with 'cfg["calendar"]["workdays"] = ["mon", "funday"]' '$.calendar.workdays[1]: expected one of "mon" "tue" "wed" "thu" "fri" "sat" "sun"'
run_with 'cfg["teams"] = []' '$.teams: expected a non-empty array of teams'
run_with 'cfg["teams"][1]["name"] = "Alfa"' '$.teams[1].name: expected a unique team name'
run_with 'cfg["language"] = "de"' '$.language: expected "pl" or "en"'
run_with 'cfg["branding"]["primary_color"] = "blue"' '$.branding.primary_color: expected a colour "#RRGGBB"'
run_with 'cfg["inputs"]["leads"]["path"] = 7' '$.inputs.leads.path: expected a file name, a glob or a non-empty list of them'
run_with 'cfg["inputs"]["leads"]["profile"] = "nope"' "\$.inputs.leads.profile: no profile \"nope\" ($SRC/templates/profiles/nope.json)"

# Not JSON at all: file, line and column.
fixture_copy
printf '{\n  "company": "X",\n  "timezone": \n}\n' > "$TMP/fx/config.json"
expect 1 "slapack: $TMP/fx/config.json:4:1: error: invalid JSON: unexpected token near '}'" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
# Roster naming a team that does not exist: file and line.
fixture_copy
printf 'rep,name,team,email\nak,Anna,Gamma,a@x.pl\n' > "$TMP/fx/roster.csv"
expect 1 "slapack: $TMP/fx/roster.csv:2:3: error: team \"Gamma\" of rep \"ak\" is not in \$.teams" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
# Missing input file and missing required column.
fixture_copy
rm "$TMP/fx/activities.csv"
expect 1 "slapack: $TMP/fx/activities.csv: error: cannot open: No such file or directory" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
fixture_copy
sed -i '1s/mql_at/mql_time/' "$TMP/fx/leads.csv"
expect 1 "slapack: $TMP/fx/leads.csv:1: error: missing required column \"mql_at\" (profile \"canonical\")" -- run --config "$TMP/fx/config.json" --period 2025-05 --out "$TMP/o"
[ ! -e "$TMP/o/2025-05" ] || { echo "FAIL: a failed run left output"; failures=$((failures + 1)); }
finish
