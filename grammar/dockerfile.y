/* dockerfile.y - lemon grammar of a Dockerfile's instruction stream.
 *
 * The generated dockerfile.c/.h are build products (build/gen); never edit them.
 *
 * The driver (lib/parse.c) pushes each logical line's keyword tokens (the instruction's, and
 * an ONBUILD trigger's), then NEWLINE. FLAG, WORD and HEREDOC tokens are in doc->tok_kind but
 * are not pushed: the rules below accept them wherever a keyword may stand and they never
 * start a line, so they cannot change a decision (and skipping them halves the pushes).
 * Trivia never reaches the grammar. The minor value of every token is its index in
 * doc->tok_kind/tok_end. The driver
 * has already analysed the line (lib/ast.c); the grammar decides where instructions are
 * allowed: only ARG (and unknown words, reported by their constructor) before the first FROM,
 * and no ONBUILD ONBUILD / FROM / MAINTAINER. A rejected line recovers at its NEWLINE
 * (`error NEWLINE`), so a bad instruction never stops the parse of the next one.
 */

%name sf__grammar
%token_prefix SF_TOK_
%token_type {uint32_t}
%extra_context {sf__pstate *p}

%token KW_FROM KW_ARG KW_ONBUILD KW_MAINTAINER KW_UNKNOWN KW FLAG WORD HEREDOC NEWLINE.

%include {
#define NDEBUG 1
#include "token.h"
}

%code {
size_t sf__grammar_size(void)
{
    return sizeof(yyParser);
}

void sf__grammar_init(void *engine, sf__pstate *p)
{
    sf__grammarInit(engine, p);
}

void sf__grammar_finalize(void *engine)
{
    sf__grammarFinalize(engine);
}

void sf__grammar_push(void *engine, int major, uint32_t minor)
{
    sf__grammar(engine, major, minor);
}
}

%syntax_error {
    /* Reported by the `error NEWLINE` actions, which see every rejected line. */
    (void)yymajor;
    (void)yyminor;
}

%stack_overflow {
    p->oom = true;
}

file ::= preamble stages.

/* Meta (global) ARGs before the first FROM. */
preamble ::= preamble meta_line.
preamble ::= .
meta_line ::= KW_ARG flags args NEWLINE.            { sf__ast_commit(p, false); }
meta_line ::= KW_UNKNOWN flags args NEWLINE.        { sf__ast_commit(p, false); }
meta_line ::= error(E) NEWLINE.                     { sf__ast_reject(p, (uint32_t)E); }

stages ::= stages stage.
stages ::= .
stage ::= from_line body.
from_line ::= KW_FROM flags args NEWLINE.           { sf__ast_commit(p, true); }

body ::= body line.
body ::= .
line ::= insn NEWLINE.                              { sf__ast_commit(p, false); }
line ::= error(E) NEWLINE.                          { sf__ast_reject(p, (uint32_t)E); }

insn ::= trigger.
insn ::= KW_MAINTAINER flags args.
insn ::= KW_ONBUILD flags.
insn ::= KW_ONBUILD flags trigger.

/* What ONBUILD may wrap. */
trigger ::= KW flags args.
trigger ::= KW_ARG flags args.
trigger ::= KW_UNKNOWN flags args.

flags ::= flags FLAG.
flags ::= .
args ::= args WORD.
args ::= args HEREDOC.
args ::= .
