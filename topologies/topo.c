#include "topo.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "topo_internal.h"
#include "vs_arena.h"
#include "vs_limits.h"
#include "vs_paths.h"

struct topo {
    vs_arena_t *arena;
    const char *name, *format;
    topo_node_t *nodes;
    size_t n_nodes, cap_nodes;
    topo_link_t *links;
    size_t n_links, cap_links;
    const char **pop_names; /* per POP */
    uint32_t *pop_size;     /* per POP: its nodes (so that sharing a POP is O(1) when no
                               POP is renumbered, docs/limits.md) */
    size_t n_pops, cap_pops;
    /* open addressing: slot holds node index + 1, 0 = empty */
    uint32_t *hash;
    size_t hash_cap;
    size_t self_loops;
};

void topo__set_coords(topo_t *t, uint32_t i, double lat, double lon)
{
    t->nodes[i].has_coords = true;
    t->nodes[i].lat = lat;
    t->nodes[i].lon = lon;
}

void topo__note_self_loops(topo_t *t, size_t n)
{
    t->self_loops += n;
}

size_t topo_dropped_self_loops(const topo_t *t)
{
    return t->self_loops;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

topo_t *topo_create(const char *name, const char *format)
{
    topo_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->arena = vs_arena_create(0);
    if (!t->arena) {
        free(t);
        return NULL;
    }
    t->name = vs_arena_strdup(t->arena, name ? name : "");
    t->format = vs_arena_strdup(t->arena, format ? format : "");
    if (!t->name || !t->format) {
        topo_destroy(t);
        return NULL;
    }
    return t;
}

void topo_destroy(topo_t *t)
{
    if (!t)
        return;
    vs_arena_destroy(t->arena);
    free(t->nodes);
    free(t->links);
    free(t->pop_names);
    free(t->pop_size);
    free(t->hash);
    free(t);
}

vs_err_t topo__set_name(topo_t *t, const char *name)
{
    const char *s = vs_arena_strdup(t->arena, name);
    if (!s)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->name = s;
    return VS_OK;
}

vs_err_t topo__set_pop_name(topo_t *t, uint32_t pop, const char *name)
{
    if (pop >= t->n_pops)
        return vs_fail(VS_EINVAL, "POP %u does not exist", pop);
    const char *s = vs_arena_strdup(t->arena, name);
    if (!s)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->pop_names[pop] = s;
    return VS_OK;
}

size_t topo_node_count(const topo_t *t) { return t->n_nodes; }
size_t topo_link_count(const topo_t *t) { return t->n_links; }
size_t topo_pop_count(const topo_t *t) { return t->n_pops; }
const topo_node_t *topo_node(const topo_t *t, size_t i) { return &t->nodes[i]; }
const topo_link_t *topo_link(const topo_t *t, size_t i) { return &t->links[i]; }
const char *topo_pop_name(const topo_t *t, size_t p) { return t->pop_names[p]; }
const char *topo_name(const topo_t *t) { return t->name; }
const char *topo_format(const topo_t *t) { return t->format; }

void topo_source_counts(const topo_t *t, size_t capacity[4], size_t delay[4], size_t weight[4])
{
    for (int i = 0; i < 4; i++)
        capacity[i] = delay[i] = weight[i] = 0;
    for (size_t i = 0; i < t->n_links; i++) {
        capacity[t->links[i].capacity_source]++;
        delay[t->links[i].delay_source]++;
        weight[t->links[i].weight_source]++;
    }
}

long topo_find_node(const topo_t *t, const char *name)
{
    if (!t->hash_cap)
        return -1;
    size_t mask = t->hash_cap - 1;
    for (size_t i = fnv1a(name) & mask;; i = (i + 1) & mask) {
        uint32_t v = t->hash[i];
        if (!v)
            return -1;
        if (!strcmp(t->nodes[v - 1].name, name))
            return (long)(v - 1);
    }
}

static void hash_insert(topo_t *t, uint32_t idx)
{
    size_t mask = t->hash_cap - 1;
    size_t i = fnv1a(t->nodes[idx].name) & mask;
    while (t->hash[i])
        i = (i + 1) & mask;
    t->hash[i] = idx + 1;
}

static vs_err_t grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return VS_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    *arr = p;
    *cap = nc;
    return VS_OK;
}

vs_err_t topo_add_node(topo_t *t, const char *name, const double *coords, uint32_t *out_index)
{
    vs_err_t err;
    if (!name || !name[0])
        return vs_fail(VS_EINVAL, "%s: a node has an empty name", t->name);
    if (topo_find_node(t, name) >= 0)
        return vs_fail(VS_EINVAL, "%s: node name '%s' is used twice", t->name, name);
    if (t->n_nodes >= UINT32_MAX - 1)
        return vs_fail(VS_ERANGE, "%s: too many nodes", t->name);
    if ((err = grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes + 1, sizeof *t->nodes)))
        return err;
    size_t cap_pops = t->cap_pops;
    if ((err = grow((void **)&t->pop_names, &t->cap_pops, t->n_pops + 1, sizeof *t->pop_names)) ||
        (err = grow((void **)&t->pop_size, &cap_pops, t->n_pops + 1, sizeof *t->pop_size)))
        return err;
    if ((t->n_nodes + 1) * 2 > t->hash_cap) {
        size_t nc = t->hash_cap ? t->hash_cap * 2 : 64;
        uint32_t *h = calloc(nc, sizeof *h);
        if (!h)
            return vs_fail(VS_ENOMEM, "out of memory");
        free(t->hash);
        t->hash = h;
        t->hash_cap = nc;
        for (uint32_t i = 0; i < t->n_nodes; i++)
            hash_insert(t, i);
    }
    topo_node_t *n = &t->nodes[t->n_nodes];
    n->name = vs_arena_strdup(t->arena, name);
    if (!n->name)
        return vs_fail(VS_ENOMEM, "out of memory");
    n->has_coords = coords != NULL;
    n->lat = coords ? coords[0] : 0.0;
    n->lon = coords ? coords[1] : 0.0;
    if (coords && (!isfinite(coords[0]) || !isfinite(coords[1]) || fabs(coords[0]) > 90.0 ||
                   fabs(coords[1]) > 360.0))
        return vs_fail(VS_ERANGE, "%s: node '%s' has coordinates (%g, %g) outside latitude "
                       "[-90, 90] / longitude [-360, 360]", t->name, name, coords[0], coords[1]);
    n->pop = (uint32_t)t->n_pops;
    t->pop_size[t->n_pops] = 1;
    t->pop_names[t->n_pops++] = n->name;
    hash_insert(t, (uint32_t)t->n_nodes);
    if (out_index)
        *out_index = (uint32_t)t->n_nodes;
    t->n_nodes++;
    return VS_OK;
}

/* Removes the POPs left without nodes, renumbering the others in their order. O(nodes). */
static void drop_empty_pops(topo_t *t)
{
    uint32_t *renum = t->pop_size; /* reused in place: new index of each kept POP */
    size_t k = 0;
    for (size_t p = 0; p < t->n_pops; p++) {
        if (!t->pop_size[p])
            continue; /* no node names it: its slot need not be set */
        t->pop_names[k] = t->pop_names[p];
        renum[p] = (uint32_t)k++; /* k <= p: later sizes are still unread */
    }
    for (size_t i = 0; i < t->n_nodes; i++)
        t->nodes[i].pop = renum[t->nodes[i].pop];
    t->n_pops = k;
    for (size_t p = 0; p < k; p++)
        t->pop_size[p] = 0;
    for (size_t i = 0; i < t->n_nodes; i++)
        t->pop_size[t->nodes[i].pop]++;
}

vs_err_t topo_share_pop(topo_t *t, uint32_t node, uint32_t other)
{
    if (node >= t->n_nodes || other >= t->n_nodes)
        return vs_fail(VS_EINVAL, "%s: POP sharing names a missing node", t->name);
    uint32_t old = t->nodes[node].pop, target = t->nodes[other].pop;
    if (old == target)
        return VS_OK;
    t->nodes[node].pop = target;
    t->pop_size[target]++;
    if (--t->pop_size[old] == 0) {
        if (old + 1 == t->n_pops) /* the last POP (a node just added): nothing renumbered */
            t->n_pops--;
        else
            drop_empty_pops(t);
    }
    return VS_OK;
}

vs_err_t topo_share_pops(topo_t *t, const uint32_t *to)
{
    for (size_t i = 0; i < t->n_nodes; i++)
        if (to[i] != UINT32_MAX && (to[i] >= t->n_nodes || to[to[i]] != UINT32_MAX))
            return vs_fail(VS_EINVAL, "%s: POP sharing names a missing or moving node", t->name);
    for (size_t i = 0; i < t->n_nodes; i++)
        if (to[i] != UINT32_MAX) {
            uint32_t old = t->nodes[i].pop, target = t->nodes[to[i]].pop;
            t->nodes[i].pop = target;
            t->pop_size[old]--;
            t->pop_size[target]++;
        }
    drop_empty_pops(t);
    return VS_OK;
}

vs_err_t topo_add_link(topo_t *t, const topo_link_t *l, uint32_t *out_index)
{
    vs_err_t err;
    if (l->a >= t->n_nodes || l->b >= t->n_nodes)
        return vs_fail(VS_EINVAL, "%s: a link names a missing node", t->name);
    if (l->a == l->b)
        return vs_fail(VS_EINVAL, "%s: link from node '%s' to itself", t->name,
                       t->nodes[l->a].name);
    if (!(l->capacity_bps > 0) || !(l->capacity_bps <= TOPO_MAX_CAPACITY_BPS))
        return vs_fail(VS_ERANGE, "%s: link %s-%s has capacity %g bit/s (expected > 0 and at "
                       "most %g, 1000 Tbps)", t->name, t->nodes[l->a].name, t->nodes[l->b].name,
                       l->capacity_bps, TOPO_MAX_CAPACITY_BPS);
    if (l->delay_ns < 0)
        return vs_fail(VS_ERANGE, "%s: link %s-%s has a negative delay", t->name,
                       t->nodes[l->a].name, t->nodes[l->b].name);
    if (l->weight[0] < 1 || l->weight[1] < 1)
        return vs_fail(VS_ERANGE, "%s: link %s-%s has IGP weight 0 (expected >= 1)", t->name,
                       t->nodes[l->a].name, t->nodes[l->b].name);
    if (t->n_links >= UINT32_MAX - 1)
        return vs_fail(VS_ERANGE, "%s: too many links", t->name);
    if ((err = grow((void **)&t->links, &t->cap_links, t->n_links + 1, sizeof *t->links)))
        return err;
    t->links[t->n_links] = *l;
    if (out_index)
        *out_index = (uint32_t)t->n_links;
    t->n_links++;
    return VS_OK;
}

double topo_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, d2r = M_PI / 180.0;
    double p1 = lat1 * d2r, p2 = lat2 * d2r;
    double dp = (lat2 - lat1) * d2r, dl = (lon2 - lon1) * d2r;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (h > 1.0)
        h = 1.0;
    return 2.0 * r * asin(sqrt(h));
}

int64_t topo_fibre_delay_ns(double km)
{
    return (int64_t)llround(km / TOPO_FIBRE_KM_PER_S * 1e9);
}

int64_t topo_link_delay_for(const topo_t *t, uint32_t a, uint32_t b, topo_source_t *src)
{
    const topo_node_t *na = &t->nodes[a], *nb = &t->nodes[b];
    if (!na->has_coords || !nb->has_coords) {
        *src = TOPO_SRC_DEFAULT;
        return TOPO_DEFAULT_DELAY_NS;
    }
    *src = TOPO_SRC_DERIVED;
    int64_t d = topo_fibre_delay_ns(topo_great_circle_km(na->lat, na->lon, nb->lat, nb->lon));
    return d < TOPO_MIN_DELAY_NS ? TOPO_MIN_DELAY_NS : d;
}

/* Topology files are read whole (and GraphML and SNDlib XML into libxml2's tree, about 18
 * times the file, docs/limits.md): a file over this is refused before it is read. */
static const vs_limit_t topo_file_limit = {.env = "VROOMSIM_MAX_TOPOLOGY",
                                           .what = "a topology file",
                                           .def = INT64_C(64000000), .bytes = true};

vs_err_t topo__check_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return VS_OK; /* the reader says what is wrong with it */
    return vs_limit_check(&topo_file_limit, path, (int64_t)st.st_size);
}

vs_err_t topo__slurp(const char *path, char **buf, size_t *len)
{
    vs_err_t err = topo__check_size(path);
    if (err)
        return err;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    char *b = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if ((err = vs_limit_check(&topo_file_limit, path, (int64_t)n))) { /* a growing file */
            free(b);
            fclose(f);
            return err;
        }
        if (n + 65536 + 1 > cap) {
            size_t nc = cap ? cap * 2 : 131072;
            char *nb = realloc(b, nc);
            if (!nb) {
                free(b);
                fclose(f);
                return vs_fail(VS_ENOMEM, "out of memory reading %s", path);
            }
            b = nb;
            cap = nc;
        }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return vs_fail(VS_EIO, "%s: read error", path);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return VS_OK;
}

/* Whether a line of head opens an SNDlib native section ("NODES (", "LINKS(", "META ("):
 * files cut from SNDlib often lose their "?SNDlib native" line, and Rocketfuel's readers
 * would refuse them with a message about field counts. */
static bool has_sndlib_section(const char *head)
{
    static const char *const words[] = {"META", "NODES", "LINKS"};
    for (const char *line = head; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            size_t n = strlen(words[i]);
            if (strncmp(p, words[i], n) != 0)
                continue;
            const char *q = p + n;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '(')
                return true;
        }
    }
    return false;
}

/* Format detection by content: the first non-blank bytes. */
vs_err_t topo_load(const char *spec, topo_t **out)
{
    *out = NULL;
    if (!strncmp(spec, "builtin:", 8))
        return topo__read_builtin(spec + 8, out);
    struct stat st;
    char bundled[4096];
    if (stat(spec, &st) != 0 && !strchr(spec, '/') &&
        vs_data_file(VS_DATA_TOPOLOGIES, spec, bundled, sizeof bundled) == VS_OK &&
        stat(bundled, &st) == 0)
        spec = bundled; /* a file shipped in topologies/data */
    if (stat(spec, &st) != 0)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO,
                       "%s: cannot open: %s (a topology is a file, a Rocketfuel directory, a "
                       "file shipped in topologies/data, or builtin:NAME; see 'vroomsim topo "
                       "list')",
                       spec, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return topo__read_rocketfuel(spec, out);
    FILE *f = fopen(spec, "rb");
    if (!f)
        return vs_fail(VS_EIO, "%s: cannot open: %s", spec, strerror(errno));
    char head[4096];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    if (n == 0)
        return vs_fail(VS_EPARSE, "%s: empty file (expected GraphML, SNDlib or Rocketfuel)", spec);
    if (strstr(head, "<graphml"))
        return topo__read_graphml(spec, out);
    if (strstr(head, "?SNDlib native") || has_sndlib_section(head))
        return topo__read_sndlib_native(spec, out);
    if (strstr(head, "<network") || strstr(head, "sndlib.zib.de"))
        return topo__read_sndlib_xml(spec, out);
    const char *p = head;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == '<') {
        /* XML of some kind we do not know: let the GraphML reader explain (it reports
         * malformed XML with a line number, or the missing <graphml> root). */
        return topo__read_graphml(spec, out);
    }
    return topo__read_rocketfuel(spec, out);
}
