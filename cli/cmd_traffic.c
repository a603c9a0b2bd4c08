/* vroomsim traffic — traffic matrices and BGP tables: `traffic info PATH` summarises an
 * SNDlib dynamic set (or a gravity series with PATH = gravity), `traffic bgp` a BGP table
 * (prefix list, synthetic table) or an MRT update stream or RIB dump. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "hw_prefix.h"
#include "topo.h"
#include "topo_algo.h"
#include "trace_gravity.h"
#include "trace_mrt.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_out.h"
#include "vs_units.h"

static void info_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim traffic info PATH|gravity [--interval DUR] [--node-map FILE]\n"
            "                             [--topology SPEC] [--peak-util U] [--json[=FILE]]\n"
            "                             [--seed N] [--duration DUR]\n"
            "\n"
            "PATH is an SNDlib dynamic traffic-matrix set: a directory of XML files, a .tar.gz\n"
            "of them, or one XML file. 'gravity' generates the synthetic series instead (on\n"
            "the --topology's nodes; seeded; diurnal and weekly shape; docs/traffic.md).\n"
            "Prints the number of matrices, nodes, interval, time span and the total volume\n"
            "over time.\n"
            "  --interval DUR   average the matrices over bins of DUR (e.g. 1h)\n"
            "  --node-map FILE  rename TM nodes to topology nodes ('TM_NODE TOPO_NODE' lines)\n"
            "  --topology SPEC  check every TM node is a topology node and report the peak\n"
            "                   link utilisation under shortest-path (IGP weight) routing\n"
            "  --peak-util U    scale the matrices so the peak link utilisation is U\n"
            "                   (needs --topology; gravity default 0.5)\n"
            "  --seed N         gravity seed (default 1)\n"
            "  --duration DUR   gravity series length (default 7 days = 168h)\n"
            "  --json[=FILE]    JSON (schema 1): summary plus time_s[] and total_bps[]\n");
}

static char *fmt_time(int64_t ns, char *buf, size_t len)
{
    time_t s = (time_t)(ns / VS_NS_PER_S);
    struct tm tmv;
    gmtime_r(&s, &tmv);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    return buf;
}

static int traffic_info(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON,                          {"interval", required_argument, 0, 'i'},
        {"node-map", required_argument, 0, 'm'},  {"topology", required_argument, 0, 't'},
        {"peak-util", required_argument, 0, 'u'}, CLI_OPTION_SEED,
        {"duration", required_argument, 0, 'd'},  CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    const char *map = NULL, *topo_spec = NULL;
    cli_common_t co = {.seed = 1};
    int64_t interval = 0, duration = 0;
    double peak_target = 0;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            if ((err = cli_parse_duration("--interval", optarg, &interval)))
                return cli_report(err);
            if (interval <= 0)
                return cli_usage_error("traffic info", "--interval must be positive");
            break;
        case 'd':
            if ((err = cli_parse_duration("--duration", optarg, &duration)))
                return cli_report(err);
            break;
        case 'm': map = optarg; break;
        case 't': topo_spec = optarg; break;
        case 'u':
            if ((err = cli_parse_double("--peak-util", optarg, 1e-9, 100, &peak_target)))
                return cli_report(err);
            break;
        default:
            if ((rc = cli_common_option("traffic info", c, optarg, &co, info_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind + 1 != argc)
        return cli_usage_error("traffic info", "expected one PATH (or 'gravity')");
    const char *path = argv[optind];
    int gravity = !strcmp(path, "gravity");
    if (peak_target > 0 && !topo_spec)
        return cli_usage_error("traffic info", "--peak-util needs --topology");
    if (gravity && !topo_spec)
        return cli_usage_error("traffic info", "gravity needs --topology SPEC for its nodes");

    int status = 0;
    trace_tm_t *tm = NULL, *tmp = NULL;
    topo_t *t = NULL;
    topo_routes_t *routes = NULL;
    double *caps = NULL;
    const char **names = NULL;
    cJSON *root = NULL;
    double dropped = 0, peak = -1, factor = 1;
    size_t peak_k = 0, peak_l = 0;
    topo_init();
    if (topo_spec && (err = topo_load(topo_spec, &t)))
        goto fail;
    if (gravity) {
        size_t n = topo_node_count(t);
        names = malloc((n ? n : 1) * sizeof *names);
        if (!names) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < n; i++)
            names[i] = topo_node(t, i)->name;
        trace_gravity_config_t g = TRACE_GRAVITY_CONFIG_DEFAULT;
        g.seed = co.seed;
        if (duration > 0)
            g.duration_ns = duration;
        if ((err = trace_gravity(&g, names, n, &tm)))
            goto fail;
        if (peak_target <= 0)
            peak_target = 0.5;
    } else if ((err = trace_sndlib_load(path, &tm))) {
        goto fail;
    }
    if (map) {
        if ((err = trace_tm_remap(tm, map, &tmp, &dropped)))
            goto fail;
        trace_tm_destroy(tm);
        tm = tmp;
        tmp = NULL;
    }
    if (interval > 0) {
        if ((err = trace_tm_aggregate(tm, interval, &tmp)))
            goto fail;
        trace_tm_destroy(tm);
        tm = tmp;
        tmp = NULL;
    }
    size_t tm_nodes = trace_tm_nodes(tm); /* before projection onto a topology */
    if (t) {
        size_t tn = topo_node_count(t), m = topo_link_count(t);
        const char **tnames = malloc((tn ? tn : 1) * sizeof *tnames);
        if (!tnames) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < tn; i++)
            tnames[i] = topo_node(t, i)->name;
        /* On the topology's nodes in its order: TM node i is topology node i. */
        err = trace_tm_project(tm, map ? map : path, tnames, tn, &tmp);
        free(tnames);
        if (err)
            goto fail;
        trace_tm_destroy(tm);
        tm = tmp;
        tmp = NULL;
        caps = malloc((m ? 2 * m : 1) * sizeof *caps);
        if (!caps) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto fail;
        }
        topo_arc_capacities(t, caps);
        if ((err = topo_routes_create(t, TOPO_METRIC_WEIGHT, &routes)))
            goto fail;
        trace_routing_t r = {.n_links = 2 * m, .capacity_bps = caps,
                             .path = topo_routes_arc_path, .ctx = routes};
        if (peak_target > 0 && (err = trace_tm_scale_to_peak(tm, &r, peak_target, &factor)))
            goto fail;
        if ((err = trace_tm_peak_utilization(tm, &r, &peak, &peak_k, &peak_l)))
            goto fail;
    }
    size_t n = trace_tm_nodes(tm), T = trace_tm_count(tm);
    double vol = 0, tmin = 0, tmax = 0, tsum = 0;
    int64_t iv = trace_tm_interval_ns(tm);
    for (size_t k = 0; k < T; k++) {
        double x = trace_tm_total(tm, k);
        vol += x * (double)iv / 1e9;
        tsum += x;
        if (!k || x < tmin)
            tmin = x;
        if (!k || x > tmax)
            tmax = x;
    }
    char b1[64], b2[64], b3[64], b4[64];
    if (json) {
        root = cJSON_CreateObject();
        if (!root) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto fail;
        }
        vs_json_num(root, "schema", 1);
        vs_json_str(root, "source", gravity ? "gravity" : path);
        vs_json_str(root, "kind", trace_tm_source(tm));
        vs_json_num(root, "matrices", (double)T);
        vs_json_num(root, "nodes", (double)tm_nodes);
        vs_json_num(root, "interval_s", (double)iv / 1e9);
        if (T) {
            vs_json_str(root, "start", fmt_time(trace_tm_time_ns(tm, 0), b1, sizeof b1));
            vs_json_str(root, "end", fmt_time(trace_tm_time_ns(tm, T - 1) + iv, b2, sizeof b2));
        }
        vs_json_num(root, "total_volume_bits", vol);
        vs_json_num(root, "total_bps_mean", T ? tsum / (double)T : 0);
        vs_json_num(root, "total_bps_min", tmin);
        vs_json_num(root, "total_bps_max", tmax);
        if (map)
            vs_json_num(root, "dropped_intra_pop_share", dropped);
        if (t) {
            vs_json_num(root, "scale_factor", factor);
            vs_json_num(root, "peak_link_utilization", peak);
            const topo_link_t *pl = topo_link(t, peak_l / 2);
            const char *from = topo_node(t, peak_l % 2 ? pl->b : pl->a)->name;
            const char *to = topo_node(t, peak_l % 2 ? pl->a : pl->b)->name;
            char lk[600];
            snprintf(lk, sizeof lk, "%.256s -> %.256s", from, to);
            vs_json_str(root, "peak_link", lk);
            vs_json_num(root, "peak_matrix", (double)peak_k);
        }
        cJSON *names_a = vs_json_arr(root, "node_names");
        for (size_t i = 0; names_a && i < n; i++)
            cJSON_AddItemToArray(names_a, cJSON_CreateString(trace_tm_node_name(tm, i)));
        cJSON *ts = vs_json_arr(root, "time_s"), *tot = vs_json_arr(root, "total_bps");
        for (size_t k = 0; ts && tot && k < T; k++) {
            cJSON_AddItemToArray(ts, cJSON_CreateNumber((double)(trace_tm_time_ns(tm, k) /
                                                                 VS_NS_PER_S)));
            cJSON_AddItemToArray(tot, cJSON_CreateNumber(trace_tm_total(tm, k)));
        }
        if ((err = vs_json_write(root, json)))
            goto fail;
        if (!cli_human(json))
            goto out;
    }
    printf("%s (%s)\n", gravity ? "gravity" : path, trace_tm_source(tm));
    printf("  matrices   %zu of %zu nodes, interval %s\n", T, tm_nodes,
           vs_fmt_duration(iv, b1, sizeof b1));
    if (T)
        printf("  span       %s .. %s\n", fmt_time(trace_tm_time_ns(tm, 0), b1, sizeof b1),
               fmt_time(trace_tm_time_ns(tm, T - 1) + iv, b2, sizeof b2));
    printf("  total rate mean %s, min %s, max %s\n", vs_fmt_rate(T ? tsum / (double)T : 0, b1,
                                                               sizeof b1),
           vs_fmt_rate(tmin, b2, sizeof b2), vs_fmt_rate(tmax, b3, sizeof b3));
    printf("  volume     %.4g TB over the series\n", vol / 8e12);
    if (map)
        printf("  node map   %s (%.2f%% of volume stayed inside a POP and was dropped)\n", map,
               100 * dropped);
    if (t)
        printf("  topology   %s: peak link utilisation %.3f (matrix %zu, link %s -> %s)%s%s\n",
               topo_name(t), peak, peak_k,
               topo_node(t, peak_l % 2 ? topo_link(t, peak_l / 2)->b : topo_link(t, peak_l / 2)->a)->name,
               topo_node(t, peak_l % 2 ? topo_link(t, peak_l / 2)->a : topo_link(t, peak_l / 2)->b)->name,
               factor != 1 ? ", scaled by " : "",
               factor != 1 ? (snprintf(b4, sizeof b4, "%.4g", factor), b4) : "");
    /* Total over time: at most 24 rows, evenly spaced over the series. */
    if (T) {
        printf("  total over time:\n");
        size_t step = T > 24 ? (T + 23) / 24 : 1;
        for (size_t k = 0; k < T; k += step)
            printf("    %s  %s\n", fmt_time(trace_tm_time_ns(tm, k), b1, sizeof b1),
                   vs_fmt_rate(trace_tm_total(tm, k), b2, sizeof b2));
    }
    goto out;
fail:
    status = cli_report(err);
out:
    cJSON_Delete(root);
    free(names);
    free(caps);
    topo_routes_destroy(routes);
    topo_destroy(t);
    trace_tm_destroy(tm);
    trace_tm_destroy(tmp);
    return status;
}

static void bgp_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim traffic bgp PATH|synthetic:N [--format auto|mrt|list] [--lines[=N]]\n"
            "                            [--seed N] [--mix CSV[:COLUMN]] [--json[=FILE]]\n"
            "\n"
            "Summarises a BGP table for control-plane sizes: a prefix list (one CIDR per line,\n"
            "plain or gzip) or a synthetic IPv4 table of N unique prefixes whose length mix is\n"
            "the RIPE RIS 2010 table's (or column COLUMN of a histogram CSV like\n"
            "prefix_length_hist_ipv4.csv; default column ris_2010_union), addresses unicast.\n"
            "Deterministic by seed.\n"
            "\n"
            "An MRT file (RFC 6396, plain or gzip: BGP4MP/BGP4MP_ET update streams, TABLE_DUMP\n"
            "and TABLE_DUMP_V2 RIB dumps, as RIPE RIS and RouteViews publish) is summarised:\n"
            "records by type, peers, BGP messages by type, announcements and withdrawals\n"
            "(IPv4/IPv6), time span, the busiest second; for RIB dumps the unique prefixes and\n"
            "their length histogram. A malformed record is an error naming its byte offset.\n"
            "  --format F       auto (default: MRT if the file starts with an MRT header),\n"
            "                   mrt, or list\n"
            "  --lines[=N]      MRT: print the first N events (default all) as bgpdump -m\n"
            "                   lines up to the next hop, instead of the summary; BGP\n"
            "                   messages without prefixes (KEEPALIVE, OPEN, ...) included\n"
            "  --json[=FILE]    the same as JSON (schema 1)\n");
}

static void hist_print(const char *label, const size_t *hist, int max)
{
    printf("  %s by length:", label);
    for (int l = 0; l <= max; l++)
        if (hist[l])
            printf(" /%d %zu", l, hist[l]);
    printf("\n");
}

static void json_pair(cJSON *root, const char *key, size_t v4, size_t v6)
{
    cJSON *o = vs_json_obj(root, key);
    if (o) {
        vs_json_num(o, "ipv4", (double)v4);
        vs_json_num(o, "ipv6", (double)v6);
    }
}

/* Prints up to max events (0: all) of an MRT file, one line each. */
static int bgp_mrt_lines(const char *path, int64_t max)
{
    trace_mrt_t *r;
    vs_err_t err = trace_mrt_open(path, &r);
    char line[TRACE_MRT_LINE];
    for (int64_t n = 0; !err && (max == 0 || n < max); n++) {
        trace_mrt_event_t ev;
        int done;
        if ((err = trace_mrt_next(r, &ev, &done)) || done)
            break;
        puts(trace_mrt_event_fmt(&ev, line, sizeof line));
    }
    trace_mrt_close(r);
    if (fflush(stdout) && !err)
        err = vs_fail(VS_EIO, "cannot write to standard output");
    return err ? cli_report(err) : 0;
}

static int bgp_mrt(const char *path, const char *json)
{
    trace_mrt_summary_t *s = calloc(1, sizeof *s);
    vs_err_t err;
    if (!s)
        return cli_report(vs_fail(VS_ENOMEM, "out of memory"));
    if ((err = trace_mrt_summarize(path, s))) {
        free(s);
        return cli_report(err);
    }
    static const char *const msg_names[6] = {"other", "open", "update", "notification",
                                             "keepalive", "route_refresh"};
    const trace_mrt_counts_t *c = &s->counts;
    size_t rib = s->rib4 + s->rib6;
    char b1[64], b2[64], b3[64];
    int status = 0;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        vs_json_num(root, "schema", 1);
        vs_json_str(root, "source", path);
        vs_json_str(root, "format", "mrt");
        vs_json_num(root, "records", (double)c->records);
        cJSON *rt = vs_json_obj(root, "records_by_type");
        if (rt) {
            vs_json_num(rt, "bgp4mp", (double)c->bgp4mp);
            vs_json_num(rt, "bgp4mp_et", (double)c->bgp4mp_et);
            vs_json_num(rt, "table_dump", (double)c->table_dump);
            vs_json_num(rt, "table_dump_v2", (double)c->table_dump_v2);
            vs_json_num(rt, "skipped_other_types", (double)c->skipped_type);
            vs_json_num(rt, "skipped_other_subtypes", (double)c->skipped_subtype);
        }
        vs_json_num(root, "peers", (double)s->peers);
        vs_json_num(root, "peers_with_routes", (double)s->peers_routes);
        vs_json_num(root, "state_changes", (double)c->state_changes);
        cJSON *m = vs_json_obj(root, "bgp_messages");
        for (int k = 0; m && k < 6; k++)
            vs_json_num(m, msg_names[k], (double)c->bgp_msgs[k]);
        json_pair(root, "announcements", s->announce4, s->announce6);
        json_pair(root, "withdrawals", s->withdraw4, s->withdraw6);
        json_pair(root, "rib_entries", s->rib4, s->rib6);
        vs_json_num(root, "mp_nlri_other_families", (double)c->mp_skipped);
        if (c->records) {
            vs_json_str(root, "start", fmt_time(s->first_ns, b1, sizeof b1));
            vs_json_str(root, "end", fmt_time(s->last_ns, b2, sizeof b2));
            vs_json_num(root, "span_s", (double)(s->last_ns - s->first_ns) / 1e9);
        }
        if (s->busiest_updates) {
            cJSON *b = vs_json_obj(root, "busiest_second");
            if (b) {
                vs_json_str(b, "time", fmt_time(s->busiest_s * VS_NS_PER_S, b3, sizeof b3));
                vs_json_num(b, "updates", (double)s->busiest_updates);
            }
        }
        if (rib) {
            vs_json_num(root, "ipv4_prefixes", (double)s->unique4);
            vs_json_num(root, "ipv6_prefixes", (double)s->unique6);
            cJSON *h = vs_json_arr(root, "ipv4_length_hist");
            for (int l = 0; h && l <= 32; l++)
                cJSON_AddItemToArray(h, cJSON_CreateNumber((double)s->hist4[l]));
            h = vs_json_arr(root, "ipv6_length_hist");
            for (int l = 0; h && l <= 128; l++)
                cJSON_AddItemToArray(h, cJSON_CreateNumber((double)s->hist6[l]));
        }
        if ((err = cli_json_done(root, json)))
            status = cli_report(err);
    }
    if (!status && cli_human(json)) {
        printf("%s: MRT, %zu records (BGP4MP %zu, BGP4MP_ET %zu, TABLE_DUMP %zu, "
               "TABLE_DUMP_V2 %zu; skipped: %zu of other types, %zu of other subtypes)\n",
               path, c->records, c->bgp4mp, c->bgp4mp_et, c->table_dump, c->table_dump_v2,
               c->skipped_type, c->skipped_subtype);
        if (c->records)
            printf("  span        %s .. %s (%.6g s)\n", fmt_time(s->first_ns, b1, sizeof b1),
                   fmt_time(s->last_ns, b2, sizeof b2), (double)(s->last_ns - s->first_ns) / 1e9);
        printf("  peers       %zu (%zu with routes)\n", s->peers, s->peers_routes);
        printf("  messages    UPDATE %zu, KEEPALIVE %zu, OPEN %zu, NOTIFICATION %zu, "
               "ROUTE-REFRESH %zu, other %zu; state changes %zu\n",
               c->bgp_msgs[2], c->bgp_msgs[4], c->bgp_msgs[1], c->bgp_msgs[3], c->bgp_msgs[5],
               c->bgp_msgs[0], c->state_changes);
        printf("  announced   IPv4 %zu, IPv6 %zu\n", s->announce4, s->announce6);
        printf("  withdrawn   IPv4 %zu, IPv6 %zu\n", s->withdraw4, s->withdraw6);
        if (s->busiest_updates)
            printf("  busiest     %s: %zu updates/s\n",
                   fmt_time(s->busiest_s * VS_NS_PER_S, b3, sizeof b3), s->busiest_updates);
        if (c->mp_skipped)
            printf("  skipped     %zu MP_(UN)REACH_NLRI of other address families\n",
                   c->mp_skipped);
        if (rib) {
            printf("  RIB entries IPv4 %zu, IPv6 %zu; unique prefixes IPv4 %zu, IPv6 %zu\n",
                   s->rib4, s->rib6, s->unique4, s->unique6);
            if (s->unique4)
                hist_print("IPv4", s->hist4, 32);
            if (s->unique6)
                hist_print("IPv6", s->hist6, 128);
        }
    }
    free(s);
    return status;
}

static int traffic_bgp(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON, CLI_OPTION_SEED, {"mix", required_argument, 0, 'm'},
        {"format", required_argument, 0, 'f'}, {"lines", optional_argument, 0, 'l'},
        CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    const char *mix = NULL, *format = "auto";
    int64_t lines = -1; /* -1: summary; 0: all events; N: the first N */
    cli_common_t co = {.seed = 1};
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'm')
            mix = optarg;
        else if (c == 'f')
            format = optarg;
        else if (c == 'l') {
            lines = 0;
            if (optarg && (err = cli_parse_count("--lines", optarg, 1, INT64_MAX, &lines)))
                return cli_report(err);
        }
        else if ((rc = cli_common_option("traffic bgp", c, optarg, &co, bgp_help)) != CLI_NEXT)
            return rc;
    }
    const char *json = co.json;
    if (optind + 1 != argc)
        return cli_usage_error("traffic bgp", "expected one PATH or synthetic:N");
    const char *path = argv[optind];
    if (lines >= 0 && json)
        return cli_usage_error("traffic bgp", "--lines prints text; it does not combine with "
                                              "--json");
    if (strcmp(format, "auto") && strcmp(format, "mrt") && strcmp(format, "list"))
        return cli_usage_error("traffic bgp", "--format '%s': expected auto, mrt or list",
                               format);
    int synthetic = !strncmp(path, "synthetic:", 10);
    if (synthetic && !strcmp(format, "mrt"))
        return cli_usage_error("traffic bgp", "--format mrt needs a file, not %s", path);
    if (!synthetic && strcmp(format, "list")) {
        int is_mrt = !strcmp(format, "mrt");
        /* A file that cannot be read falls through to the list reader's usual error. */
        if (!is_mrt && trace_mrt_sniff(path, &is_mrt))
            is_mrt = 0;
        if (is_mrt)
            return lines >= 0 ? bgp_mrt_lines(path, lines) : bgp_mrt(path, json);
    }
    if (lines >= 0)
        return cli_usage_error("traffic bgp", "--lines is for MRT files; %s is a prefix list",
                               path);
    hw_prefix_list_t b = {0};
    double w[33];
    const double *weights = hw_prefix_hist_ipv4_2010;
    if (mix) {
        char file[4096], *col = "ris_2010_union";
        snprintf(file, sizeof file, "%s", mix);
        char *colon = strrchr(file, ':');
        if (colon) {
            *colon = '\0';
            col = colon + 1;
        }
        if ((err = hw_prefix_hist_read_csv(file, col, w)))
            return cli_report(err);
        weights = w;
    }
    if (synthetic) {
        int64_t nr;
        if ((err = cli_parse_count("synthetic:N", path + 10, 0, 10000000, &nr)))
            return cli_report(err);
        err = hw_prefix_synth((size_t)nr, co.seed, weights, &b);
    } else if (!(err = hw_prefix_list_read(path, 0, 0, &b))) {
        hw_prefix_list_sort_unique(&b);
    }
    if (err)
        return cli_report(err);
    size_t hist[33], n4, n6;
    hw_prefix_list_count(&b, &n4, &n6, hist);
    int status = 0;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        vs_json_num(root, "schema", 1);
        vs_json_str(root, "source", path);
        vs_json_num(root, "ipv4_prefixes", (double)n4);
        vs_json_num(root, "ipv6_prefixes", (double)n6);
        cJSON *h = vs_json_arr(root, "ipv4_length_hist");
        for (int l = 0; h && l <= 32; l++)
            cJSON_AddItemToArray(h, cJSON_CreateNumber((double)hist[l]));
        if ((err = cli_json_done(root, json)))
            status = cli_report(err);
    }
    if (!status && cli_human(json)) {
        printf("%s: %zu IPv4 prefixes, %zu IPv6 prefixes\n", path, n4, n6);
        printf("  IPv4 by length:");
        for (int l = 0; l <= 32; l++)
            if (hist[l])
                printf(" /%d %zu", l, hist[l]);
        printf("\n");
    }
    hw_prefix_list_free(&b);
    return status;
}

static void help(FILE *out)
{
    fprintf(out, "Usage: vroomsim traffic info PATH|gravity [OPTIONS]  traffic matrices\n"
                 "       vroomsim traffic bgp PATH|synthetic:N [OPTIONS]  BGP tables, MRT files\n"
                 "Run 'vroomsim traffic info --help' for the options.\n");
}

int cmd_traffic(int argc, char **argv)
{
    static const cli_command_t subs[] = {
        {"info", NULL, traffic_info}, {"bgp", NULL, traffic_bgp}, {0}};
    return cli_subcommand("traffic", subs, help, argc, argv);
}
