/*
 * pdf.c - lay out an appointment certificate and a service agreement
 * (see pdf.h).
 *
 * Layout (A4 portrait, points): a double frame; the title 聘书 large and
 * centred; the body paragraph naming the advisor, institution, team and
 * term; the certificate number; the issuer and the date in Chinese style at
 * the lower right; the verification code and how to check it at the foot.
 */
#include "pdf.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define A4_W 595.28
#define A4_H 841.89

void
pdf_chinese_date(const char *iso, char out[32])
{
    int y = 0, m = 0, d = 0;

    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        snprintf(out, 32, "%s", iso);
    else
        snprintf(out, 32, "%d年%d月%d日", y, m, d);
}

/* An A4 PDF at path, titled; NULL with err when it cannot be made. */
static cairo_surface_t *
pdf_open(const char *path, const char *title, char *err, size_t errsz)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, A4_W, A4_H);

    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "无法创建 %s", path);
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "rongpei");
    return s;
}

/* The last page shown, the file finished: 0, or -1 with err. */
static int
pdf_close(cairo_surface_t *s, cairo_t *cr, const char *path, char *err, size_t errsz)
{
    int rc = 0;

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "写入 %s 失败", path);
        rc = -1;
    }
    cairo_surface_destroy(s);
    return rc;
}

/* A layout of s in font, wrapped to width; align: 0 left, 1 centre, 2 right. */
static PangoLayout *
new_layout(cairo_t *cr, const char *s, const char *font, double width, int align, double spacing)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);

    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int) (width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align == 1 ? PANGO_ALIGN_CENTER : align == 2 ? PANGO_ALIGN_RIGHT
                                                                            : PANGO_ALIGN_LEFT);
    pango_layout_set_spacing(l, (int) (spacing * PANGO_SCALE));
    pango_layout_set_text(l, s, -1);
    pango_font_description_free(fd);
    return l;
}

/* Draw text in a box of the given width at (x, y); returns the y below it. */
static double
text(cairo_t *cr, const char *s, const char *font, double x, double y, double width, int align,
     double spacing)
{
    PangoLayout *l = new_layout(cr, s, font, width, align, spacing);
    int w, h;

    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return y + (double) h / PANGO_SCALE;
}

int
pdf_certificate(const Rongpei__CertificateDoc *d, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *s = pdf_open(path, "聘书", err, errsz);
    cairo_t *cr;
    char body[1024], start[32], end[32], issued[32], line[256];
    double y;

    if (s == NULL)
        return -1;
    cr = cairo_create(s);

    /* frame: a thick outer and a thin inner line in seal red */
    cairo_set_source_rgb(cr, 0.70, 0.08, 0.08);
    cairo_set_line_width(cr, 4);
    cairo_rectangle(cr, 36, 36, A4_W - 72, A4_H - 72);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, 46, 46, A4_W - 92, A4_H - 92);
    cairo_stroke(cr);

    cairo_set_source_rgb(cr, 0.70, 0.08, 0.08);
    y = text(cr, "聘　书", "Noto Serif CJK SC Bold 48", 80, 120, A4_W - 160, 1, 0);

    cairo_set_source_rgb(cr, 0, 0, 0);
    pdf_chinese_date(d->term_start, start);
    pdf_chinese_date(d->term_end, end);
    pdf_chinese_date(d->issued_on, issued);
    snprintf(line, sizeof(line), "%s", d->cert_no);
    text(cr, line, "Noto Serif CJK SC 12", 90, y + 20, A4_W - 180, 2, 0);
    snprintf(body, sizeof(body),
             "　　兹聘请%s同志（%s）为%s，聘期自%s至%s。\n"
             "　　请秉持专业、诚信、保密、义务服务的原则，为结对企业提供融资辅导与咨询服务，"
             "不收取任何费用或利益。",
             d->name, d->org_name, d->team, start, end);
    /* body in 16 pt (三号, GB/T 9704), issuer and date below it, right-aligned */
    y = text(cr, body, "Noto Serif CJK SC 16", 90, y + 80, A4_W - 180, 0, 12);
    if (y < A4_H - 360)
        y = A4_H - 360;
    y = text(cr, d->issuer, "Noto Serif CJK SC 16", 90, y + 60, A4_W - 180, 2, 0);
    text(cr, issued, "Noto Serif CJK SC 16", 90, y + 12, A4_W - 180, 2, 0);

    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    snprintf(line, sizeof(line), "聘书编号：%s　　核验码：%s", d->cert_no, d->verify_code);
    y = text(cr, line, "Noto Sans CJK SC 10", 70, A4_H - 120, A4_W - 140, 1, 0);
    text(cr, "真伪与是否有效可用 rongpei certificate verify 核验码 查询",
         "Noto Sans CJK SC 9", 70, y + 4, A4_W - 140, 1, 0);

    return pdf_close(s, cr, path, err, errsz);
}

/*
 * The service agreement: A4 pages with 2.5 cm margins; the title; the filing
 * number at the upper right (or 未备案 in grey); the text paragraph by
 * paragraph, a paragraph that does not fit going to the next page; then the
 * signatures (who, when, the SM3 digest each signed) and the filing record;
 * on every page's foot the agreement's number, its digest and the page.
 */
typedef struct page_state {
    cairo_t *cr;
    const Rongpei__Agreement *a;
    double y;
    int page;
} page_state;

#define AG_LEFT 72.0
#define AG_WIDTH (A4_W - 144.0)
#define AG_BOTTOM (A4_H - 90.0)

static void
ag_foot(page_state *ps)
{
    char line[256];

    cairo_set_source_rgb(ps->cr, 0.35, 0.35, 0.35);
    snprintf(line, sizeof(line), "协议编号 %lld　SM3 %.32s…　第 %d 页", (long long) ps->a->id, ps->a->digest,
             ps->page);
    text(ps->cr, line, "Noto Sans CJK SC 8", AG_LEFT, A4_H - 60, AG_WIDTH, 1, 0);
    cairo_set_source_rgb(ps->cr, 0, 0, 0);
}

/* The height text() would take. */
static double
measure(cairo_t *cr, const char *s, const char *font, double width, double spacing)
{
    PangoLayout *l = new_layout(cr, s, font, width, 0, spacing);
    int w, h;

    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double) h / PANGO_SCALE;
}

/* One paragraph, on a new page when it (and keep points more: a heading
 * keeps a line of what follows with it) does not fit on this one. */
static void
ag_para(page_state *ps, const char *s, const char *font, double before, double keep)
{
    double h = measure(ps->cr, s, font, AG_WIDTH, 6);

    if (ps->y + before + h + keep > AG_BOTTOM) {
        ag_foot(ps);
        cairo_show_page(ps->cr);
        ps->page++;
        ps->y = 72;
        before = 0;
    }
    ps->y = text(ps->cr, s, font, AG_LEFT, ps->y + before, AG_WIDTH, 0, 6);
}

/* The height of the paragraph after the line ending at nl (a heading is
 * kept on the page with it). */
static double
next_height(cairo_t *cr, const char *nl)
{
    char para[4096];
    const char *p = nl, *end;
    size_t n;

    while (*p == '\n')
        p++;
    end = strchr(p, '\n');
    n = end ? (size_t) (end - p) : strlen(p);
    if (n >= sizeof(para))
        n = sizeof(para) - 1;
    memcpy(para, p, n);
    para[n] = 0;
    return n ? measure(cr, para, "Noto Serif CJK SC 12", AG_WIDTH, 6) + 2 : 0;
}

int
pdf_agreement(const Rongpei__Agreement *a, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *s = pdf_open(path, a->title, err, errsz);
    page_state ps = {0};
    char line[512], when[32];
    const char *p, *nl;
    size_t i;

    if (s == NULL)
        return -1;
    ps.cr = cairo_create(s);
    ps.a = a;
    ps.page = 1;

    if (*a->filing_no) {
        snprintf(line, sizeof(line), "备案号：%s", a->filing_no);
        cairo_set_source_rgb(ps.cr, 0, 0, 0);
    } else {
        snprintf(line, sizeof(line), "未备案（%s）", a->status_label);
        cairo_set_source_rgb(ps.cr, 0.5, 0.5, 0.5);
    }
    text(ps.cr, line, "Noto Sans CJK SC 10", AG_LEFT, 48, AG_WIDTH, 2, 0);
    cairo_set_source_rgb(ps.cr, 0, 0, 0);
    ps.y = text(ps.cr, a->title, "Noto Serif CJK SC Bold 22", AG_LEFT, 80, AG_WIDTH, 1, 0) + 18;

    /* the text, paragraph by paragraph (blank lines keep their space) */
    for (p = a->body; *p; p = nl + (*nl != 0)) {
        char para[4096];
        size_t n;
        int heading;

        nl = strchr(p, '\n');
        if (nl == NULL)
            nl = p + strlen(p);
        n = (size_t) (nl - p);
        if (n == 0) {
            ps.y += 8;
            continue;
        }
        if (n >= sizeof(para))
            n = sizeof(para) - 1;
        memcpy(para, p, n);
        para[n] = 0;
        heading = strncmp(para, "第", 3) == 0 && strstr(para, "条") != NULL && n < 40;
        ag_para(&ps, para, heading ? "Noto Serif CJK SC Bold 12" : "Noto Serif CJK SC 12", 2,
                heading ? next_height(ps.cr, nl) : 0);
    }

    /* signatures and filing */
    ag_para(&ps, "签署与备案记录", "Noto Sans CJK SC Bold 12", 24, 40);
    for (i = 0; i < a->n_signatures; i++) {
        const Rongpei__AgreementSignature *g = a->signatures[i];

        snprintf(line, sizeof(line), "%s：%s 于 %s 通过融培系统签署\nSM3 摘要：%s",
                 strcmp(g->party, "advisor") == 0 ? "乙方（金融顾问）" : "甲方（企业）", g->name, table_time(g->signed_at, when),
                 g->digest);
        ag_para(&ps, line, "Noto Sans CJK SC 9", 6, 0);
    }
    if (a->n_signatures == 0)
        ag_para(&ps, "尚无签署", "Noto Sans CJK SC 9", 6, 0);
    if (*a->filing_no) {
        pdf_chinese_date(a->filed_at, when);
        snprintf(line, sizeof(line), "已于%s在%s备案，备案号 %s", when, a->filing_body, a->filing_no);
        ag_para(&ps, line, "Noto Sans CJK SC 10", 10, 0);
    }
    if (strcmp(a->status, "ended") == 0) {
        snprintf(line, sizeof(line), "本协议已终止：%s", a->end_reason);
        ag_para(&ps, line, "Noto Sans CJK SC Bold 10", 10, 0);
    } else if (strcmp(a->status, "returned") == 0) {
        snprintf(line, sizeof(line), "本协议已退回：%s", a->return_reason);
        ag_para(&ps, line, "Noto Sans CJK SC Bold 10", 10, 0);
    }
    snprintf(line, sizeof(line), "模板第 %d 版　服务期 %s 至 %s　全文 SM3 摘要 %s", a->template_version,
             a->term_start, a->term_end, a->digest);
    ag_para(&ps, line, "Noto Sans CJK SC 8", 10, 0);
    ag_foot(&ps);
    return pdf_close(s, ps.cr, path, err, errsz);
}

/* ------------------------------------------------------------------ GB/T 9704 */
#define MM (72.0 / 25.4)
#define GB_TOP (37.0 * MM)
#define GB_LEFT (28.0 * MM)
#define GB_WIDTH (156.0 * MM)
#define GB_HEIGHT (225.0 * MM)
#define GB_LINES 22
#define GB_CHARS 28
#define GB_PITCH (GB_HEIGHT / GB_LINES)    /* one line of the grid */
#define GB_CHAR (GB_WIDTH / GB_CHARS)      /* one character */

typedef struct gb_state {
    cairo_t *cr;
    int line;       /* the next free line of this page, 0-based */
    int page;
} gb_state;

/* A layout for the grid: points are points (pango-cairo assumes 96 dpi). */
static PangoLayout *
gb_layout(cairo_t *cr, const char *s, const char *font, int align)
{
    PangoLayout *l = new_layout(cr, s, font, GB_WIDTH, align, 0);

    pango_cairo_context_set_resolution(pango_layout_get_context(l), 72.0);
    pango_layout_context_changed(l);
    return l;
}

static void
gb_page_number(gb_state *g)
{
    char num[32];
    PangoLayout *l;
    int w, h;
    double x, y = GB_TOP + GB_HEIGHT + 7.0 * MM;

    snprintf(num, sizeof(num), "— %d —", g->page);
    l = gb_layout(g->cr, num, "Noto Serif CJK SC 14", 0);
    pango_layout_set_width(l, -1);
    pango_layout_get_size(l, &w, &h);
    /* odd pages at the right, even at the left, one character in */
    if (g->page % 2)
        x = GB_LEFT + GB_WIDTH - GB_CHAR - (double) w / PANGO_SCALE;
    else
        x = GB_LEFT + GB_CHAR;
    cairo_move_to(g->cr, x, y);
    pango_cairo_show_layout(g->cr, l);
    g_object_unref(l);
}

static void
gb_new_page(gb_state *g)
{
    gb_page_number(g);
    cairo_show_page(g->cr);
    g->page++;
    g->line = 0;
}

/*
 * Set s on the grid from the next free line: font, alignment (0 left, 1
 * centre, 2 right), first-line indent in characters, and how many grid
 * lines each of its lines takes (the title's 22 pt lines take more than
 * one).  Each line sits on its grid line's baseline; a line that does not
 * fit goes to the next page.
 */
static void
gb_text(gb_state *g, const char *s, const char *font, int align, int indent, double lines_each)
{
    /* the first-line indent as ideographic spaces, one character each */
    char *t = malloc(strlen(s) + 3 * (size_t) (indent > 0 ? indent : 0) + 1);
    PangoLayout *l;
    PangoAttrList *attrs;
    PangoFontDescription *fd;
    double size, grid = 0;
    PangoLayoutIter *it;
    int k;

    if (t == NULL)
        return;
    attrs = pango_attr_list_new();
    fd = pango_font_description_from_string(font);
    size = (double) pango_font_description_get_size(fd) / PANGO_SCALE;
    t[0] = '\0';
    for (k = 0; k < indent; k++)
        strcat(t, "\xe3\x80\x80");
    strcat(t, s);
    l = gb_layout(g->cr, t, font, align);
    free(t);

    /* 28 characters of 16 pt to a line: a touch of negative letter spacing
     * (larger type, the title, keeps its own) */
    if (size < 17)
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int) ((GB_CHAR - size) * PANGO_SCALE)));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
    it = pango_layout_get_iter(l);
    do {
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;

        if (g->line + (int) (grid + lines_each + 0.999) > GB_LINES) {
            gb_new_page(g);
            grid = 0;
        }
        /* in the layout's coordinates: alignment and indent included */
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        /* the baseline a little above the foot of the line's grid cell */
        cairo_move_to(g->cr, GB_LEFT + (double) logical.x / PANGO_SCALE,
                      GB_TOP + (g->line + grid + lines_each) * GB_PITCH - 0.22 * GB_PITCH * lines_each);
        pango_cairo_show_layout_line(g->cr, ln);
        grid += lines_each;
        if (grid >= 1) {
            g->line += (int) grid;
            grid -= (int) grid;
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    if (grid > 0)
        g->line++;
    g_object_unref(l);
}

int
pdf_document(const pdf_doc *d, const char *path, int *pages, char *err, size_t errsz)
{
    cairo_surface_t *s = pdf_open(path, d->title, err, errsz);
    gb_state g = {0};
    size_t i;
    int rc = 0;

    if (s == NULL)
        return -1;
    g.cr = cairo_create(s);
    g.page = 1;
    cairo_set_source_rgb(g.cr, 0, 0, 0);

    /* the title: 22 pt, centred, in lines of 1.5 grid lines, a blank line below */
    gb_text(&g, d->title, "Noto Serif CJK SC Bold 22", 1, 0, 1.5);
    g.line++;
    for (i = 0; i < d->n; i++) {
        const doc_block *b = &d->blocks[i];

        switch (b->kind) {
        case DOC_H1:
            /* keep a heading with the first line of what follows */
            if (g.line + 2 > GB_LINES)
                gb_new_page(&g);
            gb_text(&g, b->text, "Noto Sans CJK SC 16", 0, 2, 1);
            break;
        case DOC_H2:
            if (g.line + 2 > GB_LINES)
                gb_new_page(&g);
            gb_text(&g, b->text, "Noto Serif CJK SC Bold 16", 0, 2, 1);
            break;
        case DOC_CENTRE:
            gb_text(&g, b->text, "Noto Serif CJK SC 16", 1, 0, 1);
            break;
        case DOC_RIGHT:
            gb_text(&g, b->text, "Noto Serif CJK SC 16", 2, 0, 1);
            break;
        default:
            gb_text(&g, b->text, "Noto Serif CJK SC 16", 0, 2, 1);
        }
    }
    gb_page_number(&g);
    rc = pdf_close(s, g.cr, path, err, errsz);
    if (pages)
        *pages = g.page;
    return rc;
}
