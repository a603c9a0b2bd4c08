#include "vs_units.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *suffix;
    double factor;
} unit_t;

static const unit_t duration_units[] = {
    {"ns", 1.0}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"min", 60e9}, {"h", 3600e9},
};
static const unit_t rate_units[] = {
    {"bps", 1.0}, {"kbps", 1e3}, {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}, {"Tbps", 1e12},
};
static const unit_t size_units[] = {
    {"B", 1.0},           {"KB", 1e3},           {"kB", 1e3},
    {"MB", 1e6},          {"GB", 1e9},           {"TB", 1e12},
    {"KiB", 1024.0},      {"MiB", 1048576.0},    {"GiB", 1073741824.0},
    {"TiB", 1099511627776.0},
};
static const unit_t pps_units[] = {{"pps", 1.0}, {"kpps", 1e3}, {"Mpps", 1e6}};

#define NUNITS(a) (sizeof(a) / sizeof((a)[0]))

/* What one kind of value is called, its units, and the largest value taken (in the base
 * unit). The limits keep the result finite and, for the int64 kinds, representable; rates
 * stop at 1000 Tbps, far beyond any link, so that a typo's exponent is not a bandwidth. */
typedef struct {
    const char *what, *expected;
    const unit_t *units;
    size_t n;
    double max;
    const char *range;
} kind_t;

static const kind_t duration_kind = {"duration", "ns, us, ms, s, min, h", duration_units,
                                     NUNITS(duration_units), 9.2e18, "0 to 2555555 h"};
static const kind_t rate_kind = {"bit rate", "bps, kbps, Mbps, Gbps, Tbps", rate_units,
                                 NUNITS(rate_units), 1e15, "0 to 1000 Tbps"};
static const kind_t size_kind = {"size",
                                 "B, KB, MB, GB, TB (10^3 steps) or KiB, MiB, GiB, TiB (2^10 steps)",
                                 size_units, NUNITS(size_units), 9.2e18, "0 to 9200000 TB"};
static const kind_t pps_kind = {"packet rate", "pps, kpps, Mpps", pps_units, NUNITS(pps_units),
                                1e12, "0 to 1000000 Mpps"};

typedef enum { NUM_OK, NUM_NONE, NUM_HUGE } num_t;

/* Splits "12.5 ms" into 12.5 and "ms". NUM_NONE when there is no leading finite number
 * ("inf" and "nan" are not numbers here), NUM_HUGE when it overflows a double. An underflow
 * is taken as the tiny value it is. */
static num_t split_number(const char *text, double *value, const char **suffix)
{
    char *end;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return NUM_NONE;
    errno = 0;
    *value = strtod(text, &end);
    if (end == text)
        return NUM_NONE;
    if (errno == ERANGE && fabs(*value) > 1.0)
        return NUM_HUGE;
    if (!isfinite(*value))
        return NUM_NONE;
    while (isspace((unsigned char)*end))
        end++;
    *suffix = end;
    return NUM_OK;
}

static void trim_copy(const char *s, char *buf, size_t len)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

static vs_err_t out_of_range(const char *text, const kind_t *k)
{
    return vs_fail(VS_ERANGE, "'%s' is out of range (expected %s)", text, k->range);
}

/* Leaves the sign to the caller, which names it; refuses only what exceeds k->max. */
static vs_err_t parse_with(const char *text, const kind_t *k, double bare_factor, double *out)
{
    double v;
    const char *suffix;
    char unit[16];
    num_t num = split_number(text, &v, &suffix);
    if (num == NUM_HUGE)
        return out_of_range(text, k);
    if (num == NUM_NONE)
        return vs_fail(VS_EUNIT, "'%s' is not a %s (expected a number with a unit: %s)", text,
                       k->what, k->expected);
    trim_copy(suffix, unit, sizeof unit);
    double factor = bare_factor;
    if (unit[0] == '\0' && bare_factor <= 0)
        return vs_fail(VS_EUNIT, "'%s' has no unit (expected one of %s)", text, k->expected);
    if (unit[0] != '\0') {
        size_t i = 0;
        while (i < k->n && strcmp(unit, k->units[i].suffix) != 0)
            i++;
        if (i == k->n)
            return vs_fail(VS_EUNIT, "'%s': unknown %s unit '%s' (expected one of %s)", text,
                           k->what, unit, k->expected);
        factor = k->units[i].factor;
    }
    *out = v * factor;
    if (!(fabs(*out) <= k->max))
        return out_of_range(text, k);
    return VS_OK;
}

vs_err_t vs_parse_duration(const char *text, int64_t bare_unit_ns, int64_t *out_ns)
{
    double v;
    vs_err_t err = parse_with(text, &duration_kind, (double)bare_unit_ns, &v);
    if (err)
        return err;
    if (v < 0)
        return vs_fail(VS_ERANGE, "'%s': a duration cannot be negative", text);
    *out_ns = (int64_t)llround(v);
    return VS_OK;
}

vs_err_t vs_parse_rate_bps(const char *text, double *out_bps)
{
    vs_err_t err = parse_with(text, &rate_kind, 0, out_bps);
    if (!err && *out_bps < 0)
        return vs_fail(VS_ERANGE, "'%s': a rate cannot be negative", text);
    return err;
}

vs_err_t vs_parse_size_bytes(const char *text, int64_t *out_bytes)
{
    double v;
    vs_err_t err = parse_with(text, &size_kind, 0, &v);
    if (err)
        return err;
    if (v < 0)
        return vs_fail(VS_ERANGE, "'%s': a size cannot be negative", text);
    *out_bytes = (int64_t)llround(v);
    return VS_OK;
}

vs_err_t vs_parse_pps(const char *text, double *out_pps)
{
    vs_err_t err = parse_with(text, &pps_kind, 0, out_pps);
    if (!err && *out_pps < 0)
        return vs_fail(VS_ERANGE, "'%s': a packet rate cannot be negative", text);
    return err;
}

vs_err_t vs_parse_double(const char *text, double *out)
{
    double v;
    const char *suffix;
    num_t num = split_number(text, &v, &suffix);
    if (num == NUM_HUGE)
        return vs_fail(VS_ERANGE, "'%s' is out of range (expected a magnitude below %g)", text,
                       DBL_MAX);
    if (num == NUM_NONE || *suffix != '\0')
        return vs_fail(VS_EUNIT, "'%s' is not a number", text);
    *out = v;
    return VS_OK;
}

vs_err_t vs_parse_int64(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*text))
        text++;
    long long v = strtoll(text, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    if (end == text || *end != '\0' || errno == ERANGE)
        return vs_fail(VS_EUNIT, "'%s' is not an integer", text);
    *out = v;
    return VS_OK;
}

char *vs_fmt_duration(int64_t ns, char *buf, size_t len)
{
    int64_t a = ns < 0 ? -ns : ns;
    if (a >= 3600 * VS_NS_PER_S)
        snprintf(buf, len, "%.3g h", (double)ns / 3600e9);
    else if (a >= 60 * VS_NS_PER_S)
        snprintf(buf, len, "%.4g min", (double)ns / 60e9);
    else if (a >= VS_NS_PER_S)
        snprintf(buf, len, "%.4g s", (double)ns / 1e9);
    else if (a >= VS_NS_PER_MS)
        snprintf(buf, len, "%.4g ms", (double)ns / 1e6);
    else if (a >= VS_NS_PER_US)
        snprintf(buf, len, "%.4g us", (double)ns / 1e3);
    else
        snprintf(buf, len, "%lld ns", (long long)ns);
    return buf;
}

char *vs_fmt_rate(double bps, char *buf, size_t len)
{
    static const char *const names[] = {"bps", "kbps", "Mbps", "Gbps", "Tbps"};
    int i = 0;
    while (i < 4 && fabs(bps) >= 1000.0) {
        bps /= 1000.0;
        i++;
    }
    snprintf(buf, len, "%.4g %s", bps, names[i]);
    return buf;
}

char *vs_fmt_size(int64_t bytes, char *buf, size_t len)
{
    static const char *const names[] = {"B", "KB", "MB", "GB", "TB"};
    double v = (double)bytes;
    int i = 0;
    while (i < 4 && fabs(v) >= 1000.0) {
        v /= 1000.0;
        i++;
    }
    snprintf(buf, len, "%.4g %s", v, names[i]);
    return buf;
}

vs_err_t vs_opt_seed(const char *opt, const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end != '\0' || text[0] == '-' || errno == ERANGE)
        return vs_fail(VS_EUSAGE, "%s: '%s' is not a seed (expected an integer from 0 to 18446744073709551615)", opt,
                       text);
    *out = v;
    return VS_OK;
}

vs_err_t vs_opt_duration(const char *opt, const char *text, int64_t *out_ns)
{
    if (vs_parse_duration(text, VS_NS_PER_S, out_ns) != VS_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_fail(VS_EUSAGE, "%s: %s", opt, msg);
    }
    return VS_OK;
}

vs_err_t vs_opt_count(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out)
{
    int64_t v;
    if (vs_parse_int64(text, &v) != VS_OK || v < min || v > max)
        return vs_fail(VS_EUSAGE, "%s: '%s' is not an integer from %lld to %lld", opt, text,
                       (long long)min, (long long)max);
    *out = v;
    return VS_OK;
}

vs_err_t vs_opt_double(const char *opt, const char *text, double min, double max, double *out)
{
    double v;
    if (vs_parse_double(text, &v) != VS_OK || v < min || v > max)
        return vs_fail(VS_EUSAGE, "%s: '%s' is not a number from %g to %g", opt, text, min, max);
    *out = v;
    return VS_OK;
}
