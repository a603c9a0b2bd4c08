/* sim_qops — the two event-queue structures behind sim_queue.h's ops table, so that tests and
 * benchmarks drive both through the same code. */
#ifndef SIM_QOPS_H
#define SIM_QOPS_H

#include "sim_queue.h"

extern const sim_queue_ops_t sim_queue_wheel_ops;
extern const sim_queue_ops_t sim_queue_heap_ops;

#endif
