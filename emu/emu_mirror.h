/* emu_mirror — the data-plane hypervisor's view of one virtual router's control plane: the
 * IPv4 routes zebra installs in the control plane's namespace (table main), read through
 * netlink, with the control plane's interface names translated to the host's, and mirrored
 * into a FIB of the project's data-plane backend (hw_backend.h), seed 001 Sec. 4.2.2.
 *
 * Routes are read twice: a dump (the RIB as a whole, for cloning a FIB) and a subscription
 * to route changes, applied as they come by emu_mirror_poll. Multipath routes keep their
 * first next hop (ASSUMPTION: the emulated topologies have none; the backend's FIB holds
 * one next hop per prefix). Routes through interfaces the map does not name (loopback, the
 * control plane's own attachment ports) are not mirrored. */
#ifndef EMU_MIRROR_H
#define EMU_MIRROR_H

#include <stddef.h>

#include "hw_backend.h"
#include "vs_error.h"

typedef struct emu_mirror emu_mirror_t;

/* Opens the mirror of namespace cp_ns: cp_if[i] there is host_if[i] in the host (n pairs,
 * copied). *out owned by the caller: emu_mirror_close. */
vs_err_t emu_mirror_open(const char *cp_ns, const char *const *cp_if, const char *const *host_if,
                         size_t n, emu_mirror_t **out);
void emu_mirror_close(emu_mirror_t *m);

/* Where route changes go from now on: vr of b (NULL: nowhere, changes are dropped). */
void emu_mirror_target(emu_mirror_t *m, hw_backend_t *b, int vr);

/* Watches for IPv4 prefix p: emu_mirror_watched() is the emu_now() time at which the mirror
 * applied the first new route to it from then on, 0 until it has. */
void emu_mirror_watch(emu_mirror_t *m, const hw_prefix_t *p);
int64_t emu_mirror_watched(const emu_mirror_t *m);

/* The RIB now, translated: *routes (caller frees) and *n. O(routes). */
vs_err_t emu_mirror_rib(emu_mirror_t *m, hw_route_t **routes, size_t *n);

/* Applies the route changes that have arrived (never blocks): a new route replaces the
 * target's (added when absent), a removed one is deleted. *applied (may be NULL) is
 * incremented by the changes applied. A lost notification (socket overrun) makes it
 * apply the whole RIB again. */
vs_err_t emu_mirror_poll(emu_mirror_t *m, size_t *applied);

#endif
