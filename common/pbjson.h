/*
 * pbjson.h - convert any protobuf-c message to and from JSON (jansson),
 * driven only by the message descriptors generated from proto/.
 *
 * This is what keeps rongpeid generic: a request body is decoded by the
 * method's descriptor, turned into JSON for the SQL function that implements
 * the method, and the JSON the function returns is turned back into the
 * method's reply message.  The client uses pbjson_from_msg for --json.
 *
 * Mapping: field names as in proto/; 64-bit integers as JSON integers;
 * bool as true/false; enums as integers; bytes as strings (no method body
 * carries raw bytes); repeated fields as arrays; nested messages as objects.
 * Oneofs are not supported in method bodies (the envelopes are never
 * converted).
 */
#ifndef RP_PBJSON_H
#define RP_PBJSON_H

#include <stddef.h>
#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

#include "arena.h"

/* New reference to a JSON object, or NULL on allocation failure. */
json_t *pbjson_from_msg(const ProtobufCMessage *m);

/* The size of one value of a field of type t in a message (an element of a
 * repeated field). */
size_t pbjson_type_size(ProtobufCType t);

/*
 * A field path ("enterprise.name": field name of sub-message enterprise)
 * in message m, through singular sub-messages: returns the message that
 * holds the last field and sets *field to it.  A sub-message on the way
 * that is not set is made in a (or, with a NULL, the path names nothing).
 * NULL when the path names no field.
 */
ProtobufCMessage *pbjson_path(ProtobufCMessage *m, const char *path, arena *a,
                              const ProtobufCFieldDescriptor **field);
/* The field a path names in messages of type d, or NULL. */
const ProtobufCFieldDescriptor *pbjson_path_field(const ProtobufCMessageDescriptor *d, const char *path);

/*
 * Build a message of type d from the JSON object j, allocating in a.
 * Unknown keys and JSON nulls are ignored.  Returns 0 and *out, or
 * RP_EINVAL with a description of the offending field in err, or
 * RP_ENOMEM when the arena's budget is exhausted.
 */
int pbjson_to_msg(const ProtobufCMessageDescriptor *d, json_t *j, arena *a,
                  ProtobufCMessage **out, char *err, size_t errsz);

/* The same, but a key that is no field of its message is an error
 * (RP_EINVAL, naming it): what the server's strict_replies mode uses so that
 * a reply key misspelt in SQL fails the tests instead of vanishing. */
int pbjson_to_msg_strict(const ProtobufCMessageDescriptor *d, json_t *j, arena *a,
                         ProtobufCMessage **out, char *err, size_t errsz);

#endif
