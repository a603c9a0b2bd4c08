/* cp_image — the size of a virtual router's control-plane memory image as a function of the
 * routes it holds, per routing protocol. The curves are inputs (seed 001, Table 1 and
 * Sec. 6.4.2), not outcomes. Sizes in Table 1 are the dump files' sizes in MB, read here as
 * 2^20 bytes (MiB, as `ls -lh` prints them): an assumption, applied to every size from it. */
#ifndef CP_IMAGE_H
#define CP_IMAGE_H

#include <stdint.h>

#define CP_MIB INT64_C(1048576)

/* Image bytes of a control plane running OSPF with ospf_routes and BGP with bgp_routes.
 * OSPF: piecewise-linear through Table 1 (0..500k routes; extrapolated along the last
 * segment beyond). BGP adds linearly: a full table of 255k routes grows the image from
 * 3.2 MB to 76.0 MB (Sec. 6.4.2). */
int64_t cp_image_bytes(int64_t ospf_routes, int64_t bgp_routes);

#endif
