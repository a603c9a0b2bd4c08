/* hw_backend_internal — what a backend implementation provides (a const vtable) and the
 * generic state hw_backend.c keeps for it. Not for use outside hwmodel/. */
#ifndef HW_BACKEND_INTERNAL_H
#define HW_BACKEND_INTERNAL_H

#include "hw_backend.h"

#define HW__MAX_VRS 64
#define HW__MAX_LINKS 64

typedef struct {
    const char *name;
    /* Each returns VS_OK or an error with a message. impl is hw_backend_t.impl. */
    vs_err_t (*open)(hw_backend_t *b, const hw_backend_config_t *cfg);
    void (*close)(hw_backend_t *b);
    vs_err_t (*vr_create)(hw_backend_t *b, int vr);
    vs_err_t (*link_add)(hw_backend_t *b, const char *ifname);
    vs_err_t (*bind)(hw_backend_t *b, int vr, const char *ifname);
    /* Applies op to routes [0, n); reports per-route failures through report(); adds the
     * cost to *cost_ns. Returns VS_OK unless the whole batch could not be attempted. */
    vs_err_t (*apply)(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                      void (*report)(hw_backend_t *b, size_t i, vs_err_t err, const char *why),
                      sim_time_t *cost_ns);
    vs_err_t (*count)(hw_backend_t *b, int vr, size_t *out);
} hw__ops_t;

typedef struct {
    char name[32];
    hw_backend_t *remote;
    int remote_vr;
} hw__vr_t;

struct hw_backend {
    const hw__ops_t *ops;
    hw_backend_kind_t kind;
    hw_fib_profile_t fib;       /* sim and netfpga costs */
    void *impl;
    int nvr;
    hw__vr_t vr[HW__MAX_VRS];
    hw_counters_t counters;
    /* current batch's error reporting */
    hw_route_error_fn on_error;
    void *on_error_ctx;
    const hw_route_t *batch;
    size_t batch_failed;
    vs_err_t first_err;
    char first_why[320];
};

extern const hw__ops_t hw__sim_ops;
extern const hw__ops_t hw__kernel_ops;
extern const hw__ops_t hw__netfpga_ops;

/* Set by the kernel backend's SIGINT/SIGTERM handler. */
extern volatile int hw__interrupted;

#endif
