/* files.c - reading inputs, atomic writes, Dockerfile discovery, build-context listing. */
#define _DEFAULT_SOURCE
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK ((size_t)1 << 16)

int cli_read_file(cli_file *f, const char *path, const char **why)
{
    int fd;
    size_t cap = 0;
    bool is_stdin = strcmp(path, "-") == 0;

    memset(f, 0, sizeof(*f));
    f->is_stdin = is_stdin;
    if (is_stdin) {
        fd = 0;
    } else {
        fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            *why = strerror(errno);
            return -1;
        }
    }
    if (fstat(fd, &f->st) < 0) {
        *why = strerror(errno);
        goto fail;
    }
    if (!is_stdin) {
        if (S_ISDIR(f->st.st_mode)) {
            *why = "is a directory";
            goto fail;
        }
        if (!S_ISREG(f->st.st_mode)) {
            *why = "not a regular file";
            goto fail;
        }
        /* back to blocking reads for a regular file */
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    for (;;) {
        ssize_t r;
        if (cap - f->len < READ_CHUNK) {
            size_t ncap = cap ? cap * 2 : READ_CHUNK * 2;
            char *p;
            if (ncap > ((size_t)1 << 30) + READ_CHUNK * 2) {
                *why = "file too large (over 1 GiB)";
                goto fail;
            }
            p = realloc(f->data, ncap + 1);
            if (!p) {
                *why = "out of memory";
                goto fail;
            }
            f->data = p;
            cap = ncap;
        }
        r = read(fd, f->data + f->len, cap - f->len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *why = strerror(errno);
            goto fail;
        }
        if (r == 0)
            break;
        f->len += (size_t)r;
    }
    if (!f->data) {
        f->data = malloc(1);
        if (!f->data) {
            *why = "out of memory";
            goto fail;
        }
    }
    f->data[f->len] = '\0';
    if (!is_stdin)
        close(fd);
    return 0;
fail:
    if (!is_stdin)
        close(fd);
    free(f->data);
    f->data = NULL;
    return -1;
}

void cli_file_free(cli_file *f)
{
    free(f->data);
    f->data = NULL;
}

int cli_write_atomic(const char *path, const char *data, size_t len, const cli_file *orig)
{
    char *real = NULL, *dir;
    char *tmp = NULL;
    struct stat now;
    int fd = -1, saved;
    size_t off = 0;

    /* write through a symlink to the file it names, keeping the link */
    if (lstat(path, &now) == 0 && S_ISLNK(now.st_mode)) {
        real = realpath(path, NULL);
        if (!real)
            return -1;
        path = real;
    }
    dir = cli_dirname(path);
    if (!dir) {
        free(real);
        return -1;
    }
    if (orig) {
        /* refuse when the file changed since we read it */
        if (stat(path, &now) < 0 || now.st_ino != orig->st.st_ino || now.st_dev != orig->st.st_dev ||
            now.st_size != orig->st.st_size || now.st_mtim.tv_sec != orig->st.st_mtim.tv_sec ||
            now.st_mtim.tv_nsec != orig->st.st_mtim.tv_nsec) {
            free(dir);
            free(real);
            return -2;
        }
    }
    tmp = malloc(strlen(dir) + 32);
    if (!tmp) {
        free(dir);
        free(real);
        return -1;
    }
    sprintf(tmp, "%s/.slimfile.XXXXXX", dir);
    free(dir);
    fd = mkstemp(tmp);
    if (fd < 0)
        goto fail;
    /* keep the owner (possible for root or the owner itself; otherwise the file becomes the
     * writer's, as any editor's save would) and then the mode (fchown may clear setuid bits) */
    if (orig && (orig->st.st_uid != geteuid() || orig->st.st_gid != getegid()))
        (void)!fchown(fd, orig->st.st_uid, orig->st.st_gid);
    if (orig && fchmod(fd, orig->st.st_mode & 07777) < 0)
        goto fail;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        off += (size_t)w;
    }
    if (fsync(fd) < 0 || close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    free(real);
    return 0;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    free(real);
    errno = saved;
    return -1;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool cli_is_dockerfile_name(const char *base)
{
    if (ends_with_ci(base, ".dockerignore")) /* Dockerfile.dockerignore is an ignore file */
        return false;
    return strcmp(base, "Dockerfile") == 0 || strncmp(base, "Dockerfile.", 11) == 0 ||
           strcmp(base, "Containerfile") == 0 || strncmp(base, "Containerfile.", 14) == 0 ||
           (ends_with_ci(base, ".dockerfile") && strlen(base) > 11);
}

char *cli_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    d = malloc((size_t)(slash - path) + 1);
    if (!d)
        return NULL;
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    return d;
}

char *cli_join(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    char *p;

    if (strcmp(a, ".") == 0) /* "./x" reads worse than "x" and means the same */
        return strdup(b);
    p = malloc(n + m + 2);
    if (!p)
        return NULL;
    memcpy(p, a, n);
    if (n && a[n - 1] != '/')
        p[n++] = '/';
    memcpy(p + n, b, m + 1);
    return p;
}

void cli_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static int push(char ***list, size_t *n, size_t *cap, char *s)
{
    if (!s)
        return -1;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        char **p = realloc(*list, nc * sizeof(char *));
        if (!p) {
            free(s);
            return -1;
        }
        *list = p;
        *cap = nc;
    }
    (*list)[(*n)++] = s;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* .gitignore patterns in effect while walking (a simplified reading: fnmatch on the path relative
 * to the .gitignore's folder when the pattern has a '/', on the base name otherwise; '!' negates;
 * a trailing '/' limits the pattern to directories). */
typedef struct gi_pattern {
    char *base;      /* folder of the .gitignore, relative to the walk root ("" for the root) */
    char *pat;
    bool neg, dir_only, anchored;
} gi_pattern;

typedef struct gi_list {
    gi_pattern *v;
    size_t n, cap;
} gi_list;

static void gi_load(gi_list *gl, const char *absdir, const char *reldir)
{
    char *path = cli_join(absdir, ".gitignore");
    FILE *fp = path ? fopen(path, "r") : NULL;
    char line[4096];

    free(path);
    if (!fp)
        return;
    while (fgets(line, sizeof line, fp)) {
        size_t l = strlen(line);
        gi_pattern p;
        char *s = line;
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r' || line[l - 1] == ' '))
            line[--l] = '\0';
        if (!l || line[0] == '#')
            continue;
        memset(&p, 0, sizeof(p));
        if (*s == '!') {
            p.neg = true;
            s++;
        }
        l = strlen(s);
        if (l && s[l - 1] == '/') {
            p.dir_only = true;
            s[--l] = '\0';
        }
        if (*s == '/') {
            s++;
            p.anchored = true;
        }
        if (strchr(s, '/'))
            p.anchored = true;
        if (!*s)
            continue;
        if (gl->n == gl->cap) {
            size_t nc = gl->cap ? gl->cap * 2 : 16;
            gi_pattern *v = realloc(gl->v, nc * sizeof(*v));
            if (!v)
                break;
            gl->v = v;
            gl->cap = nc;
        }
        p.base = strdup(reldir);
        p.pat = strdup(s);
        if (!p.base || !p.pat) {
            free(p.base);
            free(p.pat);
            break;
        }
        gl->v[gl->n++] = p;
    }
    fclose(fp);
}

static bool gi_ignored(const gi_list *gl, const char *rel, const char *name, bool is_dir)
{
    bool ignored = false;

    for (size_t i = 0; i < gl->n; i++) {
        const gi_pattern *p = &gl->v[i];
        size_t bl = strlen(p->base);
        const char *sub = rel;
        bool m;
        if (p->dir_only && !is_dir)
            continue;
        if (bl) {
            if (strncmp(rel, p->base, bl) != 0 || rel[bl] != '/')
                continue;
            sub = rel + bl + 1;
        }
        if (p->anchored)
            m = fnmatch(p->pat, sub, FNM_PATHNAME) == 0;
        else
            m = fnmatch(p->pat, name, 0) == 0;
        if (m)
            ignored = !p->neg;
    }
    return ignored;
}

static int discover_rec(const char *abs, const char *rel, gi_list *gl, char ***list, size_t *n,
                        size_t *cap, int depth)
{
    DIR *d;
    struct dirent *de;
    size_t mark = gl->n;
    char **names = NULL;
    size_t nn = 0, nc = 0;

    if (depth > 64)
        return 0;
    gi_load(gl, abs, rel);
    d = opendir(abs);
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || strcmp(de->d_name, ".git") == 0)
            continue;
        if (push(&names, &nn, &nc, strdup(de->d_name)) < 0)
            break;
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof(char *), cmp_str);
    for (size_t i = 0; i < nn; i++) {
        char *childabs = cli_join(abs, names[i]);
        char *childrel = *rel ? cli_join(rel, names[i]) : strdup(names[i]);
        struct stat st;
        if (childabs && childrel && lstat(childabs, &st) == 0) {
            bool is_dir = S_ISDIR(st.st_mode);
            if (!gi_ignored(gl, childrel, names[i], is_dir)) {
                if (is_dir)
                    discover_rec(childabs, childrel, gl, list, n, cap, depth + 1);
                else if (S_ISREG(st.st_mode) && cli_is_dockerfile_name(names[i])) {
                    push(list, n, cap, childabs);
                    childabs = NULL;
                }
            }
        }
        free(childabs);
        free(childrel);
    }
    cli_free_list(names, nn);
    while (gl->n > mark) {
        gl->n--;
        free(gl->v[gl->n].base);
        free(gl->v[gl->n].pat);
    }
    return 0;
}

int cli_discover(const char *dir, char ***list, size_t *n, size_t *cap)
{
    gi_list gl = {NULL, 0, 0};
    int r = discover_rec(dir, "", &gl, list, n, cap, 0);

    free(gl.v);
    return r;
}

static int list_rec(const char *abs, const char *rel, char ***paths, size_t *n, size_t *cap,
                    size_t limit, bool *truncated, int depth)
{
    DIR *d = opendir(abs);
    struct dirent *de;

    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        char *childabs, *childrel;
        struct stat st;
        bool is_dir;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (*n >= limit) {
            *truncated = true;
            break;
        }
        childabs = cli_join(abs, de->d_name);
        childrel = *rel ? cli_join(rel, de->d_name) : strdup(de->d_name);
        if (!childabs || !childrel || lstat(childabs, &st) < 0) {
            free(childabs);
            free(childrel);
            continue;
        }
        is_dir = S_ISDIR(st.st_mode);
        if (is_dir) {
            char *withslash = malloc(strlen(childrel) + 2);
            if (withslash) {
                sprintf(withslash, "%s/", childrel);
                push(paths, n, cap, withslash);
            }
            if (depth < 32 && strcmp(de->d_name, ".git") != 0 && strcmp(de->d_name, "node_modules") != 0)
                list_rec(childabs, childrel, paths, n, cap, limit, truncated, depth + 1);
        } else {
            push(paths, n, cap, strdup(childrel));
        }
        free(childabs);
        free(childrel);
    }
    closedir(d);
    return 0;
}

int cli_list_context(const char *root, char ***paths, size_t *n, size_t limit, bool *truncated)
{
    size_t cap = 0;
    int r;

    *paths = NULL;
    *n = 0;
    *truncated = false;
    r = list_rec(root, "", paths, n, &cap, limit, truncated, 0);
    if (*n)
        qsort(*paths, *n, sizeof(char *), cmp_str);
    return r;
}
