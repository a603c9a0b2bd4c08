#include "sched_result.h"

#include <stdlib.h>
#include <time.h>

double sched_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sched_result_free(sched_result_t *r)
{
    if (r) {
        free(r->host);
        r->host = NULL;
    }
}
