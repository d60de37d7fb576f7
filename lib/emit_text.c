/* emit_text.c - `file:line:col: severity: message [rule-id]`, one finding per line, columns in
 * code points; optional ANSI colour and a summary line. */
#include "emit.h"

#define ANSI_RESET "\x1b[0m"
#define ANSI_DIM "\x1b[2m"
#define ANSI_BOLD "\x1b[1m"

static const char *const sev_color[] = {
    "\x1b[1;31m", /* error: bold red */
    "\x1b[1;33m", /* warning: bold yellow */
    "\x1b[1;36m", /* info: bold cyan */
    "\x1b[1;35m", /* style: bold magenta */
    "",
};

/* Put user-controlled text on a terminal: tab and newline become a space (one finding, one
 * line) and other control characters (ESC above all) '?', so a Dockerfile cannot move the
 * cursor or recolour the output through a message or a path. */
static int put_safe(sf_buf *b, const char *s)
{
    const char *p = s;

    while (*p) {
        const char *q = p;
        while (*q && (unsigned char)*q >= 0x20 && *q != 0x7f)
            q++;
        if (q > p && sf__buf_put(b, p, (size_t)(q - p)) < 0)
            return SF_ENOMEM;
        if (!*q)
            break;
        if (sf__buf_putc(b, *q == '\t' || *q == '\n' ? ' ' : '?') < 0)
            return SF_ENOMEM;
        p = q + 1;
    }
    return SF_OK;
}

static int put_finding(sf_buf *b, const sf__emit_item *it, bool color)
{
    const sf_finding *f = it->f;
    sf_range r = sf_finding_range(f);
    sf_severity sev = sf_finding_severity(f);
    unsigned si = (unsigned)sev < SF_ARRAY_LEN(sev_color) ? (unsigned)sev : SF_SEV_NONE;
    int err = SF_OK;

    if (put_safe(b, it->path) < 0 ||
        sf__buf_printf(b, ":%lu:%lu: ", (unsigned long)r.start.line, (unsigned long)r.start.colcp) < 0)
        return SF_ENOMEM;
    if (color)
        err |= sf__buf_puts(b, sev_color[si]);
    err |= sf__buf_puts(b, sf_severity_name(sev));
    if (color)
        err |= sf__buf_puts(b, ANSI_RESET);
    err |= sf__buf_puts(b, ": ");
    err |= put_safe(b, sf_finding_message(f) ? sf_finding_message(f) : "");
    err |= sf__buf_puts(b, color ? " " ANSI_DIM "[" : " [");
    err |= put_safe(b, sf_finding_rule(f) ? sf_finding_rule(f) : "");
    err |= sf__buf_puts(b, color ? "]" ANSI_RESET "\n" : "]\n");
    return err < 0 ? SF_ENOMEM : SF_OK;
}

static const char *const count_names[][2] = {
    {"error", "errors"}, {"warning", "warnings"}, {"info", "info"}, {"style", "style"}};

/* `Found 3 problems (1 error, 2 warnings)` / `No problems found`, then the fix hint. Severities
 * without findings are left out; "info" and "style" are not pluralised. When nothing reaches
 * the failure level (and there is one), the line says so, since the run will then succeed. */
static int put_summary(sf_buf *b, const sf__emit_run *run)
{
    size_t count[4] = {0, 0, 0, 0}, safe = 0, unsafe = 0, failing = 0, i;
    sf_severity level = run->opts->failure_level;
    bool sep = false;
    int err = SF_OK;

    for (i = 0; i < run->nitems; i++) {
        const sf_finding *f = run->items[i].f;
        sf_severity sev = sf_finding_severity(f);
        if ((unsigned)sev < 4)
            count[sev]++;
        if ((unsigned)sev < 4 && sev <= level)
            failing++;
        if (sf__emit_has_fix(f)) {
            if (sf_finding_fix_safety(f) == SF_FIX_SAFE)
                safe++;
            else
                unsafe++;
        }
    }
    if (run->nitems == 0)
        return sf__buf_puts(b, "No problems found\n");
    if (run->opts->color)
        err |= sf__buf_puts(b, ANSI_BOLD);
    err |= sf__buf_printf(b, "Found %lu problem%s (", (unsigned long)run->nitems,
                          run->nitems == 1 ? "" : "s");
    for (i = 0; i < 4; i++) {
        if (!count[i])
            continue;
        err |= sf__buf_printf(b, "%s%lu %s", sep ? ", " : "", (unsigned long)count[i],
                              count_names[i][count[i] != 1]);
        sep = true;
    }
    err |= sf__buf_puts(b, ")");
    if (level < SF_SEV_NONE && failing == 0)
        err |= sf__buf_printf(b, "; none at or above %s", sf_severity_name(level));
    if (run->opts->color)
        err |= sf__buf_puts(b, ANSI_RESET);
    err |= sf__buf_puts(b, "\n");
    if (safe && unsafe)
        err |= sf__buf_printf(b, "%lu fixable with --fix (%lu more with --fix --unsafe-fixes)\n",
                              (unsigned long)safe, (unsigned long)unsafe);
    else if (safe)
        err |= sf__buf_printf(b, "%lu fixable with --fix\n", (unsigned long)safe);
    else if (unsafe)
        err |= sf__buf_printf(b, "%lu fixable with --fix --unsafe-fixes\n", (unsigned long)unsafe);
    return err < 0 ? SF_ENOMEM : SF_OK;
}

int sf__emit_text(sf_buf *out, const sf__emit_run *run)
{
    size_t i;

    for (i = 0; i < run->nitems; i++)
        if (put_finding(out, &run->items[i], run->opts->color) < 0)
            return SF_ENOMEM;
    if (run->opts->summary && put_summary(out, run) < 0)
        return SF_ENOMEM;
    return sf__buf_grow(out, 0);
}
