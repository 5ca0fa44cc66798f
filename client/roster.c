/*
 * roster.c - roster files (see roster.h).
 *
 * Spreadsheet safety: every value is written as a string cell, never as a
 * formula, and a value that begins with = + - or @ gets a leading
 * apostrophe so that a copy pasted elsewhere cannot become a formula either.
 */
#include "roster.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

static const char *const headers[] = {"序号", "姓名", "所在机构", "专业领域", "聘书编号", "聘期起", "聘期止"};
#define NHEAD (sizeof(headers) / sizeof(headers[0]))

static void
join(char *out, size_t n, char *const *items, size_t count)
{
    size_t i, off = 0;

    out[0] = '\0';
    for (i = 0; i < count && off < n; i++)
        off += (size_t) snprintf(out + off, n - off, "%s%s", i ? "、" : "", items[i]);
}

/* The text of column c of row r (0-based, after the sequence number). */
static void
cell(const Rongpei__Roster *ro, size_t r, size_t c, char *out, size_t n)
{
    const Rongpei__RosterRow *w = ro->rows[r];

    switch (c) {
    case 0: snprintf(out, n, "%zu", r + 1); break;
    case 1: snprintf(out, n, "%s", w->name); break;
    case 2: snprintf(out, n, "%s", w->org_name); break;
    case 3: join(out, n, w->specialisms, w->n_specialisms); break;
    case 4: snprintf(out, n, "%s", w->cert_no); break;
    case 5: snprintf(out, n, "%s", w->term_start); break;
    default: snprintf(out, n, "%s", w->term_end); break;
    }
}

static const char *
neutralise(const char *s, char *buf, size_t n)
{
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
        snprintf(buf, n, "'%s", s);
        return buf;
    }
    return s;
}

int
xlsx_write_table(const char *path, const char *sheet, const char *title, const char *subtitle,
                 const char *const *heads, size_t ncols, char *const *cells, size_t nrows)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws;
    lxw_format *bold, *head;
    char safe[2100];
    size_t i, c, top = 0;

    if (wb == NULL)
        return -1;
    ws = workbook_add_worksheet(wb, sheet);
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_font_size(bold, 16);
    head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    if (title != NULL) {
        worksheet_write_string(ws, 0, 0, title, bold);
        if (subtitle != NULL)
            worksheet_write_string(ws, 1, 0, subtitle, NULL);
        top = 3;
    }
    for (c = 0; c < ncols; c++) {
        int w = table_width(heads[c]);

        worksheet_write_string(ws, (lxw_row_t) top, (lxw_col_t) c, heads[c], head);
        for (i = 0; i < nrows; i++) {
            const char *t = cells[i * ncols + c] ? cells[i * ncols + c] : "";
            int tw = table_width(t);

            worksheet_write_string(ws, (lxw_row_t) (top + 1 + i), (lxw_col_t) c,
                                   neutralise(t, safe, sizeof(safe)), NULL);
            if (tw > w)
                w = tw;
        }
        worksheet_set_column(ws, (lxw_col_t) c, (lxw_col_t) c, w > 40 ? 40 : w + 2, NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int
roster_write_xlsx(const Rongpei__Roster *r, const char *path, char *err, size_t errsz)
{
    char when[20];
    char **cells = calloc(r->n_rows * NHEAD + 1, sizeof(char *));
    char text[1024], line[512];
    size_t i, c;
    int rc = -1;

    if (cells != NULL) {
        for (i = 0; i < r->n_rows; i++)
            for (c = 0; c < NHEAD; c++) {
                cell(r, i, c, text, sizeof(text));
                cells[i * NHEAD + c] = strdup(text);
            }
        snprintf(line, sizeof(line), "第 %d 版，%s 发布于 %s", r->version, r->publisher, table_time(r->published_at, when));
        rc = xlsx_write_table(path, "金融顾问名单", r->title, line, headers, NHEAD, cells, r->n_rows);
        for (i = 0; i < r->n_rows * NHEAD; i++)
            free(cells[i]);
        free(cells);
    }
    if (rc != 0)
        snprintf(err, errsz, "写入 %s 失败", path);
    return rc;
}

static void
html_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

int
roster_write_html(const Rongpei__Roster *r, const char *path, char *err, size_t errsz)
{
    char when[20];
    FILE *f = fopen(path, "w");
    char text[1024];
    size_t i, c;

    if (f == NULL) {
        snprintf(err, errsz, "无法创建 %s", path);
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html_escape(f, r->title);
    fputs("</title>\n<style>\n"
          "body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",SimSun,serif;margin:2em auto;max-width:60em;color:#222}\n"
          "h1{text-align:center;font-size:1.6em}\n"
          "p.meta{text-align:center;color:#555}\n"
          "table{border-collapse:collapse;width:100%}\n"
          "th,td{border:1px solid #999;padding:.35em .6em;text-align:left}\n"
          "th{background:#f2e6e6}\n"
          "</style>\n</head>\n<body>\n<h1>", f);
    html_escape(f, r->title);
    fprintf(f, "</h1>\n<p class=\"meta\">第 %d 版　", r->version);
    html_escape(f, r->publisher);
    fputs("　", f);
    html_escape(f, table_time(r->published_at, when));
    fputs(" 发布</p>\n<table>\n<thead><tr>", f);
    for (c = 0; c < NHEAD; c++)
        fprintf(f, "<th>%s</th>", headers[c]);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < r->n_rows; i++) {
        fputs("<tr>", f);
        for (c = 0; c < NHEAD; c++) {
            cell(r, i, c, text, sizeof(text));
            fputs("<td>", f);
            html_escape(f, text);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fprintf(f, "</tbody>\n</table>\n<p class=\"meta\">共 %zu 人</p>\n</body>\n</html>\n", r->n_rows);
    if (fclose(f) != 0) {
        snprintf(err, errsz, "写入 %s 失败", path);
        return -1;
    }
    return 0;
}
