/* failwrite.c - LD_PRELOAD shim for tests/hostile/run.sh (compiled at run time, never linked into
 * slimfile). It simulates what is hard to arrange for root on a real disk:
 *
 *   SF_SHIM_FAIL=rename   rename() fails with EIO
 *   SF_SHIM_FAIL=write    write() to a file named .slimfile.* fails with ENOSPC (disk full)
 *   SF_SHIM_FAIL=fsync    fsync() fails with EIO
 *   SF_SHIM_TOUCH=PATH    when a read-only descriptor of PATH is closed (slimfile finished reading
 *                         it), append a line to PATH: another program edited the file meanwhile
 *   SF_SHIM_TOUCH_AT=rename   with SF_SHIM_TOUCH: edit PATH just before rename() instead (the
 *                         window between slimfile's last check and the rename)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rename(const char *oldpath, const char *newpath);
ssize_t write(int fd, const void *buf, size_t count);
int fsync(int fd);
int close(int fd);

static int touched;

static const char *fail_mode(void)
{
    const char *m = getenv("SF_SHIM_FAIL");
    return m ? m : "";
}

/* The path behind a descriptor, or "" */
static void fd_path(int fd, char *out, size_t n)
{
    char link[64];
    ssize_t r;

    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    r = readlink(link, out, n - 1);
    out[r > 0 ? r : 0] = '\0';
}

static void touch_target(void)
{
    const char *t = getenv("SF_SHIM_TOUCH");
    ssize_t (*real_write)(int, const void *, size_t) =
        (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    int (*real_close)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
    static const char line[] = "# edited by someone else meanwhile\n";
    int fd;

    if (!t || touched)
        return;
    touched = 1;
    fd = open(t, O_WRONLY | O_APPEND);
    if (fd < 0)
        return;
    if (real_write(fd, line, sizeof line - 1) < 0)
        perror("failwrite shim");
    real_close(fd);
}

int rename(const char *oldpath, const char *newpath)
{
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    const char *at = getenv("SF_SHIM_TOUCH_AT");

    if (strcmp(fail_mode(), "rename") == 0) {
        errno = EIO;
        return -1;
    }
    if (at && strcmp(at, "rename") == 0)
        touch_target();
    return real(oldpath, newpath);
}

ssize_t write(int fd, const void *buf, size_t count)
{
    ssize_t (*real)(int, const void *, size_t) =
        (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");

    if (fd > 2 && strcmp(fail_mode(), "write") == 0) {
        char p[PATH_MAX];
        const char *base;
        fd_path(fd, p, sizeof p);
        base = strrchr(p, '/');
        base = base ? base + 1 : p;
        if (strncmp(base, ".slimfile.", 10) == 0) {
            errno = ENOSPC;
            return -1;
        }
    }
    return real(fd, buf, count);
}

int fsync(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

    if (strcmp(fail_mode(), "fsync") == 0) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int close(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
    const char *t = getenv("SF_SHIM_TOUCH");
    const char *at = getenv("SF_SHIM_TOUCH_AT");

    if (t && !touched && !(at && strcmp(at, "rename") == 0) && fd > 2) {
        char p[PATH_MAX];
        int fl = fcntl(fd, F_GETFL);
        fd_path(fd, p, sizeof p);
        if (fl >= 0 && (fl & O_ACCMODE) == O_RDONLY && strcmp(p, t) == 0) {
            int r = real(fd);
            touch_target();
            return r;
        }
    }
    return real(fd);
}
