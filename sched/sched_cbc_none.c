/* Built when CMake found no CBC (cmake/Dependencies.cmake): --solver cbc says how to get it. */
#include "sched_cbc.h"

#include <stdlib.h>

bool sched_cbc_available(void)
{
    return false;
}

vs_err_t sched_cbc_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                         sched_lp_solution_t *out)
{
    (void)lp;
    (void)o;
    out->x = NULL;
    return vs_fail(VS_EDEPEND, "--solver cbc: this vroomsim was built without COIN-OR CBC; "
                               "install it (apt-get install coinor-libcbc-dev, or run "
                               "scripts/setup.sh) and rebuild");
}
