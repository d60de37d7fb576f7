/* fuzz_shell.c - libFuzzer target for the shell parser (lib/shell.h): no crash, every node's
 * span lies within the input and within its parent's span, query helpers run on every
 * command. With -DFUZZ_STANDALONE it is a replay driver: main() runs each file given. */
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool check_span(void *ctx, sf__span n, sf__span parent, const char *what)
{
    const sf__sh *sh = ctx;

    if (n.start > n.end || n.end > sh->len || n.start < parent.start || n.end > parent.end) {
        fprintf(stderr, "bad %s span %u-%u (parent %u-%u, len %u)\n", what, n.start, n.end,
                parent.start, parent.end, sh->len);
        abort();
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sf__arena a;
    sf__sh *sh = NULL;
    uint32_t i;

    if (size > 1u << 20)
        return 0;
    sf__arena_init(&a);
    /* the first byte picks the options so both here-doc modes are covered */
    if (sf__sh_parse(&sh, &a, (const char *)data, size,
                     size && (data[0] & 1) ? SF_SH_OPT_EXTERNAL_HEREDOCS : 0) == SF_OK) {
        sf__sh_walk_spans(sh, check_span, sh);
        for (i = 0; i < sh->ncmds; i++) {
            const sf__sh_cmdinfo *c = &sh->cmds[i];
            sf__sh_apk_info apk;
            sf__sh_pip_info pip;
            sf__sh_apt_info apt;
            sf__sh_fileop fo;
            int dir;
            uint32_t k;
            if (c->name_idx > c->argc)
                abort();
            for (k = 0; k < c->argc; k++)
                if (c->argv[k].span.end > sh->len)
                    abort();
            sf__sh_apk(&apk, &a, c);
            sf__sh_pip(&pip, &a, c);
            sf__sh_apt(&apt, &a, c);
            sf__sh_rm(&fo, &a, c);
            sf__sh_chmod(&fo, &a, c);
            sf__sh_chown(&fo, &a, c);
            sf__sh_mkdir(&fo, &a, c);
            sf__sh_cd(&dir, c);
        }
        for (i = 0; i < sh->neffects; i++)
            if (sh->effects[i].span.end > sh->len)
                abort();
    }
    sf__arena_dispose(&a);
    return 0;
}

#include "standalone.h"
