#include "vs_out.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vs_outfile {
    FILE *stream;
    char *path, *tmp; /* NULL for stdout */
};

vs_err_t vs_out_open(const char *path, vs_outfile_t **out)
{
    *out = NULL;
    vs_outfile_t *f = calloc(1, sizeof *f);
    if (!f)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (strcmp(path, "-") == 0) {
        f->stream = stdout;
        *out = f;
        return VS_OK;
    }
    size_t n = strlen(path) + 32;
    f->path = strdup(path);
    f->tmp = malloc(n);
    if (!f->path || !f->tmp) {
        vs_out_abort(f);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    snprintf(f->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    f->stream = fopen(f->tmp, "w");
    if (!f->stream) {
        int e = errno;
        free(f->path);
        free(f->tmp);
        free(f);
        return vs_fail(VS_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    *out = f;
    return VS_OK;
}

FILE *vs_out_stream(vs_outfile_t *f)
{
    return f->stream;
}

vs_err_t vs_out_commit(vs_outfile_t *f)
{
    vs_err_t err = VS_OK;
    if (!f->tmp) {
        if (fflush(f->stream) != 0)
            err = vs_fail(VS_EIO, "standard output: write error: %s", strerror(errno));
        free(f);
        return err;
    }
    bool bad = ferror(f->stream) != 0;
    if (fclose(f->stream) != 0 || bad)
        err = vs_fail(VS_EIO, "%s: write error", f->path);
    else if (rename(f->tmp, f->path) != 0)
        err = vs_fail(VS_EIO, "%s: cannot rename into place: %s", f->path, strerror(errno));
    if (err)
        unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f);
    return err;
}

void vs_out_abort(vs_outfile_t *f)
{
    if (!f)
        return;
    if (f->tmp) {
        if (f->stream)
            fclose(f->stream);
        unlink(f->tmp);
    }
    free(f->path);
    free(f->tmp);
    free(f);
}

vs_err_t vs_json_write(const cJSON *root, const char *path)
{
    char *text = cJSON_Print(root);
    if (!text)
        return vs_fail(VS_ENOMEM, "out of memory while printing JSON");
    vs_outfile_t *f;
    vs_err_t err = vs_out_open(path, &f);
    if (!err) {
        fputs(text, vs_out_stream(f));
        fputc('\n', vs_out_stream(f));
        err = vs_out_commit(f);
    }
    cJSON_free(text);
    return err;
}

vs_err_t vs_json_num(cJSON *obj, const char *key, double v)
{
    return cJSON_AddNumberToObject(obj, key, v) ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
}

vs_err_t vs_json_str(cJSON *obj, const char *key, const char *v)
{
    return cJSON_AddStringToObject(obj, key, v) ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
}

vs_err_t vs_json_bool(cJSON *obj, const char *key, int v)
{
    return cJSON_AddBoolToObject(obj, key, v) ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
}

static cJSON *attach(cJSON *parent, const char *key, cJSON *child)
{
    if (!child)
        return NULL;
    bool ok = key ? cJSON_AddItemToObject(parent, key, child) : cJSON_AddItemToArray(parent, child);
    if (!ok) {
        cJSON_Delete(child);
        return NULL;
    }
    return child;
}

cJSON *vs_json_obj(cJSON *parent, const char *key)
{
    return attach(parent, key, cJSON_CreateObject());
}

cJSON *vs_json_arr(cJSON *parent, const char *key)
{
    return attach(parent, key, cJSON_CreateArray());
}
