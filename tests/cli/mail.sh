# slapack mail against a real SMTP server on loopback (tests/cli/smtp_sink.py):
# recipients, decoded subjects and bodies, attachments byte for byte, a rejected
# recipient that does not stop the others, re-run and --resend, the dry run's
# .eml files, header injection through the roster, TLS and credential rules.
. "$(dirname "$0")/common.bash"
HERE=$(cd "$(dirname "$0")" && pwd)

PY=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import aiosmtpd' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: python3-aiosmtpd is not installed"; exit 77; }

check() { # NAME COMMAND...: count a failure when the command fails
    local name=$1
    shift
    "$@" || { echo "FAIL: $name"; failures=$((failures + 1)); }
}

same() { # NAME EXPECTED-FILE ACTUAL-FILE
    diff -u "$2" "$3" >/dev/null || {
        echo "FAIL: $1"
        diff -u "$2" "$3"
        failures=$((failures + 1))
    }
}

# ---- the company: the KPI fixture with recipients, SMTP and hostile roster rows
fixture_copy
printf '%s\r\n' 'eve,"Eve' 'Bcc: x@evil.example",Beta,eve@example.pl,' \
    'mal,Mallory,Beta,"mal@example.pl' 'Bcc: y@evil.example",' >>"$TMP/fx/roster.csv"
configure() { # PYTHON-EDIT: rewrite the config from the fixture's with the test's SMTP
    "$PY" - "$SRC/tests/fixtures/kpi/config.json" "$TMP/fx/config.json" "${PORT:-1}" "$1" <<'PY'
import json, sys
src, dst, port, edit = sys.argv[1:5]
cfg = json.load(open(src))
cfg["recipients"]["management"] = ["zarzad@example.pl", "rada@example.pl"]
cfg["teams"][1]["manager"] = {"name": "Łukasz Wójcik-Żebrowski, kierownik zespołu sprzedaży Beta",
                              "email": "lw@example.pl"}
cfg["smtp"] = {"url": "smtp://127.0.0.1:%s" % port, "from": "raporty@example.pl", "tls": "none",
               "username_env": "SLAPACK_TEST_SMTP_USER", "password_env": "SLAPACK_TEST_SMTP_PASSWORD",
               "timeout_seconds": 10}
exec(edit)
json.dump(cfg, open(dst, "w"), ensure_ascii=False)
PY
}
configure ''
OUT=$TMP/out
P=$OUT/2025-05
export SLAPACK_TEST_SMTP_USER=robot SLAPACK_TEST_SMTP_PASSWORD='s3cret pass'
export SOURCE_DATE_EPOCH=1748736000

expect 3 "slapack: $P: error: no output for 2025-05 here; run 'slapack run' for the period first" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"

# ---- OUT/2025-05 from the real pipeline, plus the renderers' files made here
"$BIN" run --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" 2>/dev/null ||
    { echo "FAIL: slapack run"; exit 1; }
mkdir -p "$P/reps"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' \
    >"$P/sla-review-2025-05.pdf"
noise() { head -c "$1" /dev/urandom; printf '\0\r\n.\r\n\r.\n\0\r\n'; }
noise 70000 >"$P/sla-review-2025-05.xlsx"
for r in ak bn cw eve mal; do noise $((1000 + ${#r})) >"$P/reps/$r.pdf"; done

# ---- the server
mkdir -p "$TMP/inbox"
echo bn@example.pl >"$TMP/reject"
"$PY" "$HERE/smtp_sink.py" "$TMP/inbox" "$TMP/port" "$TMP/reject" 2>"$TMP/sink.log" &
SINK=$!
trap 'kill $SINK 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
[ -s "$TMP/port" ] || { echo "FAIL: the SMTP server did not start"; cat "$TMP/sink.log"; exit 1; }
PORT=$(cat "$TMP/port")
configure ''
inbox_count() { find "$TMP/inbox" -name '*.eml' | wc -l; }

# ---- first delivery: bn is rejected by the server, mal's address is not one
sent() { echo "slapack: mail: sent to $1 ($2): $3"; }
PACK="sla-review-2025-05.pdf, sla-review-2025-05.xlsx"
expect 3 "$(sent zarzad@example.pl management "$PACK")
$(sent rada@example.pl management "$PACK")
$(sent anna.nowak@example.pl manager sla-review-2025-05.pdf)
$(sent lw@example.pl manager sla-review-2025-05.pdf)
$(sent ak@example.pl rep reps/ak.pdf)
slapack: mail: failed to bn@example.pl (rep): RCPT failed: 550 (the server replied 550)
$(sent cw@example.pl rep reps/cw.pdf)
$(sent eve@example.pl rep reps/eve.pdf)
slapack: mail: failed to mal@example.pl??Bcc: y@evil.example (rep): not a valid e-mail address
slapack: error: 2 of 9 messages not delivered (see above)" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"
check "first run: 7 messages arrived" [ "$(inbox_count)" = 7 ]

# Every message as a mail client decodes it; attachments against the files on disk.
cat >"$TMP/want" <<'EOF'
To: Anna Kowalska <ak@example.pl>
Subject: Twoja karta wyników SLA 2025-05
- Liczba MQL: 2 (cel 5) – poza celem
- Akceptacja SAL: 50,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 50,0 % (cel 90,0 %) – poza celem
- Skuteczność (SQL→wygrana): 100,0 % (cel 30,0 %) – w celu
attachment sla-scorecard-2025-05-ak.pdf application/pdf same bytes
To: Anna Nowak <anna.nowak@example.pl>
Subject: Przegląd SLA 2025-05 – zespół Alfa
- Liczba MQL: 5 (cel 10) – poza celem
- Akceptacja SAL: 20,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 50,0 % (cel 90,0 %) – poza celem
- Skuteczność (SQL→wygrana): 100,0 % (cel 30,0 %) – w celu
attachment sla-review-2025-05.pdf application/pdf same bytes
To: Cezary Wójcik <cw@example.pl>
Subject: Twoja karta wyników SLA 2025-05
- Liczba MQL: 2 (cel 1,3) – w celu
- Akceptacja SAL: 50,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 100,0 % (cel 90,0 %) – w celu
- Skuteczność (SQL→wygrana): 0,0 % (cel 30,0 %) – poza celem
attachment sla-scorecard-2025-05-cw.pdf application/pdf same bytes
To: "Eve Bcc: x@evil.example" <eve@example.pl>
Subject: Twoja karta wyników SLA 2025-05
- Liczba MQL: 0 (cel 1,3) – poza celem
- Akceptacja SAL: – (cel 70,0 %)
- Reakcja w SLA: – (cel 90,0 %)
- Skuteczność (SQL→wygrana): – (cel 30,0 %)
attachment sla-scorecard-2025-05-eve.pdf application/pdf same bytes
To: "Łukasz Wójcik-Żebrowski, kierownik zespołu sprzedaży Beta" <lw@example.pl>
Subject: Przegląd SLA 2025-05 – zespół Beta
- Liczba MQL: 2 (cel 4) – poza celem
- Akceptacja SAL: 50,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 100,0 % (cel 90,0 %) – w celu
- Skuteczność (SQL→wygrana): 0,0 % (cel 30,0 %) – poza celem
attachment sla-review-2025-05.pdf application/pdf same bytes
To: rada@example.pl
Subject: Przegląd SLA marketing–sprzedaż 2025-05 – Fikstura sp. z o.o.
- Liczba MQL: 8 (cel 14) – poza celem
- Akceptacja SAL: 25,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 71,4 % (cel 90,0 %) – poza celem
- Skuteczność (SQL→wygrana): 66,7 % (cel 30,0 %) – w celu
attachment sla-review-2025-05.pdf application/pdf same bytes
attachment sla-review-2025-05.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet same bytes
To: zarzad@example.pl
Subject: Przegląd SLA marketing–sprzedaż 2025-05 – Fikstura sp. z o.o.
- Liczba MQL: 8 (cel 14) – poza celem
- Akceptacja SAL: 25,0 % (cel 70,0 %) – poza celem
- Reakcja w SLA: 71,4 % (cel 90,0 %) – poza celem
- Skuteczność (SQL→wygrana): 66,7 % (cel 30,0 %) – w celu
attachment sla-review-2025-05.pdf application/pdf same bytes
attachment sla-review-2025-05.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet same bytes
EOF
"$PY" "$HERE/mail_check.py" "$P" "$TMP"/inbox/*.eml >"$TMP/got"
same "first run: decoded messages" "$TMP/want" "$TMP/got"

# The envelope: one recipient each, nobody from the injected "Bcc:", and the
# credentials from the environment.
"$PY" - "$TMP/inbox" >"$TMP/got" <<'PY'
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    m = json.load(open(f))
    print(m["from"], " ".join(m["to"]), m["login"], m["password"])
PY
printf 'raporty@example.pl %s robot s3cret pass\n' zarzad@example.pl rada@example.pl \
    anna.nowak@example.pl lw@example.pl ak@example.pl cw@example.pl eve@example.pl >"$TMP/want"
same "first run: envelopes" "$TMP/want" "$TMP/got"

# The delivery log: the outcome for every address.
log_status() {
    "$PY" -c 'import json, sys
for to, e in sorted(json.load(open(sys.argv[1]))["messages"].items()):
    print(to.replace("\r", "\\r").replace("\n", "\\n"), e["status"], *[a["file"] for a in e["attachments"]])' \
        "$P/mail/delivery.json"
}
cat >"$TMP/want" <<'EOF'
ak@example.pl sent reps/ak.pdf
anna.nowak@example.pl sent sla-review-2025-05.pdf
bn@example.pl failed reps/bn.pdf
cw@example.pl sent reps/cw.pdf
eve@example.pl sent reps/eve.pdf
lw@example.pl sent sla-review-2025-05.pdf
mal@example.pl\r\nBcc: y@evil.example failed
rada@example.pl sent sla-review-2025-05.pdf sla-review-2025-05.xlsx
zarzad@example.pl sent sla-review-2025-05.pdf sla-review-2025-05.xlsx
EOF
log_status >"$TMP/got"
same "first run: delivery log" "$TMP/want" "$TMP/got"

# ---- re-run once the server accepts bn: only bn is sent, the rest skipped
: >"$TMP/reject"
skipped() { echo "slapack: mail: skipped $1 ($2): sent at 2025-06-01T00:00:00Z; --resend sends again"; }
expect 3 "$(skipped zarzad@example.pl management)
$(skipped rada@example.pl management)
$(skipped anna.nowak@example.pl manager)
$(skipped lw@example.pl manager)
$(skipped ak@example.pl rep)
$(sent bn@example.pl rep reps/bn.pdf)
$(skipped cw@example.pl rep)
$(skipped eve@example.pl rep)
slapack: mail: failed to mal@example.pl??Bcc: y@evil.example (rep): not a valid e-mail address
slapack: error: 1 of 9 messages not delivered (see above)" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"
check "re-run: one more message" [ "$(inbox_count)" = 8 ]
check "re-run: it is bn's" grep -q '"to": \["bn@example.pl"\]' "$TMP/inbox/008.json"

# ---- --resend sends everything again (009..016); --only narrows it to one group
"$BIN" mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" --resend 2>/dev/null
check "--resend: exit status 3 (mal)" [ $? = 3 ]
check "--resend: 8 more messages" [ "$(inbox_count)" = 16 ]
expect 0 "$(sent zarzad@example.pl management "$PACK")
$(sent rada@example.pl management "$PACK")" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" --resend --only management
check "--only management: 2 more messages" [ "$(inbox_count)" = 18 ]

# ---- the dry run writes the very bytes that were sent (same SOURCE_DATE_EPOCH)
"$BIN" mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" --dry-run 2>"$TMP/err"
check "dry run: exit status 3 (mal)" [ $? = 3 ]
check "dry run: names the files" grep -qx "slapack: mail: wrote $P/mail/rep-eve_40example.pl.eml for eve@example.pl (rep): reps/eve.pdf" "$TMP/err"
check "dry run: 8 .eml files" [ "$(find "$P/mail" -name '*.eml' | wc -l)" = 8 ]
for n in $(seq -f %03g 9 16); do
    to=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["to"][0])' "$TMP/inbox/$n.json")
    eml=$(grep -o "wrote [^ ]* for $to " "$TMP/err" | cut -d' ' -f2)
    check "dry run: the .eml for $to is byte-identical to what was sent" \
        cmp -s "$TMP/inbox/$n.eml" "$eml"
done
"$PY" "$HERE/mail_check.py" "$P" "$P"/mail/*.eml >"$TMP/got"
"$PY" "$HERE/mail_check.py" "$P" $(seq -f "$TMP/inbox/%03g.eml" 9 16) >"$TMP/want"
same "dry run: the .eml files decode to the same messages" "$TMP/want" "$TMP/got"
check "dry run: the log is untouched" [ "$(log_status | grep -c ' sent ')" = 8 ]

# ---- a new `slapack run` of the period keeps the delivery log: nobody is mailed twice
"$BIN" run --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" 2>/dev/null
check "re-run of the period: the delivery log is carried over" [ -f "$P/mail/delivery.json" ]
"$BIN" mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" 2>"$TMP/err"
check "mail after a re-run: exit status 3 (mal)" [ $? = 3 ]
check "mail after a re-run: nothing sent again" [ "$(inbox_count)" = 18 ]
check "mail after a re-run: all skipped" [ "$(grep -c ': skipped ' "$TMP/err")" = 8 ]

# ---- TLS and credentials
configure 'del cfg["smtp"]["tls"]'
"$BIN" mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT" --resend 2>"$TMP/err"
check "TLS required: exit status 3" [ $? = 3 ]
check "TLS required: nothing was sent in clear text" [ "$(inbox_count)" = 18 ]
check "TLS required: the reason" grep -q "^slapack: mail: failed to zarzad@example.pl (management): .*STARTTLS" "$TMP/err"
configure 'cfg["smtp"]["url"] = "smtp://mail.example.com:587"'
expect 1 "slapack: $TMP/fx/config.json: error: \$.smtp.tls: \"none\" would send the password in clear text; it is allowed with credentials only for a server on this machine" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"
configure ''
unset SLAPACK_TEST_SMTP_PASSWORD
expect 1 "slapack: $TMP/fx/config.json: error: \$.smtp.password_env: the environment variable SLAPACK_TEST_SMTP_PASSWORD is not set" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"
configure 'cfg["smtp"]["tls"] = "off"'
expect 1 "slapack: $TMP/fx/config.json: error: \$.smtp.tls: expected \"required\" or \"none\"" \
    -- mail --config "$TMP/fx/config.json" --period 2025-05 --out "$OUT"
finish
