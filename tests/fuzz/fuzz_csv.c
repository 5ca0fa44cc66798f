/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (client/csv.c): files
 * offices send are untrusted.  Any bytes are either parsed into records
 * whose fields are NUL-terminated strings inside the table's text, or
 * refused with a message; every cell can be split into its values.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_table t;
    char err[256];
    size_t i, k;

    err[0] = '\0';
    if (csv_parse((const char *) data, size, &t, err, sizeof(err)) != 0) {
        if (err[0] == '\0')
            abort();            /* a refusal must say why */
        return 0;
    }
    if (!csv_is_utf8(t.text, strlen(t.text)))
        abort();                /* whatever came in, the table is UTF-8 */
    for (i = 0; i < t.n; i++) {
        if (t.records[i].line < 1 || (i > 0 && t.records[i].line <= t.records[i - 1].line))
            abort();            /* lines name where a record starts, in order */
        for (k = 0; k < t.records[i].n; k++) {
            char *cell = strdup(t.records[i].fields[k]), *parts[32];

            if (cell == NULL)
                abort();
            csv_split_values(cell, parts, 32);
            free(cell);
        }
    }
    csv_free(&t);
    return 0;
}
