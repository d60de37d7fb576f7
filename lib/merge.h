/* merge.h - joining RUN scripts into one RUN without changing what each of them does.
 *
 * Each RUN starts in a fresh shell in the stage's WORKDIR; only the filesystem carries over.
 * Joining `RUN A` and `RUN B` into `RUN A && B` is exact when A changes no shell state that B
 * could see (cd, variables, options, umask, traps, aliases, functions, exec/exit) and is a
 * single and-or list. Otherwise A is grouped: `{ A; }` keeps a multi-item list's exit status
 * semantics, `( A )` isolates state changes (a subshell also turns `exit` into "end of this
 * part", exactly what it was in its own RUN). A RUN that starts background jobs, has shell
 * syntax problems, heredocs, or runs under a non-POSIX SHELL is never joined. */
#ifndef SF_MERGE_H
#define SF_MERGE_H

#include "ast.h"

struct sf_check;

typedef enum {
    SF_MERGE_NO = 0,     /* cannot be joined (why_not says why) */
    SF_MERGE_PLAIN,      /* A && ... as is */
    SF_MERGE_BRACE,      /* { A; } */
    SF_MERGE_SUBSHELL    /* ( A ) */
} sf__merge_wrap;

typedef struct sf__merge_part {
    const struct sf_insn *insn;
    sf__merge_wrap wrap;
    uint32_t text_start;      /* document offsets of the script text kept in place */
    uint32_t text_end;        /* (trailing shell comment and blanks excluded) */
    bool ends_with_semi;      /* the kept text ends with a `;` */
    uint32_t comment_start;   /* a trailing single-line shell comment to move onto its own */
    uint32_t comment_end;     /* Dockerfile comment line (start == end: none) */
    const char *exec_text;    /* exec form: the equivalent shell text (replaces text_start..end) */
    const char *why_not;      /* reason when wrap == SF_MERGE_NO */
    bool has_or;              /* a single and-or list using `||`: `P && a || b` would run b
                                 when P fails, so it is grouped when something precedes it */
    bool last_only;           /* joinable only as the last part: `&&` after it would switch
                                 off its errexit (set -e / SHELL -e); why_last says why */
    const char *why_last;
} sf__merge_part;

/* Is the shell in effect for insn (the stage's last SHELL before it, or /bin/sh -c) a POSIX
 * shell (sh, bash, ash, dash, ksh, mksh, zsh) called with -c last? */
bool sf__stage_shell_is_posix(const struct sf_doc *doc, const struct sf_insn *insn);

/* Does the SHELL in effect for insn run with errexit (-e, -o errexit, combined flags)? */
bool sf__stage_shell_errexit(const struct sf_doc *doc, const struct sf_insn *insn);

/* Decide how insn's script can take part in a merged RUN. `last`: nothing follows it. */
void sf__merge_analyze(sf__merge_part *out, struct sf_check *ck, const struct sf_insn *insn, bool last);

/* Append the edits that merge parts[0..n) (consecutive RUNs of one stage, all joinable, same
 * flags) into the first one to finding f (which must have a fix begun). */
void sf__merge_edits(struct sf_check *ck, struct sf_finding *f, const sf__merge_part *parts, size_t n);

/* The edits that append `text` (a shell command list, e.g. "rm -rf /x", grouped by the caller
 * when it is more than one pipeline) to the RUN of part p as `&& text`, on a continuation line
 * when the RUN spans several lines. p must have been analyzed as not-last (its state leaks are
 * isolated by the wrap). Returns false (and adds nothing) when p cannot be followed by
 * anything: wrap NO, last_only, or exec form. */
bool sf__merge_append_edits(struct sf_check *ck, struct sf_finding *f, const sf__merge_part *p,
                            const char *text);

#endif /* SF_MERGE_H */
