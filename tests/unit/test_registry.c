/* test_registry.c - invariants of the rule table (rules/rules.def) as users see them through
 * `slimfile rules` / `explain`, and the public rule getters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "rule.h"

static bool kebab(const char *s)
{
    if (!*s || *s == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return s[-1] != '-';
}

static void test_ids_sorted_unique_kebab(void **state)
{
    (void)state;
    assert_true(sf__rule_count >= 16);
    for (size_t i = 0; i < sf__rule_count; i++) {
        assert_true(kebab(sf__rules[i]->id));
        if (i)
            assert_true(strcmp(sf__rules[i - 1]->id, sf__rules[i]->id) < 0);
        assert_ptr_equal(sf__rule_find(sf__rules[i]->id), sf__rules[i]);
    }
    assert_null(sf__rule_find("no-such-rule"));
}

static void test_docs_complete(void **state)
{
    (void)state;
    for (size_t i = 0; i < sf__rule_count; i++) {
        const struct sf_rule *r = sf__rules[i];
        char head[128];
        size_t n = strlen(r->summary);
        snprintf(head, sizeof head, "# %s\n", r->id);
        assert_true(n > 10);
        assert_true(r->summary[n - 1] != '.');
        assert_true(strncmp(r->doc, head, strlen(head)) == 0);
        assert_non_null(strstr(r->doc, "## Bad"));
        assert_non_null(strstr(r->doc, "## Good"));
        assert_non_null(strstr(r->doc, "## Fix"));
        /* built-ins have no check; every other rule has one */
        assert_true(((r->needs & SF_BUILTIN) != 0) == (r->check == NULL));
    }
}

/* every C file in rules/ (but the registry) is in rules.def, so no rule is silently left out */
static void test_every_rule_file_registered(void **state)
{
    DIR *d = opendir("rules");
    struct dirent *de;
    size_t files = 0;

    (void)state;
    if (!d) {
        skip();
        return;
    }
    while ((de = readdir(d)) != NULL) {
        char id[128];
        size_t n = strlen(de->d_name);
        if (n < 3 || strcmp(de->d_name + n - 2, ".c") != 0 || strcmp(de->d_name, "registry.c") == 0)
            continue;
        snprintf(id, sizeof id, "%.*s", (int)(n - 2), de->d_name);
        for (char *p = id; *p; p++)
            if (*p == '_')
                *p = '-';
        assert_non_null(sf__rule_find(id));
        files++;
    }
    closedir(d);
    assert_int_equal(files, sf__rule_count);
}

static void test_public_getters(void **state)
{
    sf_severity sev;
    const char *summary = NULL, *doc = NULL;
    sf_fix_safety fix;

    (void)state;
    assert_int_equal(sf_rule_count(), sf__rule_count);
    assert_string_equal(sf_rule_id(0), sf__rules[0]->id);
    assert_null(sf_rule_id(sf_rule_count()));
    assert_int_equal(sf_rule_info("consecutive-run", &sev, &summary, &doc, &fix), SF_OK);
    assert_int_equal(sev, SF_SEV_INFO);
    assert_int_equal(fix, SF_FIX_SAFE);
    assert_non_null(strstr(doc, "## Fix (safe)"));
    assert_int_equal(sf_rule_info("nope", NULL, NULL, NULL, NULL), SF_ENOTFOUND);
    assert_int_equal(sf_rule_info("syntax-error", &sev, NULL, NULL, &fix), SF_OK);
    assert_int_equal(sev, SF_SEV_ERROR);
    assert_int_equal(fix, SF_FIX_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_sorted_unique_kebab),
        cmocka_unit_test(test_docs_complete),
        cmocka_unit_test(test_every_rule_file_registered),
        cmocka_unit_test(test_public_getters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
