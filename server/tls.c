/*
 * tls.c - OpenSSL 3 over memory BIOs (see tls.h).
 *
 * Rules followed here (libpq fe-secure-openssl.c, Redis tls.c):
 *   - ERR_clear_error() before every SSL_* call;
 *   - every SSL_get_error() case is handled;
 *   - WANT_WRITE cannot happen with a memory BIO that never fills, but is
 *     treated as "flush output" rather than "wait for readable";
 *   - SSL_MODE_RELEASE_BUFFERS keeps idle connections small.
 */
#include "tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "rp.h"

struct tls_ctx {
    SSL_CTX *ssl;
    char (*refused)[65];    /* sorted fingerprints refused in the handshake */
    size_t nrefused;
};

static int ctx_index = -1;  /* SSL_CTX ex_data slot pointing back at tls_ctx */

static int
fp_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

int
tls_ctx_set_refused(tls_ctx *ctx, const char *const *fps, size_t n)
{
    char (*set)[65] = malloc((n ? n : 1) * sizeof(*set));
    size_t i;

    if (set == NULL)
        return RP_ENOMEM;
    for (i = 0; i < n; i++)
        snprintf(set[i], sizeof(set[i]), "%s", fps[i]);
    qsort(set, n, sizeof(*set), fp_cmp);
    free(ctx->refused);
    ctx->refused = set;
    ctx->nrefused = n;
    return 0;
}

/* After the CA chain verified: the leaf must not be in the refused set. */
static int
verify_cb(int ok, X509_STORE_CTX *store)
{
    SSL *ssl;
    tls_ctx *ctx;
    X509 *x;
    unsigned char md[32];
    unsigned int n = 0;
    char fp[65];

    if (!ok || X509_STORE_CTX_get_error_depth(store) != 0)
        return ok;
    ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    ctx = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index);
    if (ctx == NULL || ctx->nrefused == 0)
        return ok;
    x = X509_STORE_CTX_get_current_cert(store);
    if (x == NULL || X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32)
        return 0;
    rp_hex(md, 32, fp);
    if (bsearch(fp, ctx->refused, ctx->nrefused, sizeof(*ctx->refused), fp_cmp) != NULL) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
        return 0;
    }
    return 1;
}

struct tls_conn {
    SSL *ssl;
    BIO *in;    /* network -> OpenSSL */
    BIO *out;   /* OpenSSL -> network */
    char err[160];
};

static void
set_err(char *err, size_t errsz, const char *what)
{
    unsigned long e = ERR_peek_last_error();
    char buf[120];

    ERR_error_string_n(e, buf, sizeof(buf));
    snprintf(err, errsz, "%s: %s", what, e ? buf : "unknown reason");
}

tls_ctx *
tls_ctx_new_server(const char *cert_file, const char *key_file,
                   const char *ca_file, char *err, size_t errsz)
{
    tls_ctx *ctx = calloc(1, sizeof(*ctx));
    SSL_CTX *s = NULL;

    if (ctx == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    ERR_clear_error();
    s = SSL_CTX_new(TLS_server_method());
    if (s == NULL) {
        set_err(err, errsz, "cannot create TLS context");
        goto fail;
    }
    SSL_CTX_set_min_proto_version(s, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(s, TLS1_3_VERSION);
    SSL_CTX_set_mode(s, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_options(s, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(s, 0);
    SSL_CTX_set_session_cache_mode(s, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_use_certificate_chain_file(s, cert_file) != 1) {
        set_err(err, errsz, "cannot load server certificate");
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(s, key_file, SSL_FILETYPE_PEM) != 1) {
        set_err(err, errsz, "cannot load server key");
        goto fail;
    }
    if (SSL_CTX_check_private_key(s) != 1) {
        set_err(err, errsz, "server key does not match its certificate");
        goto fail;
    }
    if (SSL_CTX_load_verify_locations(s, ca_file, NULL) != 1) {
        set_err(err, errsz, "cannot load CA certificate");
        goto fail;
    }
    if (ctx_index < 0)
        ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    SSL_CTX_set_ex_data(s, ctx_index, ctx);
    SSL_CTX_set_verify(s, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
    SSL_CTX_set_verify_depth(s, 3);
    ctx->ssl = s;
    return ctx;
fail:
    SSL_CTX_free(s);
    free(ctx);
    return NULL;
}

void
tls_ctx_free(tls_ctx *ctx)
{
    if (ctx == NULL)
        return;
    SSL_CTX_free(ctx->ssl);
    free(ctx->refused);
    free(ctx);
}

tls_conn *
tls_conn_new(tls_ctx *ctx)
{
    tls_conn *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    ERR_clear_error();
    c->ssl = SSL_new(ctx->ssl);
    c->in = BIO_new(BIO_s_mem());
    c->out = BIO_new(BIO_s_mem());
    if (c->ssl == NULL || c->in == NULL || c->out == NULL) {
        SSL_free(c->ssl);
        BIO_free(c->in);
        BIO_free(c->out);
        free(c);
        return NULL;
    }
    BIO_set_mem_eof_return(c->in, -1);
    BIO_set_mem_eof_return(c->out, -1);
    SSL_set_bio(c->ssl, c->in, c->out);     /* the SSL owns both now */
    SSL_set_accept_state(c->ssl);
    return c;
}

void
tls_conn_free(tls_conn *c)
{
    if (c == NULL)
        return;
    SSL_free(c->ssl);
    free(c);
}

int
tls_feed(tls_conn *c, const void *buf, size_t n)
{
    if (n == 0)
        return 0;
    if (BIO_write(c->in, buf, (int) n) != (int) n)
        return RP_ENOMEM;
    return 0;
}

/* Map an SSL_* result; 0 = progress, RP_EAGAIN, RP_ECLOSED, RP_ETLS. */
static int
ssl_result(tls_conn *c, int ret, const char *what)
{
    int e = SSL_get_error(c->ssl, ret);

    switch (e) {
    case SSL_ERROR_NONE:
        return 0;
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:  /* memory BIO: caller flushes output anyway */
        return RP_EAGAIN;
    case SSL_ERROR_ZERO_RETURN:
        return RP_ECLOSED;
    case SSL_ERROR_SYSCALL:
    case SSL_ERROR_SSL:
        set_err(c->err, sizeof(c->err), what);
        return RP_ETLS;
    default:
        snprintf(c->err, sizeof(c->err), "%s: unexpected SSL error %d", what, e);
        return RP_ETLS;
    }
}

int
tls_handshake(tls_conn *c)
{
    int ret;
    long v;

    ERR_clear_error();
    ret = SSL_do_handshake(c->ssl);
    if (ret != 1) {
        int rc = ret == 0 ? RP_ETLS : ssl_result(c, ret, "handshake");

        v = SSL_get_verify_result(c->ssl);
        if (rc == RP_ETLS && v != X509_V_OK)
            snprintf(c->err, sizeof(c->err), "client certificate: %s",
                     X509_verify_cert_error_string(v));
        return rc;
    }
    v = SSL_get_verify_result(c->ssl);
    if (v != X509_V_OK) {
        snprintf(c->err, sizeof(c->err), "client certificate: %s",
                 X509_verify_cert_error_string(v));
        return RP_ETLS;
    }
    return 0;
}

int
tls_read(tls_conn *c, void *buf, size_t n)
{
    size_t got = 0;
    int ret;
    int rc;

    ERR_clear_error();
    ret = SSL_read_ex(c->ssl, buf, n, &got);
    if (ret == 1)
        return (int) got;
    rc = ssl_result(c, 0, "read");
    return rc == 0 ? RP_EAGAIN : rc;
}

int
tls_write(tls_conn *c, const void *buf, size_t n)
{
    size_t done = 0;
    int ret;

    ERR_clear_error();
    ret = SSL_write_ex(c->ssl, buf, n, &done);
    if (ret != 1 || done != n) {
        set_err(c->err, sizeof(c->err), "write");
        return RP_ETLS;
    }
    return 0;
}

void
tls_shutdown(tls_conn *c)
{
    ERR_clear_error();
    (void) SSL_shutdown(c->ssl);
}

size_t
tls_pending_out(tls_conn *c)
{
    return BIO_ctrl_pending(c->out);
}

size_t
tls_take_out(tls_conn *c, void *buf, size_t n)
{
    int got = BIO_read(c->out, buf, (int) n);

    return got > 0 ? (size_t) got : 0;
}

int
tls_peer_fingerprint(tls_conn *c, char out[65])
{
    X509 *x = SSL_get0_peer_certificate(c->ssl);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (x == NULL)
        return RP_ENOTFOUND;
    if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32)
        return RP_ETLS;
    rp_hex(md, 32, out);
    return 0;
}

const char *
tls_error(tls_conn *c)
{
    return c->err[0] ? c->err : "unknown TLS error";
}
