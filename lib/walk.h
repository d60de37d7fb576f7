/* walk.h - small read-only helpers over the Dockerfile AST shared by the rules. */
#ifndef SF_WALK_H
#define SF_WALK_H

#include "ast.h"

/* COPY or ADD whose sources come from the build context (no --from, not ONBUILD). */
bool sf__insn_copies_context(const struct sf_insn *insn);
/* Number of source arguments of a COPY/ADD (every argument but the destination). */
uint32_t sf__copy_nsrc(const struct sf_insn *insn);
/* Is source i a heredoc (<<EOF) rather than a context path? */
bool sf__copy_src_is_heredoc(const struct sf_insn *insn, uint32_t i);
/* A source that names the whole context: ".", "./", "/", "*", or "./" followed by "*". */
bool sf__path_is_whole_context(const char *s);
/* A remote ADD source (URL or git address). */
bool sf__path_is_remote(const char *s);
/* Does the string use a variable ($x, ${x})? */
bool sf__has_variable(const char *s, size_t n);
/* Context-relative form of a COPY source: leading "./" and "/" removed, duplicate and trailing
 * slashes dropped ("" for the root). Arena copy. */
char *sf__ctx_path(sf__arena *a, const char *s);
/* Does the source contain glob characters (*, ?, [)? */
bool sf__has_glob(const char *s);
/* Go filepath.Match semantics ('*' and '?' do not cross '/'; [] classes; '\' escapes). */
bool sf__glob_match(const char *pat, const char *path);
/* The first instruction of stage st after its FROM, and one past its last (insn indexes). */
void sf__stage_bounds(const struct sf_doc *doc, uint32_t st, uint32_t *first, uint32_t *end);

/* Is stage st reached from stage `from` by following FROM <stage> links (itself included)?
 * False when either is out of range. */
bool sf__stage_chain_has(const struct sf_doc *doc, int from, int st);
/* The stage a --from value names: a stage index written in digits, or a stage name (compared
 * case-insensitively), or -1 (an image, or out of range). */
int sf__stage_named(const struct sf_doc *doc, const char *v);
/* Does the document have a parser directive `key` (lower case: "syntax", "escape", "check")? */
bool sf__doc_has_directive(const struct sf_doc *doc, const char *key);

/* The first COPY/ADD (from the build context, not ONBUILD) with a source that names the whole
 * context (".", "./", "*", ...; heredocs excluded), or NULL; *src gets that source's index. */
const struct sf_insn *sf__whole_context_copy(const struct sf_doc *doc, uint32_t *src);

#endif /* SF_WALK_H */

/* Clean an absolute path ("/a/./b//c/../d/" -> "/a/b/d"); arena copy. */
char *sf__path_clean(sf__arena *a, const char *p);
/* The absolute working directory in effect at insn (the stage's WORKDIRs resolved), or NULL
 * when unknown (no WORKDIR and a base image we cannot see, or a variable in it). */
const char *sf__workdir_at(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *insn);
/* Resolve path against the WORKDIR at insn: absolute result, or NULL when unknown/dynamic. */
const char *sf__resolve_at(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *insn,
                           const char *path);
/* Is `path` equal to `dir` or below it (both cleaned absolute paths)? */
bool sf__path_under(const char *path, const char *dir);
/* The bytes to delete to remove insn from the file: its whole lines through the line
 * terminator, with the comment lines directly above it. */
void sf__insn_delete_range(const struct sf_doc *doc, const struct sf_insn *insn, uint32_t *start, uint32_t *end);
/* Is every instruction strictly between a and b metadata-only (LABEL, ENV, ARG, EXPOSE,
 * MAINTAINER, STOPSIGNAL, HEALTHCHECK, CMD, ENTRYPOINT)? */
bool sf__only_metadata_between(const struct sf_doc *doc, uint32_t a, uint32_t b);
/* Does a COPY/ADD from the context of doc name the context entry `e` (or something inside it)?
 * e is context-relative, without a trailing slash. */
bool sf__ctx_entry_used(sf__arena *a, const struct sf_doc *doc, const char *e);
