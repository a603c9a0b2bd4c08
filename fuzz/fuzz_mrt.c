/* fuzz_mrt — the MRT reader (traces/trace_mrt.c) the three ways the command uses it: `traffic
 * bgp --lines` (sniff, then every event formatted as bgpdump does), `traffic bgp` (the
 * summary), and a scenario's `bgp.updates:` (trace_mrt_scn_updates). */
#include <stdlib.h>

#include "fuzz.h"
#include "trace_mrt.h"
#include "trace_mrt_scn.h"

static void lines(const char *path)
{
    trace_mrt_t *r = NULL;
    if (trace_mrt_open(path, &r) != VS_OK)
        return;
    char line[TRACE_MRT_LINE], aspath[256];
    for (;;) {
        trace_mrt_event_t ev;
        int done = 0;
        if (trace_mrt_next(r, &ev, &done) != VS_OK || done)
            break;
        trace_mrt_event_fmt(&ev, line, sizeof line);
        trace_mrt_aspath_fmt(&ev, aspath, sizeof aspath);
    }
    trace_mrt_close(r);
}

int fuzz_mrt(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".mrt");
    if (!path)
        return 0;
    int is_mrt = 0;
    (void)trace_mrt_sniff(path, &is_mrt); /* --format mrt reads on whatever it says */
    lines(path);
    trace_mrt_summary_t *s = calloc(1, sizeof *s);
    if (s)
        (void)trace_mrt_summarize(path, s);
    free(s);
    scn_bgp_update_t *u = NULL;
    size_t n = 0;
    if (trace_mrt_scn_updates(path, 0, &u, &n) == VS_OK)
        free(u);
    return 0;
}
