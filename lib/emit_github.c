/* emit_github.c - GitHub Actions workflow commands, one per finding:
 *
 *   ::warning file=F,line=L,col=C,endLine=EL,endColumn=EC,title=slimfile rule-id::message
 *
 * error -> ::error, warning -> ::warning, info and style -> ::notice. Columns are 1-based code
 * points and endColumn is inclusive (the last character, as in the JSON format). GitHub accepts
 * col/endColumn only when the annotation starts and ends on the same line, so a multi-line range
 * gives line/endLine alone.
 *
 * Escaping is the Actions toolkit's (@actions/core, command.ts): the message (escapeData)
 * % \r \n -> %25 %0D %0A; property values (escapeProperty) also : , -> %3A %2C. */
#include "emit.h"

static int put_escaped(sf_buf *b, const char *s, bool property)
{
    const char *p = s;
    int err = SF_OK;

    for (; *p && err == SF_OK; p++) {
        switch (*p) {
        case '%': err = sf__buf_puts(b, "%25"); break;
        case '\r': err = sf__buf_puts(b, "%0D"); break;
        case '\n': err = sf__buf_puts(b, "%0A"); break;
        case ':': err = property ? sf__buf_puts(b, "%3A") : sf__buf_putc(b, ':'); break;
        case ',': err = property ? sf__buf_puts(b, "%2C") : sf__buf_putc(b, ','); break;
        default: err = sf__buf_putc(b, *p); break;
        }
    }
    return err;
}

static const char *command_of(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return "error";
    case SF_SEV_WARNING: return "warning";
    default: return "notice";
    }
}

static int put_item(sf_buf *b, const sf__emit_item *it)
{
    const sf_finding *f = it->f;
    sf_range r = sf_finding_range(f);
    sf__emit_lc end = sf__emit_end_inclusive(it, r);
    const char *rule = sf_finding_rule(f) ? sf_finding_rule(f) : "";
    const char *msg = sf_finding_message(f) ? sf_finding_message(f) : "";
    int err = SF_OK;

    err |= sf__buf_printf(b, "::%s file=", command_of(sf_finding_severity(f)));
    err |= put_escaped(b, it->path, true);
    err |= sf__buf_printf(b, ",line=%lu", (unsigned long)r.start.line);
    if (end.line == r.start.line)
        err |= sf__buf_printf(b, ",col=%lu", (unsigned long)r.start.colcp);
    err |= sf__buf_printf(b, ",endLine=%lu", (unsigned long)end.line);
    if (end.line == r.start.line)
        err |= sf__buf_printf(b, ",endColumn=%lu", (unsigned long)end.col);
    err |= sf__buf_puts(b, ",title=");
    err |= put_escaped(b, "slimfile ", true);
    err |= put_escaped(b, rule, true);
    err |= sf__buf_puts(b, "::");
    err |= put_escaped(b, msg, false);
    err |= sf__buf_putc(b, '\n');
    return err < 0 ? SF_ENOMEM : SF_OK;
}

int sf__emit_github(sf_buf *out, const sf__emit_run *run)
{
    size_t i;

    for (i = 0; i < run->nitems; i++)
        if (put_item(out, &run->items[i]) < 0)
            return SF_ENOMEM;
    return sf__buf_grow(out, 0);
}
