#include "cp_image.h"

#include <stddef.h>

/* Seed 001, Table 1: memory dump file size of a VR vs number of OSPF routes. */
static const struct {
    int64_t routes;
    double mib;
} table1[] = {
    {0, 3.2}, {10000, 24.2}, {100000, 46.4}, {200000, 58.4}, {300000, 71.1}, {400000, 97.3}, {500000, 124.1},
};
#define TABLE1_N (sizeof table1 / sizeof table1[0])

/* Seed 001, Sec. 6.4.2: a full BGP table of 255k routes takes the image from 3.2 to 76.0 MB. */
#define BGP_FULL_ROUTES 255000.0
#define BGP_FULL_MIB (76.0 - 3.2)

int64_t cp_image_bytes(int64_t ospf_routes, int64_t bgp_routes)
{
    double mib;
    size_t i = 1;
    while (i < TABLE1_N - 1 && ospf_routes > table1[i].routes)
        i++;
    double x0 = (double)table1[i - 1].routes, x1 = (double)table1[i].routes;
    mib = table1[i - 1].mib + (table1[i].mib - table1[i - 1].mib) * ((double)ospf_routes - x0) / (x1 - x0);
    mib += BGP_FULL_MIB * (double)bgp_routes / BGP_FULL_ROUTES;
    return (int64_t)(mib * (double)CP_MIB + 0.5);
}
