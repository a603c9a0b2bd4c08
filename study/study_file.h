/* study_file — sweep files (docs/sweep.md): a base (a scenario, a power study, a plan task or
 * a timers what-if), axes of key paths (scn_set.h) or of the base command's options with their
 * values, seeds and metrics, read and checked, and expanded into points in a fixed order. A
 * loaded sweep is immutable. */
#ifndef STUDY_FILE_H
#define STUDY_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run_timers.h"
#include "scn.h"
#include "sched_power.h"
#include "vs_error.h"

/* The format version this build reads (the file's `sweep:` key). */
#define STUDY_FORMAT 1
/* More points than a sweep may expand to: a typo in a range should not fill a disk. */
#define STUDY_MAX_POINTS 1000000

/* What each point runs (docs/sweep.md, "Bases"). */
typedef enum {
    STUDY_BASE_SCENARIO, /* vroomsim run: axes are key paths into the scenario */
    STUDY_BASE_POWER,    /* vroomsim plan power --study FILE: axes are its options */
    STUDY_BASE_TIMERS,   /* vroomsim timers: axes are its options */
    STUDY_BASE_TE,       /* vroomsim plan te: axes are its options */
} study_base_kind_t;

/* The names of the kinds, as the base's key and the database's meta say them. */
extern const char *const STUDY_BASE_KINDS[];

/* A point's configuration for a non-scenario base. */
typedef struct {
    sched_power_config_t plan; /* power, te */
    double target_mlu;         /* te */
    run_timers_opts_t timers;  /* timers */
} study_config_t;

typedef struct {
    char *path;    /* scenario: a key path as scn_derive takes it; else an option's name */
    char **values; /* as written (a range's values in the unit of its `from`; files resolved
                      against the sweep file's folder) */
    size_t n_values;
} study_axis_t;

/* An option of a non-scenario base, as `name: value` under the base's `options`. */
typedef struct {
    char *name, *value;
} study_option_t;

typedef struct {
    char *name; /* a column name: [a-z_][a-z0-9_]* */
    char *path; /* into the run's result JSON: migrations[0].downtime.total_s */
} study_metric_t;

/* Every string and array is owned by the sweep. */
typedef struct {
    char *file;      /* the sweep file as given */
    char *name;
    study_base_kind_t kind;
    char *base_path; /* the base's file (scenario, power study), resolved against the sweep
                        file's folder; NULL for timers */
    const scn_t *base;             /* scenario */
    sched_power_config_t *power;   /* power: the study file read, before the options */
    study_option_t *options;       /* power, timers: the base's options, in file order */
    size_t n_options;
    study_axis_t *axes;
    size_t n_axes;
    bool zip;        /* combine: zip (else product) */
    uint64_t *seeds;
    size_t n_seeds;
    study_metric_t *metrics;
    size_t n_metrics;
    size_t n_points; /* combinations × seeds */
    uint64_t hash;   /* identity of the points and metrics: study_hash */
} study_sweep_t;

/* Reads and checks path (errors name file:line:col and status 2; an axis value the base
 * refuses names the axis and the value). Cost: one derived scenario per axis value.
 * *out: study_free. */
vs_err_t study_load(const char *path, study_sweep_t **out);
void study_free(study_sweep_t *sw);

/* Point i < n_points: values[a] for each axis (pointers owned by sw), and its seed. Points
 * run combination by combination (the last axis fastest under product), each over all seeds. */
void study_point(const study_sweep_t *sw, size_t i, const char **values, uint64_t *seed);

/* path resolved against sweep_file's folder (as given when absolute); malloc'd, NULL when out
 * of memory. */
char *study_resolve(const char *sweep_file, const char *path);

/* A non-scenario base's configuration for a point: the base's defaults (the power study read,
 * plan te's, timers'), its options, then names[i] = values[i] for i < n, each read as the
 * command reads it. Errors name the option and the value. */
vs_err_t study_base_config(const study_sweep_t *sw, const char *const *names,
                           const char *const *values, size_t n, study_config_t *cfg);
/* Whether the base takes name = value alone (a key path and value on a scenario, an option on
 * the others); the error says why not. */
vs_err_t study_try_value(const study_sweep_t *sw, const char *name, const char *value);

/* FNV-1a 64 (not cryptographic: it tells edits apart, it does not resist forgery) of the
 * base file's bytes, the combine mode, each axis's path and values, the seeds and each
 * metric's name and path: the same sweep gives the same hash. */
uint64_t study_hash(const study_sweep_t *sw, const char *base_text, size_t base_len);

#endif
