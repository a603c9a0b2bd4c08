/* net_protos — the routing protocols the network runs around migrating VRs (rt_proto.h),
 * in the order their instances are created. A new protocol is one entry here. */
#ifndef NET_PROTOS_H
#define NET_PROTOS_H

#include "rt_proto.h"

#define NET_N_PROTOS 2

extern const rt_proto_t *const net_protos[NET_N_PROTOS];

#endif
