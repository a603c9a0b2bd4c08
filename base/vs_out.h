/* vs_out — results leave the program here: JSON through cJSON, CSV and text. A regular file
 * (or a path not there yet) is written to a temporary name beside it and renamed into place
 * only when complete, so a reader never sees half a file; a symlink is followed and its
 * target replaced; a FIFO or a device is written through. The path "-" means standard
 * output. */
#ifndef VS_OUT_H
#define VS_OUT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "vs_error.h"

typedef struct vs_outfile vs_outfile_t;

/* Opens "<target>.tmp.<pid>" for writing, target being path or the file its symlink names
 * (or opens path itself when it is a FIFO or device, stdout for "-"). *out owned by the
 * caller until vs_out_commit or vs_out_abort. */
vs_err_t vs_out_open(const char *path, vs_outfile_t **out);
FILE *vs_out_stream(vs_outfile_t *f);
/* Could vs_out_open write path? Checked before long work, so that a typo in an output path
 * fails at once rather than after the run: a directory or a missing folder is VS_EINVAL
 * (status 2), a folder or file without write permission VS_EPERM (status 3). Writes
 * nothing. */
vs_err_t vs_out_check(const char *path);
/* The same for a folder that files will be written into: it must exist and be writable. */
vs_err_t vs_out_check_dir(const char *dir);
/* Flushes, closes and renames into place; frees f even on failure (then removes the temp). */
vs_err_t vs_out_commit(vs_outfile_t *f);
/* Discards the temporary file; frees f. */
void vs_out_abort(vs_outfile_t *f);

/* Prints root (formatted, trailing newline) to path atomically. Does not take ownership. */
vs_err_t vs_json_write(const cJSON *root, const char *path);

/* CSV fields (RFC 4180): a string, quoted when it holds a comma, quote, CR or newline (quotes
 * doubled); a number as %.15g, NAN or an infinity as an empty field. sep is the character
 * written after the field (',' or '\n'). */
void vs_csv_str(FILE *f, const char *s, char sep);
void vs_csv_num(FILE *f, double v, char sep);

/* cJSON adds that fail with VS_ENOMEM instead of returning NULL silently. */
vs_err_t vs_json_num(cJSON *obj, const char *key, double v);
vs_err_t vs_json_str(cJSON *obj, const char *key, const char *v);
vs_err_t vs_json_bool(cJSON *obj, const char *key, int v);
/* Adds a fresh object/array under key (or appended when obj is an array and key NULL). */
cJSON *vs_json_obj(cJSON *parent, const char *key);
cJSON *vs_json_arr(cJSON *parent, const char *key);

#endif
