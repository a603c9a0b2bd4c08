#include "scn.h"

#include <stdio.h>
#include <string.h>

size_t scn_prouter_index(const scn_t *scn, const char *name)
{
    for (size_t i = 0; i < scn->n_prouters; i++)
        if (strcmp(scn->prouters[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

size_t scn_vrouter_index(const scn_t *scn, const char *name)
{
    for (size_t i = 0; i < scn->n_vrouters; i++)
        if (strcmp(scn->vrouters[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

const char *scn_where(const scn_t *scn, scn_pos_t pos, char *buf, size_t len)
{
    if (pos.line > 0)
        snprintf(buf, len, "%s:%d:%d", scn->path, pos.line, pos.col);
    else
        snprintf(buf, len, "%s", scn->path);
    return buf;
}

const char *scn_rehome_name(scn_rehome_t r)
{
    static const char *const names[] = {"optical", "pseudowire", "mpls", "gre"};
    return r < SCN_REHOME_COUNT ? names[r] : "unknown";
}

const char *scn_memcopy_name(scn_memcopy_t m)
{
    static const char *const names[] = {"stall-and-copy", "pre-copy", "post-copy"};
    return names[m];
}

const char *const *scn_mechanism_names(void)
{
    static const char *const names[] = {
        "vroom", "stall-and-copy", "vm-standard", "vm-separated", "cold-restart", "cost-out",
        "openflow", "nat-switching", "kvm-full", NULL,
    };
    return names;
}

bool scn_has_failures(const scn_t *scn)
{
    if (scn->n_events > 0)
        return true;
    for (size_t p = 0; p < scn->n_prouters; p++)
        if (scn->prouters[p].mtbf > 0)
            return true;
    for (size_t k = 0; k < scn->n_links; k++)
        if (scn->links[k].mtbf > 0)
            return true;
    return false;
}
