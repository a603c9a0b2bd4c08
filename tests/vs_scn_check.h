/* vs_scn_check — what suites that vary a scenario share: a variant by PATH=VALUE (scn_set.h),
 * the test failing with the loader's message when the setting is refused. */
#ifndef VS_SCN_CHECK_H
#define VS_SCN_CHECK_H

#include <check.h>

#include "scenario.h"
#include "scn_set.h"

/* scn with one more setting; scn is freed (so a test can write scn = scn_with(scn, ...)). */
static inline const scn_t *scn_with(const scn_t *scn, const char *set)
{
    const scn_t *v = NULL;
    vs_err_t err = scn_derive(scn, &set, 1, &v);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    scn_free(scn);
    return v;
}

#endif
