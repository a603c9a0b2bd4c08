#include "plot_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "plot_series.h"
#include "plot_util.h"
#include "vs_out.h"

/* A summary table's column: the header and a dotted path into each row's object. */
typedef struct {
    const char *title, *path;
} col_t;

typedef struct {
    const char *kind;           /* shown beside the file name */
    const char *rows_key;       /* the array the table lists */
    const char *fields_key;     /* where the headline figures live (NULL: the root) */
    col_t cols[10];
    col_t headline[8];
} summary_t;

static const summary_t summaries[] = {
    {"run", "migrations", NULL,
     {{"VR", "vr"}, {"from", "from"}, {"to", "to"}, {"mechanism", "mechanism"},
      {"completed", "completed"}, {"downtime (s)", "downtime.total_s"},
      {"FIB entries", "fib.entries"}, {"hellos lost", "routing.hellos_lost"},
      {"adjacencies lost", "routing.adjacencies_lost"}, {"sessions lost", "routing.sessions_lost"}},
     {{"scenario", "scenario"}, {"seed", "seed"}, {"runs", "runs"}}},
    {"reproduction", "targets", NULL,
     {{"target", "id"}, {"kind", "kind"}, {"status", "status"}, {"message", "message"}},
     {{"schema", "schema"}}},
    {"power plan", NULL, "totals",
     {{0}},
     {{"energy (kWh)", "energy_kwh"}, {"all on (kWh)", "baseline_energy_kwh"},
      {"saved (%)", "savings_percent"}, {"migrations", "migrations"},
      {"fewest routers on", "min_routers_on"}, {"most routers on", "max_routers_on"},
      {"link utilization unchanged", "link_utilization_unchanged"}}},
    {"plan", "migrations", NULL,
     {{"VR", "vr"}, {"from", "from"}, {"to", "to"}, {"wave", "wave"}, {"start (s)", "start_s"},
      {"duration (s)", "duration_s"}},
     {{"task", "task"}, {"plan duration (s)", "plan_duration_s"}, {"MLU before", "metrics.mlu_before"},
      {"MLU after", "metrics.mlu_after"}, {"MLU before", "mlu_before"}, {"MLU after", "mlu_after"}}},
    {"compare", "rows", NULL,
     {{"mechanism", "mechanism"}, {"VR", "vr"}, {"downtime (s)", "downtime_s"},
      {"data-plane downtime (s)", "data_downtime_s"}, {"total (s)", "total_s"},
      {"packets lost", "packets_lost"}, {"packets offered", "packets_offered"},
      {"adjacencies lost", "adjacencies_lost"}},
     {{"scenario", "scenario"}, {"runs", "runs"}}},
    {"sweep summary", NULL, NULL,
     {{0}},
     {{"sweep", "sweep"}}},
};

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const cJSON *at(const cJSON *obj, const char *path)
{
    char key[64];
    while (obj && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        obj = cJSON_GetObjectItem(obj, key);
        path += n + (path[n] == '.');
    }
    return obj;
}

static void value(FILE *f, const cJSON *v)
{
    if (cJSON_IsNumber(v))
        fprintf(f, "%.6g", v->valuedouble);
    else if (cJSON_IsString(v))
        esc(f, v->valuestring);
    else if (cJSON_IsBool(v))
        fputs(cJSON_IsTrue(v) ? "yes" : "no", f);
    else if (cJSON_IsNull(v))
        fputs("not reached", f);
}

static const summary_t *summary_of(const cJSON *root)
{
    if (cJSON_IsArray(cJSON_GetObjectItem(root, "targets")))
        return &summaries[1];
    const char *task = plot__str(root, "task", NULL);
    if (task)
        return strcmp(task, "power") == 0 ? &summaries[2] : &summaries[3];
    if (cJSON_IsArray(cJSON_GetObjectItem(root, "rows")))
        return &summaries[4];
    if (plot__sweep_groups(root))
        return &summaries[5];
    return &summaries[0];
}

static void headline(FILE *f, const cJSON *root, const summary_t *s)
{
    const cJSON *base = s->fields_key ? cJSON_GetObjectItem(root, s->fields_key) : root;
    fputs("<table class=\"kv\">\n", f);
    for (size_t i = 0; i < 8 && s->headline[i].title; i++) {
        const cJSON *v = at(base, s->headline[i].path);
        if (!v)
            continue;
        fputs("<tr><th>", f);
        esc(f, s->headline[i].title);
        fputs("</th><td>", f);
        value(f, v);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void rows_table(FILE *f, const cJSON *root, const summary_t *s)
{
    const cJSON *arr = s->rows_key ? cJSON_GetObjectItem(root, s->rows_key) : NULL, *r;
    if (!arr && s->rows_key && strcmp(s->rows_key, "migrations") == 0)
        arr = cJSON_GetObjectItem(root, "plan"); /* te calls its migrations "plan" */
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return;
    fputs("<table>\n<tr>", f);
    for (size_t c = 0; c < 10 && s->cols[c].title; c++) {
        fputs("<th>", f);
        esc(f, s->cols[c].title);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    cJSON_ArrayForEach(r, arr)
    {
        const char *status = plot__str(r, "status", "");
        fprintf(f, "<tr%s>", strcmp(status, "fail") == 0 || strcmp(status, "error") == 0 ? " class=\"bad\"" : "");
        for (size_t c = 0; c < 10 && s->cols[c].title; c++) {
            fputs("<td>", f);
            value(f, at(r, s->cols[c].path));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The SVG from its <svg element on, PLplot's clip-path ids made unique to figure k (several
 * figures share one page, and an id names one element in it). */
static vs_err_t inline_svg(FILE *f, const char *path, size_t k)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return vs_fail(VS_EIO, "%s: cannot read the figure just drawn", path);
    char *text = NULL;
    size_t len = 0;
    vs_err_t err = VS_OK;
    if (fseek(in, 0, SEEK_END) == 0 && (len = (size_t)ftell(in)) > 0 && fseek(in, 0, SEEK_SET) == 0 &&
        (text = malloc(len + 1)) && fread(text, 1, len, in) == len) {
        text[len] = '\0';
        const char *s = strstr(text, "<svg");
        char prefix[32];
        snprintf(prefix, sizeof prefix, "f%zu-text-clipping", k);
        while (s && *s) {
            const char *hit = strstr(s, "text-clipping");
            size_t n = hit ? (size_t)(hit - s) : strlen(s);
            fwrite(s, 1, n, f);
            if (!hit)
                break;
            fputs(prefix, f);
            s = hit + strlen("text-clipping");
        }
    } else {
        err = vs_fail(VS_EIO, "%s: cannot read the figure just drawn", path);
    }
    free(text);
    fclose(in);
    return err;
}

static const char style[] =
    "body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#111}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:2em}"
    "table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}"
    "th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}th{background:#eee}"
    "tr.bad td{background:#fad7c8}figure{margin:1em 0}svg{max-width:100%;height:auto}"
    "figcaption{font-size:0.9em;color:#444}"
    "@media print{section{break-before:page}figure{break-inside:avoid}}";

static vs_err_t section(FILE *f, const char *name, const cJSON *root, const plot_files_t *made,
                        size_t from, size_t *fig_no)
{
    const summary_t *s = summary_of(root);
    fputs("<section>\n<h2>", f);
    esc(f, name);
    fprintf(f, " <small>(%s)</small></h2>\n", s->kind);
    headline(f, root, s);
    rows_table(f, root, s);
    for (size_t i = from; i < made->n; i++) {
        fputs("<figure>\n", f);
        vs_err_t err = inline_svg(f, made->figures[i], (*fig_no)++);
        if (err)
            return err;
        fputs("\n<figcaption>", f);
        esc(f, made->titles[i]);
        fputs(" (its data: <code>vroomsim plot ", f);
        esc(f, name);
        fputs("</code> writes it as CSV)</figcaption>\n</figure>\n", f);
    }
    fputs("</section>\n", f);
    return VS_OK;
}

static void remove_all(plot_files_t *made, const char *dir)
{
    for (size_t i = 0; i < made->n; i++)
        unlink(made->figures[i]), unlink(made->csvs[i]);
    rmdir(dir);
}

vs_err_t plot_report(const char *const *names, const cJSON *const *roots, size_t n, const char *html)
{
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < n; i++)
        if ((err = plot_check(roots[i], names[i])))
            return err;
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/vroomsim-report.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return vs_fail(VS_EIO, "%s: cannot create a temporary folder for the figures", dir);
    plot_files_t made = {0};
    vs_outfile_t *o = NULL;
    if ((err = vs_out_open(html, &o)))
        goto out;
    FILE *f = vs_out_stream(o);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<title>vroomsim report</title>\n<style>%s</style>\n</head>\n<body>\n"
               "<h1>vroomsim report</h1>\n<p>%zu result%s:", style, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : " ", f);
        esc(f, names[i]);
    }
    fputs("</p>\n", f);
    size_t fig_no = 0;
    for (size_t i = 0; i < n; i++) {
        char stem[32];
        snprintf(stem, sizeof stem, "r%zu", i);
        size_t from = made.n;
        if ((err = plot_result(roots[i], names[i], stem, dir, PLOT_SVG, &made)) ||
            (err = section(f, names[i], roots[i], &made, from, &fig_no)))
            goto out;
    }
    fputs("</body>\n</html>\n", f);
    err = vs_out_commit(o);
    o = NULL;
out:
    vs_out_abort(o);
    remove_all(&made, dir);
    plot_files_free(&made);
    return err;
}
