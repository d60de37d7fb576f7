/* token.h - Dockerfile token kinds, the re2c lexer interface and the parser state shared by
 * lib/parse.c (driver), lib/ast.c (constructors) and grammar/dockerfile.y (actions).
 *
 * One numbering: significant tokens carry lemon's codes from the generated dockerfile.h
 * (SF_TOK_*); trivia tokens, which the driver never pushes into lemon, carry the SF_TK_* codes
 * below. Both live in doc->tok_kind (uint8_t); doc->tok_end holds each token's end offset and
 * the tokens tile the source.
 *
 *   SF_TOK_KW_FROM .. SF_TOK_KW   the instruction keyword (and the ONBUILD trigger's keyword)
 *   SF_TOK_FLAG                   a leading --flag word (or the part of it on one line)
 *   SF_TOK_WORD                   argument text: a run of words and inner blanks on one line
 *   SF_TOK_HEREDOC                a heredoc operator word (<<EOF, <<-'X', 3<<E)
 *   SF_TOK_NEWLINE                the line terminator ending an instruction ("\n", "\r\n", ...)
 */
#ifndef SF_TOKEN_H
#define SF_TOKEN_H

#include "ast.h"
#include "dockerfile.h"

enum {
    SF_TK_TRIVIA = 64,   /* first trivia code; lemon's codes are all below it */
    SF_TK_BOM,           /* EF BB BF at offset 0 */
    SF_TK_BLANK,         /* spaces, tabs, VT, FF, stray CR, Unicode spaces */
    SF_TK_EOL,           /* a line terminator that does not end an instruction */
    SF_TK_COMMENT,       /* '#' to the end of the line (terminator excluded) */
    SF_TK_DIRECTIVE,     /* a parser directive line (terminator excluded) */
    SF_TK_CONT,          /* continuation: the escape character and the blanks after it */
    SF_TK_HEREDOC_BODY,  /* one heredoc body line, terminator included */
    SF_TK_HEREDOC_END    /* the heredoc delimiter line (terminator excluded) */
};

/* Name of a token kind ("WORD", "COMMENT", ...) for dumps and tests. */
const char *sf__token_name(unsigned kind);

/* ---- lexer (grammar/dockerfile.re) ---- */

typedef enum { SF_LEX_LINE = 0, SF_LEX_ARGS = 1 } sf__lex_mode;

/* Scan one token starting at `pos` of the NUL-terminated `s` (length len). Returns the kind
 * and sets *end. LINE mode: BLANK, COMMENT, EOL, WORD (first word). ARGS mode: BLANK, EOL, WORD.
 * EOL is "\r*\n", or trailing CRs at the end of input; a CR run inside a line is BLANK.
 * Returns 0 at the end of input. */
unsigned sf__lex(const char *s, uint32_t len, uint32_t pos, sf__lex_mode mode, uint32_t *end);

/* ---- parser state ---- */

typedef struct sf__pstate {
    sf_doc *doc;
    const char *s;             /* doc->src.text */
    uint32_t len;
    char esc;                  /* escape character in effect */
    /* token arrays, grown with realloc, copied into the arena at the end */
    uint8_t *kind;
    uint32_t *end;
    uint32_t ntok, tcap;
    /* top-level instructions, grown with realloc, copied into the arena at the end */
    sf_insn *insns;
    uint32_t ninsns, icap;
    sf__stage *stages;
    uint32_t nstages, scap;
    uint32_t *shash;           /* open-addressing table of named stages (index + 1), 0 = free */
    uint32_t shcap, shn;
    uint32_t ncommitted;       /* instructions the grammar has committed; lemon reduces a
                                  line when the next token arrives, so the action commits
                                  insns[ncommitted], never "the current line" */
    /* scratch for the joined logical line */
    char *jb;
    uint32_t jlen, jcap;
    sf__piece *pc;
    uint32_t npc, pccap;
    uint32_t pline;            /* line index of the last position computed (they ascend) */
    uint32_t lcur;             /* line index of the last line the driver read */
    bool oom;                  /* a scratch allocation failed */
} sf__pstate;

/* Parse doc->src (initialised) into tokens, AST, stages and findings (lib/parse.c).
 * SF_OK or SF_ENOMEM. */
int sf__parse(sf_doc *doc);

/* ---- constructors (lib/ast.c) ---- */

/* Analyse the joined logical line p->jb/p->pc into *insn: keyword, kind, flags, rest, args,
 * heredoc operators (bodies are filled by the driver), ONBUILD child. Reports syntax errors. */
void sf__ast_build(sf__pstate *p, sf_insn *insn);
/* Grammar action: the oldest uncommitted instruction is complete. `from` starts a new stage. */
void sf__ast_commit(sf__pstate *p, bool from);
/* Grammar action: the oldest uncommitted instruction was rejected at token `tok`; report and
 * commit it. */
void sf__ast_reject(sf__pstate *p, uint32_t tok);
/* Length of a Unicode white-space character (Go's unicode.IsSpace) at s[i..n), else 0. */
uint32_t sf__uspace_at(const unsigned char *s, uint32_t i, uint32_t n);
/* The same, with the ASCII case inline (the hot loops call it once per byte). */
static inline uint32_t sf__uspace_len(const unsigned char *s, uint32_t i, uint32_t n)
{
    unsigned c = s[i];

    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 ? sf__uspace_at(s, i, n) : 0;
}
/* Map a joined-line offset of the current scratch line to a source offset (see ast.h). */
uint32_t sf__ast_map(const sf__piece *pc, uint32_t npc, uint32_t j);
/* Strict JSON array-of-strings decoder (Go encoding/json rules). Returns 1 for an array of
 * strings (elements decoded into arena strings, with their [start, end) offsets in s), 0 when
 * the text is not valid JSON (callers fall back to shell form), -1 for a valid JSON array that
 * holds a non-string. */
int sf__json_string_array(sf__arena *a, const char *s, uint32_t n, sf__str **out, uint32_t *nout,
                          uint32_t **starts, uint32_t **ends);

/* ---- lemon (grammar/dockerfile.y) ---- */
size_t sf__grammar_size(void);
void sf__grammar_init(void *engine, sf__pstate *p);
void sf__grammar_finalize(void *engine);
void sf__grammar_push(void *engine, int major, uint32_t minor);

#endif /* SF_TOKEN_H */
