/* GraphML as written by the Internet Topology Zoo toolset, read with libxml2.
 *
 * Why libxml2 and not igraph_read_graph_graphml: igraph drops attributes it cannot type,
 * reports errors without the line, and gives no hook to keep per-edge provenance of link
 * speeds. The Zoo's GraphML is regular (keys, one <graph>, nodes, edges) so a direct walk
 * is short. igraph is still used for the graph algorithms (topo_algo.c). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "topo_internal.h"
#include "topo_xml.h"

enum { K_OTHER, K_LABEL, K_LAT, K_LON, K_SPEED_RAW, K_SPEED, K_SPEED_UNITS, K_LINK_LABEL };

typedef struct {
    char id[64];
    int what;
} gkey_t;

static int key_kind(const char *attr_name, const char *for_)
{
    if (!strcmp(for_, "node")) {
        if (!strcmp(attr_name, "label"))
            return K_LABEL;
        if (!strcmp(attr_name, "Latitude"))
            return K_LAT;
        if (!strcmp(attr_name, "Longitude"))
            return K_LON;
    } else if (!strcmp(for_, "edge")) {
        if (!strcmp(attr_name, "LinkSpeedRaw"))
            return K_SPEED_RAW;
        if (!strcmp(attr_name, "LinkSpeed"))
            return K_SPEED;
        if (!strcmp(attr_name, "LinkSpeedUnits"))
            return K_SPEED_UNITS;
        if (!strcmp(attr_name, "LinkLabel"))
            return K_LINK_LABEL;
    } else if (!strcmp(for_, "graph") && !strcmp(attr_name, "label")) {
        return K_LABEL;
    }
    return K_OTHER;
}

static int lookup_key(const gkey_t *keys, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(keys[i].id, id))
            return keys[i].what;
    return K_OTHER;
}

static double unit_factor(const char *u)
{
    switch (toupper((unsigned char)u[0])) {
    case 'K': return 1e3;
    case 'M': return 1e6;
    case 'G': return 1e9;
    case 'T': return 1e12;
    default: return 0.0;
    }
}

/* A free-text link label that states a speed: "10 Gbps", "2x10Gb/s", "OC192/STM64",
 * "OC-48", "STM-16", "45 Mbps DS-3", "T1", "DS-3". Ranges ("1-20Gbps", "10-34 Mb/s") and
 * anything else give 0 (no speed stated). SONET/SDH line rates: OC-n = n x 51.84 Mbit/s,
 * STM-n = n x 155.52 Mbit/s (ITU-T G.707); T1 1.544 Mbit/s, DS-3 44.736 Mbit/s (ANSI T1.107). */
double topo__speed_from_label(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) ||
                                                      p[-1] == '.' || p[-1] == '-')))
            continue;
        char *end;
        double v = strtod(p, &end);
        double mult = 1.0;
        const char *q = end;
        if ((*q == 'x' || *q == 'X') && isdigit((unsigned char)q[1])) {
            mult = v;
            v = strtod(q + 1, &end);
            q = end;
        }
        if (*q == '-')
            return 0.0; /* a range */
        while (*q == ' ')
            q++;
        double f = unit_factor(q);
        if (f > 0 && (q[1] == 'b' || q[1] == 'B' || (q[1] == 'i' && q[2] == 't'))) {
            return mult * v * f;
        }
        p = end - 1;
    }
    const char *oc = strstr(s, "OC");
    if (oc && (oc == s || !isalpha((unsigned char)oc[-1]))) {
        const char *q = oc + 2;
        if (*q == '-')
            q++;
        if (isdigit((unsigned char)*q))
            return atoi(q) * 51.84e6;
    }
    const char *stm = strstr(s, "STM");
    if (stm) {
        const char *q = stm + 3;
        if (*q == '-')
            q++;
        if (isdigit((unsigned char)*q))
            return atoi(q) * 155.52e6;
    }
    if (strstr(s, "DS-3") || strstr(s, "DS3") || strstr(s, "T3"))
        return 44.736e6;
    if (strstr(s, "T1"))
        return 1.544e6;
    return 0.0;
}

vs_err_t topo__read_graphml(const char *path, topo_t **out)
{
    vs_err_t err = VS_OK;
    xmlDocPtr doc = NULL;
    topo_t *t = NULL, *ids = NULL;
    gkey_t *keys = NULL;
    size_t n_keys = 0;
    char **labels = NULL;
    size_t n_labels = 0;
    *out = NULL;

    VS_TRY(topo__xml_read(path, &doc));
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!topo__xml_is(root, "graphml")) {
        err = vs_fail(VS_EPARSE, "%s:%ld: root element is <%s>, expected <graphml>", path,
                      topo__xml_line(root), root ? (const char *)root->name : "none");
        goto out;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    t = topo_create(base, "graphml");
    ids = topo_create("ids", "");
    if (!t || !ids) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t cap_keys = 0;
    xmlNodePtr graph = NULL;
    for (xmlNodePtr c = topo__xml_first(root); c; c = topo__xml_next(c)) {
        if (topo__xml_is(c, "key")) {
            char id[64], an[64], fr[16];
            if (!topo__xml_attr(c, "id", id, sizeof id)) {
                err = vs_fail(VS_EPARSE, "%s:%ld: <key> without an id", path, topo__xml_line(c));
                goto out;
            }
            if (!topo__xml_attr(c, "attr.name", an, sizeof an))
                an[0] = '\0';
            if (!topo__xml_attr(c, "for", fr, sizeof fr))
                snprintf(fr, sizeof fr, "all");
            if (n_keys == cap_keys) {
                cap_keys = cap_keys ? cap_keys * 2 : 32;
                gkey_t *nk = realloc(keys, cap_keys * sizeof *keys);
                if (!nk) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                keys = nk;
            }
            snprintf(keys[n_keys].id, sizeof keys[n_keys].id, "%s", id);
            keys[n_keys++].what = key_kind(an, fr);
        } else if (topo__xml_is(c, "graph") && !graph) {
            graph = c;
        }
    }
    if (!graph) {
        err = vs_fail(VS_EPARSE, "%s: no <graph> element inside <graphml>", path);
        goto out;
    }

    /* Pass 1: node labels, to make names unique (the Zoo repeats labels, e.g. two nodes of
     * one city, and some nodes have none): a repeated or missing label becomes
     * "label (id)" / "node id". */
    size_t n_nodes = 0;
    for (xmlNodePtr c = topo__xml_first(graph); c; c = topo__xml_next(c))
        n_nodes += topo__xml_is(c, "node");
    labels = calloc(n_nodes ? n_nodes : 1, sizeof *labels);
    if (!labels) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (xmlNodePtr c = topo__xml_first(graph); c; c = topo__xml_next(c)) {
        char buf[256];
        if (topo__xml_is(c, "data")) {
            char k[64];
            if (topo__xml_attr(c, "key", k, sizeof k) && lookup_key(keys, n_keys, k) == K_LABEL)
                VS_TRY(topo__set_name(t, topo__xml_text(c, buf, sizeof buf)));
            continue;
        }
        if (!topo__xml_is(c, "node"))
            continue;
        char *label = NULL;
        for (xmlNodePtr d = topo__xml_first(c); d; d = topo__xml_next(d)) {
            char k[64];
            if (topo__xml_is(d, "data") && topo__xml_attr(d, "key", k, sizeof k) &&
                lookup_key(keys, n_keys, k) == K_LABEL) {
                label = strdup(topo__xml_text(d, buf, sizeof buf));
                break;
            }
        }
        labels[n_labels++] = label;
    }
    /* Count label occurrences with a throwaway hash (the ids topology). */
    topo_t *seen = topo_create("labels", "");
    topo_t *dup = topo_create("dups", "");
    if (!seen || !dup) {
        topo_destroy(seen);
        topo_destroy(dup);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n_labels; i++) {
        if (!labels[i] || !labels[i][0])
            continue;
        if (topo_find_node(seen, labels[i]) >= 0) {
            if (topo_find_node(dup, labels[i]) < 0)
                topo_add_node(dup, labels[i], NULL, NULL);
        } else {
            topo_add_node(seen, labels[i], NULL, NULL);
        }
    }

    size_t li = 0;
    for (xmlNodePtr c = topo__xml_first(graph); c; c = topo__xml_next(c)) {
        if (!topo__xml_is(c, "node"))
            continue;
        char id[256], name[600];
        if (!topo__xml_attr(c, "id", id, sizeof id)) {
            err = vs_fail(VS_EPARSE, "%s:%ld: <node> without an id", path, topo__xml_line(c));
            break;
        }
        double lat = NAN, lon = NAN;
        for (xmlNodePtr d = topo__xml_first(c); d; d = topo__xml_next(d)) {
            char k[64];
            if (!topo__xml_is(d, "data") || !topo__xml_attr(d, "key", k, sizeof k))
                continue;
            int w = lookup_key(keys, n_keys, k);
            if (w == K_LAT && (err = topo__xml_double(path, d, "Latitude", &lat)))
                break;
            if (w == K_LON && (err = topo__xml_double(path, d, "Longitude", &lon)))
                break;
        }
        if (err)
            break;
        const char *label = labels[li++];
        if (!label || !label[0])
            snprintf(name, sizeof name, "node %s", id);
        else if (topo_find_node(dup, label) >= 0)
            snprintf(name, sizeof name, "%s (%s)", label, id);
        else
            snprintf(name, sizeof name, "%s", label);
        if (topo_find_node(ids, id) >= 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: node id '%s' is used twice", path,
                          topo__xml_line(c), id);
            break;
        }
        double coords[2] = {lat, lon};
        if ((err = topo_add_node(ids, id, NULL, NULL)))
            break;
        if ((err = topo_add_node(t, name, isnan(lat) || isnan(lon) ? NULL : coords, NULL))) {
            char m[512];
            snprintf(m, sizeof m, "%s", vs_errmsg());
            err = vs_fail(err, "%s:%ld: %s", path, topo__xml_line(c), m);
            break;
        }
    }
    topo_destroy(seen);
    topo_destroy(dup);
    if (err)
        goto out;

    size_t self_loops = 0;
    for (xmlNodePtr c = topo__xml_first(graph); c; c = topo__xml_next(c)) {
        if (!topo__xml_is(c, "edge"))
            continue;
        char s[256], d[256];
        long line = topo__xml_line(c);
        if (!topo__xml_attr(c, "source", s, sizeof s) || !topo__xml_attr(c, "target", d, sizeof d)) {
            err = vs_fail(VS_EPARSE, "%s:%ld: <edge> without source or target", path, line);
            goto out;
        }
        long a = topo_find_node(ids, s), b = topo_find_node(ids, d);
        if (a < 0 || b < 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: edge %s is not the id of a <node>", path,
                          line, a < 0 ? s : d);
            goto out;
        }
        if (a == b) {
            self_loops++; /* a link from a node to itself carries nothing: dropped */
            continue;
        }
        double raw = 0, speed = 0, unit = 0;
        char label[256] = "";
        for (xmlNodePtr e = topo__xml_first(c); e; e = topo__xml_next(e)) {
            char k[64], buf[256];
            if (!topo__xml_is(e, "data") || !topo__xml_attr(e, "key", k, sizeof k))
                continue;
            switch (lookup_key(keys, n_keys, k)) {
            case K_SPEED_RAW:
                VS_TRY(topo__xml_double(path, e, "LinkSpeedRaw", &raw));
                break;
            case K_SPEED:
                speed = strtod(topo__xml_text(e, buf, sizeof buf), NULL);
                break;
            case K_SPEED_UNITS:
                unit = unit_factor(topo__xml_text(e, buf, sizeof buf));
                break;
            case K_LINK_LABEL:
                topo__xml_text(e, label, sizeof label);
                break;
            }
        }
        topo_link_t l = {.a = (uint32_t)a, .b = (uint32_t)b,
                         .weight = {TOPO_DEFAULT_WEIGHT, TOPO_DEFAULT_WEIGHT},
                         .weight_source = TOPO_SRC_DEFAULT};
        if (raw < 0 || speed < 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: negative link speed", path, line);
            goto out;
        }
        if (raw > TOPO_MAX_CAPACITY_BPS || speed * unit > TOPO_MAX_CAPACITY_BPS) {
            err = vs_fail(VS_ERANGE, "%s:%ld: link speed %g bit/s is out of range (expected at "
                          "most %g, 1000 Tbps)", path, line, raw > 0 ? raw : speed * unit,
                          TOPO_MAX_CAPACITY_BPS);
            goto out;
        }
        if (raw > 0) {
            l.capacity_bps = raw;
            l.capacity_source = TOPO_SRC_FILE;
        } else if (speed > 0 && unit > 0) {
            l.capacity_bps = speed * unit;
            l.capacity_source = TOPO_SRC_FILE;
        } else if ((l.capacity_bps = topo__speed_from_label(label)) > 0) {
            l.capacity_source = TOPO_SRC_LABEL;
        } else {
            l.capacity_bps = TOPO_DEFAULT_CAPACITY_BPS;
            l.capacity_source = TOPO_SRC_DEFAULT;
        }
        l.delay_ns = topo_link_delay_for(t, l.a, l.b, &l.delay_source);
        VS_TRY(topo_add_link(t, &l, NULL));
    }
    if (topo_node_count(t) == 0) {
        err = vs_fail(VS_EINVAL, "%s: the graph has no nodes", path);
        goto out;
    }
    if (self_loops)
        topo__note_self_loops(t, self_loops);
    *out = t;
    t = NULL;
out:
    for (size_t i = 0; i < n_labels; i++)
        free(labels[i]);
    free(labels);
    free(keys);
    topo_destroy(ids);
    topo_destroy(t);
    if (doc)
        xmlFreeDoc(doc);
    return err;
}
