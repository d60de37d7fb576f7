/* dockerfile.re - re2c lexer for Dockerfile lines. Generated into build/gen/dockerfile_lex.c.
 *
 * The driver (lib/parse.c) owns line structure (directives, continuations, heredoc bodies);
 * this lexer splits the bytes of one physical line into tokens and returns lemon's codes
 * (SF_TOK_WORD) or trivia codes (SF_TK_*, lib/token.h). It runs with re2c:eof over the whole
 * NUL-terminated source copy, so NUL bytes inside the text are ordinary characters.
 */
#include "token.h"

unsigned sf__lex(const char *s, uint32_t len, uint32_t pos, sf__lex_mode mode, uint32_t *end)
{
    const unsigned char *YYCURSOR = (const unsigned char *)s + pos;
    const unsigned char *YYLIMIT = (const unsigned char *)s + len;
    const unsigned char *YYMARKER = YYCURSOR;
    unsigned kind;

    if (pos >= len) {
        *end = len;
        return 0;
    }
    if (mode == SF_LEX_LINE)
        goto line;
    goto args;

/*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;
    re2c:define:YYPEEK = "*YYCURSOR";
    re2c:define:YYSKIP = "++YYCURSOR;";
    re2c:define:YYBACKUP = "YYMARKER = YYCURSOR;";
    re2c:define:YYRESTORE = "YYCURSOR = YYMARKER;";
    re2c:define:YYLESSTHAN = "YYLIMIT - YYCURSOR < 1";

    blank = [ \t\v\f];
    eol   = "\r"* "\n";
    cr    = "\r"+;
    word  = [^ \t\v\f\r\n]+;
*/

line:
/*!re2c
    blank+            { kind = SF_TK_BLANK; goto done; }
    eol               { kind = SF_TK_EOL; goto done; }
    cr                { kind = YYCURSOR == YYLIMIT ? SF_TK_EOL : SF_TK_BLANK; goto done; }
    "#" [^\n]*        { kind = SF_TK_COMMENT; goto comment; }
    word              { kind = SF_TOK_WORD; goto done; }
    $                 { *end = len; return 0; }
*/

args:
/*!re2c
    blank+            { kind = SF_TK_BLANK; goto done; }
    eol               { kind = SF_TK_EOL; goto done; }
    cr                { kind = YYCURSOR == YYLIMIT ? SF_TK_EOL : SF_TK_BLANK; goto done; }
    word              { kind = SF_TOK_WORD; goto done; }
    $                 { *end = len; return 0; }
*/

comment:
    /* A comment ends before the line terminator: give the trailing CRs back. */
    while (YYCURSOR[-1] == '\r' && YYCURSOR - 1 > (const unsigned char *)s + pos)
        YYCURSOR--;
done:
    *end = (uint32_t)(YYCURSOR - (const unsigned char *)s);
    return kind;
}
