/* base/: units, the YAML adapter's errors, arenas, atomic output. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "vs_check.h"
#include "vs_arena.h"
#include "vs_error.h"
#include "vs_log.h"
#include "vs_out.h"
#include "vs_units.h"
#include "vs_yaml.h"

START_TEST(durations)
{
    int64_t ns;
    ck_assert_int_eq(vs_parse_duration("10ms", VS_NS_PER_S, &ns), VS_OK);
    ck_assert_int_eq(ns, 10000000);
    ck_assert_int_eq(vs_parse_duration("1.5", VS_NS_PER_S, &ns), VS_OK);
    ck_assert_int_eq(ns, 1500000000);
    ck_assert_int_eq(vs_parse_duration("2 min", VS_NS_PER_S, &ns), VS_OK);
    ck_assert_int_eq(ns, INT64_C(120000000000));
    ck_assert_int_eq(vs_parse_duration("7us", VS_NS_PER_S, &ns), VS_OK);
    ck_assert_int_eq(ns, 7000);
    ck_assert_int_eq(vs_parse_duration("1h", VS_NS_PER_S, &ns), VS_OK);
    ck_assert_int_eq(ns, INT64_C(3600000000000));
    ck_assert_int_eq(vs_parse_duration("10 parsecs", VS_NS_PER_S, &ns), VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "parsecs"));
    ck_assert_int_eq(vs_parse_duration("-1s", VS_NS_PER_S, &ns), VS_ERANGE);
    ck_assert_int_eq(vs_parse_duration("5", 0, &ns), VS_EUNIT);
    ck_assert_int_eq(vs_parse_duration("", VS_NS_PER_S, &ns), VS_EUNIT);
}
END_TEST

START_TEST(rates_sizes)
{
    double bps, pps;
    int64_t bytes;
    ck_assert_int_eq(vs_parse_rate_bps("1Gbps", &bps), VS_OK);
    ck_assert_double_eq(bps, 1e9);
    ck_assert_int_eq(vs_parse_rate_bps("300 Mbps", &bps), VS_OK);
    ck_assert_double_eq(bps, 3e8);
    ck_assert_int_eq(vs_parse_rate_bps("1GB", &bps), VS_EUNIT); /* a size is not a rate */
    ck_assert_int_eq(vs_parse_size_bytes("512MB", &bytes), VS_OK);
    ck_assert_int_eq(bytes, 512000000);
    ck_assert_int_eq(vs_parse_size_bytes("1MiB", &bytes), VS_OK);
    ck_assert_int_eq(bytes, 1048576);
    ck_assert_int_eq(vs_parse_size_bytes("76.0 MB", &bytes), VS_OK);
    ck_assert_int_eq(bytes, 76000000);
    ck_assert_int_eq(vs_parse_pps("91kpps", &pps), VS_OK);
    ck_assert_double_eq(pps, 91000);
    ck_assert_int_eq(vs_parse_pps("91k", &pps), VS_EUNIT);
}
END_TEST

static vs_ydoc_t *load(const char *text)
{
    vs_ydoc_t *doc = NULL;
    ck_assert_int_eq(vs_ydoc_load_string("t.yaml", text, strlen(text), &doc), VS_OK);
    return doc;
}

/* A value whose number or product with its unit overflows, or is not finite, is refused
 * naming the text and the range; before, 1e300Tbps came back as infinity. */
START_TEST(units_out_of_range)
{
    double d;
    int64_t i;
    ck_assert_int_eq(vs_parse_rate_bps("1e300Tbps", &d), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "'1e300Tbps' is out of range (expected 0 to 1000 Tbps)");
    ck_assert_int_eq(vs_parse_rate_bps("1e400bps", &d), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "'1e400bps' is out of range (expected 0 to 1000 Tbps)");
    ck_assert_int_eq(vs_parse_rate_bps("1000Tbps", &d), VS_OK);
    ck_assert_int_eq(vs_parse_rate_bps("inf Gbps", &d), VS_EUNIT);
    ck_assert_int_eq(vs_parse_rate_bps("nan Gbps", &d), VS_EUNIT);
    ck_assert_int_eq(vs_parse_pps("1e300Mpps", &d), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'1e300Mpps' is out of range"));
    ck_assert_int_eq(vs_parse_duration("1e300h", VS_NS_PER_S, &i), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'1e300h' is out of range (expected 0 to"));
    ck_assert_int_eq(vs_parse_size_bytes("1e400TB", &i), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'1e400TB' is out of range (expected 0 to"));
    ck_assert_int_eq(vs_parse_double("1e400", &d), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'1e400' is out of range"));
    /* and at the node, in a scenario */
    vs_ydoc_t *doc = load("bandwidth: 1e300Tbps\n");
    ck_assert_int_eq(vs_yget_rate(doc, vs_ydoc_root(doc), "bandwidth", true, 0, &d), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(),
                     "t.yaml:1:12: bandwidth: '1e300Tbps' is out of range (expected 0 to 1000 Tbps)");
    vs_ydoc_free(doc);
}
END_TEST

START_TEST(yaml_unknown_key_suggests)
{
    vs_ydoc_t *doc = load("ospf:\n  helo: 10s\n");
    static const char *const keys[] = {"hello", "dead", NULL};
    const vs_ynode_t *ospf = vs_ynode_get(vs_ydoc_root(doc), "ospf");
    ck_assert_int_eq(vs_ycheck_keys(doc, ospf, keys), VS_EUNKNOWN_KEY);
    ck_assert_str_eq(vs_errmsg(), "t.yaml:2:3: unknown key 'helo' (did you mean 'hello'?)");
    ck_assert_int_eq(vs_exit_status(VS_EUNKNOWN_KEY), 2);
    vs_ydoc_free(doc);
}
END_TEST

START_TEST(yaml_typed_errors)
{
    vs_ydoc_t *doc = load("a: 10 bananas\nb: [1, 2]\nc: 5\nd: yes\nrate: 2Gbps\n");
    const vs_ynode_t *r = vs_ydoc_root(doc);
    int64_t ns = 0, i = 0;
    bool flag = false;
    double bps = 0;
    ck_assert_int_eq(vs_yget_duration(doc, r, "a", true, 0, INT64_MAX, &ns), VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:1:4:"));
    ck_assert_int_eq(vs_yget_duration(doc, r, "b", true, 0, INT64_MAX, &ns), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:2:4:"));
    ck_assert_int_eq(vs_yget_int(doc, r, "c", true, 10, 20, &i), VS_ERANGE);
    ck_assert_int_eq(vs_yget_int(doc, r, "missing", false, 10, 20, &i), VS_OK);
    ck_assert_int_eq(vs_yget_int(doc, r, "missing", true, 10, 20, &i), VS_EINVAL);
    ck_assert_int_eq(vs_yget_bool(doc, r, "d", true, &flag), VS_OK);
    ck_assert(flag);
    ck_assert_int_eq(vs_yget_rate(doc, r, "rate", true, 0, &bps), VS_OK);
    ck_assert_double_eq(bps, 2e9);
    vs_ydoc_free(doc);
}
END_TEST

START_TEST(yaml_syntax_and_duplicates)
{
    vs_ydoc_t *doc = NULL;
    const char *bad = "a: [1, 2\nb: 3\n";
    ck_assert_int_eq(vs_ydoc_load_string("bad.yaml", bad, strlen(bad), &doc), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "bad.yaml:"));
    const char *dup = "a: 1\nb: 2\na: 3\n";
    ck_assert_int_eq(vs_ydoc_load_string("dup.yaml", dup, strlen(dup), &doc), VS_EPARSE);
    ck_assert_str_eq(vs_errmsg(), "dup.yaml:3:1: duplicate key 'a' (first at line 1)");
    ck_assert_int_eq(vs_ydoc_load_string("e.yaml", "", 0, &doc), VS_EPARSE);
    ck_assert_int_eq(vs_ydoc_load_file("/nonexistent/x.yaml", &doc), VS_ENOTFOUND);
    /* a directory is bad input (exit 2), not an environment problem (it was a read error) */
    ck_assert_int_eq(vs_ydoc_load_file("/tmp", &doc), VS_EINVAL);
    ck_assert_str_eq(vs_errmsg(), "/tmp: is a directory (expected a YAML file)");
}
END_TEST

START_TEST(yaml_anchors)
{
    vs_ydoc_t *doc = load("base: &b {x: 1}\nother: *b\n");
    const vs_ynode_t *o = vs_ynode_get(vs_ydoc_root(doc), "other");
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(vs_ynode_get(o, "x")->scalar, "1");
    vs_ydoc_free(doc);
}
END_TEST

/* A file nested past VS_YAML_MAX_DEPTH is refused where the first level too many opens,
 * quickly: neither our reader's recursion nor libyaml's scanner (whose cost per token grows
 * with the depth) sees the rest of it. */
START_TEST(yaml_nesting_limit)
{
    enum { N = 100000 };
    char *text = malloc(N + 16);
    ck_assert_ptr_nonnull(text);
    strcpy(text, "name: ");
    memset(text + 6, '[', N);
    text[6 + N] = '\0';
    vs_ydoc_t *doc = NULL;
    ck_assert_int_eq(vs_ydoc_load_string("deep.yaml", text, strlen(text), &doc), VS_EPARSE);
    ck_assert_ptr_null(doc);
    char want[128];
    /* the root mapping is level 1, so '[' number VS_YAML_MAX_DEPTH (column 6 + it) is one too many */
    snprintf(want, sizeof want, "deep.yaml:1:%d: nested more than %d levels deep", 6 + VS_YAML_MAX_DEPTH,
             VS_YAML_MAX_DEPTH);
    ck_assert_msg(strstr(vs_errmsg(), want), "got: %s", vs_errmsg());
    free(text);
    /* as deep as allowed still loads */
    char ok[256] = "a: ";
    for (int i = 1; i < VS_YAML_MAX_DEPTH; i++)
        strcat(ok, "[");
    for (int i = 1; i < VS_YAML_MAX_DEPTH; i++)
        strcat(ok, "]");
    ck_assert_int_eq(vs_ydoc_load_string("ok.yaml", ok, strlen(ok), &doc), VS_OK);
    vs_ydoc_free(doc);
}
END_TEST

START_TEST(arena_owns)
{
    vs_arena_t *a = vs_arena_create(64);
    char *s = vs_arena_strdup(a, "hello");
    void *big = vs_arena_alloc(a, 100000);
    ck_assert_str_eq(s, "hello");
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_ge(vs_arena_used(a), 100000);
    vs_arena_destroy(a);
}
END_TEST

START_TEST(out_is_atomic)
{
    char dir[] = "/tmp/vs_test_outXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/r.json", dir);
    vs_outfile_t *f;
    ck_assert_int_eq(vs_out_open(path, &f), VS_OK);
    fputs("partial", vs_out_stream(f));
    ck_assert_int_ne(access(path, F_OK), 0); /* nothing visible before commit */
    vs_out_abort(f);
    ck_assert_int_ne(access(path, F_OK), 0);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "x", 1);
    ck_assert_int_eq(vs_json_write(root, path), VS_OK);
    cJSON_Delete(root);
    ck_assert_int_eq(access(path, F_OK), 0);
    unlink(path);
    rmdir(dir);
    ck_assert_int_eq(vs_out_open("/nonexistent-dir/x.json", &f), VS_EIO);
}
END_TEST

static void write_text(const char *path, const char *text)
{
    vs_outfile_t *f;
    ck_assert_int_eq(vs_out_open(path, &f), VS_OK);
    fputs(text, vs_out_stream(f));
    ck_assert_int_eq(vs_out_commit(f), VS_OK);
}

static void expect_text(const char *path, const char *text)
{
    char buf[64] = "";
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_str_eq(buf, text);
}

static mode_t kind_of(const char *path)
{
    struct stat st;
    ck_assert_int_eq(lstat(path, &st), 0);
    return st.st_mode & S_IFMT;
}

/* Only regular files are replaced by temp-and-rename; a symlink is followed and its target
 * replaced; a FIFO or a device is written through, never replaced by a regular file. */
/* Output destinations checked before the work: nothing is written by the check. */
START_TEST(out_checked_early)
{
    char dir[] = "/tmp/vs_test_chkXXXXXX", p[3][320];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(p[0], sizeof p[0], "%s/new.json", dir);
    snprintf(p[1], sizeof p[1], "%s/missing/new.json", dir);
    snprintf(p[2], sizeof p[2], "%s/fifo", dir);
    ck_assert_int_eq(vs_out_check("-"), VS_OK);
    ck_assert_int_eq(vs_out_check(p[0]), VS_OK);
    ck_assert_int_eq(access(p[0], F_OK), -1); /* not created */
    ck_assert_int_eq(vs_out_check(p[1]), VS_EINVAL);
    ck_assert_msg(strstr(vs_errmsg(), "does not exist"), "%s", vs_errmsg());
    ck_assert_int_eq(vs_out_check(dir), VS_EINVAL); /* a directory is not a file */
    ck_assert_int_eq(mkfifo(p[2], 0600), 0);
    ck_assert_int_eq(vs_out_check(p[2]), VS_OK); /* written through later; not opened now */
    ck_assert_int_eq(vs_out_check_dir(dir), VS_OK);
    ck_assert_int_eq(vs_out_check_dir(p[1]), VS_EINVAL);
    ck_assert_int_eq(vs_out_check_dir(p[2]), VS_EINVAL);
    unlink(p[2]);
    rmdir(dir);
}
END_TEST

START_TEST(out_keeps_what_the_path_names)
{
    char dir[] = "/tmp/vs_test_outXXXXXX", p[5][320];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *names[] = {"sub", "sub/real.json", "link", "dangling", "fifo"};
    for (int i = 0; i < 5; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
    ck_assert_int_eq(mkdir(p[0], 0755), 0);
    write_text(p[1], "old");
    ck_assert_int_eq(symlink("sub/real.json", p[2]), 0);
    write_text(p[2], "new");
    ck_assert_uint_eq(kind_of(p[2]), S_IFLNK);
    ck_assert_uint_eq(kind_of(p[1]), S_IFREG);
    expect_text(p[1], "new");
    ck_assert_int_eq(symlink("sub/made.json", p[3]), 0);
    write_text(p[3], "made");
    ck_assert_uint_eq(kind_of(p[3]), S_IFLNK);
    expect_text(p[3], "made");

    ck_assert_int_eq(mkfifo(p[4], 0600), 0);
    int rd = open(p[4], O_RDONLY | O_NONBLOCK); /* a reader, so opening to write does not block */
    ck_assert_int_ge(rd, 0);
    write_text(p[4], "piped");
    ck_assert_uint_eq(kind_of(p[4]), S_IFIFO);
    char buf[16] = "";
    ck_assert_int_eq(read(rd, buf, sizeof buf - 1), 5);
    ck_assert_str_eq(buf, "piped");
    close(rd);

    vs_outfile_t *f;
    ck_assert_int_eq(vs_out_open(p[0], &f), VS_EINVAL); /* a directory: bad input, exit 2 */
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "sub: is a directory"));

    char dev[320];
    snprintf(dev, sizeof dev, "%s/null", dir);
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0) { /* needs root; the FIFO covers the rest */
        write_text(dev, "gone");
        ck_assert_uint_eq(kind_of(dev), S_IFCHR);
    }
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test $(find '%s' | wc -l) -eq %d", dir, access(dev, F_OK) ? 7 : 8);
    ck_assert_msg(system(cmd) == 0, "a temporary file was left behind in %s", dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Bytes from a file or the command line reach messages; a terminal must not act on them.
 * Control bytes and bytes that are not UTF-8 are written as \xNN; text stays as it is. */
START_TEST(messages_escape_raw_bytes)
{
    vs_fail(VS_EINVAL, "key '%s'", "\x1b[31mhelo\xfe\xc3\xa9\t\r\x7f\xc2\x9b");
    ck_assert_str_eq(vs_errmsg(), "key '\\x1b[31mhelo\\xfe\xc3\xa9\t\\x0d\\x7f\\xc2\\x9b'");
    vs_fail(VS_EINVAL, "line one\nM\xc3\xbcnchen \xe2\x82\xac \xf0\x9f\x99\x82 \xe2\x82");
    ck_assert_str_eq(vs_errmsg(),
                     "line one\nM\xc3\xbcnchen \xe2\x82\xac \xf0\x9f\x99\x82 \\xe2\\x82");
    vs_ydoc_t *doc = load("\"\\e]0;x\\a\": 1\n");
    ck_assert_int_eq(vs_ycheck_keys(doc, vs_ydoc_root(doc), (const char *const[]){"name", NULL}),
                     VS_EUNKNOWN_KEY);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "unknown key '\\x1b]0;x\\x07'"));
    vs_ydoc_free(doc);
}
END_TEST

START_TEST(error_table)
{
    ck_assert_str_eq(vs_errname(VS_EINVAL), "INVAL");
    ck_assert_int_eq(vs_exit_status(VS_OK), 0);
    ck_assert_int_eq(vs_exit_status(VS_EPERM), 3);
    ck_assert_int_eq(vs_exit_status(VS_ECHECK), 1);
    ck_assert_str_eq(vs_nearest("retransmt", (const char *const[]){"retransmit", "hello", NULL}),
                     "retransmit");
    ck_assert_ptr_null(vs_nearest("zzzzzz", (const char *const[]){"hello", NULL}));
}
END_TEST

/* Log levels: a default and per-module levels; an unknown level is refused and leaves the
 * levels in force as they were; -v/-q move every level. */
START_TEST(log_levels)
{
    ck_assert_int_eq(vs_log_configure("info,ospf=debug,sim=error", "test"), VS_OK);
    ck_assert(vs_log_enabled(VS_LOG_INFO, "mig") && !vs_log_enabled(VS_LOG_DEBUG, "mig"));
    ck_assert(vs_log_enabled(VS_LOG_DEBUG, "ospf") && !vs_log_enabled(VS_LOG_TRACE, "ospf"));
    ck_assert(!vs_log_enabled(VS_LOG_WARN, "sim"));
    ck_assert_int_eq(vs_log_max, VS_LOG_DEBUG);
    ck_assert_int_eq(vs_log_configure("bogus", "VROOMSIM_LOG"), VS_EUSAGE);
    ck_assert_msg(strstr(vs_errmsg(), "VROOMSIM_LOG: unknown log level 'bogus'"), "%s", vs_errmsg());
    ck_assert_int_eq(vs_log_configure("warn,info", "x"), VS_EUSAGE);
    ck_assert_int_eq(vs_log_configure("warn,ospf=loud", "x"), VS_EUSAGE);
    ck_assert(vs_log_enabled(VS_LOG_DEBUG, "ospf")); /* unchanged by the refusals */
    vs_log_adjust(+2);
    ck_assert(vs_log_enabled(VS_LOG_TRACE, "mig") && vs_log_enabled(VS_LOG_TRACE, "ospf"));
    ck_assert_int_eq(vs_log_max, VS_LOG_TRACE);
    vs_log_adjust(-9);
    ck_assert(vs_log_enabled(VS_LOG_ERROR, "mig") && !vs_log_enabled(VS_LOG_WARN, "mig"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("base");
    tcase_add_test(tc, durations);
    tcase_add_test(tc, log_levels);
    tcase_add_test(tc, out_checked_early);
    tcase_add_test(tc, rates_sizes);
    tcase_add_test(tc, units_out_of_range);
    tcase_add_test(tc, yaml_unknown_key_suggests);
    tcase_add_test(tc, yaml_typed_errors);
    tcase_add_test(tc, yaml_syntax_and_duplicates);
    tcase_add_test(tc, yaml_anchors);
    tcase_add_test(tc, yaml_nesting_limit);
    tcase_add_test(tc, arena_owns);
    tcase_add_test(tc, out_is_atomic);
    tcase_add_test(tc, out_keeps_what_the_path_names);
    tcase_add_test(tc, error_table);
    tcase_add_test(tc, messages_escape_raw_bytes);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
