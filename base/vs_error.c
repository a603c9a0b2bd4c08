#include "vs_error.h"

#include <stdio.h>

static _Thread_local char last_msg[1024];

const char *vs_strerror(vs_err_t err)
{
    switch (err) {
#define VS__MSG(name, num, cls, msg) case VS_E##name: return msg;
    VS_ERRORS(VS__MSG)
#undef VS__MSG
    }
    return "unknown error";
}

const char *vs_errname(vs_err_t err)
{
    switch (err) {
#define VS__NAME(name, num, cls, msg) case VS_E##name: return #name;
    VS_ERRORS(VS__NAME)
#undef VS__NAME
    }
    return "UNKNOWN";
}

int vs_exit_status(vs_err_t err)
{
    switch (err) {
#define VS__CLS(name, num, cls, msg) case VS_E##name: return cls;
    VS_ERRORS(VS__CLS)
#undef VS__CLS
    }
    return 2;
}

vs_err_t vs_vfail(vs_err_t err, const char *fmt, va_list ap)
{
    vsnprintf(last_msg, sizeof last_msg, fmt, ap);
    return err;
}

vs_err_t vs_fail(vs_err_t err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vs_vfail(err, fmt, ap);
    va_end(ap);
    return err;
}

const char *vs_errmsg(void)
{
    return last_msg;
}

void vs_errclear(void)
{
    last_msg[0] = '\0';
}
