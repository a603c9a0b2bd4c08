/* Three-tier datacenter and NAT-based Service Switching (seed 004). See dc_nat.h.
 *
 * ARP follows Linux 2.6 (the paper's prototype, Sec. V): an interface with proxy_arp
 * answers a request for an address the router routes out of ANOTHER interface; when both
 * the owner and a proxy answer, the proxy's reply (sent after proxy_delay) is the one the
 * asker keeps. NAT follows netfilter: DNAT before routing on the destination, SNAT after
 * routing on the source, each optionally bound to an interface (-i / -o). */
#include "dc_nat.h"

#include <stdio.h>
#include <string.h>

#define RACK_BASE ((dc_ip_t)192 << 24 | (dc_ip_t)168 << 16 | (dc_ip_t)10 << 8)
#define EXT_NET ((dc_ip_t)10 << 24)
#define TTL 32

void dc_ip_str(dc_ip_t ip, char *buf, int len)
{
    snprintf(buf, (size_t)len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

static dc_ip_t mask(int plen)
{
    return plen == 0 ? 0 : ~(dc_ip_t)0 << (32 - plen);
}

static bool enabled(const dc_t *dc, int item)
{
    return item < 0 || !dc->disabled[item];
}

static int add_node(dc_t *dc, const char *name, dc_tier_t tier)
{
    dc_node_t *n = &dc->n[dc->n_nodes];
    memset(n, 0, sizeof *n);
    size_t l = strlen(name) < sizeof n->name - 1 ? strlen(name) : sizeof n->name - 1;
    memcpy(n->name, name, l);
    n->name[l] = '\0';
    n->tier = tier;
    n->rack = n->home_rack = -1;
    return dc->n_nodes++;
}

static int add_if(dc_t *dc, int node, dc_ip_t ip, int plen, int seg)
{
    dc_node_t *n = &dc->n[node];
    n->ifs[n->n_ifs] = (dc_if_t){.ip = ip, .plen = plen, .seg = seg, .proxy_item = -1};
    return n->n_ifs++;
}

/* A point-to-point /30 between two routers: a gets .1, b .2. */
static void p2p(dc_t *dc, int a, int b, dc_ip_t net)
{
    int seg = dc->n_segs++;
    add_if(dc, a, net | 1, 30, seg);
    add_if(dc, b, net | 2, 30, seg);
}

/* The IGP's routes: for every subnet, the first hop of the shortest path over routers. */
static void igp(dc_t *dc)
{
    for (int r = 0; r < dc->n_nodes; r++) {
        dc_node_t *rn = &dc->n[r];
        if (rn->tier == DC_HOST)
            continue;
        rn->n_routes = 0;
        /* BFS from r over routers; first[v] = (interface of r, next-hop address). */
        int first_if[DC_MAX_NODES], queue[DC_MAX_NODES], qh = 0, qt = 0;
        dc_ip_t first_via[DC_MAX_NODES];
        bool seen[DC_MAX_NODES] = {false};
        seen[r] = true;
        queue[qt++] = r;
        first_if[r] = -1;
        first_via[r] = 0;
        while (qh < qt) {
            int u = queue[qh++];
            for (int i = 0; i < dc->n[u].n_ifs; i++)
                for (int v = 0; v < dc->n_nodes; v++) {
                    if (seen[v] || dc->n[v].tier == DC_HOST)
                        continue;
                    for (int j = 0; j < dc->n[v].n_ifs; j++)
                        if (dc->n[v].ifs[j].seg == dc->n[u].ifs[i].seg) {
                            seen[v] = true;
                            first_if[v] = u == r ? i : first_if[u];
                            first_via[v] = u == r ? dc->n[v].ifs[j].ip : first_via[u];
                            queue[qt++] = v;
                            break;
                        }
                }
        }
        /* Every subnet some router has, in BFS order (nearest router owning it wins). */
        for (int q = 0; q < qt; q++) {
            int v = queue[q];
            for (int j = 0; j < dc->n[v].n_ifs; j++) {
                dc_ip_t pfx = dc->n[v].ifs[j].ip & mask(dc->n[v].ifs[j].plen);
                int plen = dc->n[v].ifs[j].plen;
                bool have = false;
                for (int k = 0; k < rn->n_routes && !have; k++)
                    have = rn->routes[k].pfx == pfx && rn->routes[k].plen == plen;
                if (have || rn->n_routes == DC_MAX_ROUTES)
                    continue;
                rn->routes[rn->n_routes++] = (dc_route_t){
                    .pfx = pfx, .plen = plen, .ifx = v == r ? j : first_if[v],
                    .via = v == r ? 0 : first_via[v], .item = -1};
            }
        }
    }
}

void dc_build(dc_t *dc, int n_agg, int racks_per_agg)
{
    memset(dc, 0, sizeof *dc);
    char name[32];
    dc->core = add_node(dc, "core", DC_CORE);
    int ext = dc->n_segs++;
    add_if(dc, dc->core, EXT_NET | 1, 24, ext);
    dc->ext_host = add_node(dc, "E", DC_HOST);
    add_if(dc, dc->ext_host, EXT_NET | 2, 24, ext);
    dc->n[dc->ext_host].gw = EXT_NET | 1;
    for (int a = 0; a < n_agg; a++) {
        snprintf(name, sizeof name, "agg%d", a);
        int ag = add_node(dc, name, DC_AGGREGATION);
        p2p(dc, dc->core, ag, (dc_ip_t)172 << 24 | (dc_ip_t)16 << 16 | (dc_ip_t)(a * 4));
        for (int k = 0; k < racks_per_agg && dc->n_racks < 8; k++) {
            int rack = dc->n_racks++;
            snprintf(name, sizeof name, "access%d", rack);
            int acc = add_node(dc, name, DC_ACCESS);
            dc->access[rack] = acc;
            p2p(dc, ag, acc, (dc_ip_t)172 << 24 | (dc_ip_t)17 << 16 | (dc_ip_t)(rack * 4));
            dc->rack_net[rack] = RACK_BASE + ((dc_ip_t)rack << 8);
            add_if(dc, acc, dc->rack_net[rack] | 1, 24, dc->n_segs++);
        }
    }
    igp(dc);
}

/* An access switch's interfaces: [0] its uplink, [1] its rack. */
enum { UPLINK = 0, RACKIF = 1 };

int dc_add_host(dc_t *dc, const char *name, int rack, int hostno)
{
    int h = add_node(dc, name, DC_HOST);
    int acc = dc->access[rack];
    add_if(dc, h, dc->rack_net[rack] | (dc_ip_t)hostno, 24, dc->n[acc].ifs[RACKIF].seg);
    dc->n[h].gw = dc->rack_net[rack] | 1;
    dc->n[h].rack = dc->n[h].home_rack = rack;
    return h;
}

dc_ip_t dc_addr(const dc_t *dc, int node)
{
    return dc->n[node].ifs[0].ip;
}

static int new_item(dc_t *dc, dc_item_kind_t kind, int node, const char *fmt, dc_ip_t a, dc_ip_t b)
{
    dc_item_t *it = &dc->items[dc->n_items];
    char sa[16], sb[16];
    dc_ip_str(a, sa, sizeof sa);
    dc_ip_str(b, sb, sizeof sb);
    it->kind = kind;
    it->node = node;
    it->move = dc->n_moves - 1;
    size_t l = strlen(dc->n[node].name); /* < 16: fits the 96-byte text */
    memcpy(it->text, dc->n[node].name, l);
    memcpy(it->text + l, ": ", 3);
    l += 2;
    snprintf(it->text + l, sizeof it->text - l, fmt, sa, sb);
    return dc->n_items++;
}

static void nat(dc_t *dc, int node, dc_item_kind_t kind, dc_ip_t match, dc_ip_t to, int ifx)
{
    dc_node_t *n = &dc->n[node];
    for (int i = 0; i < n->n_nat; i++)
        if (n->nat[i].kind == kind && n->nat[i].match == match)
            return; /* already there */
    char where[32] = "";
    if (ifx >= 0)
        snprintf(where, sizeof where, " (%s if%d)", kind == DC_ITEM_DNAT ? "-i" : "-o", ifx);
    char fmt[64];
    snprintf(fmt, sizeof fmt, "%s %%s -> %%s%s", kind == DC_ITEM_DNAT ? "DNAT" : "SNAT", where);
    int item = new_item(dc, kind, node, fmt, match, to);
    n->nat[n->n_nat++] = (dc_nat_t){.kind = kind, .match = match, .to = to, .ifx = ifx, .item = item};
}

static void host_route(dc_t *dc, int node, dc_ip_t ip, int ifx, dc_ip_t via)
{
    dc_node_t *n = &dc->n[node];
    int item = new_item(dc, DC_ITEM_ROUTE, node, via ? "route %s/32 via %s" : "route %s/32 direct%.0s", ip, via);
    n->routes[n->n_routes++] = (dc_route_t){.pfx = ip, .plen = 32, .ifx = ifx, .via = via, .item = item};
}

static void proxy_arp(dc_t *dc, int node, int ifx)
{
    if (dc->n[node].ifs[ifx].proxy_item >= 0)
        return;
    dc->n[node].ifs[ifx].proxy_item =
        new_item(dc, DC_ITEM_PROXY_ARP, node, "proxy ARP on %s%.0s", dc->n[node].ifs[ifx].ip, 0);
}

/* Address of the router at the other end of an access switch's uplink. */
static dc_ip_t uplink_peer(const dc_t *dc, int acc)
{
    return dc->n[acc].ifs[UPLINK].ip ^ 3; /* .1 <-> .2 of the /30 */
}

int dc_move(dc_t *dc, int vm, int rack)
{
    dc_node_t *v = &dc->n[vm];
    int H = v->home_rack, F = rack;
    if (F == H || v->rack != H || dc->n_items + 16 > DC_MAX_ITEMS)
        return -1; /* moving home again, or twice: not modelled */
    int before = dc->n_items;
    dc->n_moves++;
    /* Care-of address: the next host number free in the foreign subnet. */
    dc_ip_t coa = dc->rack_net[F] | 2;
    for (bool clash = true; clash;) {
        clash = false;
        for (int i = 0; i < dc->n_nodes && !clash; i++)
            if (dc->n[i].tier == DC_HOST && (dc_addr(dc, i) == coa || dc->n[i].care_of == coa))
                clash = true;
        if (clash)
            coa++;
    }
    dc_ip_t m = dc_addr(dc, vm);
    int fss = dc->access[F], hss = dc->access[H];
    v->care_of = coa;
    v->rack = F;
    v->ifs[0].seg = dc->n[fss].ifs[RACKIF].seg;
    /* Edge service switch: early redirection of traffic from outside (Sec. IV-A, R1). */
    nat(dc, dc->core, DC_ITEM_DNAT, m, coa, -1);
    nat(dc, dc->core, DC_ITEM_SNAT, coa, m, 0);
    /* Foreign service switch (R2): the dual rules, a route to the VM on its rack, and proxy
     * ARP for the VM's home network and gateway (cases 1, 3, 5). */
    nat(dc, fss, DC_ITEM_DNAT, coa, m, UPLINK);
    nat(dc, fss, DC_ITEM_SNAT, m, coa, UPLINK);
    host_route(dc, fss, m, RACKIF, 0);
    proxy_arp(dc, fss, RACKIF);
    /* Every switch that answers ARP for the home network (the home switch, R3, and the
     * foreign switches of the home network's other moved VMs) translates the VM's address
     * both ways, so traffic from its rack to the VM leaves translated (cases 4, 8). */
    for (int r = 0; r < dc->n_racks; r++) {
        bool proxies = r == H;
        for (int i = 0; i < dc->n_nodes && !proxies; i++)
            proxies = i != vm && dc->n[i].tier == DC_HOST && dc->n[i].home_rack == H && dc->n[i].rack == r &&
                      r != F;
        if (!proxies)
            continue;
        nat(dc, dc->access[r], DC_ITEM_DNAT, m, coa, -1);
        nat(dc, dc->access[r], DC_ITEM_SNAT, coa, m, RACKIF);
    }
    /* The home switch answers ARP for the VM: Linux proxies an address routed out of
     * another interface, hence the host route up (case 4). */
    host_route(dc, hss, m, UPLINK, uplink_peer(dc, hss));
    proxy_arp(dc, hss, RACKIF);
    /* The foreign switch now answers for the home network: it translates the home network's
     * VMs that moved elsewhere (case 8). */
    for (int i = 0; i < dc->n_nodes; i++)
        if (i != vm && dc->n[i].tier == DC_HOST && dc->n[i].home_rack == H && dc->n[i].care_of &&
            dc->n[i].rack != F) {
            nat(dc, fss, DC_ITEM_DNAT, dc_addr(dc, i), dc->n[i].care_of, -1);
            nat(dc, fss, DC_ITEM_SNAT, dc->n[i].care_of, dc_addr(dc, i), RACKIF);
        }
    return dc->n_items - before;
}

void dc_move_counts(const dc_t *dc, int move, int *rules, int *routes, int *proxy)
{
    *rules = *routes = *proxy = 0;
    for (int i = 0; i < dc->n_items; i++) {
        if (dc->items[i].move != move)
            continue;
        switch (dc->items[i].kind) {
        case DC_ITEM_DNAT:
        case DC_ITEM_SNAT:
            ++*rules;
            break;
        case DC_ITEM_ROUTE:
            ++*routes;
            break;
        case DC_ITEM_PROXY_ARP:
            ++*proxy;
            break;
        }
    }
}

/* ---- the packet walker --------------------------------------------------------------- */

static const dc_route_t *lookup(const dc_t *dc, int node, dc_ip_t dst)
{
    const dc_node_t *n = &dc->n[node];
    const dc_route_t *best = NULL;
    for (int i = 0; i < n->n_routes; i++) {
        const dc_route_t *r = &n->routes[i];
        if (enabled(dc, r->item) && (dst & mask(r->plen)) == r->pfx && (!best || r->plen > best->plen))
            best = r;
    }
    return best;
}

/* Who answers an ARP request for target on segment seg (asker excluded)? The proxy's reply
 * wins over the owner's. *ifx gets the answering interface. -1 when nobody. */
static int arp(const dc_t *dc, int seg, dc_ip_t target, int asker, int *ifx)
{
    int owner = -1, owner_if = -1;
    for (int i = 0; i < dc->n_nodes; i++) {
        if (i == asker)
            continue;
        const dc_node_t *n = &dc->n[i];
        for (int j = 0; j < n->n_ifs; j++) {
            if (n->ifs[j].seg != seg)
                continue;
            if (n->ifs[j].ip == target) {
                owner = i;
                owner_if = j;
            } else if (n->tier != DC_HOST && n->ifs[j].proxy_item >= 0 && enabled(dc, n->ifs[j].proxy_item)) {
                const dc_route_t *r = lookup(dc, i, target);
                if (r && r->ifx != j) {
                    *ifx = j;
                    return i;
                }
            }
        }
    }
    *ifx = owner_if;
    return owner;
}

static bool moved_home(const dc_t *dc, dc_ip_t ip)
{
    for (int i = 0; i < dc->n_nodes; i++)
        if (dc->n[i].tier == DC_HOST && dc->n[i].care_of && dc_addr(dc, i) == ip)
            return true;
    return false;
}

#define WHY(...) (snprintf(why, (size_t)why_len, __VA_ARGS__), false)

bool dc_deliver(const dc_t *dc, int src, dc_ip_t dst, char *why, int why_len)
{
    char a[16], b[16];
    const dc_node_t *s = &dc->n[src];
    dc_ip_t psrc = dc_addr(dc, src), pdst = dst;
    /* The sender decides by its configured subnet, unaware of where it sits. */
    dc_ip_t target = (dst & mask(24)) == (psrc & mask(24)) ? dst : s->gw;
    int in_if, cur = arp(dc, s->ifs[0].seg, target, src, &in_if), prev = src;
    if (cur < 0) {
        dc_ip_str(target, a, sizeof a);
        return WHY("%s: no ARP answer for %s", s->name, a);
    }
    for (int hop = 0; hop < TTL; hop++) {
        const dc_node_t *n = &dc->n[cur];
        if (n->tier != DC_HOST && dc->n[prev].tier != DC_HOST &&
            (moved_home(dc, psrc) || moved_home(dc, pdst))) {
            dc_ip_str(moved_home(dc, psrc) ? psrc : pdst, a, sizeof a);
            return WHY("home address %s seen between %s and %s", a, dc->n[prev].name, n->name);
        }
        if (n->tier == DC_HOST) {
            if (dc_addr(dc, cur) != pdst) {
                dc_ip_str(pdst, a, sizeof a);
                return WHY("reached %s, which does not own %s", n->name, a);
            }
            if (psrc != dc_addr(dc, src)) {
                dc_ip_str(psrc, a, sizeof a);
                dc_ip_str(dc_addr(dc, src), b, sizeof b);
                return WHY("%s sees source %s instead of %s", n->name, a, b);
            }
            return true;
        }
        for (int i = 0; i < n->n_nat; i++)
            if (n->nat[i].kind == DC_ITEM_DNAT && enabled(dc, n->nat[i].item) && n->nat[i].match == pdst &&
                (n->nat[i].ifx < 0 || n->nat[i].ifx == in_if)) {
                pdst = n->nat[i].to;
                break;
            }
        const dc_route_t *r = lookup(dc, cur, pdst);
        if (!r) {
            dc_ip_str(pdst, a, sizeof a);
            return WHY("%s: no route to %s", n->name, a);
        }
        for (int i = 0; i < n->n_nat; i++)
            if (n->nat[i].kind == DC_ITEM_SNAT && enabled(dc, n->nat[i].item) && n->nat[i].match == psrc &&
                (n->nat[i].ifx < 0 || n->nat[i].ifx == r->ifx)) {
                psrc = n->nat[i].to;
                break;
            }
        int next_if, next = arp(dc, n->ifs[r->ifx].seg, r->via ? r->via : pdst, cur, &next_if);
        if (next < 0) {
            dc_ip_str(r->via ? r->via : pdst, a, sizeof a);
            return WHY("%s: no ARP answer for %s", n->name, a);
        }
        prev = cur;
        cur = next;
        in_if = next_if;
    }
    return WHY("TTL exceeded (forwarding loop)");
}
