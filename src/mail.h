/*
 * mail.h - delivery of a period's outputs by e-mail (SPEC §5 "Delivery", §7).
 *
 * sla_cmd_mail reads an existing OUT/<period>/ (it never recomputes a KPI),
 * builds one MIME message per recipient and either sends it over SMTP or,
 * with --dry-run, writes it as an .eml file: the same bytes either way. A
 * delivery log, OUT/<period>/mail/delivery.json, makes a re-run send only what
 * has not been delivered yet. docs/mail.md describes the behaviour for users.
 * The header encoders are exposed for the unit tests.
 */
#ifndef SLA_MAIL_H
#define SLA_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "error.h"
#include "util.h"

/* `slapack mail` (and the tail of `slapack run --mail`). SLA_ERR_IO when any
 * recipient did not get its message; the others still do. */
sla_status sla_cmd_mail(const sla_options *opts, sla_error *err);

/* A plain addr-spec (local@domain.tld, dot-atom local part, LDH domain
 * labels): nothing a header or an SMTP command could be smuggled through. */
bool sla_mail_address_valid(const char *addr);

/* Append text (valid UTF-8 without control characters) as RFC 2047 "B"
 * encoded-words of at most 75 characters, folded with CRLF SP so that no line
 * exceeds 76 characters; column is where the output starts on its line.
 * Returns the column after the last word. */
size_t sla_mail_encode_words(sla_buf *out, const char *text, size_t column);

#endif
