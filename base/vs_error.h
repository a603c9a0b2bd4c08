/* vs_error — the one error enum of the project.
 *
 * Every function that can fail returns vs_err_t; data goes out through pointer arguments.
 * A failing function may also leave a human-readable message with vs_fail(); the command
 * prints it and turns the code into an exit status with vs_exit_status(). */
#ifndef VS_ERROR_H
#define VS_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* X(code-name, number, exit-class, message). Numbers are never reused.
 * exit-class: 1 a check failed, 2 bad usage or input, 3 environment problem. */
#define VS_ERRORS(X)                                                          \
    X(OK,          0, 0, "success")                                           \
    X(NOMEM,       1, 3, "out of memory")                                     \
    X(USAGE,       2, 2, "bad command-line usage")                            \
    X(INVAL,       3, 2, "invalid input")                                     \
    X(PARSE,       4, 2, "malformed file")                                    \
    X(UNIT,        5, 2, "bad value or unit")                                 \
    X(RANGE,       6, 2, "value out of range")                                \
    X(UNKNOWN_KEY, 7, 2, "unknown key")                                       \
    X(NOTFOUND,    8, 2, "not found")                                         \
    X(IO,          9, 3, "input/output error")                                \
    X(PERM,       10, 3, "missing privilege")                                 \
    X(NODEV,      11, 3, "device not present")                                \
    X(INFEASIBLE, 12, 2, "impossible constraint")                             \
    X(NOTIMPL,    13, 1, "not implemented")                                   \
    X(CHECK,      14, 1, "a check failed")                                    \
    X(SOLVER,     15, 3, "solver failure")                                    \
    X(KERNEL,     16, 3, "kernel refused the request")                        \
    X(DEPEND,     17, 3, "missing dependency")

typedef enum {
#define VS__ENUM(name, num, cls, msg) VS_E##name = num,
    VS_ERRORS(VS__ENUM)
#undef VS__ENUM
} vs_err_t;

#define VS_OK VS_EOK

/* Static description of a code; never NULL. */
const char *vs_strerror(vs_err_t err);
/* Symbolic name ("INVAL"); never NULL. */
const char *vs_errname(vs_err_t err);
/* Process exit status for a code: 0, 1, 2 or 3. */
int vs_exit_status(vs_err_t err);

/* Records a message for the user (printf-style) and returns err, so that
 * `return vs_fail(VS_EINVAL, "%s:%d:%d: ...", ...)` reads naturally.
 * The message lives in thread-local storage until the next vs_fail. */
vs_err_t vs_fail(vs_err_t err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
vs_err_t vs_vfail(vs_err_t err, const char *fmt, va_list ap);
/* Copies in to out (len bytes, always NUL-terminated; returns the length written) with every
 * byte a terminal could act on written as \xNN: control bytes other than newline and tab,
 * DEL, C1 controls and bytes that are not valid UTF-8. Text, UTF-8 included, is unchanged.
 * vs_fail applies it to every message, since messages quote what files and users gave. */
size_t vs_escape(const char *in, char *out, size_t len);
/* The last message recorded by vs_fail (empty string when none). */
const char *vs_errmsg(void);
void vs_errclear(void);

/* Propagate an error: `VS_TRY(parse(x));` jumps to `out` with `err` set. */
#define VS_TRY(expr)                                                          \
    do {                                                                      \
        err = (expr);                                                         \
        if (err != VS_OK)                                                     \
            goto out;                                                         \
    } while (0)

#endif
