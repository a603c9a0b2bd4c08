#include "study_db.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "vs_out.h"

/* The meta table's mark of a vroomsim sweep database, and its layout's version. */
#define DB_FORMAT "vroomsim-sweep"
#define DB_FORMAT_VERSION "2"

struct study_db {
    sqlite3 *db;
    char *path;
    char *insert; /* the INSERT statement's text for this sweep's columns */
};

static vs_err_t db_fail(study_db_t *db, const char *what)
{
    return vs_fail(VS_EIO, "%s: %s: %s", db->path, what, db->db ? sqlite3_errmsg(db->db) : "?");
}

static vs_err_t exec(study_db_t *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return VS_OK;
    vs_err_t err = vs_fail(VS_EIO, "%s: %s", db->path, msg ? msg : "SQLite error");
    sqlite3_free(msg);
    return err;
}

/* Appends ,"name" (quotes doubled) and the type to the growing SQL text. */
static void add_col(sqlite3_str *s, const char *name, const char *suffix, const char *type)
{
    sqlite3_str_appendf(s, ", \"");
    for (const char *p = name; *p; p++)
        sqlite3_str_appendf(s, *p == '"' ? "\"\"" : "%c", *p);
    sqlite3_str_appendf(s, "%s\" %s", suffix, type);
}

/* The points table: each axis as written (TEXT) and as a number (REAL, NULL unless the value
 * is a plain number), then the status, the metrics and the rest. */
static vs_err_t create(study_db_t *db, const study_sweep_t *sw)
{
    sqlite3_str *s = sqlite3_str_new(db->db);
    sqlite3_str_appendf(s, "CREATE TABLE points (idx INTEGER PRIMARY KEY, seed INTEGER NOT NULL");
    for (size_t a = 0; a < sw->n_axes; a++) {
        add_col(s, sw->axes[a].path, "", "TEXT");
        add_col(s, sw->axes[a].path, ":num", "REAL");
    }
    sqlite3_str_appendf(s, ", status TEXT NOT NULL, exit_status INTEGER, signal INTEGER, "
                           "message TEXT");
    for (size_t m = 0; m < sw->n_metrics; m++)
        add_col(s, sw->metrics[m].name, "", "REAL");
    sqlite3_str_appendf(s, ", result TEXT, timing TEXT, worker INTEGER, rank INTEGER, "
                           "host TEXT, version TEXT, timing_s REAL);");
    char *sql = sqlite3_str_finish(s);
    char hash[32], n[32];
    snprintf(hash, sizeof hash, "%016" PRIx64, sw->hash);
    snprintf(n, sizeof n, "%zu", sw->n_points);
    vs_err_t err;
    if (!sql)
        return vs_fail(VS_ENOMEM, "out of memory");
    VS_TRY(exec(db, "BEGIN; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"));
    VS_TRY(exec(db, sql));
    char *meta = sqlite3_mprintf(
        "INSERT INTO meta VALUES ('format', '" DB_FORMAT "'), ('format_version', '"
        DB_FORMAT_VERSION "'), ('sweep_hash', %Q), ('name', %Q), ('base', %Q), "
        "('points', %Q), ('base_kind', %Q); COMMIT;", hash, sw->name,
        sw->base_path ? sw->base_path : "", n, STUDY_BASE_KINDS[sw->kind]);
    err = meta ? exec(db, meta) : vs_fail(VS_ENOMEM, "out of memory");
    sqlite3_free(meta);
out:
    if (err)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_free(sql);
    return err;
}

/* meta[key] into buf; false when the table or the key is absent. */
static bool meta_get(study_db_t *db, const char *key, char *buf, size_t len)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
        found = true;
    }
    sqlite3_finalize(st);
    return found;
}

static vs_err_t check_identity(study_db_t *db, const study_sweep_t *sw)
{
    char fmt[64] = "", ver[16] = "", hash[32] = "", want[32];
    if (!meta_get(db, "format", fmt, sizeof fmt) || strcmp(fmt, DB_FORMAT))
        return vs_fail(VS_EINVAL, "%s: not a vroomsim sweep database (no '" DB_FORMAT "' mark "
                       "in a meta table); give another --db", db->path);
    if (!meta_get(db, "format_version", ver, sizeof ver) || strcmp(ver, DB_FORMAT_VERSION))
        return vs_fail(VS_EINVAL, "%s: a sweep database of format %s; this vroomsim writes "
                       "format " DB_FORMAT_VERSION, db->path, ver);
    snprintf(want, sizeof want, "%016" PRIx64, sw->hash);
    if (!meta_get(db, "sweep_hash", hash, sizeof hash) || strcmp(hash, want))
        return vs_fail(VS_EINVAL, "%s: made by a different sweep (%s's base scenario, axes, "
                       "seeds or metrics have changed since); run with --new to start a fresh "
                       "database (the old one moves to %s.old)", db->path, sw->file, db->path);
    return VS_OK;
}

static vs_err_t move_aside(const char *path)
{
    static const char *const tails[] = {"-wal", "-shm", ""};
    for (size_t i = 0; i < 3; i++) {
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s%s", path, tails[i]);
        snprintf(to, sizeof to, "%s.old%s", path, tails[i]);
        if (rename(from, to) && errno != ENOENT)
            return vs_fail(VS_EIO, "%s: cannot move aside to %s: %s", from, to, strerror(errno));
    }
    return VS_OK;
}

/* The INSERT statement for sw's columns, in create()'s order. */
static char *insert_sql(const study_sweep_t *sw)
{
    size_t cols = 2 + 2 * sw->n_axes + 4 + sw->n_metrics + 7;
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendf(s, "INSERT OR REPLACE INTO points VALUES (?");
    for (size_t c = 1; c < cols; c++)
        sqlite3_str_appendf(s, ", ?");
    sqlite3_str_appendf(s, ")");
    return sqlite3_str_finish(s);
}

/* *has: whether the database has any table. An empty file (what the sqlite3 shell leaves
 * when it only looked) counts as a new database. */
static vs_err_t count_tables(study_db_t *db, bool *has)
{
    sqlite3_stmt *q = NULL;
    vs_err_t err = VS_OK;
    if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW)
        err = vs_fail(VS_EINVAL, "%s: not a vroomsim sweep database (%s)", db->path,
                      sqlite3_errmsg(db->db));
    else
        *has = sqlite3_column_int64(q, 0) > 0;
    sqlite3_finalize(q);
    return err;
}

static vs_err_t db_open(const char *path, const study_sweep_t *sw, bool write, bool fresh,
                        study_db_t **out)
{
    study_db_t *db = calloc(1, sizeof *db);
    vs_err_t err = VS_OK;
    *out = NULL;
    if (!db || !(db->path = strdup(path)))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    if (fresh && access(path, F_OK) == 0)
        VS_TRY(move_aside(path));
    bool exists = access(path, F_OK) == 0;
    if (!exists && !write)
        VS_TRY(vs_fail(VS_ENOTFOUND, "%s: no such database (the sweep has not run yet)", path));
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK)
        VS_TRY(vs_fail(VS_EIO, "%s: cannot open: %s", path, sqlite3_errmsg(db->db)));
    if (write && sqlite3_db_readonly(db->db, "main") == 1)
        VS_TRY(vs_fail(VS_EPERM, "%s: read-only: the sweep cannot write its rows there", path));
    sqlite3_busy_timeout(db->db, 5000);
    if (exists && (err = count_tables(db, &exists)))
        goto out;
    if (!exists && !write)
        VS_TRY(vs_fail(VS_ENOTFOUND, "%s: an empty database (the sweep has not run yet)", path));
    if (write)
        VS_TRY(exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
    VS_TRY(exists ? check_identity(db, sw) : create(db, sw));
    if (!(db->insert = insert_sql(sw)))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    *out = db;
    db = NULL;
out:
    study_db_close(db);
    return err;
}

vs_err_t study_db_open(const char *path, const study_sweep_t *sw, bool fresh, study_db_t **out)
{
    return db_open(path, sw, true, fresh, out);
}

vs_err_t study_db_open_existing(const char *path, const study_sweep_t *sw, study_db_t **out)
{
    return db_open(path, sw, false, false, out);
}

void study_db_close(study_db_t *db)
{
    if (!db)
        return;
    sqlite3_close(db->db);
    sqlite3_free(db->insert);
    free(db->path);
    free(db);
}

static study_status_t status_of(const char *s)
{
    return !s ? STUDY_LEFT : !strcmp(s, "ok") ? STUDY_OK : !strcmp(s, "crashed") ? STUDY_CRASHED
                                                                                  : STUDY_FAILED;
}

vs_err_t study_db_statuses(study_db_t *db, size_t n_points, study_status_t *st)
{
    sqlite3_stmt *q = NULL;
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < n_points; i++)
        st[i] = STUDY_LEFT;
    if (sqlite3_prepare_v2(db->db, "SELECT idx, status FROM points", -1, &q, NULL) != SQLITE_OK)
        return db_fail(db, "cannot read the points");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 idx = sqlite3_column_int64(q, 0);
        const char *s = (const char *)sqlite3_column_text(q, 1);
        if (idx < 0 || (size_t)idx >= n_points || !s)
            continue;
        st[idx] = status_of(s);
    }
    if (rc != SQLITE_DONE)
        err = db_fail(db, "cannot read the points");
    sqlite3_finalize(q);
    return err;
}

/* Binds text, or NULL. */
static int bind_text(sqlite3_stmt *q, int col, const char *s)
{
    return s ? sqlite3_bind_text(q, col, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q, col);
}

static int bind_axis(sqlite3_stmt *q, int col, const char *value)
{
    char *end;
    double d = strtod(value, &end);
    int rc = bind_text(q, col, value);
    if (rc == SQLITE_OK)
        rc = *value && !*end ? sqlite3_bind_double(q, col + 1, d) : sqlite3_bind_null(q, col + 1);
    return rc;
}

vs_err_t study_db_put(study_db_t *db, const study_sweep_t *sw, const study_row_t *r)
{
    static const char *const names[] = {"left", "ok", "failed", "crashed"};
    const char *values[sw->n_axes + 1];
    uint64_t seed;
    sqlite3_stmt *q = NULL;
    int col = 1, rc;
    vs_err_t err = VS_OK;
    study_point(sw, r->idx, values, &seed);
    if (sqlite3_prepare_v2(db->db, db->insert, -1, &q, NULL) != SQLITE_OK)
        return db_fail(db, "cannot write a point");
    rc = sqlite3_bind_int64(q, col++, (sqlite3_int64)r->idx);
    rc |= sqlite3_bind_int64(q, col++, (sqlite3_int64)seed);
    for (size_t a = 0; a < sw->n_axes; a++, col += 2)
        rc |= bind_axis(q, col, values[a]);
    rc |= bind_text(q, col++, names[r->status]);
    rc |= r->status == STUDY_FAILED ? sqlite3_bind_int(q, col, r->exit_status) : sqlite3_bind_null(q, col);
    col++;
    rc |= r->status == STUDY_CRASHED ? sqlite3_bind_int(q, col, r->signal) : sqlite3_bind_null(q, col);
    col++;
    rc |= bind_text(q, col++, r->message);
    for (size_t m = 0; m < sw->n_metrics; m++, col++)
        rc |= r->status != STUDY_OK || r->metric_null[m] ? sqlite3_bind_null(q, col)
                                                          : sqlite3_bind_double(q, col, r->metrics[m]);
    rc |= bind_text(q, col++, r->result);
    rc |= bind_text(q, col++, r->timing);
    rc |= sqlite3_bind_int64(q, col++, r->worker);
    rc |= r->rank >= 0 ? sqlite3_bind_int(q, col, r->rank) : sqlite3_bind_null(q, col);
    col++;
    rc |= bind_text(q, col++, r->host);
    rc |= bind_text(q, col++, r->version);
    rc |= sqlite3_bind_double(q, col++, r->timing_s);
    /* One statement outside BEGIN is its own transaction: the row is whole or absent. */
    if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_DONE)
        err = db_fail(db, "cannot write a point");
    sqlite3_finalize(q);
    return err;
}

vs_err_t study_db_each(study_db_t *db, const study_sweep_t *sw, study_row_fn fn, void *ctx)
{
    sqlite3_str *s = sqlite3_str_new(db->db);
    sqlite3_stmt *q = NULL;
    double metrics[sw->n_metrics + 1];
    bool nulls[sw->n_metrics + 1];
    vs_err_t err = VS_OK;
    int rc;
    sqlite3_str_appendf(s, "SELECT idx, status");
    for (size_t m = 0; m < sw->n_metrics; m++)
        add_col(s, sw->metrics[m].name, "", "");
    sqlite3_str_appendf(s, " FROM points ORDER BY idx");
    char *sql = sqlite3_str_finish(s);
    if (!sql)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (sqlite3_prepare_v2(db->db, sql, -1, &q, NULL) != SQLITE_OK)
        err = db_fail(db, "cannot read the points");
    while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 idx = sqlite3_column_int64(q, 0);
        if (idx < 0 || (size_t)idx >= sw->n_points)
            continue;
        for (size_t m = 0; m < sw->n_metrics; m++) {
            nulls[m] = sqlite3_column_type(q, 2 + (int)m) == SQLITE_NULL;
            metrics[m] = nulls[m] ? 0 : sqlite3_column_double(q, 2 + (int)m);
        }
        err = fn(ctx, (size_t)idx, status_of((const char *)sqlite3_column_text(q, 1)), metrics, nulls);
    }
    if (!err && rc != SQLITE_DONE)
        err = db_fail(db, "cannot read the points");
    sqlite3_finalize(q);
    sqlite3_free(sql);
    return err;
}

vs_err_t study_db_csv(study_db_t *db, FILE *f)
{
    sqlite3_stmt *q = NULL;
    vs_err_t err = VS_OK;
    int rc, n;
    if (sqlite3_prepare_v2(db->db, "SELECT * FROM points ORDER BY idx", -1, &q, NULL) != SQLITE_OK)
        return db_fail(db, "cannot read the points");
    n = sqlite3_column_count(q);
    bool keep[n + 1];
    int last = -1;
    for (int c = 0; c < n; c++) {
        const char *name = sqlite3_column_name(q, c);
        keep[c] = strcmp(name, "result") && strcmp(name, "timing");
        last = keep[c] ? c : last;
    }
    for (int c = 0; c < n; c++)
        if (keep[c])
            vs_csv_str(f, sqlite3_column_name(q, c), c == last ? '\n' : ',');
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        for (int c = 0; c < n; c++) {
            const char *v = (const char *)sqlite3_column_text(q, c);
            if (keep[c])
                vs_csv_str(f, v ? v : "", c == last ? '\n' : ',');
        }
    if (rc != SQLITE_DONE)
        err = db_fail(db, "cannot read the points");
    sqlite3_finalize(q);
    return err;
}
