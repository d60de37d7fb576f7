/* standalone.h - the replay driver shared by every fuzz target: built with -DFUZZ_STANDALONE
 * (gcc, no libFuzzer), main() runs LLVMFuzzerTestOneInput once over each file argument, so
 * `make test` replays the seeds and past crashes (fuzz/replay.sh). Include it last. */
#ifndef SF_FUZZ_STANDALONE_H
#define SF_FUZZ_STANDALONE_H

#ifdef FUZZ_STANDALONE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0, r;

        if (!fp) {
            perror(argv[i]);
            return 2;
        }
        do {
            if (cap - len < 65536) {
                uint8_t *p = realloc(buf, cap ? cap * 2 : 65536);
                if (!p) {
                    fclose(fp);
                    free(buf);
                    return 2;
                }
                buf = p;
                cap = cap ? cap * 2 : 65536;
            }
            r = fread(buf + len, 1, cap - len, fp);
            len += r;
        } while (r > 0);
        fclose(fp);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    printf("replayed %d file(s)\n", argc - 1);
    return 0;
}
#endif

#endif /* SF_FUZZ_STANDALONE_H */
