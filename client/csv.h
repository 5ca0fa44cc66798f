/*
 * csv.h - CSV files as Chinese offices save them: UTF-8 (with or without a
 * byte-order mark) or GB18030/GBK (Excel's "CSV" on a Chinese Windows),
 * RFC 4180 quoting.  Every record keeps the line it started on, so errors
 * can name it.
 */
#ifndef RP_CSV_H
#define RP_CSV_H

#include <stddef.h>
#include <stdio.h>

typedef struct csv_record {
    int line;
    char **fields;
    size_t n;
} csv_record;

typedef struct csv_table {
    csv_record *records;
    size_t n;
    char *text;             /* the whole file in UTF-8; fields point into it */
    const char *encoding;   /* "UTF-8" or "GB18030" */
} csv_table;

/* Read and parse path.  Returns 0, or -1 with a Chinese message in err
 * (unreadable, too large, bytes that are neither UTF-8 nor GB18030 — with
 * the line — or an unterminated quote). */
int csv_read(const char *path, csv_table *t, char *err, size_t errsz);
/* The same from the len bytes at data (a file's contents; NUL bytes refused). */
int csv_parse(const char *data, size_t len, csv_table *t, char *err, size_t errsz);
/* A whole text file as UTF-8 (a BOM dropped; GB18030 converted, as the
 * files of Windows offices often are), encoding set to the one found; or
 * NULL with a message in err.  Free the text. */
char *text_file_read(const char *path, const char **encoding, char *err, size_t errsz);

/* One cell of a CSV row, quoted when it must be; last ends the row (CRLF). */
void csv_write_cell(FILE *f, const char *s, int last);

/* The bytes of file path ("-": standard input), NUL after them, malloc'd;
 * NULL with err in Chinese. */
char *file_slurp(const char *path, size_t *len, char *err, size_t errsz);
void csv_free(csv_table *t);

/* Split a cell of several values ("信贷融资、法律" or "credit;law") in
 * place; at most max values; returns how many. */
size_t csv_split_values(char *cell, char **out, size_t max);

/* 1 when the n bytes at s are valid UTF-8. */
int csv_is_utf8(const char *s, size_t n);

#endif
