/*
 * rp.h - error codes, limits and small helpers shared by rongpeid, rongpei
 * and the tests.
 *
 * Functions in this project return int: 0 on success, a negative RP_E*
 * code on failure (libuv style).  rp_strerror() gives the message.
 */
#ifndef RP_H
#define RP_H

#include <stddef.h>
#include <stdint.h>

#define RP_PROTOCOL_MIN 1
#define RP_PROTOCOL_MAX 1
#define RP_VERSION "0.1.0"
/* The highest migration in sql/ this build was made for (checked by make test). */
#define RP_SCHEMA_VERSION 50

/* Wire limits (docs/protocol.md "Limits"). */
#define RP_MAX_FRAME (4u * 1024 * 1024)      /* after login */
#define RP_MAX_FRAME_ANON (64u * 1024)       /* before login */

enum rp_err {
    RP_OK = 0,
    RP_ENOMEM = -1,
    RP_EINVAL = -2,       /* malformed input */
    RP_ETOOBIG = -3,      /* over a size limit */
    RP_EAGAIN = -4,       /* need more bytes */
    RP_EIO = -5,
    RP_ETLS = -6,
    RP_EDECODE = -7,      /* protobuf did not decode */
    RP_ECRYPTO = -8,
    RP_EAUTH = -9,        /* MAC mismatch */
    RP_ENOTFOUND = -10,
    RP_ECONFIG = -11,
    RP_EDB = -12,
    RP_ECLOSED = -13,
};

const char *rp_strerror(int err);

/* Status codes carried in Response.status: RP_ST_OK, RP_ST_INVALID, ...,
 * generated from enum Status in proto/rongpei.proto (Makefile). */
#include "rp_status.h"

/* English symbolic name of a status ("REFUSED"); "UNKNOWN" when out of range. */
const char *rp_status_name(int status);

/* Hex-encode n bytes into out (2n+1 bytes). */
void rp_hex(const uint8_t *in, size_t n, char *out);

/* Secure zeroing that the compiler may not remove. */
void rp_explicit_bzero(void *p, size_t n);

#endif
