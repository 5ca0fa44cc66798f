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
/* The same from a workbook's len bytes at data (which must outlive the call). */
int xlsx_parse(const void *data, size_t len, csv_table *t, char *err, size_t errsz);

/*
 * A table file as users save it: xlsx by its name, else CSV (UTF-8 or
 * GB18030).  Requires a header row and a data row, and finds each of the n
 * named columns (at[k] = its index, or -1).  0, or -1 with a Chinese
 * message in err (a header it does not know lists the ones it does).
 */
int table_file_open(const char *path, csv_table *t, const char *const *names, size_t n, int *at, char *err,
                    size_t errsz);

#endif
