/* fuzz — libFuzzer harnesses, one per reader of outside input (docs/fuzzing.md). Each
 * fuzz_<reader> calls the reader as the command does and frees everything, so that a crash,
 * hang, leak or sanitizer report is the reader's. The bodies are plain C: libFuzzer drives
 * them in the clang fuzz build (fuzz_main.c), and tests/test_fuzz_regress.c replays the
 * regression inputs of tests/fuzz-regress/ through them in the ordinary gcc builds. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Once per process before the first input: what cli/main.c does at start-up (logging level,
 * the scenario's topology and BGP-update readers, igraph's error handler). Quiets logging
 * below errors unless VROOMSIM_LOG says otherwise. */
void fuzz_init(void);

/* The input as a file, for readers that take a path: a file under $TMPDIR (or /tmp) whose name
 * ends in suffix (".xml", ".yaml", ...), created on first use per suffix and rewritten on
 * each call; removed at exit. Returns its path (owned here), or NULL when it cannot be
 * written (the harness then skips the input). */
const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix);

/* The input as a NUL-terminated string (malloc'ed; the caller frees), or NULL when out of
 * memory. An embedded NUL ends the text, as it does for the reader. */
char *fuzz_text(const uint8_t *data, size_t size);

/* The harnesses: each returns 0 (libFuzzer's convention; bad input is not a finding). */
typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

int fuzz_scenario(const uint8_t *data, size_t size);      /* scn_load_string, `vroomsim run` */
int fuzz_plan(const uint8_t *data, size_t size);          /* scn_load on a file, `plan --simulate` */
int fuzz_study(const uint8_t *data, size_t size);         /* sched_power_study_load, `plan power --study` */
int fuzz_profile(const uint8_t *data, size_t size);       /* hw_profile_load_string, `fib --profile` */
int fuzz_graphml(const uint8_t *data, size_t size);       /* topo_load + topo_pops_create, `topo info` */
int fuzz_sndlib(const uint8_t *data, size_t size);        /* the same, SNDlib native seeds */
int fuzz_sndlib_xml(const uint8_t *data, size_t size);    /* the same, SNDlib XML seeds */
int fuzz_rocketfuel(const uint8_t *data, size_t size);    /* the same, Rocketfuel seeds */
int fuzz_tm(const uint8_t *data, size_t size);            /* trace_sndlib_load, `traffic info` */
int fuzz_prefix(const uint8_t *data, size_t size);        /* hw_prefix_list_read, `traffic bgp` */
int fuzz_mrt(const uint8_t *data, size_t size);           /* trace_mrt_*, `traffic bgp`, bgp.updates */

/* Name -> harness, ending with {NULL, NULL}: the names are the folders of fuzz/corpus/,
 * fuzz/dict/ and tests/fuzz-regress/. */
typedef struct {
    const char *name;
    fuzz_fn fn;
} fuzz_target_t;
extern const fuzz_target_t fuzz_targets[];

#endif
