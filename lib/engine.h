/* engine.h - the lint engine's internal interface (sf_lint is public). */
#ifndef SF_ENGINE_H
#define SF_ENGINE_H

#include "ast.h"
#include "common.h"

/* Whether a rule id is enabled in the linter. */
bool sf__linter_enabled(const sf_linter *l, const char *id);
/* The linter's cache-fix style. */
sf_cache_fix sf__linter_cache_fix(const sf_linter *l);

#endif /* SF_ENGINE_H */
