/* cleanup-in-separate-layer: a RUN deletes or uninstalls what an earlier layer of the same
 * stage added; the bytes stay in the earlier layer. */
#include "rule.h"

#include "ascii.h"
#include "buf.h"

enum kind {
    K_PATH,        /* a path an earlier instruction wrote (exact) */
    K_DIR,         /* a directory an earlier instruction populated (anything below counts) */
    K_WEAK_DIR,    /* a directory a COPY of loose files went into (only the directory counts) */
    K_EMPTY_DIR,   /* a directory mkdir created: costs nothing, only marks the RUN's own work */
    K_APK,         /* package added with apk (or a --virtual name) */
    K_APT,         /* package installed with apt-get/apt */
    K_PIP,         /* package installed with pip */
    K_APT_ANY,     /* some apt install happened: archives, autoremove candidates */
    K_CACHE_APK,   /* /var/cache/apk written */
    K_CACHE_LISTS, /* /var/lib/apt/lists written */
    K_CACHE_PIP    /* the pip cache written */
};

typedef struct added {
    enum kind kind;
    const char *what;
    uint32_t insn;
    bool gone;           /* removed again (in the same or a later RUN) */
} added;

typedef struct state {
    added *v;
    uint32_t n, cap;
    sf__arena *a;
} state;

static void add(state *s, enum kind k, const char *what, uint32_t insn)
{
    if (s->n == s->cap) {
        uint32_t nc = s->cap ? s->cap * 2 : 32;
        added *v = sf__arena_grow(s->a, s->v, s->n, nc, sizeof(*v));
        if (!v)
            return;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n].kind = k;
    s->v[s->n].what = what;
    s->v[s->n].insn = insn;
    s->v[s->n].gone = false;
    s->n++;
}

/* Directories that exist in every image: deleting below them proves nothing by itself. */
static bool system_dir(const char *p)
{
    static const char *const dirs[] = {"/", "/tmp", "/var", "/var/tmp", "/usr", "/usr/local", "/opt",
                                       "/etc", "/root", "/home", "/srv", "/bin", "/sbin", "/lib",
                                       "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local/bin",
                                       "/usr/local/lib", "/usr/share", "/var/lib", "/var/cache"};
    for (size_t i = 0; i < SF_ARRAY_LEN(dirs); i++)
        if (strcmp(p, dirs[i]) == 0)
            return true;
    return false;
}

/* Package name without version/extras: curl=7.1 -> curl, requests[socks]>=2 -> requests. */
static const char *pkg_name(sf__arena *a, const char *s)
{
    size_t n = 0;

    while (s[n] && !strchr("=<>~![;@ ", s[n]))
        n++;
    return sf__arena_strndup(a, s, n);
}

static bool arg_static(const sf__sh_cmdinfo *c, uint32_t i)
{
    return i < c->argc && !c->argv[i].dynamic;
}

/* The working directory of a command inside a RUN: NULL while it is the WORKDIR, CWD_UNKNOWN
 * after a `cd` we cannot follow, else the absolute directory a static top-level `cd` went to. */
static const char cwd_unknown[] = "?";
#define CWD_UNKNOWN cwd_unknown

static const char *resolve(struct sf_check *ck, const struct sf_insn *insn, const char *p, const char *cwd)
{
    sf__arena *a = sf__check_arena(ck);

    if (p[0] == '/' || !cwd)
        return sf__resolve_at(a, ck->doc, insn, p);
    if (cwd == CWD_UNKNOWN || sf__has_variable(p, strlen(p)) || p[0] == '~')
        return NULL;
    return sf__path_clean(a, sf__arena_printf(a, "%s/%s", cwd, p));
}

/* Follow a `cd`: a static target at the top level of the RUN (not in a subshell, pipeline,
 * condition, loop or branch) moves cwd; anything else makes it unknown. */
static const char *follow_cd(struct sf_check *ck, const struct sf_insn *insn, const sf__sh_cmdinfo *c,
                             const char *cwd)
{
    int di = -1;
    unsigned odd = SF_SH_CTX_ISOLATED | SF_SH_CTX_COND | SF_SH_CTX_LOOP | SF_SH_CTX_BRANCH;
    const char *base;

    if (cwd == CWD_UNKNOWN || (c->ctx & odd) || !sf__sh_cd(&di, c) || di < 0 || c->argv[di].dynamic ||
        sf__sh_cmd_is(c, "pushd"))
        return CWD_UNKNOWN;
    if (c->argv[di].value[0] == '/')
        return sf__path_clean(sf__check_arena(ck), c->argv[di].value);
    base = cwd ? cwd : sf__workdir_at(sf__check_arena(ck), ck->doc, insn);
    return base ? resolve(ck, insn, c->argv[di].value, base) : CWD_UNKNOWN;
}

/* Record what one simple command writes or installs. */
static void note_adds(struct sf_check *ck, state *s, const struct sf_insn *insn, const sf__sh_cmdinfo *c,
                      const char *cwd, bool pip_env)
{
    bool is_wget, is_curl, is_unzip, is_tar, is_touch;
    sf__arena *a = sf__check_arena(ck);
    sf__sh_apk_info apk;
    sf__sh_apt_info apt;
    sf__sh_pip_info pip;
    sf__sh_fileop fo;
    uint32_t idx = insn->index;

    if (sf__sh_apk(&apk, a, c) && apk.sub) {
        if (strcmp(apk.sub, "add") == 0) {
            for (uint32_t k = 0; k < apk.npkgs; k++)
                if (arg_static(c, apk.pkgs[k]))
                    add(s, K_APK, pkg_name(a, c->argv[apk.pkgs[k]].value), idx);
            if (apk.virtual_name)
                add(s, K_APK, apk.virtual_name, idx);
        }
        if ((strcmp(apk.sub, "add") == 0 || strcmp(apk.sub, "update") == 0 || strcmp(apk.sub, "upgrade") == 0) &&
            !apk.no_cache)
            add(s, K_CACHE_APK, "/var/cache/apk", idx);
        return;
    }
    if (sf__sh_apt(&apt, a, c) && apt.sub) {
        if (strcmp(apt.sub, "update") == 0)
            add(s, K_CACHE_LISTS, "/var/lib/apt/lists", idx);
        if (strcmp(apt.sub, "install") == 0 || strcmp(apt.sub, "upgrade") == 0 ||
            strcmp(apt.sub, "dist-upgrade") == 0) {
            add(s, K_APT_ANY, "apt", idx);
            for (uint32_t k = 0; k < apt.npkgs; k++)
                if (arg_static(c, apt.pkgs[k]))
                    add(s, K_APT, pkg_name(a, c->argv[apt.pkgs[k]].value), idx);
        }
        return;
    }
    if (sf__sh_pip(&pip, a, c) && pip.sub && strcmp(pip.sub, "install") == 0) {
        for (uint32_t k = 0; k < pip.npkgs; k++)
            if (arg_static(c, pip.pkgs[k]))
                add(s, K_PIP, pkg_name(a, c->argv[pip.pkgs[k]].value), idx);
        if (!pip.no_cache_dir && !pip_env)
            add(s, K_CACHE_PIP, "/root/.cache/pip", idx);
        return;
    }
    if (sf__sh_mkdir(&fo, a, c)) {
        /* an empty directory costs nothing, and what later lands in it was not written by
         * this RUN: only the directory itself is recorded */
        for (uint32_t k = 0; k < fo.npaths; k++)
            if (arg_static(c, fo.paths[k])) {
                const char *p = resolve(ck, insn, c->argv[fo.paths[k]].value, cwd);
                if (p && !system_dir(p))
                    add(s, K_EMPTY_DIR, p, idx);
            }
        return;
    }
    if (!c->name)
        return;
    /* downloads and copies: wget -O P, curl -o P, git clone URL P, cp/mv ... DEST, touch P,
     * unzip -d P, tar -C P */
    /* the command name decides once which options matter (this runs for every command) */
    is_wget = strcmp(c->name, "wget") == 0;
    is_curl = !is_wget && strcmp(c->name, "curl") == 0;
    is_unzip = strcmp(c->name, "unzip") == 0;
    is_tar = strcmp(c->name, "tar") == 0;
    is_touch = strcmp(c->name, "touch") == 0;
    for (uint32_t k = c->name_idx + 1; (is_wget || is_curl || is_unzip || is_tar || is_touch) && k < c->argc; k++) {
        const char *v = c->argv[k].value;
        const char *target = NULL;
        enum kind kind = K_PATH;
        if (c->argv[k].dynamic)
            continue;
        if ((is_wget && (strcmp(v, "-O") == 0 || strcmp(v, "--output-document") == 0)) ||
            (is_curl && (strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0))) {
            if (arg_static(c, k + 1))
                target = c->argv[k + 1].value;
        } else if ((is_unzip && strcmp(v, "-d") == 0) ||
                   (is_tar && (strcmp(v, "-C") == 0 || strcmp(v, "--directory") == 0))) {
            if (arg_static(c, k + 1))
                target = c->argv[k + 1].value;
            kind = K_DIR;
        } else if (is_wget && strncmp(v, "--output-document=", 18) == 0) {
            target = v + 18;
        } else if (is_curl && strncmp(v, "--output=", 9) == 0) {
            target = v + 9;
        } else if (is_touch && v[0] != '-') {
            target = v;
        }
        if (target) {
            const char *p = resolve(ck, insn, target, cwd);
            if (p && !(kind == K_DIR && system_dir(p)) && strcmp(p, "/") != 0)
                add(s, kind, p, idx);
        }
    }
    if ((strcmp(c->name, "git") == 0 && c->argc >= c->name_idx + 4 &&
         sf__sh_arg_is(c, c->name_idx + 1, "clone")) ||
        ((strcmp(c->name, "cp") == 0 || strcmp(c->name, "mv") == 0) && c->argc >= c->name_idx + 3)) {
        uint32_t last = c->argc - 1;
        if (arg_static(c, last) && c->argv[last].value[0] != '-') {
            const char *p = resolve(ck, insn, c->argv[last].value, cwd);
            if (p && !system_dir(p))
                add(s, K_DIR, p, idx);
        }
    }
    for (const sf__sh_redir *r = c->cmd->redirs; r; r = r->next)
        if ((r->kind == SF_SH_R_OUT || r->kind == SF_SH_R_APPEND || r->kind == SF_SH_R_CLOBBER) && r->target &&
            !(r->target->flags & SF_SH_W_DYNAMIC)) {
            const char *p = resolve(ck, insn, r->target->value, cwd);
            if (p && strncmp(p, "/dev/", 5) != 0 && strcmp(p, "/dev") != 0)
                add(s, K_PATH, p, idx);
        }
}

/* Does removing `p` (contents only when `contents`) delete something earlier layers hold? */
static int removes_path(state *s, const char *p, bool contents, uint32_t now)
{
    /* a RUN that wrote the path itself before removing it is cleaning up after itself */
    for (uint32_t i = 0; i < s->n; i++)
        if (!s->v[i].gone && s->v[i].insn == now && s->v[i].kind != K_APT && s->v[i].kind != K_APK &&
            s->v[i].kind != K_PIP && s->v[i].kind != K_APT_ANY &&
            (sf__path_under(p, s->v[i].what) || sf__path_under(s->v[i].what, p)))
            return -1;
    for (uint32_t i = 0; i < s->n; i++) {
        added *e = &s->v[i];
        bool hit = false;
        if (e->gone || e->insn >= now)
            continue;
        switch (e->kind) {
        case K_PATH:
            hit = contents ? (sf__path_under(e->what, p) && strcmp(e->what, p) != 0) : sf__path_under(e->what, p);
            break;
        case K_DIR:
            hit = sf__path_under(e->what, p) || sf__path_under(p, e->what);
            if (contents && strcmp(e->what, p) == 0)
                hit = true;
            break;
        case K_WEAK_DIR:
            hit = sf__path_under(e->what, p);
            break;
        case K_CACHE_APK:
        case K_CACHE_LISTS:
            hit = sf__path_under(p, e->what) || sf__path_under(e->what, p);
            break;
        case K_CACHE_PIP:
            hit = sf__path_under(p, e->what) || sf__path_under(e->what, p);
            break;
        default:
            break;
        }
        if (hit && strcmp(p, "/") != 0)
            return (int)i;
    }
    return -1;
}

static int removes_pkg(state *s, enum kind k, const char *name, uint32_t now)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (!s->v[i].gone && s->v[i].insn < now && s->v[i].kind == k && strcmp(s->v[i].what, name) == 0)
            return (int)i;
    return -1;
}

/* Mark everything a cleanup command removes as gone; return the index of the first earlier
 * entry it removes (-1 when it removes nothing from earlier layers). */
static int cleanup_hit(struct sf_check *ck, state *s, const struct sf_insn *insn, const sf__sh_cmdinfo *c,
                       const char *cwd, bool *is_cleanup)
{
    sf__arena *a = sf__check_arena(ck);
    sf__sh_fileop fo;
    sf__sh_apk_info apk;
    sf__sh_apt_info apt;
    sf__sh_pip_info pip;
    int first = -1, h;
    uint32_t now = insn->index;

    *is_cleanup = false;
    if (sf__sh_rm(&fo, a, c)) {
        *is_cleanup = true;
        for (uint32_t k = 0; k < fo.npaths; k++) {
            const char *raw, *p;
            char *tmp;
            size_t n;
            bool contents = false;
            if (!arg_static(c, fo.paths[k]) && !(c->argv[fo.paths[k]].wflags & SF_SH_W_GLOB))
                continue;
            raw = c->argv[fo.paths[k]].value;
            n = strlen(raw);
            tmp = sf__arena_strndup(a, raw, n);
            if (!tmp)
                continue;
            /* a trailing slash-star removes the contents of the directory */
            if (n >= 2 && strcmp(tmp + n - 2, "/*") == 0) {
                tmp[n - 2] = '\0';
                contents = true;
            }
            if (sf__has_glob(tmp) || sf__has_variable(tmp, strlen(tmp)))
                continue;
            if (strcmp(tmp, "/root/.cache") == 0 || strncmp(tmp, "~/.cache", 8) == 0)
                p = strcmp(tmp, "/root/.cache") == 0 ? "/root/.cache" : sf__arena_printf(a, "/root%s", tmp + 1);
            else
                p = resolve(ck, insn, *tmp ? tmp : "/", cwd);
            if (!p)
                continue;
            h = removes_path(s, p, contents, now);
            if (h >= 0) {
                if (first < 0)
                    first = h;
            }
            for (uint32_t i = 0; i < s->n; i++)
                if (s->v[i].insn <= now && sf__path_under(s->v[i].what, p))
                    s->v[i].gone = true;
        }
        return first;
    }
    if (sf__sh_apk(&apk, a, c) && apk.sub && (strcmp(apk.sub, "del") == 0 || strcmp(apk.sub, "delete") == 0)) {
        *is_cleanup = true;
        for (uint32_t k = 0; k < apk.npkgs; k++)
            if (arg_static(c, apk.pkgs[k]) && (h = removes_pkg(s, K_APK, c->argv[apk.pkgs[k]].value, now)) >= 0) {
                s->v[h].gone = true;
                if (first < 0)
                    first = h;
            }
        return first;
    }
    if (sf__sh_apt(&apt, a, c) && apt.sub) {
        if (strcmp(apt.sub, "purge") == 0 || strcmp(apt.sub, "remove") == 0) {
            *is_cleanup = true;
            for (uint32_t k = 0; k < apt.npkgs; k++)
                if (arg_static(c, apt.pkgs[k]) &&
                    (h = removes_pkg(s, K_APT, pkg_name(a, c->argv[apt.pkgs[k]].value), now)) >= 0) {
                    s->v[h].gone = true;
                    if (first < 0)
                        first = h;
                }
            return first;
        }
        if (strcmp(apt.sub, "autoremove") == 0 || strcmp(apt.sub, "clean") == 0 ||
            strcmp(apt.sub, "autoclean") == 0) {
            bool own = false;
            *is_cleanup = true;
            h = removes_pkg(s, K_APT_ANY, "apt", now);
            for (uint32_t i = 0; i < s->n; i++)
                if (s->v[i].kind == K_APT_ANY && s->v[i].insn <= now) {
                    own |= s->v[i].insn == now && !s->v[i].gone;
                    s->v[i].gone = true;
                }
            return own ? -1 : h;
        }
        return -1;
    }
    if (sf__sh_pip(&pip, a, c) && pip.sub) {
        if (strcmp(pip.sub, "uninstall") == 0) {
            *is_cleanup = true;
            for (uint32_t k = 0; k < pip.npkgs; k++)
                if (arg_static(c, pip.pkgs[k]) &&
                    (h = removes_pkg(s, K_PIP, pkg_name(a, c->argv[pip.pkgs[k]].value), now)) >= 0) {
                    s->v[h].gone = true;
                    if (first < 0)
                        first = h;
                }
            return first;
        }
        if (strcmp(pip.sub, "cache") == 0 && pip.sub2 && (strcmp(pip.sub2, "purge") == 0 || strcmp(pip.sub2, "remove") == 0)) {
            bool own = false;
            *is_cleanup = true;
            h = removes_pkg(s, K_CACHE_PIP, "/root/.cache/pip", now);
            for (uint32_t i = 0; i < s->n; i++)
                if (s->v[i].kind == K_CACHE_PIP && s->v[i].insn <= now) {
                    own |= s->v[i].insn == now && !s->v[i].gone;
                    s->v[i].gone = true;
                }
            return own ? -1 : h;
        }
    }
    return -1;
}


/* Is every command of RUN r an rm? */
static bool only_rm(struct sf_check *ck, const struct sf_insn *r)
{
    const sf__sh *sh = sf__check_shell(ck, r);

    if (!sh)
        return false;
    for (uint32_t i = 0; i < sh->ncmds; i++)
        if (!sf__sh_cmd_is(&sh->cmds[i], "rm"))
            return false;
    return true;
}

/* Start of the comment block directly above insn (or its own line start). */
static uint32_t block_start(const struct sf_doc *doc, const struct sf_insn *insn)
{
    uint32_t li = sf__source_line_index(&doc->src, insn->span.start);
    const char *t = doc->src.text;

    while (li > 0) {
        uint32_t s = doc->src.lines[li - 1], e = doc->src.lines[li];
        while (s < e && sf__is_space(t[s]))
            s++;
        if (s >= e || t[s] != '#' || doc->src.lines[li - 1] < insn->lead.start)
            break;
        li--;
    }
    return doc->src.lines[li];
}

/* Offer the fix: append R's whole script to creator C, delete R. */
static void offer_fix(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *c, const struct sf_insn *r)
{
    const struct sf_doc *doc = ck->doc;
    sf__merge_part pc, pr;
    sf_buf text = SF_BUF_INIT;
    uint32_t del_start, del_end;
    const char *t = doc->src.text;
    bool brace, ok, env_between = false;

    if (!sf__only_metadata_between(doc, c->index, r->index))
        return;
    for (uint32_t i = c->index + 1; i < r->index; i++) {
        const struct sf_insn *x = &doc->insns[i];
        /* moved before an ENV/ARG, a package manager would run without that variable
         * (DEBIAN_FRONTEND, PIP_*, proxies); plain rm does not read the environment */
        if ((x->kind == SF_INSN_ENV || x->kind == SF_INSN_ARG) && !only_rm(ck, r))
            return;
        env_between |= x->kind == SF_INSN_ENV || x->kind == SF_INSN_ARG;
    }
    if (r->nflags || c->nflags) {
        /* the cleanup would run with the creator's mounts/network: only when both have none */
        return;
    }
    sf__merge_analyze(&pc, ck, c, false);
    sf__merge_analyze(&pr, ck, r, true);
    if (pc.wrap == SF_MERGE_NO || pr.wrap == SF_MERGE_NO || pr.exec_text || pc.exec_text || pc.last_only)
        return;
    if (sf__has_variable(t + pr.text_start, pr.text_end - pr.text_start) ||
        memchr(t + pr.text_start, doc->escape, pr.text_end - pr.text_start))
        return; /* a moved text must not change meaning with the environment or span lines */
    if (env_between && memchr(t + pr.text_start, '~', pr.text_end - pr.text_start))
        return; /* `~` is $HOME, which an ENV/ARG between them may set */
    /* `C && rm x || true` would run `true` when C fails: group anything but one pipeline */
    brace = pr.wrap == SF_MERGE_BRACE || pr.has_or;
    if (brace)
        sf__buf_puts(&text, "{ ");
    sf__buf_put(&text, t + pr.text_start, pr.text_end - pr.text_start);
    if (brace)
        sf__buf_puts(&text, pr.ends_with_semi ? " }" : "; }");
    sf__fix_begin(ck, f, SF_FIX_SAFE, "move the cleanup into the RUN that created what it removes");
    ok = sf__merge_append_edits(ck, f, &pc, text.ptr ? text.ptr : "");
    sf_buf_dispose(&text);
    if (!ok) {
        sf__fix_cancel(f);
        return;
    }
    /* delete R with its comment block, through its line terminator */
    del_start = block_start(doc, r);
    del_end = sf__source_line_end(&doc->src, r->span.end);
    if (del_end < doc->src.len)
        del_end += doc->src.text[del_end] == '\r' ? 2 : 1;
    if (del_end > doc->src.len)
        del_end = doc->src.len;
    sf__fix_edit(ck, f, del_start, del_end, "", 0);
}

static void check_stage(struct sf_check *ck, uint32_t st)
{
    const struct sf_doc *doc = ck->doc;
    state s;
    uint32_t first, end;
    bool pip_env = false;

    memset(&s, 0, sizeof(s));
    s.a = sf__check_arena(ck);
    sf__stage_bounds(doc, st, &first, &end);
    for (uint32_t i = first; i < end; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (insn->kind == SF_INSN_ENV)
            for (uint32_t k = 0; k + 1 < insn->nargs; k += 3)
                if (strcmp(insn->args[k].text.ptr, "PIP_NO_CACHE_DIR") == 0)
                    pip_env = true;
        if ((insn->kind == SF_INSN_COPY || insn->kind == SF_INSN_ADD) && insn->nargs >= 2) {
            const char *dest = insn->args[insn->nargs - 1].text.ptr;
            const char *p = sf__resolve_at(s.a, doc, insn, dest);
            bool whole = false;
            for (uint32_t k = 0; k + 1 < insn->nargs; k++)
                if (sf__path_is_whole_context(insn->args[k].text.ptr) ||
                    insn->args[k].text.ptr[insn->args[k].text.len ? insn->args[k].text.len - 1 : 0] == '/')
                    whole = true;
            if (p && !system_dir(p))
                add(&s, whole ? K_DIR : K_WEAK_DIR, p, i);
            else if (p && insn->nargs == 2) {
                const char *src = insn->args[0].text.ptr, *b = strrchr(src, '/');
                if (!sf__has_glob(src) && (b ? b[1] : src[0]))
                    add(&s, K_PATH, sf__path_clean(s.a, sf__arena_printf(s.a, "%s/%s", p, b ? b + 1 : src)), i);
            }
            continue;
        }
        if (insn->kind != SF_INSN_RUN)
            continue;
        for (const sf__sh *sh = sf__check_shell(ck, insn); sh; sh = sh->next) {
            const char *cwd = NULL;
            int creator = -1;
            bool only_cleanup = sh->ncmds > 0, mixed_creators = false;
            uint32_t hit_start = UINT32_MAX, hit_end = 0, nhits = 0;
            char names[512];
            size_t used = 0;
            names[0] = '\0';
            for (uint32_t k = 0; k < sh->ncmds; k++) {
                const sf__sh_cmdinfo *c = &sh->cmds[k];
                bool is_cleanup;
                int h = cleanup_hit(ck, &s, insn, c, cwd, &is_cleanup);
                /* `|| true` and `:` change nothing: a cleanup RUN may still hold them */
                if (!is_cleanup && (sf__sh_cmd_is(c, "true") || sf__sh_cmd_is(c, ":")) && c->argc == c->name_idx + 1)
                    continue;
                if (!is_cleanup) {
                    only_cleanup = false;
                    note_adds(ck, &s, insn, c, cwd, pip_env);
                }
                if (c->name && (strcmp(c->name, "cd") == 0 || strcmp(c->name, "pushd") == 0))
                    cwd = follow_cd(ck, insn, c, cwd);
                if (h < 0)
                    continue;
                if (creator < 0)
                    creator = (int)s.v[h].insn;
                else if ((uint32_t)creator != s.v[h].insn)
                    mixed_creators = true;
                if (sf__sh_src_offset(sh, c->cmd->span.start) < hit_start)
                    hit_start = sf__sh_src_offset(sh, c->cmd->span.start);
                hit_end = sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1;
                nhits++;
                if (used + 80 < sizeof names) {
                    uint32_t len = c->cmd->span.end - c->cmd->span.start;
                    used += (size_t)snprintf(names + used, sizeof names - used, "%s`%.*s%s`",
                                             nhits > 1 ? ", " : "", (int)(len > 48 ? 48 : len),
                                             sh->text + c->cmd->span.start, len > 48 ? "..." : "");
                }
            }
            if (nhits) {
                const struct sf_insn *cr = &doc->insns[creator];
                struct sf_finding *f = sf__report(
                    ck, insn, hit_start, hit_end,
                    "%s removes what an earlier layer added (line %u: %s); the bytes stay in that layer",
                    names, cr->range.start.line, sf__insn_kind_name(cr->kind));
                if (f && only_cleanup && !mixed_creators && cr->kind == SF_INSN_RUN && sh == sf__check_shell(ck, insn) &&
                    !sh->next)
                    offer_fix(ck, f, cr, insn);
            }
        }
    }
}

static void check(struct sf_check *ck)
{
    for (uint32_t st = 0; st < ck->doc->nstages; st++)
        check_stage(ck, st);
}

const struct sf_rule sf_rule_cleanup_in_separate_layer = {
    "cleanup-in-separate-layer",
    SF_SEV_WARNING,
    "A RUN deletes what an earlier layer added; the image does not shrink",
    "# cleanup-in-separate-layer\n"
    "\n"
    "Layers only add. A file deleted in a later layer is hidden by a whiteout but still stored\n"
    "and downloaded with the layer that created it, so cleaning up in a separate RUN saves\n"
    "nothing (and adds a layer). The rule tracks, stage by stage, what each instruction adds and\n"
    "reports a RUN that removes it again:\n"
    "\n"
    "- `rm` of a path an earlier instruction wrote: a COPY/ADD destination, a download target\n"
    "  (`wget -O`, `curl -o`), a `git clone`, `cp`/`mv`, `mkdir`, `tar -C`, `unzip -d` or `>`\n"
    "  redirection target; and of package-manager caches an earlier RUN left (`/var/cache/apk`,\n"
    "  `/var/lib/apt/lists`, the pip cache);\n"
    "- `apk del`, `apt-get purge`/`remove` of packages an earlier RUN installed, `apt-get\n"
    "  autoremove`/`clean` after an earlier install, `pip uninstall` of earlier installs,\n"
    "  `pip cache purge` after an earlier install that kept its cache.\n"
    "\n"
    "Relative paths are resolved through WORKDIR; a path is not guessed when a variable or an\n"
    "earlier `cd` makes it unknown. Cleanup of something created in the same RUN is what you\n"
    "want and is never reported.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt\n"
    "RUN rm -rf /tmp/tool.tgz\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt \\\n"
    "    && rm -rf /tmp/tool.tgz\n"
    "```\n"
    "\n"
    "## Fix (safe)\n"
    "\n"
    "The cleanup RUN is moved into the RUN that created what it removes (`&& cleanup`, on a\n"
    "continuation line when that RUN spans several lines), and the cleanup RUN is deleted. It is\n"
    "offered only when the final filesystem cannot change: the cleanup RUN holds nothing but\n"
    "cleanup, everything it removes comes from that one earlier RUN, only metadata instructions\n"
    "(LABEL, ENV, ARG, EXPOSE, CMD, ...; ENV and ARG only when the cleanup is plain `rm`) stand\n"
    "between them, neither RUN has flags, the creating RUN does not set errexit, and the\n"
    "cleanup text uses no variables (nor `~` when an ENV or ARG stands between them).\n"
    "State the creating RUN leaves behind (`cd`, `export`, ...)\n"
    "is isolated in a subshell so the cleanup runs where it ran before. When the removed files\n"
    "came from a COPY or ADD, there is no fix: copy less instead (`.dockerignore`, a narrower\n"
    "source, or a build stage).\n",
    0,
    SF_FIX_SAFE,
    NULL,
    NULL,
    check,
};
