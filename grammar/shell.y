/* shell.y - lemon grammar for POSIX shell (+ common bash forms), after the POSIX yacc grammar
 * (XCU 2.10.2). The driver (lib/shell_parse.c) turns words into reserved-word tokens where the
 * shell would, reads here-doc bodies and recurses into $( ). Actions call constructors in
 * lib/shell_ast.c. Top-level and-or lists are handed to the driver as soon as they are
 * reduced, so a syntax error later keeps everything before it (partial tree). */

%name sf__sh_lemon
%token_prefix SF_SHT_
%extra_context {sf__shp *p}
%token_type {sf__sh_tok}
%stack_size 0

%include {
/* "../lib/shell.h", not "shell.h": the latter is this grammar's own token header. */
#include "../lib/shell.h"
#include <stdlib.h>
#define NDEBUG 1
/* The driver keeps the parser object on its C stack (no malloc per parse). */
#define sf__sh_lemon_ENGINEALWAYSONSTACK 1
}

%code {
/* The driver reserves SF_SH_LEMON_BYTES for the parser object. */
_Static_assert(sizeof(yyParser) <= SF_SH_LEMON_BYTES, "SF_SH_LEMON_BYTES too small");
}

%syntax_error {
    if (!p->fatal) {
        if (yymajor == 0)
            sf__shp_diag(p, p->len ? sf__shp_off(p, p->len) : 0, sf__shp_off(p, p->len),
                         "unexpected end of the shell text (unclosed construct)");
        else
            sf__shp_diag(p, TOKEN.span.start, TOKEN.span.end, "shell syntax error");
    }
    p->syntax_error = true;
    p->nerrors++;
}
%parse_failure { p->syntax_error = true; }
%stack_overflow { sf__shp_diag(p, 0, 0, "shell parser stack overflow"); p->fatal = true; }

/* Token order fixes the numbering the lexer uses. */
%token WORD ASSIGN REDIR NEWLINE SEMI AMP AND_IF OR_IF PIPE PIPE_AMP BANG LPAREN RPAREN
       DSEMI SEMI_AMP DSEMI_AMP LBRACE RBRACE IF THEN ELSE ELIF FI DO DONE CASE ESAC WHILE
       UNTIL FOR IN SELECT FUNCTION DBRACKET DPAREN.

%type clist {sf__sh_list *}
%type term {sf__sh_list *}
%type and_or {sf__sh_andor *}
%type pipe_seq {sf__sh_pipeline *}
%type cmdc {sf__sh_cmd *}
%type compound {sf__sh_cmd *}
%type scmd {sf__sh_cmd *}
%type ifc {sf__sh_cmd *}
%type elifc {sf__sh_cmd *}
%type elseq {sf__sh_cmd *}
%type forhead {sf__sh_cmd *}
%type forin {sf__sh_cmd *}
%type loopkw {sf__sh_tok}
%type wordlist {sf__sh_word *}
%type pattern {sf__sh_word *}
%type caseitem {sf__sh_case_item *}
%type caseitem_t {sf__sh_case_item *}
%type caseitems {sf__sh_case_item *}
%type caseitems_t {sf__sh_case_item *}
%type funcdef {sf__sh_cmd *}
%type sep {sf__sh_tok}
%type seqsep {sf__sh_tok}
%type casesep {sf__sh_tok}
%type newline_list {sf__sh_tok}

program ::= top.

top ::= linebreak.
top ::= linebreak tterm.
top ::= linebreak tterm sep(S).                 { sf__sh_top_sep(p, &S); }
tterm ::= and_or(X).                            { sf__sh_top_add(p, X); }
tterm ::= tterm sep(S) and_or(X).               { sf__sh_top_sep(p, &S); sf__sh_top_add(p, X); }

sep(A) ::= SEMI(T) linebreak.                   { A = T; }
sep(A) ::= AMP(T) linebreak.                    { A = T; }
sep(A) ::= newline_list(T).                     { A = T; }
seqsep(A) ::= SEMI(T) linebreak.                { A = T; }
seqsep(A) ::= newline_list(T).                  { A = T; }
newline_list(A) ::= NEWLINE(T).                 { A = T; }
newline_list(A) ::= newline_list(L) NEWLINE.    { A = L; }
linebreak ::= .
linebreak ::= newline_list.

clist(A) ::= linebreak.                         { A = sf__sh_list_new(p); }
clist(A) ::= linebreak term(T).                 { A = T; }
clist(A) ::= linebreak term(T) sep(S).          { A = T; sf__sh_list_sep(A, &S); }
term(A) ::= and_or(X).                          { A = sf__sh_list_add(p, sf__sh_list_new(p), X); }
term(A) ::= term(L) sep(S) and_or(X).           { sf__sh_list_sep(L, &S); A = sf__sh_list_add(p, L, X); }

/* The POSIX `pipeline` (optional !) and `command` (simple, compound or function) levels are
 * folded into the rules below: every unit reduction costs a parser step per command. */
and_or(A) ::= pipe_seq(P).                      { A = sf__sh_andor_new(p, P); }
and_or(A) ::= BANG(B) pipe_seq(P).              { A = sf__sh_andor_new(p, sf__sh_pipeline_bang(P, &B)); }
and_or(A) ::= and_or(L) AND_IF(O) linebreak pipe_seq(P).
                                                { A = sf__sh_andor_add(p, L, SF_SH_AO_AND, &O, P); }
and_or(A) ::= and_or(L) AND_IF(O) linebreak BANG(B) pipe_seq(P).
                        { A = sf__sh_andor_add(p, L, SF_SH_AO_AND, &O, sf__sh_pipeline_bang(P, &B)); }
and_or(A) ::= and_or(L) OR_IF(O) linebreak pipe_seq(P).
                                                { A = sf__sh_andor_add(p, L, SF_SH_AO_OR, &O, P); }
and_or(A) ::= and_or(L) OR_IF(O) linebreak BANG(B) pipe_seq(P).
                        { A = sf__sh_andor_add(p, L, SF_SH_AO_OR, &O, sf__sh_pipeline_bang(P, &B)); }
pipe_seq(A) ::= scmd(C).                        { A = sf__sh_pipeline_new(p, sf__sh_simple_done(p, C)); }
pipe_seq(A) ::= cmdc(C).                        { A = sf__sh_pipeline_new(p, C); }
pipe_seq(A) ::= funcdef(F).                     { A = sf__sh_pipeline_new(p, F); }
pipe_seq(A) ::= pipe_seq(L) PIPE(O) linebreak scmd(C).
                        { A = sf__sh_pipeline_add(p, L, sf__sh_simple_done(p, C), false, &O); }
pipe_seq(A) ::= pipe_seq(L) PIPE(O) linebreak cmdc(C).
                                                { A = sf__sh_pipeline_add(p, L, C, false, &O); }
pipe_seq(A) ::= pipe_seq(L) PIPE(O) linebreak funcdef(C).
                                                { A = sf__sh_pipeline_add(p, L, C, false, &O); }
pipe_seq(A) ::= pipe_seq(L) PIPE_AMP(O) linebreak scmd(C).
                        { A = sf__sh_pipeline_add(p, L, sf__sh_simple_done(p, C), true, &O); }
pipe_seq(A) ::= pipe_seq(L) PIPE_AMP(O) linebreak cmdc(C).
                                                { A = sf__sh_pipeline_add(p, L, C, true, &O); }
pipe_seq(A) ::= pipe_seq(L) PIPE_AMP(O) linebreak funcdef(C).
                                                { A = sf__sh_pipeline_add(p, L, C, true, &O); }
cmdc(A) ::= compound(C).                        { A = C; }
cmdc(A) ::= cmdc(C) REDIR(R).                   { A = sf__sh_cmd_redirs(p, C, &R); }

scmd(A) ::= WORD(T).                  { A = sf__sh_simple_word(p, sf__sh_simple_new(p), &T, false); }
scmd(A) ::= ASSIGN(T).                { A = sf__sh_simple_word(p, sf__sh_simple_new(p), &T, true); }
scmd(A) ::= REDIR(T).                 { A = sf__sh_simple_redir(p, sf__sh_simple_new(p), &T); }
scmd(A) ::= scmd(C) WORD(T).          { A = sf__sh_simple_word(p, C, &T, false); }
scmd(A) ::= scmd(C) ASSIGN(T).        { A = sf__sh_simple_word(p, C, &T, true); }
scmd(A) ::= scmd(C) REDIR(T).         { A = sf__sh_simple_redir(p, C, &T); }

compound(A) ::= LPAREN(O) clist(L) RPAREN(C).   { A = sf__sh_compound(p, SF_SH_SUBSHELL, &O, NULL, L, &C); }
compound(A) ::= LBRACE(O) clist(L) RBRACE(C).   { A = sf__sh_compound(p, SF_SH_BRACE, &O, NULL, L, &C); }
compound(A) ::= WHILE(O) clist(C) DO clist(B) DONE(E).
                                                { A = sf__sh_compound(p, SF_SH_WHILE, &O, C, B, &E); }
compound(A) ::= UNTIL(O) clist(C) DO clist(B) DONE(E).
                                                { A = sf__sh_compound(p, SF_SH_UNTIL, &O, C, B, &E); }
compound(A) ::= elseq(I) FI(F).                 { A = sf__sh_if_else(p, I, NULL, NULL, &F); }
compound(A) ::= elseq(I) ELSE clist(E) FI(F).   { A = sf__sh_if_else(p, I, NULL, E, &F); }
compound(A) ::= forin(F) DO clist(B) DONE(E).   { A = sf__sh_loop_end(p, F, B, &E); }
compound(A) ::= CASE(K) WORD(S) linebreak IN linebreak caseitems(I) ESAC(E).
                                                { A = sf__sh_case_new(p, &K, &S, I, &E); }
compound(A) ::= CASE(K) WORD(S) linebreak IN linebreak ESAC(E).
                                                { A = sf__sh_case_new(p, &K, &S, NULL, &E); }
compound(A) ::= DBRACKET(T).                    { A = sf__sh_token_cmd(&T); }
compound(A) ::= DPAREN(T).                      { A = sf__sh_token_cmd(&T); }

ifc(A) ::= IF(O) clist(C) THEN clist(B).        { A = sf__sh_compound(p, SF_SH_IF, &O, C, B, NULL); }
elifc(A) ::= ELIF(O) clist(C) THEN clist(B).    { A = sf__sh_compound(p, SF_SH_IF, &O, C, B, NULL); }
elseq(A) ::= ifc(I).                            { A = I; }
elseq(A) ::= elseq(I) elifc(E).                 { A = sf__sh_if_else(p, I, E, NULL, NULL); }

loopkw(A) ::= FOR(T).                           { A = T; }
loopkw(A) ::= SELECT(T).                        { A = T; }
forhead(A) ::= loopkw(K) WORD(N).               { A = sf__sh_loop_new(p, &K, &N); }
forin(A) ::= forhead(F).                        { A = F; }
forin(A) ::= forhead(F) seqsep.                 { A = F; }
forin(A) ::= forhead(F) linebreak IN seqsep.    { A = sf__sh_loop_in(F, NULL); }
forin(A) ::= forhead(F) linebreak IN wordlist(W) seqsep.
                                                { A = sf__sh_loop_in(F, W); }
forin(A) ::= FOR(K) DPAREN(D).                  { A = sf__sh_arith_for(p, &K, &D); }
forin(A) ::= FOR(K) DPAREN(D) seqsep.           { A = sf__sh_arith_for(p, &K, &D); }
wordlist(A) ::= WORD(W).                        { A = sf__sh_words_add(NULL, &W); }
wordlist(A) ::= wordlist(L) WORD(W).            { A = sf__sh_words_add(L, &W); }

caseitems(A) ::= caseitem(I).                   { A = sf__sh_case_items_add(NULL, I); }
caseitems(A) ::= caseitems_t(L).                { A = L; }
caseitems(A) ::= caseitems_t(L) caseitem(I).    { A = sf__sh_case_items_add(L, I); }
caseitems_t(A) ::= caseitem_t(I).               { A = sf__sh_case_items_add(NULL, I); }
caseitems_t(A) ::= caseitems_t(L) caseitem_t(I). { A = sf__sh_case_items_add(L, I); }
caseitem_t(A) ::= caseitem(I) casesep(T) linebreak. { A = sf__sh_case_item_end(I, &T); }
caseitem(A) ::= pattern(P) RPAREN(R) clist(B).  { A = sf__sh_case_item_new(p, P, NULL, &R, B); }
caseitem(A) ::= LPAREN(O) pattern(P) RPAREN(R) clist(B).
                                                { A = sf__sh_case_item_new(p, P, &O, &R, B); }
casesep(A) ::= DSEMI(T).                        { A = T; }
casesep(A) ::= SEMI_AMP(T).                     { A = T; }
casesep(A) ::= DSEMI_AMP(T).                    { A = T; }
pattern(A) ::= WORD(W).                         { A = sf__sh_words_add(NULL, &W); }
pattern(A) ::= pattern(L) PIPE WORD(W).         { A = sf__sh_words_add(L, &W); }

funcdef(A) ::= WORD(N) LPAREN RPAREN linebreak cmdc(B).   { A = sf__sh_funcdef(p, NULL, &N, B); }
/* `function f () body`: the driver drops the `()` after `function NAME`. */
funcdef(A) ::= FUNCTION(K) WORD(N) linebreak cmdc(B).     { A = sf__sh_funcdef(p, &K, &N, B); }
