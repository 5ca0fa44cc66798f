/*
 * pdf.c - lay out an appointment certificate (see pdf.h).
 *
 * Layout (A4 portrait, points): a double frame; the title 聘书 large and
 * centred; the body paragraph naming the advisor, institution, team and
 * term; the certificate number; the issuer and the date in Chinese style at
 * the lower right; the verification code and how to check it at the foot.
 */
#include "pdf.h"

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

/* Draw text in a box of the given width; align: 0 left, 1 centre, 2 right. */
static double
text(cairo_t *cr, const char *s, const char *font, double x, double y, double width, int align,
     double spacing)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    int w, h;

    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int) (width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align == 1 ? PANGO_ALIGN_CENTER : align == 2 ? PANGO_ALIGN_RIGHT
                                                                            : PANGO_ALIGN_LEFT);
    pango_layout_set_spacing(l, (int) (spacing * PANGO_SCALE));
    pango_layout_set_text(l, s, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_layout_get_size(l, &w, &h);
    pango_font_description_free(fd);
    g_object_unref(l);
    return y + (double) h / PANGO_SCALE;
}

int
pdf_certificate(const Rongpei__CertificateDoc *d, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, A4_W, A4_H);
    cairo_t *cr;
    char body[1024], start[32], end[32], issued[32], line[256];
    double y;
    int rc = 0;

    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "无法创建 %s", path);
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "聘书");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "rongpei");
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
