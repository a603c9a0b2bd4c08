/* SNDlib networks, native text and XML (http://sndlib.zib.de/html/docu/io-formats/).
 *
 * Capacity: the pre-installed capacity times the META unit (MBITPERSEC = 1e6, BITSPERSEC = 1;
 * absent: Mbit/s, which is what the networks with a stated unit use). Capacity modules are
 * planning options, not installed capacity, so a link with no pre-installed capacity gets
 * TOPO_DEFAULT_CAPACITY_BPS (counted as DEFAULT). Routing cost > 0 becomes the IGP weight
 * (rounded, at least 1). Coordinates are (longitude, latitude); "pixel" coordinates are not
 * geographic and are dropped, so those links get the default delay. XML says which it has
 * (attribute coordinatesType); the native format does not, so a native file is taken as
 * pixels when most of its nodes lie outside [-180, 180] x [-90, 90] (ten of SNDlib's
 * networks are drawn so), and a coordinate outside in an otherwise geographic file is a
 * mistake, refused at its line rather than costing every node its coordinates. */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo_internal.h"
#include "topo_xml.h"

static double sndlib_unit(const char *u)
{
    if (!strcmp(u, "BITSPERSEC"))
        return 1.0;
    if (!strcmp(u, "KBITPERSEC"))
        return 1e3;
    if (!strcmp(u, "GBITPERSEC"))
        return 1e9;
    return 1e6; /* MBITPERSEC or unstated */
}

static const char *basename_of(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static const char *unit_name(double unit)
{
    return unit == 1.0 ? "bit/s" : unit == 1e3 ? "kbit/s" : unit == 1e9 ? "Gbit/s" : "Mbit/s";
}

/* at is "file:line" of the link, id its name: a value that is not finite in bit/s (1e308
 * Mbit/s, inf, nan) is refused there rather than later naming only the network. */
static vs_err_t finish_link(topo_t *t, topo_link_t *l, double precap, double unit, double rcost,
                            const char *at, const char *id)
{
    if (!isfinite(precap * unit))
        return vs_fail(VS_ERANGE, "%s: link %s: capacity %g %s is not a finite rate", at, id,
                       precap, unit_name(unit));
    if (!isfinite(rcost))
        return vs_fail(VS_ERANGE, "%s: link %s: routing cost %g is not a finite number", at, id,
                       rcost);
    if (precap > 0) {
        l->capacity_bps = precap * unit;
        l->capacity_source = TOPO_SRC_FILE;
    } else {
        l->capacity_bps = TOPO_DEFAULT_CAPACITY_BPS;
        l->capacity_source = TOPO_SRC_DEFAULT;
    }
    if (rcost > 0) {
        double w = llround(rcost);
        l->weight[0] = l->weight[1] = w < 1 ? 1u : w > 65535 ? 65535u : (uint32_t)w;
        l->weight_source = TOPO_SRC_FILE;
    } else {
        l->weight[0] = l->weight[1] = TOPO_DEFAULT_WEIGHT;
        l->weight_source = TOPO_SRC_DEFAULT;
    }
    l->delay_ns = topo_link_delay_for(t, l->a, l->b, &l->delay_source);
    return VS_OK;
}

/* A node's coordinates as the file gives them, kept until the NODES section has been read. */
typedef struct {
    double lat, lon; /* NAN when the node has none */
    int line;
} native_coords_t;

static bool off_globe(double lat, double lon)
{
    return fabs(lat) > 90 || fabs(lon) > 180;
}

static vs_err_t coords_off_globe(const char *file_line, const char *node, double lat, double lon)
{
    if (fabs(lat) > 90)
        return vs_fail(VS_ERANGE, "%s: node '%s': latitude %g is outside [-90, 90]", file_line,
                       node, lat);
    return vs_fail(VS_ERANGE, "%s: node '%s': longitude %g is outside [-180, 180]", file_line,
                   node, lon);
}

/* Sets the nodes' coordinates once all are read: none when most are off the globe (pixel
 * positions), an error naming the first that is when only a few are. */
static vs_err_t apply_native_coords(const char *path, topo_t *t, const native_coords_t *c, size_t n)
{
    size_t have = 0, off = 0, first_off = n;
    for (size_t i = 0; i < n; i++) {
        if (isnan(c[i].lat))
            continue;
        have++;
        if (off_globe(c[i].lat, c[i].lon) && off++ == 0)
            first_off = i;
    }
    if (off * 2 > have)
        return VS_OK;
    if (off > 0) {
        char at[600];
        snprintf(at, sizeof at, "%s:%d", path, c[first_off].line);
        return coords_off_globe(at, topo_node(t, first_off)->name, c[first_off].lat,
                                c[first_off].lon);
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(c[i].lat))
            topo__set_coords(t, (uint32_t)i, c[i].lat, c[i].lon);
    return VS_OK;
}

/* --- native ------------------------------------------------------------------------- */

static char *skip_ws(char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

vs_err_t topo__read_sndlib_native(const char *path, topo_t **out)
{
    vs_err_t err = VS_OK;
    char *buf = NULL;
    size_t len;
    topo_t *t = NULL;
    native_coords_t *coords = NULL;
    size_t n_coords = 0, cap_coords = 0;
    *out = NULL;
    VS_TRY(topo__slurp(path, &buf, &len));
    char name[256];
    snprintf(name, sizeof name, "%s", basename_of(path));
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = '\0';
    t = topo_create(name, "sndlib-native");
    if (!t) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    enum { NONE, META, NODES, LINKS, OTHER } sec = NONE;
    double unit = 1e6;
    int line_no = 0;
    int saw_header = 0, depth = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *p = skip_ws(line);
        if (*p == '?') {
            saw_header = 1;
            continue;
        }
        if (*p == '#' || *p == '\0')
            continue;
        if (sec == NONE) {
            char word[32];
            if (sscanf(p, "%31[A-Z_] (", word) == 1 && strchr(p, '(')) {
                sec = !strcmp(word, "META") ? META : !strcmp(word, "NODES") ? NODES
                      : !strcmp(word, "LINKS") ? LINKS : OTHER;
                depth = 1;
                continue;
            }
            err = vs_fail(VS_EPARSE, "%s:%d: expected a section (META, NODES, LINKS, ...), "
                          "found '%.40s'", path, line_no, p);
            goto out;
        }
        /* Sections nest (ADMISSIBLE_PATHS holds "( ... )" blocks): track the depth. */
        int opens = 0, closes = 0;
        for (const char *q = p; *q && *q != '#'; q++) {
            opens += *q == '(';
            closes += *q == ')';
        }
        depth += opens - closes;
        if (sec == OTHER) {
            if (depth <= 0)
                sec = NONE;
            continue;
        }
        if (depth <= 0) {
            if (sec == NODES && (err = apply_native_coords(path, t, coords, n_coords)))
                goto out;
            sec = NONE;
            continue;
        }
        if (sec == META) {
            char key[64], val[64];
            if (sscanf(p, "%63s = %63s", key, val) == 2 && !strcmp(key, "unit"))
                unit = sndlib_unit(val);
        } else if (sec == NODES) {
            char nm[256];
            double x, y;
            int nf = sscanf(p, "%255s ( %lf %lf )", nm, &x, &y);
            if (nf < 1) {
                err = vs_fail(VS_EPARSE, "%s:%d: expected '<node> ( <lon> <lat> )'", path, line_no);
                goto out;
            }
            if (nf != 3 && strchr(p, '(')) {
                err = vs_fail(VS_EPARSE, "%s:%d: node '%s': coordinates are not two numbers",
                              path, line_no, nm);
                goto out;
            }
            if (n_coords == cap_coords) {
                cap_coords = cap_coords ? cap_coords * 2 : 64;
                native_coords_t *nc = realloc(coords, cap_coords * sizeof *coords);
                if (!nc) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                coords = nc;
            }
            coords[n_coords++] = (native_coords_t){.lat = nf == 3 ? y : NAN,
                                                   .lon = nf == 3 ? x : NAN, .line = line_no};
            if ((err = topo_add_node(t, nm, NULL, NULL))) {
                char m[512];
                snprintf(m, sizeof m, "%s", vs_errmsg());
                err = vs_fail(err, "%s:%d: %s", path, line_no, m);
                goto out;
            }
        } else if (sec == LINKS) {
            char id[256], s[256], d[256];
            double pre, pcost, rcost, scost;
            int nf = sscanf(p, "%255s ( %255s %255s ) %lf %lf %lf %lf", id, s, d, &pre, &pcost,
                            &rcost, &scost);
            if (nf < 7) {
                err = vs_fail(VS_EPARSE, "%s:%d: link line has %s (expected '<id> ( <src> <dst> ) "
                              "<capacity> <capacity_cost> <routing_cost> <setup_cost> ( modules )')",
                              path, line_no, nf < 3 ? "no ( source target )" : "too few numbers");
                goto out;
            }
            long a = topo_find_node(t, s), b = topo_find_node(t, d);
            if (a < 0 || b < 0) {
                err = vs_fail(VS_EPARSE, "%s:%d: link %s names node '%s', which NODES lacks", path,
                              line_no, id, a < 0 ? s : d);
                goto out;
            }
            if (pre < 0 || rcost < 0) {
                err = vs_fail(VS_EPARSE, "%s:%d: link %s has a negative capacity or cost", path,
                              line_no, id);
                goto out;
            }
            if (a == b)
                continue;
            topo_link_t l = {.a = (uint32_t)a, .b = (uint32_t)b};
            char at[600];
            snprintf(at, sizeof at, "%s:%d", path, line_no);
            VS_TRY(finish_link(t, &l, pre, unit, rcost, at, id));
            VS_TRY(topo_add_link(t, &l, NULL));
        }
    }
    if (!saw_header && topo_node_count(t) == 0) {
        err = vs_fail(VS_EPARSE, "%s: not an SNDlib native network (no '?SNDlib native' header)",
                      path);
        goto out;
    }
    if (sec != NONE) {
        err = vs_fail(VS_EPARSE, "%s:%d: file ends inside a section (missing ')')", path, line_no);
        goto out;
    }
    if (topo_node_count(t) == 0) {
        err = vs_fail(VS_EINVAL, "%s: the network has no nodes", path);
        goto out;
    }
    *out = t;
    t = NULL;
out:
    free(coords);
    free(buf);
    topo_destroy(t);
    return err;
}

/* --- XML ---------------------------------------------------------------------------- */

vs_err_t topo__read_sndlib_xml(const char *path, topo_t **out)
{
    vs_err_t err = VS_OK;
    xmlDocPtr doc = NULL;
    topo_t *t = NULL;
    *out = NULL;
    VS_TRY(topo__xml_read(path, &doc));
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!topo__xml_is(root, "network")) {
        err = vs_fail(VS_EPARSE, "%s:%ld: root element is <%s>, expected SNDlib <network>", path,
                      topo__xml_line(root), root ? (const char *)root->name : "none");
        goto out;
    }
    char name[256], buf[256];
    snprintf(name, sizeof name, "%s", basename_of(path));
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = '\0';
    t = topo_create(name, "sndlib-xml");
    if (!t) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    double unit = 1e6;
    xmlNodePtr meta = topo__xml_child(root, "meta");
    if (meta && topo__xml_child(meta, "unit"))
        unit = sndlib_unit(topo__xml_text(topo__xml_child(meta, "unit"), buf, sizeof buf));
    xmlNodePtr ns = topo__xml_child(root, "networkStructure");
    xmlNodePtr nodes = ns ? topo__xml_child(ns, "nodes") : NULL;
    if (!nodes) {
        err = vs_fail(VS_EPARSE, "%s:%ld: no <networkStructure><nodes> element", path,
                      topo__xml_line(ns ? ns : root));
        goto out;
    }
    int geographic = !(topo__xml_attr(nodes, "coordinatesType", buf, sizeof buf) &&
                       !strcmp(buf, "pixel"));
    for (xmlNodePtr n = topo__xml_first(nodes); n; n = topo__xml_next(n)) {
        if (!topo__xml_is(n, "node"))
            continue;
        char id[256];
        if (!topo__xml_attr(n, "id", id, sizeof id)) {
            err = vs_fail(VS_EPARSE, "%s:%ld: <node> without an id", path, topo__xml_line(n));
            goto out;
        }
        xmlNodePtr c = topo__xml_child(n, "coordinates");
        double xy[2], ll[2];
        int have = 0;
        if (c && geographic) {
            VS_TRY(topo__xml_double(path, topo__xml_child(c, "x"), "x coordinate", &xy[0]));
            VS_TRY(topo__xml_double(path, topo__xml_child(c, "y"), "y coordinate", &xy[1]));
            ll[0] = xy[1];
            ll[1] = xy[0];
            have = 1;
            if (off_globe(ll[0], ll[1])) {
                char at[600];
                snprintf(at, sizeof at, "%s:%ld", path, topo__xml_line(c));
                err = coords_off_globe(at, id, ll[0], ll[1]);
                goto out;
            }
        }
        if ((err = topo_add_node(t, id, have ? ll : NULL, NULL))) {
            char m[512];
            snprintf(m, sizeof m, "%s", vs_errmsg());
            err = vs_fail(err, "%s:%ld: %s", path, topo__xml_line(n), m);
            goto out;
        }
    }
    xmlNodePtr links = topo__xml_child(ns, "links");
    for (xmlNodePtr n = topo__xml_first(links); n; n = topo__xml_next(n)) {
        if (!topo__xml_is(n, "link"))
            continue;
        long line = topo__xml_line(n);
        char s[256], d[256];
        xmlNodePtr sn = topo__xml_child(n, "source"), dn = topo__xml_child(n, "target");
        if (!sn || !dn) {
            err = vs_fail(VS_EPARSE, "%s:%ld: <link> without <source> or <target>", path, line);
            goto out;
        }
        topo__xml_text(sn, s, sizeof s);
        topo__xml_text(dn, d, sizeof d);
        long a = topo_find_node(t, s), b = topo_find_node(t, d);
        if (a < 0 || b < 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: link names node '%s', which <nodes> lacks", path,
                          line, a < 0 ? s : d);
            goto out;
        }
        double pre = 0, rcost = 0;
        xmlNodePtr pm = topo__xml_child(n, "preInstalledModule");
        if (pm && topo__xml_child(pm, "capacity"))
            VS_TRY(topo__xml_double(path, topo__xml_child(pm, "capacity"), "capacity", &pre));
        if (topo__xml_child(n, "routingCost"))
            VS_TRY(topo__xml_double(path, topo__xml_child(n, "routingCost"), "routingCost",
                                    &rcost));
        if (pre < 0 || rcost < 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: negative capacity or routing cost", path, line);
            goto out;
        }
        if (a == b)
            continue;
        topo_link_t l = {.a = (uint32_t)a, .b = (uint32_t)b};
        char at[600], id[600];
        snprintf(at, sizeof at, "%s:%ld", path, line);
        if (!topo__xml_attr(n, "id", id, sizeof id))
            snprintf(id, sizeof id, "%s-%s", s, d);
        VS_TRY(finish_link(t, &l, pre, unit, rcost, at, id));
        VS_TRY(topo_add_link(t, &l, NULL));
    }
    if (topo_node_count(t) == 0) {
        err = vs_fail(VS_EINVAL, "%s: the network has no nodes", path);
        goto out;
    }
    *out = t;
    t = NULL;
out:
    topo_destroy(t);
    if (doc)
        xmlFreeDoc(doc);
    return err;
}
