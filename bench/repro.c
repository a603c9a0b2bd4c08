#include "repro.h"

#include <math.h>

#include "scenario.h"
#include "vs_out.h"
#include "vs_paths.h"

vs_err_t repro_load_example(const char *name, const scn_t **out)
{
    char path[4096];
    vs_err_t err = vs_data_file(VS_DATA_EXAMPLES, name, path, sizeof path);
    return err ? err : scn_load(path, out);
}

bool repro_within(double sim, double paper, double rel)
{
    return fabs(sim - paper) <= rel * fabs(paper);
}

static vs_err_t add_cell(repro_result_t *r, const char *name, cJSON *paper, double simulated,
                         const char *tolerance, bool ok)
{
    cJSON *c = vs_json_obj(r->cells, NULL);
    if (!c || !paper) {
        cJSON_Delete(paper);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    cJSON_AddStringToObject(c, "name", name);
    cJSON_AddItemToObject(c, "paper", paper);
    cJSON_AddNumberToObject(c, "simulated", simulated);
    cJSON_AddStringToObject(c, "tolerance", tolerance);
    cJSON_AddBoolToObject(c, "ok", ok);
    if (!ok)
        r->ok = false;
    return VS_OK;
}

vs_err_t repro_cell(repro_result_t *r, const char *name, double paper, double simulated,
                    const char *tolerance, bool ok)
{
    return add_cell(r, name, cJSON_CreateNumber(paper), simulated, tolerance, ok);
}

vs_err_t repro_cell_text(repro_result_t *r, const char *name, const char *paper, double simulated,
                         const char *tolerance, bool ok)
{
    return add_cell(r, name, cJSON_CreateString(paper), simulated, tolerance, ok);
}
