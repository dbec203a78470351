# Faults while writing the pack: an output path that is a file, a file or a link
# where OUT/<period> should be, a missing logo or font, a full disk (ulimit -f,
# and a tiny tmpfs where mount works), a run killed with SIGKILL. Each must exit
# 3 with one message, leave the previous output byte for byte, and leave no
# temporary litter (a killed run cannot clean up: the next run does).
. "$(dirname "$0")/common.bash"

CFG=$TMP/fx/config.json
check() { # DESCRIPTION COMMAND...: record a failure unless the command succeeds
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what"
        failures=$((failures + 1))
    fi
}
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }
no_litter() { [ -z "$(find "$1" \( -name '.*.tmp-*' -o -name '*.tmp' \) -print)" ]; }
# run_err OUT [ARGS...]: run on the fixture; stderr without libxlsxwriter's own
# "[ERROR]" lines in $TMP/err, exit status in $status.
run_err() {
    local out=$1
    shift
    "$BIN" run --config "$CFG" --period 2025-05 --out "$out" "$@" 2>"$TMP/err.all" >/dev/null
    status=$?
    grep -v '^\[ERROR\]' "$TMP/err.all" >"$TMP/err"
}
# A previous pack in OUT, made with another cut-off so that a new pack would differ.
previous() {
    rm -rf "$1"
    run_err "$1" --as-of 2025-05-20
    before=$(tree_hash "$1/2025-05")
}
export SOURCE_DATE_EPOCH=1750000000
fixture_copy

# --out names a regular file.
echo 'not a folder' >"$TMP/file"
expect 3 "slapack: $TMP/file: error: cannot create the output folder: a file of that name is in the way" \
    -- run --config "$CFG" --period 2025-05 --out "$TMP/file"
check "--out file: untouched" [ "$(cat "$TMP/file")" = 'not a folder' ]

# A file, or a link to someone's folder, where OUT/2025-05 should be: the
# exchange would have moved it away and removed it (through the link).
mkdir -p "$TMP/o1" "$TMP/theirs"
echo keep >"$TMP/o1/2025-05"
echo keep >"$TMP/theirs/precious.txt"
expect 3 "slapack: $TMP/o1/2025-05: error: cannot replace the output folder: a file of that name is in the way" \
    -- run --config "$CFG" --period 2025-05 --out "$TMP/o1"
check "file in the way: untouched" [ "$(cat "$TMP/o1/2025-05")" = keep ]
check "file in the way: no litter" no_litter "$TMP/o1"
rm "$TMP/o1/2025-05"
ln -s "$TMP/theirs" "$TMP/o1/2025-05"
expect 3 "slapack: $TMP/o1/2025-05: error: cannot replace the output folder: a link of that name is in the way" \
    -- run --config "$CFG" --period 2025-05 --out "$TMP/o1"
check "link in the way: the linked folder keeps its files" [ -f "$TMP/theirs/precious.txt" ]
check "link in the way: still a link" [ -L "$TMP/o1/2025-05" ]

# A missing logo or brand font: found only when the PDF is drawn, after the
# workbook is written, so the temporary folder has files to clean up.
previous "$TMP/o4"
cp "$CFG" "$TMP/fx/config.good.json"
sed -i 's|"branding": {|"branding": { "logo": "missing.png",|' "$CFG"
expect 3 "slapack: $TMP/fx/missing.png: error: cannot read the logo: No such file or directory" \
    -- run --config "$CFG" --period 2025-05 --out "$TMP/o4"
check "missing logo: previous output unchanged" [ "$(tree_hash "$TMP/o4/2025-05")" = "$before" ]
check "missing logo: no litter" no_litter "$TMP/o4"
cp "$TMP/fx/config.good.json" "$CFG"
sed -i 's|"branding": {|"branding": { "font": "NoSuchFont",|' "$CFG"
expect 3 "slapack: $SRC/fonts/NoSuchFont.ttf: error: font \"NoSuchFont\" not found" \
    -- run --config "$CFG" --period 2025-05 --out "$TMP/o4"
check "missing font: previous output unchanged" [ "$(tree_hash "$TMP/o4/2025-05")" = "$before" ]
check "missing font: no litter" no_litter "$TMP/o4"
cp "$TMP/fx/config.good.json" "$CFG"

# A full disk, by file-size limit (SIGXFSZ is ignored, so writes fail with
# EFBIG): first at kpis.json, then past kpis.json, at the workbook.
previous "$TMP/o2"
check "previous run: exit 0" [ "$status" = 0 ]
(ulimit -f 1 && run_err "$TMP/o2" && echo "$status" >"$TMP/status")
check "ulimit kpis.json: exit 3" [ "$(cat "$TMP/status")" = 3 ]
check "ulimit kpis.json: one message" grep -Eqx \
    "slapack: $TMP/o2/\.2025-05\.tmp-[0-9]+/kpis\.json: error: cannot write: File too large" "$TMP/err"
check "ulimit kpis.json: one line" [ "$(wc -l <"$TMP/err")" = 1 ]
check "ulimit kpis.json: previous output unchanged" [ "$(tree_hash "$TMP/o2/2025-05")" = "$before" ]
check "ulimit kpis.json: no litter" no_litter "$TMP/o2"
json_kb=$(($(stat -c %s "$TMP/o2/2025-05/kpis.json") / 1024 + 2))
if [ "$(stat -c %s "$TMP/o2/2025-05/sla-review-2025-05.xlsx")" -gt $((json_kb * 1024)) ]; then
    (ulimit -f "$json_kb" && run_err "$TMP/o2" && echo "$status" >"$TMP/status")
    check "ulimit workbook: exit 3" [ "$(cat "$TMP/status")" = 3 ]
    check "ulimit workbook: message" grep -Eqx \
        "slapack: $TMP/o2/\.2025-05\.tmp-[0-9]+/sla-review-2025-05\.xlsx: error: cannot write the workbook: File too large" \
        "$TMP/err"
    check "ulimit workbook: previous output unchanged" [ "$(tree_hash "$TMP/o2/2025-05")" = "$before" ]
    check "ulimit workbook: no litter" no_litter "$TMP/o2"
fi

xlsx_kb=$(($(stat -c %s "$TMP/o2/2025-05/sla-review-2025-05.xlsx") / 1024 + 2))
if [ "$(stat -c %s "$TMP/o2/2025-05/sla-review-2025-05.pdf")" -gt $((xlsx_kb * 1024)) ]; then
    (ulimit -f "$xlsx_kb" && run_err "$TMP/o2" && echo "$status" >"$TMP/status")
    check "ulimit PDF: exit 3" [ "$(cat "$TMP/status")" = 3 ]
    check "ulimit PDF: says why" grep -Eqx \
        "slapack: $TMP/o2/\.2025-05\.tmp-[0-9]+/sla-review-2025-05\.pdf: error: cannot write the file: File too large" \
        "$TMP/err"
    check "ulimit PDF: previous output unchanged" [ "$(tree_hash "$TMP/o2/2025-05")" = "$before" ]
    check "ulimit PDF: no litter" no_litter "$TMP/o2"
fi

# A full disk for real: a tmpfs with room for one pack but not two (root only).
mkdir -p "$TMP/mnt"
pack_kb=$(du -sk "$TMP/o2/2025-05" | cut -f1)
if mount -t tmpfs -o size=$((pack_kb * 3 / 2 + 8))k tmpfs "$TMP/mnt" 2>/dev/null; then
    trap 'umount "$TMP/mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
    previous "$TMP/mnt/o"
    check "tmpfs: first pack fits" [ "$status" = 0 ]
    run_err "$TMP/mnt/o"
    check "tmpfs full: exit 3" [ "$status" = 3 ]
    check "tmpfs full: message" grep -Eqx \
        "slapack: $TMP/mnt/o/\.2025-05\.tmp-[0-9]+/[a-z0-9./-]+: error: cannot write.*: No space left on device" \
        "$TMP/err"
    check "tmpfs full: previous output unchanged" [ "$(tree_hash "$TMP/mnt/o/2025-05")" = "$before" ]
    check "tmpfs full: no litter" no_litter "$TMP/mnt/o"
    umount "$TMP/mnt"
else
    echo "note: mount not permitted here; the tmpfs case is skipped (ulimit covers a full disk)"
fi

# Killed with SIGKILL: once while reading, once while writing the pack (when its
# temporary folder appears). The previous pack stays; the next run removes the
# leftovers and succeeds.
GEN=$(dirname "$BIN")/slapack-gen
"$GEN" --out "$TMP/big" --leads 50000 >/dev/null
big() { "$BIN" run --config "$TMP/big/config.json" --period 2025-Q2 --out "$TMP/o3" "$@" 2>/dev/null; }
# A run in the background, $pid being slapack itself: killing a subshell around
# it would leave the run going on as an orphan, racing the runs after it.
big_in_background() {
    (exec "$BIN" run --config "$TMP/big/config.json" --period 2025-Q2 --out "$TMP/o3" 2>/dev/null) &
    pid=$!
}
big --as-of 2025-06-20
before=$(tree_hash "$TMP/o3/2025-Q2")
big_in_background
sleep 0.3
kill -9 "$pid" 2>/dev/null
wait "$pid"
check "killed while reading: by SIGKILL" [ "$?" = 137 ]
check "killed while reading: previous output unchanged" [ "$(tree_hash "$TMP/o3/2025-Q2")" = "$before" ]
big_in_background
for _ in $(seq 3000); do
    [ -d "$TMP/o3/.2025-Q2.tmp-$pid" ] && break
    sleep 0.01
done
kill -9 "$pid" 2>/dev/null
wait "$pid"
killed=$?
if [ "$killed" = 137 ]; then
    check "killed while writing: previous output unchanged" [ "$(tree_hash "$TMP/o3/2025-Q2")" = "$before" ]
    check "killed while writing: its temporary folder is left" [ -d "$TMP/o3/.2025-Q2.tmp-$pid" ]
else
    echo "note: the run finished before SIGKILL reached it (status $killed)"
fi
big
check "next run: exit 0" [ "$?" = 0 ]
check "next run: no litter" no_litter "$TMP/o3"
check "next run: a new pack" [ "$(tree_hash "$TMP/o3/2025-Q2")" != "$before" ]
finish
