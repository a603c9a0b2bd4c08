/* vs_log — leveled logging for people. Logs carry a module and, where there is one, the
 * simulated time; results never go through here (they go to JSON/CSV). Output is stderr. */
#ifndef VS_LOG_H
#define VS_LOG_H

#include <stdint.h>

typedef enum { VS_LOG_ERROR, VS_LOG_WARN, VS_LOG_INFO, VS_LOG_DEBUG, VS_LOG_TRACE } vs_log_level_t;

/* Messages above this level are dropped. Default VS_LOG_WARN, or $VROOMSIM_LOG
 * (error|warn|info|debug|trace) read by vs_log_init(). */
void vs_log_init(void);
void vs_log_set_level(vs_log_level_t level);
vs_log_level_t vs_log_level(void);

/* sim_time_ns < 0 means "no simulated time". */
void vs_log_at(vs_log_level_t level, const char *module, int64_t sim_time_ns, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define VS_LOG(level, module, ...)                                             \
    do {                                                                       \
        if ((level) <= vs_log_level())                                         \
            vs_log_at((level), (module), -1, __VA_ARGS__);                     \
    } while (0)
#define VS_WARN(module, ...) VS_LOG(VS_LOG_WARN, module, __VA_ARGS__)
#define VS_INFO(module, ...) VS_LOG(VS_LOG_INFO, module, __VA_ARGS__)
#define VS_DEBUG(module, ...) VS_LOG(VS_LOG_DEBUG, module, __VA_ARGS__)

#endif
