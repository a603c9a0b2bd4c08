/* hw_profile — the YAML reader and writer of hardware profiles, and the cost helpers.
 * The format is documented in docs/profiles.md; keys are checked against the tables
 * below so a typo is an error with a suggestion, never a silently ignored value. */
#include "hw_profile.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_out.h"
#include "vs_paths.h"
#include "vs_units.h"
#include "vs_yaml.h"

/* The public struct plus what owns its strings. */
typedef struct {
    hw_profile_t pub;
    vs_ydoc_t *doc;
    char *path;
} profile_box_t;

/* A cost may be zero, never negative; an hour bounds every per-operation cost. */
#define MAX_COST_NS (INT64_C(3600) * VS_NS_PER_S)

static const char *const fib_tech_names[] = {"software", "tcam", "netfpga", NULL};
static const char *const rehome_names[] = {"optical", "pseudowire", "mpls", "gre", NULL};

const char *hw_fib_tech_name(hw_fib_tech_t t)
{
    return (unsigned)t < HW_FIB_TECH_COUNT ? fib_tech_names[t] : "?";
}

const char *hw_rehome_name(hw_rehome_tech_t t)
{
    return (unsigned)t < HW_REHOME_COUNT ? rehome_names[t] : "?";
}

/* ---- reading ------------------------------------------------------------------------- */

static vs_err_t get_section(const vs_ydoc_t *doc, const vs_ynode_t *root, const char *key,
                            const char *const *allowed, const vs_ynode_t **out)
{
    *out = vs_ynode_get(root, key);
    if (!*out)
        return VS_OK;
    vs_err_t err = vs_yexpect(doc, *out, VS_Y_MAP, "a mapping");
    if (err)
        return err;
    return vs_ycheck_keys(doc, *out, allowed);
}

/* Cost written per MB (10^6 bytes) as a duration: "2.5ms" -> 2.5 ns per byte. */
static vs_err_t get_per_mb(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                           double *out_ns_per_byte)
{
    int64_t ns = -1;
    vs_err_t err = vs_yget_duration(doc, map, key, false, 0, MAX_COST_NS, &ns);
    if (!err && ns >= 0)
        *out_ns_per_byte = (double)ns / 1e6;
    return err;
}

/* Watts: "450W", "1.2kW" or a bare number of watts. */
static vs_err_t get_watts(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key,
                          double *out)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(doc, map, key, false, &s);
    if (err || !s)
        return err;
    const vs_ynode_t *n = vs_ynode_get(map, key);
    char *end;
    double v = strtod(s, &end);
    double f = 1;
    while (*end == ' ')
        end++;
    if (!strcmp(end, "kW"))
        f = 1e3;
    else if (strcmp(end, "W") && *end)
        return vs_yerr(doc, n, VS_EUNIT, "%s: '%s' is not a power (expected watts: W or kW)", key,
                       s);
    if (end == s || !isfinite(v))
        return vs_yerr(doc, n, VS_EUNIT, "%s: '%s' is not a power (expected watts: W or kW)", key,
                       s);
    if (v < 0)
        return vs_yerr(doc, n, VS_ERANGE, "%s: '%s': a power cannot be negative", key, s);
    *out = v * f;
    return VS_OK;
}

static vs_err_t read_fib(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_fib_profile_t *f = &prof->fib;
    vs_err_t err = VS_OK;
    int tech = 0;
    VS_TRY(vs_yget_enum(doc, m, "technology", true, fib_tech_names, &tech));
    f->tech = (hw_fib_tech_t)tech;
    VS_TRY(vs_yget_duration(doc, m, "install", true, 0, MAX_COST_NS, &f->install_ns));
    f->replace_ns = f->install_ns;
    f->delete_ns = f->install_ns;
    VS_TRY(vs_yget_duration(doc, m, "replace", false, 0, MAX_COST_NS, &f->replace_ns));
    VS_TRY(vs_yget_duration(doc, m, "delete", false, 0, MAX_COST_NS, &f->delete_ns));
    f->batch_size = 1;
    VS_TRY(vs_yget_int(doc, m, "batch_size", false, 1, INT64_C(100000000), &f->batch_size));
    VS_TRY(vs_yget_duration(doc, m, "batch_overhead", false, 0, MAX_COST_NS,
                            &f->batch_overhead_ns));
    VS_TRY(vs_yget_duration(doc, m, "rpc", false, 0, MAX_COST_NS, &f->rpc_ns));
    VS_TRY(vs_yget_duration(doc, m, "setup", false, 0, MAX_COST_NS, &f->setup_ns));
    VS_TRY(vs_yget_int(doc, m, "capacity", false, 0, INT64_C(1000000000), &f->capacity));
    VS_TRY(vs_yget_duration(doc, m, "tcam_write", false, 0, MAX_COST_NS, &f->tcam_write_ns));
    int64_t width = 32;
    VS_TRY(vs_yget_int(doc, m, "tcam_width_bits", false, 32, 128, &width));
    if (width != 32 && width != 128)
        return vs_yerr(doc, vs_ynode_get(m, "tcam_width_bits"), VS_ERANGE,
                       "tcam_width_bits: %lld is not 32 (IPv4) or 128 (IPv6)", (long long)width);
    f->tcam_width_bits = (int)width;
    f->tcam_sort_clone = true;
    VS_TRY(vs_yget_bool(doc, m, "tcam_sort_clone", false, &f->tcam_sort_clone));
    if (f->tech == HW_FIB_TCAM && !vs_ynode_get(m, "tcam_write"))
        return vs_yerr(doc, m, VS_EINVAL, "a tcam FIB needs 'tcam_write' (the cost of one entry "
                                          "write or move)");
out:
    return err;
}

static vs_err_t read_host(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_host_profile_t *h = &prof->host;
    vs_err_t err = VS_OK;
    double ghz = 0;
    int64_t v;
    VS_TRY(vs_yget_str(doc, m, "cpu_class", true, &h->cpu_class));
    VS_TRY(vs_yget_double(doc, m, "cpu_ghz", true, 0.001, 1000, &ghz));
    h->cpu_hz = ghz * 1e9;
    v = 1;
    VS_TRY(vs_yget_int(doc, m, "cpu_cores", false, 1, 4096, &v));
    h->cpu_cores = (int)v;
    VS_TRY(vs_yget_size(doc, m, "memory", true, &h->memory_bytes));
    v = 1;
    VS_TRY(vs_yget_int(doc, m, "nic_count", false, 0, 4096, &v));
    h->nic_count = (int)v;
    VS_TRY(vs_yget_rate(doc, m, "nic_rate", false, 0, &h->nic_bps));
    VS_TRY(vs_yget_pps(doc, m, "forward_max", false, &h->forward_pps_max));
    if (h->forward_pps_max < 0)
        return vs_yerr(doc, vs_ynode_get(m, "forward_max"), VS_ERANGE,
                       "forward_max: a packet rate cannot be negative");
    VS_TRY(vs_yget_duration(doc, m, "tunnel_setup", false, 0, MAX_COST_NS, &h->tunnel_setup_ns));
out:
    return err;
}

static vs_err_t read_ckpt(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_ckpt_profile_t *c = &prof->ckpt;
    vs_err_t err = VS_OK;
    VS_TRY(vs_yget_str(doc, m, "tool", true, &c->tool));
    VS_TRY(vs_yget_duration(doc, m, "dump_fixed", true, 0, MAX_COST_NS, &c->dump_fixed_ns));
    VS_TRY(get_per_mb(doc, m, "dump_per_mb", &c->dump_ns_per_byte));
    VS_TRY(vs_yget_duration(doc, m, "restore_fixed", true, 0, MAX_COST_NS, &c->restore_fixed_ns));
    VS_TRY(get_per_mb(doc, m, "restore_per_mb", &c->restore_ns_per_byte));
    VS_TRY(vs_yget_duration(doc, m, "bridging_work", true, 0, MAX_COST_NS, &c->bridging_work_ns));
    c->bridging_share = 1.0;
    VS_TRY(vs_yget_double(doc, m, "bridging_share", false, 0.001, 1.0, &c->bridging_share));
    VS_TRY(vs_yget_rate(doc, m, "copy_limit", true, 1, &c->copy_limit_bps));
    VS_TRY(vs_yget_duration(doc, m, "copy_setup", false, 0, MAX_COST_NS, &c->copy_setup_ns));
    VS_TRY(vs_yget_size(doc, m, "config_size", false, &c->config_bytes));
    VS_TRY(vs_yget_double(doc, m, "cost_cv", false, 0, 1, &c->cost_cv));
out:
    return err;
}

static vs_err_t read_rehome(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_rehome_profile_t *r = &prof->rehome;
    static const char *const keys[] = {"mean", "spread", NULL};
    vs_err_t err = VS_OK;
    for (int t = 0; t < HW_REHOME_COUNT; t++) {
        const vs_ynode_t *e = vs_ynode_get(m, rehome_names[t]);
        if (!e)
            return vs_yerr(doc, m, VS_EINVAL, "missing required key '%s'", rehome_names[t]);
        VS_TRY(vs_yexpect(doc, e, VS_Y_MAP, "a mapping with mean and spread"));
        VS_TRY(vs_ycheck_keys(doc, e, keys));
        VS_TRY(vs_yget_duration(doc, e, "mean", true, 0, MAX_COST_NS, &r->mean_ns[t]));
        VS_TRY(vs_yget_duration(doc, e, "spread", false, 0, MAX_COST_NS, &r->spread_ns[t]));
        if (r->spread_ns[t] > r->mean_ns[t])
            return vs_yerr(doc, vs_ynode_get(e, "spread"), VS_ERANGE,
                           "spread: must not exceed the mean (a latency cannot be negative)");
    }
out:
    return err;
}

static vs_err_t read_power(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_power_profile_t *p = &prof->power;
    vs_err_t err = VS_OK;
    int64_t v = 0;
    VS_TRY(get_watts(doc, m, "chassis", &p->chassis_w));
    VS_TRY(get_watts(doc, m, "linecard", &p->linecard_w));
    VS_TRY(get_watts(doc, m, "port", &p->port_w));
    VS_TRY(get_watts(doc, m, "hibernate", &p->hibernate_w));
    VS_TRY(vs_yget_double(doc, m, "idle_fraction", true, 0, 1, &p->idle_fraction));
    VS_TRY(vs_yget_int(doc, m, "ports_per_linecard", false, 0, 4096, &v));
    p->ports_per_linecard = (int)v;
out:
    return err;
}

/* The image section: OSPF points [{routes, size}, ...] and bgp_full {routes, size}. */
static vs_err_t read_point(const vs_ydoc_t *doc, const vs_ynode_t *e, int64_t *routes,
                           int64_t *bytes)
{
    static const char *const keys[] = {"routes", "size", NULL};
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(doc, e, VS_Y_MAP, "a mapping {routes: N, size: SIZE}"));
    VS_TRY(vs_ycheck_keys(doc, e, keys));
    VS_TRY(vs_yget_int(doc, e, "routes", true, 0, INT64_C(1000000000), routes));
    VS_TRY(vs_yget_size(doc, e, "size", true, bytes));
out:
    return err;
}

static vs_err_t read_image(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_image_profile_t *c = &prof->image;
    const vs_ynode_t *pts, *full;
    vs_err_t err = VS_OK;
    VS_TRY(vs_yrequire(doc, m, "ospf", &pts));
    VS_TRY(vs_yexpect(doc, pts, VS_Y_SEQ, "a list of {routes, size} points"));
    if (pts->len < 2 || pts->len > HW_IMAGE_MAX_POINTS)
        return vs_yerr(doc, pts, VS_ERANGE, "ospf: %zu points (expected 2 to %d)", pts->len,
                       HW_IMAGE_MAX_POINTS);
    c->n_points = (int)pts->len;
    for (int i = 0; i < c->n_points; i++) {
        VS_TRY(read_point(doc, pts->vals[i], &c->routes[i], &c->bytes[i]));
        if (i > 0 && c->routes[i] <= c->routes[i - 1])
            return vs_yerr(doc, pts->vals[i], VS_ERANGE,
                           "ospf: routes must increase from point to point");
    }
    VS_TRY(vs_yrequire(doc, m, "bgp_full", &full));
    VS_TRY(read_point(doc, full, &c->bgp_full_routes, &c->bgp_full_bytes));
    if (c->bgp_full_routes < 1 || c->bgp_full_bytes < c->bytes[0])
        return vs_yerr(doc, full, VS_ERANGE,
                       "bgp_full: expected at least one route and at least the image of the "
                       "first ospf point");
    VS_TRY(vs_yget_size(doc, m, "postcopy_state", true, &c->postcopy_state_bytes));
out:
    return err;
}

static vs_err_t read_xen(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_xen_profile_t *x = &prof->xen;
    vs_err_t err = VS_OK;
    VS_TRY(vs_yget_size(doc, m, "forward_hot_set", true, &x->forward_hot_bytes));
    VS_TRY(vs_yget_duration(doc, m, "iface_remap", true, 0, MAX_COST_NS, &x->iface_remap_ns));
    VS_TRY(vs_yget_int(doc, m, "pages_per_packet", true, 0, 64, &x->pages_per_packet));
out:
    return err;
}

/* Required costs, one per key of keys (NULL-terminated), into out[i]. */
static vs_err_t get_costs(const vs_ydoc_t *doc, const vs_ynode_t *m, const char *const *keys,
                          sim_time_t *const *out)
{
    vs_err_t err = VS_OK;
    for (size_t i = 0; keys[i]; i++)
        VS_TRY(vs_yget_duration(doc, m, keys[i], true, 0, MAX_COST_NS, out[i]));
out:
    return err;
}

static const char *const kvm_keys[] = {"pause_resume", "chunk_overhead", "disk_read_rate",
                                       "device_state", "chunk_size", "chunk_lookup", NULL};
static const char *const openflow_keys[] = {"flow_mod_send", "flow_mod_apply", NULL};

static vs_err_t read_kvm(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_kvm_profile_t *k = &prof->kvm;
    vs_err_t err = VS_OK;
    VS_TRY(vs_yget_duration(doc, m, "pause_resume", true, 0, MAX_COST_NS, &k->pause_resume_ns));
    VS_TRY(vs_yget_duration(doc, m, "chunk_overhead", true, 0, MAX_COST_NS, &k->chunk_overhead_ns));
    VS_TRY(vs_yget_duration(doc, m, "chunk_lookup", true, 0, MAX_COST_NS, &k->chunk_lookup_ns));
    VS_TRY(vs_yget_size(doc, m, "device_state", true, &k->device_state_bytes));
    VS_TRY(vs_yget_size(doc, m, "chunk_size", true, &k->chunk_bytes));
    VS_TRY(vs_yget_rate(doc, m, "disk_read_rate", true, 1, &k->disk_read_bps));
    if (k->chunk_bytes < 1 || !(k->disk_read_bps > 0))
        err = vs_yerr(doc, m, VS_ERANGE, "kvm: chunk_size and disk_read_rate must be positive");
out:
    return err;
}

static vs_err_t read_openflow(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_openflow_profile_t *o = &prof->openflow;
    return get_costs(doc, m, openflow_keys,
                     (sim_time_t *const[]){&o->flow_mod_send_ns, &o->flow_mod_apply_ns});
}

static const char *const routing_keys[] = {"boot", "bgp_prefix_rate", "ospf_exchange_hops",
                                           "bgp_open_rtts", "spf_delay", NULL};

static vs_err_t read_routing(const vs_ydoc_t *doc, const vs_ynode_t *m, hw_profile_t *prof)
{
    hw_routing_profile_t *r = &prof->routing;
    vs_err_t err = VS_OK;
    VS_TRY(vs_yget_duration(doc, m, "boot", true, 0, MAX_COST_NS, &r->boot_ns));
    VS_TRY(vs_yget_duration(doc, m, "spf_delay", true, 0, MAX_COST_NS, &r->spf_delay_ns));
    VS_TRY(vs_yget_double(doc, m, "bgp_prefix_rate", true, 1, 1e9, &r->bgp_prefixes_per_s));
    VS_TRY(vs_yget_int(doc, m, "ospf_exchange_hops", true, 0, 100, &r->ospf_exchange_hops));
    VS_TRY(vs_yget_int(doc, m, "bgp_open_rtts", true, 0, 100, &r->bgp_open_rtts));
out:
    return err;
}

static const char *const fib_keys[] = {
    "technology", "install", "replace", "delete", "batch_size", "batch_overhead", "rpc",
    "setup", "capacity", "tcam_write", "tcam_width_bits", "tcam_sort_clone", NULL};
static const char *const host_keys[] = {"cpu_class", "cpu_ghz",     "cpu_cores",
                                        "memory",    "nic_count",   "nic_rate",
                                        "forward_max", "tunnel_setup", NULL};
static const char *const ckpt_keys[] = {
    "tool",          "dump_fixed", "dump_per_mb", "restore_fixed", "restore_per_mb",
    "bridging_work", "bridging_share", "copy_limit", "copy_setup", "config_size", "cost_cv",
    NULL};
static const char *const power_keys[] = {"chassis", "linecard", "port", "hibernate",
                                         "idle_fraction", "ports_per_linecard", NULL};
static const char *const image_keys[] = {"ospf", "bgp_full", "postcopy_state", NULL};
static const char *const xen_keys[] = {"forward_hot_set", "iface_remap", "pages_per_packet", NULL};
static const struct {
    const char *name;
    const char *const *keys;
    size_t has; /* offset of the has_* flag in hw_profile_t */
    vs_err_t (*read)(const vs_ydoc_t *, const vs_ynode_t *, hw_profile_t *);
} sections[] = {
    {"fib", fib_keys, offsetof(hw_profile_t, has_fib), read_fib},
    {"host", host_keys, offsetof(hw_profile_t, has_host), read_host},
    {"checkpoint", ckpt_keys, offsetof(hw_profile_t, has_ckpt), read_ckpt},
    {"rehoming", rehome_names, offsetof(hw_profile_t, has_rehome), read_rehome},
    {"power", power_keys, offsetof(hw_profile_t, has_power), read_power},
    {"image", image_keys, offsetof(hw_profile_t, has_image), read_image},
    {"xen", xen_keys, offsetof(hw_profile_t, has_xen), read_xen},
    {"kvm", kvm_keys, offsetof(hw_profile_t, has_kvm), read_kvm},
    {"openflow", openflow_keys, offsetof(hw_profile_t, has_openflow), read_openflow},
    {"routing", routing_keys, offsetof(hw_profile_t, has_routing), read_routing},
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

static bool *has_flag(const hw_profile_t *p, size_t i)
{
    return (bool *)((char *)(void *)p + sections[i].has);
}

bool hw_profile_has(const hw_profile_t *p, const char *section)
{
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (!strcmp(sections[i].name, section))
            return *has_flag(p, i);
    return false;
}

static vs_err_t parse_doc(profile_box_t *b)
{
    static const char *const top[] = {"version",  "name", "description", "fib",
                                      "host",     "checkpoint", "rehoming", "power",
                                      "image",    "xen",  "kvm",         "openflow", "routing",
                                      NULL};
    const vs_ydoc_t *doc = b->doc;
    const vs_ynode_t *root = vs_ydoc_root(doc), *sec;
    hw_profile_t *p = &b->pub;
    vs_err_t err = VS_OK;
    int64_t version = 0;
    bool any = false;
    if (!root)
        return vs_fail(VS_EPARSE, "%s: empty profile (expected 'version: %d' and sections)",
                       vs_ydoc_name(doc), HW_PROFILE_VERSION);
    VS_TRY(vs_yexpect(doc, root, VS_Y_MAP, "a mapping (version, name, sections)"));
    VS_TRY(vs_ycheck_keys(doc, root, top));
    VS_TRY(vs_yget_int(doc, root, "version", true, 0, INT64_MAX, &version));
    if (version != HW_PROFILE_VERSION)
        return vs_yerr(doc, vs_ynode_get(root, "version"), VS_ERANGE,
                       "version: this vroomsim reads profile version %d, not %lld",
                       HW_PROFILE_VERSION, (long long)version);
    VS_TRY(vs_yget_str(doc, root, "name", true, &p->name));
    p->description = "";
    VS_TRY(vs_yget_str(doc, root, "description", false, &p->description));
    for (size_t i = 0; i < N_SECTIONS; i++) {
        VS_TRY(get_section(doc, root, sections[i].name, sections[i].keys, &sec));
        if ((*has_flag(p, i) = sec != NULL)) {
            VS_TRY(sections[i].read(doc, sec, p));
            any = true;
        }
    }
    if (!any)
        return vs_yerr(doc, root, VS_EINVAL,
                       "the profile has no section (expected fib, host, checkpoint, rehoming, "
                       "power, image, xen, kvm, openflow or routing)");
out:
    return err;
}

static vs_err_t finish(vs_ydoc_t *doc, const char *path, const hw_profile_t **out)
{
    vs_err_t err;
    profile_box_t *b = calloc(1, sizeof *b);
    char *pathcopy = strdup(path);
    if (!b || !pathcopy) {
        free(b);
        free(pathcopy);
        vs_ydoc_free(doc);
        return vs_fail(VS_ENOMEM, "out of memory reading profile %s", path);
    }
    b->doc = doc;
    b->path = pathcopy;
    b->pub.path = pathcopy;
    if ((err = parse_doc(b))) {
        hw_profile_free(&b->pub);
        return err;
    }
    *out = &b->pub;
    return VS_OK;
}

vs_err_t hw_profile_load_file(const char *path, const hw_profile_t **out)
{
    vs_ydoc_t *doc;
    vs_err_t err = vs_ydoc_load_file(path, &doc);
    if (err)
        return err;
    return finish(doc, path, out);
}

vs_err_t hw_profile_load_string(const char *name, const char *text, size_t len,
                                const hw_profile_t **out)
{
    vs_ydoc_t *doc;
    vs_err_t err = vs_ydoc_load_string(name, text, len, &doc);
    if (err)
        return err;
    return finish(doc, name, out);
}

bool hw_profile_is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
           (n > 4 && !strcmp(s + n - 4, ".yml"));
}

vs_err_t hw_profile_load(const char *name_or_path, const hw_profile_t **out)
{
    char path[1024], file[300];
    if (!name_or_path || !name_or_path[0])
        return vs_fail(VS_EINVAL, "empty hardware profile name");
    if (hw_profile_is_path(name_or_path))
        return hw_profile_load_file(name_or_path, out);
    for (const char *c = name_or_path; *c; c++)
        if (!(*c == '-' || *c == '_' || *c == '.' || (*c >= '0' && *c <= '9') ||
              (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
            return vs_fail(VS_EINVAL, "'%s' is not a profile name (letters, digits, '-', '_')",
                           name_or_path);
    if ((size_t)snprintf(file, sizeof file, "%s.yaml", name_or_path) >= sizeof file)
        return vs_fail(VS_EINVAL, "profile name too long: %s", name_or_path);
    vs_err_t err = vs_data_file(VS_DATA_PROFILES, file, path, sizeof path);
    if (err)
        return err;
    FILE *f = fopen(path, "r");
    if (!f) {
        char dir[1024];
        if (vs_data_dir(VS_DATA_PROFILES, dir, sizeof dir) == VS_OK)
            return vs_fail(VS_ENOTFOUND,
                           "no hardware profile named '%s' (looked for %s; the shipped ones are "
                           "listed in docs/profiles.md, or give a path to a .yaml file)",
                           name_or_path, path);
        return vs_fail(VS_ENOTFOUND, "no hardware profile named '%s'", name_or_path);
    }
    fclose(f);
    return hw_profile_load_file(path, out);
}

void hw_profile_free(const hw_profile_t *p)
{
    if (!p)
        return;
    profile_box_t *b = (profile_box_t *)(void *)p; /* pub is the first member */
    vs_ydoc_free(b->doc);
    free(b->path);
    free(b);
}

/* ---- writing ------------------------------------------------------------------------- */

/* Exact text for a duration: the largest unit that divides it. */
static const char *dur(sim_time_t ns, char *buf, size_t len)
{
    if (ns != 0 && ns % VS_NS_PER_S == 0)
        snprintf(buf, len, "%llds", (long long)(ns / VS_NS_PER_S));
    else if (ns != 0 && ns % VS_NS_PER_MS == 0)
        snprintf(buf, len, "%lldms", (long long)(ns / VS_NS_PER_MS));
    else if (ns != 0 && ns % VS_NS_PER_US == 0)
        snprintf(buf, len, "%lldus", (long long)(ns / VS_NS_PER_US));
    else
        snprintf(buf, len, "%lldns", (long long)ns);
    return buf;
}

/* YAML-safe double-quoted string. */
static void qstr(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* The sections of the migration software (image, xen, kvm, openflow). */
static void write_software(FILE *f, const hw_profile_t *p)
{
    char a[40], b[40];
    if (p->has_image) {
        fprintf(f, "image:\n  ospf:\n");
        for (int i = 0; i < p->image.n_points; i++)
            fprintf(f, "    - {routes: %lld, size: %lldB}\n", (long long)p->image.routes[i],
                    (long long)p->image.bytes[i]);
        fprintf(f, "  bgp_full: {routes: %lld, size: %lldB}\n  postcopy_state: %lldB\n",
                (long long)p->image.bgp_full_routes, (long long)p->image.bgp_full_bytes,
                (long long)p->image.postcopy_state_bytes);
    }
    if (p->has_xen)
        fprintf(f, "xen:\n  forward_hot_set: %lldB\n  iface_remap: %s\n  pages_per_packet: %lld\n",
                (long long)p->xen.forward_hot_bytes, dur(p->xen.iface_remap_ns, a, sizeof a),
                (long long)p->xen.pages_per_packet);
    if (p->has_kvm) {
        const hw_kvm_profile_t *k = &p->kvm;
        fprintf(f, "kvm:\n  pause_resume: %s\n  chunk_overhead: %s\n", dur(k->pause_resume_ns, a, sizeof a),
                dur(k->chunk_overhead_ns, b, sizeof b));
        fprintf(f, "  disk_read_rate: %.17gbps\n  device_state: %lldB\n  chunk_size: %lldB\n"
                   "  chunk_lookup: %s\n", k->disk_read_bps, (long long)k->device_state_bytes,
                (long long)k->chunk_bytes, dur(k->chunk_lookup_ns, a, sizeof a));
    }
    if (p->has_openflow)
        fprintf(f, "openflow:\n  flow_mod_send: %s\n  flow_mod_apply: %s\n",
                dur(p->openflow.flow_mod_send_ns, a, sizeof a),
                dur(p->openflow.flow_mod_apply_ns, b, sizeof b));
    if (p->has_routing)
        fprintf(f, "routing:\n  boot: %s\n  bgp_prefix_rate: %.17g\n  ospf_exchange_hops: %lld\n"
                   "  bgp_open_rtts: %lld\n  spf_delay: %s\n", dur(p->routing.boot_ns, a, sizeof a),
                p->routing.bgp_prefixes_per_s, (long long)p->routing.ospf_exchange_hops,
                (long long)p->routing.bgp_open_rtts, dur(p->routing.spf_delay_ns, b, sizeof b));
}

vs_err_t hw_profile_write(const hw_profile_t *p, const char *path, const char *source)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    char a[40];
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    fprintf(f, "# vroomsim hardware profile (docs/profiles.md)\n# Sources of the values:\n");
    for (const char *line = source && source[0] ? source : "unspecified"; *line;) {
        size_t len = strcspn(line, "\n");
        fprintf(f, "#   %.*s\n", (int)len, line);
        line += len + (line[len] == '\n');
    }
    fprintf(f, "version: %d\nname: ", HW_PROFILE_VERSION);
    qstr(f, p->name ? p->name : "unnamed");
    fprintf(f, "\ndescription: ");
    qstr(f, p->description ? p->description : "");
    fputc('\n', f);
    if (p->has_fib) {
        const hw_fib_profile_t *b = &p->fib;
        fprintf(f, "fib:\n  technology: %s\n", hw_fib_tech_name(b->tech));
        fprintf(f, "  install: %s\n", dur(b->install_ns, a, sizeof a));
        fprintf(f, "  replace: %s\n", dur(b->replace_ns, a, sizeof a));
        fprintf(f, "  delete: %s\n", dur(b->delete_ns, a, sizeof a));
        fprintf(f, "  batch_size: %lld\n", (long long)b->batch_size);
        fprintf(f, "  batch_overhead: %s\n", dur(b->batch_overhead_ns, a, sizeof a));
        fprintf(f, "  rpc: %s\n", dur(b->rpc_ns, a, sizeof a));
        fprintf(f, "  setup: %s\n", dur(b->setup_ns, a, sizeof a));
        fprintf(f, "  capacity: %lld  # 0 = unlimited\n", (long long)b->capacity);
        if (b->tech == HW_FIB_TCAM || b->tcam_write_ns)
            fprintf(f, "  tcam_write: %s\n", dur(b->tcam_write_ns, a, sizeof a));
        fprintf(f, "  tcam_width_bits: %d\n  tcam_sort_clone: %s\n",
                b->tcam_width_bits ? b->tcam_width_bits : 32,
                b->tcam_sort_clone ? "true" : "false");
    }
    if (p->has_host) {
        const hw_host_profile_t *h = &p->host;
        fprintf(f, "host:\n  cpu_class: ");
        qstr(f, h->cpu_class ? h->cpu_class : "");
        fprintf(f, "\n  cpu_ghz: %.17g\n  cpu_cores: %d\n  memory: %lldB\n", h->cpu_hz / 1e9,
                h->cpu_cores, (long long)h->memory_bytes);
        fprintf(f, "  nic_count: %d\n  nic_rate: %.17gbps\n  forward_max: %.17gpps\n",
                h->nic_count, h->nic_bps, h->forward_pps_max);
        fprintf(f, "  tunnel_setup: %s\n", dur(h->tunnel_setup_ns, a, sizeof a));
    }
    if (p->has_ckpt) {
        const hw_ckpt_profile_t *c = &p->ckpt;
        fprintf(f, "checkpoint:\n  tool: ");
        qstr(f, c->tool ? c->tool : "");
        fprintf(f, "\n  dump_fixed: %s\n", dur(c->dump_fixed_ns, a, sizeof a));
        fprintf(f, "  dump_per_mb: %s\n", dur(llround(c->dump_ns_per_byte * 1e6), a, sizeof a));
        fprintf(f, "  restore_fixed: %s\n", dur(c->restore_fixed_ns, a, sizeof a));
        fprintf(f, "  restore_per_mb: %s\n",
                dur(llround(c->restore_ns_per_byte * 1e6), a, sizeof a));
        fprintf(f, "  bridging_work: %s\n  bridging_share: %.17g\n",
                dur(c->bridging_work_ns, a, sizeof a), c->bridging_share);
        fprintf(f, "  copy_limit: %.17gbps\n  copy_setup: %s\n", c->copy_limit_bps,
                dur(c->copy_setup_ns, a, sizeof a));
        fprintf(f, "  config_size: %lldB\n  cost_cv: %.17g\n", (long long)c->config_bytes,
                c->cost_cv);
    }
    if (p->has_rehome) {
        fprintf(f, "rehoming:\n");
        for (int t = 0; t < HW_REHOME_COUNT; t++) {
            char b2[40];
            fprintf(f, "  %s: {mean: %s, spread: %s}\n", rehome_names[t],
                    dur(p->rehome.mean_ns[t], a, sizeof a),
                    dur(p->rehome.spread_ns[t], b2, sizeof b2));
        }
    }
    if (p->has_power) {
        const hw_power_profile_t *w = &p->power;
        fprintf(f, "power:\n  chassis: %.17gW\n  linecard: %.17gW\n  port: %.17gW\n",
                w->chassis_w, w->linecard_w, w->port_w);
        fprintf(f, "  hibernate: %.17gW\n  idle_fraction: %.17g\n  ports_per_linecard: %d\n",
                w->hibernate_w, w->idle_fraction, w->ports_per_linecard);
    }
    write_software(f, p);
    if (ferror(f)) {
        vs_out_abort(o);
        return vs_fail(VS_EIO, "%s: write failed", path);
    }
    return vs_out_commit(o);
}

/* ---- cost helpers -------------------------------------------------------------------- */

vs_err_t hw_fib_repopulate_ns(const hw_fib_profile_t *f, int64_t routes, sim_time_t *total_ns,
                              sim_time_t *update_ns)
{
    if (routes < 0)
        return vs_fail(VS_ERANGE, "a FIB cannot hold %lld routes", (long long)routes);
    if (f->capacity > 0 && routes > f->capacity)
        return vs_fail(VS_ERANGE, "%lld routes do not fit a FIB of %lld entries",
                       (long long)routes, (long long)f->capacity);
    if (f->tech == HW_FIB_TCAM && !f->tcam_sort_clone)
        return vs_fail(VS_EINVAL, "an unsorted TCAM repopulation depends on the prefixes: use the "
                                  "sim backend with a prefix list");
    sim_time_t per = f->install_ns + (f->tech == HW_FIB_TCAM ? f->tcam_write_ns : 0);
    int64_t bs = f->batch_size > 0 ? f->batch_size : 1;
    int64_t batches = (routes + bs - 1) / bs;
    sim_time_t update = routes * per + batches * f->batch_overhead_ns;
    if (update_ns)
        *update_ns = update;
    if (total_ns)
        *total_ns = routes > 0 ? f->setup_ns + routes * f->rpc_ns + update : 0;
    return VS_OK;
}

sim_time_t hw_ckpt_dump_ns(const hw_ckpt_profile_t *c, int64_t bytes)
{
    return c->dump_fixed_ns + llround(c->dump_ns_per_byte * (double)bytes);
}

sim_time_t hw_ckpt_restore_ns(const hw_ckpt_profile_t *c, int64_t bytes)
{
    return c->restore_fixed_ns + llround(c->restore_ns_per_byte * (double)bytes);
}

sim_time_t hw_ckpt_copy_ns(const hw_ckpt_profile_t *c, int64_t bytes, double available_bps)
{
    double bps = c->copy_limit_bps;
    if (available_bps > 0 && available_bps < bps)
        bps = available_bps;
    return c->copy_setup_ns + llround((double)bytes * 8.0 / bps * 1e9);
}

/* Processor sharing: bridging needs W of CPU time at full speed and starts with the
 * size-dependent part of the restore (R long); while that runs, bridging advances at
 * bridging_share of full speed, afterwards at full speed. Only bridging is slowed: the paper
 * observed the slow-down there (seed 001 Section 6.2, Fig. 8); the restore's own figures
 * are taken as they are. */
sim_time_t hw_ckpt_bridging_ns(const hw_ckpt_profile_t *c, int64_t bytes)
{
    double w = (double)c->bridging_work_ns;
    double r = c->restore_ns_per_byte * (double)bytes;
    double s = c->bridging_share > 0 ? c->bridging_share : 1.0;
    double slowed = w / s;
    if (slowed <= r) /* finished while the restore still ran */
        return llround(slowed);
    /* r elapsed at share s does r*s work; the rest runs alone */
    return llround(r + (w - r * s));
}

sim_time_t hw_ckpt_resume_ns(const hw_ckpt_profile_t *c, int64_t bytes)
{
    sim_time_t r = llround(c->restore_ns_per_byte * (double)bytes);
    sim_time_t b = hw_ckpt_bridging_ns(c, bytes);
    return c->restore_fixed_ns + (r > b ? r : b);
}

int64_t hw_image_bytes(const hw_image_profile_t *c, int64_t ospf_routes, int64_t bgp_routes)
{
    int i = 1;
    while (i < c->n_points - 1 && ospf_routes > c->routes[i])
        i++;
    double x0 = (double)c->routes[i - 1], x1 = (double)c->routes[i];
    double y0 = (double)c->bytes[i - 1], y1 = (double)c->bytes[i];
    double b = y0 + (y1 - y0) * ((double)ospf_routes - x0) / (x1 - x0);
    b += (double)(c->bgp_full_bytes - c->bytes[0]) * (double)bgp_routes /
         (double)c->bgp_full_routes;
    return llround(b);
}

void hw_power_coef(const hw_power_profile_t *p, int linecards, int ports, hw_power_coef_t *out)
{
    double f = p->idle_fraction;
    double full = p->chassis_w + linecards * p->linecard_w + ports * p->port_w;
    *out = (hw_power_coef_t){.chassis_w = f * p->chassis_w, .linecard_w = f * p->linecard_w,
                             .port_w = f * p->port_w, .load_w = (1 - f) * full};
}

double hw_power_watts(const hw_power_coef_t *c, int linecards_on, int ports_on,
                      double utilisation)
{
    if (utilisation < 0)
        utilisation = 0;
    if (utilisation > 1)
        utilisation = 1;
    return c->chassis_w + linecards_on * c->linecard_w + ports_on * c->port_w +
           c->load_w * utilisation;
}
