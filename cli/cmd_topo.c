/* vroomsim topo — look at topologies: `topo info SPEC` summarises one, `topo list` names the
 * built-ins and the files shipped in topologies/data. */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "topo.h"
#include "topo_algo.h"
#include "topo_builtin.h"
#include "topo_pop.h"
#include "vs_out.h"
#include "vs_paths.h"
#include "vs_units.h"

static void info_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim topo info FILE|DIR|builtin:NAME [--json[=FILE]] [--routers-per-pop N]\n"
            "                          [--router-model NAME]\n"
            "\n"
            "Loads a topology (GraphML as in the Topology Zoo, SNDlib native or XML, a Rocketfuel\n"
            "directory or weights/latencies file, a file shipped in topologies/data, or a\n"
            "built-in; see 'vroomsim topo list') and summarises nodes, links, capacities,\n"
            "components, diameter in hops and in propagation delay, and POPs.\n"
            "  --routers-per-pop N  physical routers per POP (spares added; default 1)\n"
            "  --router-model NAME  hardware model of every router (default 'default')\n"
            "  --nodes              also list the nodes (index, name, POP, coordinates), e.g.\n"
            "                       to write a node-name map for traffic matrices\n"
            "  --json[=FILE]        the summary as JSON (schema 1) to FILE or stdout\n"
            "docs/topologies.md describes the formats and the defaults for missing values.\n");
}

static const char *src_names[4] = {"file", "label", "derived", "default"};

static cJSON *source_obj(cJSON *parent, const char *key, const size_t c[4])
{
    cJSON *o = vs_json_obj(parent, key);
    for (int i = 0; o && i < 4; i++)
        vs_json_num(o, src_names[i], (double)c[i]);
    return o;
}

static int topo_info(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON,
        {"routers-per-pop", required_argument, 0, 'r'},
        {"router-model", required_argument, 0, 'm'},
        {"nodes", no_argument, 0, 'n'},
        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    int list_nodes = 0;
    topo_pop_config_t pcfg = TOPO_POP_CONFIG_DEFAULT;
    int64_t v;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if ((err = cli_parse_count("--routers-per-pop", optarg, 1, 64, &v)))
                return cli_report(err);
            pcfg.routers_per_pop = (uint32_t)v;
            break;
        case 'm':
            pcfg.router_model = optarg;
            break;
        case 'n':
            list_nodes = 1;
            break;
        default:
            if ((rc = cli_common_option("topo info", c, optarg, &co, info_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind + 1 != argc)
        return cli_usage_error("topo info", optind >= argc ? "missing topology" :
                               "exactly one topology expected");
    const char *spec = argv[optind];
    topo_t *t = NULL;
    topo_pops_t *pops = NULL;
    cJSON *root = NULL;
    int status = 0;
    topo_init();
    if ((err = topo_load(spec, &t)) || (err = topo_pops_create(t, &pcfg, &pops))) {
        status = cli_report(err);
        goto out;
    }
    topo_stats_t st;
    if ((err = topo_stats(t, &st))) {
        status = cli_report(err);
        goto out;
    }
    size_t n = topo_node_count(t), m = topo_link_count(t), coords = 0;
    double cmin = 0, cmax = 0, ctot = 0;
    int64_t dmin = 0, dmax = 0;
    for (size_t i = 0; i < n; i++)
        coords += topo_node(t, i)->has_coords;
    for (size_t k = 0; k < m; k++) {
        const topo_link_t *l = topo_link(t, k);
        if (!k || l->capacity_bps < cmin)
            cmin = l->capacity_bps;
        if (!k || l->capacity_bps > cmax)
            cmax = l->capacity_bps;
        if (!k || l->delay_ns < dmin)
            dmin = l->delay_ns;
        if (!k || l->delay_ns > dmax)
            dmax = l->delay_ns;
        ctot += l->capacity_bps;
    }
    size_t cs[4], ds[4], ws[4];
    topo_source_counts(t, cs, ds, ws);
    const topo_t *g = topo_pops_graph(pops);
    size_t np = topo_pops_count(pops), rmin = 0, rmax = 0;
    for (size_t p = 0; p < np; p++) {
        const uint32_t *r;
        size_t k = topo_pops_routers(pops, p, &r);
        if (!p || k < rmin)
            rmin = k;
        if (!p || k > rmax)
            rmax = k;
    }
    const char *dfrom = st.diameter_delay_ns >= 0 ? topo_node(t, st.diameter_from)->name : "";
    const char *dto = st.diameter_delay_ns >= 0 ? topo_node(t, st.diameter_to)->name : "";
    if (json) {
        root = cJSON_CreateObject();
        cJSON *o;
        if (!root) {
            status = cli_report(vs_fail(VS_ENOMEM, "out of memory"));
            goto out;
        }
        vs_json_num(root, "schema", 1);
        vs_json_str(root, "source", spec);
        vs_json_str(root, "name", topo_name(t));
        vs_json_str(root, "format", topo_format(t));
        vs_json_num(root, "nodes", (double)n);
        vs_json_num(root, "nodes_with_coordinates", (double)coords);
        vs_json_num(root, "links", (double)m);
        vs_json_num(root, "dropped_self_loops", (double)topo_dropped_self_loops(t));
        vs_json_num(root, "components", (double)st.components);
        vs_json_num(root, "largest_component", (double)st.largest_component);
        o = vs_json_obj(root, "capacity_bps");
        vs_json_num(o, "min", cmin);
        vs_json_num(o, "max", cmax);
        vs_json_num(o, "total", ctot);
        source_obj(o, "sources", cs);
        o = vs_json_obj(root, "delay_ns");
        vs_json_num(o, "min", (double)dmin);
        vs_json_num(o, "max", (double)dmax);
        source_obj(o, "sources", ds);
        source_obj(root, "weight_sources", ws);
        o = vs_json_obj(root, "diameter");
        if (st.diameter_hops >= 0) {
            vs_json_num(o, "hops", (double)st.diameter_hops);
            vs_json_num(o, "delay_ns", (double)st.diameter_delay_ns);
            vs_json_str(o, "delay_from", dfrom);
            vs_json_str(o, "delay_to", dto);
        } else {
            vs_json_str(o, "skipped", "more nodes than the diameter limit");
        }
        o = vs_json_obj(root, "pops");
        vs_json_num(o, "count", (double)np);
        vs_json_num(o, "routers", (double)topo_node_count(g));
        vs_json_num(o, "routers_per_pop_min", (double)rmin);
        vs_json_num(o, "routers_per_pop_max", (double)rmax);
        vs_json_num(o, "spare_routers", (double)topo_pops_spares(pops));
        vs_json_num(o, "intra_pop_links", (double)topo_pops_intra_links(pops));
        vs_json_str(o, "router_model", topo_pops_model(pops));
        cJSON *names = vs_json_arr(root, "node_names");
        for (size_t i = 0; names && i < n; i++)
            cJSON_AddItemToArray(names, cJSON_CreateString(topo_node(t, i)->name));
        if ((err = vs_json_write(root, json))) {
            status = cli_report(err);
            goto out;
        }
        if (!cli_human(json))
            goto out;
    }
    char b1[32], b2[32], b3[32], b4[32];
    printf("%s (%s)\n", topo_name(t), topo_format(t));
    printf("  nodes      %zu (%zu with coordinates)\n", n, coords);
    printf("  links      %zu", m);
    if (topo_dropped_self_loops(t))
        printf(" (%zu self-loops dropped)", topo_dropped_self_loops(t));
    printf("\n");
    if (m) {
        printf("  capacity   %s .. %s, total %s; from file %zu, label %zu, default %zu\n",
               vs_fmt_rate(cmin, b1, sizeof b1), vs_fmt_rate(cmax, b2, sizeof b2),
               vs_fmt_rate(ctot, b3, sizeof b3), cs[TOPO_SRC_FILE], cs[TOPO_SRC_LABEL],
               cs[TOPO_SRC_DEFAULT]);
        printf("  delay      %s .. %s; from file %zu, coordinates %zu, default %zu\n",
               vs_fmt_duration(dmin, b1, sizeof b1), vs_fmt_duration(dmax, b2, sizeof b2),
               ds[TOPO_SRC_FILE], ds[TOPO_SRC_DERIVED], ds[TOPO_SRC_DEFAULT]);
    }
    printf("  components %zu (largest %zu nodes)\n", st.components, st.largest_component);
    if (st.diameter_hops >= 0)
        printf("  diameter   %ld hops; %s propagation delay (%s to %s)\n", st.diameter_hops,
               vs_fmt_duration(st.diameter_delay_ns, b4, sizeof b4), dfrom, dto);
    else
        printf("  diameter   not computed (more than %d nodes)\n", TOPO_ALGO_MAX_DIAMETER);
    printf("  POPs       %zu, %zu routers (%zu..%zu per POP, %zu spare), %zu intra-POP links, "
           "model %s\n",
           np, topo_node_count(g), rmin, rmax, topo_pops_spares(pops),
           topo_pops_intra_links(pops), topo_pops_model(pops));
    if (list_nodes) {
        printf("  nodes (index, name, POP, latitude, longitude):\n");
        for (size_t i = 0; i < n; i++) {
            const topo_node_t *nd = topo_node(t, i);
            if (nd->has_coords)
                printf("    %zu\t%s\t%s\t%.5f\t%.5f\n", i, nd->name, topo_pop_name(t, nd->pop),
                       nd->lat, nd->lon);
            else
                printf("    %zu\t%s\t%s\t-\t-\n", i, nd->name, topo_pop_name(t, nd->pop));
        }
    }
out:
    cJSON_Delete(root);
    topo_pops_destroy(pops);
    topo_destroy(t);
    return status;
}

static int topo_list(int argc, char **argv)
{
    size_t nb;
    const topo_builtin_info_t *b = topo_builtin_list(&nb);
    printf("Built-in topologies (builtin:NAME):\n");
    for (size_t i = 0; i < nb; i++)
        printf("  builtin:%-16s %s\n", b[i].name, b[i].summary);
    char dir[4096];
    if (vs_data_dir(VS_DATA_TOPOLOGIES, dir, sizeof dir) == VS_OK) {
        struct dirent **ents;
        int k = scandir(dir, &ents, NULL, alphasort);
        printf("Shipped in %s:\n", dir);
        for (int i = 0; i < k; i++) {
            const char *nm = ents[i]->d_name;
            size_t l = strlen(nm);
            if (l > 8 && !strcmp(nm + l - 8, ".graphml"))
                printf("  %s\n", nm);
            free(ents[i]);
        }
        if (k >= 0)
            free(ents);
    }
    return 0;
}

static void help(FILE *out)
{
    fprintf(out, "Usage: vroomsim topo info SPEC [OPTIONS]   summarise a topology\n"
                 "       vroomsim topo list                  built-ins and shipped files\n"
                 "Run 'vroomsim topo info --help' for the options.\n");
}

int cmd_topo(int argc, char **argv)
{
    static const cli_command_t subs[] = {{"info", NULL, topo_info}, {"list", NULL, topo_list}, {0}};
    return cli_subcommand("topo", subs, help, argc, argv);
}
