/*
 * ca.c - sign PKCS#10 requests into client certificates (see ca.h).
 */
#include "ca.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "rp.h"

struct ca {
    X509 *cert;
    EVP_PKEY *key;
    char *pem;
};

static char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 1 << 20 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t) n + 1);
    if (buf != NULL && fread(buf, 1, (size_t) n, f) != (size_t) n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

ca *
ca_load(const char *cert_file, const char *key_file, char *err, size_t errsz)
{
    ca *a = calloc(1, sizeof(*a));
    BIO *b = NULL;
    FILE *f;

    if (a == NULL)
        return NULL;
    a->pem = read_file(cert_file);
    if (a->pem == NULL) {
        snprintf(err, errsz, "cannot read CA certificate %s", cert_file);
        goto fail;
    }
    b = BIO_new_mem_buf(a->pem, -1);
    a->cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (a->cert == NULL) {
        snprintf(err, errsz, "%s is not a PEM certificate", cert_file);
        goto fail;
    }
    f = fopen(key_file, "r");
    if (f == NULL) {
        snprintf(err, errsz, "cannot read CA key %s", key_file);
        goto fail;
    }
    a->key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    if (a->key == NULL || X509_check_private_key(a->cert, a->key) != 1) {
        snprintf(err, errsz, "CA key %s does not match the CA certificate", key_file);
        goto fail;
    }
    return a;
fail:
    ca_free(a);
    return NULL;
}

void
ca_free(ca *a)
{
    if (a == NULL)
        return;
    X509_free(a->cert);
    EVP_PKEY_free(a->key);
    free(a->pem);
    free(a);
}

const char *
ca_pem(const ca *a)
{
    return a->pem;
}

static void
asn1_time_iso(const ASN1_TIME *t, char out[32])
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (ASN1_TIME_to_tm(t, &tm) != 1) {
        snprintf(out, 32, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX v3;
    X509_EXTENSION *e;
    int ok;

    X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
    e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    if (e == NULL)
        return 0;
    ok = X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
    return ok;
}

int
ca_sign(const ca *a, const char *csr_pem, int64_t org_id, int days,
        ca_issued *out, char *err, size_t errsz)
{
    X509_REQ *req = NULL;
    X509 *x = NULL;
    EVP_PKEY *pub = NULL;
    X509_NAME *name = NULL;
    BIO *b = NULL;
    BIGNUM *bn = NULL;
    ASN1_INTEGER *serial = NULL;
    unsigned char rnd[16];
    unsigned char md[32];
    unsigned int mdlen = 0;
    char *hex = NULL;
    BUF_MEM *mem;
    int rc = RP_EINVAL;

    memset(out, 0, sizeof(*out));
    ERR_clear_error();
    b = BIO_new_mem_buf(csr_pem, -1);
    req = b ? PEM_read_bio_X509_REQ(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    b = NULL;
    if (req == NULL) {
        snprintf(err, errsz, "证书请求（CSR）不是有效的 PEM 格式");
        goto out;
    }
    pub = X509_REQ_get_pubkey(req);
    if (pub == NULL || X509_REQ_verify(req, pub) != 1) {
        snprintf(err, errsz, "证书请求（CSR）的签名无效");
        goto out;
    }
    rc = RP_ECRYPTO;
    x = X509_new();
    if (x == NULL || X509_set_version(x, 2) != 1)
        goto out;
    if (RAND_bytes(rnd, sizeof(rnd)) != 1)
        goto out;
    rnd[0] &= 0x7f;     /* positive */
    bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
    serial = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
    if (serial == NULL || X509_set_serialNumber(x, serial) != 1)
        goto out;
    hex = BN_bn2hex(bn);
    snprintf(out->serial, sizeof(out->serial), "%s", hex ? hex : "");
    snprintf(out->subject, sizeof(out->subject), "CN=rongpei-org-%lld-%02x%02x%02x%02x",
             (long long) org_id, rnd[1], rnd[2], rnd[3], rnd[4]);
    name = X509_NAME_new();
    if (name == NULL ||
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *) "rongpei", -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   (const unsigned char *) out->subject + 3, -1, -1, 0) != 1)
        goto out;
    if (X509_set_subject_name(x, name) != 1 ||
        X509_set_issuer_name(x, X509_get_subject_name(a->cert)) != 1 ||
        X509_set_pubkey(x, pub) != 1)
        goto out;
    if (X509_gmtime_adj(X509_getm_notBefore(x), -300) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(x), (long) days * 86400) == NULL)
        goto out;
    if (!add_ext(x, a->cert, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_ext(x, a->cert, NID_key_usage, "critical,digitalSignature") ||
        !add_ext(x, a->cert, NID_ext_key_usage, "clientAuth") ||
        !add_ext(x, a->cert, NID_subject_key_identifier, "hash") ||
        !add_ext(x, a->cert, NID_authority_key_identifier, "keyid"))
        goto out;
    if (X509_sign(x, a->key, EVP_sha256()) <= 0)
        goto out;
    if (X509_digest(x, EVP_sha256(), md, &mdlen) != 1 || mdlen != 32)
        goto out;
    rp_hex(md, 32, out->fingerprint);
    asn1_time_iso(X509_get0_notBefore(x), out->not_before);
    asn1_time_iso(X509_get0_notAfter(x), out->not_after);
    b = BIO_new(BIO_s_mem());
    if (b == NULL || PEM_write_bio_X509(b, x) != 1)
        goto out;
    BIO_get_mem_ptr(b, &mem);
    out->cert_pem = malloc(mem->length + 1);
    if (out->cert_pem == NULL)
        goto out;
    memcpy(out->cert_pem, mem->data, mem->length);
    out->cert_pem[mem->length] = '\0';
    rc = 0;
out:
    if (rc == RP_ECRYPTO)
        snprintf(err, errsz, "签发证书失败");
    BIO_free(b);
    OPENSSL_free(hex);
    ASN1_INTEGER_free(serial);
    BN_free(bn);
    X509_NAME_free(name);
    X509_free(x);
    EVP_PKEY_free(pub);
    X509_REQ_free(req);
    return rc;
}
