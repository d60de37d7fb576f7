/* invalid_utf8.c - built-in rule: the parser's UTF-8 check reports it (lib/utf8.c). */
#include "rule.h"

const struct sf_rule sf_rule_invalid_utf8 = {
    "invalid-utf8",
    SF_SEV_ERROR,
    "The Dockerfile contains bytes that are not valid UTF-8",
    "# invalid-utf8\n"
    "\n"
    "Dockerfiles are UTF-8 text. A byte sequence that is not valid UTF-8 (a Latin-1 accent, a\n"
    "truncated multi-byte character, an overlong encoding, binary data) reaches the shell and the\n"
    "image configuration as garbage, and editors and other tools disagree on what it means.\n"
    "slimfile reports the first bad sequence of each line.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "LABEL maintainer=\"Jos\\xe9\"   # the byte 0xE9 alone: Latin-1, not UTF-8\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "LABEL maintainer=\"José\"      # saved as UTF-8: C3 A9\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None: slimfile cannot know which encoding was meant. Re-save the file as UTF-8.\n",
    SF_BUILTIN,
    SF_FIX_NONE,
    NULL,
    NULL,
    NULL,
};
