/*
 * table.h - readable tables for a terminal: columns aligned by display
 * width, where a CJK character takes two columns (wcwidth), so Chinese
 * headers and names line up.
 */
#ifndef RP_TABLE_H
#define RP_TABLE_H

#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

/* How a column's values print; F_AUTO follows the field's type:
 * integers and doubles right-aligned (doubles with 2 decimals), booleans
 * 是/否, codes as their Chinese labels, instants in Beijing time. */
enum col_fmt { F_AUTO = 0, F_MONEY /* 1,234,567.50, right-aligned */ };

typedef struct col {
    const char *field;      /* field name in the message; "a.b" for a field of sub-message a */
    const char *header;     /* Chinese column header */
    enum col_fmt fmt;
} col;

/*
 * Optional translation of code values for display (e.g. kind "bank" ->
 * "银行"): returns the label, or NULL to show the value as it is.  JSON
 * output is never translated.
 */
typedef const char *(*table_label_fn)(const char *field, const char *value);
void table_set_labels(table_label_fn fn);

/* An instant of the protocol (2026-12-01T14:05:09+08:00) as officials read
 * it, "2026-12-01 14:05" (Beijing time), in out; anything else as it is. */
const char *table_time(const char *s, char out[20]);

/* Display width of a UTF-8 string in terminal columns. */
int table_width(const char *s);

/* The value of field (a path: "a.b") as text (bools as 是/否, repeated
 * joined by "、"), formatted by fmt; malloc'd. */
char *table_field_text(const ProtobufCMessage *m, const char *field);
char *table_field_fmt(const ProtobufCMessage *m, const char *field, enum col_fmt fmt);

/* Whether the field at path in messages of type d holds numbers (printed
 * right-aligned). */
int table_field_numeric(const ProtobufCMessageDescriptor *d, const char *field);

/* Rows of one message type under a header line. */
void table_print(FILE *f, ProtobufCMessage *const *rows, size_t n, const col *cols, size_t ncols);

/* Rows of text: cells[r * ncols + c]; NULL cells print empty; right[c]
 * (may be NULL) right-aligns column c. */
void table_print_text(FILE *f, const char *const *headers, size_t ncols, char *const *cells, size_t n);
void table_print_cells(FILE *f, const char *const *headers, size_t ncols, char *const *cells, size_t n,
                       const int *right);

/* One message as "label  value" lines. */
void table_print_record(FILE *f, const ProtobufCMessage *m, const col *cols, size_t ncols);

#endif
