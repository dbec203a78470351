"""Decode messages the way a mail client would, for tests/cli/mail.sh.

    mail_check.py PERIOD_DIR MESSAGE.eml...

Prints one block per message, sorted by recipient: the decoded To, Subject and
the body's headline lines ("- ..."), then each attachment with its content
type and whether its bytes equal the file it came from in PERIOD_DIR. Header
problems (a header outside the expected set, a repeated header, a line over
78 characters, a parser defect) are printed as "PROBLEM: ..." lines, so the
test's exact comparison catches them.
"""
import email
import email.policy
import os
import re
import sys

ALLOWED = ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"]

period_dir = sys.argv[1]
period = os.path.basename(period_dir.rstrip("/"))
blocks = []
for path in sys.argv[2:]:
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = []
    head = raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if len(line) > 78:
            out.append("PROBLEM: long header line %r" % line)
    names = msg.keys()
    if names != ALLOWED:
        out.append("PROBLEM: headers %s" % names)
    if msg.defects:
        out.append("PROBLEM: defects %s" % msg.defects)
    # Python (3.11) keeps the folding space between two encoded-words of a
    # display name, which RFC 2047 says to drop: compare names space-collapsed.
    out.append("To: %s" % re.sub(" +", " ", str(msg["To"])))
    out.append("Subject: %s" % msg["Subject"])
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name is None:
            if part.get_content_type() != "text/plain" or part.get_content_charset() != "utf-8":
                out.append("PROBLEM: body type %s" % part["Content-Type"])
            text = part.get_content()
            out.extend(l for l in text.split("\r\n") if l.startswith("- "))
            continue
        m = re.fullmatch(r"sla-scorecard-%s-(.+)\.pdf" % re.escape(period), name)
        disk = os.path.join(period_dir, "reps", m.group(1) + ".pdf") if m else \
            os.path.join(period_dir, name)
        same = part.get_content() == open(disk, "rb").read()
        out.append("attachment %s %s %s" % (name, part.get_content_type(),
                                             "same bytes" if same else "DIFFERENT BYTES"))
    blocks.append((msg["To"].addresses[0].addr_spec, "\n".join(out)))
for _, block in sorted(blocks):
    print(block)
