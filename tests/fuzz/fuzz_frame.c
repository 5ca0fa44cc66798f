/*
 * fuzz_frame.c - libFuzzer target for everything rongpeid does with bytes
 * from the network before a database is involved: cut frames from a byte
 * stream (wire_frame_len), decode each Frame into a budgeted arena
 * (wire_decode), look the method up, decode its body with the method's
 * descriptor, and turn it into JSON and back (pbjson) as the gate does.
 *
 * protobuf-c.c is compiled into the target (scripts/protobuf-c-src.sh) so
 * coverage reaches the decoder itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "methods.h"
#include "pbjson.h"
#include "rp.h"
#include "wire.h"

static void
one_frame(const uint8_t *p, size_t n)
{
    Rongpei__Frame *f = NULL;
    ProtobufCMessage *body, *back = NULL;
    const method *m;
    char err[128];
    json_t *j;
    arena a;

    arena_init(&a, n * 4 + 65536);
    if (wire_decode(&a, p, n, &f) != 0 || f->kind_case != RONGPEI__FRAME__KIND_REQUEST)
        goto out;
    m = method_find(f->request->method);
    if (m == NULL)
        goto out;
    body = protobuf_c_message_unpack(m->request, &a.pb, f->request->body.len, f->request->body.data);
    if (body == NULL)
        goto out;
    j = pbjson_from_msg(body);
    if (j != NULL) {
        if (pbjson_to_msg(m->request, j, &a, &back, err, sizeof(err)) != 0)
            __builtin_trap();   /* what we produced must convert back */
        json_decref(j);
    }
out:
    arena_reset(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t off = 0;

    while (off < size) {
        size_t n;
        int rc = wire_frame_len(data + off, size - off, RP_MAX_FRAME_ANON, &n);

        if (rc != 0)
            break;
        one_frame(data + off + WIRE_HDR, n);
        off += WIRE_HDR + n;
    }
    /* the whole input as one payload, too */
    one_frame(data, size);
    return 0;
}
