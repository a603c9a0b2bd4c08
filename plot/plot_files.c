#include "plot_files.h"

#include <stdlib.h>
#include <string.h>

vs_err_t plot_format_parse(const char *text, plot_format_t *out)
{
    static const char *const names[] = {"svg", "png", "pdf"};
    for (int i = 0; i < 3; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (plot_format_t)i;
            return VS_OK;
        }
    return vs_fail(VS_EUSAGE, "--format: '%s' is not one of svg, png, pdf", text);
}

const char *plot_format_ext(plot_format_t fmt)
{
    return fmt == PLOT_PNG ? "png" : fmt == PLOT_PDF ? "pdf" : "svg";
}

void plot_files_free(plot_files_t *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->figures[i]), free(f->csvs[i]), free(f->titles[i]);
    free(f->figures);
    free(f->csvs);
    free(f->titles);
    *f = (plot_files_t){0};
}

vs_err_t plot__add(plot_files_t *made, char *fig, char *csv, const char *title)
{
    size_t n = made->n + 1;
    char **f = realloc(made->figures, n * sizeof *f);
    if (f)
        made->figures = f;
    char **c = f ? realloc(made->csvs, n * sizeof *c) : NULL;
    if (c)
        made->csvs = c;
    char **t = c ? realloc(made->titles, n * sizeof *t) : NULL;
    if (t)
        made->titles = t;
    char *tt = t ? strdup(title) : NULL;
    if (!tt) {
        free(fig), free(csv);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    made->figures[made->n] = fig;
    made->csvs[made->n] = csv;
    made->titles[made->n] = tt;
    made->n = n;
    return VS_OK;
}
