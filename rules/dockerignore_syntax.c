/* dockerignore-syntax: lint the .dockerignore itself. */
#include "rule.h"

#include "dockerignore.h"

static void check(struct sf_check *ck)
{
    sf__ignore_issue *v = NULL;
    size_t n = 0;

    if (!ck->ignore || sf__ignore_lint(&v, &n, sf__check_arena(ck), ck->ignore) != SF_OK)
        return;
    for (size_t i = 0; i < n; i++)
        sf__report_ignore(ck, v[i].start, v[i].end, "%s", v[i].message);
}

const struct sf_rule sf_rule_dockerignore_syntax = {
    "dockerignore-syntax",
    SF_SEV_WARNING,
    "A .dockerignore line that does not do what it seems to",
    "# dockerignore-syntax\n"
    "\n"
    "BuildKit reads the `.dockerignore` with simple rules that surprise people. This rule\n"
    "reports, with their line and column in the `.dockerignore`:\n"
    "\n"
    "- a trailing comment after a pattern (`node_modules  # deps`): only a `#` at the start of a\n"
    "  line is a comment, so the text becomes part of the pattern and it matches nothing;\n"
    "- patterns BuildKit rejects (a bad `[` class, a trailing `\\`): the build fails;\n"
    "- patterns that can never match (`../secrets`, `..`): the context has no parent;\n"
    "- an exclusion that a later `!` line fully undoes (`*.log` then `!*.log`);\n"
    "- a pattern repeated with nothing of the opposite sign in between;\n"
    "- `\\d`, `\\w` and other escapes that BuildKit turns into regular-expression classes.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```\n"
    "node_modules   # dependencies\n"
    "../secrets\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```\n"
    "# dependencies\n"
    "node_modules\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None applied automatically.\n",
    SF_NEEDS_CONTEXT,
    SF_FIX_NONE,
    NULL,
    NULL,
    check,
};
