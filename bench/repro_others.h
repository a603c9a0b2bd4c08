/* repro_others — reproduction targets of seeds 000, 002, 003 and 004 (REPRODUCE.md): the
 * mechanisms other than vroom (docs/mechanisms.md), run on the shipped examples. */
#ifndef REPRO_OTHERS_H
#define REPRO_OTHERS_H

#include "repro.h"

vs_err_t repro_h07_xen_downtime(uint64_t seed, repro_result_t *r);
vs_err_t repro_p10_downtime(uint64_t seed, repro_result_t *r);
vs_err_t repro_p10_loss(uint64_t seed, repro_result_t *r);
vs_err_t repro_p10_total_time(uint64_t seed, repro_result_t *r);
vs_err_t repro_b10_rules(uint64_t seed, repro_result_t *r);
vs_err_t repro_b10_cases(uint64_t seed, repro_result_t *r);
vs_err_t repro_x14_table1(uint64_t seed, repro_result_t *r);
vs_err_t repro_x14_table2(uint64_t seed, repro_result_t *r);

#endif
