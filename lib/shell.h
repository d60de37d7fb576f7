/* shell.h - the internal shell API: a POSIX (+ common bash) shell parser for RUN bodies,
 * heredoc scripts and `sh -c` strings, its AST, and the queries rules and the rewriter use.
 *
 * Layout:
 *   grammar/shell.re   re2c lexer: tokens and words (quotes, expansions, here-doc bodies)
 *   grammar/shell.y    lemon grammar: lists, and-or, pipelines, simple/compound commands
 *   lib/shell_parse.c  driver (reserved words, case patterns, `$(...)` recursion, entry points)
 *   lib/shell_ast.c    constructors called by the grammar actions
 *   lib/shell_query.c  argv, wrappers, tool options, state effects, bash-only features
 *
 * Offsets. Every span in a parse result is a half-open byte range of the buffer that was
 * parsed (sh->text, 0 = its first byte), also for nodes inside `$(...)`, backquotes and
 * `sh -c '...'` strings (those are mapped back while building). For a RUN instruction use
 * sf__sh_src_offset() to turn such an offset into a Dockerfile source offset.
 *
 * Memory. Everything lives in the arena passed to the parser; nothing is freed separately.
 * Returned pointers are borrowed and valid until the arena is disposed. Strings are
 * NUL-terminated and carry a length (values may contain NULs in theory), except part values
 * (sf__sh_part.val), which point into the parsed text and end at vlen. One arena may hold
 * many results (the engine parses all RUNs of a file into the lint result's arena).
 *
 * Robustness. Any input gives a result: problems become diagnostics (sh->diags) with a span,
 * and the tree holds whatever was complete. Nesting (compound commands, substitutions, quotes
 * inside substitutions) is capped at SF_SH_MAX_DEPTH, after which parsing stops with a
 * diagnostic. Time is linear in the input.
 *
 * Note on the name: lemon writes the token header of grammar/shell.y to $(B)/gen/shell.h,
 * which collides with this file's name. Generated code therefore includes this header as
 * "../lib/shell.h" (found through -Ilib) and lib/shell_parse.c includes the token header as
 * "../gen/shell.h" (found through -I$(B)/gen).
 */
#ifndef SF_SHELL_H
#define SF_SHELL_H

#include "ast.h"

#define SF_SH_MAX_DEPTH 256

typedef struct sf__sh_list sf__sh_list;
typedef struct sf__sh_cmd sf__sh_cmd;

/* ------------------------------------------------------------------------------------ */
/* Words                                                                                 */
/* ------------------------------------------------------------------------------------ */

typedef enum {
    SF_SH_PART_LIT,      /* unquoted literal bytes */
    SF_SH_PART_ESC,      /* backslash-escaped character (value: the character) */
    SF_SH_PART_CONT,     /* backslash-newline continuation (value: empty) */
    SF_SH_PART_SQ,       /* '...' (value: the inside) */
    SF_SH_PART_DQ,       /* "..." (children in parts) */
    SF_SH_PART_ANSI,     /* bash $'...' (value: decoded) */
    SF_SH_PART_LOCALE,   /* bash $"..." (children in parts) */
    SF_SH_PART_PARAM,    /* $name, $1, $@, ${...} */
    SF_SH_PART_CMDSUB,   /* $(...) (body) */
    SF_SH_PART_BACKQ,    /* `...` (body) */
    SF_SH_PART_ARITH,    /* $((...)) (inner span in arg) */
    SF_SH_PART_PROCSUB,  /* bash <(...) / >(...) (body, dir) */
    SF_SH_PART_GLOB,     /* unquoted * ? or [...] */
    SF_SH_PART_BRACE,    /* unquoted brace expansion candidate {a,b} / {1..3} (value: raw) */
    SF_SH_PART_TILDE,    /* ~ or ~user at the start of a word (value: raw) */
    SF_SH_PART_ARRAY     /* bash compound assignment value ( ... ) (value: raw) */
} sf__sh_part_kind;

/* Parameter expansion flags. */
enum {
    SF_SH_PARAM_BRACED = 1u << 0,   /* ${...} */
    SF_SH_PARAM_LENGTH = 1u << 1,   /* ${#v} */
    SF_SH_PARAM_INDIRECT = 1u << 2, /* ${!v} (bash) */
    SF_SH_PARAM_SUBSCRIPT = 1u << 3 /* ${a[...]} (bash array) */
};

typedef struct sf__sh_part {    /* fields ordered to pack into 80 bytes */
    sf__sh_part_kind kind;
    sf__span span;               /* bytes of the part, quotes/`$`/braces included */
    uint32_t vlen;
    struct sf__sh_part *next;    /* next part of the same word (or of the same DQ) */
    const char *val;             /* literal value (see kinds); PARAM: the name. Not
                                    NUL-terminated (points into the text): use vlen */
    struct sf__sh_part *parts;   /* DQ, LOCALE: children */
    const char *op;              /* PARAM: operator ("" none, ":-", "#", "//", ":", "^^"...) */
    sf__sh_list *body;           /* CMDSUB, BACKQ, PROCSUB: parsed commands (may be NULL) */
    sf__span arg;                /* PARAM: operator argument; ARITH: the expression */
    sf__span sub;                /* PARAM: subscript inside [ ] */
    unsigned pflags;             /* PARAM: SF_SH_PARAM_* */
    char dir;                    /* PROCSUB: '<' or '>' */
} sf__sh_part;

/* Word flags. */
enum {
    SF_SH_W_DYNAMIC = 1u << 0,   /* contains an expansion ($, `, $(( ))): value is the raw text */
    SF_SH_W_QUOTED = 1u << 1,    /* some part is quoted or escaped */
    SF_SH_W_GLOB = 1u << 2,      /* unquoted glob characters */
    SF_SH_W_BRACE = 1u << 3,     /* brace expansion candidate */
    SF_SH_W_TILDE = 1u << 4,     /* tilde prefix */
    SF_SH_W_ASSIGN = 1u << 5,    /* NAME=value or NAME+=value shape */
    SF_SH_W_ARRAY = 1u << 6,     /* NAME=( ... ) */
    SF_SH_W_APPEND = 1u << 7,    /* NAME+=... */
    SF_SH_W_SUBSCRIPT = 1u << 8  /* NAME[i]=... */
};

typedef struct sf__sh_word {
    sf__span span;
    sf__sh_part *parts;
    struct sf__sh_word *next;    /* next word of the same list */
    const char *value;           /* after quote removal; raw text when DYNAMIC */
    uint32_t vlen;
    unsigned flags;              /* SF_SH_W_* */
    uint32_t name_len;           /* ASSIGN: length of the name (raw bytes before [ += or =) */
} sf__sh_word;

/* ------------------------------------------------------------------------------------ */
/* Commands                                                                              */
/* ------------------------------------------------------------------------------------ */

typedef enum {
    SF_SH_R_IN,            /* <  */
    SF_SH_R_OUT,           /* >  */
    SF_SH_R_APPEND,        /* >> */
    SF_SH_R_CLOBBER,       /* >| */
    SF_SH_R_DUPIN,         /* <& */
    SF_SH_R_DUPOUT,        /* >& */
    SF_SH_R_RDWR,          /* <> */
    SF_SH_R_HEREDOC,       /* << */
    SF_SH_R_HEREDOC_STRIP, /* <<- */
    SF_SH_R_HERESTRING,    /* <<< (bash) */
    SF_SH_R_ALL,           /* &> (bash) */
    SF_SH_R_ALL_APPEND     /* &>> (bash) */
} sf__sh_redir_kind;

typedef struct sf__sh_redir {
    sf__sh_redir_kind kind;
    sf__span span;               /* [fd]operator through the target word */
    sf__span op;                 /* the operator (with its fd) */
    int fd;                      /* explicit fd, -1 when none */
    sf__sh_word *target;         /* file/fd word, here-doc delimiter word; NULL if missing */
    struct sf__sh_redir *next;
    /* here-documents */
    const char *delim;           /* delimiter after quote removal */
    uint32_t dlen;
    bool quoted;                 /* delimiter quoted: no expansion in the body */
    bool terminated;             /* the delimiter line was found */
    bool external;               /* body lives outside the parsed text (RUN heredoc) */
    sf__span body;               /* body bytes (empty when external) */
} sf__sh_redir;

typedef enum {
    SF_SH_SIMPLE,
    SF_SH_SUBSHELL,    /* ( list ) */
    SF_SH_BRACE,       /* { list; } */
    SF_SH_IF,          /* if cond; then body; [elif ...] [else else_body;] fi */
    SF_SH_WHILE,
    SF_SH_UNTIL,
    SF_SH_FOR,         /* for name [in words]; do body; done */
    SF_SH_ARITH_FOR,   /* bash for ((expr)); do body; done */
    SF_SH_SELECT,      /* bash select name [in words]; do body; done */
    SF_SH_CASE,
    SF_SH_DBRACKET,    /* bash [[ words ]] */
    SF_SH_DPAREN,      /* bash (( expr )) */
    SF_SH_FUNCDEF      /* name() body / function name body */
} sf__sh_cmd_kind;

typedef enum {
    SF_SH_CASE_END_NONE,     /* last item without ;; */
    SF_SH_CASE_END_BREAK,    /* ;; */
    SF_SH_CASE_END_FALL,     /* ;& (bash) */
    SF_SH_CASE_END_CONT      /* ;;& (bash) */
} sf__sh_case_end;

typedef struct sf__sh_case_item {
    sf__span span;
    sf__sh_word *patterns;
    sf__sh_list *body;
    sf__sh_case_end end;
    sf__span end_span;
    struct sf__sh_case_item *next;
} sf__sh_case_item;

struct sf__sh_cmd {
    sf__sh_cmd_kind kind;
    sf__span span;
    struct sf__sh_cmd *next;     /* next command of the same pipeline */
    sf__sh_word *assigns;        /* SIMPLE: leading assignments */
    uint32_t nassigns;
    sf__sh_word *words;          /* SIMPLE: argv; FOR/SELECT: words after `in`; DBRACKET: inside */
    uint32_t nwords;
    sf__sh_redir *redirs;        /* SIMPLE and trailing redirections of compound commands */
    sf__sh_list *cond;           /* IF, WHILE, UNTIL */
    sf__sh_list *body;           /* SUBSHELL, BRACE, IF (then), loops */
    sf__sh_list *else_body;      /* IF: else branch */
    sf__sh_cmd *elif;            /* IF: next `elif` clause (kind IF) */
    sf__sh_word *name;           /* FOR/SELECT variable; FUNCDEF name */
    bool has_in;                 /* FOR/SELECT: `in` present */
    bool function_kw;            /* FUNCDEF: written with `function` */
    sf__sh_word *subject;        /* CASE */
    sf__sh_case_item *items;     /* CASE */
    sf__sh_cmd *fbody;           /* FUNCDEF: the compound command */
    sf__span expr;               /* DPAREN, ARITH_FOR: between (( and )) */
    sf__sh_list *sub;            /* SIMPLE: parsed script of a static `sh -c '...'` */
    struct sf__sh_cmd *tail;     /* IF: last clause of the elif chain (while building) */
};

typedef enum { SF_SH_AO_NONE, SF_SH_AO_AND, SF_SH_AO_OR } sf__sh_ao_op;

typedef struct sf__sh_pipeline {
    sf__span span;
    bool bang;                   /* ! pipeline */
    bool pipe_all;               /* some |& (bash) */
    sf__sh_cmd *cmds;
    uint32_t ncmds;
    sf__sh_ao_op op;             /* operator joining it to the previous pipeline */
    sf__span op_span;
    struct sf__sh_pipeline *next;
} sf__sh_pipeline;

typedef enum {
    SF_SH_SEP_NONE,
    SF_SH_SEP_SEMI,              /* ; */
    SF_SH_SEP_AMP,               /* & (background) */
    SF_SH_SEP_NEWLINE
} sf__sh_sep;

typedef struct sf__sh_andor {
    sf__span span;               /* first to last byte, separator excluded */
    sf__sh_pipeline *pipes;
    uint32_t npipes;
    sf__sh_sep sep;
    sf__span sep_span;           /* the separator token (first newline for NEWLINE) */
    struct sf__sh_andor *next;
} sf__sh_andor;

struct sf__sh_list {
    sf__span span;
    sf__sh_andor *items;
    uint32_t nitems;
};

/* ------------------------------------------------------------------------------------ */
/* Parse results                                                                         */
/* ------------------------------------------------------------------------------------ */

typedef struct sf__sh_diag {
    sf__span span;
    const char *msg;             /* arena or static */
} sf__sh_diag;

/* Where a simple command sits (sf__sh_cmdinfo.ctx). */
enum {
    SF_SH_CTX_COND = 1u << 0,     /* in an if/while/until condition */
    SF_SH_CTX_LOOP = 1u << 1,     /* in a loop body */
    SF_SH_CTX_SUBSHELL = 1u << 2, /* in ( ) */
    SF_SH_CTX_FUNC = 1u << 3,     /* in a function body */
    SF_SH_CTX_PIPELINE = 1u << 4, /* in a pipeline of 2+ commands */
    SF_SH_CTX_BACKGROUND = 1u << 5, /* in a list item ended by & */
    SF_SH_CTX_SUBST = 1u << 6,    /* in $( ), backquotes or <( ) */
    SF_SH_CTX_SHC = 1u << 7,      /* in the script of `sh -c '...'` */
    SF_SH_CTX_BRANCH = 1u << 8,   /* in then/else/case branch (runs conditionally) */
    SF_SH_CTX_ANDOR = 1u << 9,    /* after && or || (runs conditionally) */
    SF_SH_CTX_BRACE = 1u << 10,   /* in { } */
    SF_SH_CTX_NEGATED = 1u << 11  /* in a ! pipeline */
};
/* Contexts in which state changes do not reach the commands after the list. */
#define SF_SH_CTX_ISOLATED (SF_SH_CTX_SUBSHELL | SF_SH_CTX_PIPELINE | SF_SH_CTX_BACKGROUND | \
                            SF_SH_CTX_SUBST | SF_SH_CTX_SHC | SF_SH_CTX_FUNC)

typedef struct sf__sh_arg {
    const char *value;           /* after quote removal; raw text when dynamic */
    uint32_t len;
    bool dynamic;                /* depends on an expansion */
    unsigned wflags;             /* SF_SH_W_* of the word */
    sf__span span;
    const sf__sh_word *word;
} sf__sh_arg;

/* A simple command with its argv (every simple command of the tree, source order). */
typedef struct sf__sh_cmdinfo {
    const sf__sh_cmd *cmd;
    sf__sh_arg *argv;            /* the words (assignments excluded) */
    uint32_t argc;
    uint32_t name_idx;           /* index of the real command after wrappers (== argc: none) */
    const char *name;            /* argv[name_idx] value, basename for static paths; NULL */
    uint32_t top;                /* index of the top-level list item it belongs to */
    unsigned ctx;                /* SF_SH_CTX_* */
    uint32_t depth;              /* compound nesting depth (0 = directly in a top-level item) */
} sf__sh_cmdinfo;

typedef enum {
    SF_SH_EFF_CWD,        /* cd, pushd, popd */
    SF_SH_EFF_VAR,        /* NAME=x alone, export, unset, readonly, declare/typeset/local, read */
    SF_SH_EFF_OPTION,     /* set -e / +e / -o x, shopt */
    SF_SH_EFF_UMASK,
    SF_SH_EFF_TRAP,
    SF_SH_EFF_ALIAS,      /* alias, unalias */
    SF_SH_EFF_SOURCE,     /* source / . : unknown effects */
    SF_SH_EFF_EXEC,       /* exec CMD: the shell is replaced, later commands do not run */
    SF_SH_EFF_EXEC_FD,    /* exec with only redirections: fds of the shell change */
    SF_SH_EFF_EXIT,       /* exit */
    SF_SH_EFF_RETURN,     /* return */
    SF_SH_EFF_BACKGROUND, /* a job started with & */
    SF_SH_EFF_WAIT,       /* wait */
    SF_SH_EFF_FUNC,       /* function definition */
    SF_SH_EFF_HASH,       /* hash, ulimit, and other shell-state builtins */
    SF_SH_EFF__COUNT
} sf__sh_effect_kind;

typedef struct sf__sh_effect {
    sf__sh_effect_kind kind;
    sf__span span;               /* the command (or list item for BACKGROUND) */
    const char *name;            /* variable/function/option/dir when static, else NULL */
    uint32_t nlen;
    bool leaks;                  /* reaches the commands after this text in the same shell */
    uint32_t cmd;                /* index into sh->cmds (UINT32_MAX for FUNC/BACKGROUND) */
} sf__sh_effect;

typedef enum {
    SF_SH_BASH_DBRACKET,     /* [[ ]] */
    SF_SH_BASH_DPAREN,       /* (( )) and for (( )) */
    SF_SH_BASH_LET,          /* let */
    SF_SH_BASH_ARRAY,        /* a=( ), ${a[0]}, ${a[@]}, a[1]=x */
    SF_SH_BASH_BRACE_EXP,    /* {a,b} {1..3} */
    SF_SH_BASH_FUNCTION_KW,  /* function f */
    SF_SH_BASH_SOURCE,       /* source */
    SF_SH_BASH_TEST_EQEQ,    /* == in [ ] / test */
    SF_SH_BASH_ANSI_C,       /* $'...' */
    SF_SH_BASH_LOCALE,       /* $"..." */
    SF_SH_BASH_HERESTRING,   /* <<< */
    SF_SH_BASH_AMP_REDIR,    /* &> &>> and >&word with a non-numeric word */
    SF_SH_BASH_PIPE_AMP,     /* |& */
    SF_SH_BASH_PROCSUB,      /* <( ) >( ) */
    SF_SH_BASH_SUBST_REPLACE,/* ${v/a/b} ${v//a/b} */
    SF_SH_BASH_SUBSTRING,    /* ${v:0:1} */
    SF_SH_BASH_INDIRECT,     /* ${!v} */
    SF_SH_BASH_CASE_MOD,     /* ${v^^} ${v,,} ${v^} ${v,} */
    SF_SH_BASH_SET_OPTION,   /* set -o pipefail and other bash-only set options */
    SF_SH_BASH_DECLARE,      /* declare/typeset/local outside a function */
    SF_SH_BASH_SELECT,       /* select */
    SF_SH_BASH_SHOPT,        /* shopt */
    SF_SH_BASH_ECHO_E,       /* echo -e */
    SF_SH_BASH_VAR,          /* $RANDOM $BASH_* $PIPESTATUS ... */
    SF_SH_BASH_PUSHD,        /* pushd popd dirs */
    SF_SH_BASH_CASE_FALL,    /* ;& ;;& */
    SF_SH_BASH__COUNT
} sf__sh_bashism_kind;

typedef struct sf__sh_bashism {
    sf__sh_bashism_kind kind;
    sf__span span;
} sf__sh_bashism;

/* Parser options. */
enum {
    SF_SH_OPT_EXTERNAL_HEREDOCS = 1u << 0, /* here-doc bodies are not in the text (RUN rest) */
    SF_SH_OPT_NO_SHC = 1u << 1             /* do not parse `sh -c` strings */
};

/* Which text of an instruction a result covers (sh->origin). */
typedef enum {
    SF_SH_ORIGIN_TEXT,     /* plain buffer given to sf__sh_parse */
    SF_SH_ORIGIN_REST,     /* insn->rest (offsets map through sf__insn_src_offset) */
    SF_SH_ORIGIN_HEREDOC   /* insn->heredocs[heredoc].body (offsets add body.start) */
} sf__sh_origin;

typedef struct sf__sh {
    const char *text;            /* the parsed bytes (borrowed) */
    uint32_t len;
    unsigned opts;
    sf__sh_list *root;           /* the top-level list (never NULL) */
    sf__sh_diag *diags;          /* in order of discovery */
    uint32_t ndiags;
    sf__span *comments;          /* every comment, `#` to end of line (newline excluded) */
    uint32_t ncomments;
    sf__sh_cmdinfo *cmds;        /* every simple command, source order */
    uint32_t ncmds;
    sf__sh_effect *effects;      /* state changes, source order */
    uint32_t neffects;
    unsigned effect_mask;        /* bit (1u << kind) for every effect that leaks */
    sf__sh_bashism *bashisms;    /* bash-only features, source order */
    uint32_t nbashisms;
    sf__sh_sep trailing_sep;     /* separator after the last top-level item (; & or NONE) */
    sf__span trailing_sep_span;
    sf__span trailing_comment;   /* a comment after the last command (start==end: none) */
    bool truncated;              /* parsing stopped early (nesting cap) */
    /* instruction mapping */
    sf__sh_origin origin;
    const struct sf_insn *insn;
    uint32_t heredoc;            /* ORIGIN_HEREDOC: index into insn->heredocs */
    uint32_t base;               /* ORIGIN_HEREDOC: source offset of text[0] */
    struct sf__sh *next;         /* further scripts of the same RUN (heredocs fed to a shell) */
} sf__sh;

/* ------------------------------------------------------------------------------------ */
/* Entry points (lib/shell_parse.c)                                                      */
/* ------------------------------------------------------------------------------------ */

/**
 * Parse text[0..len) as a shell script. *out receives the result (arena-allocated, borrowed
 * until the arena is disposed); text must outlive it. opts: SF_SH_OPT_*.
 * Returns SF_OK, SF_ENOMEM (arena failure; *out may hold a partial result) or SF_EINVAL.
 * Syntax problems are diagnostics in (*out)->diags, never an error code.
 */
int sf__sh_parse(sf__sh **out, sf__arena *a, const char *text, size_t len, unsigned opts);

/**
 * Parse the shell code of a shell-form RUN instruction of doc (src = doc->src.text).
 * - `RUN <<EOF` (the whole text is one heredoc): the body is the script (ORIGIN_HEREDOC),
 *   unless it starts with a `#!` line naming something other than sh/bash/ash/dash (then
 *   *out is NULL and SF_OK is returned).
 * - otherwise insn->rest is parsed (ORIGIN_REST, here-doc bodies external) and each heredoc
 *   fed to `sh`/`bash`/`ash`/`dash` without a script operand is parsed too and chained in
 *   (*out)->next (ORIGIN_HEREDOC).
 * Exec-form or non-RUN instructions give *out = NULL and SF_OK.
 * Offsets stay relative to each result's text: map them with sf__sh_src_offset().
 */
int sf__sh_parse_insn(sf__sh **out, sf__arena *a, const char *src, const struct sf_insn *insn);

/** Source (Dockerfile) offset of byte `off` of sh->text; identity for ORIGIN_TEXT. */
uint32_t sf__sh_src_offset(const sf__sh *sh, uint32_t off);

/* ------------------------------------------------------------------------------------ */
/* Queries (lib/shell_query.c)                                                           */
/* ------------------------------------------------------------------------------------ */

/** Name of a bash-only feature ("[[", "function-keyword", ...), static. */
const char *sf__sh_bashism_name(sf__sh_bashism_kind k);
/** Name of an effect kind ("cwd", "var", ...), static. */
const char *sf__sh_effect_name(sf__sh_effect_kind k);

/** Does argument i of c equal the static string s? False for dynamic words or i >= argc. */
bool sf__sh_arg_is(const sf__sh_cmdinfo *c, uint32_t i, const char *s);
/** Is c's resolved command name s (after wrappers and path basename)? */
bool sf__sh_cmd_is(const sf__sh_cmdinfo *c, const char *s);

/* Generic option parsing, the way getopt_long / optparse read argv. */
typedef struct sf__sh_longopt {
    const char *name;            /* without the dashes */
    int has_arg;                 /* 0 none, 1 required, 2 optional (only as --name=value) */
} sf__sh_longopt;

typedef struct sf__sh_optspec {
    const char *shortopts;       /* getopt string: "y" flag, "o:" takes an argument */
    const sf__sh_longopt *longopts; /* terminated by a NULL name; may be NULL */
    bool permute;                /* options may follow operands (GNU); false: stop at first */
    bool abbrev;                 /* unique prefixes of long options are accepted (optparse) */
    bool single_dash_long;       /* -name is a long option too (find, java style) */
    bool digit_operands;         /* -5 / -x... words that are not known short options count as
                                    operands (chmod -x file) */
} sf__sh_optspec;

typedef struct sf__sh_opt {
    const char *name;            /* long name (spec's string) or a 2-byte string for a short */
    bool is_long;
    const char *value;           /* argument, NULL when none */
    uint32_t vlen;
    bool value_dynamic;
    uint32_t arg;                /* argv index of the option word */
    bool unknown;                /* not in the spec */
} sf__sh_opt;

typedef struct sf__sh_opts {
    sf__sh_opt *opts;
    uint32_t nopts;
    uint32_t *operands;          /* argv indices */
    uint32_t noperands;
    bool dynamic;                /* a dynamic word was met where an option could be */
} sf__sh_opts;

/**
 * Read c->argv[start..argc) with spec. `--` ends options. A dynamic word is an operand (and
 * sets out->dynamic). Arrays come from a. Returns SF_OK or SF_ENOMEM.
 */
int sf__sh_getopt(sf__sh_opts *out, sf__arena *a, const sf__sh_cmdinfo *c, uint32_t start,
                  const sf__sh_optspec *spec);
/** The first option named `name` (long name, or one character for a short), or NULL. */
const sf__sh_opt *sf__sh_opts_find(const sf__sh_opts *o, const char *name);

/* Well-known tools. Each returns true when c is that tool (after wrappers), filling *out. */

typedef struct sf__sh_apk_info {
    const char *sub;             /* subcommand ("add", "del", "update", ...) or NULL */
    bool no_cache;               /* --no-cache */
    bool update_cache;           /* -U / --update-cache */
    bool upgrade;                /* -u / --upgrade (add) */
    const char *virtual_name;    /* -t / --virtual NAME */
    uint32_t *pkgs;              /* argv indices of packages (operands after the subcommand) */
    uint32_t npkgs;
    sf__sh_opts opts;
} sf__sh_apk_info;
bool sf__sh_apk(sf__sh_apk_info *out, sf__arena *a, const sf__sh_cmdinfo *c);

typedef struct sf__sh_pip_info {
    uint32_t pip_idx;            /* argv index of the pip word (or of `python`) */
    const char *sub;             /* install, uninstall, cache, download, wheel ... or NULL */
    const char *sub2;            /* second operand (cache purge) or NULL */
    bool no_cache_dir;           /* --no-cache-dir (any unique prefix, pip's optparse) */
    bool bad_no_cache_value;     /* --no-cache-dir=VALUE: pip rejects it */
    bool requirements;           /* -r / --requirement given */
    bool user;                   /* --user */
    uint32_t *pkgs;              /* operands after the subcommand */
    uint32_t npkgs;
    sf__sh_opts opts;
} sf__sh_pip_info;
bool sf__sh_pip(sf__sh_pip_info *out, sf__arena *a, const sf__sh_cmdinfo *c);

typedef struct sf__sh_apt_info {
    const char *tool;            /* "apt-get" or "apt" */
    const char *sub;             /* update, install, purge, remove, autoremove, clean, ... */
    bool yes;                    /* -y --yes --assume-yes (or -qq implies nothing) */
    bool quiet;                  /* -q / -qq / --quiet */
    bool no_install_recommends;  /* --no-install-recommends or -o APT::Install-Recommends=false */
    bool fix_missing;
    uint32_t *pkgs;
    uint32_t npkgs;
    sf__sh_opts opts;
} sf__sh_apt_info;
bool sf__sh_apt(sf__sh_apt_info *out, sf__arena *a, const sf__sh_cmdinfo *c);

/* rm, chmod, chown, chgrp, mkdir, cd. */
typedef struct sf__sh_fileop {
    bool recursive;              /* -r -R --recursive */
    bool force;                  /* rm -f / --force */
    bool parents;                /* mkdir -p */
    int spec_idx;                /* chmod MODE / chown OWNER / chgrp GROUP index, -1 */
    uint32_t *paths;             /* argv indices of the paths */
    uint32_t npaths;
    sf__sh_opts opts;
} sf__sh_fileop;
bool sf__sh_rm(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c);
bool sf__sh_chmod(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c);
bool sf__sh_chown(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c); /* chown, chgrp */
bool sf__sh_mkdir(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c);
/** cd/pushd: true with *dir = argv index of the target (-1: no operand, i.e. $HOME/-). */
bool sf__sh_cd(int *dir, const sf__sh_cmdinfo *c);

/**
 * Visit every node span of a result (parts, words, redirections, commands, pipelines,
 * list items, lists) with its parent's span, depth-first. Used by the fuzzer's invariant
 * check. fn returns false to stop. Returns false when stopped.
 */
typedef bool (*sf__sh_span_fn)(void *ctx, sf__span node, sf__span parent, const char *what);
bool sf__sh_walk_spans(const sf__sh *sh, sf__sh_span_fn fn, void *ctx);

/* ------------------------------------------------------------------------------------ */
/* Internal to the parser (lexer, grammar, driver, constructors)                         */
/* ------------------------------------------------------------------------------------ */

/* A token's semantic value. */
typedef struct sf__sh_tok {
    sf__span span;
    union {                      /* 16 bytes in all: lemon copies tokens on every shift */
        sf__sh_word *word;       /* WORD, ASSIGN */
        sf__sh_redir *redir;     /* REDIR */
        sf__sh_cmd *cmd;         /* DBRACKET, DPAREN */
        int kind;                /* every other token: its lemon code (the grammar reads it
                                    for separators, case terminators and for/select) */
    };
} sf__sh_tok;

/* Bytes of C stack that hold lemon's parser object (its stack is malloc'ed and grows);
 * grammar/shell.y checks the bound at compile time. */
#define SF_SH_LEMON_BYTES 256

/* Parser state shared by the lexer, the driver and the grammar actions. */
typedef struct sf__shp {
    sf__arena *a;
    sf__sh *sh;                  /* the result being built (diags, comments, bashisms) */
    const char *s;               /* buffer being lexed */
    uint32_t len;
    uint32_t pos;                /* lexer cursor */
    const uint32_t *map;         /* copy offset -> result offset (backquote/sh -c copies) */
    uint32_t map_len;            /* map has map_len + 1 entries */
    uint32_t depth;              /* nesting depth (shared across nested parses) */
    bool fatal;                  /* nesting cap hit: everything returns EOF */
    /* driver */
    bool cmd_start;              /* next word is in command position */
    int state;                   /* driver state (reserved-word context) */
    uint32_t parens;             /* unmatched subshell ( in this (nested) parse */
    uint32_t fparens;            /* unmatched ( of a function definition name() */
    bool nested;                 /* inside $( ): stop at the unmatched ) */
    bool syntax_error;
    uint32_t nerrors;
    struct sf__sh_redir **pending;  /* here-docs waiting for their bodies */
    uint32_t npending, cap_pending;
    sf__sh_list *root;           /* top-level list being built */
    sf__sh_list *result;         /* nested: the accepted list */
    uint8_t case_bits[(SF_SH_MAX_DEPTH + 16) / 8]; /* per open construct: is it a `case` */
    uint32_t open;               /* open constructs in this parse */
    bool in_prefix;              /* assignments are recognized (command prefix) */
} sf__shp;

/* Lexer (grammar/shell.re). Next token code (lemon numbering; 0 = end) into *t. */
int sf__shlex_token(sf__shp *p, sf__sh_tok *t);
/* Scan a here-doc body starting at p->pos (start of a line) for r; advances p->pos. */
void sf__shlex_heredoc_body(sf__shp *p, sf__sh_redir *r);
/* Static value of a word's parts; sets DYNAMIC etc. (called once the word is complete). */
void sf__sh_word_finish(sf__shp *p, sf__sh_word *w);

/* Driver (lib/shell_parse.c). */
/* Offsets are result offsets (already mapped with sf__shp_off). */
void sf__shp_diag(sf__shp *p, uint32_t start, uint32_t end, const char *msg);
void sf__shp_bashism(sf__shp *p, sf__sh_bashism_kind k, uint32_t start, uint32_t end);
/* The same on a result (used by the post-parse analysis). */
void sf__shp_bashism_raw(sf__sh *sh, sf__arena *a, sf__sh_bashism_kind k, uint32_t start,
                         uint32_t end);
/* Parse a nested list starting at p->pos up to the matching `)`; p->pos is left after it
 * (or at the end). *ok is false when no `)` was found. */
sf__sh_list *sf__shp_nested(sf__shp *p, bool *ok);
/* Parse a separate buffer (backquote/quoted sh -c contents) whose byte i maps to map[i] of
 * the result's text; map has len + 1 entries. */
sf__sh_list *sf__shp_copy(sf__shp *p, const char *s, uint32_t len, const uint32_t *map);
/* A simple command is complete (parses `sh -c 'static'` into c->sub). */
void sf__shp_simple_done(sf__shp *p, sf__sh_cmd *c);
/* Map a lexer offset to a result offset. */
static inline uint32_t sf__shp_off(const sf__shp *p, uint32_t off)
{
    if (!p->map)
        return off;
    return p->map[off < p->map_len ? off : p->map_len];
}

/* Zeroed arena memory, with the common case (it fits in the current chunk) inlined: the
 * parser makes several small allocations per word. Same contract as sf__arena_alloc. */
static inline void *sf__sh_alloc(sf__arena *a, size_t size)
{
#ifndef SF_ARENA_DEBUG
    size_t need = (size + 15) & ~(size_t)15;

    if (size && need >= size && need <= a->left) {
        void *m = a->cur;
        a->cur += need;
        a->left -= need;
        memset(m, 0, size);
        return m;
    }
#endif
    return sf__arena_alloc(a, size);
}

/* Arena memory that the caller overwrites entirely (not zeroed). */
static inline void *sf__sh_alloc_raw(sf__arena *a, size_t size)
{
#ifndef SF_ARENA_DEBUG
    size_t need = (size + 15) & ~(size_t)15;

    if (size && need >= size && need <= a->left) {
        void *m = a->cur;
        a->cur += need;
        a->left -= need;
        return m;
    }
#endif
    return sf__arena_alloc(a, size);
}

/* Copy of s[0..n) plus a NUL in the arena. */
static inline char *sf__sh_strndup(sf__arena *a, const char *s, size_t n)
{
    char *d = n + 1 > n ? sf__sh_alloc_raw(a, n + 1) : NULL;

    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Constructors (lib/shell_ast.c), called from grammar actions. NULL-tolerant. */
sf__sh_list *sf__sh_list_new(sf__shp *p);
sf__sh_list *sf__sh_list_add(sf__shp *p, sf__sh_list *l, sf__sh_andor *ao);
void sf__sh_list_sep(sf__sh_list *l, const sf__sh_tok *sep);
sf__sh_andor *sf__sh_andor_new(sf__shp *p, sf__sh_pipeline *pl);
sf__sh_andor *sf__sh_andor_add(sf__shp *p, sf__sh_andor *ao, sf__sh_ao_op op,
                               const sf__sh_tok *optok, sf__sh_pipeline *pl);
sf__sh_pipeline *sf__sh_pipeline_new(sf__shp *p, sf__sh_cmd *c);
sf__sh_pipeline *sf__sh_pipeline_add(sf__shp *p, sf__sh_pipeline *pl, sf__sh_cmd *c, bool all,
                                     const sf__sh_tok *op);
sf__sh_pipeline *sf__sh_pipeline_bang(sf__sh_pipeline *pl, const sf__sh_tok *bang);
sf__sh_cmd *sf__sh_simple_new(sf__shp *p);
sf__sh_cmd *sf__sh_simple_word(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *t, bool assign);
sf__sh_cmd *sf__sh_simple_redir(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *t);
sf__sh_cmd *sf__sh_simple_done(sf__shp *p, sf__sh_cmd *c);
sf__sh_cmd *sf__sh_compound(sf__shp *p, sf__sh_cmd_kind k, const sf__sh_tok *open,
                            sf__sh_list *cond, sf__sh_list *body, const sf__sh_tok *close);
sf__sh_cmd *sf__sh_if_else(sf__shp *p, sf__sh_cmd *ifc, sf__sh_cmd *elif, sf__sh_list *else_body,
                           const sf__sh_tok *fi);
sf__sh_cmd *sf__sh_loop_new(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *name);
sf__sh_cmd *sf__sh_loop_in(sf__sh_cmd *loop, sf__sh_word *words);
sf__sh_cmd *sf__sh_arith_for(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *dparen);
sf__sh_cmd *sf__sh_loop_end(sf__shp *p, sf__sh_cmd *loop, sf__sh_list *body,
                            const sf__sh_tok *done);
sf__sh_word *sf__sh_words_add(sf__sh_word *list, const sf__sh_tok *t);
sf__sh_cmd *sf__sh_case_new(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *subject,
                            sf__sh_case_item *items, const sf__sh_tok *esac);
sf__sh_case_item *sf__sh_case_item_new(sf__shp *p, sf__sh_word *patterns, const sf__sh_tok *first,
                                       const sf__sh_tok *rparen, sf__sh_list *body);
sf__sh_case_item *sf__sh_case_item_end(sf__sh_case_item *it, const sf__sh_tok *end);
sf__sh_case_item *sf__sh_case_items_add(sf__sh_case_item *list, sf__sh_case_item *it);
sf__sh_cmd *sf__sh_funcdef(sf__shp *p, const sf__sh_tok *kw, const sf__sh_tok *name,
                           sf__sh_cmd *body);
sf__sh_cmd *sf__sh_cmd_redirs(sf__shp *p, sf__sh_cmd *c, const sf__sh_tok *r);
sf__sh_cmd *sf__sh_token_cmd(const sf__sh_tok *t);
void sf__sh_top_add(sf__shp *p, sf__sh_andor *ao);
void sf__sh_top_sep(sf__shp *p, const sf__sh_tok *sep);
/* Word building. */
sf__sh_word *sf__sh_word_new(sf__shp *p, uint32_t start);
sf__sh_part *sf__sh_part_new(sf__shp *p, sf__sh_part_kind k, uint32_t start, uint32_t end);

/* Finish the top-level list (unroll the building lists). */
void sf__sh_list_finish(sf__sh_list *l);
/* If c is `sh|bash|dash|ash -c STRING` (after wrappers) with a static STRING, its argv index,
 * else -1 (lib/shell_query.c). */
int sf__sh_shc_index(const sf__sh_cmd *c);

/* Post-parse analysis (lib/shell_query.c): fills sh->cmds, effects, bash-only features. */
int sf__sh_analyze(sf__sh *sh, sf__arena *a);

#endif /* SF_SHELL_H */
