/*
 * pii.c - SM4-CTR + HMAC-SM3 sealing of personal numbers (see pii.h).
 */
#include "pii.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "rp.h"

#define PII_VERSION 1
#define IV_LEN 16
#define TAG_LEN 32

/*
 * The algorithms, fetched once: an implicit fetch on every seal costs a
 * lock and a lookup (a 10,000-row file seals 20,000 numbers).
 */
static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static EVP_MAC *alg_hmac;
static EVP_CIPHER *alg_sm4_ctr;

static void
algs_fetch(void)
{
    alg_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    alg_sm4_ctr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
}

static int
hmac_sm3(const uint8_t *key, size_t keylen, const uint8_t *d1, size_t n1,
         const uint8_t *d2, size_t n2, uint8_t out[32])
{
    EVP_MAC *mac;
    EVP_MAC_CTX *ctx = NULL;
    OSSL_PARAM params[2];
    size_t outlen = 0;
    int rc = RP_ECRYPTO;

    pthread_once(&algs_once, algs_fetch);
    mac = alg_hmac;
    if (mac == NULL)
        goto out;
    ctx = EVP_MAC_CTX_new(mac);
    if (ctx == NULL)
        goto out;
    params[0] = OSSL_PARAM_construct_utf8_string("digest", (char *) "SM3", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (!EVP_MAC_init(ctx, key, keylen, params))
        goto out;
    if (!EVP_MAC_update(ctx, d1, n1))
        goto out;
    if (n2 && !EVP_MAC_update(ctx, d2, n2))
        goto out;
    if (!EVP_MAC_final(ctx, out, &outlen, 32) || outlen != 32)
        goto out;
    rc = 0;
out:
    EVP_MAC_CTX_free(ctx);
    return rc;
}

int
pii_keys_derive(const uint8_t master[32], pii_keys *k)
{
    uint8_t tmp[32];

    if (hmac_sm3(master, 32, (const uint8_t *) "rongpei-pii-enc", 15, NULL, 0, tmp) ||
        hmac_sm3(master, 32, (const uint8_t *) "rongpei-pii-mac", 15, NULL, 0, k->mac) ||
        hmac_sm3(master, 32, (const uint8_t *) "rongpei-pii-idx", 15, NULL, 0, k->idx))
        return RP_ECRYPTO;
    memcpy(k->enc, tmp, 16);
    rp_explicit_bzero(tmp, sizeof(tmp));
    return 0;
}

static int
unhex(const char *s, size_t n, uint8_t *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int hi, lo;
        char a = s[2 * i], b = s[2 * i + 1];

        hi = a >= '0' && a <= '9' ? a - '0' : a >= 'a' && a <= 'f' ? a - 'a' + 10 :
             a >= 'A' && a <= 'F' ? a - 'A' + 10 : -1;
        lo = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 :
             b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
        if (hi < 0 || lo < 0)
            return RP_EINVAL;
        out[i] = (uint8_t) (hi << 4 | lo);
    }
    return 0;
}

int
pii_keys_load(const char *path, pii_keys *k)
{
    char buf[200];
    uint8_t master[32];
    size_t n;
    char *p;
    FILE *f;
    int rc;

    f = fopen(path, "r");
    if (f == NULL)
        return RP_EIO;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = buf;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    n = strspn(p, "0123456789abcdefABCDEF");
    if (n != 64 || unhex(p, 32, master) != 0)
        return RP_ECONFIG;
    rc = pii_keys_derive(master, k);
    rp_explicit_bzero(master, sizeof(master));
    rp_explicit_bzero(buf, sizeof(buf));
    return rc;
}

static int
sm4_ctr(const uint8_t key[16], const uint8_t iv[IV_LEN], const uint8_t *in,
        size_t n, uint8_t *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    int fin = 0;
    int rc = RP_ECRYPTO;

    if (ctx == NULL)
        return RP_ENOMEM;
    pthread_once(&algs_once, algs_fetch);
    if (alg_sm4_ctr == NULL || !EVP_EncryptInit_ex(ctx, alg_sm4_ctr, NULL, key, iv))
        goto out;
    if (!EVP_EncryptUpdate(ctx, out, &len, in, (int) n))
        goto out;
    if (!EVP_EncryptFinal_ex(ctx, out + len, &fin))
        goto out;
    rc = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

int
pii_seal(const pii_keys *k, const char *plain, char **hex)
{
    size_t n = strlen(plain);
    size_t total = 1 + IV_LEN + n + TAG_LEN;
    uint8_t *buf = NULL;
    char *h = NULL;
    int rc;

    if (n > 1024)
        return RP_ETOOBIG;
    buf = malloc(total);
    h = malloc(2 * total + 1);
    if (buf == NULL || h == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    buf[0] = PII_VERSION;
    if (RAND_bytes(buf + 1, IV_LEN) != 1) {
        rc = RP_ECRYPTO;
        goto out;
    }
    rc = sm4_ctr(k->enc, buf + 1, (const uint8_t *) plain, n, buf + 1 + IV_LEN);
    if (rc != 0)
        goto out;
    rc = hmac_sm3(k->mac, sizeof(k->mac), buf, 1 + IV_LEN + n, NULL, 0,
                  buf + 1 + IV_LEN + n);
    if (rc != 0)
        goto out;
    rp_hex(buf, total, h);
    *hex = h;
    h = NULL;
out:
    free(buf);
    free(h);
    return rc;
}

int
pii_open(const pii_keys *k, const char *hex, char **plain)
{
    size_t hl = strlen(hex);
    size_t total = hl / 2;
    uint8_t tag[32];
    uint8_t *buf = NULL;
    char *p = NULL;
    size_t n;
    int rc;

    if (hl % 2 != 0 || total < 1 + IV_LEN + TAG_LEN || total > 4096)
        return RP_EINVAL;
    buf = malloc(total);
    if (buf == NULL)
        return RP_ENOMEM;
    rc = unhex(hex, total, buf);
    if (rc != 0)
        goto out;
    if (buf[0] != PII_VERSION) {
        rc = RP_EINVAL;
        goto out;
    }
    n = total - 1 - IV_LEN - TAG_LEN;
    rc = hmac_sm3(k->mac, sizeof(k->mac), buf, 1 + IV_LEN + n, NULL, 0, tag);
    if (rc != 0)
        goto out;
    if (CRYPTO_memcmp(tag, buf + 1 + IV_LEN + n, TAG_LEN) != 0) {
        rc = RP_EAUTH;
        goto out;
    }
    p = malloc(n + 1);
    if (p == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    /* CTR decryption is the same keystream XOR */
    rc = sm4_ctr(k->enc, buf + 1, buf + 1 + IV_LEN, n, (uint8_t *) p);
    if (rc != 0)
        goto out;
    p[n] = '\0';
    *plain = p;
    p = NULL;
out:
    free(buf);
    free(p);
    return rc;
}

int
pii_index(const pii_keys *k, const char *plain, char out[65])
{
    uint8_t d[32];
    int rc;

    rc = hmac_sm3(k->idx, sizeof(k->idx), (const uint8_t *) plain, strlen(plain),
                  NULL, 0, d);
    if (rc != 0)
        return rc;
    rp_hex(d, 32, out);
    return 0;
}
