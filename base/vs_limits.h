/* vs_limits — what one input may cost. A reader that must hold an input (or what the input
 * expands to) in memory checks it against a named limit before it commits the memory, and
 * past the limit stops at once with a message naming the limit and the environment variable
 * that raises it (exit status 2). docs/limits.md lists every limit with the memory and time
 * measured at it. */
#ifndef VS_LIMITS_H
#define VS_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct {
    const char *env;   /* the variable that raises it: "VROOMSIM_MAX_YAML" */
    const char *what;  /* what is limited, for messages: "a YAML file" */
    int64_t def;       /* the default when the variable is unset */
    bool bytes;        /* a size (the variable takes units, 64MB, 2GiB, or bytes), else a count */
    const char *unit;  /* a count's unit in messages ("nodes"); NULL for none or a size */
} vs_limit_t;

/* The limit in force: $env when set, else def. A value that is not a size (or a count) of
 * at least 1 fails with VS_EUSAGE naming the variable. */
vs_err_t vs_limit_get(const vs_limit_t *l, int64_t *out);

/* VS_OK when value is within the limit; else VS_ERANGE with "WHO: WHAT of VALUE is over the
 * limit of LIMIT (raise it with ENV=..., e.g. ENV=SUGGESTED)". who names the input (a file,
 * file:line). A malformed variable fails as vs_limit_get does. */
vs_err_t vs_limit_check(const vs_limit_t *l, const char *who, int64_t value);

#endif
