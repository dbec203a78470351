"""A real SMTP server on loopback for the mail tests (python3-aiosmtpd).

    smtp_sink.py DIR PORTFILE REJECTFILE

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE once it
accepts connections, and stores every message it receives as DIR/NNN.eml (the
DATA bytes exactly as received) with DIR/NNN.json (envelope sender,
recipients, AUTH login). RCPT TO an address listed in REJECTFILE (one per line,
read on every RCPT, so a test can change it between runs) gets 550. AUTH PLAIN
and LOGIN are accepted over the plain connection and any password is
accepted; the login is recorded so tests can see the credentials arrive.
"""
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult

out_dir, port_file, reject_file = sys.argv[1:4]
count = 0


def authenticate(server, session, envelope, mechanism, auth_data):
    session.slapack_login = auth_data.login.decode()
    session.slapack_password = auth_data.password.decode()
    return AuthResult(success=True)


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with open(reject_file, encoding="utf-8") as f:
            rejected = {line.strip() for line in f if line.strip()}
        if address in rejected:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        base = os.path.join(out_dir, "%03d" % count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        meta = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                "login": getattr(session, "slapack_login", None),
                "password": getattr(session, "slapack_password", None)}
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        return "250 Message accepted"


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Sink(), authenticator=authenticate, auth_require_tls=False),
        "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(port_file + ".tmp", port_file)
    async with server:
        await server.serve_forever()


asyncio.run(main())
