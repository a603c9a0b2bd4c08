#include "vs_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vs_log_level_t current = VS_LOG_WARN;
static const char *const names[] = {"error", "warn", "info", "debug", "trace"};

void vs_log_init(void)
{
    const char *env = getenv("VROOMSIM_LOG");
    if (!env)
        return;
    for (int i = 0; i <= VS_LOG_TRACE; i++)
        if (strcmp(env, names[i]) == 0)
            current = (vs_log_level_t)i;
}

void vs_log_set_level(vs_log_level_t level)
{
    current = level;
}

vs_log_level_t vs_log_level(void)
{
    return current;
}

void vs_log_at(vs_log_level_t level, const char *module, int64_t sim_time_ns, const char *fmt, ...)
{
    if (level > current)
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
