/* dockerignore-entries: the .dockerignore leaves heavy or secret paths of the context in. */
#include "rule.h"

#include "dockerignore.h"

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    sf__ignore_entry *ents = NULL;
    size_t nents = 0, keep = 0, used = 0, shown = 0;
    const struct sf_insn *insn;
    uint32_t s = 0;
    char names[768];

    if (!ck->ctx || !ck->ctx->has_dockerignore || !ck->ignore || !ck->ctx->paths)
        return;
    insn = sf__whole_context_copy(doc, &s);
    if (!insn || sf__ignore_find_unexcluded(&ents, &nents, a, ck->ignore, ck->ctx->paths,
                                            ck->ctx->n_paths) != SF_OK)
        return;
    /* entries a COPY/ADD names explicitly are wanted in the context */
    for (size_t k = 0; k < nents; k++) {
        char *e = sf__ctx_path(a, ents[k].path);
        if (!e || !sf__ctx_entry_used(a, doc, e))
            ents[keep++] = ents[k];
    }
    nents = keep;
    if (nents == 0)
        return;
    names[0] = '\0';
    for (size_t k = 0; k < nents && used + 80 < sizeof names; k++, shown++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s (%s)", k ? ", " : "",
                                 ents[k].path,
                                 ents[k].cls == SF_IGN_SECRET ? "secret"
                                 : ents[k].cls == SF_IGN_HEAVY ? "heavy" : "noise");
    if (shown < nents)
        snprintf(names + used, sizeof names - used, ", and %zu more", nents - shown);
    sf__report(ck, insn, insn->args[s].span.start, insn->args[s].span.end,
               "`%s %s` copies the whole context and the .dockerignore does not exclude %s",
               insn->keyword.ptr, insn->args[s].text.ptr, names);
}

const struct sf_rule sf_rule_dockerignore_entries = {
    "dockerignore-entries",
    SF_SEV_WARNING,
    "The .dockerignore leaves heavy or secret paths of the build context in",
    "# dockerignore-entries\n"
    "\n"
    "A `.dockerignore` exists and a COPY or ADD takes the whole build context, but the context\n"
    "holds paths that an image almost never needs and that the `.dockerignore` does not exclude:\n"
    "\n"
    "- heavy: `.git/`, `node_modules/`, `__pycache__/`, `.venv/`, `venv/`, `target/`, `.tox/`,\n"
    "  `.gradle/`, `.cache/`, ... (megabytes to gigabytes, and built for the host, not the image);\n"
    "- secret: `.env`, `.env.*`, private keys (`*.pem`, `id_rsa`), `.aws/`, `.ssh/`, `.npmrc`, ...\n"
    "  (they end up readable in an image layer forever);\n"
    "- noise: `.idea/`, `.vscode/`, `.DS_Store` (small, but every change busts the build cache).\n"
    "\n"
    "Only entries really present in the context are reported (at any depth), each once; entries\n"
    "the `.dockerignore` excludes (with BuildKit's matching, `!` exceptions included) are not, nor\n"
    "are entries a COPY/ADD names explicitly (`COPY .env /etc/app.env` wants `.env`).\n"
    "\n"
    "## Bad\n"
    "\n"
    "```\n"
    "# .dockerignore (the context also holds .git/ and .env)\n"
    "node_modules\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```\n"
    "# .dockerignore\n"
    "node_modules\n"
    ".git\n"
    ".env\n"
    "```\n"
    "\n"
    "## Fix (unsafe, opt-in)\n"
    "\n"
    "With `--fix --unsafe-fixes`, the named entries that no COPY/ADD names are appended to the\n"
    "`.dockerignore` in use, after a comment saying so. Unsafe by nature: the image changes (that\n"
    "is the point), so review it with `--diff --unsafe-fixes` first.\n",
    SF_NEEDS_CONTEXT,
    SF_FIX_UNSAFE,
    NULL,
    NULL,
    check,
};
