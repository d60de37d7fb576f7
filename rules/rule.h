/* rule.h - the rule-author API. A rule is a descriptor (id, severity, summary, documentation,
 * check function) in rules/<id_with_underscores>.c, listed once in rules/rules.def.
 *
 * check() receives a read-only document and reports through sf__report(); it may attach a fix
 * (byte edits on the document's source) to the finding with sf__fix_*(). Rules keep their state
 * in locals, never allocate with malloc (use sf__check_arena) and never do I/O: the build
 * context arrives through ck->ctx and ck->ignore. */
#ifndef SF_RULE_H
#define SF_RULE_H

#include "ast.h"
#include "cacheutil.h"
#include "common.h"
#include "finding.h"
#include "merge.h"
#include "shell.h"
#include "walk.h"

struct sf__ignore;
struct sf_check;

/* What a rule needs; the engine skips context rules when no context is given. */
enum {
    SF_NEEDS_CONTEXT = 1u << 0, /* reads ck->ctx / ck->ignore */
    SF_BUILTIN = 1u << 1        /* reported by the parser or the engine itself; check is NULL */
};

struct sf_rule {
    const char *id;            /* "apk-no-cache": public name, stable forever */
    sf_severity severity;      /* default; config and flags may override */
    const char *summary;       /* one line, no trailing period */
    const char *doc;           /* Markdown: why it costs, bad example, good example, fix and safety */
    unsigned needs;            /* SF_NEEDS_* */
    sf_fix_safety fix_safety;  /* the safest fix this rule can offer; SF_FIX_NONE: never fixes */
    const char *hadolint;      /* comma-separated hadolint codes that map onto this rule, or NULL */
    const char *buildkit;      /* comma-separated BuildKit check names that map onto it, or NULL */
    void (*check)(struct sf_check *ck);
};

/* The state a check sees. */
struct sf_check {
    const struct sf_doc *doc;
    const struct sf_rule *rule;
    const sf_context *ctx;           /* NULL: no build context known */
    const struct sf__ignore *ignore; /* parsed .dockerignore, NULL when absent/unknown */
    const sf__source *ignore_src;    /* the .dockerignore's source (positions), or NULL */
    sf_cache_fix cache_fix;          /* how cache fixes are written */
    struct sf__engine *engine;       /* private to the engine */
};

/* Report a finding of ck->rule over source bytes [start, end) of the document, about instruction
 * `insn` (may be NULL). Returns the finding (to attach a fix), or NULL on OOM. */
struct sf_finding *sf__report(struct sf_check *ck, const struct sf_insn *insn, uint32_t start,
                              uint32_t end, const char *fmt, ...) SF_PRINTF(5, 6);
/* Report a finding about the .dockerignore file (positions in ck->ignore_src, or 0..0 when the
 * file does not exist). */
struct sf_finding *sf__report_ignore(struct sf_check *ck, uint32_t start, uint32_t end,
                                     const char *fmt, ...) SF_PRINTF(4, 5);

/* Start a fix on finding f; edits are then added with sf__fix_edit in any order (they are sorted
 * and checked for overlap when the fix is closed by the engine). */
void sf__fix_begin(struct sf_check *ck, struct sf_finding *f, sf_fix_safety safety, const char *title);
/* Replace document bytes [start, end) with text[0..len) (len SIZE_MAX: strlen). */
void sf__fix_edit(struct sf_check *ck, struct sf_finding *f, uint32_t start, uint32_t end,
                  const char *text, size_t len);
/* Drop a fix begun on f (e.g. when the rule finds it cannot prove it safe after all). */
void sf__fix_cancel(struct sf_finding *f);

/* Scratch arena for a rule's temporaries (shell ASTs live here too): freed when sf_lint
 * returns, so nothing a finding keeps may point into it. */
sf__arena *sf__check_arena(struct sf_check *ck);
/* The lint result's arena: for anything a finding keeps (a message or title built by hand). */
sf__arena *sf__finding_arena(struct sf_check *ck);
/* Shell analysis of a RUN instruction (sf__sh_parse_insn: shell-form text, or the heredoc
 * script), parsed once per lint run and shared by all rules; NULL for exec form, non-RUN, or a
 * heredoc run by a non-shell interpreter. Offsets map to the source with sf__sh_src_offset. */
const sf__sh *sf__check_shell(struct sf_check *ck, const struct sf_insn *insn);

/* Line-ending of the line holding offset: "\r\n" or "\n". */
const char *sf__doc_eol_at(const struct sf_doc *doc, uint32_t off);

/* Declarations of every descriptor. */
#define SF_RULE(name) extern const struct sf_rule sf_rule_##name;
#include "rules.def"
#undef SF_RULE

/* The registry, sorted by id. */
extern const struct sf_rule *const sf__rules[];
extern const size_t sf__rule_count;
const struct sf_rule *sf__rule_find(const char *id);

#endif /* SF_RULE_H */
