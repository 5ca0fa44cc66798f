/*
 * pbjson.c - descriptor-driven protobuf <-> JSON (see pbjson.h).
 */
#include "pbjson.h"

#include <stdio.h>
#include <string.h>

#include "rp.h"

#define FIELD_PTR(m, off) ((void *) ((char *) (m) + (off)))

static json_t *
scalar_to_json(const ProtobufCFieldDescriptor *f, const void *p)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_ENUM:
        return json_integer(*(const int32_t *) p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return json_integer(*(const uint32_t *) p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return json_integer(*(const int64_t *) p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return json_integer((json_int_t) *(const uint64_t *) p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_boolean(*(const protobuf_c_boolean *) p);
    case PROTOBUF_C_TYPE_FLOAT:
        return json_real(*(const float *) p);
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_real(*(const double *) p);
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *) p;

        return json_string(s ? s : "");
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = p;

        return json_stringn((const char *) b->data, b->len);
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *) p;

        return sub ? pbjson_from_msg(sub) : json_null();
    }
    default:
        return NULL;
    }
}

size_t
pbjson_type_size(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_ENUM:
        return 4;
    case PROTOBUF_C_TYPE_FLOAT:
        return sizeof(float);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_DOUBLE:
        return sizeof(double);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    }
    return 0;
}

json_t *
pbjson_from_msg(const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    json_t *obj = json_object();
    unsigned i;

    if (obj == NULL)
        return NULL;
    for (i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        json_t *v;

        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *) FIELD_PTR(m, f->quantifier_offset);
            const char *arr = *(char *const *) FIELD_PTR(m, f->offset);
            size_t k;

            v = json_array();
            for (k = 0; v != NULL && k < n; k++) {
                json_t *e = scalar_to_json(f, arr + k * pbjson_type_size(f->type));

                if (e == NULL || json_array_append_new(v, e) != 0) {
                    json_decref(v);
                    v = NULL;
                }
            }
        } else {
            if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
                uint32_t c = *(const uint32_t *) FIELD_PTR(m, f->quantifier_offset);

                if (c != f->id)
                    continue;
            }
            v = scalar_to_json(f, FIELD_PTR(m, f->offset));
        }
        if (v == NULL || json_object_set_new(obj, f->name, v) != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

static int to_msg(const ProtobufCMessageDescriptor *d, json_t *j, arena *a, int strict,
                  ProtobufCMessage **out, char *err, size_t errsz);

static int
json_to_scalar(const ProtobufCFieldDescriptor *f, json_t *v, arena *a, int strict, void *p,
               char *err, size_t errsz)
{
    json_int_t iv = 0;

    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_BYTES: {
        const char *s;
        size_t n;
        char *copy;

        if (!json_is_string(v))
            goto bad;
        s = json_string_value(v);
        n = json_string_length(v);
        copy = arena_strndup(a, s, n);
        if (copy == NULL)
            return RP_ENOMEM;
        if (f->type == PROTOBUF_C_TYPE_STRING) {
            *(char **) p = copy;
        } else {
            ProtobufCBinaryData *b = p;

            b->data = (uint8_t *) copy;
            b->len = n;
        }
        return 0;
    }
    case PROTOBUF_C_TYPE_BOOL:
        if (!json_is_boolean(v))
            goto bad;
        *(protobuf_c_boolean *) p = json_is_true(v);
        return 0;
    case PROTOBUF_C_TYPE_FLOAT:
    case PROTOBUF_C_TYPE_DOUBLE:
        if (!json_is_number(v))
            goto bad;
        if (f->type == PROTOBUF_C_TYPE_FLOAT)
            *(float *) p = (float) json_number_value(v);
        else
            *(double *) p = json_number_value(v);
        return 0;
    case PROTOBUF_C_TYPE_MESSAGE: {
        ProtobufCMessage *sub;
        int rc;

        if (!json_is_object(v))
            goto bad;
        rc = to_msg(f->descriptor, v, a, strict, &sub, err, errsz);
        if (rc != 0)
            return rc;
        *(ProtobufCMessage **) p = sub;
        return 0;
    }
    default:
        break;
    }
    if (!json_is_integer(v))
        goto bad;
    iv = json_integer_value(v);
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_ENUM:
        if (iv < INT32_MIN || iv > INT32_MAX)
            goto bad;
        *(int32_t *) p = (int32_t) iv;
        return 0;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        if (iv < 0 || iv > (json_int_t) UINT32_MAX)
            goto bad;
        *(uint32_t *) p = (uint32_t) iv;
        return 0;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        *(int64_t *) p = (int64_t) iv;
        return 0;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        if (iv < 0)
            goto bad;
        *(uint64_t *) p = (uint64_t) iv;
        return 0;
    default:
        break;
    }
bad:
    snprintf(err, errsz, "field \"%s\" has the wrong type", f->name);
    return RP_EINVAL;
}

int
pbjson_to_msg(const ProtobufCMessageDescriptor *d, json_t *j, arena *a,
              ProtobufCMessage **out, char *err, size_t errsz)
{
    return to_msg(d, j, a, 0, out, err, errsz);
}

int
pbjson_to_msg_strict(const ProtobufCMessageDescriptor *d, json_t *j, arena *a,
                     ProtobufCMessage **out, char *err, size_t errsz)
{
    return to_msg(d, j, a, 1, out, err, errsz);
}

static int
to_msg(const ProtobufCMessageDescriptor *d, json_t *j, arena *a, int strict,
       ProtobufCMessage **out, char *err, size_t errsz)
{
    ProtobufCMessage *m;
    unsigned i;
    int rc;

    if (!json_is_object(j)) {
        snprintf(err, errsz, "%s must be a JSON object", d->short_name);
        return RP_EINVAL;
    }
    if (strict) {
        const char *key;
        json_t *v;

        json_object_foreach(j, key, v) {
            if (protobuf_c_message_descriptor_get_field_by_name(d, key) == NULL) {
                snprintf(err, errsz, "%s has no field \"%s\"", d->short_name, key);
                return RP_EINVAL;
            }
        }
    }
    m = arena_alloc(a, d->sizeof_message);
    if (m == NULL)
        return RP_ENOMEM;
    protobuf_c_message_init(d, m);
    for (i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        json_t *v = json_object_get(j, f->name);

        if (v == NULL || json_is_null(v))
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n, k, sz = pbjson_type_size(f->type);
            char *arr;

            if (!json_is_array(v)) {
                snprintf(err, errsz, "field \"%s\" must be an array", f->name);
                return RP_EINVAL;
            }
            n = json_array_size(v);
            arr = n ? arena_alloc(a, n * sz) : NULL;
            if (n && arr == NULL)
                return RP_ENOMEM;
            for (k = 0; k < n; k++) {
                rc = json_to_scalar(f, json_array_get(v, k), a, strict, arr + k * sz, err, errsz);
                if (rc != 0)
                    return rc;
            }
            *(size_t *) FIELD_PTR(m, f->quantifier_offset) = n;
            *(char **) FIELD_PTR(m, f->offset) = arr;
            continue;
        }
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
            *(uint32_t *) FIELD_PTR(m, f->quantifier_offset) = f->id;
        rc = json_to_scalar(f, v, a, strict, FIELD_PTR(m, f->offset), err, errsz);
        if (rc != 0)
            return rc;
    }
    *out = m;
    return 0;
}

/* ------------------------------------------------------------------ paths */

/* The next part of path into name; the rest after its dot, or NULL at the
 * last part (name then holds it).  NULL name on a part too long. */
static const char *
path_part(const char *path, char *name, size_t n, int *ok)
{
    const char *dot = strchr(path, '.');
    size_t len = dot ? (size_t) (dot - path) : strlen(path);

    *ok = len < n;
    if (*ok) {
        memcpy(name, path, len);
        name[len] = '\0';
    }
    return dot ? dot + 1 : NULL;
}

ProtobufCMessage *
pbjson_path(ProtobufCMessage *m, const char *path, arena *a, const ProtobufCFieldDescriptor **field)
{
    char name[64];
    int ok;

    *field = NULL;
    for (;;) {
        const char *rest = path_part(path, name, sizeof(name), &ok);
        const ProtobufCFieldDescriptor *f = ok ? protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name)
                                               : NULL;
        ProtobufCMessage **sub;

        if (f == NULL)
            return NULL;
        if (rest == NULL) {
            *field = f;
            return m;
        }
        if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label == PROTOBUF_C_LABEL_REPEATED)
            return NULL;
        sub = (ProtobufCMessage **) FIELD_PTR(m, f->offset);
        if (*sub == NULL) {
            const ProtobufCMessageDescriptor *d = f->descriptor;

            if (a == NULL || (*sub = arena_alloc(a, d->sizeof_message)) == NULL)
                return NULL;
            protobuf_c_message_init(d, *sub);
        }
        m = *sub;
        path = rest;
    }
}

const ProtobufCFieldDescriptor *
pbjson_path_field(const ProtobufCMessageDescriptor *d, const char *path)
{
    char name[64];
    int ok;

    for (;;) {
        const char *rest = path_part(path, name, sizeof(name), &ok);
        const ProtobufCFieldDescriptor *f = ok ? protobuf_c_message_descriptor_get_field_by_name(d, name) : NULL;

        if (f == NULL || rest == NULL)
            return f;
        if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label == PROTOBUF_C_LABEL_REPEATED)
            return NULL;
        d = f->descriptor;
        path = rest;
    }
}
