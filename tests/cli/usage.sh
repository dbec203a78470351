# Bad command lines: exit status 2 and one exact message on stderr.
. "$(dirname "$0")/common.bash"

expect 2 "slapack: error: no command given (try 'slapack --help')" --
expect 2 "slapack: error: unknown command \"frobnicate\" (try 'slapack --help')" -- frobnicate
expect 2 "slapack: error: run needs --config" -- run --period 2025-Q2
expect 2 "slapack: error: run needs --period" -- run --config x.json
expect 2 "slapack: error: --period needs a value" -- run --config x.json --period
expect 2 "slapack: error: unknown option \"--perod\" (try 'slapack --help')" -- run --perod 2025-Q2
expect 2 "slapack: error: validate takes only --config and --in" -- validate --config x.json --period 2025-05
expect 2 "slapack: error: --period: expected a month (2025-05) or a quarter (2025-Q2), got \"2025-Q5\"" \
    -- run --config "$SRC/tests/fixtures/kpi/config.json" --period 2025-Q5 --out "$TMP/o"
expect 2 "slapack: error: --as-of: \"yesterday\" is not a timestamp" \
    -- run --config "$SRC/tests/fixtures/kpi/config.json" --period 2025-05 --as-of yesterday --out "$TMP/o"
"$BIN" --help | grep -q "^Usage:" || { echo "FAIL: --help"; failures=$((failures + 1)); }
[ ! -e "$TMP/o" ] || { echo "FAIL: a usage error wrote output"; failures=$((failures + 1)); }
finish
