/* vs_check — what every Check suite of the project shares: run a suite (fork mode, as Check
 * defaults to) and return how many tests failed. */
#ifndef VS_CHECK_H
#define VS_CHECK_H

#include <check.h>

static inline int vs_check_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed;
}

#endif
