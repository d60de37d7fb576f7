/* chmod-after-copy: a RUN changes mode or owner of files an earlier COPY/ADD wrote, so every
 * touched file is stored again in a new layer. */
#include "rule.h"

#include "ascii.h"
#include "buf.h"

/* What one COPY/ADD wrote. */
typedef struct write {
    const struct sf_insn *insn;
    const char *dest;      /* resolved absolute destination */
    bool dir;              /* contents land under dest (directory destination or source) */
    bool single_file;      /* one regular-file source from the context, explicit file destination */
} write;

/* Is `want` an entry of the context listing? The listing is sorted (sf_context says so), so
 * this is a binary search: a COPY per instruction over a huge context stays cheap. */
static bool listed(const sf_context *ctx, const char *want)
{
    size_t lo = 0, hi;

    if (!ctx || !ctx->paths)
        return false;
    hi = ctx->n_paths;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ctx->paths[mid], want);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool listed_dir(sf__arena *a, const sf_context *ctx, const char *p)
{
    return listed(ctx, sf__arena_printf(a, "%s/", p));
}

static bool listed_file(const sf_context *ctx, const char *p)
{
    return ctx && !ctx->paths_truncated && listed(ctx, p);
}

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');

    return s ? s + 1 : p;
}

static bool note_write(struct sf_check *ck, const struct sf_insn *insn, write *w)
{
    sf__arena *a = sf__check_arena(ck);
    const char *dest;
    size_t dl;
    uint32_t nsrc = sf__copy_nsrc(insn);

    memset(w, 0, sizeof(*w));
    if (insn->nargs < 2)
        return false;
    dest = insn->args[insn->nargs - 1].text.ptr;
    w->insn = insn;
    w->dest = sf__resolve_at(a, ck->doc, insn, dest);
    if (!w->dest)
        return false;
    dl = strlen(dest);
    w->dir = (dl && dest[dl - 1] == '/') || nsrc > 1 || strcmp(dest, ".") == 0;
    for (uint32_t s = 0; s < nsrc; s++) {
        const char *src = insn->args[s].text.ptr;
        char *cp;
        if (sf__copy_src_is_heredoc(insn, s))
            continue;
        if (sf__has_glob(src) || sf__path_is_whole_context(src))
            w->dir = true;
        cp = sf__ctx_path(a, src);
        if (cp && listed_dir(a, ck->ctx, cp))
            w->dir = true;
    }
    if (nsrc == 1 && insn->kind == SF_INSN_COPY && !sf__insn_flag(insn, "from") &&
        !sf__copy_src_is_heredoc(insn, 0)) {
        char *cp = sf__ctx_path(a, insn->args[0].text.ptr);
        bool file = cp && *cp && !sf__has_glob(cp) && listed_file(ck->ctx, cp);
        if (file && w->dir && dl && dest[dl - 1] == '/') {
            /* `COPY f /dir/` writes exactly /dir/f */
            w->dest = sf__path_clean(a, sf__arena_printf(a, "%s/%s", w->dest, base_of(cp)));
            w->dir = false;
        }
        if (!w->dir)
            w->single_file = file && w->dest && strcmp(base_of(cp), base_of(w->dest)) == 0;
    }
    return w->dest != NULL;
}

/* Does changing `p` (recursively when rec) touch what w wrote? */
static bool touches(const write *w, const char *p, bool rec)
{
    if (strcmp(p, w->dest) == 0)
        return rec || !w->dir; /* the directory entry alone is a few bytes of metadata */
    if (w->dir && sf__path_under(p, w->dest))
        return true;
    return rec && sf__path_under(w->dest, p) && strcmp(p, "/") != 0;
}

static bool octal_mode(const char *m)
{
    size_t n = strlen(m);

    return n >= 1 && n <= 4 && strspn(m, "01234567") == n;
}

/* Options that change nothing for one regular file (-R, -f, -v, -h, ...): no --from (chown
 * only files owned so), no --reference, nothing unknown. */
static bool plain_opts(const sf__sh_opts *o)
{
    for (uint32_t i = 0; i < o->nopts; i++)
        if (o->opts[i].unknown || strcmp(o->opts[i].name, "from") == 0 ||
            strcmp(o->opts[i].name, "reference") == 0)
            return false;
    return true;
}

/* The --chown value doing what `chown spec` does to a file the COPY made (owner 0:0), or NULL.
 * `chown u` keeps the group (0) where `--chown=u` would take u's primary group; `u:` (login
 * group) and `:g` (user kept) have no --chown equivalent; `u.g` is chown's old separator,
 * which --chown reads as a user name. */
/* Is every part of a chown spec (user[:group]) a number or `root`? */
static bool numeric_owner(const char *spec)
{
    while (*spec) {
        size_t n = strcspn(spec, ":.");
        bool num = n > 0 && strspn(spec, "0123456789") == n;
        if (!num && !(n == 4 && strncmp(spec, "root", 4) == 0))
            return false;
        spec += n;
        if (*spec)
            spec++;
    }
    return true;
}

static const char *chown_value(sf__arena *a, const char *spec)
{
    const char *colon = strchr(spec, ':');

    if (!*spec || spec[0] == ':')
        return NULL;
    if (!colon)
        return strchr(spec, '.') ? NULL : sf__arena_printf(a, "%s:0", spec);
    if (colon[1] == '\0' || strchr(colon + 1, ':'))
        return NULL;
    return spec;
}

/* Directories certainly present before the COPY, so it creates no parent whose mode/owner
 * depends on the BuildKit version. */
static bool parent_exists(struct sf_check *ck, const write *w)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const char *slash = strrchr(w->dest, '/');
    char *parent;
    const sf__stage *st = &doc->stages[w->insn->stage];
    static const char *const fhs[] = {"/bin", "/etc", "/home", "/opt", "/root", "/srv", "/tmp", "/usr",
                                      "/usr/bin", "/usr/local", "/usr/local/bin", "/usr/share", "/var"};

    if (!slash)
        return false;
    parent = sf__arena_strndup(a, w->dest, slash == w->dest ? 1 : (size_t)(slash - w->dest));
    if (!parent)
        return false;
    if (strcmp(parent, "/") == 0)
        return true;
    if (!(st->image.ptr && strcmp(st->image.ptr, "scratch") == 0) && st->base_stage < 0)
        for (size_t i = 0; i < SF_ARRAY_LEN(fhs); i++)
            if (strcmp(parent, fhs[i]) == 0)
                return true;
    /* a WORKDIR earlier in the stage created it (or a directory below it) */
    for (uint32_t i = st->from + 1; i < w->insn->index; i++) {
        const struct sf_insn *x = &doc->insns[i];
        if (x->kind == SF_INSN_WORKDIR && x->nargs) {
            const char *wd = sf__resolve_at(a, doc, x, x->args[0].text.ptr);
            if (wd && sf__path_under(wd, parent))
                return true;
        }
    }
    return false;
}

/* Paths a command writes itself (download targets, touch, cp/mv/ln destinations, mkdir,
 * extraction directories, output redirections); appended to *out. */
static void note_created(struct sf_check *ck, const struct sf_insn *insn, const sf__sh_cmdinfo *c,
                         bool cwd_moved, const char ***out, uint32_t *n, uint32_t *cap)
{
    sf__arena *a = sf__check_arena(ck);
    const char *cand[8];
    uint32_t nc = 0;
    sf__sh_fileop fo;

    if (sf__sh_mkdir(&fo, a, c)) {
        for (uint32_t k = 0; k < fo.npaths && nc < 8; k++)
            if (!c->argv[fo.paths[k]].dynamic)
                cand[nc++] = c->argv[fo.paths[k]].value;
    } else if (c->name) {
        for (uint32_t k = c->name_idx + 1; k + 1 < c->argc && nc < 8; k++) {
            const char *v = c->argv[k].value;
            if (c->argv[k].dynamic || c->argv[k + 1].dynamic)
                continue;
            if ((strcmp(c->name, "wget") == 0 && (strcmp(v, "-O") == 0 || strcmp(v, "--output-document") == 0)) ||
                (strcmp(c->name, "curl") == 0 && (strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0)) ||
                (strcmp(c->name, "unzip") == 0 && strcmp(v, "-d") == 0) ||
                (strcmp(c->name, "tar") == 0 && (strcmp(v, "-C") == 0 || strcmp(v, "--directory") == 0)))
                cand[nc++] = c->argv[k + 1].value;
        }
        if (strcmp(c->name, "touch") == 0 || strcmp(c->name, "install") == 0) {
            for (uint32_t k = c->name_idx + 1; k < c->argc && nc < 8; k++)
                if (!c->argv[k].dynamic && c->argv[k].value[0] != '-')
                    cand[nc++] = c->argv[k].value;
        } else if ((strcmp(c->name, "cp") == 0 || strcmp(c->name, "mv") == 0 || strcmp(c->name, "ln") == 0 ||
                    strcmp(c->name, "git") == 0 || strcmp(c->name, "go") == 0) &&
                   c->argc > c->name_idx + 2 && !c->argv[c->argc - 1].dynamic && nc < 8) {
            cand[nc++] = c->argv[c->argc - 1].value;
        }
    }
    for (const sf__sh_redir *r = c->cmd->redirs; r && nc < 8; r = r->next)
        if ((r->kind == SF_SH_R_OUT || r->kind == SF_SH_R_APPEND || r->kind == SF_SH_R_CLOBBER) && r->target &&
            !(r->target->flags & SF_SH_W_DYNAMIC))
            cand[nc++] = r->target->value;
    for (uint32_t i = 0; i < nc; i++) {
        const char *p;
        if (cand[i][0] != '/' && cwd_moved)
            continue;
        p = sf__resolve_at(a, ck->doc, insn, cand[i]);
        if (!p || strcmp(p, "/") == 0)
            continue;
        if (*n == *cap) {
            uint32_t nc2 = *cap ? *cap * 2 : 16;
            const char **v = sf__arena_grow(a, (void *)*out, *n, nc2, sizeof(**out));
            if (!v)
                return;
            *out = v;
            *cap = nc2;
        }
        (*out)[(*n)++] = p;
    }
}

/* Did a RUN of the stage (or this RUN, earlier) write `p` or a directory holding it? */
static bool created(const char *const *v, uint32_t n, const char *p)
{
    for (uint32_t i = 0; i < n; i++)
        if (sf__path_under(p, v[i]))
            return true;
    return false;
}

typedef struct hit {
    const sf__sh_cmdinfo *c;
    const write *w;
    bool chmod;            /* else chown/chgrp */
    bool rec;
    const char *spec;      /* mode or owner */
    bool fold;             /* this command can become a COPY flag */
} hit;

typedef struct made {
    const char **v;        /* resolved paths RUNs of the stage wrote themselves */
    uint32_t n, cap;
} made;

static void check_run(struct sf_check *ck, const struct sf_insn *insn, const write *ws, uint32_t nw, made *m)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    hit hits[16];
    uint32_t nh = 0, start = UINT32_MAX, end = 0, line = 0;
    bool cwd_moved = false, all_fold = true;
    char names[512];
    size_t used = 0;
    struct sf_finding *f;

    if (!sh)
        return;
    names[0] = '\0';
    for (uint32_t k = 0; k < sh->ncmds && nh < 16; k++) {
        const sf__sh_cmdinfo *c = &sh->cmds[k];
        sf__sh_fileop fo;
        bool is_chmod = false, matched = false;
        note_created(ck, insn, c, cwd_moved, &m->v, &m->n, &m->cap);
        if (c->name && (strcmp(c->name, "cd") == 0 || strcmp(c->name, "pushd") == 0))
            cwd_moved = true;
        if (sf__sh_chmod(&fo, a, c))
            is_chmod = true;
        else if (!sf__sh_chown(&fo, a, c))
            continue;
        for (uint32_t p = 0; p < fo.npaths && !matched; p++) {
            const sf__sh_arg *arg = &c->argv[fo.paths[p]];
            const char *path;
            if (arg->dynamic || (arg->value[0] != '/' && cwd_moved))
                continue;
            path = sf__resolve_at(a, doc, insn, arg->value);
            if (!path || created(m->v, m->n, path))
                continue;
            for (uint32_t i = nw; i-- > 0 && !matched;)
                if (touches(&ws[i], path, fo.recursive)) {
                    hit *h = &hits[nh++];
                    matched = true;
                    h->c = c;
                    h->w = &ws[i];
                    h->chmod = is_chmod;
                    h->rec = fo.recursive;
                    h->spec = fo.spec_idx >= 0 && !c->argv[fo.spec_idx].dynamic ? c->argv[fo.spec_idx].value : NULL;
                    h->fold = fo.npaths == 1 && h->spec && strcmp(path, ws[i].dest) == 0 && (c->ctx & ~(unsigned)SF_SH_CTX_ANDOR) == 0 &&
                              c->name_idx == 0 && !c->cmd->redirs && !c->cmd->assigns &&
                              (strcmp(c->name, "chgrp") != 0) && (!is_chmod || octal_mode(h->spec)) &&
                              !fo.opts.dynamic && plain_opts(&fo.opts);
                    line = ws[i].insn->range.start.line;
                }
        }
        if (!matched)
            continue;
        {
            uint32_t s0 = sf__sh_src_offset(sh, c->cmd->span.start);
            uint32_t e0 = sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1;
            uint32_t len = c->cmd->span.end - c->cmd->span.start;
            if (s0 < start)
                start = s0;
            if (e0 > end)
                end = e0;
            if (used + 80 < sizeof names)
                used += (size_t)snprintf(names + used, sizeof names - used, "%s`%.*s%s`", nh > 1 ? ", " : "",
                                         (int)(len > 48 ? 48 : len), sh->text + c->cmd->span.start,
                                         len > 48 ? "..." : "");
        }
    }
    if (!nh)
        return;
    f = sf__report(ck, insn, start, end,
                   "%s %s files that %s at line %u wrote: each touched file is stored again in a new "
                   "layer; set it in the %s with --chmod/--chown",
                   names, nh > 1 ? "change" : "changes", sf__insn_kind_name(hits[0].w->insn->kind), line,
                   sf__insn_kind_name(hits[0].w->insn->kind));
    if (!f)
        return;
    /* the fix: every command of the RUN is a foldable chmod/chown of the same COPY */
    if (sh->next || sh->ndiags || sh->truncated || sh->root->nitems != 1 || insn->nflags || insn->nheredocs ||
        sh->trailing_comment.end > sh->trailing_comment.start || sh->ncmds != nh)
        return;
    for (uint32_t i = 0; i < nh; i++) {
        if (!hits[i].fold || hits[i].w != hits[0].w)
            all_fold = false;
        for (uint32_t j = 0; j < i; j++)
            if (hits[j].chmod == hits[i].chmod)
                all_fold = false; /* two chmods (or chowns): keep it simple */
    }
    if (!all_fold || hits[0].w->insn->kind != SF_INSN_COPY || sf__insn_flag(hits[0].w->insn, "link") ||
        !sf__only_metadata_between(doc, hits[0].w->insn->index, insn->index))
        return;
    {
        const write *w = hits[0].w;
        bool safe = w->single_file && parent_exists(ck, w);
        uint32_t ds, de;
        sf_buf b = SF_BUF_INIT;
        /* the and-or list must be pure && */
        for (const sf__sh_pipeline *p = sh->root->items->pipes; p; p = p->next)
            if ((p != sh->root->items->pipes && p->op != SF_SH_AO_AND) || p->bang || p->ncmds != 1)
                return;
        for (uint32_t i = 0; i < nh; i++)
            if ((hits[i].chmod && sf__insn_flag(w->insn, "chmod")) || (!hits[i].chmod && sf__insn_flag(w->insn, "chown")))
                return;
        for (uint32_t i = 0; i < nh; i++) {
            /* chown clears setuid/setgid: a mode set before it does not survive */
            if (!hits[i].chmod && (sf__insn_flag(w->insn, "chmod") ||
                                   (i > 0 && hits[0].chmod && (strtoul(hits[0].spec, NULL, 8) & 06000))))
                return;
            if (!hits[i].chmod && !chown_value(a, hits[i].spec))
                return;
        }
        /* a user or group *name*: chown fails the build when it does not exist, while --chown
         * silently falls back to 0 (BuildKit's lookup); only numeric ids and root are exact */
        for (uint32_t i = 0; i < nh; i++)
            if (!hits[i].chmod && !numeric_owner(hits[i].spec))
                safe = false;
        for (uint32_t i = 0; i < nh; i++) {
            sf__buf_puts(&b, hits[i].chmod ? " --chmod=" : " --chown=");
            sf__buf_puts(&b, hits[i].chmod ? hits[i].spec : chown_value(a, hits[i].spec));
        }
        sf__fix_begin(ck, f, safe ? SF_FIX_SAFE : SF_FIX_UNSAFE,
                      "set the mode/owner in the COPY and drop the RUN");
        sf__fix_edit(ck, f, w->insn->kw.end, w->insn->kw.end, b.ptr, b.size);
        sf_buf_dispose(&b);
        sf__insn_delete_range(doc, insn, &ds, &de);
        sf__fix_edit(ck, f, ds, de, "", 0);
    }
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);

    for (uint32_t st = 0; st < doc->nstages; st++) {
        uint32_t first, end, nw = 0;
        write *ws;
        made m = {NULL, 0, 0};
        sf__stage_bounds(doc, st, &first, &end);
        ws = sf__arena_alloc(a, (end - first + 1) * sizeof(*ws));
        if (!ws)
            return;
        for (uint32_t i = first; i < end; i++) {
            const struct sf_insn *insn = &doc->insns[i];
            if ((insn->kind == SF_INSN_COPY || insn->kind == SF_INSN_ADD) && note_write(ck, insn, &ws[nw])) {
                /* what the COPY wrote replaces what RUNs made there before */
                uint32_t keep = 0;
                for (uint32_t k = 0; k < m.n; k++)
                    if (!sf__path_under(m.v[k], ws[nw].dest))
                        m.v[keep++] = m.v[k];
                m.n = keep;
                nw++;
            } else if (insn->kind == SF_INSN_RUN && nw) {
                check_run(ck, insn, ws, nw, &m);
            }
        }
    }
}

const struct sf_rule sf_rule_chmod_after_copy = {
    "chmod-after-copy",
    SF_SEV_WARNING,
    "chmod/chown in a RUN after COPY stores the copied files twice",
    "# chmod-after-copy\n"
    "\n"
    "A layer records whole files. When a RUN changes the mode or owner of files an earlier COPY\n"
    "or ADD wrote, every touched file is stored again, in full, in the RUN's layer: `COPY . /app`\n"
    "followed by `RUN chmod -R 755 /app` doubles the size of the application in the image (a\n"
    "60 GB image from `chmod -R` has been reported). COPY and ADD can set both at copy time with\n"
    "`--chmod` and `--chown`.\n"
    "\n"
    "The rule follows, stage by stage, what each COPY/ADD wrote (destinations resolved through\n"
    "WORKDIR, directory sources from the build-context listing) and reports a RUN whose `chmod`,\n"
    "`chown` or `chgrp` touches it: the destination itself, a path below a copied directory, or,\n"
    "with `-R`, a directory containing it. Files the RUNs created themselves are not this rule's\n"
    "business. Paths after a `cd` in the same RUN, or with variables, are not guessed.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "COPY entrypoint.sh /usr/local/bin/entrypoint.sh\n"
    "RUN chmod 755 /usr/local/bin/entrypoint.sh\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "COPY --chmod=755 entrypoint.sh /usr/local/bin/entrypoint.sh\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "The chmod/chown is folded into the COPY (`--chmod=MODE`, `--chown=OWNER`) and the RUN is\n"
    "removed, only when the RUN holds nothing else (an `&&` chain of one chmod and/or one chown),\n"
    "targets exactly the COPY's destination, uses an octal mode, and only metadata instructions\n"
    "stand between them. `chown u` becomes `--chown=u:0` (chown keeps the group, `--chown=u` would\n"
    "take u's primary group); `chown u:`, `chown :g`, `chown u.g` and `chown --from=...` get no fix,\n"
    "nor does a chown that would clear a setuid/setgid mode set before it.\n"
    "It is **safe** when the COPY copies one regular file to an explicit file\n"
    "path and the destination's parent directory already exists (`/`, a standard directory of a\n"
    "non-scratch base, or one a WORKDIR created): then exactly one file gets the mode and owner,\n"
    "as with the RUN, provided the owner is numeric or `root` (a user *name* that does not exist\n"
    "fails `chown` but silently becomes 0 with `--chown`, so a name makes the fix unsafe).\n"
    "Otherwise it is **unsafe**: for a directory, `--chmod` applies to every\n"
    "copied file *and* directory but not to a pre-existing destination directory, and BuildKit\n"
    "(since v0.21) also applies an octal `--chmod` to parent directories the COPY creates, which\n"
    "older BuildKit and buildah do not. Symbolic modes (`u+x`) get no fix: their result depends\n"
    "on the file's current mode. COPY with `--link` gets no `--chown` (names cannot be resolved).\n",
    0,
    SF_FIX_SAFE,
    NULL,
    NULL,
    check,
};
