/* missing-multi-stage: the final stage builds software and keeps the toolchain. */
#include "rule.h"

#include "ascii.h"

/* Repository name of an image reference, without registry host, tag or digest, lower-case:
 * "docker.io/library/golang:1.22-alpine" -> "golang"; keeps "dotnet/sdk" style paths. */
static const char *repo_of(sf__arena *a, const char *img, const char **tag)
{
    const char *s = img, *slash = strchr(s, '/'), *colon, *at;
    size_t n;

    /* a first component with '.' or ':' or "localhost" is a registry host */
    if (slash && (memchr(s, '.', (size_t)(slash - s)) || memchr(s, ':', (size_t)(slash - s)) ||
                  (slash - s == 9 && strncmp(s, "localhost", 9) == 0)))
        s = slash + 1;
    if (strncmp(s, "library/", 8) == 0)
        s += 8;
    at = strchr(s, '@');
    n = at ? (size_t)(at - s) : strlen(s);
    colon = memchr(s, ':', n);
    if (colon && !memchr(colon, '/', n - (size_t)(colon - s))) {
        *tag = colon + 1;
        n = (size_t)(colon - s);
    } else {
        *tag = "";
    }
    return sf__arena_strndup(a, s, n);
}

/* Is the image a build toolchain? Returns a short description or NULL. */
static const char *toolchain_image(sf__arena *a, const char *img)
{
    const char *tag, *repo = repo_of(a, img, &tag);
    const char *base = strrchr(repo, '/');
    static const char *const always[] = {"golang", "rust", "gcc", "maven", "gradle", "buildpack-deps",
                                         "swift", "haskell", "clang", "openjdk", "amazoncorretto",
                                         "sbt", "scala-sbt", "mono", "crystallang/crystal"};

    if (!repo)
        return NULL;
    base = base ? base + 1 : repo;
    if (strcmp(repo, "dotnet/sdk") == 0 || strcmp(repo, "dotnet/core/sdk") == 0)
        return "a .NET SDK image";
    for (size_t i = 0; i < SF_ARRAY_LEN(always); i++)
        if (strcmp(base, always[i]) == 0 || strcmp(repo, always[i]) == 0) {
            /* openjdk/amazoncorretto tags with "jre" are runtimes */
            if ((strcmp(base, "openjdk") == 0 || strcmp(base, "amazoncorretto") == 0) && strstr(tag, "jre"))
                return NULL;
            return sf__arena_printf(a, "the toolchain image `%s`", img);
        }
    if ((strcmp(base, "eclipse-temurin") == 0 || strcmp(base, "ibmjava") == 0 || strcmp(base, "sapmachine") == 0) &&
        strstr(tag, "jdk"))
        return sf__arena_printf(a, "the JDK image `%s`", img);
    return NULL;
}

/* A package that is a compiler, build tool or development header set. */
static bool build_package(const char *p)
{
    static const char *const names[] = {"gcc", "g++", "make", "build-base", "build-essential", "musl-dev",
                                        "libc-dev", "libc6-dev", "linux-headers", "go", "golang", "cargo",
                                        "rust", "rustc", "clang", "llvm", "cmake", "autoconf", "automake",
                                        "libtool", "maven", "gradle", "default-jdk", "default-jdk-headless",
                                        "g++-multilib", "gfortran", "meson", "ninja", "ninja-build"};
    size_t n = strlen(p);

    for (size_t i = 0; i < SF_ARRAY_LEN(names); i++)
        if (strcmp(p, names[i]) == 0)
            return true;
    if (n > 4 && strcmp(p + n - 4, "-dev") == 0)
        return true;
    if (n > 6 && strcmp(p + n - 6, "-devel") == 0)
        return true;
    if (strncmp(p, "openjdk", 7) == 0 && strstr(p, "jdk") && strstr(p + 7, "jdk"))
        return true;
    if (strncmp(p, "golang-", 7) == 0 || strncmp(p, "gcc-", 4) == 0 || strncmp(p, "g++-", 4) == 0)
        return true;
    return false;
}

static const char *strip_version(sf__arena *a, const char *s)
{
    size_t n = 0;

    while (s[n] && !strchr("=<>~", s[n]))
        n++;
    return sf__arena_strndup(a, s, n);
}

typedef struct pkgs {
    const char *name[64];
    const char *group[64];  /* apk --virtual group, or NULL */
    uint32_t line[64];
    bool removed[64];
    uint32_t n;
} pkgs;

/* Collect build packages a RUN installs and leaves installed (removal in the same RUN counts). */
static void scan_run(struct sf_check *ck, const struct sf_insn *insn, pkgs *out)
{
    sf__arena *a = sf__check_arena(ck);
    uint32_t mark = out->n;
    bool marked_auto = false;

    for (const sf__sh *sh = sf__check_shell(ck, insn); sh; sh = sh->next)
        for (uint32_t k = 0; k < sh->ncmds; k++) {
            const sf__sh_cmdinfo *c = &sh->cmds[k];
            sf__sh_apk_info apk;
            sf__sh_apt_info apt;
            /* the docker-library idiom: `apt-mark auto '.*'` then `apt-get purge --auto-remove`
             * (or autoremove) removes every package installed since `apt-mark showmanual` */
            if (c->name && strcmp(c->name, "apt-mark") == 0 && sf__sh_arg_is(c, c->name_idx + 1, "auto")) {
                marked_auto = true;
                continue;
            }
            if (marked_auto && sf__sh_apt(&apt, a, c) && apt.sub &&
                (strcmp(apt.sub, "autoremove") == 0 ||
                 ((strcmp(apt.sub, "purge") == 0 || strcmp(apt.sub, "remove") == 0) &&
                  sf__sh_opts_find(&apt.opts, "auto-remove")))) {
                for (uint32_t q = mark; q < out->n; q++)
                    out->removed[q] = true;
                continue;
            }
            if (sf__sh_apk(&apk, a, c) && apk.sub) {
                bool del = strcmp(apk.sub, "del") == 0 || strcmp(apk.sub, "delete") == 0;
                for (uint32_t p = 0; p < apk.npkgs; p++) {
                    const char *v;
                    if (c->argv[apk.pkgs[p]].dynamic)
                        continue;
                    v = strip_version(a, c->argv[apk.pkgs[p]].value);
                    if (del) {
                        for (uint32_t q = mark; q < out->n; q++)
                            if (strcmp(out->name[q], v) == 0 || (out->group[q] && strcmp(out->group[q], v) == 0))
                                out->removed[q] = true;
                    } else if (strcmp(apk.sub, "add") == 0 && build_package(v) && out->n < 64) {
                        out->name[out->n] = v;
                        out->group[out->n] = apk.virtual_name;
                        out->line[out->n] = insn->range.start.line;
                        out->removed[out->n] = false;
                        out->n++;
                    }
                }
            } else if (sf__sh_apt(&apt, a, c) && apt.sub) {
                bool del = strcmp(apt.sub, "purge") == 0 || strcmp(apt.sub, "remove") == 0;
                for (uint32_t p = 0; p < apt.npkgs; p++) {
                    const char *v;
                    if (c->argv[apt.pkgs[p]].dynamic)
                        continue;
                    v = strip_version(a, c->argv[apt.pkgs[p]].value);
                    if (del) {
                        for (uint32_t q = mark; q < out->n; q++)
                            if (strcmp(out->name[q], v) == 0)
                                out->removed[q] = true;
                    } else if (strcmp(apt.sub, "install") == 0 && build_package(v) && out->n < 64) {
                        out->name[out->n] = v;
                        out->group[out->n] = NULL;
                        out->line[out->n] = insn->range.start.line;
                        out->removed[out->n] = false;
                        out->n++;
                    }
                }
            }
        }
}

/* Why stage st keeps a toolchain (following FROM <earlier stage>), or NULL. */
static const char *stage_toolchain(struct sf_check *ck, uint32_t st, int depth)
{
    const struct sf_doc *doc = ck->doc;
    const sf__stage *s = &doc->stages[st];
    sf__arena *a = sf__check_arena(ck);
    const char *why = NULL;
    pkgs p;
    uint32_t first, end;

    if (depth > 16)
        return NULL;
    if (s->base_stage >= 0)
        why = stage_toolchain(ck, (uint32_t)s->base_stage, depth + 1);
    else if (s->image.ptr)
        why = toolchain_image(a, s->image.ptr);
    memset(&p, 0, sizeof(p));
    sf__stage_bounds(doc, st, &first, &end);
    for (uint32_t i = first; i < end; i++)
        if (doc->insns[i].kind == SF_INSN_RUN)
            scan_run(ck, &doc->insns[i], &p);
    for (uint32_t q = 0, shown = 0; q < p.n; q++) {
        if (p.removed[q])
            continue;
        if (shown == 0)
            why = sf__arena_printf(a, "%s%sinstalls `%s` (line %u)", why ? why : "", why ? " and " : "",
                                   p.name[q], p.line[q]);
        else if (shown < 4)
            why = sf__arena_printf(a, "%s, `%s`", why, p.name[q]);
        else if (shown == 4)
            why = sf__arena_printf(a, "%s, ...", why);
        shown++;
    }
    return why;
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;
    uint32_t st;
    const char *why;

    if (doc->nstages == 0)
        return;
    st = doc->nstages - 1;
    why = stage_toolchain(ck, st, 0);
    if (!why)
        return;
    sf__report(ck, &doc->insns[doc->stages[st].from], doc->insns[doc->stages[st].from].span.start,
               doc->insns[doc->stages[st].last].span.end,
               "the final stage keeps a build toolchain (%s); build in an earlier stage "
               "and COPY --from it only the artifacts",
               why);
}

const struct sf_rule sf_rule_missing_multi_stage = {
    "missing-multi-stage",
    SF_SEV_WARNING,
    "The final stage keeps the build toolchain: use a multi-stage build",
    "# missing-multi-stage\n"
    "\n"
    "Compilers, headers and SDKs are hundreds of megabytes (golang ~800 MB, rust ~1.5 GB,\n"
    "build-essential ~250 MB) that the running program does not need. A multi-stage build\n"
    "compiles in one stage and copies only the artifacts into a small final stage.\n"
    "\n"
    "The rule looks at the final stage (the one the image is made of), following `FROM <stage>`\n"
    "to the stages it builds on. It reports, once over the whole stage, when that stage\n"
    "\n"
    "- starts from a toolchain image: golang, rust, gcc, maven, gradle, buildpack-deps, swift,\n"
    "  haskell, clang, openjdk/amazoncorretto (JDK tags), eclipse-temurin `*jdk*`, the .NET SDK; or\n"
    "- installs compilers, build tools or development headers with apk or apt (`gcc`, `g++`,\n"
    "  `make`, `build-base`, `build-essential`, `musl-dev`, `linux-headers`, any `*-dev`, `go`,\n"
    "  `cargo`, `rust`, `clang`, `cmake`, `autoconf`, JDKs, `maven`, ...) and does not remove\n"
    "  them in the same RUN (`apk del` of the packages or their `--virtual` group, `apt-get\n"
    "  purge`/`remove`, or the docker-library idiom `apt-mark auto` followed by `apt-get purge\n"
    "  --auto-remove`).\n"
    "\n"
    "Earlier stages are never reported: building there is the point.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM golang:1.22\n"
    "WORKDIR /src\n"
    "COPY . .\n"
    "RUN go build -o /app .\n"
    "CMD [\"/app\"]\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM golang:1.22 AS build\n"
    "WORKDIR /src\n"
    "COPY . .\n"
    "RUN CGO_ENABLED=0 go build -o /app .\n"
    "\n"
    "FROM gcr.io/distroless/static\n"
    "COPY --from=build /app /app\n"
    "CMD [\"/app\"]\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None: which files are the artifacts, and what the runtime needs, only you know.\n",
    0,
    SF_FIX_NONE,
    NULL,
    NULL,
    check,
};
