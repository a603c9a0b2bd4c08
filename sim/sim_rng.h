/* sim_rng — random streams. Each entity owns a stream derived from (master seed, entity id
 * or name), so adding an entity elsewhere never changes another entity's draws. Functions
 * that draw take the stream as an argument; there is no global generator. */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} sim_rng_t;

/* Derives a stream from the master seed and an entity id (splitmix64 mixing). */
void sim_rng_init(sim_rng_t *rng, uint64_t master_seed, uint64_t entity_id);
/* Same, with the entity named by a string (hashed with 64-bit FNV-1a). */
void sim_rng_init_named(sim_rng_t *rng, uint64_t master_seed, const char *entity);

uint64_t sim_rng_u64(sim_rng_t *rng);
/* Uniform in [0, 1) with 53 random bits. */
double sim_rng_uniform01(sim_rng_t *rng);
/* Uniform in [lo, hi). */
double sim_rng_uniform(sim_rng_t *rng, double lo, double hi);
/* Uniform integer in [0, n), unbiased; n > 0. */
uint64_t sim_rng_below(sim_rng_t *rng, uint64_t n);
/* Exponential with the given mean (> 0). */
double sim_rng_exp(sim_rng_t *rng, double mean);
/* Normal (Box–Muller, one value per call). */
double sim_rng_normal(sim_rng_t *rng, double mean, double sd);

#endif
