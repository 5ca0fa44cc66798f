/*
 * tls.h - the one transport interface between protocol code and OpenSSL.
 *
 * A tls_conn is fed the bytes received from the network (tls_feed) and
 * produces the bytes to send (tls_take_out); in between it yields plaintext
 * (tls_read) and accepts plaintext (tls_write).  It never touches a socket:
 * OpenSSL runs over two memory BIOs, so the event loop owns all I/O and
 * back-pressure (docs/internals/tls.md).  Nothing outside tls.c includes an
 * OpenSSL header for the connection path.
 */
#ifndef RP_TLS_H
#define RP_TLS_H

#include <stddef.h>
#include <stdint.h>

typedef struct tls_ctx tls_ctx;
typedef struct tls_conn tls_conn;

/*
 * Server context for TLS 1.3 only with mandatory client certificates
 * verified against ca_file.  On failure returns NULL and writes a message to
 * err.
 */
tls_ctx *tls_ctx_new_server(const char *cert_file, const char *key_file,
                            const char *ca_file, char *err, size_t errsz);
void tls_ctx_free(tls_ctx *ctx);

/*
 * Replace the set of certificate fingerprints (64 lower-case hex digits
 * each, n of them, copied) refused in the handshake even though the CA
 * signed them: revoked ones, those of disabled organisations.  Returns 0
 * or RP_ENOMEM (the old set stays).
 */
int tls_ctx_set_refused(tls_ctx *ctx, const char *const *fps, size_t n);

tls_conn *tls_conn_new(tls_ctx *ctx);
void tls_conn_free(tls_conn *c);

/* Hand n received network bytes to TLS.  RP_ENOMEM on failure. */
int tls_feed(tls_conn *c, const void *buf, size_t n);

/*
 * Advance the handshake.  0 when complete (and the peer certificate
 * verified), RP_EAGAIN when more input is needed, RP_ETLS on failure (a
 * reason is available from tls_error).
 */
int tls_handshake(tls_conn *c);

/*
 * Read up to n plaintext bytes: returns the count (> 0), RP_EAGAIN when no
 * whole record is buffered, RP_ECLOSED on close_notify, RP_ETLS on error.
 */
int tls_read(tls_conn *c, void *buf, size_t n);

/* Encrypt n plaintext bytes (all of them, or RP_ETLS). */
int tls_write(tls_conn *c, const void *buf, size_t n);

/* Queue a close_notify alert. */
void tls_shutdown(tls_conn *c);

/*
 * Move up to n pending ciphertext bytes into buf; returns the count (0 when
 * nothing is pending).
 */
size_t tls_take_out(tls_conn *c, void *buf, size_t n);
size_t tls_pending_out(tls_conn *c);

/* SHA-256 of the peer certificate (DER), 64 hex digits; RP_ENOTFOUND if none. */
int tls_peer_fingerprint(tls_conn *c, char out[65]);

/* Last error text of this connection (static buffer inside c). */
const char *tls_error(tls_conn *c);

#endif
