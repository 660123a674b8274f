/*
 * vsh-table.c: tables in upstream virsh's column layout
 *
 *  Id   Name   State
 * --------------------
 *  -    demo   shut off
 *
 * Every cell is preceded by one space and padded to its column's width
 * plus two, so columns are three spaces apart; the last cell is not
 * padded.  The dashes span each column's width plus three.
 */
#include "virsh.h"

#include <stdarg.h>
#include <string.h>

struct _vshTable {
    GPtrArray *rows;   /* of GStrv; row 0 is the header */
};

/**
 * vshTableFree:
 * @table: table to free, may be NULL
 */
void
vshTableFree(vshTable *table)
{
    if (!table)
        return;
    g_ptr_array_unref(table->rows);
    g_free(table);
}

/**
 * vshTableCollect:
 * Returns the NULL-terminated vector of @first and the strings after it
 * in @ap (up to a NULL), copied.
 */
static char **
vshTableCollect(const char *first, va_list ap)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    const char *cell;

    for (cell = first; cell; cell = va_arg(ap, const char *))
        g_strv_builder_add(builder, cell);
    return g_strv_builder_end(builder);
}

/**
 * vshTableNew:
 * @header: the first column title, followed by the others and NULL
 *
 * Returns a new table (vshTableFree() it).
 */
vshTable *
vshTableNew(const char *header, ...)
{
    vshTable *table = g_new0(vshTable, 1);
    va_list ap;

    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    va_start(ap, header);
    g_ptr_array_add(table->rows, vshTableCollect(header, ap));
    va_end(ap);
    return table;
}

/**
 * vshTableRowAppend:
 * @table: the table
 * @cell: the first cell, followed by the others and NULL; as many cells
 *        as the header has columns
 */
void
vshTableRowAppend(vshTable *table, const char *cell, ...)
{
    char **row;
    va_list ap;

    va_start(ap, cell);
    row = vshTableCollect(cell, ap);
    va_end(ap);
    g_assert(g_strv_length(row) == g_strv_length(g_ptr_array_index(table->rows, 0)));
    g_ptr_array_add(table->rows, row);
}

/**
 * vshTableCellWidth:
 * Returns the number of characters @cell takes on a terminal (UTF-8
 * characters count once).
 */
static size_t
vshTableCellWidth(const char *cell)
{
    if (g_utf8_validate(cell, -1, NULL))
        return g_utf8_strlen(cell, -1);
    return strlen(cell);
}

/**
 * vshTablePrint:
 * Prints @table on stdout with its header and a line of dashes.
 */
void
vshTablePrint(vshControl *ctl, const vshTable *table)
{
    char **header = g_ptr_array_index(table->rows, 0);
    size_t ncols = g_strv_length(header);
    g_autofree size_t *widths = g_new0(size_t, ncols);
    g_autoptr(GString) out = g_string_new(NULL);
    size_t r;
    size_t c;

    for (r = 0; r < table->rows->len; r++) {
        char **row = g_ptr_array_index(table->rows, r);

        for (c = 0; c < ncols; c++)
            widths[c] = MAX(widths[c], vshTableCellWidth(row[c]));
    }

    for (r = 0; r < table->rows->len; r++) {
        char **row = g_ptr_array_index(table->rows, r);

        for (c = 0; c < ncols; c++) {
            g_string_append_c(out, ' ');
            g_string_append(out, row[c]);
            if (c + 1 < ncols) {
                size_t pad = widths[c] - vshTableCellWidth(row[c]) + 2;

                while (pad--)
                    g_string_append_c(out, ' ');
            }
        }
        g_string_append_c(out, '\n');

        if (r == 0) {
            for (c = 0; c < ncols; c++) {
                size_t dashes = widths[c] + 3;

                while (dashes--)
                    g_string_append_c(out, '-');
            }
            g_string_append_c(out, '\n');
        }
    }
    vshPrint(ctl, "%s", out->str);
}
