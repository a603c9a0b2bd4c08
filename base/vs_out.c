#include "vs_out.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vs_outfile {
    FILE *stream;
    char *path; /* what rename replaces (a symlink's target); NULL for stdout */
    char *tmp;  /* NULL when written through: stdout, a FIFO, a device */
};

/* Where the output goes. A regular file, or a path not there yet, is replaced by rename; a
 * symlink is followed, so its target is replaced and the link stays; anything else (a FIFO,
 * a character device, /dev/stdout) is written through, since renaming over it would put a
 * regular file where the device was. *target is malloc'd: the path rename replaces, or the
 * path to open when *through. */
static vs_err_t out_target(const char *path, char **target, bool *through)
{
    struct stat st;
    *through = false;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) /* the user's mistake (exit 2), not the system's */
            return vs_fail(VS_EINVAL, "%s: is a directory (expected a file to write)", path);
        *through = !S_ISREG(st.st_mode);
        *target = *through ? strdup(path) : realpath(path, NULL);
    } else if (errno == ENOENT && lstat(path, &st) == 0) {
        *through = true; /* a dangling symlink: opening creates its target */
        *target = strdup(path);
    } else if (errno == ENOENT) {
        *target = strdup(path);
    } else {
        return vs_fail(VS_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    if (!*target)
        return vs_fail(errno == ENOMEM ? VS_ENOMEM : VS_EIO, "%s: cannot write: %s", path,
                       strerror(errno));
    return VS_OK;
}

/* The folder a new file at path goes in: everything before the last '/', or ".". */
static void folder_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

static vs_err_t check_folder(const char *path, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return vs_fail(VS_EINVAL, "%s: cannot write: the folder %s does not exist", path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return vs_fail(VS_EPERM, "%s: cannot write: no permission to create files in %s", path, dir);
    return VS_OK;
}

vs_err_t vs_out_check(const char *path)
{
    if (strcmp(path, "-") == 0)
        return VS_OK;
    char *target = NULL;
    bool through;
    vs_err_t err = out_target(path, &target, &through);
    if (err)
        return err;
    char dir[4096];
    folder_of(target, dir, sizeof dir);
    if (through && access(target, F_OK) == 0) {
        if (access(target, W_OK) != 0)
            err = vs_fail(VS_EPERM, "%s: cannot write: %s", path, strerror(errno));
    } else {
        err = check_folder(path, dir);
    }
    free(target);
    return err;
}

vs_err_t vs_out_check_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return vs_fail(VS_EINVAL, "%s: cannot write into it: %s (expected an existing folder)", dir,
                       strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return vs_fail(VS_EINVAL, "%s: not a folder (expected an existing folder to write into)", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return vs_fail(VS_EPERM, "%s: no permission to create files in it", dir);
    return VS_OK;
}

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
    bool through;
    vs_err_t err = out_target(path, &f->path, &through);
    if (err)
        goto fail;
    if (!through) {
        size_t n = strlen(f->path) + 32;
        if (!(f->tmp = malloc(n))) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto fail;
        }
        snprintf(f->tmp, n, "%s.tmp.%ld", f->path, (long)getpid());
    }
    if (!(f->stream = fopen(through ? f->path : f->tmp, "w"))) {
        err = vs_fail(VS_EIO, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    *out = f;
    return VS_OK;
fail:
    free(f->path);
    free(f->tmp);
    free(f);
    return err;
}

FILE *vs_out_stream(vs_outfile_t *f)
{
    return f->stream;
}

vs_err_t vs_out_commit(vs_outfile_t *f)
{
    vs_err_t err = VS_OK;
    if (!f->path) {
        if (fflush(f->stream) != 0)
            err = vs_fail(VS_EIO, "standard output: write error: %s", strerror(errno));
        free(f);
        return err;
    }
    bool bad = ferror(f->stream) != 0;
    if (fclose(f->stream) != 0 || bad)
        err = vs_fail(VS_EIO, "%s: write error", f->path);
    else if (f->tmp && rename(f->tmp, f->path) != 0)
        err = vs_fail(VS_EIO, "%s: cannot rename into place: %s", f->path, strerror(errno));
    if (err && f->tmp)
        unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f);
    return err;
}

/* What was written through a FIFO or device cannot be taken back; it is only closed. */
void vs_out_abort(vs_outfile_t *f)
{
    if (!f)
        return;
    if (f->path && f->stream)
        fclose(f->stream);
    if (f->tmp)
        unlink(f->tmp);
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

void vs_csv_str(FILE *f, const char *s, char sep)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(sep, f);
}

void vs_csv_num(FILE *f, double v, char sep)
{
    if (isfinite(v))
        fprintf(f, "%.15g", v);
    fputc(sep, f);
}
