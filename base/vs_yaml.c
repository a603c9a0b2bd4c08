#include "vs_yaml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "vs_arena.h"
#include "vs_limits.h"
#include "vs_progress.h"
#include "vs_strmap.h"
#include "vs_units.h"

struct vs_ydoc {
    vs_arena_t *arena;
    const char *name;
    const vs_ynode_t *root;
    const char *text;        /* the source, for programs that derive a variant */
    size_t text_len;
};

typedef struct {
    const vs_ynode_t *node;
    int height; /* collections nested in node, itself included (0 for a scalar) */
} anchor_t;

/* A growable list of node pointers used while a collection is being read. */
typedef struct {
    const vs_ynode_t **items;
    size_t len, cap;
} nodelist_t;

static bool list_push(nodelist_t *l, const vs_ynode_t *n)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const vs_ynode_t **p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return false;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->len++] = n;
    return true;
}

typedef struct {
    yaml_parser_t parser;
    vs_ydoc_t *doc;
    anchor_t *anchors;    /* owned; by index in anchor_idx */
    size_t n_anchors, cap_anchors;
    vs_strmap_t anchor_idx; /* anchor name (in the arena) -> index in anchors; a name
                               defined again names the later node, as YAML says */
    int depth; /* collections open around the event being read */
    vs_progress_t progress;
} reader_t;

static vs_err_t parse_error(reader_t *r)
{
    const yaml_parser_t *p = &r->parser;
    size_t line = p->problem_mark.line + 1, col = p->problem_mark.column + 1;
    if (p->error == YAML_MEMORY_ERROR)
        return vs_fail(VS_ENOMEM, "%s: out of memory while reading YAML", r->doc->name);
    return vs_fail(VS_EPARSE, "%s:%zu:%zu: YAML syntax error: %s%s%s", r->doc->name, line, col,
                   p->problem ? p->problem : "unknown problem", p->context ? " " : "",
                   p->context ? p->context : "");
}

static vs_err_t next_event(reader_t *r, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&r->parser, ev))
        return parse_error(r);
    vs_progress_update(&r->progress, ev->start_mark.index);
    return VS_OK;
}

static vs_ynode_t *new_node(reader_t *r, vs_ykind_t kind, const yaml_mark_t *mark)
{
    vs_ynode_t *n = vs_arena_alloc(r->doc->arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->line = (int)mark->line + 1;
    n->col = (int)mark->column + 1;
    return n;
}

static vs_err_t remember_anchor(reader_t *r, const yaml_char_t *name, const vs_ynode_t *node,
                                int height)
{
    if (!name)
        return VS_OK;
    if (r->n_anchors == r->cap_anchors) {
        size_t cap = r->cap_anchors ? 2 * r->cap_anchors : 16;
        anchor_t *a = realloc(r->anchors, cap * sizeof *a);
        if (!a)
            return vs_fail(VS_ENOMEM, "out of memory");
        r->anchors = a;
        r->cap_anchors = cap;
    }
    const char *key = vs_arena_strdup(r->doc->arena, (const char *)name);
    if (!key)
        return vs_fail(VS_ENOMEM, "out of memory");
    r->anchors[r->n_anchors] = (anchor_t){node, height};
    return vs_strmap_put(&r->anchor_idx, key, r->n_anchors++);
}

static vs_err_t read_node(reader_t *r, yaml_event_t *ev, const vs_ynode_t **out, int *height);

/* A key written twice in one mapping is an error naming both places. O(n) through a map, so
 * that a mapping of a million keys costs no more than a list of them. */
static vs_err_t check_duplicates(reader_t *r, const vs_ynode_t **keys, size_t n)
{
    vs_strmap_t seen = {0};
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < n && !err; i++) {
        size_t j = vs_strmap_get(&seen, keys[i]->scalar);
        if (j != SIZE_MAX)
            err = vs_yerr(r->doc, keys[i], VS_EPARSE, "duplicate key '%s' (first at line %d)",
                          keys[i]->scalar, keys[j]->line);
        else
            err = vs_strmap_put(&seen, keys[i]->scalar, i);
    }
    vs_strmap_free(&seen);
    return err;
}

static vs_err_t read_collection(reader_t *r, vs_ynode_t *n, yaml_event_type_t end_type,
                                int *height)
{
    nodelist_t items = {0};
    *height = 1;
    vs_err_t err = VS_OK;
    for (;;) {
        yaml_event_t ev;
        VS_TRY(next_event(r, &ev));
        if (ev.type == end_type) {
            yaml_event_delete(&ev);
            break;
        }
        const vs_ynode_t *child = NULL;
        int h = 0;
        err = read_node(r, &ev, &child, &h);
        yaml_event_delete(&ev);
        if (err)
            goto out;
        if (h + 1 > *height)
            *height = h + 1;
        if (!list_push(&items, child)) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (n->kind == VS_Y_MAP) {
        n->len = items.len / 2;
        const vs_ynode_t **keys = vs_arena_alloc(r->doc->arena, (n->len + 1) * sizeof *keys);
        const vs_ynode_t **vals = vs_arena_alloc(r->doc->arena, (n->len + 1) * sizeof *vals);
        if (!keys || !vals) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n->len; i++) {
            keys[i] = items.items[2 * i];
            vals[i] = items.items[2 * i + 1];
            if (keys[i]->kind != VS_Y_SCALAR) {
                err = vs_yerr(r->doc, keys[i], VS_EPARSE, "a mapping key must be a plain word");
                goto out;
            }
        }
        if ((err = check_duplicates(r, keys, n->len)))
            goto out;
        n->keys = keys;
        n->vals = vals;
    } else {
        n->len = items.len;
        const vs_ynode_t **vals = vs_arena_alloc(r->doc->arena, (n->len + 1) * sizeof *vals);
        if (!vals) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        if (n->len)
            memcpy(vals, items.items, n->len * sizeof *vals);
        n->vals = vals;
    }
out:
    free(items.items);
    return err;
}

/* *height: the collections nested in the node read, itself included (what an alias to it
 * adds to the depth where the alias stands). */
static vs_err_t read_node(reader_t *r, yaml_event_t *ev, const vs_ynode_t **out, int *height)
{
    vs_ynode_t *n;
    *height = 0;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (!(n = new_node(r, VS_Y_SCALAR, &ev->start_mark)))
            return vs_fail(VS_ENOMEM, "out of memory");
        n->scalar = vs_arena_strndup(r->doc->arena, (const char *)ev->data.scalar.value,
                                     ev->data.scalar.length);
        if (!n->scalar)
            return vs_fail(VS_ENOMEM, "out of memory");
        if (strlen(n->scalar) != ev->data.scalar.length)
            return vs_yerr(r->doc, n, VS_EPARSE, "a value contains a NUL byte");
        n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        *out = n;
        return remember_anchor(r, ev->data.scalar.anchor, n, 0);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool is_map = ev->type == YAML_MAPPING_START_EVENT;
        /* Checked as each collection opens, before libyaml scans further: past the limit
         * neither our recursion nor the scanner (quadratic in the depth) goes on. */
        if (r->depth >= VS_YAML_MAX_DEPTH)
            return vs_fail(VS_EPARSE, "%s:%zu:%zu: nested more than %d levels deep (the limit)",
                           r->doc->name, ev->start_mark.line + 1, ev->start_mark.column + 1,
                           VS_YAML_MAX_DEPTH);
        if (!(n = new_node(r, is_map ? VS_Y_MAP : VS_Y_SEQ, &ev->start_mark)))
            return vs_fail(VS_ENOMEM, "out of memory");
        const yaml_char_t *anchor =
            is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
        r->depth++;
        vs_err_t err = read_collection(r, n, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
                                       height);
        r->depth--;
        if (err)
            return err;
        *out = n;
        return remember_anchor(r, anchor, n, *height);
    }
    case YAML_ALIAS_EVENT: {
        size_t i = vs_strmap_get(&r->anchor_idx, (const char *)ev->data.alias.anchor);
        if (i == SIZE_MAX)
            return vs_fail(VS_EPARSE, "%s:%zu:%zu: unknown alias '*%s'", r->doc->name,
                           ev->start_mark.line + 1, ev->start_mark.column + 1,
                           (const char *)ev->data.alias.anchor);
        /* An alias repeats a tree: nested where it stands, it counts at its full depth, or
         * aliases of aliases would build a tree deeper than any limit. */
        const anchor_t *a = &r->anchors[i];
        if (r->depth + a->height > VS_YAML_MAX_DEPTH)
            return vs_fail(VS_EPARSE, "%s:%zu:%zu: the alias '*%s' nests its value %d levels "
                           "deep here, more than %d (the limit)", r->doc->name,
                           ev->start_mark.line + 1, ev->start_mark.column + 1,
                           (const char *)ev->data.alias.anchor, r->depth + a->height,
                           VS_YAML_MAX_DEPTH);
        *out = a->node;
        *height = a->height;
        return VS_OK;
    }
    default:
        return vs_fail(VS_EPARSE, "%s:%zu:%zu: unexpected YAML structure", r->doc->name,
                       ev->start_mark.line + 1, ev->start_mark.column + 1);
    }
}

static vs_err_t read_document(reader_t *r)
{
    vs_err_t err = VS_OK;
    yaml_event_t ev;
    bool have_doc = false;
    for (;;) {
        VS_TRY(next_event(r, &ev));
        yaml_event_type_t type = ev.type;
        if (type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (type == YAML_DOCUMENT_START_EVENT) {
            if (have_doc) {
                err = vs_fail(VS_EPARSE, "%s:%zu:%zu: only one YAML document per file is allowed",
                              r->doc->name, ev.start_mark.line + 1, ev.start_mark.column + 1);
                yaml_event_delete(&ev);
                goto out;
            }
            have_doc = true;
        } else if (type != YAML_STREAM_START_EVENT && type != YAML_DOCUMENT_END_EVENT) {
            int h;
            err = read_node(r, &ev, &r->doc->root, &h);
        }
        yaml_event_delete(&ev);
        if (err)
            goto out;
    }
    if (!r->doc->root)
        err = vs_fail(VS_EPARSE, "%s: the file is empty (expected a YAML mapping)", r->doc->name);
out:
    return err;
}

/* The document is held whole, as its text and as a tree of about 20 times its size in
 * scenario files (docs/limits.md): a file over this is refused before it is read. */
static const vs_limit_t yaml_limit = {.env = "VROOMSIM_MAX_YAML", .what = "a YAML file",
                                       .def = INT64_C(64000000), .bytes = true};

vs_err_t vs_ydoc_check_size(const char *name, size_t len)
{
    return vs_limit_check(&yaml_limit, name, (int64_t)len);
}

static vs_err_t load(const char *name, const unsigned char *text, size_t len, vs_ydoc_t **out)
{
    vs_err_t err;
    reader_t r = {0};
    *out = NULL;
    if ((err = vs_ydoc_check_size(name, len)))
        return err;
    vs_ydoc_t *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->arena = vs_arena_create(0)) || !(doc->name = vs_arena_strdup(doc->arena, name))) {
        if (doc)
            vs_arena_destroy(doc->arena);
        free(doc);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    r.doc = doc;
    if (!(doc->text = vs_arena_strndup(doc->arena, (const char *)text, len))) {
        vs_ydoc_free(doc);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    doc->text_len = len;
    if (!yaml_parser_initialize(&r.parser)) {
        vs_ydoc_free(doc);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&r.parser, text, len);
    char what[256];
    snprintf(what, sizeof what, "reading %s", name);
    vs_progress_start(&r.progress, what, len);
    err = read_document(&r);
    if (!err)
        r.progress.done = len;
    vs_progress_end(&r.progress);
    yaml_parser_delete(&r.parser);
    vs_strmap_free(&r.anchor_idx);
    free(r.anchors);
    if (err)
        vs_ydoc_free(doc);
    else
        *out = doc;
    return err;
}

vs_err_t vs_ydoc_load_string(const char *name, const char *text, size_t len, vs_ydoc_t **out)
{
    return load(name, (const unsigned char *)text, len, out);
}

vs_err_t vs_ydoc_load_file(const char *path, vs_ydoc_t **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) { /* fopen succeeds, reads fail */
        fclose(f);
        return vs_fail(VS_EINVAL, "%s: is a directory (expected a YAML file)", path);
    }
    vs_err_t err = vs_ydoc_check_size(path, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0);
    if (err) {
        fclose(f);
        return err;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if ((err = vs_ydoc_check_size(path, len))) { /* a pipe, a growing file */
            free(buf);
            fclose(f);
            return err;
        }
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                return vs_fail(VS_ENOMEM, "%s: out of memory", path);
            }
            buf = p;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return vs_fail(VS_EIO, "%s: read error", path);
    }
    err = load(path, (const unsigned char *)buf, len, out);
    free(buf);
    return err;
}

void vs_ydoc_free(vs_ydoc_t *doc)
{
    if (!doc)
        return;
    vs_arena_destroy(doc->arena);
    free(doc);
}

const vs_ynode_t *vs_ydoc_root(const vs_ydoc_t *doc)
{
    return doc->root;
}

const char *vs_ydoc_name(const vs_ydoc_t *doc)
{
    return doc->name;
}

const vs_ynode_t *vs_ynode_get(const vs_ynode_t *map, const char *key)
{
    if (!map || map->kind != VS_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->len; i++)
        if (strcmp(map->keys[i]->scalar, key) == 0)
            return map->vals[i];
    return NULL;
}

vs_err_t vs_yerr(const vs_ydoc_t *doc, const vs_ynode_t *node, vs_err_t err, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (node && node->origin)
        return vs_fail(err, "%s: %s", node->origin, msg);
    if (node)
        return vs_fail(err, "%s:%d:%d: %s", doc->name, node->line, node->col, msg);
    return vs_fail(err, "%s: %s", doc->name, msg);
}

static const char *kind_name(vs_ykind_t k)
{
    return k == VS_Y_MAP ? "a mapping" : k == VS_Y_SEQ ? "a list" : "a single value";
}

vs_err_t vs_yexpect(const vs_ydoc_t *doc, const vs_ynode_t *node, vs_ykind_t kind, const char *what)
{
    if (node->kind == kind)
        return VS_OK;
    return vs_yerr(doc, node, VS_EINVAL, "expected %s, found %s", what, kind_name(node->kind));
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return SIZE_MAX;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

const char *vs_nearest(const char *word, const char *const *allowed)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; allowed[i]; i++) {
        size_t d = edit_distance(word, allowed[i]);
        if (d < best_d) {
            best_d = d;
            best = allowed[i];
        }
    }
    size_t limit = strlen(word) / 3 + 1;
    if (limit < 2)
        limit = 2;
    return best_d <= limit ? best : NULL;
}

vs_err_t vs_ycheck_keys(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *const *allowed)
{
    vs_err_t err = vs_yexpect(doc, map, VS_Y_MAP, "a mapping");
    if (err)
        return err;
    for (size_t i = 0; i < map->len; i++) {
        const char *key = map->keys[i]->scalar;
        bool ok = false;
        for (size_t j = 0; allowed[j] && !ok; j++)
            ok = strcmp(key, allowed[j]) == 0;
        if (ok)
            continue;
        const char *near = vs_nearest(key, allowed);
        if (near)
            return vs_yerr(doc, map->keys[i], VS_EUNKNOWN_KEY, "unknown key '%s' (did you mean '%s'?)",
                           key, near);
        char list[512] = "";
        size_t used = 0;
        for (size_t j = 0; allowed[j] && used < sizeof list - 1; j++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                     allowed[j]);
        return vs_yerr(doc, map->keys[i], VS_EUNKNOWN_KEY, "unknown key '%s' (expected one of: %s)",
                       key, list);
    }
    return VS_OK;
}

vs_err_t vs_yrequire(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                     const vs_ynode_t **out)
{
    *out = vs_ynode_get(map, key);
    if (!*out)
        return vs_yerr(doc, map, VS_EINVAL, "missing required key '%s'", key);
    return VS_OK;
}

/* Looks up key; *out NULL (and VS_OK) when absent and optional. Fails unless a scalar. */
static vs_err_t get_scalar(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                           bool required, const vs_ynode_t **out)
{
    *out = vs_ynode_get(map, key);
    if (!*out)
        return required ? vs_yerr(doc, map, VS_EINVAL, "missing required key '%s'", key) : VS_OK;
    if ((*out)->kind != VS_Y_SCALAR)
        return vs_yerr(doc, *out, VS_EINVAL, "'%s' must be a single value, found %s", key,
                       kind_name((*out)->kind));
    return VS_OK;
}

/* Re-anchors a message from a units parser at the node. */
static vs_err_t at_node(const vs_ydoc_t *doc, const vs_ynode_t *n, const char *key, vs_err_t err)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s", vs_errmsg());
    return vs_yerr(doc, n, err, "%s%s%s", key ? key : "", key ? ": " : "", msg);
}

vs_err_t vs_yget_str(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     const char **out)
{
    const vs_ynode_t *n;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (!err && n)
        *out = n->scalar;
    return err;
}

vs_err_t vs_yget_bool(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      bool *out)
{
    const vs_ynode_t *n;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if (!strcmp(n->scalar, "true") || !strcmp(n->scalar, "yes") || !strcmp(n->scalar, "on"))
        *out = true;
    else if (!strcmp(n->scalar, "false") || !strcmp(n->scalar, "no") || !strcmp(n->scalar, "off"))
        *out = false;
    else
        return vs_yerr(doc, n, VS_EINVAL, "%s: expected true or false, found '%s'", key, n->scalar);
    return VS_OK;
}

vs_err_t vs_yget_int(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     int64_t min, int64_t max, int64_t *out)
{
    const vs_ynode_t *n;
    int64_t v;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_int64(n->scalar, &v)))
        return at_node(doc, n, key, err);
    if (v < min || v > max)
        return vs_yerr(doc, n, VS_ERANGE, "%s: %lld is out of range (expected %lld to %lld)", key,
                       (long long)v, (long long)min, (long long)max);
    *out = v;
    return VS_OK;
}

vs_err_t vs_yget_double(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                        bool required, double min, double max, double *out)
{
    const vs_ynode_t *n;
    double v;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_double(n->scalar, &v)))
        return at_node(doc, n, key, err);
    if (v < min || v > max)
        return vs_yerr(doc, n, VS_ERANGE, "%s: %g is out of range (expected %g to %g)", key, v, min,
                       max);
    *out = v;
    return VS_OK;
}

vs_err_t vs_yget_duration(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                          bool required, int64_t min_ns, int64_t max_ns, int64_t *out)
{
    const vs_ynode_t *n;
    int64_t v;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_duration(n->scalar, VS_NS_PER_S, &v)))
        return at_node(doc, n, key, err);
    if (v < min_ns || v > max_ns) {
        char a[32], b[32], c[32];
        return vs_yerr(doc, n, VS_ERANGE, "%s: %s is out of range (expected %s to %s)", key,
                       vs_fmt_duration(v, a, sizeof a), vs_fmt_duration(min_ns, b, sizeof b),
                       vs_fmt_duration(max_ns, c, sizeof c));
    }
    *out = v;
    return VS_OK;
}

vs_err_t vs_yget_rate(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      double min_bps, double *out_bps)
{
    const vs_ynode_t *n;
    double v;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_rate_bps(n->scalar, &v)))
        return at_node(doc, n, key, err);
    if (v < min_bps) {
        char a[32];
        return vs_yerr(doc, n, VS_ERANGE, "%s: '%s' is too small (expected at least %s)", key,
                       n->scalar, vs_fmt_rate(min_bps, a, sizeof a));
    }
    *out_bps = v;
    return VS_OK;
}

vs_err_t vs_yget_size(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      int64_t *out_bytes)
{
    const vs_ynode_t *n;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_size_bytes(n->scalar, out_bytes)))
        return at_node(doc, n, key, err);
    return VS_OK;
}

vs_err_t vs_yget_pps(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                     double *out_pps)
{
    const vs_ynode_t *n;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    if ((err = vs_parse_pps(n->scalar, out_pps)))
        return at_node(doc, n, key, err);
    return VS_OK;
}

vs_err_t vs_yget_enum(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, bool required,
                      const char *const *choices, int *out)
{
    const vs_ynode_t *n;
    vs_err_t err = get_scalar(doc, map, key, required, &n);
    if (err || !n)
        return err;
    for (int i = 0; choices[i]; i++)
        if (strcmp(n->scalar, choices[i]) == 0) {
            *out = i;
            return VS_OK;
        }
    char list[256] = "";
    size_t used = 0;
    for (size_t j = 0; choices[j] && used < sizeof list - 1; j++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", choices[j]);
    const char *near = vs_nearest(n->scalar, choices);
    if (near)
        return vs_yerr(doc, n, VS_EINVAL, "%s: unknown value '%s' (did you mean '%s'? expected one of: %s)",
                       key, n->scalar, near, list);
    return vs_yerr(doc, n, VS_EINVAL, "%s: unknown value '%s' (expected one of: %s)", key,
                   n->scalar, list);
}

vs_err_t vs_yscalar_duration(const vs_ydoc_t *doc, const vs_ynode_t *node, int64_t *out_ns)
{
    vs_err_t err = vs_yexpect(doc, node, VS_Y_SCALAR, "a duration");
    if (!err && (err = vs_parse_duration(node->scalar, VS_NS_PER_S, out_ns)))
        return at_node(doc, node, NULL, err);
    return err;
}

vs_err_t vs_yscalar_double(const vs_ydoc_t *doc, const vs_ynode_t *node, double *out)
{
    vs_err_t err = vs_yexpect(doc, node, VS_Y_SCALAR, "a number");
    if (!err && (err = vs_parse_double(node->scalar, out)))
        return at_node(doc, node, NULL, err);
    return err;
}

/* ---- Deriving a variant of a document ---------------------------------------------------- */

const char *vs_ydoc_text(const vs_ydoc_t *doc, size_t *len)
{
    *len = doc->text_len;
    return doc->text;
}

/* Nodes a value may expand to: aliases repeat what they name, and a value given on a command
 * line has no business being larger than this. */
#define VALUE_MAX_NODES 100000

/* A deep copy of n into doc, every node from origin. */
static vs_err_t copy_tree(vs_ydoc_t *doc, const char *origin, const vs_ynode_t *n, size_t *budget,
                          const vs_ynode_t **out)
{
    if ((*budget)-- == 0)
        return vs_fail(VS_ERANGE, "%s: the value is too large (more than %d nodes)", origin,
                       VALUE_MAX_NODES);
    vs_ynode_t *c = vs_ynode_dup(doc, n);
    if (!c || (n->scalar && !(c->scalar = vs_arena_strdup(doc->arena, n->scalar))))
        return vs_fail(VS_ENOMEM, "out of memory");
    c->origin = origin;
    vs_err_t err;
    for (size_t i = 0; i < n->len; i++) {
        if (c->keys && (err = copy_tree(doc, origin, n->keys[i], budget, &c->keys[i])))
            return err;
        if ((err = copy_tree(doc, origin, n->vals[i], budget, &c->vals[i])))
            return err;
    }
    *out = c;
    return VS_OK;
}

vs_err_t vs_ydoc_parse_value(vs_ydoc_t *doc, const char *origin, const char *text,
                             const vs_ynode_t **out)
{
    vs_ydoc_t *tmp;
    /* "VALUE:1:7: YAML syntax error ..." reads as a place in the VALUE of PATH=VALUE. */
    vs_err_t err = load("VALUE", (const unsigned char *)text, strlen(text), &tmp);
    if (err) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_fail(err, "%s: %s", origin, msg);
    }
    const char *o = vs_arena_strdup(doc->arena, origin);
    size_t budget = VALUE_MAX_NODES;
    err = o ? copy_tree(doc, o, tmp->root, &budget, out) : vs_fail(VS_ENOMEM, "out of memory");
    vs_ydoc_free(tmp);
    return err;
}

vs_ynode_t *vs_ynode_dup(vs_ydoc_t *doc, const vs_ynode_t *node)
{
    vs_ynode_t *c = vs_arena_alloc(doc->arena, sizeof *c);
    if (!c)
        return NULL;
    *c = *node;
    if (node->kind == VS_Y_SCALAR)
        return c;
    /* len + 1 slots: room for the pair vs_ymap_put appends to a copy. */
    c->vals = vs_arena_alloc(doc->arena, (node->len + 1) * sizeof *c->vals);
    if (!c->vals)
        return NULL;
    if (node->len)
        memcpy(c->vals, node->vals, node->len * sizeof *c->vals);
    if (node->kind == VS_Y_MAP) {
        c->keys = vs_arena_alloc(doc->arena, (node->len + 1) * sizeof *c->keys);
        if (!c->keys)
            return NULL;
        if (node->len)
            memcpy(c->keys, node->keys, node->len * sizeof *c->keys);
    }
    return c;
}

vs_ynode_t *vs_ynode_new_map(vs_ydoc_t *doc, const char *origin)
{
    vs_ynode_t empty = {.kind = VS_Y_MAP}, *m = vs_ynode_dup(doc, &empty);
    if (m && !(m->origin = vs_arena_strdup(doc->arena, origin)))
        return NULL;
    return m;
}

vs_err_t vs_ymap_put(vs_ydoc_t *doc, vs_ynode_t *map, const char *key, const char *origin,
                     const vs_ynode_t *val)
{
    for (size_t i = 0; i < map->len; i++)
        if (strcmp(map->keys[i]->scalar, key) == 0) {
            map->vals[i] = val;
            return VS_OK;
        }
    vs_ynode_t *k = vs_arena_alloc(doc->arena, sizeof *k);
    vs_ynode_t *g = vs_ynode_dup(doc, map); /* arrays with room for one more pair */
    if (!k || !g || !(k->scalar = vs_arena_strdup(doc->arena, key)) ||
        !(k->origin = vs_arena_strdup(doc->arena, origin)))
        return vs_fail(VS_ENOMEM, "out of memory");
    k->kind = VS_Y_SCALAR;
    k->line = val->line;
    k->col = val->col;
    g->keys[map->len] = k;
    g->vals[map->len] = val;
    map->keys = g->keys;
    map->vals = g->vals;
    map->len++;
    return VS_OK;
}

void vs_ymap_remove(vs_ynode_t *map, const char *key)
{
    for (size_t i = 0; i < map->len; i++)
        if (strcmp(map->keys[i]->scalar, key) == 0) {
            memmove(&map->keys[i], &map->keys[i + 1], (map->len - i - 1) * sizeof *map->keys);
            memmove(&map->vals[i], &map->vals[i + 1], (map->len - i - 1) * sizeof *map->vals);
            map->len--;
            return;
        }
}

void vs_yseq_put(vs_ynode_t *seq, size_t i, const vs_ynode_t *val)
{
    if (val) {
        seq->vals[i] = val;
        return;
    }
    memmove(&seq->vals[i], &seq->vals[i + 1], (seq->len - i - 1) * sizeof *seq->vals);
    seq->len--;
}

void vs_ydoc_set_root(vs_ydoc_t *doc, const vs_ynode_t *root)
{
    doc->root = root;
}

/* The mapping under key in cur (a copy, or a new one), put back in cur. */
static vs_err_t descend(vs_ydoc_t *doc, vs_ynode_t **cur, const char *key, const char *origin)
{
    const vs_ynode_t *child = vs_ynode_get(*cur, key);
    if (child && child->kind != VS_Y_MAP)
        return vs_fail(VS_EINVAL, "%s: '%s' is not a mapping in the file, so it has no keys",
                       origin, key);
    vs_ynode_t *next = child ? vs_ynode_dup(doc, child) : vs_ynode_new_map(doc, origin);
    if (!next)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = vs_ymap_put(doc, *cur, key, origin, next);
    *cur = next;
    return err;
}

vs_err_t vs_ydoc_set_keys(vs_ydoc_t *doc, const char *set)
{
    char origin[1100], path[512];
    const char *eq = strchr(set, '=');
    const vs_ynode_t *value = NULL, *root = vs_ydoc_root(doc);
    vs_err_t err = VS_OK;
    snprintf(origin, sizeof origin, "--set %s", set);
    if (!eq || eq == set || (size_t)(eq - set) >= sizeof path)
        return vs_fail(VS_EINVAL, "%s: expected KEY=VALUE (keys separated by '.')", origin);
    snprintf(path, sizeof path, "%.*s", (int)(eq - set), set);
    if (strpbrk(path, "[] ") || strstr(path, "..") || path[0] == '.' || path[strlen(path) - 1] == '.')
        return vs_fail(VS_EINVAL, "%s: '%s': expected keys separated by '.' (this file has no "
                       "lists to index)", origin, path);
    if (!eq[1])
        return vs_fail(VS_EINVAL, "%s: no value after '=' (write '' for empty text, ~ to remove "
                       "the key)", origin);
    if (strcmp(eq + 1, "~") && strcmp(eq + 1, "null") &&
        (err = vs_ydoc_parse_value(doc, origin, eq + 1, &value)))
        return err;
    if (!root || root->kind != VS_Y_MAP)
        return vs_fail(VS_EINVAL, "%s: the file is not a mapping", origin);
    vs_ynode_t *cur = vs_ynode_dup(doc, root);
    if (!cur)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_ydoc_set_root(doc, cur);
    char *key = path;
    for (char *dot; !err && (dot = strchr(key, '.')); key = dot + 1) {
        *dot = '\0';
        err = descend(doc, &cur, key, origin);
    }
    if (err)
        return err;
    if (!value) {
        vs_ymap_remove(cur, key);
        return VS_OK;
    }
    return vs_ymap_put(doc, cur, key, origin, value);
}
