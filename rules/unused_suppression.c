/* unused_suppression.c - built-in rule: the engine reports suppressions that suppress nothing. */
#include "rule.h"

const struct sf_rule sf_rule_unused_suppression = {
    "unused-suppression",
    SF_SEV_STYLE,
    "A suppression comment that suppresses nothing",
    "# unused-suppression\n"
    "\n"
    "A `# slimfile ignore=ID` comment (or `# slimfile global ignore=ID`) names a rule that did not\n"
    "fire where the comment applies, or a rule id that does not exist. Stale suppressions hide\n"
    "the next real problem of that kind, so they are reported, as ruff does with RUF100.\n"
    "Only enabled rules count: a suppression of a rule turned off by `--ignore` or the config is\n"
    "not reported. `# hadolint ignore=` comments are honoured but never reported, because they\n"
    "may name hadolint rules slimfile does not have.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine\n"
    "# slimfile ignore=apk-no-cache\n"
    "RUN apk add --no-cache curl\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine\n"
    "RUN apk add --no-cache curl\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None yet: delete the comment (or the id from it).\n",
    SF_BUILTIN,
    SF_FIX_NONE,
    NULL,
    NULL,
    NULL,
};
