/*
 * digest.c - SHA-256 through OpenSSL's EVP interface (see digest.h).
 */
#include "digest.h"

#include <string.h>

#include <openssl/evp.h>

#include "rp.h"

void
rp_sha256_hex(const void *a, size_t na, const void *b, size_t nb, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    memset(md, 0, sizeof(md));
    if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
        EVP_DigestUpdate(ctx, a, na) == 1 && (nb == 0 || EVP_DigestUpdate(ctx, b, nb) == 1))
        EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    rp_hex(md, 32, out);
}
