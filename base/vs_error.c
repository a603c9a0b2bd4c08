#include "vs_error.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

/* Length of the UTF-8 sequence starting at s (2 to 4) when it is valid and not a C1 control
 * (U+0080..U+009F, which some terminals obey like ESC sequences); 0 otherwise. */
static size_t utf8_text_len(const unsigned char *s)
{
    size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2
               : s[0] >= 0xe0 && s[0] <= 0xef ? 3
               : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                              : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || /* overlong, surrogate */
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90) ||  /* overlong, > U+10FFFF */
        (s[0] == 0xc2 && s[1] < 0xa0))                                       /* C1 control */
        return 0;
    return n;
}

size_t vs_escape(const char *in, char *out, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0;
    while (*p && o + 1 < len) {
        size_t n = *p < 0x80 ? 1 : utf8_text_len(p);
        bool plain = n > 1 || (n == 1 && (*p >= 0x20 || *p == '\n' || *p == '\t') && *p != 0x7f);
        if (!plain) {
            if (o + 4 >= len)
                break;
            o += (size_t)snprintf(out + o, len - o, "\\x%02x", *p++);
            continue;
        }
        if (o + n >= len)
            break;
        memcpy(out + o, p, n);
        o += n;
        p += n;
    }
    out[o] = '\0';
    return o;
}

vs_err_t vs_vfail(vs_err_t err, const char *fmt, va_list ap)
{
    char raw[sizeof last_msg];
    vsnprintf(raw, sizeof raw, fmt, ap);
    vs_escape(raw, last_msg, sizeof last_msg);
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
