#include "vs_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODULES 32 /* named in one specification; more is refused */
#define MODULE_LEN 32

typedef struct {
    char name[MODULE_LEN];
    vs_log_level_t level;
} module_level_t;

static const char *const names[] = {"error", "warn", "info", "debug", "trace"};
static vs_log_level_t base_level = VS_LOG_WARN;
static module_level_t modules[MAX_MODULES];
static size_t n_modules;
vs_log_level_t vs_log_max = VS_LOG_WARN;

static bool parse_level(const char *s, size_t len, vs_log_level_t *out)
{
    for (int i = 0; i <= VS_LOG_TRACE; i++)
        if (strlen(names[i]) == len && strncmp(s, names[i], len) == 0) {
            *out = (vs_log_level_t)i;
            return true;
        }
    return false;
}

static void update_max(void)
{
    vs_log_max = base_level;
    for (size_t i = 0; i < n_modules; i++)
        if (modules[i].level > vs_log_max)
            vs_log_max = modules[i].level;
}

/* One item of a specification: LEVEL (first only) or MODULE=LEVEL. */
static vs_err_t parse_item(const char *item, size_t len, bool first, const char *what,
                           vs_log_level_t *base, module_level_t *mods, size_t *n)
{
    const char *eq = memchr(item, '=', len);
    const char *lv = eq ? eq + 1 : item;
    size_t lvlen = eq ? len - (size_t)(eq - item) - 1 : len;
    vs_log_level_t level;
    if (!parse_level(lv, lvlen, &level))
        return vs_fail(VS_EUSAGE, "%s: unknown log level '%.*s' (expected error, warn, info, debug "
                                  "or trace, optionally followed by ,MODULE=LEVEL)",
                       what, (int)lvlen, lv);
    if (!eq) {
        if (!first)
            return vs_fail(VS_EUSAGE, "%s: '%.*s' after the first item must be MODULE=LEVEL", what,
                           (int)len, item);
        *base = level;
        return VS_OK;
    }
    size_t mlen = (size_t)(eq - item);
    if (mlen == 0 || mlen >= MODULE_LEN || *n >= MAX_MODULES)
        return vs_fail(VS_EUSAGE, "%s: '%.*s': a module name of 1 to %d characters, at most %d modules",
                       what, (int)len, item, MODULE_LEN - 1, MAX_MODULES);
    memcpy(mods[*n].name, item, mlen);
    mods[*n].name[mlen] = '\0';
    mods[(*n)++].level = level;
    return VS_OK;
}

vs_err_t vs_log_configure(const char *spec, const char *what)
{
    vs_log_level_t base = VS_LOG_WARN;
    module_level_t mods[MAX_MODULES];
    size_t n = 0;
    const char *p = spec;
    for (bool first = true;; first = false) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        vs_err_t err = parse_item(p, len, first, what, &base, mods, &n);
        if (err)
            return err;
        if (!end)
            break;
        p = end + 1;
    }
    base_level = base;
    memcpy(modules, mods, n * sizeof *mods);
    n_modules = n;
    update_max();
    return VS_OK;
}

vs_err_t vs_log_init(void)
{
    const char *env = getenv("VROOMSIM_LOG");
    return env ? vs_log_configure(env, "VROOMSIM_LOG") : VS_OK;
}

static vs_log_level_t clamp(int level)
{
    return level < VS_LOG_ERROR ? VS_LOG_ERROR : level > VS_LOG_TRACE ? VS_LOG_TRACE : (vs_log_level_t)level;
}

void vs_log_adjust(int delta)
{
    base_level = clamp((int)base_level + delta);
    for (size_t i = 0; i < n_modules; i++)
        modules[i].level = clamp((int)modules[i].level + delta);
    update_max();
}

bool vs_log_enabled(vs_log_level_t level, const char *module)
{
    for (size_t i = 0; i < n_modules; i++)
        if (strcmp(modules[i].name, module) == 0)
            return level <= modules[i].level;
    return level <= base_level;
}

void vs_log_at(vs_log_level_t level, const char *module, int64_t sim_time_ns, const char *fmt, ...)
{
    if (!vs_log_enabled(level, module))
        return;
    va_list ap;
    va_start(ap, fmt);
    if (sim_time_ns >= 0)
        fprintf(stderr, "[%s %s t=%.9fs] ", names[level], module, (double)sim_time_ns * 1e-9);
    else
        fprintf(stderr, "[%s %s] ", names[level], module);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
