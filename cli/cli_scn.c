#include "cli_scn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "scn_set.h"
#include "vs_yaml.h"

/* Doubles a buffer (freeing it when that fails); NULL when out of memory. */
static char *grow_buffer(char *buf, size_t *cap)
{
    char *bigger = realloc(buf, *cap * 2);
    if (!bigger)
        free(buf);
    else
        *cap *= 2;
    return bigger;
}

vs_err_t cli_sets_add(cli_sets_t *sets, const char *arg)
{
    if (sets->n == CLI_MAX_SETS)
        return vs_fail(VS_EUSAGE, "--set: at most %d settings", CLI_MAX_SETS);
    sets->items[sets->n++] = arg;
    return VS_OK;
}

/* A scenario on standard input ("-"), as a Unix tool reads one: named "stdin" in messages,
 * its relative paths taken from the working directory. */
static vs_err_t load_stdin(const scn_t **out)
{
    *out = NULL;
    size_t len = 0, cap = 1 << 16;
    char *text = malloc(cap);
    vs_err_t err = VS_OK;
    for (size_t n; text && (n = fread(text + len, 1, cap - 1 - len, stdin)) > 0;) {
        len += n;
        if ((err = vs_ydoc_check_size("stdin", len))) {
            free(text);
            return err;
        }
        if (len + 1 == cap && !(text = grow_buffer(text, &cap)))
            break;
    }
    if (!text)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (ferror(stdin))
        err = vs_fail(VS_EIO, "stdin: cannot read: %s", strerror(errno));
    text[len] = '\0';
    if (!err)
        err = scn_load_string("stdin", text, out);
    free(text);
    return err;
}

vs_err_t cli_scn_load(const char *path, const cli_sets_t *sets, const scn_t **out)
{
    const scn_t *file;
    vs_err_t err = strcmp(path, "-") == 0 ? load_stdin(&file) : scn_load(path, &file);
    if (err || !sets || sets->n == 0) {
        *out = file;
        return err;
    }
    err = scn_derive(file, sets->items, sets->n, out);
    scn_free(file);
    return err;
}
