/*
 * roster.h - the published advisor roster as files for the bureau's
 * records and website: an xlsx workbook (libxlsxwriter) and a
 * self-contained HTML page (inline style, no scripts, every value escaped).
 */
#ifndef RP_ROSTER_H
#define RP_ROSTER_H

#include <stddef.h>

#include "rongpei.pb-c.h"

/*
 * Any table as a workbook: an optional title and subtitle, a header row,
 * every cell a string, and a value starting with = + - @ given a leading
 * apostrophe so no formula can run.  0 or -1.
 */
int xlsx_write_table(const char *path, const char *sheet, const char *title, const char *subtitle,
                     const char *const *heads, size_t ncols, char *const *cells, size_t nrows);

/* Each returns 0, or -1 with a Chinese message in err. */
int roster_write_xlsx(const Rongpei__Roster *r, const char *path, char *err, size_t errsz);
int roster_write_html(const Rongpei__Roster *r, const char *path, char *err, size_t errsz);

#endif
