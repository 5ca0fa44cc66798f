/*
 * digest.h - SHA-256 as lower-case hex, over one or two buffers (session
 * tokens, request fingerprints, migration checksums), and SM3 (GB/T
 * 32905) over up to three (signed texts, attachments).
 */
#ifndef RP_DIGEST_H
#define RP_DIGEST_H

#include <stddef.h>

/* out receives 64 hex digits and a NUL; b may be NULL when nb is 0. */
void rp_sha256_hex(const void *a, size_t na, const void *b, size_t nb, char out[65]);

/* SM3 of a, b and c in turn (b, c may be NULL with 0); 0 or -1. */
int rp_sm3_hex(const void *a, size_t na, const void *b, size_t nb, const void *c, size_t nc, char out[65]);

#endif
