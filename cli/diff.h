/* diff.h - unified diff of two texts (for --diff). */
#ifndef SF_CLI_DIFF_H
#define SF_CLI_DIFF_H

#include <stddef.h>
#include <stdio.h>

/* Print a unified diff (3 lines of context) of a -> b, labelled path, to fp. */
void cli_print_diff(FILE *fp, const char *path, const char *a, size_t alen, const char *b, size_t blen);

#endif /* SF_CLI_DIFF_H */
