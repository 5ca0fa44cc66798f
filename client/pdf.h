/*
 * pdf.h - the appointment certificate (聘书) and the service agreement as
 * PDFs: A4, Chinese text set with pango in an embedded (subset) Noto CJK
 * font through cairo.
 */
#ifndef RP_PDF_H
#define RP_PDF_H

#include "rongpei.pb-c.h"

/* Write the certificate to path.  Returns 0, or -1 with a message in err. */
int pdf_certificate(const Rongpei__CertificateDoc *d, const char *path, char *err, size_t errsz);

/* Write a service agreement (text, signatures, filing number) to path. */
int pdf_agreement(const Rongpei__Agreement *a, const char *path, char *err, size_t errsz);

/*
 * A document in the layout of GB/T 9704-2012 (党政机关公文格式): A4, top
 * margin 37 mm, binding-side margin 28 mm, a text block of 156 x 225 mm on
 * a grid of 22 lines of 28 characters; body 16 pt (三号) serif, the title
 * 22 pt (二号) bold and centred, 一、 headings in sans (黑体), （一）
 * headings and paragraphs in serif with a two-character first-line
 * indent; page numbers "— 1 —" in 14 pt (四号) 7 mm below the text block,
 * odd pages at the right, even at the left, one character in.  Debian
 * ships no 仿宋, 小标宋 or 黑体: Noto Serif CJK and Noto Sans CJK
 * (fonts-noto-cjk) stand for them, embedded as subsets.
 */
typedef enum { DOC_PARA, DOC_H1, DOC_H2, DOC_CENTRE, DOC_RIGHT } doc_kind;

typedef struct doc_block {
    doc_kind kind;
    const char *text;
} doc_block;

typedef struct pdf_doc {
    const char *title;
    const doc_block *blocks;
    size_t n;
} pdf_doc;

/* Write d to path; *pages gets the page count.  0, or -1 with err. */
int pdf_document(const pdf_doc *d, const char *path, int *pages, char *err, size_t errsz);

/* "2026-06-02" -> "2026年6月2日" (GB/T 9704: no leading zeros); out[32]. */
void pdf_chinese_date(const char *iso, char out[32]);

#endif
