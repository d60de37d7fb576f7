/* version.c - version and error strings. */
#include "common.h"

int sf_version(void)
{
    return SF_VERSION_NUMBER;
}

const char *sf_version_string(void)
{
    return SF_VERSION_STRING;
}

const char *sf_strerror(int err)
{
    switch (err) {
    case SF_OK: return "success";
    case SF_ENOMEM: return "out of memory";
    case SF_EINVAL: return "invalid argument";
    case SF_EIO: return "input/output error";
    case SF_ENOTFOUND: return "not found";
    case SF_ELIMIT: return "input too large";
    default: return "error";
    }
}
