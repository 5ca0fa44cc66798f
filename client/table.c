/*
 * table.c - aligned terminal tables (see table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "pbjson.h"

static table_label_fn labeler;

void
table_set_labels(table_label_fn fn)
{
    labeler = fn;
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

int
table_field_numeric(const ProtobufCMessageDescriptor *d, const char *field)
{
    const ProtobufCFieldDescriptor *f = pbjson_path_field(d, field);

    if (f == NULL || f->label == PROTOBUF_C_LABEL_REPEATED)
        return 0;
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_BYTES:
    case PROTOBUF_C_TYPE_BOOL:
    case PROTOBUF_C_TYPE_MESSAGE:
    case PROTOBUF_C_TYPE_ENUM:
        return 0;
    default:
        return 1;
    }
}

/* 1234567.5 -> "1,234,567.50" */
static void
money_text(double v, char *buf, size_t n)
{
    char digits[64];
    size_t len, i, o = 0, lead;
    int neg = v < 0;

    snprintf(digits, sizeof(digits), "%.2f", neg ? -v : v);
    len = strcspn(digits, ".");
    lead = len % 3 ? len % 3 : 3;
    if (neg && o + 1 < n)
        buf[o++] = '-';
    for (i = 0; i < len && o + 2 < n; i++) {
        if (i >= lead && (i - lead) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    snprintf(buf + o, n - o, "%s", digits + len);
}

char *
table_field_fmt(const ProtobufCMessage *m, const char *field, enum col_fmt fmt)
{
    const ProtobufCFieldDescriptor *f;
    char buf[1024];

    /* (no arena: nothing is made) a path through a sub-message that is not
     * set names nothing, an empty cell */
    m = pbjson_path((ProtobufCMessage *) m, field, NULL, &f);

    if (f == NULL)
        return strdup(strchr(field, '.') ? "" : "?");
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t cnt = *(const size_t *) ((const char *) m + f->quantifier_offset);
        const char *arr = *(char *const *) ((const char *) m + f->offset);
        size_t i, off = 0;

        buf[0] = '\0';
        for (i = 0; i < cnt && off < sizeof(buf) - 1; i++) {
            char one[256];

            scalar_text(f, arr + i * pbjson_type_size(f->type), one, sizeof(one));
            off += (size_t) snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? "、" : "", one);
        }
        return strdup(buf);
    }
    if (fmt == F_MONEY && (f->type == PROTOBUF_C_TYPE_DOUBLE || f->type == PROTOBUF_C_TYPE_FLOAT)) {
        const void *p = (const char *) m + f->offset;

        money_text(f->type == PROTOBUF_C_TYPE_DOUBLE ? *(const double *) p : (double) *(const float *) p, buf,
                   sizeof(buf));
        return strdup(buf);
    }
    scalar_text(f, (const char *) m + f->offset, buf, sizeof(buf));
    return strdup(buf);
}

char *
table_field_text(const ProtobufCMessage *m, const char *field)
{
    return table_field_fmt(m, field, F_AUTO);
}

static void
pad(FILE *f, const char *s, int width, int right)
{
    int w = table_width(s);

    if (right)
        while (w++ < width)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        while (w++ < width)
            fputc(' ', f);
}

void
table_print_cells(FILE *f, const char *const *headers, size_t ncols, char *const *cells, size_t n,
                  const int *right)
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
    for (c = 0; c < ncols; c++) {
        int rt = right && right[c];

        /* the last column is not padded, unless right-aligned */
        pad(f, headers[c], c + 1 < ncols || rt ? widths[c] : 0, rt);
        if (c + 1 < ncols)
            fputs("  ", f);
    }
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
            int rt = right && right[c];

            pad(f, t ? t : "", c + 1 < ncols || rt ? widths[c] : 0, rt);
            if (c + 1 < ncols)
                fputs("  ", f);
        }
        fputc('\n', f);
    }
    fprintf(f, "共 %zu 条\n", n);
    free(widths);
}

void
table_print_text(FILE *f, const char *const *headers, size_t ncols, char *const *cells, size_t n)
{
    table_print_cells(f, headers, ncols, cells, n, NULL);
}

void
table_print(FILE *f, ProtobufCMessage *const *rows, size_t n, const col *cols, size_t ncols)
{
    const char **headers = calloc(ncols + 1, sizeof(char *));
    char **cells = calloc(n * ncols + 1, sizeof(char *));
    int *right = calloc(ncols + 1, sizeof(int));
    size_t r, c;

    if (headers != NULL && cells != NULL && right != NULL) {
        for (c = 0; c < ncols; c++) {
            headers[c] = cols[c].header;
            right[c] = cols[c].fmt == F_MONEY ||
                       (n > 0 && table_field_numeric(rows[0]->descriptor, cols[c].field));
        }
        for (r = 0; r < n; r++)
            for (c = 0; c < ncols; c++)
                cells[r * ncols + c] = table_field_fmt(rows[r], cols[c].field, cols[c].fmt);
        table_print_cells(f, headers, ncols, cells, n, right);
        for (r = 0; r < n * ncols; r++)
            free(cells[r]);
    }
    free(headers);
    free(cells);
    free(right);
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
        char *t = table_field_fmt(m, cols[c].field, cols[c].fmt);

        pad(f, cols[c].header, width + 2, 0);
        fprintf(f, "%s\n", t ? t : "");
        free(t);
    }
}
