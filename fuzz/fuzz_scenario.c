/* fuzz_scenario — the scenario reader (models/scenario/scenario.c) as `vroomsim run` and
 * `validate` call it, from memory; and as `plan --simulate` reads a plan file, from a path.
 * `topology:` and `bgp.updates:` reach the readers fuzz_init registers. */
#include <stdlib.h>

#include "fuzz.h"
#include "scenario.h"

int fuzz_scenario(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    const scn_t *scn = NULL;
    if (text && scn_load_string("fuzz.yaml", text, &scn) == VS_OK)
        scn_free(scn);
    free(text);
    return 0;
}

/* A plan is a scenario file (docs/scheduler.md); the command loads it by path, so this one
 * also covers vs_ydoc_load_file. */
int fuzz_plan(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".yaml");
    const scn_t *scn = NULL;
    if (path && scn_load(path, &scn) == VS_OK)
        scn_free(scn);
    return 0;
}
