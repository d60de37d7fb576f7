/* emit_checkstyle.c - Checkstyle XML (version 4.3), one <file> per input file (files without
 * findings too), columns in code points, severity error|warning|info (style -> info), source
 * "slimfile.<rule-id>".
 *
 * Attribute values are escaped for XML 1.0: & < > " ' as entities, tab/LF/CR as character
 * references (so attribute-value normalization keeps them), and what XML 1.0 cannot carry at all
 * (other C0 controls, U+FFFE, U+FFFF, invalid UTF-8) as U+FFFD. */
#include "emit.h"
#include "utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD"

/* Length of the UTF-8 sequence at s (lead byte >= 0x80): 2..4 for a character XML allows,
 * 0 for invalid UTF-8 (one byte is replaced), and with *bad set for U+FFFE/U+FFFF, which are
 * valid UTF-8 but not XML characters (the whole sequence is replaced). */
static size_t utf8_len(const unsigned char *s, size_t n, bool *bad)
{
    int32_t cp = 0;
    int len = s[0] < 0x80 ? 0 : sf__utf8_decode(s, n, &cp); /* ASCII is handled by the caller */

    *bad = cp == 0xFFFE || cp == 0xFFFF;
    return (size_t)len;
}

static int put_xml_attr(sf_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    int err = SF_OK;

    while (i < n && err == SF_OK) {
        unsigned c = p[i];
        size_t len;
        bool bad = false;

        switch (c) {
        case '&': err = sf__buf_puts(b, "&amp;"); break;
        case '<': err = sf__buf_puts(b, "&lt;"); break;
        case '>': err = sf__buf_puts(b, "&gt;"); break;
        case '"': err = sf__buf_puts(b, "&quot;"); break;
        case '\'': err = sf__buf_puts(b, "&apos;"); break;
        case '\t': err = sf__buf_puts(b, "&#9;"); break;
        case '\n': err = sf__buf_puts(b, "&#10;"); break;
        case '\r': err = sf__buf_puts(b, "&#13;"); break;
        default:
            if (c < 0x20) {
                err = sf__buf_puts(b, REPLACEMENT);
            } else if (c < 0x80) {
                err = sf__buf_putc(b, (char)c);
            } else if ((len = utf8_len(p + i, n - i, &bad)) == 0) {
                err = sf__buf_puts(b, REPLACEMENT);
            } else {
                err = bad ? sf__buf_puts(b, REPLACEMENT) : sf__buf_put(b, s + i, len);
                i += len - 1;
            }
            break;
        }
        i++;
    }
    return err;
}

static const char *severity_of(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return "error";
    case SF_SEV_WARNING: return "warning";
    default: return "info";
    }
}

int sf__emit_checkstyle(sf_buf *out, const sf__emit_run *run)
{
    size_t i, k = 0;
    int err = SF_OK;

    err |= sf__buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<checkstyle version=\"4.3\">\n");
    for (i = 0; i < run->npaths && err == SF_OK; i++) {
        err |= sf__buf_puts(out, "  <file name=\"");
        err |= put_xml_attr(out, run->paths[i]);
        err |= sf__buf_puts(out, "\">\n");
        for (; k < run->nitems && run->items[k].file == i && err == SF_OK; k++) {
            const sf_finding *f = run->items[k].f;
            sf_range r = sf_finding_range(f);
            const char *msg = sf_finding_message(f);
            const char *rule = sf_finding_rule(f);

            err |= sf__buf_printf(out, "    <error line=\"%lu\" column=\"%lu\" severity=\"%s\" message=\"",
                                  (unsigned long)r.start.line, (unsigned long)r.start.colcp,
                                  severity_of(sf_finding_severity(f)));
            err |= put_xml_attr(out, msg ? msg : "");
            err |= sf__buf_puts(out, "\" source=\"slimfile.");
            err |= put_xml_attr(out, rule ? rule : "");
            err |= sf__buf_puts(out, "\"/>\n");
        }
        err |= sf__buf_puts(out, "  </file>\n");
    }
    err |= sf__buf_puts(out, "</checkstyle>\n");
    return err < 0 ? SF_ENOMEM : SF_OK;
}
