/* pip-no-cache-dir: `pip install` keeping its HTTP and wheel cache in the layer. */
#include "rule.h"

#include "ascii.h"

#define UNKNOWN_HOME "/~"      /* stands for a home directory we cannot name */

/* ------------------------------------------------------------------ environment */

/* Value of a raw ENV/ARG value: surrounding quotes removed; NULL when it uses a variable. */
static const char *raw_value(sf__arena *a, const char *v, size_t n)
{
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    if (sf__has_variable(v, n))
        return NULL;
    return sf__arena_strndup(a, v, n);
}

/* The stage whose image a RUN runs in, and the index before which its instructions apply.
 * ONBUILD triggers run in a child build on top of the whole stage. */
static int run_stage(const struct sf_doc *doc, const struct sf_insn *insn, uint32_t *upto)
{
    const struct sf_insn *top = insn->parent ? insn->parent : insn;
    int st = top->stage;

    if (st >= 0 && (uint32_t)st < doc->nstages)
        *upto = insn->parent ? doc->stages[st].last + 1 : top->index;
    return st;
}

/* Is variable `name` set for a RUN by ENV (this stage before it, then its FROM ancestors) or
 * by an ARG with a default declared before it in the stage (ENV wins over ARG)? *val gets the
 * value, NULL when it holds a variable. */
static bool env_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                   const char *name, const char **val)
{
    uint32_t upto = 0, first_upto;
    int st = run_stage(doc, insn, &upto), first = st;
    size_t n = strlen(name);

    first_upto = upto;
    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind != SF_INSN_ENV || in->nargs % 3 != 0)
                continue;
            for (uint32_t k = in->nargs; k >= 3; k -= 3) { /* the last assignment wins */
                const sf__arg *key = &in->args[k - 3], *v = &in->args[k - 2];
                if (key->text.len == n && memcmp(key->text.ptr, name, n) == 0) {
                    *val = raw_value(a, v->text.ptr, v->text.len);
                    return true;
                }
            }
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    if (first < 0 || insn->parent)
        return false; /* ARG values do not reach a child build */
    for (uint32_t i = first_upto; i > doc->stages[first].from + 1; i--) {
        const struct sf_insn *in = &doc->insns[i - 1];
        if (in->kind != SF_INSN_ARG)
            continue;
        for (uint32_t k = 0; k < in->nargs; k++) {
            const char *w = in->args[k].text.ptr;
            if (w && in->args[k].text.len > n && memcmp(w, name, n) == 0 && w[n] == '=') {
                *val = raw_value(a, w + n + 1, in->args[k].text.len - n - 1);
                return true;
            }
        }
    }
    return false;
}

/* The USER in effect for a RUN ("" when no USER is visible: the base image's, usually root);
 * NULL when it holds a variable. */
static const char *user_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn)
{
    uint32_t upto = 0;
    int st = run_stage(doc, insn, &upto);

    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind == SF_INSN_USER && in->nargs)
                return raw_value(a, in->args[0].text.ptr, in->args[0].text.len);
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    return "";
}

static bool user_is_root(const char *u)
{
    size_t n = strcspn(u, ":");

    return n == 0 || (n == 4 && memcmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* A pip configuration file may set no-cache-dir: a COPY/ADD of pip.conf / pip.ini, a RUN
 * writing one or running `pip config`, or PIP_CONFIG_FILE. We cannot read it: stay quiet. */
static bool pip_configured(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn)
{
    uint32_t upto = 0;
    int st = run_stage(doc, insn, &upto);
    const char *v;

    if (env_at(doc, a, insn, "PIP_CONFIG_FILE", &v))
        return true;
    if (insn->rest.ptr && (strstr(insn->rest.ptr, "no-cache-dir") || strstr(insn->rest.ptr, "no_cache_dir")) &&
        (strstr(insn->rest.ptr, "pip.conf") || strstr(insn->rest.ptr, "config set")))
        return true;
    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind == SF_INSN_COPY || in->kind == SF_INSN_ADD) {
                for (uint32_t k = 0; k < in->nargs; k++)
                    if (in->args[k].text.ptr &&
                        (strstr(in->args[k].text.ptr, "pip.conf") || strstr(in->args[k].text.ptr, "pip.ini")))
                        return true;
            } else if (in->kind == SF_INSN_RUN && in->rest.ptr &&
                       (strstr(in->rest.ptr, "no-cache-dir") || strstr(in->rest.ptr, "no_cache_dir")) &&
                       (strstr(in->rest.ptr, "pip.conf") || strstr(in->rest.ptr, "config set"))) {
                return true;
            }
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    return false;
}

/* Is `name` set by an `export NAME=...` (or `export NAME`) before command k of script s?
 * *val gets the value, NULL when dynamic or unknown. */
static bool exported_before(const sf__sh *s, uint32_t k, const char *name, const char **val)
{
    size_t n = strlen(name);
    bool found = false;

    for (uint32_t e = 0; e < s->neffects; e++) {
        const sf__sh_effect *ef = &s->effects[e];
        const sf__sh_cmdinfo *c;
        if (ef->kind != SF_SH_EFF_VAR || ef->cmd >= k || !ef->name || ef->nlen != n ||
            memcmp(ef->name, name, n) != 0)
            continue;
        c = &s->cmds[ef->cmd];
        if (!sf__sh_cmd_is(c, "export"))
            continue;
        found = true;
        *val = NULL;
        for (uint32_t i = c->name_idx + 1; i < c->argc; i++) {
            const sf__sh_arg *w = &c->argv[i];
            if ((w->wflags & SF_SH_W_ASSIGN) && w->word && w->word->name_len == n && !w->dynamic &&
                memcmp(w->value, name, n) == 0 && w->value[n] == '=')
                *val = w->value + n + 1;
        }
    }
    return found;
}

/* Is `name` set in the command's own environment (prefix assignment, env wrapper)? */
static bool cmd_env(const sf__sh_cmdinfo *c, const char *name, const char **val)
{
    size_t n = strlen(name);

    for (const sf__sh_word *w = c->cmd->assigns; w; w = w->next)
        if (w->name_len == n && w->value && memcmp(w->value, name, n) == 0 && w->value[n] == '=') {
            *val = (w->flags & SF_SH_W_DYNAMIC) ? NULL : w->value + n + 1;
            return true;
        }
    for (uint32_t i = 0; i < c->name_idx && i < c->argc; i++) {
        const sf__sh_arg *w = &c->argv[i];
        if ((w->wflags & SF_SH_W_ASSIGN) && w->word && w->word->name_len == n &&
            memcmp(w->value, name, n) == 0 && w->value[n] == '=') {
            *val = w->dynamic ? NULL : w->value + n + 1;
            return true;
        }
    }
    return false;
}

/* Variable for command k of s: its own environment, an earlier export, then ENV/ARG. */
static bool var_for(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                    const sf__sh *s, uint32_t k, const char *name, const char **val)
{
    return cmd_env(&s->cmds[k], name, val) || exported_before(s, k, name, val) ||
           env_at(doc, a, insn, name, val);
}

/* ------------------------------------------------------------------ the cache */

/* Absolute form of a path with `~` or $HOME replaced by home; NULL when unknown. */
static const char *home_path(sf__arena *a, const char *p, const char *home)
{
    const char *rest = NULL;

    if (p[0] == '~' && (p[1] == '/' || p[1] == '\0'))
        rest = p + 1;
    else if (strncmp(p, "$HOME", 5) == 0 && (p[5] == '/' || p[5] == '\0'))
        rest = p + 5;
    else if (strncmp(p, "${HOME}", 7) == 0 && (p[7] == '/' || p[7] == '\0'))
        rest = p + 7;
    if (rest) {
        if (sf__has_variable(rest, strlen(rest)))
            return NULL;
        return sf__path_clean(a, sf__arena_printf(a, "%s/%s", home, rest));
    }
    if (p[0] != '/' || sf__has_variable(p, strlen(p)))
        return NULL;
    return sf__path_clean(a, p);
}

/* Where pip caches for command k of s (see the rule's doc), or NULL when a variable hides it.
 * *home receives the home directory (UNKNOWN_HOME when we cannot name it). */
static const char *cache_dir(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                             const sf__sh *s, uint32_t k, const sf__sh_pip_info *pip, const char *user,
                             const char **home)
{
    const sf__sh_opt *o = sf__sh_opts_find(&pip->opts, "cache-dir");
    const char *v = NULL;

    *home = user && user_is_root(user) ? "/root" : UNKNOWN_HOME;
    if (var_for(doc, a, insn, s, k, "HOME", &v))
        *home = v && v[0] == '/' ? sf__path_clean(a, v) : NULL;
    if (!*home)
        return NULL;
    if (o)
        return o->value && !o->value_dynamic ? home_path(a, o->value, *home) : NULL;
    if (var_for(doc, a, insn, s, k, "PIP_CACHE_DIR", &v))
        return v ? home_path(a, v, *home) : NULL;
    if (var_for(doc, a, insn, s, k, "XDG_CACHE_HOME", &v))
        return v ? home_path(a, sf__arena_printf(a, "%s/pip", v), *home) : NULL;
    return sf__path_clean(a, sf__arena_printf(a, "%s/.cache/pip", *home));
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Does command c empty the pip cache `dir`: `pip cache purge`, or an rm of the directory, its
 * contents, or a parent up to the home? With an unknown home any `.../.cache[/pip]` counts,
 * except below /root when the USER (non-NULL: static, so not root here) is known. */
static bool purges(sf__arena *a, const sf__sh_cmdinfo *c, const char *dir, const char *home,
                   const char *user)
{
    sf__sh_pip_info pip;
    sf__sh_fileop rm;
    bool unknown_home = strcmp(home, UNKNOWN_HOME) == 0;

    if (sf__cache_script_word_removes(c, "/.cache") || sf__cache_script_word_removes(c, "pip cache purge"))
        return true;
    if (sf__sh_pip(&pip, a, c))
        return pip.sub && pip.sub2 && strcmp(pip.sub, "cache") == 0 && strcmp(pip.sub2, "purge") == 0;
    if (!sf__sh_rm(&rm, a, c))
        return false;
    for (uint32_t k = 0; k < rm.npaths; k++) {
        const sf__sh_arg *arg = &c->argv[rm.paths[k]];
        const char *p = home_path(a, arg->value, home);
        if (!p)
            continue;
        /* the cache holds directories (http/, wheels/, selfcheck/): removing them needs -r */
        if (sf__cache_rm_covers(p, dir, "http", rm.recursive, false))
            return true;
        /* (root's home is not the home of a USER we know to be someone else) */
        if (unknown_home && rm.recursive && !(user && sf__path_under(p, "/root")) &&
            (ends_with(p, "/.cache") || ends_with(p, "/.cache/pip") || ends_with(p, "/.cache/pip/*")))
            return true;
    }
    return false;
}

/* Is the cache out of the layer thanks to a cache/tmpfs mount? *touched: a mount sits on it. */
static bool mounted(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn, const char *dir,
                    const char *user, bool *touched)
{
    bool covered = false, t = false;

    *touched = false;
    if (strncmp(dir, UNKNOWN_HOME "/", 3) == 0) {
        /* the home is unknown: /root and /home/<user> are the usual places */
        const char *rest = dir + 2;
        sf__cache_mounts_at(doc, a, insn, sf__arena_printf(a, "/root%s", rest), &covered, &t);
        *touched = t;
        if (!covered && user && user[0] && !strchr(user, ':') && !sf__is_digit((unsigned char)user[0])) {
            sf__cache_mounts_at(doc, a, insn, sf__arena_printf(a, "/home/%s%s", user, rest), &covered, &t);
            *touched = *touched || t;
        }
        return covered;
    }
    sf__cache_mounts_at(doc, a, insn, dir, &covered, touched);
    return covered;
}

/* ------------------------------------------------------------------ check */

#define MAX_HITS 32

/* The way the command names pip, for the message ("pip3", "python3 -m pip"). */
static const char *pip_spelling(sf__arena *a, const sf__sh_cmdinfo *c, const sf__sh_pip_info *pip)
{
    if (pip->pip_idx != c->name_idx && c->name)
        return sf__arena_printf(a, "%s -m pip", c->name);
    return c->name ? c->name : "pip";
}

static void check_run(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    const char *user, *shown = NULL, *mount_dir = NULL;
    sf__cache_hit hits[MAX_HITS];
    uint32_t n = 0, start = 0, end = 0;
    bool clean = true, fixable = true, mountable = true, same_dir = true, user_known = false;
    const char *memo_dir = NULL, *memo_home = NULL; /* the purge list below is for this dir */
    const sf__sh *rm_sh[64];
    uint32_t rm_at[64], nrm = 0;
    bool rm_overflow = false;
    enum { MAX_RM = 64 };
    char names[160] = "";
    size_t used = 0;
    struct sf_finding *f;

    if (!sh || !sf__cache_posix_shell(doc, insn))
        return;
    user = NULL; /* looked up at the first pip install only: most RUNs have none */
    for (const sf__sh *s = sh; s; s = s->next) {
        clean = clean && !s->ndiags && !s->truncated;
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sf__sh_cmdinfo *c = &s->cmds[k];
            sf__sh_pip_info pip;
            const char *dir, *home, *v = NULL, *spelled;
            bool purged = false, touched;
            if (!sf__sh_pip(&pip, a, c) || !pip.sub || strcmp(pip.sub, "install") != 0 ||
                pip.no_cache_dir || pip.bad_no_cache_value || pip.opts.dynamic)
                continue;
            if (!user_known) {
                user = user_at(doc, a, insn);
                user_known = true;
            }
            if (var_for(doc, a, insn, s, k, "PIP_NO_CACHE_DIR", &v) && (!v || v[0]))
                continue;
            dir = cache_dir(doc, a, insn, s, k, &pip, user, &home);
            if (!dir || pip_configured(doc, a, insn))
                continue;
            /* the commands purging this cache dir are found once per (dir, home), so a long
             * chain of pip installs stays linear */
            if (!memo_dir || strcmp(memo_dir, dir) != 0 || memo_home != home) {
                memo_dir = dir;
                memo_home = home;
                nrm = 0;
                rm_overflow = false;
                for (const sf__sh *t = sh; t; t = t->next)
                    for (uint32_t j = 0; j < t->ncmds; j++)
                        if (purges(a, &t->cmds[j], dir, home, user)) {
                            if (nrm == MAX_RM) {
                                rm_overflow = true;
                                break;
                            }
                            rm_sh[nrm] = t;
                            rm_at[nrm++] = j;
                        }
            }
            for (uint32_t r = 0; r < nrm && !purged; r++)
                purged = sf__cache_runs_after(sh, s, k, rm_sh[r], rm_at[r]);
            purged = purged || rm_overflow;
            if (purged || mounted(doc, a, insn, dir, user, &touched) ||
                !sf__cache_stage_ships(doc, a, insn->stage, dir))
                continue;
            if (n == MAX_HITS) {
                fixable = false;
                continue;
            }
            /* mount mode needs root and a cache path we can name */
            if (touched || !user || !user_is_root(user) || strncmp(dir, UNKNOWN_HOME "/", 3) == 0)
                mountable = false;
            if (mount_dir && strcmp(mount_dir, dir) != 0)
                same_dir = false;
            mount_dir = dir;
            if (!shown)
                shown = strncmp(dir, UNKNOWN_HOME "/", 3) == 0 ? sf__arena_printf(a, "~%s", dir + 2) : dir;
            sf__cache_range_add(s, c, n == 0, &start, &end);
            hits[n].sh = s;
            hits[n].c = c;
            hits[n].word = pip.opts.operands[0];   /* `install` */
            spelled = sf__arena_printf(a, "`%s install`", pip_spelling(a, c, &pip));
            if (spelled && !strstr(names, spelled) && used + strlen(spelled) + 3 < sizeof names)
                used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "",
                                         spelled);
            n++;
        }
    }
    if (!n)
        return;
    f = sf__report(ck, insn, start, end,
                   "%s %s downloaded packages and built wheels in %s in this layer: use "
                   "`--no-cache-dir`",
                   names, strchr(names, ',') ? "keep" : "keeps", shown ? shown : "the pip cache");
    if (!f || insn->bad || !clean || !fixable)
        return;
    if (ck->cache_fix == SF_CACHE_FIX_MOUNT && mountable && same_dir && mount_dir) {
        sf__cache_fix_mount(ck, f, insn, "keep the pip cache in a cache mount",
                            sf__arena_printf(a, " --mount=type=cache,target=%s", mount_dir));
        return;
    }
    sf__cache_fix_flag(ck, f, "add --no-cache-dir to pip install", hits, n, " --no-cache-dir");
}

static void check(struct sf_check *ck)
{
    sf__cache_each_run(ck, check_run);
}

const struct sf_rule sf_rule_pip_no_cache_dir = {
    "pip-no-cache-dir",
    SF_SEV_WARNING,
    "`pip install` without `--no-cache-dir` keeps its cache in the layer",
    "# pip-no-cache-dir\n"
    "\n"
    "`pip install` stores every downloaded archive and every wheel it builds in its cache\n"
    "(`~/.cache/pip`, `/root/.cache/pip` for root). In an image nothing ever reuses it, yet it\n"
    "is stored in the RUN's layer: often as large as the installed packages themselves (tens to\n"
    "hundreds of MB for numpy, torch and friends).\n"
    "\n"
    "The rule reports each RUN (also `ONBUILD RUN`, `sh -c` strings and `RUN <<EOF` scripts)\n"
    "with a `pip install`, `pip3 install`, `pip3.12 install` or `python[3[.x]] -m pip install`\n"
    "unless one of these keeps the cache out of the layer:\n"
    "\n"
    "- `--no-cache-dir` (or a unique prefix such as `--no-cache`, as pip accepts);\n"
    "- `PIP_NO_CACHE_DIR` with a non-empty value (pip treats any value, even `0` or `false`,\n"
    "  as \"no cache\"): set for the command (`PIP_NO_CACHE_DIR=1 pip ...`, `env ...`), exported\n"
    "  earlier in the same RUN, set by ENV earlier in the stage or in a stage it is built\n"
    "  `FROM`, or by an ARG with a default declared in the stage (an ARG without a default is\n"
    "  empty in a plain build, so it does not count);\n"
    "- a cache or tmpfs mount on the cache directory or a parent (`/root/.cache`);\n"
    "- after the install, in the same RUN: `pip cache purge`, or `rm -r` of the cache directory,\n"
    "  its contents or a parent up to the home (`~/.cache`, `$HOME/.cache`, `/root/.cache`),\n"
    "  also inside a script string the parser cannot open (`su app -c \"...$X...\"`).\n"
    "\n"
    "The cache directory is worked out the way pip does: `--cache-dir`, else `PIP_CACHE_DIR`,\n"
    "else `$XDG_CACHE_HOME/pip`, else `$HOME/.cache/pip`, with HOME from ENV or `/root` when the\n"
    "stage runs as root (no USER, `USER root`, `USER 0`). Under another USER the home is not\n"
    "known: `~/...`, `$HOME/...` and any `.../.cache[/pip]` removal count, and mounts on\n"
    "`/root/.cache/pip` or `/home/<user>/.cache/pip`. A variable in any of these skips the\n"
    "command. A pip configuration file may also disable the cache and cannot be read, so the\n"
    "rule stays quiet after a COPY/ADD of a `pip.conf`/`pip.ini`, a RUN that writes one or runs\n"
    "`pip config set` with `no-cache-dir`, or with PIP_CONFIG_FILE set. `pip download` and\n"
    "`pip wheel` are not checked (they usually run in builder stages), nor `uv pip`, which\n"
    "has its own cache. Builder stages whose cache never reaches the image (not an ancestor of\n"
    "the last stage, not copied out with `COPY --from`; a `$VAR` source is expanded from\n"
    "ENV/ARG, an unknown one counts as copied) and RUNs under a non-POSIX `SHELL` are skipped.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM python:3.12-slim\n"
    "COPY requirements.txt .\n"
    "RUN pip install -r requirements.txt\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM python:3.12-slim\n"
    "COPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "Safe: ` --no-cache-dir` is inserted right after the `install` word of every reported\n"
    "command. pip resolves and installs the same packages; only the cache is not written.\n"
    "\n"
    "With `cache-fix: mount` the fix adds `--mount=type=cache,target=/root/.cache/pip` (or the\n"
    "cache directory PIP_CACHE_DIR / XDG_CACHE_HOME / HOME name) to the RUN instead, and\n"
    "`# syntax=docker/dockerfile:1` when the file has no syntax directive: the cache then\n"
    "survives between builds and never enters the layer. That needs root: the mount is owned by\n"
    "root, so under another USER, with an unknown home, or when a mount already sits on the\n"
    "cache path the `--no-cache-dir` fix is used.\n"
    "\n"
    "No fix is offered when the shell text has syntax errors.\n",
    0,
    SF_FIX_SAFE,
    "DL3042",
    NULL,
    check,
};
