/*
 * wire.h - framing: 4-byte big-endian length, then one protobuf Frame.
 *
 * wire_frame_len() looks at the bytes received so far and says whether a
 * whole frame is there; wire_decode() unpacks it into an arena.  Both are
 * pure functions over memory so they can be fuzzed (tests/fuzz/).
 */
#ifndef RP_WIRE_H
#define RP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "rongpei.pb-c.h"

#define WIRE_HDR 4

/*
 * Given len bytes at buf, return the payload length of the first frame in
 * *payload and 0 when header and payload are both complete; RP_EAGAIN when
 * more bytes are needed; RP_ETOOBIG when the header announces more than max.
 * A zero-length frame is RP_EINVAL.
 */
int wire_frame_len(const uint8_t *buf, size_t len, size_t max, size_t *payload);

/*
 * Decode payload into a Frame allocated in a.  Returns 0 and *out, or
 * RP_EDECODE (garbage, or over the arena's budget) / RP_EINVAL (no kind set).
 */
int wire_decode(arena *a, const uint8_t *payload, size_t len, Rongpei__Frame **out);

/* Write the 4-byte header for a payload of len bytes. */
void wire_put_hdr(uint8_t hdr[WIRE_HDR], uint32_t len);

/*
 * Pack f with its header into a malloc'd buffer; *out and *outlen are set.
 * The caller frees *out.  RP_ETOOBIG when the frame exceeds max.
 */
int wire_encode(const Rongpei__Frame *f, size_t max, uint8_t **out, size_t *outlen);

#endif
