/*
 * xlsx.c - the first worksheet of an Excel workbook as a csv_table (see
 * xlsx.h): libzip opens the package, expat reads the workbook (which sheet
 * is first), the shared strings and the sheet's rows.
 *
 * Cells become text: shared and inline strings as written, numbers as
 * Excel stores them, booleans as 是/否.  Each record keeps its row number,
 * so a message can name it as the user sees it in Excel.
 */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#define XLSX_PART_MAX (64u << 20)   /* no part of a nomination file is this large */

/* ------------------------------------------------------------------ a growing text buffer */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int
buf_add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;

        while (b->n + n + 1 > cap)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ reading parts */

static char *
read_part(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t st;
    zip_file_t *f;
    char *data;
    zip_int64_t got;

    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > XLSX_PART_MAX)
        return NULL;
    if ((f = zip_fopen(z, name, 0)) == NULL)
        return NULL;
    data = malloc((size_t) st.size + 1);
    got = data ? zip_fread(f, data, st.size) : -1;
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t) got != st.size) {
        free(data);
        return NULL;
    }
    data[st.size] = '\0';
    *len = (size_t) st.size;
    return data;
}

static const char *
local_name(const char *name)
{
    const char *c = strrchr(name, ':');

    return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (strcmp(local_name(atts[0]), name) == 0)
            return atts[1];
    return NULL;
}

/* One parse of an XML part with the given handlers; 0 or -1. */
static int
parse_xml(const char *data, size_t len, void *ud, XML_StartElementHandler start, XML_EndElementHandler end,
          XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreate(NULL);
    int ok;

    if (p == NULL)
        return -1;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    if (text)
        XML_SetCharacterDataHandler(p, text);
    ok = XML_Parse(p, data, (int) len, 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ workbook: the first sheet's part */

typedef struct wb {
    char rid[64];
    char target[512];
} wb;

static void XMLCALL
wb_start(void *ud, const char *name, const char **atts)
{
    wb *w = ud;
    const char *v;

    if (strcmp(local_name(name), "sheet") == 0 && !w->rid[0] && (v = attr(atts, "id")) != NULL)
        snprintf(w->rid, sizeof(w->rid), "%s", v);
}

static void XMLCALL
rels_start(void *ud, const char *name, const char **atts)
{
    wb *w = ud;
    const char *id = attr(atts, "Id"), *t = attr(atts, "Target");

    if (strcmp(local_name(name), "Relationship") == 0 && id && t && strcmp(id, w->rid) == 0) {
        if (t[0] == '/')
            snprintf(w->target, sizeof(w->target), "%s", t + 1);
        else
            snprintf(w->target, sizeof(w->target), "xl/%s", t);
    }
}

static void XMLCALL
no_end(void *ud, const char *name)
{
    (void) ud;
    (void) name;
}

/* ------------------------------------------------------------------ shared strings */

typedef struct sst {
    buf text;           /* every string, NUL-separated */
    size_t *off;
    size_t n, cap;
    int in_t, in_rph;
    size_t start;
    int failed;
} sst;

static void XMLCALL
sst_start(void *ud, const char *name, const char **atts)
{
    sst *s = ud;
    const char *n = local_name(name);

    (void) atts;
    if (strcmp(n, "si") == 0) {
        s->start = s->text.n;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1;      /* phonetic guide: not part of the text */
    } else if (strcmp(n, "t") == 0) {
        s->in_t = 1;
    }
}

static void XMLCALL
sst_end(void *ud, const char *name)
{
    sst *s = ud;
    const char *n = local_name(name);

    if (strcmp(n, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "si") == 0) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 256;
            size_t *o = realloc(s->off, cap * sizeof(size_t));

            if (o == NULL) {
                s->failed = 1;
                return;
            }
            s->off = o;
            s->cap = cap;
        }
        s->off[s->n++] = s->start;
        if (buf_add(&s->text, "", 1) != 0)     /* the terminating NUL of this string */
            s->failed = 1;
    }
}

static void XMLCALL
sst_text(void *ud, const char *t, int len)
{
    sst *s = ud;

    if (s->in_t && !s->in_rph && buf_add(&s->text, t, (size_t) len) != 0)
        s->failed = 1;
}

/* ------------------------------------------------------------------ the sheet */

typedef struct cell {
    int col;
    size_t off;         /* into sheet.text */
} cell;

typedef struct row {
    int line;
    cell *cells;
    size_t n, cap;
} row;

typedef struct sheet {
    const sst *strings;
    buf text;
    row *rows;
    size_t n, cap;
    char type[16];
    int col, next_col;
    int in_value;
    buf value;
    int failed;
    const char *error;
} sheet;

/* The column of a cell reference ("C7" -> 2), or -1 past Excel's last (XFD). */
static int
col_of(const char *ref)
{
    int c = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        c = c * 26 + (*ref - 'A' + 1);
        if (c > 16384)
            return -1;
    }
    return c - 1;
}

static void XMLCALL
sheet_start(void *ud, const char *name, const char **atts)
{
    sheet *s = ud;
    const char *n = local_name(name), *v;

    if (strcmp(n, "row") == 0) {
        row *r;

        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 256;
            row *p = realloc(s->rows, cap * sizeof(row));

            if (p == NULL) {
                s->failed = 1;
                return;
            }
            s->rows = p;
            s->cap = cap;
        }
        r = &s->rows[s->n++];
        memset(r, 0, sizeof(*r));
        v = attr(atts, "r");
        r->line = v ? atoi(v) : (s->n > 1 ? s->rows[s->n - 2].line + 1 : 1);
        s->next_col = 0;
    } else if (strcmp(n, "c") == 0) {
        v = attr(atts, "r");
        s->col = v ? col_of(v) : s->next_col;
        if (s->col < 0 || s->col >= 16384) {
            s->failed = 1;
            s->error = "单元格的位置超出了 Excel 的范围（最多 XFD 列）";
            s->col = 0;
        }
        s->next_col = s->col + 1;
        v = attr(atts, "t");
        snprintf(s->type, sizeof(s->type), "%s", v ? v : "n");
        s->value.n = 0;
        if (s->value.p)
            s->value.p[0] = '\0';
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        s->in_value = 1;
    }
}

static void XMLCALL
sheet_text(void *ud, const char *t, int len)
{
    sheet *s = ud;

    if (s->in_value && buf_add(&s->value, t, (size_t) len) != 0)
        s->failed = 1;
}

static void XMLCALL
sheet_end(void *ud, const char *name)
{
    sheet *s = ud;
    const char *n = local_name(name), *v;
    row *r;

    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        s->in_value = 0;
        return;
    }
    if (strcmp(n, "c") != 0 || s->n == 0 || s->col < 0 || s->col > 255)
        return;
    v = s->value.p ? s->value.p : "";
    if (strcmp(s->type, "s") == 0) {
        long i = strtol(v, NULL, 10);

        if (s->strings == NULL || i < 0 || (size_t) i >= s->strings->n) {
            s->error = "单元格引用了不存在的共享字符串";
            s->failed = 1;
            return;
        }
        v = s->strings->text.p + s->strings->off[i];
    } else if (strcmp(s->type, "b") == 0) {
        v = strcmp(v, "1") == 0 ? "是" : "否";
    }
    if (*v == '\0')
        return;
    r = &s->rows[s->n - 1];
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        cell *p = realloc(r->cells, cap * sizeof(cell));

        if (p == NULL) {
            s->failed = 1;
            return;
        }
        r->cells = p;
        r->cap = cap;
    }
    r->cells[r->n].col = s->col;
    r->cells[r->n].off = s->text.n;
    r->n++;
    if (buf_add(&s->text, v, strlen(v) + 1) != 0)
        s->failed = 1;
}

/* ------------------------------------------------------------------ the whole file */

/* The first sheet of the workbook z (consumed); what names it in messages. */
static int
read_workbook(zip_t *z, const char *path, csv_table *t, char *err, size_t errsz)
{
    char *data;
    size_t len, i, k;
    wb w;
    sst strings;
    sheet sh;
    int rc = -1;

    memset(t, 0, sizeof(*t));
    memset(&w, 0, sizeof(w));
    memset(&strings, 0, sizeof(strings));
    memset(&sh, 0, sizeof(sh));
    if ((data = read_part(z, "xl/workbook.xml", &len)) != NULL) {
        parse_xml(data, len, &w, wb_start, no_end, NULL);
        free(data);
    }
    if (w.rid[0] && (data = read_part(z, "xl/_rels/workbook.xml.rels", &len)) != NULL) {
        parse_xml(data, len, &w, rels_start, no_end, NULL);
        free(data);
    }
    if (!w.target[0])
        snprintf(w.target, sizeof(w.target), "xl/worksheets/sheet1.xml");
    if ((data = read_part(z, "xl/sharedStrings.xml", &len)) != NULL) {
        if (parse_xml(data, len, &strings, sst_start, sst_end, sst_text) != 0 || strings.failed) {
            snprintf(err, errsz, "%s 的共享字符串表已损坏", path);
            free(data);
            goto out;
        }
        free(data);
        sh.strings = &strings;
    }
    if ((data = read_part(z, w.target, &len)) == NULL) {
        snprintf(err, errsz, "%s 中找不到第一个工作表", path);
        goto out;
    }
    buf_add(&sh.text, "", 1);    /* offset 0: the empty cell */
    if (parse_xml(data, len, &sh, sheet_start, sheet_end, sheet_text) != 0 || sh.failed) {
        snprintf(err, errsz, "%s 的工作表无法读取%s%s", path, sh.error ? "：" : "", sh.error ? sh.error : "");
        free(data);
        goto out;
    }
    free(data);
    /* rows -> records: every column up to the last one filled */
    t->records = calloc(sh.n ? sh.n : 1, sizeof(csv_record));
    if (t->records == NULL)
        goto nomem;
    for (i = 0; i < sh.n; i++) {
        row *r = &sh.rows[i];
        size_t width = 0;

        for (k = 0; k < r->n; k++)
            if ((size_t) r->cells[k].col + 1 > width)
                width = (size_t) r->cells[k].col + 1;
        if (width == 0)
            continue;   /* an empty row, as an empty line of a CSV file */
        t->records[t->n].line = r->line;
        t->records[t->n].n = width;
        t->records[t->n].fields = calloc(width, sizeof(char *));
        if (t->records[t->n].fields == NULL)
            goto nomem;
        for (k = 0; k < width; k++)
            t->records[t->n].fields[k] = sh.text.p;
        for (k = 0; k < r->n; k++)
            t->records[t->n].fields[r->cells[k].col] = sh.text.p + r->cells[k].off;
        t->n++;
    }
    t->text = sh.text.p;
    sh.text.p = NULL;
    t->encoding = "Excel 工作簿";
    rc = 0;
    goto out;
nomem:
    snprintf(err, errsz, "内存不足");
    csv_free(t);
out:
    for (i = 0; i < sh.n; i++)
        free(sh.rows[i].cells);
    free(sh.rows);
    free(sh.text.p);
    free(sh.value.p);
    free(strings.text.p);
    free(strings.off);
    zip_discard(z);
    return rc;
}

int
xlsx_read(const char *path, csv_table *t, char *err, size_t errsz)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);

    memset(t, 0, sizeof(*t));
    if (z == NULL) {
        snprintf(err, errsz, "无法打开 %s：不是有效的 Excel（xlsx）文件", path);
        return -1;
    }
    return read_workbook(z, path, t, err, errsz);
}

static int
parse_buffer(const void *data, size_t len, const char *name, csv_table *t, char *err, size_t errsz)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *z;

    memset(t, 0, sizeof(*t));
    zip_error_init(&ze);
    src = zip_source_buffer_create(data, len, 0, &ze);
    z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (z == NULL) {
        zip_source_free(src);
        snprintf(err, errsz, "不是有效的 Excel（xlsx）文件");
        return -1;
    }
    return read_workbook(z, name, t, err, errsz);
}

int
xlsx_parse(const void *data, size_t len, csv_table *t, char *err, size_t errsz)
{
    return parse_buffer(data, len, "工作簿", t, err, errsz);
}

int
table_file_open(const char *path, csv_table *t, const char *const *names, size_t n, int *at, char *err,
                size_t errsz)
{
    size_t len, i, k, off;
    char *data = file_slurp(path, &len, err, errsz);
    int rc;

    if (data == NULL)
        return -1;
    /* by what the file holds, not its name: a zip is a workbook; the old
     * binary Excel format (an OLE2 compound file) is refused with what to do */
    if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
        free(data);
        snprintf(err, errsz, "这是旧版 Excel（.xls）文件，无法读取：请在 Excel 中“另存为” .xlsx 或 CSV（UTF-8）后再导入");
        return -1;
    }
    k = strlen(path);
    if (k > 5 && strcasecmp(path + k - 5, ".xlsx") == 0 && !(len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)) {
        free(data);
        snprintf(err, errsz, "无法打开 %s：不是有效的 Excel（xlsx）文件", path);
        return -1;
    }
    rc = len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0 ? parse_buffer(data, len, path, t, err, errsz)
                                                        : csv_parse(data, len, t, err, errsz);
    free(data);
    if (rc != 0)
        return -1;
    if (t->n < 2) {
        snprintf(err, errsz, "文件中没有数据行（第一行应为表头）");
        csv_free(t);
        return -1;
    }
    for (k = 0; k < n; k++)
        at[k] = -1;
    for (i = 0; i < t->records[0].n; i++) {
        const char *h = t->records[0].fields[i];
        int known = 0;

        for (k = 0; k < n; k++)
            if (strcmp(h, names[k]) == 0) {
                at[k] = (int) i;
                known = 1;
            }
        if (*h && !known) {
            off = (size_t) snprintf(err, errsz, "表头“%s”无法识别；可用的列：", h);
            for (k = 0; k < n && off < errsz; k++)
                off += (size_t) snprintf(err + off, errsz - off, "%s%s", k ? "、" : "", names[k]);
            csv_free(t);
            return -1;
        }
    }
    return 0;
}
