/*
 * table.c - aligned terminal tables (see table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static table_label_fn labeler;

void
table_set_labels(table_label_fn fn)
{
    labeler = fn;
}

static size_t
type_size(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    default:
        return 4;
    }
}

int
table_width(const char *s)
{
    mbstate_t st;
    int w = 0;

    memset(&st, 0, sizeof(st));
    while (*s) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
        int cw;

        if (n == (size_t) -1 || n == (size_t) -2 || n == 0) {
            /* not valid in this locale: count bytes, resynchronise */
            memset(&st, 0, sizeof(st));
            w++;
            s++;
            continue;
        }
        cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += n;
    }
    return w;
}

const char *
table_time(const char *s, char out[20])
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd+08:00";
    size_t i;

    if (s == NULL || strlen(s) != sizeof(shape) - 1)
        return s;
    for (i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return s;
    memcpy(out, s, 16);
    out[10] = ' ';
    out[16] = '\0';
    return out;
}

static void
scalar_text(const ProtobufCFieldDescriptor *f, const void *p, char *buf, size_t n)
{
    char when[20];

    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        snprintf(buf, n, "%lld", (long long) *(const int64_t *) p);
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        snprintf(buf, n, "%llu", (unsigned long long) *(const uint64_t *) p);
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        snprintf(buf, n, "%u", *(const uint32_t *) p);
        break;
    case PROTOBUF_C_TYPE_BOOL:
        snprintf(buf, n, "%s", *(const protobuf_c_boolean *) p ? "是" : "否");
        break;
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *) p;
        const char *label = labeler && s ? labeler(f->name, s) : NULL;

        snprintf(buf, n, "%s", label ? label : s ? table_time(s, when) : "");
        break;
    }
    case PROTOBUF_C_TYPE_DOUBLE:
        snprintf(buf, n, "%.2f", *(const double *) p);
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        snprintf(buf, n, "%.2f", (double) *(const float *) p);
        break;
    case PROTOBUF_C_TYPE_MESSAGE:
        snprintf(buf, n, "…");
        break;
    case PROTOBUF_C_TYPE_BYTES:
        snprintf(buf, n, "(%zu 字节)", ((const ProtobufCBinaryData *) p)->len);
        break;
    default:
        snprintf(buf, n, "%d", *(const int32_t *) p);
        break;
    }
}

char *
table_field_text(const ProtobufCMessage *m, const char *field)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, field);
    char buf[1024];

    if (f == NULL)
        return strdup("?");
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t cnt = *(const size_t *) ((const char *) m + f->quantifier_offset);
        const char *arr = *(char *const *) ((const char *) m + f->offset);
        size_t i, off = 0;

        buf[0] = '\0';
        for (i = 0; i < cnt && off < sizeof(buf) - 1; i++) {
            char one[256];

            scalar_text(f, arr + i * type_size(f->type), one, sizeof(one));
            off += (size_t) snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? "、" : "", one);
        }
        return strdup(buf);
    }
    scalar_text(f, (const char *) m + f->offset, buf, sizeof(buf));
    return strdup(buf);
}

static void
pad(FILE *f, const char *s, int width)
{
    int w = table_width(s);

    fputs(s, f);
    while (w++ < width)
        fputc(' ', f);
}

void
table_print_text(FILE *f, const char *const *headers, size_t ncols, char *const *cells, size_t n)
{
    int *widths = calloc(ncols ? ncols : 1, sizeof(int));
    size_t r, c;

    if (widths == NULL)
        return;
    for (c = 0; c < ncols; c++)
        widths[c] = table_width(headers[c]);
    for (r = 0; r < n; r++)
        for (c = 0; c < ncols; c++) {
            const char *t = cells[r * ncols + c];
            int w = t ? table_width(t) : 0;

            if (w > widths[c])
                widths[c] = w;
        }
    for (c = 0; c < ncols; c++)
        pad(f, headers[c], c + 1 < ncols ? widths[c] + 2 : 0);
    fputc('\n', f);
    for (c = 0; c < ncols; c++) {
        int i;

        for (i = 0; i < widths[c]; i++)
            fputc('-', f);
        if (c + 1 < ncols)
            fputs("  ", f);
    }
    fputc('\n', f);
    for (r = 0; r < n; r++) {
        for (c = 0; c < ncols; c++) {
            const char *t = cells[r * ncols + c];

            pad(f, t ? t : "", c + 1 < ncols ? widths[c] + 2 : 0);
        }
        fputc('\n', f);
    }
    fprintf(f, "共 %zu 条\n", n);
    free(widths);
}

void
table_print(FILE *f, ProtobufCMessage *const *rows, size_t n, const col *cols, size_t ncols)
{
    const char **headers = calloc(ncols + 1, sizeof(char *));
    char **cells = calloc(n * ncols + 1, sizeof(char *));
    size_t r, c;

    if (headers != NULL && cells != NULL) {
        for (c = 0; c < ncols; c++)
            headers[c] = cols[c].header;
        for (r = 0; r < n; r++)
            for (c = 0; c < ncols; c++)
                cells[r * ncols + c] = table_field_text(rows[r], cols[c].field);
        table_print_text(f, headers, ncols, cells, n);
        for (r = 0; r < n * ncols; r++)
            free(cells[r]);
    }
    free(headers);
    free(cells);
}

void
table_print_record(FILE *f, const ProtobufCMessage *m, const col *cols, size_t ncols)
{
    int width = 0;
    size_t c;

    for (c = 0; c < ncols; c++) {
        int w = table_width(cols[c].header);

        if (w > width)
            width = w;
    }
    for (c = 0; c < ncols; c++) {
        char *t = table_field_text(m, cols[c].field);

        pad(f, cols[c].header, width + 2);
        fprintf(f, "%s\n", t ? t : "");
        free(t);
    }
}
