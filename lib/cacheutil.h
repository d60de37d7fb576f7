/* cacheutil.h - what the package-cache rules (apk-no-cache, pip-no-cache-dir,
 * apt-lists-not-removed) share: does a directory written in a stage reach the image, does the
 * RUN run under a POSIX shell, which --mount flags cover a directory, does one shell command
 * run after another, does an rm remove a directory, and the cache-mount fix. */
#ifndef SF_CACHEUTIL_H
#define SF_CACHEUTIL_H

#include "arena.h"
#include "ast.h"
#include "shell.h"

struct sf_check;
struct sf_finding;

/* Do the files under `dir` (a cleaned absolute path) written in stage st reach the image? They
 * do when st is the last stage or one of its FROM ancestors (or st < 0, or there are no
 * stages), or when a COPY/ADD --from of a stage built on st copies `dir` or a parent of it.
 * A --from with a variable, or a source with a variable that cannot be expanded from ENV/ARG
 * (only a leading $VAR / ${VAR} is expanded), counts as copying. */
bool sf__cache_stage_ships(const struct sf_doc *doc, sf__arena *a, int st, const char *dir);

/* Does the RUN insn (ONBUILD child included) run under a POSIX-like shell: the default
 * /bin/sh, or a SHELL (its stage's last before the RUN, else a FROM ancestor's) whose program's
 * base name is sh, bash, ash, dash, ksh, mksh or zsh? A shell-form SHELL counts as not POSIX. */
bool sf__cache_posix_shell(const struct sf_doc *doc, const struct sf_insn *insn);

/* The RUN's --mount flags relative to `dir` (a cleaned absolute path). *covered: a cache or
 * tmpfs mount holds dir or a parent of it (a target with a variable counts). *touched: some
 * mount's target is dir, a parent or a child of it (also a target with a variable or one that
 * cannot be resolved against the WORKDIR). Mounts on "/" are ignored. */
void sf__cache_mounts_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                         const char *dir, bool *covered, bool *touched);

/* Does command j of script t run after command k of script s, both scripts of the chain that
 * starts at top (one RUN)? Scripts chained after top are heredocs that a command of top feeds
 * to a shell; a heredoc nobody is known to run counts as running at the end. */
bool sf__cache_runs_after(const sf__sh *top, const sf__sh *s, uint32_t k, const sf__sh *t, uint32_t j);

/* Widen the document byte range [*start, *end) to cover simple command c of script sh; when
 * `first`, set it to the command's range instead. */
void sf__cache_range_add(const sf__sh *sh, const sf__sh_cmdinfo *c, bool first, uint32_t *start,
                         uint32_t *end);

/* Does a cleaned, possibly globbed absolute rm operand `pat` remove `dir`, or the entries in
 * it (`sample` names a typical entry)? Removing dir or a parent needs `recursive`; the entries
 * alone also count without it when they are plain files (files_ok). "/" never counts. */
bool sf__cache_rm_covers(const char *pat, const char *dir, const char *sample, bool recursive,
                         bool files_ok);

/* Does rm command c (rm: its sf__sh_rm result) remove `dir` or the entries in it (see
 * sf__cache_rm_covers) through a static absolute operand? */
bool sf__cache_rm_removes(sf__arena *a, const sf__sh_cmdinfo *c, const sf__sh_fileop *rm,
                          const char *dir, const char *sample, bool files_ok);

/* Does an argument of command c (after its name) hold a script that mentions `what` and an
 * `rm ` or `cache purge` (`bash -c "... rm -rf X"`, `su -c '...'`, eval): a script the shell
 * parser could not open because it has expansions? */
bool sf__cache_script_word_removes(const sf__sh_cmdinfo *c, const char *what);

/* A command word a fix inserts an option after ("add" in `apk add`). */
typedef struct sf__cache_hit {
    const sf__sh *sh;           /* the script holding the command */
    const sf__sh_cmdinfo *c;
    uint32_t word;              /* argv index of the word */
} sf__cache_hit;

/* Begin a safe fix titled `title` on f that inserts `opt` (" --no-cache", with its leading
 * blank) right after the word of each of hits[0..n). */
void sf__cache_fix_flag(struct sf_check *ck, struct sf_finding *f, const char *title,
                        const sf__cache_hit *hits, uint32_t n, const char *opt);

/* Begin a safe fix titled `title` on f that inserts `flag` (" --mount=type=cache,...", with
 * its leading blank; NULL: no insertion, e.g. after OOM) after insn's keyword, plus a
 * `# syntax=docker/dockerfile:1` line (after a BOM, with the file's line ending) when the
 * document has no syntax directive. */
void sf__cache_fix_mount(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *insn,
                         const char *title, const char *flag);

/* Call check_run for every RUN of the document and every ONBUILD RUN trigger, in order. */
void sf__cache_each_run(struct sf_check *ck, void (*check_run)(struct sf_check *, const struct sf_insn *));

#endif /* SF_CACHEUTIL_H */
