/* vs_tmp — a scratch directory for suites that write input files: make_tmp() creates it,
 * write_file() puts a file in it, rm_tmp() removes it with everything inside. */
#ifndef VS_TMP_H
#define VS_TMP_H

#include <stdio.h>
#include <stdlib.h>

#include <check.h>

static char tmpdir[256];

static inline void make_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vs_test.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static inline void rm_tmp(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* Writes text to tmpdir/name; returns the path (one of eight static buffers, reused in turn). */
static inline const char *write_file(const char *name, const char *text)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return p;
}

#endif
