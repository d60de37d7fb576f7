/* config.h - .slimfile.yaml: found by walking up from the Dockerfile, read with libyaml. */
#ifndef SF_CLI_CONFIG_H
#define SF_CLI_CONFIG_H

#include <slimfile.h>

typedef struct cli_config {
    char *path;                    /* the file read, NULL when none */
    char **select;                 /* NULL-terminated, or NULL */
    char **ignore;                 /* NULL-terminated, or NULL */
    sf_severity_override *overrides;
    size_t n_overrides;
    bool has_failure_level;
    sf_severity failure_level;
    bool has_cache_fix;
    sf_cache_fix cache_fix;
} cli_config;

/* Find .slimfile.yaml (or .slimfile.yml) in dir or a parent. Returns a malloc'd path or NULL. */
char *cli_config_find(const char *dir);
/* Load a config file. Returns 0, or -1 with a message "file:line:col: error: ..." in err. */
int cli_config_load(cli_config *c, const char *path, char *err, size_t errlen);
void cli_config_free(cli_config *c);

#endif /* SF_CLI_CONFIG_H */
