/* dockerignore.h - .dockerignore reading and matching exactly as BuildKit does it
 * (moby/patternmatcher ignorefile.ReadAll + New + MatchesOrParentMatches), plus lint helpers
 * for the rules dockerignore-syntax and dockerignore-entries.
 *
 * Everything lives in the caller's arena; no I/O, no globals. An sf__ignore is read-only after
 * parsing and may be shared by threads. */
#ifndef SF_DOCKERIGNORE_H
#define SF_DOCKERIGNORE_H

#include "arena.h"
#include "common.h"

typedef struct sf__ignore sf__ignore;
typedef struct sf__ignore_pat sf__ignore_pat;

/* How BuildKit matches one compiled pattern (patternmatcher's matchType). */
typedef enum {
    SF_IGN_EXACT,  /* path == pattern */
    SF_IGN_PREFIX, /* literal text then a trailing `**`: path starts with the literal */
    SF_IGN_SUFFIX, /* leading `**` then literal text: path ends with it */
    SF_IGN_REGEXP  /* anything else: an anchored regular expression */
} sf__ignore_kind;

/* One pattern line. All strings are NUL-terminated and live in the arena. */
struct sf__ignore_pat {
    const char *raw;      /* the trimmed line as written (e.g. "!  /foo/"), for messages */
    const char *text;     /* ReadAll's normalised form (e.g. "!foo"), what BuildKit prints */
    const char *pattern;  /* the cleaned pattern without `!` (e.g. "foo") */
    bool negated;         /* a `!` exception: re-includes */
    bool valid;           /* false: BuildKit fails the build on this pattern */
    bool unsupported;     /* valid, but uses a regexp feature slimfile does not model; never matches */
    const char *error;    /* why it is invalid/unsupported, or NULL */
    sf__ignore_kind kind;
    uint32_t line;        /* 1-based line in the .dockerignore */
    uint32_t col, end_col;/* 1-based byte columns of the trimmed text, half-open */
    uint32_t start, end;  /* the same as byte offsets into the .dockerignore text */
    const void *prog;     /* compiled matcher (internal) */
};

/* Parse a whole .dockerignore (text[0..len), read-only, need not be NUL-terminated).
 * Comments, blank lines and BOM are dropped as BuildKit's ReadAll does. Invalid patterns do not
 * fail parsing: they are kept with valid == false (see sf__ignore_ok).
 * Returns SF_OK, SF_ELIMIT (len > SF_MAX_INPUT) or SF_ENOMEM. *out is borrowed from the arena. */
int sf__ignore_parse(sf__ignore **out, sf__arena *a, const char *text, size_t len);

/* Build a matcher from already-read pattern strings (patternmatcher.New input: each is trimmed,
 * cleaned, `!` handled; empty ones are dropped). Line numbers are the 1-based indexes into pats,
 * columns are 0. Returns SF_OK or SF_ENOMEM. */
int sf__ignore_from_patterns(sf__ignore **out, sf__arena *a, const char *const *pats, size_t n);

/* True when BuildKit would accept every pattern (no invalid one). A ReadAll failure
 * (a line of 64 KiB or more) also makes this false. */
bool sf__ignore_ok(const sf__ignore *ig);
/* Message of the first problem that makes the file unusable for BuildKit, or NULL. */
const char *sf__ignore_error(const sf__ignore *ig);

size_t sf__ignore_count(const sf__ignore *ig);
/* The i-th pattern in file order (i < sf__ignore_count), borrowed. */
const sf__ignore_pat *sf__ignore_at(const sf__ignore *ig, size_t i);

/* MatchesOrParentMatches for a '/'-separated, context-relative path. The path is cleaned like
 * Go's filepath.Clean first ("./a//b/" -> "a/b"); "." (the context root) is never excluded.
 * A leading '/' is kept (as BuildKit does), so "/foo" does not match the pattern "foo": strip it
 * yourself when you mean the context root.
 * Returns SF_OK and sets *excluded, or SF_EINVAL when BuildKit would fail with an invalid pattern
 * while deciding this path (then *excluded is false), or SF_ENOMEM. */
int sf__ignore_match(const sf__ignore *ig, const char *path, bool *excluded);
/* Convenience: the answer of sf__ignore_match, invalid patterns skipped. ig may be NULL. */
bool sf__ignore_excludes(const sf__ignore *ig, const char *path);
/* One pattern against one (already cleaned) path, without the parent rule. */
bool sf__ignore_pat_matches(const sf__ignore_pat *p, const char *path, size_t len);

/* True when some `!` exception could re-include a path strictly below dir, so a walker must
 * descend into dir even though dir itself is excluded (fsutil's rule, slightly tighter: a plain
 * exception counts only if it lies below dir or above it; one with wildcards counts unless its
 * literal prefix rules dir out). False when there are no exceptions. ig may be NULL. */
bool sf__ignore_may_include_under(const sf__ignore *ig, const char *dir);

/* ------------------------------------------------------------------ lint: dockerignore-syntax */

typedef enum {
    SF_IGN_ISSUE_INVALID,          /* BuildKit rejects the pattern (the build fails) */
    SF_IGN_ISSUE_TRAILING_COMMENT, /* "foo # note": the comment is part of the pattern */
    SF_IGN_ISSUE_NEVER_MATCHES,    /* "../x", "..", ".", "/" or an impossible regexp */
    SF_IGN_ISSUE_UNDONE,           /* an exclusion fully re-included by a later `!` line */
    SF_IGN_ISSUE_DUPLICATE,        /* same pattern again with no opposite-polarity line between */
    SF_IGN_ISSUE_REGEX_ESCAPE,     /* "\d", "\w", ...: BuildKit gives it a regexp meaning */
    SF_IGN_ISSUE_UNSUPPORTED       /* a regexp feature slimfile cannot evaluate */
} sf__ignore_issue_kind;

typedef struct sf__ignore_issue {
    sf__ignore_issue_kind kind;
    const char *message;     /* arena */
    uint32_t line;           /* 1-based */
    uint32_t col, end_col;   /* 1-based byte columns, half-open */
    uint32_t start, end;     /* byte offsets into the .dockerignore text */
    uint32_t other_line;     /* UNDONE/DUPLICATE: the other line involved, else 0 */
} sf__ignore_issue;

/* Lint a parsed .dockerignore. *out (arena array, may be NULL when *n == 0) is in line order.
 * Returns SF_OK or SF_ENOMEM. */
int sf__ignore_lint(sf__ignore_issue **out, size_t *n, sf__arena *a, const sf__ignore *ig);
/* Stable short name of an issue kind ("invalid", "trailing-comment", ...). */
const char *sf__ignore_issue_name(sf__ignore_issue_kind k);

/* ------------------------------------------------------------------ lint: dockerignore-entries */

typedef enum {
    SF_IGN_HEAVY,   /* big and useless in an image: VCS data, dependency and cache dirs */
    SF_IGN_SECRET,  /* credentials that must not reach the builder */
    SF_IGN_NOISE    /* editor/OS clutter: small, but busts the build cache */
} sf__ignore_entry_class;

typedef struct sf__ignore_entry {
    const char *path;          /* the listing entry (borrowed from the caller's list) */
    const char *candidate;     /* which candidate it is, e.g. "node_modules/" (static) */
    sf__ignore_entry_class cls;
} sf__ignore_entry;

/* For each context entry in paths[0..n) (relative, '/'-separated, directories end with '/')
 * that is a known heavy/secret/noise path at any depth and is not excluded by ig (NULL: no
 * .dockerignore), report it. Entries inside an already reported directory are not repeated.
 * A directory counts as excluded when it is excluded itself or everything listed under it is.
 * *out is an arena array in listing order. Returns SF_OK or SF_ENOMEM. */
int sf__ignore_find_unexcluded(sf__ignore_entry **out, size_t *nout, sf__arena *a,
                               const sf__ignore *ig, const char *const *paths, size_t n);

#endif /* SF_DOCKERIGNORE_H */
