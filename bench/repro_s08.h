/* repro_s08 — reproduction targets of seed 001 (VROOM, SIGCOMM 2008) that come from the
 * migration process: Fig. 8, Table 2 and the downtimes of Sec. 6.4. Each derives its
 * scenarios from the shipped examples (diamond and Abilene testbeds) and judges the cells of
 * REPRODUCE.md. */
#ifndef REPRO_S08_H
#define REPRO_S08_H

#include "repro.h"

vs_err_t repro_s08_fig8(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_table2_sd(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_table2_hd(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_ospf_downtime(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_bgp_downtime(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_ospf_hello(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_lsa_missed(uint64_t seed, repro_result_t *r);
vs_err_t repro_s08_bgp_min_hello(uint64_t seed, repro_result_t *r);

#endif
