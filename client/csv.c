/*
 * csv.c - read CSV in UTF-8 or GB18030 (see csv.h).
 */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_BYTES (64u * 1024 * 1024)

int
csv_is_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0;

    while (i < n) {
        unsigned char c = p[i];
        size_t k, len;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4;
        else
            return 0;
        if (i + len > n)
            return 0;
        for (k = 1; k < len; k++)
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

static int
line_at(const char *s, size_t off)
{
    int line = 1;
    size_t i;

    for (i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

/* GB18030 -> UTF-8; on an invalid sequence, the line it is on. */
static char *
from_gb18030(const char *in, size_t n, char *err, size_t errsz)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = n * 2 + 16, left = cap - 1, inleft = n;
    char *out, *op, *ip = (char *) in;

    if (cd == (iconv_t) -1) {
        snprintf(err, errsz, "本机不支持 GB18030 转换");
        return NULL;
    }
    out = malloc(cap);
    if (out == NULL) {
        iconv_close(cd);
        snprintf(err, errsz, "内存不足");
        return NULL;
    }
    op = out;
    while (inleft > 0) {
        if (iconv(cd, &ip, &inleft, &op, &left) == (size_t) -1) {
            if (errno == E2BIG) {
                size_t used = (size_t) (op - out);
                char *more = realloc(out, cap * 2);

                if (more == NULL)
                    break;
                out = more;
                op = out + used;
                left += cap;
                cap *= 2;
                continue;
            }
            snprintf(err, errsz, "第 %d 行含有无法识别的字符：文件应为 UTF-8 或 GB18030（GBK）编码",
                     line_at(in, (size_t) (ip - in)));
            free(out);
            iconv_close(cd);
            return NULL;
        }
    }
    *op = '\0';
    iconv_close(cd);
    return out;
}

static int
push_field(csv_record *r, char *f)
{
    char **more = realloc(r->fields, sizeof(char *) * (r->n + 1));

    if (more == NULL)
        return -1;
    r->fields = more;
    r->fields[r->n++] = f;
    return 0;
}

/* raw (size bytes, malloc'd, NUL after them) as UTF-8 text, consumed. */
static char *
text_decode(char *raw, size_t size, const char **encoding, char *err, size_t errsz)
{
    const char *nul = memchr(raw, '\0', size);
    char *text;

    if (nul != NULL) {
        snprintf(err, errsz, "第 %d 行含有空字符（NUL）：这不是文本文件，请另存为 CSV（UTF-8 或 GB18030）",
                 line_at(raw, (size_t) (nul - raw)));
        free(raw);
        return NULL;
    }
    if (size >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0) {
        memmove(raw, raw + 3, size - 2);
        size -= 3;
    } else if (size >= 4 && memcmp(raw, "\x84\x31\x95\x33", 4) == 0) {
        /* GB18030's own byte-order mark (U+FEFF): the rest is GB18030 */
        text = from_gb18030(raw + 4, size - 4, err, errsz);
        free(raw);
        *encoding = "GB18030";
        return text;
    }
    if (csv_is_utf8(raw, size)) {
        *encoding = "UTF-8";
        return raw;
    }
    text = from_gb18030(raw, size, err, errsz);
    free(raw);
    *encoding = "GB18030";
    return text;
}

char *
file_slurp(const char *path, size_t *len, char *err, size_t errsz)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    size_t cap = 65536, n = 0, got;
    char *buf;

    if (f == NULL) {
        snprintf(err, errsz, "无法打开文件 %s：%s", path,
                 errno == ENOENT ? "文件不存在" : errno == EACCES ? "没有读取权限" : "无法读取");
        return NULL;
    }
    if ((buf = malloc(cap + 1)) == NULL) {
        if (!is_stdin)
            fclose(f);
        snprintf(err, errsz, "内存不足");
        return NULL;
    }
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *more;

            if (cap >= CSV_MAX_BYTES) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                snprintf(err, errsz, "文件过大（上限 64 MB）");
                return NULL;
            }
            if ((more = realloc(buf, cap * 2 + 1)) == NULL) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                snprintf(err, errsz, "内存不足");
                return NULL;
            }
            buf = more;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        free(buf);
        if (!is_stdin)
            fclose(f);
        snprintf(err, errsz, "无法读取文件 %s", is_stdin ? "（标准输入）" : path);
        return NULL;
    }
    if (!is_stdin)
        fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void
csv_write_cell(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n") != NULL) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

char *
text_file_read(const char *path, const char **encoding, char *err, size_t errsz)
{
    size_t size;
    char *raw = file_slurp(path, &size, err, errsz);

    if (raw == NULL)
        return NULL;
    if (size > CSV_MAX_BYTES) {
        free(raw);
        snprintf(err, errsz, "文件过大（上限 64 MB）");
        return NULL;
    }
    return text_decode(raw, size, encoding, err, errsz);
}

static int csv_parse_text(csv_table *t, char *err, size_t errsz);

int
csv_read(const char *path, csv_table *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof(*t));
    if ((t->text = text_file_read(path, &t->encoding, err, errsz)) == NULL)
        return -1;
    return csv_parse_text(t, err, errsz);
}

int
csv_parse(const char *data, size_t len, csv_table *t, char *err, size_t errsz)
{
    char *raw;

    memset(t, 0, sizeof(*t));
    if (len > CSV_MAX_BYTES) {
        snprintf(err, errsz, "文件过大（上限 64 MB）");
        return -1;
    }
    if ((raw = malloc(len + 1)) == NULL) {
        snprintf(err, errsz, "内存不足");
        return -1;
    }
    if (len > 0)
        memcpy(raw, data, len);
    raw[len] = '\0';
    if ((t->text = text_decode(raw, len, &t->encoding, err, errsz)) == NULL)
        return -1;
    return csv_parse_text(t, err, errsz);
}

/* Parse t->text in place: fields are NUL-terminated inside it. */
static int
csv_parse_text(csv_table *t, char *err, size_t errsz)
{
    char *s, *w;
    int line = 1;
    csv_record cur;

    s = w = t->text;
    memset(&cur, 0, sizeof(cur));
    cur.line = line;
    for (;;) {
        char *field = w;

        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0') {
                    snprintf(err, errsz, "第 %d 行的引号没有闭合", cur.line);
                    free(cur.fields);
                    csv_free(t);
                    return -1;
                }
                if (*s == '"' && s[1] == '"') {
                    *w++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n')
                        line++;
                    *w++ = *s++;
                }
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            *w++ = *s++;
        {
            char end = *s;

            *w = '\0';
            if (push_field(&cur, field) != 0)
                goto nomem;
            if (end == ',') {
                s++;
                w = s;
                continue;
            }
            /* *w may have overwritten the delimiter at *s: decide by end */
            if (end == '\r') {
                s++;
                if (*s == '\n')
                    s++;
            } else if (end == '\n') {
                s++;
            }
            /* a record ends; blank lines are skipped */
            if (!(cur.n == 1 && cur.fields[0][0] == '\0')) {
                csv_record *more = realloc(t->records, sizeof(csv_record) * (t->n + 1));

                if (more == NULL)
                    goto nomem;
                t->records = more;
                t->records[t->n++] = cur;
            } else {
                free(cur.fields);
            }
            memset(&cur, 0, sizeof(cur));
            line++;
            cur.line = line;
            if (*s == '\0')
                break;
            w = s;
        }
    }
    return 0;
nomem:
    free(cur.fields);
    csv_free(t);
    snprintf(err, errsz, "内存不足");
    return -1;
}

void
csv_free(csv_table *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        free(t->records[i].fields);
    free(t->records);
    free(t->text);
    memset(t, 0, sizeof(*t));
}

/* Split a cell of several values ("信贷融资、法律" or "credit;law"); in place. */
size_t
csv_split_values(char *cell, char **out, size_t max)
{
    size_t n = 0;
    char *p = cell;

    while (*p && n < max) {
        char *end = p;
        size_t skip = 0;

        while (*end) {
            if (strncmp(end, "、", 3) == 0 || strncmp(end, "；", 3) == 0 || strncmp(end, "，", 3) == 0) {
                skip = 3;
                break;
            }
            if (*end == ';' || *end == '|' || *end == '/') {
                skip = 1;
                break;
            }
            end++;
        }
        {
            char *next = *end ? end + skip : end;

            *end = '\0';
            while (*p == ' ')
                p++;
            if (*p)
                out[n++] = p;
            p = next;
        }
    }
    return n;
}
