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

/* "2026-06-02" -> "2026年6月2日" (GB/T 9704: no leading zeros); out[32]. */
void pdf_chinese_date(const char *iso, char out[32]);

#endif
