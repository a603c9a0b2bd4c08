/* vs_yaml — the libyaml adapter: a YAML file read into a tree whose every node knows its
 * line and column, plus typed, validating accessors whose errors point at the text:
 *
 *   scenario.yaml:14:7: unknown key 'helo' (did you mean 'hello'?)
 *
 * A document owns all its nodes and strings (one arena); nodes are immutable, except in a
 * document a program derives a variant in (the editing functions at the end). */
#ifndef VS_YAML_H
#define VS_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef enum { VS_Y_SCALAR, VS_Y_MAP, VS_Y_SEQ } vs_ykind_t;

typedef struct vs_ynode vs_ynode_t;
typedef struct vs_ydoc vs_ydoc_t;

struct vs_ynode {
    vs_ykind_t kind;
    int line, col;           /* 1-based position of the node's first character */
    const char *scalar;      /* VS_Y_SCALAR: the text; NULL otherwise */
    bool quoted;             /* VS_Y_SCALAR written in quotes (never null/bool by accident) */
    size_t len;              /* VS_Y_MAP: pairs; VS_Y_SEQ: items */
    const vs_ynode_t **keys; /* VS_Y_MAP: key nodes (scalars) */
    const vs_ynode_t **vals; /* VS_Y_MAP: values; VS_Y_SEQ: items */
    const char *origin;      /* not from the text (an edit such as "--set PATH=VALUE"): what
                                messages name instead of file:line:col; NULL = the text */
};

/* How deeply collections may nest (the root mapping is level 1). Scenario files need fewer
 * than ten; the limit keeps a hostile file from exhausting the stack, and libyaml's scanner,
 * whose work per token grows with the depth, from taking minutes over it. */
#define VS_YAML_MAX_DEPTH 64

/* Reads a file (one document). Syntax errors fail with VS_EPARSE naming file:line:col;
 * a missing file fails with VS_EIO. *out is owned by the caller: vs_ydoc_free. */
vs_err_t vs_ydoc_load_file(const char *path, vs_ydoc_t **out);
/* Documents are held whole, text and tree; a text over $VROOMSIM_MAX_YAML (default 64 MB,
 * docs/limits.md) is refused with VS_ERANGE naming the limit, a file before it is read. */
/* VS_OK when len bytes of YAML are within the limit: for a program reading a document from
 * a stream, to stop as soon as it is over. */
vs_err_t vs_ydoc_check_size(const char *name, size_t len);
/* Same from memory; name is used in messages. */
vs_err_t vs_ydoc_load_string(const char *name, const char *text, size_t len, vs_ydoc_t **out);
void vs_ydoc_free(vs_ydoc_t *doc);
const vs_ynode_t *vs_ydoc_root(const vs_ydoc_t *doc);
const char *vs_ydoc_name(const vs_ydoc_t *doc);

/* Mapping lookup; NULL when absent or node is not a mapping. O(pairs). */
const vs_ynode_t *vs_ynode_get(const vs_ynode_t *map, const char *key);

/* Records "file:line:col: <message>" for node (or "<origin>: <message>" for a node an edit
 * made) and returns err. */
vs_err_t vs_yerr(const vs_ydoc_t *doc, const vs_ynode_t *node, vs_err_t err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fails unless node has the kind; what names the thing expected ("a mapping of routers"). */
vs_err_t vs_yexpect(const vs_ydoc_t *doc, const vs_ynode_t *node, vs_ykind_t kind,
                    const char *what);
/* Every key of map must be in allowed (NULL-terminated); an unknown key fails with
 * VS_EUNKNOWN_KEY and suggests the nearest allowed key. */
vs_err_t vs_ycheck_keys(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *const *allowed);
/* Fails with VS_EINVAL when map lacks key. */
vs_err_t vs_yrequire(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                     const vs_ynode_t **out);

/* Typed reads of map[key]. When the key is absent: with required, fail; else leave *out
 * untouched (the caller set the named default) and return VS_OK. Range checks are inclusive. */
vs_err_t vs_yget_str(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     const char **out);
vs_err_t vs_yget_bool(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      bool *out);
vs_err_t vs_yget_int(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     int64_t min, int64_t max, int64_t *out);
vs_err_t vs_yget_double(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                        bool required, double min, double max, double *out);
/* Durations (bare number = seconds), in nanoseconds, within [min_ns, max_ns]. */
vs_err_t vs_yget_duration(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                          bool required, int64_t min_ns, int64_t max_ns, int64_t *out);
vs_err_t vs_yget_rate(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      double min_bps, double *out_bps);
vs_err_t vs_yget_size(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      int64_t *out_bytes);
vs_err_t vs_yget_pps(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     double *out_pps);
/* One of choices (NULL-terminated); *out is the index. */
vs_err_t vs_yget_enum(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      const char *const *choices, int *out);

/* Scalar conversions of a node itself (for sequence items). */
vs_err_t vs_yscalar_duration(const vs_ydoc_t *doc, const vs_ynode_t *node, int64_t *out_ns);
vs_err_t vs_yscalar_double(const vs_ydoc_t *doc, const vs_ynode_t *node, double *out);

/* The allowed string nearest to word by edit distance, or NULL when none is close. */
const char *vs_nearest(const char *word, const char *const *allowed);

/* ---- Deriving a variant of a document -------------------------------------------------------
 * A program that changes a file's values before reading it (a scenario with --set PATH=VALUE)
 * edits the tree of a document it loaded for the purpose: it duplicates every node on the way
 * to the one it changes (vs_ynode_dup) and changes only those copies, so that nodes shared
 * through YAML aliases never change under another path. Nodes it adds carry an origin. */

/* The text the document was read from (owned by doc; NUL-terminated) and its length. */
const char *vs_ydoc_text(const vs_ydoc_t *doc, size_t *len);
/* Parses text as one YAML value — a scalar, or a flow list or mapping such as
 * `[{at: 2s, down_for: 1s}]` — into nodes owned by doc whose origin is a copy of origin.
 * Syntax errors fail with VS_EPARSE naming origin. O(length of text). */
vs_err_t vs_ydoc_parse_value(vs_ydoc_t *doc, const char *origin, const char *text,
                             const vs_ynode_t **out);
/* A copy of node owned by doc with key and value arrays of its own (children shared): the
 * nodes the functions below may change. NULL when out of memory. */
vs_ynode_t *vs_ynode_dup(vs_ydoc_t *doc, const vs_ynode_t *node);
/* A new empty mapping owned by doc, from origin (copied). NULL when out of memory. */
vs_ynode_t *vs_ynode_new_map(vs_ydoc_t *doc, const char *origin);
/* map[key] = val: the value replaced where key is, else the pair appended with a key node
 * from origin (copied). map comes from vs_ynode_dup or vs_ynode_new_map. O(pairs). */
vs_err_t vs_ymap_put(vs_ydoc_t *doc, vs_ynode_t *map, const char *key, const char *origin,
                     const vs_ynode_t *val);
/* Removes key and its value from map (a copy from vs_ynode_dup); nothing when absent. */
void vs_ymap_remove(vs_ynode_t *map, const char *key);
/* seq[i] = val, or item i removed when val is NULL; seq comes from vs_ynode_dup, i < len. */
void vs_yseq_put(vs_ynode_t *seq, size_t i, const vs_ynode_t *val);
/* Makes root (owned by doc) the document's root. */
void vs_ydoc_set_root(vs_ydoc_t *doc, const vs_ynode_t *root);
/* Applies "KEY.KEY...=VALUE" to a document whose root is a mapping of mappings (a study file;
 * scenarios, with their lists, have scn_set.h): the mappings on the way are copied as above,
 * or made when absent; VALUE is read as YAML (`~` or `null` removes the key, so its default
 * applies). The loader then checks the result as it checks a file, the new nodes naming
 * "--set SET" as their origin. Errors (VS_EINVAL) name the setting. */
vs_err_t vs_ydoc_set_keys(vs_ydoc_t *doc, const char *set);

#endif
