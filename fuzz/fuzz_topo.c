/* fuzz_topo — the topology readers (topologies/) as `vroomsim topo info FILE` calls them:
 * topo_load, which tells the format by content, then the POP expansion. One reader, four
 * harnesses: each has its own corpus and dictionary, so each format's parser gets the
 * mutations that reach it. */
#include "fuzz.h"
#include "topo.h"
#include "topo_pop.h"

static int load(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".topo");
    topo_t *t = NULL;
    topo_pops_t *pops = NULL;
    topo_pop_config_t pcfg = TOPO_POP_CONFIG_DEFAULT;
    if (path && topo_load(path, &t) == VS_OK)
        (void)topo_pops_create(t, &pcfg, &pops);
    topo_pops_destroy(pops);
    topo_destroy(t);
    return 0;
}

int fuzz_graphml(const uint8_t *data, size_t size)
{
    return load(data, size);
}

int fuzz_sndlib(const uint8_t *data, size_t size)
{
    return load(data, size);
}

int fuzz_sndlib_xml(const uint8_t *data, size_t size)
{
    return load(data, size);
}

int fuzz_rocketfuel(const uint8_t *data, size_t size)
{
    return load(data, size);
}
