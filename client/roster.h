/*
 * roster.h - the published advisor roster as files for the bureau's
 * records and website: an xlsx workbook (libxlsxwriter) and a
 * self-contained HTML page (inline style, no scripts, every value escaped).
 */
#ifndef RP_ROSTER_H
#define RP_ROSTER_H

#include <stddef.h>

#include "rongpei.pb-c.h"

/* Each returns 0, or -1 with a Chinese message in err. */
int roster_write_xlsx(const Rongpei__Roster *r, const char *path, char *err, size_t errsz);
int roster_write_html(const Rongpei__Roster *r, const char *path, char *err, size_t errsz);

#endif
