/* syntax_error.c - built-in rule: the parser reports it (lib/parse.c). */
#include "rule.h"

const struct sf_rule sf_rule_syntax_error = {
    "syntax-error",
    SF_SEV_ERROR,
    "The Dockerfile cannot be parsed the way BuildKit parses it",
    "# syntax-error\n"
    "\n"
    "BuildKit would refuse this Dockerfile (or part of it): the build fails before any layer is\n"
    "made. slimfile reports the problem where it is, then goes on with the next instruction, so\n"
    "one typo does not hide every other finding.\n"
    "\n"
    "Typical causes: an unknown instruction word, an instruction other than ARG before the first\n"
    "FROM, ENV/LABEL without a value, a JSON (exec form) array holding something other than\n"
    "strings, SHELL not written as a JSON array, a flag the instruction does not accept or a\n"
    "string flag without `=value`, a repeated or invalid parser directive, a heredoc whose\n"
    "delimiter never comes, a line longer than 65535 bytes, or a file without instructions.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine\n"
    "COPY --from builder /app /app\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine\n"
    "COPY --from=builder /app /app\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None. While a file has syntax errors, `--fix` writes nothing.\n",
    SF_BUILTIN,
    SF_FIX_NONE,
    NULL,
    NULL,
    NULL,
};
