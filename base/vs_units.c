#include "vs_units.h"

#include <ctype.h>
#include <errno.h>
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

/* Splits "12.5 ms" into 12.5 and "ms". Returns false when there is no leading number. */
static bool split_number(const char *text, double *value, const char **suffix)
{
    char *end;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return false;
    errno = 0;
    *value = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(*value))
        return false;
    while (isspace((unsigned char)*end))
        end++;
    *suffix = end;
    return true;
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

static vs_err_t parse_with(const char *text, const unit_t *units, size_t n, const char *what,
                           const char *expected, double bare_factor, double *out)
{
    double v;
    const char *suffix;
    char unit[16];
    if (!split_number(text, &v, &suffix))
        return vs_fail(VS_EUNIT, "'%s' is not a %s (expected a number with a unit: %s)", text, what,
                       expected);
    trim_copy(suffix, unit, sizeof unit);
    if (unit[0] == '\0') {
        if (bare_factor <= 0)
            return vs_fail(VS_EUNIT, "'%s' has no unit (expected one of %s)", text, expected);
        *out = v * bare_factor;
        return VS_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(unit, units[i].suffix) == 0) {
            *out = v * units[i].factor;
            return VS_OK;
        }
    return vs_fail(VS_EUNIT, "'%s': unknown %s unit '%s' (expected one of %s)", text, what, unit,
                   expected);
}

vs_err_t vs_parse_duration(const char *text, int64_t bare_unit_ns, int64_t *out_ns)
{
    double v;
    vs_err_t err = parse_with(text, duration_units, NUNITS(duration_units), "duration",
                              "ns, us, ms, s, min, h", (double)bare_unit_ns, &v);
    if (err)
        return err;
    if (v < 0)
        return vs_fail(VS_ERANGE, "'%s': a duration cannot be negative", text);
    if (v > 9.2e18)
        return vs_fail(VS_ERANGE, "'%s': duration too large", text);
    *out_ns = (int64_t)llround(v);
    return VS_OK;
}

vs_err_t vs_parse_rate_bps(const char *text, double *out_bps)
{
    vs_err_t err = parse_with(text, rate_units, NUNITS(rate_units), "bit rate",
                              "bps, kbps, Mbps, Gbps, Tbps", 0, out_bps);
    if (!err && *out_bps < 0)
        return vs_fail(VS_ERANGE, "'%s': a rate cannot be negative", text);
    return err;
}

vs_err_t vs_parse_size_bytes(const char *text, int64_t *out_bytes)
{
    double v;
    vs_err_t err = parse_with(text, size_units, NUNITS(size_units), "size",
                              "B, KB, MB, GB, TB (10^3 steps) or KiB, MiB, GiB, TiB (2^10 steps)", 0,
                              &v);
    if (err)
        return err;
    if (v < 0)
        return vs_fail(VS_ERANGE, "'%s': a size cannot be negative", text);
    if (v > 9.2e18)
        return vs_fail(VS_ERANGE, "'%s': size too large", text);
    *out_bytes = (int64_t)llround(v);
    return VS_OK;
}

vs_err_t vs_parse_pps(const char *text, double *out_pps)
{
    vs_err_t err = parse_with(text, pps_units, NUNITS(pps_units), "packet rate", "pps, kpps, Mpps",
                              0, out_pps);
    if (!err && *out_pps < 0)
        return vs_fail(VS_ERANGE, "'%s': a packet rate cannot be negative", text);
    return err;
}

vs_err_t vs_parse_double(const char *text, double *out)
{
    double v;
    const char *suffix;
    if (!split_number(text, &v, &suffix) || *suffix != '\0')
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
