/*
 * rawclient.c - a deliberately misbehaving client for the integration
 * tests: real TCP and TLS with an organisation's certificate, but frames
 * written by hand.
 *
 *   rawclient HOST:PORT CA CERT KEY MODE [N]
 *
 * MODE: oversize | zero | truncated | garbage | nohello | protocol | inflight N | noread N | conns N
 * Prints one line of results (key=value) for the test script to check.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "arena.h"
#include "rongpei.pb-c.h"
#include "wire.h"

static const char *hostport, *ca, *cert, *key;
static SSL_CTX *ctx;

typedef struct link {
    int fd;
    SSL *ssl;
} link_t;

static int
open_link(link_t *l)
{
    char host[128];
    const char *colon = strrchr(hostport, ':');
    struct addrinfo hints, *res;
    struct timeval tv = {5, 0};
    int one = 1;

    memcpy(host, hostport, (size_t) (colon - hostport));
    host[colon - hostport] = '\0';
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
        return -1;
    l->fd = socket(res->ai_family, SOCK_STREAM, 0);
    setsockopt(l->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(l->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    setsockopt(l->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(l->fd, res->ai_addr, res->ai_addrlen) != 0) {
        freeaddrinfo(res);
        close(l->fd);
        return -1;
    }
    freeaddrinfo(res);
    l->ssl = SSL_new(ctx);
    SSL_set_fd(l->ssl, l->fd);
    if (SSL_connect(l->ssl) != 1) {
        SSL_free(l->ssl);
        close(l->fd);
        return -1;
    }
    return 0;
}

static void
close_link(link_t *l)
{
    SSL_free(l->ssl);
    close(l->fd);
}

static int
send_raw(link_t *l, const void *buf, size_t n)
{
    size_t w = 0;

    return SSL_write_ex(l->ssl, buf, n, &w) == 1 && w == n ? 0 : -1;
}

static int
send_request(link_t *l, uint64_t id, const char *method, const char *session,
             const ProtobufCMessage *body)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Request r = RONGPEI__REQUEST__INIT;
    uint8_t tmp[4096];
    uint8_t *buf;
    size_t len;
    int rc;

    r.id = id;
    r.method = (char *) method;
    r.session = (char *) session;
    if (body != NULL) {
        r.body.len = protobuf_c_message_pack(body, tmp);
        r.body.data = tmp;
    }
    f.kind_case = RONGPEI__FRAME__KIND_REQUEST;
    f.request = &r;
    if (wire_encode(&f, 1 << 20, &buf, &len) != 0)
        return -1;
    rc = send_raw(l, buf, len);
    free(buf);
    return rc;
}

/* Next response's status; -1 when the connection closed, -2 on a bad frame. */
static int
read_status(link_t *l)
{
    uint8_t hdr[4];
    uint8_t *p;
    size_t got, n, off;
    Rongpei__Frame *f;
    arena a;
    int st;

    for (;;) {
        for (off = 0; off < 4; off += got)
            if (SSL_read_ex(l->ssl, hdr + off, 4 - off, &got) != 1)
                return -1;
        n = (size_t) hdr[0] << 24 | (size_t) hdr[1] << 16 | (size_t) hdr[2] << 8 | hdr[3];
        p = malloc(n);
        for (off = 0; off < n; off += got)
            if (SSL_read_ex(l->ssl, p + off, n - off, &got) != 1) {
                free(p);
                return -1;
            }
        arena_init(&a, 0);
        if (wire_decode(&a, p, n, &f) != 0) {
            free(p);
            arena_reset(&a);
            return -2;
        }
        free(p);
        if (f->kind_case == RONGPEI__FRAME__KIND_RESPONSE) {
            st = f->response->status;
            arena_reset(&a);
            return st;
        }
        arena_reset(&a);
    }
}

static int
hello(link_t *l)
{
    Rongpei__HelloRequest h = RONGPEI__HELLO_REQUEST__INIT;

    h.min_version = 1;
    h.max_version = 1;
    if (send_request(l, 1, "session.hello", "", &h.base) != 0)
        return -1;
    return read_status(l);
}

/* meta.methods on a connection past hello: the second exchange of "conns". */
static int
meta(link_t *l)
{
    Rongpei__Empty e = RONGPEI__EMPTY__INIT;

    if (send_request(l, 2, "meta.methods", "", &e.base) != 0)
        return -1;
    return read_status(l);
}

static const char fake_session[] = "0000000000000000000000000000000000000000000000000000000000000000";

int
main(int argc, char **argv)
{
    const char *mode;
    int n = argc > 6 ? atoi(argv[6]) : 0;
    link_t l;
    int i;

    if (argc < 6) {
        fprintf(stderr, "usage: rawclient HOST:PORT CA CERT KEY MODE [N]\n");
        return 2;
    }
    hostport = argv[1];
    ca = argv[2];
    cert = argv[3];
    key = argv[4];
    mode = argv[5];
    ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_load_verify_locations(ctx, ca, NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    /* CERT "-": present no certificate at all */
    if (strcmp(cert, "-") != 0 && (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
                                   SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)) {
        fprintf(stderr, "rawclient: cannot load %s / %s\n", cert, key);
        return 2;
    }
    if (strcmp(mode, "conns") == 0) {
        link_t *ls = calloc((size_t) n, sizeof(*ls));
        int ok = 0, again = 0;

        for (i = 0; i < n; i++)
            if (open_link(&ls[i]) == 0 && hello(&ls[i]) == 0)
                ok++;
            else
                ls[i].ssl = NULL;
        for (i = 0; i < n; i++)
            if (ls[i].ssl != NULL && meta(&ls[i]) == 0)
                again++;
        printf("opened=%d answered=%d\n", ok, again);
        for (i = 0; i < n; i++)
            if (ls[i].ssl != NULL)
                close_link(&ls[i]);
        free(ls);
        return 0;
    }
    if (open_link(&l) != 0) {
        printf("handshake=failed\n");
        return 1;
    }
    if (strcmp(mode, "nocert") == 0) {
        /* TLS 1.3: the client's side of the handshake is done; the server's
         * refusal is an alert that the first read meets */
        uint8_t b;
        size_t got;
        unsigned long e;

        if (SSL_read_ex(l.ssl, &b, 1, &got) == 1) {
            printf("refused=no\n");
        } else {
            e = ERR_peek_last_error();
            printf("connected=1 refused=%s\n", e ? ERR_reason_error_string(e) : "closed");
        }
        close_link(&l);
        SSL_CTX_free(ctx);
        return 0;
    }
    if (strcmp(mode, "oversize") == 0) {
        static const uint8_t hdr[4] = {0, 0x10, 0, 0};     /* 1 MiB before login */
        int st;

        send_raw(&l, hdr, sizeof(hdr));
        st = read_status(&l);
        printf("status=%d after=%d\n", st, read_status(&l));
    } else if (strcmp(mode, "zero") == 0) {
        static const uint8_t hdr[4] = {0, 0, 0, 0};
        int st;

        send_raw(&l, hdr, sizeof(hdr));
        st = read_status(&l);
        printf("status=%d after=%d\n", st, read_status(&l));
    } else if (strcmp(mode, "truncated") == 0) {
        static const uint8_t part[14] = {0, 0, 0, 100, 0x0a, 0x05, 1, 2, 3, 4, 5, 6, 7, 8};

        uint8_t rest[100 - 10];
        struct timeval tv = {0, 500000};
        uint8_t b;
        size_t got;
        int waited, st;

        /* a frame of 100 bytes, 10 of them sent: the server waits for the rest */
        send_raw(&l, part, sizeof(part));
        setsockopt(l.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        errno = 0;
        waited = SSL_read_ex(l.ssl, &b, 1, &got) != 1 && (errno == EAGAIN || errno == EWOULDBLOCK);
        tv.tv_sec = 5;
        tv.tv_usec = 0;
        setsockopt(l.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        /* the rest, not protobuf: INVALID, and the connection goes on */
        memset(rest, 0xff, sizeof(rest));
        send_raw(&l, rest, sizeof(rest));
        st = read_status(&l);
        printf("waited=%d status=%d hello=%d\n", waited, st, hello(&l));
    } else if (strcmp(mode, "garbage") == 0) {
        static const uint8_t junk[12] = {0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
        int st;

        send_raw(&l, junk, sizeof(junk));
        st = read_status(&l);
        printf("status=%d hello=%d\n", st, hello(&l));
    } else if (strcmp(mode, "protocol") == 0) {
        /* the opening rules and request ids of docs/protocol.md, in order */
        Rongpei__Empty e = RONGPEI__EMPTY__INIT;
        Rongpei__HelloRequest h = RONGPEI__HELLO_REQUEST__INIT;
        Rongpei__DivisionListRequest d = RONGPEI__DIVISION_LIST_REQUEST__INIT;
        int a, b;

        send_request(&l, 3, "meta.methods", "", &e.base);
        printf("before_hello=%d", read_status(&l));
        h.min_version = 7;
        h.max_version = 9;
        send_request(&l, 4, "session.hello", "", &h.base);
        printf(" bad_version=%d", read_status(&l));
        printf(" hello=%d", hello(&l));
        printf(" again=%d", hello(&l));
        send_request(&l, 0, "meta.methods", "", &e.base);
        printf(" id0=%d", read_status(&l));
        send_request(&l, 5, "no.such_method", "", &e.base);
        printf(" unknown=%d", read_status(&l));
        send_request(&l, 6, "meta.methods", "", &e.base);
        printf(" meta=%d", read_status(&l));
        /* the same id twice in flight: the second is refused at once */
        send_request(&l, 7, "ref.divisions", fake_session, &d.base);
        send_request(&l, 7, "ref.divisions", fake_session, &d.base);
        a = read_status(&l);
        b = read_status(&l);
        printf(" dup=%d,%d\n", a < b ? a : b, a < b ? b : a);
    } else if (strcmp(mode, "nohello") == 0) {
        Rongpei__Empty e = RONGPEI__EMPTY__INIT;

        send_request(&l, 5, "session.whoami", fake_session, &e.base);
        printf("status=%d\n", read_status(&l));
    } else if (strcmp(mode, "inflight") == 0) {
        Rongpei__DivisionListRequest d = RONGPEI__DIVISION_LIST_REQUEST__INIT;
        int limit = 0, other = 0;

        if (hello(&l) != 0) {
            printf("hello=failed\n");
            return 1;
        }
        for (i = 0; i < n; i++)
            send_request(&l, (uint64_t) i + 10, "ref.divisions", fake_session, &d.base);
        for (i = 0; i < n; i++) {
            int st = read_status(&l);

            if (st == 7)
                limit++;
            else if (st >= 0)
                other++;
        }
        printf("limit=%d other=%d\n", limit, other);
    } else if (strcmp(mode, "noread") == 0) {
        Rongpei__DivisionListRequest d = RONGPEI__DIVISION_LIST_REQUEST__INIT;
        int sent = 0;

        if (hello(&l) != 0) {
            printf("hello=failed\n");
            return 1;
        }
        struct timeval tv = {1, 0};
        char c;

        /* write requests and never read: the server must stop reading us,
         * our writes then block (for a second: the server is not reading) */
        setsockopt(l.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        for (i = 0; i < n; i++) {
            if (send_request(&l, (uint64_t) i + 10, "ref.divisions", fake_session, &d.base) != 0)
                break;
            sent++;
        }
        printf("sent=%d blocked=%d\n", sent, sent < n);
        fflush(stdout);
        /* hold the connection, still not reading, until stdin closes */
        while (read(0, &c, 1) > 0)
            ;
    } else {
        fprintf(stderr, "rawclient: unknown mode %s\n", mode);
        return 2;
    }
    close_link(&l);
    SSL_CTX_free(ctx);
    return 0;
}
