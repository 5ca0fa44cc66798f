/*
 * rp.c - error strings and small helpers (see rp.h).
 */
#include "rp.h"

#include <string.h>

const char *
rp_strerror(int err)
{
    switch (err) {
    case RP_OK: return "success";
    case RP_ENOMEM: return "out of memory";
    case RP_EINVAL: return "invalid argument";
    case RP_ETOOBIG: return "over size limit";
    case RP_EAGAIN: return "incomplete input";
    case RP_EIO: return "input/output error";
    case RP_ETLS: return "TLS error";
    case RP_EDECODE: return "message does not decode";
    case RP_ECRYPTO: return "cryptographic failure";
    case RP_EAUTH: return "authentication tag mismatch";
    case RP_ENOTFOUND: return "not found";
    case RP_ECONFIG: return "configuration error";
    case RP_EDB: return "database error";
    case RP_ECLOSED: return "connection closed";
    default: return "unknown error";
    }
}

static const char *const status_names[RP_ST_COUNT] = {RP_STATUS_NAMES};

const char *
rp_status_name(int status)
{
    if (status < 0 || status >= RP_ST_COUNT)
        return "UNKNOWN";
    return status_names[status];
}

void
rp_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void
rp_explicit_bzero(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n--)
        *v++ = 0;
}
