#include "plot_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs_out.h"

double plot__num(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

double plot__at(const cJSON *obj, const char *key, int i)
{
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItem(obj, key), i);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *plot__str(const cJSON *obj, const char *key, const char *fallback)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

const cJSON *plot__arr(const cJSON *obj, const char *key, bool nonempty)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    if (!cJSON_IsArray(v) || (nonempty && cJSON_GetArraySize(v) == 0))
        return NULL;
    return v;
}

char *plot__path(const char *dir, const char *stem, const char *fig, const char *ext)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(fig) + strlen(ext) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s-%s.%s", dir, stem, fig, ext);
    return s;
}

void plot__csv_str(FILE *f, const char *s, char sep)
{
    vs_csv_str(f, s, sep);
}

void plot__csv_num(FILE *f, double v, char sep)
{
    vs_csv_num(f, v, sep);
}

vs_err_t plot__csv_open(const char *path, const char *header, vs_outfile_t **o, FILE **f)
{
    vs_err_t err = vs_out_open(path, o);
    if (err)
        return err;
    *f = vs_out_stream(*o);
    fputs(header, *f);
    return VS_OK;
}

void plot__csv_keys(FILE *f, const cJSON *obj, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        plot__csv_str(f, plot__str(obj, keys[i], ""), ',');
}
