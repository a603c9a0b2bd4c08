/* emu_internal — the emulated network as emu.c builds it and emu_migrate.c moves it. */
#ifndef EMU_INTERNAL_H
#define EMU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "emu.h"
#include "emu_mirror.h"
#include "emu_sys.h"
#include "hw_backend.h"


/* One interface of a virtual router. In its host it is a bridge (the VR's address and MAC)
 * whose ports are the data link's veth end and the control plane's attachment; in the
 * control plane's namespace, a bridge with the same address (ARP off: the host answers for
 * the VR) kept up by a veth pair of its own, plus the attachment's other end. */
typedef struct {
    int vlink;                 /* the scenario's virtual link; -1: the stub of a traffic end */
    int peer;                  /* the VR at the other end, -1 for a stub */
    char br[16];               /* the host's bridge: v<vr>i<k> */
    char cp[16];               /* the control plane's bridge: e<k> */
    char att[16];              /* the attachment's host end: c<vr>i<k> */
    char data[16];             /* the data link's end in the host: l<link>a / l<link>b / h<vr> */
    char tun[2][16];           /* the A<->B tunnel: t<vr>i<k>a in A, t<vr>i<k>b in B */
    uint32_t addr;             /* the VR's address, network byte order */
    int plen;
    char mac[18];              /* the host bridge's MAC (moves with the VR) */
} emu_if_t;

typedef struct {
    char ns[EMU_NS_LEN];       /* the control plane's namespace */
    char dir[320];             /* its FRR files */
    size_t host;               /* physical router now */
    emu_if_t ifs[EMU_MAX_IFS];
    int n_ifs;
    pid_t pids[2];             /* zebra, ospfd */
    int fib;                   /* its FIB in the host's backend */
    emu_mirror_t *mirror;
} emu_vr_t;

typedef struct {
    const scn_t *scn;
    const emu_opts_t *o;
    char tag[32];              /* vroomsim<pid> */
    char work[256];            /* the work directory */
    bool keep;
    char ns[EMU_MAX_ROUTERS * 2 + 2][EMU_NS_LEN]; /* every namespace made, to remove */
    int n_ns;
    char pr_ns[EMU_MAX_ROUTERS][EMU_NS_LEN];
    hw_backend_t *b[EMU_MAX_ROUTERS];
    emu_vr_t vr[EMU_MAX_ROUTERS];
    size_t mig_vr, src_vr, dst_vr; /* the moving VR; the VRs the probes enter and leave by */
    char src_ns[EMU_NS_LEN], dst_ns[EMU_NS_LEN];
    uint32_t src_ip, dst_ip;
    emu_probe_t *probe;
    emu_result_t *res;
} emu_t;

/* Makes the host's bridge of interface f in namespace ns: the VR's MAC and address (emu.c). */
vs_err_t emu__host_bridge(const char *ns, const emu_if_t *f);
/* Installs the neighbours of VR v's virtual links in namespace ns, permanently (their MACs
 * are the VRs' own and move with them): part of the data plane the hypervisor writes, as the
 * NetFPGA's ARP table is in the prototype. Without it, B's ARP replies would go to A, whose
 * bridge has the same MAC while a link is not yet re-homed (emu.c). */
vs_err_t emu__neighbours(emu_t *e, size_t v, const char *ns);
/* Waits ns nanoseconds while mirroring route changes (emu.c). */
vs_err_t emu__wait(emu_t *e, int64_t ns);
/* The migration itself, t0..t6, on a built and converged network (emu_migrate.c). */
vs_err_t emu__migrate(emu_t *e);

#endif
