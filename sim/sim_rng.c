#include "sim_rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void sim_rng_init(sim_rng_t *rng, uint64_t master_seed, uint64_t entity_id)
{
    /* Mix the two so that (seed, id) pairs map to well-separated states. */
    uint64_t x = master_seed;
    uint64_t k = splitmix64(&x) ^ (entity_id * UINT64_C(0xd1342543de82ef95));
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&k);
    if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
        rng->s[0] = 1;
}

void sim_rng_init_named(sim_rng_t *rng, uint64_t master_seed, const char *entity)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)entity; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    sim_rng_init(rng, master_seed, h);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
uint64_t sim_rng_u64(sim_rng_t *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sim_rng_uniform01(sim_rng_t *rng)
{
    return (double)(sim_rng_u64(rng) >> 11) * 0x1.0p-53;
}

double sim_rng_uniform(sim_rng_t *rng, double lo, double hi)
{
    return lo + (hi - lo) * sim_rng_uniform01(rng);
}

uint64_t sim_rng_below(sim_rng_t *rng, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = sim_rng_u64(rng);
    while (x >= limit);
    return x % n;
}

double sim_rng_exp(sim_rng_t *rng, double mean)
{
    return -mean * log1p(-sim_rng_uniform01(rng));
}

double sim_rng_normal(sim_rng_t *rng, double mean, double sd)
{
    double u1 = 1.0 - sim_rng_uniform01(rng), u2 = sim_rng_uniform01(rng);
    return mean + sd * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
