/*
 * digest.h - SHA-256 as lower-case hex, over one or two buffers (session
 * tokens, request fingerprints, migration checksums).
 */
#ifndef RP_DIGEST_H
#define RP_DIGEST_H

#include <stddef.h>

/* out receives 64 hex digits and a NUL; b may be NULL when nb is 0. */
void rp_sha256_hex(const void *a, size_t na, const void *b, size_t nb, char out[65]);

#endif
