/* test_shell.c - the shell parser and its queries (lib/shell.h), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "shell.h"

/* Parse s into a fresh arena (the caller disposes it). */
static sf__sh *parse(sf__arena *a, const char *s)
{
    sf__sh *sh = NULL;

    sf__arena_init(a);
    assert_int_equal(sf__sh_parse(&sh, a, s, strlen(s), 0), SF_OK);
    assert_non_null(sh);
    return sh;
}

/* "name: argv..." of command i, dynamic words in <>. */
static void cmd_str(const sf__sh *sh, uint32_t i, char *out, size_t cap)
{
    const sf__sh_cmdinfo *c = &sh->cmds[i];
    size_t n = 0;
    uint32_t k;

    n += (size_t)snprintf(out + n, cap - n, "%s:", c->name ? c->name : "-");
    for (k = 0; k < c->argc && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, c->argv[k].dynamic ? " <%s>" : " %s",
                              c->argv[k].value);
}

/* ---------------------------------------------------------------------------------- */
/* argv extraction: every simple command, joined with " | " */

typedef struct argv_case {
    const char *src;
    const char *want;
} argv_case;

static const argv_case argv_cases[] = {
    {"echo hello", "echo: echo hello"},
    {"echo 'a b' \"c d\"", "echo: echo a b c d"},
    {"echo \"a\"'b'c", "echo: echo abc"},
    {"echo \\$HOME", "echo: echo $HOME"},
    {"echo $HOME", "echo: echo <$HOME>"},
    {"echo \"$HOME/x\"", "echo: echo <\"$HOME/x\">"},
    {"echo ${A:-b}", "echo: echo <${A:-b}>"},
    {"echo $(date)", "echo: echo <$(date)> | date: date"},
    {"echo `date -u`", "echo: echo <`date -u`> | date: date -u"},
    {"echo $((1+2))", "echo: echo <$((1+2))>"},
    {"a=1 b=2 cmd x", "cmd: cmd x"},
    {"sudo apt-get install -y curl", "apt-get: sudo apt-get install -y curl"},
    {"sudo -u root -E apk add x", "apk: sudo -u root -E apk add x"},
    {"env -i PATH=/bin FOO=1 pip install x", "pip: env -i PATH=/bin FOO=1 pip install x"},
    {"command -p ls", "ls: command -p ls"},
    {"exec nginx -g 'daemon off;'", "nginx: exec nginx -g daemon off;"},
    {"nice -n 10 make", "make: nice -n 10 make"},
    {"nohup ./run.sh", "run.sh: nohup ./run.sh"},
    {"time make -j4", "make: time make -j4"},
    {"/usr/bin/apt-get update", "apt-get: /usr/bin/apt-get update"},
    {"$CMD arg", "-: <$CMD> arg"},
    {"a && b || c", "a: a | b: b | c: c"},
    {"a | b | c", "a: a | b: b | c: c"},
    {"(cd /x && make)", "cd: cd /x | make: make"},
    {"{ a; b; }", "a: a | b: b"},
    {"if a; then b; elif c; then d; else e; fi", "a: a | b: b | c: c | d: d | e: e"},
    {"for i in 1 2; do echo $i; done", "echo: echo <$i>"},
    {"while read l; do x; done", "read: read l | x: x"},
    {"until false; do y; done", "false: false | y: y"},
    {"case $x in a|b) one;; *) two;; esac", "one: one | two: two"},
    {"case x in (a) one ;; esac", "one: one"},
    {"f() { g; }; f", "g: g | f: f"},
    {"function f { g; }", "g: g"},
    {"function f() { g; }", "g: g"},
    {"echo a # comment", "echo: echo a"},
    {"echo a#b", "echo: echo a#b"},
    {"echo 'it''s'", "echo: echo its"},
    {"ec\\\nho hi", "echo: echo hi"},
    {"apt-get update \\\n && apt-get install x", "apt-get: apt-get update | apt-get: apt-get install x"},
    {"cat <<EOF\nhello $x\nEOF\necho done", "cat: cat | echo: echo done"},
    {"cat <<-'E'\n\thi\n\tE\nls", "cat: cat | ls: ls"},
    {"sh -c 'apk add curl && rm -rf /x'", "sh: sh -c apk add curl && rm -rf /x | apk: apk add curl | rm: rm -rf /x"},
    {"bash -ec \"cd /app; make\"", "bash: bash -ec cd /app; make | cd: cd /app | make: make"},
    {"echo \"$(ls \"$d\")\"", "echo: echo <\"$(ls \"$d\")\"> | ls: ls <\"$d\">"},
    {"x=$(a | b) y", "y: y | a: a | b: b"},
    {"! grep -q x f", "grep: grep -q x f"},
    {"a & b", "a: a | b: b"},
    {"echo *.txt", "echo: echo *.txt"},
    {"echo ~/x", "echo: echo ~/x"},
    {"[[ -f x ]] && echo y", "echo: echo y"},
    {"((i++)) || true", "true: true"},
    {"for ((i=0;i<3;i++)); do w; done", "w: w"},
    {"select x in a b; do z; done", "z: z"},
    {"cat <(ls) >(wc)", "cat: cat <<(ls)> <>(wc)> | ls: ls | wc: wc"},
    {"echo $'a\\tb'", "echo: echo a\tb"},
    {"echo {a,b}c", "echo: echo {a,b}c"},
    {"echo \"a\\\"b\"", "echo: echo a\"b"},
    {"echo \"a\\nb\"", "echo: echo a\\nb"},
    {"arr=(1 2 3) x", "x: x"},
    {"echo a=b", "echo: echo a=b"},
    {"command -v curl", "command: command -v curl"},
    {"xargs rm", "xargs: xargs rm"},
};

static void test_argv(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(argv_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, argv_cases[t].src);
        char got[1024] = "", one[512];
        uint32_t i;

        for (i = 0; i < sh->ncmds; i++) {
            cmd_str(sh, i, one, sizeof(one));
            if (i)
                strcat(got, " | ");
            strncat(got, one, sizeof(got) - strlen(got) - 1);
        }
        if (strcmp(got, argv_cases[t].want) != 0 || sh->ndiags)
            fail_msg("case %zu %s\n  want %s\n  got  %s (%u diags: %s)", t, argv_cases[t].src,
                     argv_cases[t].want, got, sh->ndiags, sh->ndiags ? sh->diags[0].msg : "");
        sf__arena_dispose(&a);
    }
}

/* ---------------------------------------------------------------------------------- */
/* bash-only features: expected kind, or -1 for a POSIX snippet (nothing reported) */

typedef struct bash_case {
    const char *src;
    int kind;
} bash_case;

static const bash_case bash_cases[] = {
    {"[[ -f x ]]", SF_SH_BASH_DBRACKET},
    {"(( i++ ))", SF_SH_BASH_DPAREN},
    {"for ((i=0;i<2;i++)); do :; done", SF_SH_BASH_DPAREN},
    {"let i=i+1", SF_SH_BASH_LET},
    {"a=(1 2)", SF_SH_BASH_ARRAY},
    {"echo ${a[0]}", SF_SH_BASH_ARRAY},
    {"echo \"${a[@]}\"", SF_SH_BASH_ARRAY},
    {"a[1]=x", SF_SH_BASH_ARRAY},
    {"echo {a,b}", SF_SH_BASH_BRACE_EXP},
    {"mkdir -p /x/{a,b}", SF_SH_BASH_BRACE_EXP},
    {"echo {1..3}", SF_SH_BASH_BRACE_EXP},
    {"function f { :; }", SF_SH_BASH_FUNCTION_KW},
    {"source /etc/profile", SF_SH_BASH_SOURCE},
    {"[ a == b ]", SF_SH_BASH_TEST_EQEQ},
    {"test \"$x\" == y", SF_SH_BASH_TEST_EQEQ},
    {"echo $'\\n'", SF_SH_BASH_ANSI_C},
    {"echo $\"hi\"", SF_SH_BASH_LOCALE},
    {"cat <<< hi", SF_SH_BASH_HERESTRING},
    {"make &> log", SF_SH_BASH_AMP_REDIR},
    {"make &>> log", SF_SH_BASH_AMP_REDIR},
    {"make >& log", SF_SH_BASH_AMP_REDIR},
    {"make |& tee x", SF_SH_BASH_PIPE_AMP},
    {"diff <(a) <(b)", SF_SH_BASH_PROCSUB},
    {"tee >(cat)", SF_SH_BASH_PROCSUB},
    {"echo ${v//a/b}", SF_SH_BASH_SUBST_REPLACE},
    {"echo ${v/a/b}", SF_SH_BASH_SUBST_REPLACE},
    {"echo ${v:0:1}", SF_SH_BASH_SUBSTRING},
    {"echo ${!v}", SF_SH_BASH_INDIRECT},
    {"echo ${v^^}", SF_SH_BASH_CASE_MOD},
    {"echo ${v,,}", SF_SH_BASH_CASE_MOD},
    {"echo ${v^}", SF_SH_BASH_CASE_MOD},
    {"set -o pipefail", SF_SH_BASH_SET_OPTION},
    {"set -euo pipefail", SF_SH_BASH_SET_OPTION},
    {"set -E", SF_SH_BASH_SET_OPTION},
    {"set -eT", SF_SH_BASH_SET_OPTION},
    {"declare -a x", SF_SH_BASH_DECLARE},
    {"typeset x=1", SF_SH_BASH_DECLARE},
    {"local x=1", SF_SH_BASH_DECLARE},
    {"select x in a; do :; done", SF_SH_BASH_SELECT},
    {"shopt -s globstar", SF_SH_BASH_SHOPT},
    {"echo -e 'a\\tb'", SF_SH_BASH_ECHO_E},
    {"echo -ne x", SF_SH_BASH_ECHO_E},
    {"echo $RANDOM", SF_SH_BASH_VAR},
    {"echo ${BASH_SOURCE}", SF_SH_BASH_VAR},
    {"pushd /tmp", SF_SH_BASH_PUSHD},
    {"popd", SF_SH_BASH_PUSHD},
    {"case x in a) :;& b) :;; esac", SF_SH_BASH_CASE_FALL},
    {"sh -c '[[ -f x ]]'", SF_SH_BASH_DBRACKET},
    {"echo $(echo ${x/a/b})", SF_SH_BASH_SUBST_REPLACE},
    /* POSIX: nothing reported */
    {"[ a = b ]", -1},
    {"test -f x", -1},
    {"echo $((1+2))", -1},
    {"echo ${v:-x}", -1},
    {"echo ${v:=x} ${v:?e} ${v:+y} ${v-x}", -1},
    {"echo ${v#p} ${v##p} ${v%p} ${v%%p}", -1},
    {"echo ${#v}", -1},
    {"echo $(cmd) `cmd`", -1},
    {"cat <<EOF\nx\nEOF", -1},
    {"cat <<-EOF\n\tx\n\tEOF", -1},
    {"set -eu", -1},
    {"set -ex", -1},
    {"set -o errexit", -1},
    {"set -o noglob -o nounset", -1},
    {"set +e", -1},
    {"f() { local x; }", -1},
    {"f() { :; }", -1},
    {"echo -n x", -1},
    {"echo a,b {} {x}", -1},
    {"find . -exec rm {} \\;", -1},
    {"make >/dev/null 2>&1", -1},
    {"make 2>&1 | tee x", -1},
    {"cmd >&2", -1},
    {". /etc/profile", -1},
    {"for i in a b; do :; done", -1},
    {"case $x in *.c) :;; esac", -1},
    {"while :; do break; done", -1},
    {"a=1; export a", -1},
    {"echo \"$@\" \"$#\" $? $$ $!", -1},
    {"echo ${HOME}/x", -1},
    {"ls [abc]*", -1},
    {"x=${y:-\"a b\"}", -1},
    {"[ \"$a\" != b ] && [ -n \"$c\" ]", -1},
    {"{ a; } >log", -1},
    {"! true", -1},
};

static void test_bashisms(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(bash_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, bash_cases[t].src);
        uint32_t i;
        bool found = false;

        for (i = 0; i < sh->nbashisms; i++)
            if ((int)sh->bashisms[i].kind == bash_cases[t].kind)
                found = true;
        if (bash_cases[t].kind < 0 && sh->nbashisms)
            fail_msg("case %zu %s: unexpected %s", t, bash_cases[t].src,
                     sf__sh_bashism_name(sh->bashisms[0].kind));
        if (bash_cases[t].kind >= 0 && !found)
            fail_msg("case %zu %s: %s not reported", t, bash_cases[t].src,
                     sf__sh_bashism_name((sf__sh_bashism_kind)bash_cases[t].kind));
        if (sh->ndiags)
            fail_msg("case %zu %s: diag %s", t, bash_cases[t].src, sh->diags[0].msg);
        for (i = 0; i < sh->nbashisms; i++)
            assert_true(sh->bashisms[i].span.end <= sh->len);
        sf__arena_dispose(&a);
    }
}

/* ---------------------------------------------------------------------------------- */
/* state effects: mask of leaking effects, and of all effects */

typedef struct eff_case {
    const char *src;
    unsigned leak;     /* effect_mask */
    unsigned all;      /* every effect, leaking or not */
} eff_case;

#define E(k) (1u << SF_SH_EFF_##k)

static const eff_case eff_cases[] = {
    {"cd /app", E(CWD), E(CWD)},
    {"cd /app && make", E(CWD), E(CWD)},
    {"(cd /app && make)", 0, E(CWD)},
    {"pushd /x", E(CWD), E(CWD)},
    {"A=1", E(VAR), E(VAR)},
    {"A=1 make", 0, 0},
    {"export A=1", E(VAR), E(VAR)},
    {"unset A", E(VAR), E(VAR)},
    {"readonly A", E(VAR), E(VAR)},
    {"read x < f", E(VAR), E(VAR)},
    {"echo x | read y", 0, E(VAR)},
    {"set -e", E(OPTION), E(OPTION)},
    {"set +e", E(OPTION), E(OPTION)},
    {"set -o pipefail", E(OPTION), E(OPTION)},
    {"set -- a b", E(VAR), E(VAR)},
    {"shopt -s extglob", E(OPTION), E(OPTION)},
    {"umask 022", E(UMASK), E(UMASK)},
    {"umask", 0, 0},
    {"trap 'rm x' EXIT", E(TRAP), E(TRAP)},
    {"alias ll='ls -l'", E(ALIAS), E(ALIAS)},
    {". ./env.sh", E(SOURCE), E(SOURCE)},
    {"source ./env.sh", E(SOURCE), E(SOURCE)},
    {"exec nginx", E(EXEC), E(EXEC)},
    {"exec >log 2>&1", E(EXEC_FD), E(EXEC_FD)},
    {"exit 1", E(EXIT), E(EXIT)},
    {"f() { return 1; }", E(FUNC), E(FUNC) | E(RETURN)},
    {"sleep 10 &", E(BACKGROUND), E(BACKGROUND)},
    {"wait", E(WAIT), E(WAIT)},
    {"echo $(cd /x)", 0, E(CWD)},
    {"sh -c 'cd /x'", 0, E(CWD)},
    {"sudo cd /x", 0, 0},
    {"env A=1 export", 0, 0},
    {"if true; then cd /x; fi", E(CWD), E(CWD)},
    {"for d in a b; do cd $d; done", E(CWD), E(CWD)},
    {"{ cd /x; }", E(CWD), E(CWD)},
    {"apt-get update && apt-get install -y x", 0, 0},
    {"cd /x &", E(BACKGROUND), E(CWD) | E(BACKGROUND)},
    {"ulimit -n 1024", E(HASH), E(HASH)},
    {"declare -x A=1", E(VAR), E(VAR)},
    {"let x=1", E(VAR), E(VAR)},
    {"command cd /x", E(CWD), E(CWD)},
};

static void test_effects(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(eff_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, eff_cases[t].src);
        unsigned all = 0;
        uint32_t i;

        for (i = 0; i < sh->neffects; i++)
            all |= 1u << sh->effects[i].kind;
        if (sh->effect_mask != eff_cases[t].leak || all != eff_cases[t].all)
            fail_msg("case %zu %s: leak %#x (want %#x), all %#x (want %#x)", t,
                     eff_cases[t].src, sh->effect_mask, eff_cases[t].leak, all,
                     eff_cases[t].all);
        sf__arena_dispose(&a);
    }
}

static void test_effect_details(void **state)
{
    sf__arena a;
    sf__sh *sh = parse(&a, "cd /app && export PATH=/x:$PATH; f() { :; }");

    (void)state;
    assert_int_equal(sh->neffects, 3);
    assert_int_equal(sh->effects[0].kind, SF_SH_EFF_CWD);
    assert_int_equal(sh->effects[0].nlen, 4);
    assert_memory_equal(sh->effects[0].name, "/app", 4);
    assert_true(sh->effects[0].leaks);
    assert_int_equal(sh->effects[1].kind, SF_SH_EFF_VAR);
    assert_int_equal(sh->effects[1].nlen, 4);
    assert_memory_equal(sh->effects[1].name, "PATH", 4);
    assert_int_equal(sh->effects[2].kind, SF_SH_EFF_FUNC);
    assert_string_equal(sh->effects[2].name, "f");
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------------------------- */
/* tools */

static const sf__sh_cmdinfo *only_cmd(const sf__sh *sh, const char *name)
{
    uint32_t i;

    for (i = 0; i < sh->ncmds; i++)
        if (sh->cmds[i].name && strcmp(sh->cmds[i].name, name) == 0)
            return &sh->cmds[i];
    fail_msg("no command %s", name);
    return NULL;
}

typedef struct apk_case {
    const char *src;
    const char *sub;
    bool no_cache, update;
    const char *virt;
    uint32_t npkgs;
    const char *first_pkg;
} apk_case;

static const apk_case apk_cases[] = {
    {"apk add --no-cache curl", "add", true, false, NULL, 1, "curl"},
    {"apk --no-cache add curl git", "add", true, false, NULL, 2, "curl"},
    {"apk add curl --no-cache", "add", true, false, NULL, 1, "curl"},
    {"apk add curl", "add", false, false, NULL, 1, "curl"},
    {"apk add -U curl", "add", false, true, NULL, 1, "curl"},
    {"apk add --update-cache curl", "add", false, true, NULL, 1, "curl"},
    {"apk add --virtual .build gcc make", "add", false, false, ".build", 2, "gcc"},
    {"apk add -t .deps gcc", "add", false, false, ".deps", 1, "gcc"},
    {"apk del .build", "del", false, false, NULL, 1, ".build"},
    {"apk update", "update", false, false, NULL, 0, NULL},
    {"sudo apk add --no-cache x", "add", true, false, NULL, 1, "x"},
    {"apk add 'curl' \"git\"", "add", false, false, NULL, 2, "curl"},
    {"apk add --repository http://x curl", "add", false, false, NULL, 1, "curl"},
    {"apk -X http://x add curl", "add", false, false, NULL, 1, "curl"},
};

static void test_apk(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(apk_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, apk_cases[t].src);
        sf__sh_apk_info k;
        const sf__sh_cmdinfo *c = only_cmd(sh, "apk");

        assert_true(sf__sh_apk(&k, &a, c));
        if (!k.sub || strcmp(k.sub, apk_cases[t].sub) || k.no_cache != apk_cases[t].no_cache ||
            k.update_cache != apk_cases[t].update || k.npkgs != apk_cases[t].npkgs)
            fail_msg("apk case %zu %s: sub %s no_cache %d update %d npkgs %u", t,
                     apk_cases[t].src, k.sub ? k.sub : "-", k.no_cache, k.update_cache, k.npkgs);
        if (apk_cases[t].virt)
            assert_string_equal(k.virtual_name, apk_cases[t].virt);
        else
            assert_null(k.virtual_name);
        if (apk_cases[t].first_pkg)
            assert_string_equal(c->argv[k.pkgs[0]].value, apk_cases[t].first_pkg);
        sf__arena_dispose(&a);
    }
}

typedef struct pip_case {
    const char *src;
    const char *sub;
    bool no_cache, bad;
    uint32_t npkgs;
} pip_case;

static const pip_case pip_cases[] = {
    {"pip install flask", "install", false, false, 1},
    {"pip install --no-cache-dir flask", "install", true, false, 1},
    {"pip3 install flask --no-cache-dir", "install", true, false, 1},
    {"pip --no-cache-dir install flask", "install", true, false, 1},
    {"pip install --no-cache flask", "install", true, false, 1},
    {"pip install --no-cache-dir=1 flask", "install", false, true, 1},
    {"python -m pip install x y", "install", false, false, 2},
    {"python3 -m pip install --no-cache-dir x", "install", true, false, 1},
    {"python3.11 -m pip install -r req.txt", "install", false, false, 0},
    {"pip install -r requirements.txt --no-cache-dir", "install", true, false, 0},
    {"pip uninstall -y x", "uninstall", false, false, 1},
    {"pip cache purge", "cache", false, false, 1},
    {"PIP_NO_CACHE_DIR=1 pip install x", "install", true, false, 1},
    {"pip3.9 install -U pip", "install", false, false, 1},
    {"pip install -i https://x/simple x", "install", false, false, 1},
};

static void test_pip(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(pip_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, pip_cases[t].src);
        sf__sh_pip_info k;

        assert_int_equal(sh->ncmds, 1);
        if (!sf__sh_pip(&k, &a, &sh->cmds[0]) || !k.sub || strcmp(k.sub, pip_cases[t].sub) ||
            k.no_cache_dir != pip_cases[t].no_cache || k.bad_no_cache_value != pip_cases[t].bad ||
            k.npkgs != pip_cases[t].npkgs)
            fail_msg("pip case %zu %s: sub %s no_cache %d bad %d npkgs %u", t, pip_cases[t].src,
                     k.sub ? k.sub : "-", k.no_cache_dir, k.bad_no_cache_value, k.npkgs);
        sf__arena_dispose(&a);
    }
    {
        sf__arena a;
        sf__sh *sh = parse(&a, "python -c 'import pip' && pip cache purge");
        sf__sh_pip_info k;
        assert_false(sf__sh_pip(&k, &a, &sh->cmds[0]));
        assert_true(sf__sh_pip(&k, &a, &sh->cmds[1]));
        assert_string_equal(k.sub2, "purge");
        sf__arena_dispose(&a);
    }
}

typedef struct apt_case {
    const char *src;
    const char *sub;
    bool yes, nir;
    uint32_t npkgs;
} apt_case;

static const apt_case apt_cases[] = {
    {"apt-get update", "update", false, false, 0},
    {"apt-get install -y curl", "install", true, false, 1},
    {"apt-get -y install curl git", "install", true, false, 2},
    {"apt-get install --no-install-recommends -y curl", "install", true, true, 1},
    {"apt-get install -qq curl", "install", true, false, 1},
    {"apt-get install -q curl", "install", false, false, 1},
    {"apt-get -yq install curl", "install", true, false, 1},
    {"apt-get install --yes curl", "install", true, false, 1},
    {"apt-get install --assume-yes curl", "install", true, false, 1},
    {"apt-get -o APT::Install-Recommends=false install x", "install", false, true, 1},
    {"apt-get -o Dpkg::Options::=--force-confold install -y x", "install", true, false, 1},
    {"apt install -y x", "install", true, false, 1},
    {"apt-get purge -y --auto-remove x", "purge", true, false, 1},
    {"apt-get autoremove -y", "autoremove", true, false, 0},
    {"apt-get clean", "clean", false, false, 0},
    {"DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata", "install", true, false, 1},
    {"apt-get remove x", "remove", false, false, 1},
};

static void test_apt(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(apt_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, apt_cases[t].src);
        sf__sh_apt_info k;

        assert_int_equal(sh->ncmds, 1);
        if (!sf__sh_apt(&k, &a, &sh->cmds[0]) || !k.sub || strcmp(k.sub, apt_cases[t].sub) ||
            k.yes != apt_cases[t].yes || k.no_install_recommends != apt_cases[t].nir ||
            k.npkgs != apt_cases[t].npkgs)
            fail_msg("apt case %zu %s: sub %s yes %d nir %d npkgs %u", t, apt_cases[t].src,
                     k.sub ? k.sub : "-", k.yes, k.no_install_recommends, k.npkgs);
        sf__arena_dispose(&a);
    }
}

typedef struct fileop_case {
    const char *src;
    int tool;          /* 0 rm, 1 chmod, 2 chown, 3 mkdir */
    bool recursive, force_or_parents;
    const char *spec;
    const char *paths; /* space-joined */
} fileop_case;

static const fileop_case fileop_cases[] = {
    {"rm -rf /var/lib/apt/lists/*", 0, true, true, NULL, "/var/lib/apt/lists/*"},
    {"rm -r -f a b", 0, true, true, NULL, "a b"},
    {"rm -Rf a", 0, true, true, NULL, "a"},
    {"rm --recursive --force a", 0, true, true, NULL, "a"},
    {"rm -f a", 0, false, true, NULL, "a"},
    {"rm -- -rf", 0, false, false, NULL, "-rf"},
    {"rm a -rf", 0, true, true, NULL, "a"},
    {"rm -fr /tmp/* /root/.cache", 0, true, true, NULL, "/tmp/* /root/.cache"},
    {"chmod -R 755 /app", 1, true, false, "755", "/app"},
    {"chmod +x run.sh", 1, false, false, "+x", "run.sh"},
    {"chmod -x run.sh", 1, false, false, "-x", "run.sh"},
    {"chmod u+rwx,g-w a b", 1, false, false, "u+rwx,g-w", "a b"},
    {"chmod --recursive 0644 /d", 1, true, false, "0644", "/d"},
    {"chown -R app:app /app", 2, true, false, "app:app", "/app"},
    {"chown 1000 f", 2, false, false, "1000", "f"},
    {"chgrp -R staff /srv", 2, true, false, "staff", "/srv"},
    {"mkdir -p /a/b /c", 3, false, true, NULL, "/a/b /c"},
    {"mkdir -m 700 d", 3, false, false, NULL, "d"},
    {"mkdir --parents x", 3, false, true, NULL, "x"},
};

static void test_fileops(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(fileop_cases); t++) {
        const fileop_case *fc = &fileop_cases[t];
        sf__arena a;
        sf__sh *sh = parse(&a, fc->src);
        sf__sh_fileop f;
        char paths[256] = "";
        uint32_t i;
        bool ok, fp;

        assert_int_equal(sh->ncmds, 1);
        ok = fc->tool == 0 ? sf__sh_rm(&f, &a, &sh->cmds[0])
           : fc->tool == 1 ? sf__sh_chmod(&f, &a, &sh->cmds[0])
           : fc->tool == 2 ? sf__sh_chown(&f, &a, &sh->cmds[0])
                           : sf__sh_mkdir(&f, &a, &sh->cmds[0]);
        assert_true(ok);
        for (i = 0; i < f.npaths; i++) {
            if (i)
                strcat(paths, " ");
            strcat(paths, sh->cmds[0].argv[f.paths[i]].value);
        }
        fp = fc->tool == 3 ? f.parents : f.force;
        if (f.recursive != fc->recursive || (fc->tool != 1 && fc->tool != 2 &&
                                             fp != fc->force_or_parents) ||
            strcmp(paths, fc->paths))
            fail_msg("fileop case %zu %s: recursive %d force/parents %d paths '%s'", t, fc->src,
                     f.recursive, fp, paths);
        if (fc->spec)
            assert_string_equal(sh->cmds[0].argv[f.spec_idx].value, fc->spec);
        sf__arena_dispose(&a);
    }
}

static void test_cd_and_getopt(void **state)
{
    sf__arena a;
    sf__sh *sh = parse(&a, "cd -P /srv; cd; tar -xzf a.tgz -C /opt --strip-components=1 b");
    int dir;
    sf__sh_opts o;
    static const sf__sh_longopt tar_long[] = {{"strip-components", 1}, {"directory", 1},
                                              {NULL, 0}};
    static const sf__sh_optspec tar_spec = {"xzf:C:v", tar_long, true, false, false, false};

    (void)state;
    assert_true(sf__sh_cd(&dir, &sh->cmds[0]));
    assert_int_equal(dir, 2);
    assert_true(sf__sh_cd(&dir, &sh->cmds[1]));
    assert_int_equal(dir, -1);
    assert_false(sf__sh_cd(&dir, &sh->cmds[2]));
    assert_int_equal(sf__sh_getopt(&o, &a, &sh->cmds[2], 1, &tar_spec), SF_OK);
    assert_non_null(sf__sh_opts_find(&o, "x"));
    assert_string_equal(sf__sh_opts_find(&o, "f")->value, "a.tgz");
    assert_string_equal(sf__sh_opts_find(&o, "C")->value, "/opt");
    assert_string_equal(sf__sh_opts_find(&o, "strip-components")->value, "1");
    assert_int_equal(o.noperands, 1);
    assert_string_equal(sh->cmds[2].argv[o.operands[0]].value, "b");
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------------------------- */
/* structure, positions, list items, trailing things */

static void test_structure(void **state)
{
    sf__arena a;
    const char *s = "apt-get update && apt-get install -y x; rm -rf /y & # done";
    sf__sh *sh = parse(&a, s);
    const sf__sh_andor *ao;

    (void)state;
    assert_int_equal(sh->root->nitems, 2);
    ao = sh->root->items;
    assert_int_equal(ao->npipes, 2);
    assert_int_equal(ao->pipes->next->op, SF_SH_AO_AND);
    assert_int_equal(ao->sep, SF_SH_SEP_SEMI);
    assert_int_equal(ao->span.start, 0);
    assert_int_equal(ao->span.end, (uint32_t)(strstr(s, ";") - s));
    assert_int_equal(ao->next->sep, SF_SH_SEP_AMP);
    assert_int_equal(sh->trailing_sep, SF_SH_SEP_AMP);
    assert_int_equal(sh->ncomments, 1);
    assert_int_equal(sh->comments[0].start, (uint32_t)(strstr(s, "#") - s));
    assert_int_equal(sh->trailing_comment.start, sh->comments[0].start);
    assert_int_equal(sh->cmds[2].top, 1);
    assert_true(sh->cmds[2].ctx & SF_SH_CTX_BACKGROUND);
    assert_true(sh->cmds[1].ctx & SF_SH_CTX_ANDOR);
    /* argv spans point at the words */
    assert_memory_equal(s + sh->cmds[1].argv[2].span.start, "-y", 2);
    sf__arena_dispose(&a);
}

static void test_contexts(void **state)
{
    sf__arena a;
    sf__sh *sh = parse(&a, "if a; then b | c; fi; while d; do (e); done; f() { g; }; "
                           "echo $(h); sh -c 'i'");
    const char *names[] = {"a", "b", "c", "d", "e", "g", "echo", "h", "sh", "i"};
    unsigned want[] = {SF_SH_CTX_COND, SF_SH_CTX_BRANCH | SF_SH_CTX_PIPELINE,
                       SF_SH_CTX_BRANCH | SF_SH_CTX_PIPELINE, SF_SH_CTX_COND | SF_SH_CTX_LOOP,
                       SF_SH_CTX_LOOP | SF_SH_CTX_SUBSHELL, SF_SH_CTX_FUNC | SF_SH_CTX_BRACE, 0,
                       SF_SH_CTX_SUBST, 0, SF_SH_CTX_SHC};
    uint32_t i;

    (void)state;
    assert_int_equal(sh->ncmds, SF_ARRAY_LEN(names));
    for (i = 0; i < sh->ncmds; i++) {
        assert_string_equal(sh->cmds[i].name, names[i]);
        if (sh->cmds[i].ctx != want[i])
            fail_msg("%s: ctx %#x want %#x", names[i], sh->cmds[i].ctx, want[i]);
    }
    sf__arena_dispose(&a);
}

static void test_heredoc(void **state)
{
    sf__arena a;
    const char *s = "cat <<EOF >/etc/x\nline $v\nEOF\ncat <<'Q' | sh\nraw\nQ\n";
    sf__sh *sh = parse(&a, s);
    const sf__sh_redir *r;

    (void)state;
    assert_int_equal(sh->ndiags, 0);
    assert_int_equal(sh->ncmds, 3);
    r = sh->cmds[0].cmd->redirs;
    assert_int_equal(r->kind, SF_SH_R_HEREDOC);
    assert_string_equal(r->delim, "EOF");
    assert_false(r->quoted);
    assert_true(r->terminated);
    assert_memory_equal(s + r->body.start, "line $v\n", r->body.end - r->body.start);
    assert_int_equal(r->next->kind, SF_SH_R_OUT);
    r = sh->cmds[1].cmd->redirs;
    assert_true(r->quoted);
    assert_string_equal(r->delim, "Q");
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------------------------- */
/* errors: diagnostics with positions, partial trees, no crash */

typedef struct err_case {
    const char *src;
    uint32_t min_cmds;   /* commands still found */
} err_case;

static const err_case err_cases[] = {
    {"echo 'unterminated", 1},
    {"echo \"unterminated", 1},
    {"echo $(unterminated", 1},
    {"echo `unterminated", 1},
    {"echo ${unterminated", 1},
    {"cat <<EOF\nno end", 1},
    {"a; if true; then b", 1},
    {"a; fi", 1},
    {"a; done; b", 1},
    {"case x in a) b", 0},
    {"a && ", 0},
    {"a | | b", 1},
    {"( a", 0},
    {"{ a", 0},
    {"a )", 1},
    {"[[ -f x", 0},
    {"for x in a b", 0},
    {"echo $'x", 1},
    {"cat <<", 1},
    {"a; ;; b", 1},
};

static bool span_ok(void *ctx, sf__span n, sf__span parent, const char *what)
{
    const sf__sh *sh = ctx;

    (void)what;
    return n.start <= n.end && n.end <= sh->len && n.start >= parent.start &&
           n.end <= parent.end;
}

static void test_errors(void **state)
{
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(err_cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, err_cases[t].src);
        if (sh->ndiags == 0)
            fail_msg("error case %zu %s: no diagnostic", t, err_cases[t].src);
        if (sh->ncmds < err_cases[t].min_cmds)
            fail_msg("error case %zu %s: %u commands", t, err_cases[t].src, sh->ncmds);
        assert_true(sh->diags[0].span.end <= sh->len);
        assert_true(sf__sh_walk_spans(sh, span_ok, sh));
        sf__arena_dispose(&a);
    }
}

static void test_depth_cap(void **state)
{
    size_t n = 100000, i;
    char *s = malloc(n * 2 + 1);

    assert_non_null(s);
    sf__arena a;
    sf__sh *sh;

    (void)state;
    for (i = 0; i < n; i++) {
        s[i] = i % 2 ? ' ' : '(';
        s[n + i] = i % 2 ? ' ' : ')';
    }
    s[2 * n] = 0;
    sh = parse(&a, s);
    assert_true(sh->truncated);
    assert_true(sh->ndiags > 0);
    sf__arena_dispose(&a);
    for (i = 0; i < n; i++) {
        s[2 * i] = '$';
        s[2 * i + 1] = '(';
    }
    s[2 * n] = 0;
    sh = parse(&a, s);
    assert_true(sh->truncated);
    sf__arena_dispose(&a);
    for (i = 0; i < n; i++)
        s[i] = (i % 2) ? '"' : '`';
    s[n] = 0;
    sh = parse(&a, s);
    assert_true(sh->ndiags > 0);
    sf__arena_dispose(&a);
    free(s);
}

/* Nested structures map back into the text. */
static void test_nested_spans(void **state)
{
    const char *srcs[] = {
        "echo \"$(ls `pwd` | grep \"x\")\" && sh -c \"cd /x; echo \\\"hi\\\"\"",
        "x=`echo \\`date\\``; bash -c 'if a; then b; fi'",
        "case $(a) in (x) $(b);; esac; f() ( g ) > log",
        /* fuzz: sh -c of a $'..' string holding another sh -c (all bytes map to one offset) */
        "sh -c $'sh -c $\\'x\\''",
    };
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(srcs); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, srcs[t]);
        assert_int_equal(sh->ndiags, 0);
        assert_true(sf__sh_walk_spans(sh, span_ok, sh));
        sf__arena_dispose(&a);
    }
}

/* Part values point into the parsed text (not NUL-terminated, read them with vlen); word
 * values are NUL-terminated copies after quote removal. */
static void test_part_values(void **state)
{
    const char *src = "echo ab'cd'\\e $HOME ${FOO:-x} \"q$Y\"";
    sf__arena a;
    sf__sh *sh = parse(&a, src);
    const sf__sh_word *w;
    const sf__sh_part *pt;

    (void)state;
    w = sh->root->items->pipes->cmds->words->next;            /* ab'cd'\e */
    assert_string_equal(w->value, "abcde");
    assert_int_equal(w->vlen, 5);
    pt = w->parts;
    assert_int_equal(pt->kind, SF_SH_PART_LIT);
    assert_int_equal(pt->vlen, 2);
    assert_memory_equal(pt->val, "ab", 2);
    assert_true(pt->val >= src && pt->val < src + strlen(src));
    pt = pt->next;
    assert_int_equal(pt->kind, SF_SH_PART_SQ);
    assert_int_equal(pt->vlen, 2);
    assert_memory_equal(pt->val, "cd", 2);
    pt = pt->next;
    assert_int_equal(pt->kind, SF_SH_PART_ESC);
    assert_int_equal(pt->vlen, 1);
    assert_int_equal(pt->val[0], 'e');
    w = w->next;                                               /* $HOME */
    assert_int_equal(w->parts->kind, SF_SH_PART_PARAM);
    assert_int_equal(w->parts->vlen, 4);
    assert_memory_equal(w->parts->val, "HOME", 4);
    w = w->next;                                               /* ${FOO:-x} */
    assert_int_equal(w->parts->vlen, 3);
    assert_memory_equal(w->parts->val, "FOO", 3);
    assert_string_equal(w->parts->op, ":-");
    w = w->next;                                               /* "q$Y" */
    assert_true(w->flags & SF_SH_W_DYNAMIC);
    assert_string_equal(w->value, "\"q$Y\"");
    assert_int_equal(w->parts->parts->vlen, 1);
    assert_int_equal(w->parts->parts->val[0], 'q');
    sf__arena_dispose(&a);
}

/* Many results in one arena (the engine parses every RUN of a file into the lint result's
 * arena): earlier results stay intact while later ones are built. */
static void test_shared_arena(void **state)
{
    sf__arena a;
    sf__sh *first[64];
    char buf[128];
    size_t i;

    (void)state;
    sf__arena_init(&a);
    for (i = 0; i < SF_ARRAY_LEN(first); i++) {
        snprintf(buf, sizeof(buf), "apt-get install -y pkg%zu && rm -rf /var/lib/apt/lists/*",
                 i);
        /* the text must outlive the result: keep a copy in the arena */
        assert_int_equal(sf__sh_parse(&first[i], &a, sf__arena_strdup(&a, buf), strlen(buf),
                                      0), SF_OK);
    }
    for (i = 0; i < SF_ARRAY_LEN(first); i++) {
        snprintf(buf, sizeof(buf), "pkg%zu", i);
        assert_int_equal(first[i]->ncmds, 2);
        assert_string_equal(first[i]->cmds[0].name, "apt-get");
        assert_string_equal(first[i]->cmds[0].argv[3].value, buf);
        assert_string_equal(first[i]->cmds[1].name, "rm");
        assert_true(first[i]->cmds[1].argv[2].wflags & SF_SH_W_GLOB);
    }
    sf__arena_dispose(&a);
}

/* Reserved words: only unquoted, in command position (after a separator or another reserved
 * word), never after an assignment or as an argument. */
static void test_reserved_words(void **state)
{
    static const struct { const char *src; sf__sh_cmd_kind kind; const char *first; } cases[] = {
        {"echo if then fi", SF_SH_SIMPLE, "echo"},
        {"\"if\" true", SF_SH_SIMPLE, "if"},
        {"\\if x", SF_SH_SIMPLE, "if"},
        {"if true; then x; fi", SF_SH_IF, NULL},
        {"while a; do b; done", SF_SH_WHILE, NULL},
        {"until a; do b; done", SF_SH_UNTIL, NULL},
        {"for x in a b; do c; done", SF_SH_FOR, NULL},
        {"select x in a; do c; done", SF_SH_SELECT, NULL},
        {"case x in a) b;; esac", SF_SH_CASE, NULL},
        {"{ a; }", SF_SH_BRACE, NULL},
        {"function f { a; }", SF_SH_FUNCDEF, NULL},
        {"X=1 if", SF_SH_SIMPLE, "if"},
        {"iff x", SF_SH_SIMPLE, "iff"},
        {"done", SF_SH_SIMPLE, NULL},
    };
    size_t t;

    (void)state;
    for (t = 0; t < SF_ARRAY_LEN(cases); t++) {
        sf__arena a;
        sf__sh *sh = parse(&a, cases[t].src);
        const sf__sh_cmd *c = sh->root->items ? sh->root->items->pipes->cmds : NULL;
        if (!cases[t].first && cases[t].kind == SF_SH_SIMPLE) {
            /* a closing word alone is a syntax error, not a command */
            assert_true(sh->ndiags > 0);
            assert_int_equal(sh->ncmds, 0);
            sf__arena_dispose(&a);
            continue;
        }
        if (!c || c->kind != cases[t].kind || sh->ndiags)
            fail_msg("case %s: kind %d, %u diagnostics", cases[t].src, c ? (int)c->kind : -1,
                     sh->ndiags);
        if (cases[t].first)
            assert_string_equal(sh->cmds[0].name, cases[t].first);
        sf__arena_dispose(&a);
    }
}

/* Command names are found through paths and wrappers; shells run `-c` strings. */
static void test_name_lookup(void **state)
{
    sf__arena a;
    sf__sh *sh = parse(&a, "/usr/bin/sudo -u x /bin/apt-get update; /bin/sh -c 'cd /x; apk add y'; "
                           "FOO=1 /usr/bin/env bash -xc \"set -e\"; shx -c 'cd /z'; "
                           "time nohup ./run.sh; export A=1; /bin/cd /q");
    uint32_t i;
    unsigned kinds = 0;

    (void)state;
    assert_int_equal(sh->ndiags, 0);
    assert_string_equal(sh->cmds[0].name, "apt-get");
    assert_int_equal(sh->cmds[0].name_idx, 3);
    assert_string_equal(sh->cmds[1].name, "sh");
    assert_string_equal(sh->cmds[2].name, "cd");              /* inside sh -c */
    assert_true(sh->cmds[2].ctx & SF_SH_CTX_SHC);
    assert_string_equal(sh->cmds[3].name, "apk");
    assert_string_equal(sh->cmds[4].name, "bash");
    assert_string_equal(sh->cmds[5].name, "set");
    assert_string_equal(sh->cmds[6].name, "shx");             /* not a shell: no script */
    assert_int_equal(sh->cmds[6].cmd->sub, NULL);
    assert_string_equal(sh->cmds[7].name, "run.sh");
    assert_string_equal(sh->cmds[8].name, "export");
    assert_string_equal(sh->cmds[9].name, "cd");              /* a path to cd is still cd */
    for (i = 0; i < sh->neffects; i++)
        if (sh->effects[i].leaks)
            kinds |= 1u << sh->effects[i].kind;
    /* only the top-level export and /bin/cd change this shell */
    assert_int_equal(kinds, (1u << SF_SH_EFF_VAR) | (1u << SF_SH_EFF_CWD));
    assert_int_equal(sh->effect_mask, kinds);
    sf__arena_dispose(&a);
}

/* Negated pipelines and |& inside and-or lists (the grammar folds those levels). */
static void test_pipelines(void **state)
{
    sf__arena a;
    sf__sh *sh = parse(&a, "! a | b && ! c || d |& e > f");
    const sf__sh_andor *ao = sh->root->items;
    const sf__sh_pipeline *pl;

    (void)state;
    assert_int_equal(sh->ndiags, 0);
    assert_int_equal(sh->root->nitems, 1);
    assert_int_equal(ao->npipes, 3);
    pl = ao->pipes;
    assert_true(pl->bang);
    assert_int_equal(pl->ncmds, 2);
    assert_int_equal(pl->op, SF_SH_AO_NONE);
    assert_int_equal(pl->span.start, 0);
    pl = pl->next;
    assert_true(pl->bang);
    assert_int_equal(pl->ncmds, 1);
    assert_int_equal(pl->op, SF_SH_AO_AND);
    pl = pl->next;
    assert_false(pl->bang);
    assert_true(pl->pipe_all);
    assert_int_equal(pl->ncmds, 2);
    assert_int_equal(pl->op, SF_SH_AO_OR);
    assert_non_null(pl->cmds->next->redirs);
    assert_int_equal(ao->span.end, strlen("! a | b && ! c || d |& e > f"));
    assert_int_equal(sh->ncmds, 5);
    assert_true(sh->cmds[2].ctx & SF_SH_CTX_NEGATED);
    assert_true(sh->cmds[4].ctx & SF_SH_CTX_PIPELINE);
    sf__arena_dispose(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_argv),
        cmocka_unit_test(test_bashisms),
        cmocka_unit_test(test_effects),
        cmocka_unit_test(test_effect_details),
        cmocka_unit_test(test_apk),
        cmocka_unit_test(test_pip),
        cmocka_unit_test(test_apt),
        cmocka_unit_test(test_fileops),
        cmocka_unit_test(test_cd_and_getopt),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_contexts),
        cmocka_unit_test(test_heredoc),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth_cap),
        cmocka_unit_test(test_nested_spans),
        cmocka_unit_test(test_part_values),
        cmocka_unit_test(test_shared_arena),
        cmocka_unit_test(test_reserved_words),
        cmocka_unit_test(test_name_lookup),
        cmocka_unit_test(test_pipelines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
