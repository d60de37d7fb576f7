/* finding.h - findings: what the parser and the rules report. Arena-backed lists. */
#ifndef SF_FINDING_H
#define SF_FINDING_H

#include "arena.h"
#include "common.h"

struct sf_finding {
    const char *rule;          /* id, static storage or arena */
    sf_severity severity;
    const char *message;       /* arena */
    sf_range range;            /* half-open */
    const char *url;           /* static or arena */
    sf_fix_safety fix_safety;  /* SF_FIX_NONE without edits */
    const char *fix_title;
    sf_edit *edits;            /* sorted, non-overlapping, in the document's offsets */
    size_t nedits;
    uint32_t insn;             /* index of the instruction it is about, UINT32_MAX: none */
};

typedef struct sf__findings {
    struct sf_finding *v;
    size_t n, cap;
} sf__findings;

/* Append a zeroed finding; NULL on OOM (arena flag set). */
struct sf_finding *sf__findings_push(sf__findings *l, sf__arena *a);
/* Sort by start offset, then end offset, then rule id. */
void sf__findings_sort(sf__findings *l);
/* The documentation URL of a rule id (arena-allocated). */
const char *sf__rule_url(sf__arena *a, const char *id);

#define SF_DOCS_BASE "https://slimfile.dev/rules/"

#endif /* SF_FINDING_H */
