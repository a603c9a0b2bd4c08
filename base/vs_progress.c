#include "vs_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vs_log.h"
#include "vs_units.h"

#define DEFAULT_DELAY_S 2.0
#define TTY_EVERY_S 0.5
#define LOG_EVERY_S 30.0
#define CLOCK_EVERY 256

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void vs_progress_start(vs_progress_t *p, const char *what, uint64_t total)
{
    const char *env = getenv("VROOMSIM_PROGRESS");
    char *end = NULL;
    double delay = env && *env ? strtod(env, &end) : -1;
    bool asked = env && *env && !*end && delay >= 0;
    *p = (vs_progress_t){.what = what, .total = total, .start = now_s(),
                         .tty = isatty(STDERR_FILENO) == 1,
                         .off = !vs_log_enabled(VS_LOG_WARN, "progress")};
    p->next = p->start + (asked ? delay : p->tty ? DEFAULT_DELAY_S : LOG_EVERY_S);
}

static void amount(const vs_progress_t *p, uint64_t v, char *buf, size_t len)
{
    if (p->unit)
        snprintf(buf, len, "%llu %s", (unsigned long long)v, p->unit);
    else
        vs_fmt_size((int64_t)v, buf, len);
}

static void show(vs_progress_t *p, double t, bool last)
{
    char done[48], rate[48], tot[64] = "", pct[16] = "";
    double el = t - p->start > 1e-9 ? t - p->start : 1e-9;
    amount(p, p->done, done, sizeof done);
    amount(p, (uint64_t)((double)p->done / el), rate, sizeof rate);
    if (p->total) {
        snprintf(tot, sizeof tot, " of ");
        amount(p, p->total, tot + 4, sizeof tot - 4);
        snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * (double)p->done / (double)p->total);
    }
    fprintf(stderr, "%s%s: %s%s%s, %s/s, %.0f s%s", p->tty ? "\r\033[K" : "", p->what, done, tot,
            pct, rate, el, p->tty && !last ? "" : "\n");
    p->shown = true;
}

void vs_progress_update(vs_progress_t *p, uint64_t done)
{
    p->done = done;
    if (p->off || p->countdown--)
        return;
    p->countdown = CLOCK_EVERY;
    double t = now_s();
    if (t < p->next)
        return;
    show(p, t, false);
    p->next = t + (p->tty ? TTY_EVERY_S : LOG_EVERY_S);
}

void vs_progress_end(vs_progress_t *p)
{
    if (p->shown && !p->off)
        show(p, now_s(), true);
    p->shown = false;
}

uint64_t vs_progress_file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}
