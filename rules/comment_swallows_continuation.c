/* comment-swallows-continuation: a shell comment in a continued RUN line comments out the lines
 * BuildKit joins after it. */
#include "rule.h"

static void check_insn(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    const sf__sh *sh = sf__check_shell(ck, insn);

    if (!sh || sh->origin != SF_SH_ORIGIN_REST)
        return;
    for (uint32_t i = 0; i < sh->ncomments; i++) {
        sf__span c = sh->comments[i];
        uint32_t cs, ce, l0, l1, hidden_start;
        const char *t = sh->text;
        uint32_t k;
        if (c.end <= c.start)
            continue;
        cs = sf__sh_src_offset(sh, c.start);
        ce = sf__sh_src_offset(sh, c.end - 1) + 1;
        l0 = sf__source_line_index(&doc->src, cs);
        l1 = sf__source_line_index(&doc->src, ce - 1);
        if (l0 == l1)
            continue;
        /* the text of the first joined line after the comment's own line */
        hidden_start = c.start;
        for (k = c.start; k < c.end; k++)
            if (sf__source_line_index(&doc->src, sf__sh_src_offset(sh, k)) != l0) {
                hidden_start = k;
                break;
            }
        while (hidden_start < c.end && (t[hidden_start] == ' ' || t[hidden_start] == '\t'))
            hidden_start++;
        sf__report(ck, insn, cs, ce,
                   "this shell comment runs on over %u joined line%s, so `%.*s%s` is commented out "
                   "(continuation lines are joined before the shell sees them)",
                   l1 - l0, l1 - l0 == 1 ? "" : "s",
                   (int)(c.end - hidden_start > 40 ? 40 : c.end - hidden_start), t + hidden_start,
                   c.end - hidden_start > 40 ? "..." : "");
        return; /* one finding per instruction */
    }
}

static void check(struct sf_check *ck)
{
    for (uint32_t i = 0; i < ck->doc->ninsns; i++) {
        const struct sf_insn *insn = &ck->doc->insns[i];
        if (insn->kind == SF_INSN_RUN)
            check_insn(ck, insn);
        else if (insn->kind == SF_INSN_ONBUILD && insn->child && insn->child->kind == SF_INSN_RUN)
            check_insn(ck, insn->child);
    }
}

const struct sf_rule sf_rule_comment_swallows_continuation = {
    "comment-swallows-continuation",
    SF_SEV_ERROR,
    "A shell comment in a continued RUN line comments out the lines joined after it",
    "# comment-swallows-continuation\n"
    "\n"
    "BuildKit joins continuation lines *before* the shell runs: `RUN a \\` + `b` becomes the single\n"
    "line `a b`. A `#` that starts a shell comment on a continued line therefore comments out\n"
    "everything joined after it, to the end of the RUN. The build usually succeeds, silently\n"
    "without those commands: packages not installed, caches not removed. (A line that *starts*\n"
    "with `#` inside a continuation is different: BuildKit drops that line and the continuation\n"
    "goes on, which is fine.) The rule uses the shell parser, so a `#` inside quotes or in the\n"
    "middle of a word (`a#b`, `${x#y}`) is not a comment and is not reported.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM debian:12\n"
    "RUN apt-get update && \\\n"
    "    apt-get install -y curl && # tools \\\n"
    "    rm -rf /var/lib/apt/lists/*\n"
    "```\n"
    "\n"
    "The `rm` never runs: the shell sees `... && # tools     rm -rf /var/lib/apt/lists/*`.\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM debian:12\n"
    "RUN apt-get update && \\\n"
    "    # tools\n"
    "    apt-get install -y curl && \\\n"
    "    rm -rf /var/lib/apt/lists/*\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None: un-commenting the swallowed commands would run commands that never ran before, which\n"
    "changes the image. Move the comment to a line of its own.\n",
    0,
    SF_FIX_NONE,
    NULL,
    NULL,
    check,
};
