/* Fuzz regressions: every input under tests/fuzz-regress/READER/ (each a crash, hang, leak or
 * sanitizer report a fuzzer found, fixed since) and the committed seed corpus fuzz/corpus/READER/
 * goes through the same harness as under libFuzzer (fuzz/fuzz.h), one test per reader. In the
 * ASan+UBSan build a regression fails its test again; in the plain build a crash does. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vs_check.h"

static size_t count_targets(void)
{
    size_t n = 0;
    while (fuzz_targets[n].name)
        n++;
    return n;
}

static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    uint8_t *b = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Runs every regular file of dir (if it exists) through fn; returns how many. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        uint8_t *data = slurp(path, &len);
        fprintf(stderr, "fuzz_regress: %s\n", path); /* names the input if the next line dies */
        fn(data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(replay)
{
    const fuzz_target_t *t = &fuzz_targets[_i];
    char dir[4096];
    fuzz_init();
    snprintf(dir, sizeof dir, "%s/tests/fuzz-regress/%s", VS_SOURCE_DIR, t->name);
    int n = replay_dir(dir, t->fn);
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", VS_SOURCE_DIR, t->name);
    int seeds = replay_dir(dir, t->fn);
    ck_assert_msg(seeds > 0, "fuzz/corpus/%s holds no seed", t->name);
    (void)n;
}
END_TEST

int main(void)
{
    /* Rejected inputs would log at warn; the suite's output is for failures. */
    setenv("VROOMSIM_LOG", "error", 0);
    Suite *s = suite_create("fuzz_regress");
    TCase *tc = tcase_create("replay");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, replay, 0, (int)count_targets());
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
