/*
 * wire.c - length-prefixed protobuf frames (see wire.h, docs/protocol.md).
 */
#include "wire.h"

#include <stdlib.h>

#include "rp.h"

int
wire_frame_len(const uint8_t *buf, size_t len, size_t max, size_t *payload)
{
    uint32_t n;

    if (len < WIRE_HDR)
        return RP_EAGAIN;
    n = (uint32_t) buf[0] << 24 | (uint32_t) buf[1] << 16 |
        (uint32_t) buf[2] << 8 | (uint32_t) buf[3];
    if (n == 0)
        return RP_EINVAL;
    if (n > max)
        return RP_ETOOBIG;
    if (len - WIRE_HDR < n)
        return RP_EAGAIN;
    *payload = n;
    return 0;
}

int
wire_decode(arena *a, const uint8_t *payload, size_t len, Rongpei__Frame **out)
{
    Rongpei__Frame *f;

    f = rongpei__frame__unpack(&a->pb, len, payload);
    if (f == NULL)
        return RP_EDECODE;
    if (f->kind_case == RONGPEI__FRAME__KIND__NOT_SET)
        return RP_EINVAL;
    *out = f;
    return 0;
}

void
wire_put_hdr(uint8_t hdr[WIRE_HDR], uint32_t len)
{
    hdr[0] = (uint8_t) (len >> 24);
    hdr[1] = (uint8_t) (len >> 16);
    hdr[2] = (uint8_t) (len >> 8);
    hdr[3] = (uint8_t) len;
}

int
wire_encode(const Rongpei__Frame *f, size_t max, uint8_t **out, size_t *outlen)
{
    size_t n = rongpei__frame__get_packed_size(f);
    uint8_t *buf;

    if (n > max)
        return RP_ETOOBIG;
    buf = malloc(WIRE_HDR + n);
    if (buf == NULL)
        return RP_ENOMEM;
    wire_put_hdr(buf, (uint32_t) n);
    rongpei__frame__pack(f, buf + WIRE_HDR);
    *out = buf;
    *outlen = WIRE_HDR + n;
    return 0;
}
