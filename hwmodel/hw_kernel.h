/* hw_kernel — the kernel backend's extras (the backend itself opens through hw_backend.h).
 * Each VR's FIB is kernel routing table table_base + vr, bound to its interfaces by policy
 * rules (iif -> table), in a network namespace the backend was given or created. */
#ifndef HW_KERNEL_H
#define HW_KERNEL_H

#include <stdint.h>

#include "hw_backend.h"

/* The kernel table number of vr (0 when b is not a kernel backend). */
uint32_t hw_kernel_table(const hw_backend_t *b, int vr);

/* Routes per netlink send from now on (1..4096); 1 sends each route alone with its ack,
 * as `ip -batch` does. */
vs_err_t hw_kernel_set_batch(hw_backend_t *b, size_t routes);
size_t hw_kernel_batch(const hw_backend_t *b);

/* Runs argv (argv[0] looked up in PATH) inside b's namespace and waits for it; stdin from
 * /dev/null. *exit_status gets its exit status (or 128 + signal); *wall_ns the measured
 * wall-clock time from fork to exit. Fails with VS_EIO when it cannot be started. */
vs_err_t hw_kernel_run(hw_backend_t *b, char *const argv[], int *exit_status, int64_t *wall_ns);

#endif
