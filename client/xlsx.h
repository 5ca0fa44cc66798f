/*
 * xlsx.h - read the first worksheet of an Excel (xlsx) workbook into the
 * same table a CSV file gives (csv.h), so a file of nominations can be
 * either.  Each record's line is its Excel row number.
 */
#ifndef RP_XLSX_H
#define RP_XLSX_H

#include "csv.h"

/* 0, or -1 with a Chinese message in err (not a workbook, damaged, no sheet). */
int xlsx_read(const char *path, csv_table *t, char *err, size_t errsz);

#endif
