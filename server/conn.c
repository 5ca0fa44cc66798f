/*
 * conn.c - one client connection: TCP -> TLS -> frames, with the limits of
 * docs/protocol.md: handshake timeout, idle timeout, frame size (smaller
 * before login), calls in flight, and a write high-water mark above which
 * reading pauses until the client takes its replies.
 *
 * Lifetime: refs counts the conn itself, each call in flight and each
 * handle being closed.  conn_close marks the conn CLOSING (calls finishing
 * later drop their replies) and closes both handles; the memory goes when
 * the last reference does (Redis freeClientAsync, libuv close callbacks).
 */
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "rp.h"
#include "wire.h"

#define READ_CHUNK 16384

typedef struct write_req {
    uv_write_t req;
    conn *c;
    uv_buf_t buf;
} write_req;

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);

void
conn_release(conn *c)
{
    if (--c->refs > 0)
        return;
    tls_conn_free(c->tls);
    free(c->buf);
    free(c);
}

static void
handle_closed(uv_handle_t *h)
{
    conn_release(h->data);
}

static void
alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    conn *c = h->data;

    (void) hint;
    /* one loop thread: the server's buffer is consumed before the next read */
    buf->base = c->srv->rbuf;
    buf->len = sizeof(c->srv->rbuf);
}

/* Move pending TLS output to the socket. */
static void
write_cb(uv_write_t *req, int status)
{
    write_req *w = (write_req *) req;
    conn *c = w->c;

    free(w->buf.base);
    free(w);
    if (status < 0 && c->state != CONN_CLOSING)
        conn_close(c, uv_strerror(status));
    if (c->paused && c->state == CONN_OPEN &&
        uv_stream_get_write_queue_size((uv_stream_t *) &c->tcp) <
            (size_t) c->srv->cfg->write_high_water / 2) {
        c->paused = 0;
        if (uv_read_start((uv_stream_t *) &c->tcp, alloc_cb, on_read) == 0)
            c->reading = 1;
    }
    conn_release(c);
}

static int
flush(conn *c)
{
    size_t n = tls_pending_out(c->tls);
    uv_buf_t bufs[1];
    write_req *w;

    if (n == 0)
        return 0;
    w = malloc(sizeof(*w));
    if (w == NULL)
        return RP_ENOMEM;
    w->buf.base = malloc(n);
    if (w->buf.base == NULL) {
        free(w);
        return RP_ENOMEM;
    }
    w->buf.len = tls_take_out(c->tls, w->buf.base, n);
    w->c = c;
    c->refs++;
    bufs[0] = w->buf;   /* libuv copies the descriptors; the bytes live until write_cb */
    if (uv_write(&w->req, (uv_stream_t *) &c->tcp, bufs, 1, write_cb) != 0) {
        c->refs--;
        free(w->buf.base);
        free(w);
        return RP_EIO;
    }
    if (c->reading && !c->paused &&
        uv_stream_get_write_queue_size((uv_stream_t *) &c->tcp) >
            (size_t) c->srv->cfg->write_high_water) {
        /* the client is not taking its replies: stop reading its requests */
        uv_read_stop((uv_stream_t *) &c->tcp);
        c->paused = 1;
        c->reading = 0;
    }
    return 0;
}

void
conn_send(conn *c, const void *frame)
{
    uint8_t *out;
    size_t len;
    int rc;

    if (c->state != CONN_OPEN)
        return;
    rc = wire_encode(frame, (size_t) c->srv->cfg->max_frame + WIRE_HDR, &out, &len);
    if (rc != 0) {
        conn_close(c, rp_strerror(rc));
        return;
    }
    rc = tls_write(c->tls, out, len);
    free(out);
    if (rc != 0 || flush(c) != 0)
        conn_close(c, "write failed");
}

void
conn_close(conn *c, const char *why)
{
    if (c->state == CONN_CLOSING)
        return;
    log_info("conn", "conn=%llu peer=%s closed: %s", (unsigned long long) c->id, c->peer, why);
    if (c->state == CONN_OPEN) {
        tls_shutdown(c->tls);
        (void) flush(c);
    }
    c->state = CONN_CLOSING;
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        c->srv->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->srv->nconns--;
    uv_timer_stop(&c->timer);
    c->refs += 2;
    uv_close((uv_handle_t *) &c->timer, handle_closed);
    uv_close((uv_handle_t *) &c->tcp, handle_closed);
    conn_release(c);    /* the conn's own reference */
}

static void
idle_cb(uv_timer_t *t)
{
    conn *c = t->data;

    if (c->state == CONN_HANDSHAKE) {
        conn_close(c, "handshake timeout");
        return;
    }
    if (c->in_flight > 0) {
        uv_timer_again(t);
        return;
    }
    {
        Rongpei__Frame f = RONGPEI__FRAME__INIT;
        Rongpei__Notification n = RONGPEI__NOTIFICATION__INIT;

        n.topic = "connection.idle_timeout";       /* body: an empty Empty message */
        n.sent_at = (int64_t) time(NULL);
        f.kind_case = RONGPEI__FRAME__KIND_NOTIFICATION;
        f.notification = &n;
        conn_send(c, &f);
    }
    conn_close(c, "idle timeout");
}

void
conn_call_done(conn *c)
{
    c->in_flight--;
    if (c->srv->draining && c->in_flight == 0 && c->state == CONN_OPEN)
        conn_close(c, "server shutting down");
    conn_release(c);
}

/* Cut complete frames out of the plaintext buffer and hand them on. */
static int
drain_frames(conn *c)
{
    size_t off = 0;

    while (c->state == CONN_OPEN) {
        size_t max = (size_t) (c->authed ? c->srv->cfg->max_frame : c->srv->cfg->max_frame_anon);
        size_t payload;
        int rc = wire_frame_len(c->buf + off, c->len - off, max, &payload);

        if (rc == RP_EAGAIN)
            break;
        if (rc != 0) {
            Rongpei__Frame f = RONGPEI__FRAME__INIT;
            Rongpei__Response r = RONGPEI__RESPONSE__INIT;

            r.status = rc == RP_ETOOBIG ? RP_ST_LIMIT : RP_ST_INVALID;
            r.message = rc == RP_ETOOBIG ? "帧超过大小上限" : "空帧";
            r.detail = rc == RP_ETOOBIG ? (c->authed ? "frame exceeds max_frame"
                                                     : "frame exceeds max_frame_anon (not logged in)")
                                        : "zero-length frame";
            f.kind_case = RONGPEI__FRAME__KIND_RESPONSE;
            f.response = &r;
            conn_send(c, &f);
            conn_close(c, r.detail);
            return RP_EINVAL;
        }
        gate_frame(c, c->buf + off + WIRE_HDR, payload);
        off += WIRE_HDR + payload;
    }
    if (off > 0) {
        memmove(c->buf, c->buf + off, c->len - off);
        c->len -= off;
    }
    if (c->len == 0 && c->cap > 0) {
        /* idle connections keep no read buffer */
        free(c->buf);
        c->buf = NULL;
        c->cap = 0;
    }
    return 0;
}

/*
 * Take every whole TLS record out of OpenSSL.  Bounded per wake-up by what
 * was fed in (one socket read of at most sizeof(srv->rbuf)); stopping
 * earlier would strand records that no later socket event would resume.
 */
static int
read_plaintext(conn *c)
{
    while (c->state == CONN_OPEN) {
        size_t limit = (size_t) c->srv->cfg->max_frame + WIRE_HDR;
        int n;

        if (c->cap - c->len < 4096) {
            size_t ncap = c->cap ? c->cap * 2 : READ_CHUNK;
            uint8_t *nb;

            if (ncap > limit + READ_CHUNK)
                ncap = limit + READ_CHUNK;
            if (ncap <= c->cap) {
                /* buffer full of an incomplete frame within limits: wait */
                if (c->len >= ncap)
                    return drain_frames(c);
            } else {
                nb = realloc(c->buf, ncap);
                if (nb == NULL)
                    return RP_ENOMEM;
                c->buf = nb;
                c->cap = ncap;
            }
        }
        n = tls_read(c->tls, c->buf + c->len, c->cap - c->len);
        if (n == RP_EAGAIN)
            return drain_frames(c);
        if (n < 0)
            return n;
        c->len += (size_t) n;
        if (drain_frames(c) != 0)
            return RP_EINVAL;
    }
    return 0;
}

static void
handshake_done(conn *c)
{
    if (tls_peer_fingerprint(c->tls, c->fingerprint) != 0) {
        conn_close(c, "no client certificate");
        return;
    }
    c->state = CONN_OPEN;
    uv_timer_start(&c->timer, idle_cb, (uint64_t) c->srv->cfg->idle_timeout_s * 1000,
                   (uint64_t) c->srv->cfg->idle_timeout_s * 1000);
    log_debug("conn", "conn=%llu peer=%s tls established cert=%.16s",
              (unsigned long long) c->id, c->peer, c->fingerprint);
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    conn *c = s->data;
    int rc;

    if (n == 0)
        return;
    if (n < 0) {
        conn_close(c, n == UV_EOF ? "peer closed" : uv_strerror((int) n));
        return;
    }
    if (c->state == CONN_CLOSING)
        return;
    if (tls_feed(c->tls, buf->base, (size_t) n) != 0) {
        conn_close(c, "out of memory");
        return;
    }
    if (c->state == CONN_HANDSHAKE) {
        rc = tls_handshake(c->tls);
        (void) flush(c);
        if (rc == RP_EAGAIN)
            return;
        if (rc != 0) {
            log_warn("conn", "conn=%llu peer=%s handshake refused: %s",
                     (unsigned long long) c->id, c->peer, tls_error(c->tls));
            conn_close(c, "handshake failed");
            return;
        }
        handshake_done(c);
        if (c->state != CONN_OPEN)
            return;
    }
    uv_timer_again(&c->timer);
    rc = read_plaintext(c);
    (void) flush(c);
    if (rc == RP_ECLOSED)
        conn_close(c, "close_notify");
    else if (rc != 0 && rc != RP_EINVAL)
        conn_close(c, rc == RP_ETLS ? tls_error(c->tls) : rp_strerror(rc));
}

void
conn_accept(server *s)
{
    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    conn *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return;
    c->srv = s;
    c->id = ++s->next_conn_id;
    c->refs = 1;
    uv_tcp_init(s->loop, &c->tcp);
    uv_timer_init(s->loop, &c->timer);
    c->tcp.data = c;
    c->timer.data = c;
    if (uv_accept((uv_stream_t *) &s->listener, (uv_stream_t *) &c->tcp) != 0 ||
        s->nconns >= s->cfg->max_conns || s->draining) {
        c->state = CONN_CLOSING;
        c->refs += 1;
        uv_close((uv_handle_t *) &c->timer, handle_closed);
        uv_close((uv_handle_t *) &c->tcp, handle_closed);
        if (s->nconns >= s->cfg->max_conns)
            log_warn("conn", "refused a connection: max_conns (%d) reached", s->cfg->max_conns);
        return;
    }
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *) &ss, &sslen) == 0) {
        char host[48] = "?";

        if (ss.ss_family == AF_INET) {
            uv_ip4_name((struct sockaddr_in *) &ss, host, sizeof(host));
            snprintf(c->peer, sizeof(c->peer), "%s:%d", host,
                     ntohs(((struct sockaddr_in *) &ss)->sin_port));
        } else {
            uv_ip6_name((struct sockaddr_in6 *) &ss, host, sizeof(host));
            snprintf(c->peer, sizeof(c->peer), "[%s]:%d", host,
                     ntohs(((struct sockaddr_in6 *) &ss)->sin6_port));
        }
    }
    uv_tcp_nodelay(&c->tcp, 1);
    c->tls = tls_conn_new(s->tls);
    c->next = s->conns;
    if (s->conns != NULL)
        s->conns->prev = c;
    s->conns = c;
    s->nconns++;
    c->state = CONN_HANDSHAKE;
    if (c->tls == NULL) {
        conn_close(c, "out of memory");
        return;
    }
    uv_timer_start(&c->timer, idle_cb, (uint64_t) s->cfg->handshake_timeout_s * 1000, 0);
    if (uv_read_start((uv_stream_t *) &c->tcp, alloc_cb, on_read) != 0) {
        conn_close(c, "cannot read");
        return;
    }
    c->reading = 1;
}

/* Close every connection that has no call in flight (shutdown). */
void
conn_close_idle(server *s)
{
    conn *c = s->conns;

    while (c != NULL) {
        conn *next = c->next;

        if (c->in_flight == 0)
            conn_close(c, "server shutting down");
        c = next;
    }
}
