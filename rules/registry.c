/* registry.c - the rule table (expanded from rules.def) and the public rule getters. */
#include "rule.h"

const struct sf_rule *const sf__rules[] = {
#define SF_RULE(name) &sf_rule_##name,
#include "rules.def"
#undef SF_RULE
};
const size_t sf__rule_count = SF_ARRAY_LEN(sf__rules);

const struct sf_rule *sf__rule_find(const char *id)
{
    size_t lo = 0, hi = sf__rule_count;

    if (!id)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id, sf__rules[mid]->id);
        if (c == 0)
            return sf__rules[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

size_t sf_rule_count(void)
{
    return sf__rule_count;
}

const char *sf_rule_id(size_t i)
{
    return i < sf__rule_count ? sf__rules[i]->id : NULL;
}

int sf_rule_info(const char *id, sf_severity *severity, const char **summary, const char **doc,
                 sf_fix_safety *fix)
{
    const struct sf_rule *r = sf__rule_find(id);

    if (!r)
        return SF_ENOTFOUND;
    if (severity)
        *severity = r->severity;
    if (summary)
        *summary = r->summary;
    if (doc)
        *doc = r->doc;
    if (fix)
        *fix = r->fix_safety;
    return SF_OK;
}
