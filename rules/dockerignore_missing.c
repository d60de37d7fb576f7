/* dockerignore-missing: no .dockerignore while a COPY/ADD sends the whole context. */
#include "rule.h"

#include "dockerignore.h"

/* One finding per Dockerfile, at the first COPY/ADD of the whole context: one .dockerignore
 * fixes every COPY. */
static void check(struct sf_check *ck)
{
    sf__arena *a = sf__check_arena(ck);
    sf__ignore_entry *ents = NULL;
    size_t nents = 0, used = 0;
    const struct sf_insn *insn;
    uint32_t s = 0;
    char names[512];

    if (!ck->ctx || ck->ctx->has_dockerignore)
        return;
    insn = sf__whole_context_copy(ck->doc, &s);
    if (!insn)
        return;
    names[0] = '\0';
    if (ck->ctx->paths &&
        sf__ignore_find_unexcluded(&ents, &nents, a, NULL, ck->ctx->paths, ck->ctx->n_paths) == SF_OK) {
        for (size_t k = 0; k < nents && used + 64 < sizeof names; k++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "",
                                     ents[k].path);
        if (nents && used + 64 >= sizeof names)
            snprintf(names + used, sizeof names - used, ", ...");
    }
    if (names[0])
        sf__report(ck, insn, insn->args[s].span.start, insn->args[s].span.end,
                   "no .dockerignore: `%s %s` sends the whole build context into the image, "
                   "including %s", insn->keyword.ptr, insn->args[s].text.ptr, names);
    else
        sf__report(ck, insn, insn->args[s].span.start, insn->args[s].span.end,
                   "no .dockerignore: `%s %s` sends the whole build context (VCS data, "
                   "dependencies, secrets) into the image", insn->keyword.ptr, insn->args[s].text.ptr);
}

const struct sf_rule sf_rule_dockerignore_missing = {
    "dockerignore-missing",
    SF_SEV_WARNING,
    "No .dockerignore while COPY or ADD sends the whole build context",
    "# dockerignore-missing\n"
    "\n"
    "`COPY . /app` copies everything in the build context: `.git` (often larger than the code),\n"
    "`node_modules` or `.venv` built for the host, caches, editor files and secrets such as `.env`\n"
    "or private keys. Without a `.dockerignore` they are all sent to the builder on every build,\n"
    "bust the layer cache on any change, and end up in the image layer.\n"
    "\n"
    "The rule looks for the `.dockerignore` where BuildKit does: `<Dockerfile name>.dockerignore`\n"
    "beside the Dockerfile first, then `.dockerignore` at the root of the build context\n"
    "(`--context`, by default the Dockerfile's folder). It reports once per Dockerfile, at the\n"
    "first COPY or ADD whose source is the whole context (`.`, `./`, `*`), and names the heavy or\n"
    "secret entries it found in the context.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM node:20-alpine\n"
    "WORKDIR /app\n"
    "COPY . .          # and no .dockerignore: .git and node_modules go into the image\n"
    "RUN npm ci\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```\n"
    "# .dockerignore\n"
    ".git\n"
    "node_modules\n"
    ".env\n"
    "```\n"
    "\n"
    "## Fix (unsafe, opt-in)\n"
    "\n"
    "With `--fix --unsafe-fixes`, slimfile writes a `.dockerignore` at the context root listing the\n"
    "heavy, secret and noise entries present in the context that no COPY/ADD names (`.git`,\n"
    "`node_modules`, `.env`, ...). It is unsafe by nature: the image no longer contains them,\n"
    "which is the point, but only you can tell whether the application needed one of them.\n"
    "`--diff --unsafe-fixes` shows the file first. Before: no `.dockerignore`; after:\n"
    "\n"
    "```\n"
    "# added by slimfile --fix --unsafe-fixes: not used by any COPY/ADD\n"
    ".git\n"
    "node_modules\n"
    "```\n",
    SF_NEEDS_CONTEXT,
    SF_FIX_UNSAFE,
    NULL,
    NULL,
    check,
};
