/* ast.h - the Dockerfile AST. Built by lib/parse.c (driver) from the re2c lexer
 * (grammar/dockerfile.re) and the lemon grammar (grammar/dockerfile.y); read-only afterwards.
 *
 * Losslessness: the token arrays tile the source (tok_end[i] is the end of token i, token i
 * starts where token i-1 ended), so printing the tokens gives the input byte for byte.
 * Every node carries byte spans into doc->src.text; sf_range positions are derived. */
#ifndef SF_AST_H
#define SF_AST_H

#include "arena.h"
#include "common.h"
#include "finding.h"
#include "source.h"

typedef struct sf__span {
    uint32_t start, end;       /* half-open byte range of the source */
} sf__span;

typedef struct sf__str {
    const char *ptr;           /* NUL-terminated (arena or source-backed copy); NULL = absent */
    uint32_t len;              /* bytes, may include NULs */
} sf__str;

/* A leading `--name[=value]` word. */
typedef struct sf__flag {
    sf__span span;             /* the whole flag word in the source */
    sf__str name;              /* without the dashes */
    sf__str value;             /* after quote/escape removal; ptr NULL when written without '=' */
} sf__flag;

/* One argument as BuildKit's parser splits it (see sf_insn_arg in slimfile.h). */
typedef struct sf__arg {
    sf__span span;             /* first to last source byte of the argument */
    sf__str text;              /* the value (decoded JSON string, raw word, or joined shell text) */
} sf__arg;

typedef struct sf__heredoc {
    sf__str name;              /* delimiter, quotes removed */
    bool chomp;                /* <<- : leading tabs stripped */
    bool quoted;               /* some part of the delimiter word was quoted */
    int fd;                    /* leading digits (3<<EOF), -1 when none */
    sf__span op;               /* the operator word ("<<-'EOF'") in the source */
    sf__span body;             /* body bytes: first body line up to the delimiter line */
    sf__span delim;            /* the delimiter line, terminator excluded (empty if unterminated) */
    bool terminated;           /* false: the file ended first */
    sf__str content;           /* body bytes as a NUL-terminated copy (added by parser) */
} sf__heredoc;

/* The joined ("logical") text of an instruction is a concatenation of source pieces (the
 * continuation escapes, trailing blanks and dropped comment/blank lines are left out).
 * pieces[i] says: joined[joined .. joined+len) == source[src .. src+len). */
typedef struct sf__piece {
    uint32_t joined, src, len;
} sf__piece;

struct sf_insn {
    sf_insn_kind kind;
    uint32_t index;            /* position in doc->insns (children: parent's index) */
    int stage;                 /* 0-based stage, -1 before the first FROM */
    sf__str keyword;           /* as written ("run") */
    sf__span kw;               /* keyword bytes */
    sf__span span;             /* first byte of keyword (or of leading whitespace? no: keyword)
                                  to the end of the last line (continuations and heredoc
                                  delimiter included), line terminator excluded */
    sf__span lead;             /* trivia attached before: comment/blank lines since the end of
                                  the previous instruction's line (directives excluded) */
    sf_range range;            /* positions of span */
    sf__flag *flags;
    uint32_t nflags;
    sf__arg *args;
    uint32_t nargs;
    bool exec_form;            /* JSON array form decoded */
    sf__str rest;              /* joined text after keyword and flags, trimmed both ends */
    sf__span rest_span;        /* source bytes covered by rest (first to last) */
    sf__piece *pieces;         /* offset map for `rest` (joined offsets start at 0 = rest[0]) */
    uint32_t npieces;
    sf__heredoc *heredocs;
    uint32_t nheredocs;
    struct sf_insn *child;     /* ONBUILD payload */
    struct sf_insn *parent;    /* set on ONBUILD payloads */
    const struct sf_insn *shell; /* the SHELL in effect (earlier in the stage, or inherited through
                                  FROM <stage>); NULL: the default /bin/sh -c. Set after parsing */
    int from_stage;            /* COPY/ADD --from=<stage>: its index; -1 otherwise (an image, a
                                  variable, no --from). Set after parsing */
    uint32_t first_tok, last_tok; /* token index range (inclusive) */
    bool bad;                  /* a syntax-error finding concerns this instruction */
    const struct sf_doc *doc;  /* the owning document (added by parser: positions of args) */
};

typedef struct sf__stage {
    uint32_t from;             /* insn index of the FROM */
    uint32_t last;             /* insn index of the stage's last instruction (inclusive) */
    sf__str image;             /* FROM's image word as written */
    sf__str name;              /* AS name, lower-cased; ptr NULL when none */
    int base_stage;            /* index of an earlier stage the image names, else -1 */
} sf__stage;

typedef struct sf__directive {
    sf__str key;               /* lower-cased: syntax, escape, check */
    sf__str value;             /* trimmed */
    sf__span span;             /* the whole line, terminator excluded */
} sf__directive;

struct sf_doc {
    sf__arena arena;
    const char *name;
    sf__source src;
    char escape;               /* '\\' or '`' */
    bool has_bom;
    bool has_errors;           /* an error-severity parse finding exists */
    sf__directive *directives;
    uint32_t ndirectives;
    uint8_t *tok_kind;         /* token kinds (lemon codes or trivia kinds from token.h) */
    uint32_t *tok_end;         /* token end offsets; token i starts at tok_end[i-1] (or 0) */
    uint32_t ntok;
    struct sf_insn *insns;     /* top-level instructions in source order */
    uint32_t ninsns;
    sf__stage *stages;
    uint32_t nstages;
    sf__findings findings;     /* syntax-error, invalid-utf8, ... */
};

/* Joined offset (into insn->rest) -> source offset. Offsets at a piece boundary map to the start
 * of the later piece; the end of rest maps to the end of the last piece. */
uint32_t sf__insn_src_offset(const struct sf_insn *insn, uint32_t joined);
/* Report a parse finding on doc (rule id static, message printf-formatted into the arena). */
struct sf_finding *sf__doc_report(struct sf_doc *doc, const char *rule, sf_severity sev,
                                  uint32_t start, uint32_t end, const char *fmt, ...) SF_PRINTF(6, 7);
/* Fill insn->shell and insn->from_stage for every instruction (called once, after parsing). */
void sf__doc_link_shells(struct sf_doc *doc);
/* Find a flag by name; NULL when absent. */
const sf__flag *sf__insn_flag(const struct sf_insn *insn, const char *name);
/* Case-insensitive keyword -> kind (SF_INSN_UNKNOWN when not a Dockerfile instruction). */
sf_insn_kind sf__insn_kind_from_word(const char *w, size_t n);
/* Canonical upper-case name of a kind ("RUN"); NULL for SF_INSN_UNKNOWN. */
const char *sf__insn_kind_name(sf_insn_kind k);

#endif /* SF_AST_H */
