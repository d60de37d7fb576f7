/* files.h - the CLI's file handling: reading inputs, atomic writes, discovery, context listing. */
#ifndef SF_CLI_FILES_H
#define SF_CLI_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* A whole file in memory. */
typedef struct cli_file {
    char *data;
    size_t len;
    struct stat st;     /* as it was when reading started */
    bool is_stdin;
} cli_file;

/* Read a path ("-" = standard input). On failure returns -1 and sets *why to a static reason
 * (e.g. "is a directory", or strerror). Refuses FIFOs/devices unless stdin. */
int cli_read_file(cli_file *f, const char *path, const char **why);
void cli_file_free(cli_file *f);

/* Write data to path atomically: a temporary file in the same directory, fsync, keep the mode of
 * the original, then rename over it. Refuses (returns -2) when the file on disk no longer matches
 * `orig` (changed while we worked). Returns 0, or -1 with errno set. */
int cli_write_atomic(const char *path, const char *data, size_t len, const cli_file *orig);

/* Is this a Dockerfile name: Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile,
 * Containerfile.* ? */
bool cli_is_dockerfile_name(const char *base);

/* Find Dockerfiles under dir (recursively, sorted), skipping .git and what .gitignore files
 * exclude. Appends malloc'd paths to *list (n, cap). Returns 0 or -1. */
int cli_discover(const char *dir, char ***list, size_t *n, size_t *cap);

/* List a build context: relative '/'-separated paths, directories with a trailing '/'. Does not
 * descend into a few heavy directories (.git, node_modules) beyond listing them. Stops after
 * `limit` entries (sets *truncated). Returns 0 or -1. */
int cli_list_context(const char *root, char ***paths, size_t *n, size_t limit, bool *truncated);
void cli_free_list(char **list, size_t n);

/* Directory part of a path ("." when none); malloc'd. */
char *cli_dirname(const char *path);
/* Join two path parts; malloc'd. */
char *cli_join(const char *a, const char *b);

#endif /* SF_CLI_FILES_H */
