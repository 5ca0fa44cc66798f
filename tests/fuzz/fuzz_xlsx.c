/*
 * fuzz_xlsx.c - libFuzzer target for the Excel reader (client/xlsx.c):
 * workbooks offices send are untrusted zip archives of XML.  Any bytes
 * are either read into the same table a CSV file gives (every field a
 * string inside the table's text) or refused with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_table t;
    char err[256];
    size_t i, k, total = 0;

    err[0] = '\0';
    if (xlsx_parse(data, size, &t, err, sizeof(err)) != 0) {
        if (err[0] == '\0')
            abort();            /* a refusal must say why */
        return 0;
    }
    for (i = 0; i < t.n; i++)
        for (k = 0; k < t.records[i].n; k++)
            total += strlen(t.records[i].fields[k]);
    (void) total;
    csv_free(&t);
    return 0;
}
