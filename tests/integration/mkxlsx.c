/*
 * mkxlsx.c - turn a UTF-8 CSV file into an Excel workbook with
 * libxlsxwriter, as an office saves its nomination list from Excel: text
 * cells as shared strings, and the columns named on the command line as
 * numbers (Excel's habit for years of experience).
 *
 *   mkxlsx IN.csv OUT.xlsx [NUMERIC_COLUMN...]
 *
 * Only simple CSV (no quoted commas) is needed by the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

int
main(int argc, char **argv)
{
    lxw_workbook *wb;
    lxw_worksheet *ws;
    char line[8192];
    FILE *in;
    int row = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: mkxlsx IN.csv OUT.xlsx [NUMERIC_COLUMN...]\n");
        return 2;
    }
    if ((in = fopen(argv[1], "r")) == NULL) {
        perror(argv[1]);
        return 1;
    }
    wb = workbook_new(argv[2]);
    ws = workbook_add_worksheet(wb, "提名");
    while (fgets(line, sizeof(line), in) != NULL) {
        char *p = line, *cell;
        int col = 0;

        line[strcspn(line, "\r\n")] = '\0';
        while ((cell = strsep(&p, ",")) != NULL) {
            int numeric = 0, i;

            for (i = 3; i < argc; i++)
                numeric |= atoi(argv[i]) == col;
            if (*cell && numeric && row > 0)
                worksheet_write_number(ws, (lxw_row_t) row, (lxw_col_t) col, atof(cell), NULL);
            else if (*cell)
                worksheet_write_string(ws, (lxw_row_t) row, (lxw_col_t) col, cell, NULL);
            col++;
        }
        row++;
    }
    fclose(in);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
