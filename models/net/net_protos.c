#include "net_protos.h"

extern const rt_proto_t rt_ospf, rt_bgp; /* routing/ospf, routing/bgp */

const rt_proto_t *const net_protos[NET_N_PROTOS] = {
    &rt_ospf,
    &rt_bgp,
};
