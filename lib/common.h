/* common.h - internal umbrella header: the public API, standard headers, small helpers. */
#ifndef SF_COMMON_H
#define SF_COMMON_H

#include "slimfile.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h> /* snprintf only: the library never prints */
#include <stdlib.h>
#include <string.h>

#define SF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SF_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define SF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SF_PRINTF(f, a)
#endif

#endif /* SF_COMMON_H */
