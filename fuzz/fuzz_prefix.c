/* fuzz_prefix — the prefix-list reader (hwmodel/hw_prefix.c) as `vroomsim traffic bgp FILE`
 * calls it on a file that is not MRT: read, sort, count. */
#include "fuzz.h"
#include "hw_prefix.h"

int fuzz_prefix(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".txt");
    hw_prefix_list_t l = {0};
    if (path && hw_prefix_list_read(path, 0, 0, &l) == VS_OK) {
        size_t v4, v6, hist[33];
        hw_prefix_list_sort_unique(&l);
        hw_prefix_list_count(&l, &v4, &v6, hist);
    }
    hw_prefix_list_free(&l);
    return 0;
}
