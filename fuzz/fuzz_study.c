/* fuzz_study — the power-study reader (sched/sched_power.c) as `vroomsim plan power --study
 * FILE` calls it: over the defaults, from a path. The configuration holds no allocation. */
#include "fuzz.h"
#include "sched_power.h"

int fuzz_study(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".yaml");
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    if (path)
        (void)sched_power_study_load(path, &c);
    return 0;
}
