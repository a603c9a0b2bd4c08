#include "cli_scn.h"

#include "scenario.h"
#include "scn_set.h"

vs_err_t cli_sets_add(cli_sets_t *sets, const char *arg)
{
    if (sets->n == CLI_MAX_SETS)
        return vs_fail(VS_EUSAGE, "--set: at most %d settings", CLI_MAX_SETS);
    sets->items[sets->n++] = arg;
    return VS_OK;
}

vs_err_t cli_scn_load(const char *path, const cli_sets_t *sets, const scn_t **out)
{
    const scn_t *file;
    vs_err_t err = scn_load(path, &file);
    if (err || !sets || sets->n == 0) {
        *out = file;
        return err;
    }
    err = scn_derive(file, sets->items, sets->n, out);
    scn_free(file);
    return err;
}
