#include "vs_limits.h"

#include <stdio.h>
#include <stdlib.h>

#include "vs_units.h"

vs_err_t vs_limit_get(const vs_limit_t *l, int64_t *out)
{
    const char *v = getenv(l->env);
    *out = l->def;
    if (!v || !*v)
        return VS_OK;
    int64_t x;
    /* a size takes units; a bare number is bytes */
    vs_err_t err = vs_parse_int64(v, &x);
    if (err && l->bytes)
        err = vs_parse_size_bytes(v, &x);
    if (err || x < 1)
        return vs_fail(VS_EUSAGE, "%s='%s': expected %s of at least 1 (the limit on %s)", l->env,
                       v, l->bytes ? "a size such as 64MB or 2GiB" : "a whole number", l->what);
    *out = x;
    return VS_OK;
}

static void fmt(const vs_limit_t *l, int64_t v, char *buf, size_t len)
{
    if (l->bytes)
        vs_fmt_size(v, buf, len);
    else
        snprintf(buf, len, "%lld%s%s", (long long)v, l->unit ? " " : "", l->unit ? l->unit : "");
}

vs_err_t vs_limit_check(const vs_limit_t *l, const char *who, int64_t value)
{
    int64_t lim;
    vs_err_t err = vs_limit_get(l, &lim);
    if (err || value <= lim)
        return err;
    /* A suggestion with room: twice the value, in the variable's own units. */
    int64_t twice = value > INT64_MAX / 2 ? INT64_MAX : 2 * value;
    char v[64], m[64], s[32];
    fmt(l, value, v, sizeof v);
    fmt(l, lim, m, sizeof m);
    if (l->bytes)
        snprintf(s, sizeof s, "%lldMB", (long long)(twice / 1000000 + 1));
    else
        snprintf(s, sizeof s, "%lld", (long long)twice);
    return vs_fail(VS_ERANGE, "%s: %s of %s is over the limit of %s (raise it with %s=..., e.g. "
                   "%s=%s)", who, l->what, v, m, l->env, l->env, s);
}
