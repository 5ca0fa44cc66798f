/*
 * digest.c - SHA-256 and SM3 through OpenSSL's EVP interface (see digest.h).
 */
#include "digest.h"

#include <string.h>

#include <openssl/evp.h>

#include "rp.h"

/* The digest md of up to three buffers as hex; 0, or -1 (out all zeros). */
static int
digest_hex(const EVP_MD *md, const void *const *p, const size_t *n, int k, char out[65])
{
    unsigned char d[32];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL) == 1, i;

    memset(d, 0, sizeof(d));
    for (i = 0; ok && i < k; i++)
        ok = n[i] == 0 || EVP_DigestUpdate(ctx, p[i], n[i]) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, d, &len) == 1 && len == 32;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        memset(d, 0, sizeof(d));
    rp_hex(d, 32, out);
    return ok ? 0 : -1;
}

void
rp_sha256_hex(const void *a, size_t na, const void *b, size_t nb, char out[65])
{
    const void *p[2] = {a, b};
    size_t n[2] = {na, nb};

    digest_hex(EVP_sha256(), p, n, 2, out);
}

int
rp_sm3_hex(const void *a, size_t na, const void *b, size_t nb, const void *c, size_t nc, char out[65])
{
    const void *p[3] = {a, b, c};
    size_t n[3] = {na, nb, nc};

    return digest_hex(EVP_sm3(), p, n, 3, out);
}
