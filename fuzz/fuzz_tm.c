/* fuzz_tm — the SNDlib traffic-matrix reader (traces/trace_sndlib.c) on one XML file, as
 * `vroomsim traffic info FILE.xml` and a study's `tm:` call it. */
#include "fuzz.h"
#include "trace_sndlib.h"

int fuzz_tm(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".xml");
    trace_tm_t *tm = NULL;
    if (path && trace_sndlib_load(path, &tm) == VS_OK)
        trace_tm_destroy(tm);
    return 0;
}
