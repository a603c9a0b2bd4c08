/* repro_s08_data — the data-plane reproduction targets of seed 001 Sec. 6.3
 * (../shared/REPRODUCE.md): s08-hd-zero-impact, s08-sd-delay, s08-table3, s08-fig9. Each runs
 * the shipped example scenarios (examples/diamond-hd-traffic.yaml, diamond-sd-pc850.yaml,
 * dumbbell-*.yaml) through the packet-level data plane; the paper's numbers are compared,
 * never used as inputs. */
#ifndef REPRO_S08_DATA_H
#define REPRO_S08_DATA_H

#include <stdint.h>

#include "repro.h"

vs_err_t repro_s08_hd_zero_impact(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_sd_delay(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_table3(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_fig9(uint64_t seed, repro_result_t *r);

#endif
