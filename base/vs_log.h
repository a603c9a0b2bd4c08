/* vs_log — levelled logging for people (STYLE 13). A message has a level and a module and,
 * where there is one, the simulated time; results never go through here (they go to
 * JSON/CSV). Output is stderr.
 *
 * What each level carries: error and warn, problems; info, each migration step, plan wave
 * and solver phase; debug, adjacency and session state changes, FIB fill progress, pre-copy
 * rounds; trace, every event the engine dispatches.
 *
 * Off costs one compare of a global per call site (the macros test vs_log_max before any
 * call). */
#ifndef VS_LOG_H
#define VS_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "vs_error.h"

typedef enum { VS_LOG_ERROR, VS_LOG_WARN, VS_LOG_INFO, VS_LOG_DEBUG, VS_LOG_TRACE } vs_log_level_t;

/* The highest level any module logs at now: the macros' fast test. */
extern vs_log_level_t vs_log_max;

/* Reads a specification "LEVEL[,MODULE=LEVEL...]" (e.g. "info,ospf=debug"): the level of
 * every module, then of the named ones. An unknown level or a malformed item is VS_EUSAGE
 * naming it; the levels in force are then unchanged. `what` names the source in messages
 * (the option or variable). */
vs_err_t vs_log_configure(const char *spec, const char *what);
/* $VROOMSIM_LOG, when set (default warn). */
vs_err_t vs_log_init(void);
/* Moves every module's level by delta (-v: +1, -q: -1), within error..trace. */
void vs_log_adjust(int delta);
/* Would a message of this level and module be written? */
bool vs_log_enabled(vs_log_level_t level, const char *module);

/* sim_time_ns < 0 means "no simulated time". */
void vs_log_at(vs_log_level_t level, const char *module, int64_t sim_time_ns, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define VS_LOG_T(level, module, t, ...)                                                            \
    do {                                                                                           \
        if ((level) <= vs_log_max && vs_log_enabled((level), (module)))                            \
            vs_log_at((level), (module), (t), __VA_ARGS__);                                        \
    } while (0)
#define VS_LOG(level, module, ...) VS_LOG_T(level, module, -1, __VA_ARGS__)
#define VS_WARN(module, ...) VS_LOG(VS_LOG_WARN, module, __VA_ARGS__)
#define VS_INFO(module, ...) VS_LOG(VS_LOG_INFO, module, __VA_ARGS__)
#define VS_DEBUG(module, ...) VS_LOG(VS_LOG_DEBUG, module, __VA_ARGS__)

#endif
