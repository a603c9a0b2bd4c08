#include "scn_set.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "vs_yaml.h"

/* Deeper paths than any the format has (the deepest is a flow's rate change, 4 steps). */
#define MAX_STEPS 16
/* Names a message lists before "...". */
#define HAVE_MAX 8

/* One step of a path: .KEY, or [SELECTOR] (an item of the list the step before named). */
typedef struct {
    bool item;
    char text[256]; /* the key, or what is between the brackets */
} step_t;

/* One setting being applied. */
typedef struct {
    vs_ydoc_t *doc;
    const scn_t *base;
    const char *origin;       /* "--set PATH=VALUE", what messages start with */
    const vs_ynode_t *root;   /* the document's root, with the settings before this one */
    step_t steps[MAX_STEPS];
    size_t n_steps;
} setter_t;

/* The first '=' outside brackets and quotes (names in selectors may hold one); else the first
 * '=', so that parse_path names what is wrong with the path. */
static const char *split_at_equals(const char *s)
{
    char quote = 0;
    int depth = 0;
    const char *first = strchr(s, '=');
    for (; *s; s++) {
        if (quote)
            quote = *s == quote ? 0 : quote;
        else if (*s == '"' || *s == '\'')
            quote = *s;
        else if (*s == '[')
            depth++;
        else if (*s == ']')
            depth--;
        else if (*s == '=' && depth == 0)
            return s;
    }
    return first;
}

static vs_err_t bad_path(const setter_t *st, const char *what)
{
    return vs_fail(VS_EINVAL, "%s: bad path: %s (expected KEY.KEY[NAME or INDEX].KEY ..., "
                              "see docs/scenario.md)", st->origin, what);
}

/* Where the bracket opened at s closes, quotes skipped; NULL when it does not. */
static const char *closing_bracket(const char *s)
{
    char quote = 0;
    for (s++; *s; s++) {
        if (quote)
            quote = *s == quote ? 0 : quote;
        else if (*s == '"' || *s == '\'')
            quote = *s;
        else if (*s == ']')
            return s;
    }
    return NULL;
}

static vs_err_t add_step(setter_t *st, bool item, const char *text, size_t len)
{
    if (st->n_steps == MAX_STEPS)
        return bad_path(st, "too many steps");
    step_t *s = &st->steps[st->n_steps++];
    if (len >= sizeof s->text)
        return bad_path(st, "a key or selector is too long");
    s->item = item;
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    return VS_OK;
}

/* Splits path into steps. */
static vs_err_t parse_path(setter_t *st, const char *p)
{
    vs_err_t err;
    for (;;) {
        const char *key = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        if (p == key)
            return bad_path(st, *p ? "a key is made of letters, digits and '_'" : "a key is missing");
        if ((err = add_step(st, false, key, (size_t)(p - key))))
            return err;
        while (*p == '[') {
            const char *end = closing_bracket(p);
            if (!end)
                return bad_path(st, "a '[' is not closed");
            if ((err = add_step(st, true, p + 1, (size_t)(end - p - 1))))
                return err;
            p = end + 1;
        }
        if (*p == '\0')
            return VS_OK;
        if (*p++ != '.')
            return bad_path(st, "expected '.' or '[' after a key or ']'");
    }
}

/* ---- Selecting a list item: by name, by index, by a link's two ends ---------------------- */

static vs_err_t oom(void)
{
    return vs_fail(VS_ENOMEM, "out of memory");
}

/* Splits sel at commas outside quotes into at most 3 parts, trimmed and unquoted (sel is
 * written into). Returns how many parts there were, 4 meaning too many. */
static size_t split_selector(char *sel, char *parts[3])
{
    size_t n = 0;
    char quote = 0, *start = sel;
    for (char *p = sel;; p++) {
        if (quote && *p) {
            quote = *p == quote ? 0 : quote;
            continue;
        }
        if (*p == '"' || *p == '\'') {
            quote = *p;
            continue;
        }
        if (*p != ',' && *p != '\0')
            continue;
        bool end = *p == '\0';
        *p = '\0';
        if (n == 3)
            return 4;
        while (isspace((unsigned char)*start))
            start++;
        char *e = start + strlen(start);
        while (e > start && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (e - start >= 2 && (*start == '"' || *start == '\'') && e[-1] == *start) {
            e[-1] = '\0';
            start++;
        }
        parts[n++] = start;
        if (end)
            return n;
        start = p + 1;
    }
}

static bool is_index(const char *s, size_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 9 || strspn(s, "0123456789") != len)
        return false;
    *out = (size_t)strtoul(s, NULL, 10);
    return true;
}

/* What an item of the list named list is called in messages. */
static const char *noun(const char *list)
{
    static const char *const nouns[][2] = {
        {"physical_routers", "physical router"}, {"virtual_routers", "virtual router"},
        {"links", "link"}, {"virtual_links", "virtual link"}, {"migrations", "migration"},
        {"events", "event"}, {"flows", "flow"},
    };
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
        if (strcmp(list, nouns[i][0]) == 0)
            return nouns[i][1];
    return "item";
}

/* The file's `topology: {file: ...}`, or NULL: routers, VRs and links it makes are not in
 * the YAML, so a path cannot reach them. */
static const char *topology_file(const setter_t *st)
{
    const vs_ynode_t *t = vs_ynode_get(st->root, "topology");
    const vs_ynode_t *f = vs_ynode_get(t, "file");
    return f && f->kind == VS_Y_SCALAR ? f->scalar : t ? "(no file)" : NULL;
}

static const char *item_name(const vs_ynode_t *item)
{
    const vs_ynode_t *n = vs_ynode_get(item, "name");
    return n && n->kind == VS_Y_SCALAR ? n->scalar : NULL;
}

static vs_err_t check_index(const setter_t *st, const vs_ynode_t *list, const char *lname, size_t i)
{
    if (i < list->len)
        return VS_OK;
    if (list->len == 0)
        return vs_fail(VS_ERANGE, "%s: %s[%zu]: the list is empty", st->origin, lname, i);
    return vs_fail(VS_ERANGE, "%s: %s[%zu]: no such item (%s has %zu: indices 0 to %zu)", st->origin,
                   lname, i, lname, list->len, list->len - 1);
}

/* "a, b, c, ..." of the names in list. */
static void have_names(const vs_ynode_t *list, char *buf, size_t len)
{
    size_t used = 0, shown = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < list->len && used < len; i++) {
        const char *n = item_name(list->vals[i]);
        if (!n)
            continue;
        used += (size_t)snprintf(buf + used, len - used, "%s%s", shown ? ", " : "",
                                 shown == HAVE_MAX ? "..." : n);
        if (shown++ == HAVE_MAX)
            break;
    }
}

/* Whether the loaded substrate (topology links included) has a link between x and y. */
static bool base_joins(const scn_t *s, const char *x, const char *y)
{
    size_t a = scn_prouter_index(s, x), b = scn_prouter_index(s, y);
    for (size_t i = 0; i < s->n_links && a != SIZE_MAX && b != SIZE_MAX; i++)
        if ((s->links[i].a == a && s->links[i].b == b) || (s->links[i].a == b && s->links[i].b == a))
            return true;
    return false;
}

/* The error for an item that only the topology file makes (a router, a VR, a link: parts as
 * split_selector gives them), which a path cannot reach; VS_OK when it is not one. */
static vs_err_t from_topology(const setter_t *st, const char *lname, char *const *parts, size_t n)
{
    const char *topo = topology_file(st);
    bool pr = strcmp(lname, "physical_routers") == 0, vr = strcmp(lname, "virtual_routers") == 0;
    if (!topo)
        return VS_OK;
    if (n == 1 && ((pr && scn_prouter_index(st->base, parts[0]) != SIZE_MAX) ||
                   (vr && scn_vrouter_index(st->base, parts[0]) != SIZE_MAX)))
        return vs_fail(VS_EINVAL, "%s: %s '%s' is made from the topology file (topology: %s), not "
                                  "written under %s: a path cannot reach it", st->origin, noun(lname),
                       parts[0], topo, lname);
    if (n >= 2 && strcmp(lname, "links") == 0 && base_joins(st->base, parts[0], parts[1]))
        return vs_fail(VS_EINVAL, "%s: the link between '%s' and '%s' is made from the topology file "
                                  "(topology: %s), not written under links: a path cannot reach it",
                       st->origin, parts[0], parts[1], topo);
    return VS_OK;
}

static vs_err_t by_name(const setter_t *st, const vs_ynode_t *list, const char *lname,
                        const char *name, size_t *out)
{
    bool named = false;
    for (size_t i = 0; i < list->len; i++) {
        const char *n = item_name(list->vals[i]);
        named = named || n;
        if (n && strcmp(n, name) == 0) {
            *out = i;
            return VS_OK;
        }
    }
    if (is_index(name, out))
        return check_index(st, list, lname, *out);
    char *parts[1] = {(char *)name};
    vs_err_t err = from_topology(st, lname, parts, 1);
    if (err)
        return err;
    if (!named)
        return vs_fail(VS_EINVAL, "%s: %s[%s]: the items of %s have no names: select one by its "
                                  "index%s", st->origin, lname, name, lname,
                       strstr(lname, "links") ? " or by its two ends, [A,B]" : "");
    char have[256];
    have_names(list, have, sizeof have);
    return vs_fail(VS_EINVAL, "%s: no %s named '%s' (have: %s)", st->origin, noun(lname), name, have);
}

static bool joins(const vs_ynode_t *item, const char *x, const char *y)
{
    const vs_ynode_t *a = vs_ynode_get(item, "a"), *b = vs_ynode_get(item, "b");
    if (!a || !b || a->kind != VS_Y_SCALAR || b->kind != VS_Y_SCALAR)
        return false;
    return (!strcmp(a->scalar, x) && !strcmp(b->scalar, y)) ||
           (!strcmp(a->scalar, y) && !strcmp(b->scalar, x));
}

static vs_err_t no_link(const setter_t *st, const char *lname, char *const *parts)
{
    const char *topo = topology_file(st), *x = parts[0], *y = parts[1];
    bool substrate = strcmp(lname, "links") == 0;
    vs_err_t err = from_topology(st, lname, parts, 2);
    if (err)
        return err;
    return vs_fail(VS_EINVAL, "%s: no %s joins '%s' and '%s'%s", st->origin, noun(lname), x, y,
                   substrate && topo ? " under links (links made from the topology file are not "
                                       "written in the scenario: a path cannot reach them)" : "");
}

/* [A,B] or [A,B,K]: the (K-th, from 0 in the file's order) link between A and B, either way. */
static vs_err_t by_ends(const setter_t *st, const vs_ynode_t *list, const char *lname, char **parts,
                        size_t n, size_t *out)
{
    size_t want = 0, found = 0;
    if (n == 3 && !is_index(parts[2], &want))
        return vs_fail(VS_EINVAL, "%s: %s[%s,%s,%s]: the third part says which of parallel links, an "
                                  "index (0, 1, ...)", st->origin, lname, parts[0], parts[1], parts[2]);
    for (size_t i = 0; i < list->len; i++)
        if (joins(list->vals[i], parts[0], parts[1]) && found++ == want)
            *out = i;
    if (found == 0)
        return no_link(st, lname, parts);
    if (n == 2 && found > 1)
        return vs_fail(VS_EINVAL, "%s: %zu %ss join '%s' and '%s': say which, %s[%s,%s,0] to "
                                  "%s[%s,%s,%zu]", st->origin, found, noun(lname), parts[0], parts[1],
                       lname, parts[0], parts[1], lname, parts[0], parts[1], found - 1);
    if (want >= found)
        return vs_fail(VS_ERANGE, "%s: %zu %s%s join%s '%s' and '%s' (indices 0 to %zu)", st->origin,
                       found, noun(lname), found > 1 ? "s" : "", found > 1 ? "" : "s", parts[0],
                       parts[1], found - 1);
    return VS_OK;
}

static vs_err_t select_item(const setter_t *st, const vs_ynode_t *list, const char *lname,
                            const char *selector, size_t *out)
{
    char sel[sizeof st->steps[0].text], *parts[3];
    snprintf(sel, sizeof sel, "%s", selector);
    size_t n = split_selector(sel, parts);
    if (n > 3 || !parts[0][0] || (n > 1 && !parts[1][0]))
        return vs_fail(VS_EINVAL, "%s: %s[%s]: expected a name, an index, or a link's two ends "
                                  "[A,B] (and which of parallel links, [A,B,1])", st->origin, lname,
                       selector);
    return n == 1 ? by_name(st, list, lname, parts[0], out) : by_ends(st, list, lname, parts, n, out);
}

/* ---- Applying a setting to the tree ------------------------------------------------------ */

/* Step i expected a node of kind want and found n. */
static vs_err_t wrong_kind(const setter_t *st, size_t i, const vs_ynode_t *n, vs_ykind_t want)
{
    const char *what = i == 0 ? "the scenario" : st->steps[i - 1].text;
    const char *open = i > 0 && st->steps[i - 1].item ? "[" : "'", *close = *open == '[' ? "]" : "'";
    if (want == VS_Y_SEQ)
        return vs_fail(VS_EINVAL, "%s: %s%s%s is not a list: [%s] selects nothing", st->origin, open,
                       what, close, st->steps[i].text);
    if (n->kind == VS_Y_SEQ)
        return vs_fail(VS_EINVAL, "%s: %s%s%s is a list: select an item with [NAME] or [INDEX] "
                                  "before .%s", st->origin, open, what, close, st->steps[i].text);
    return vs_fail(VS_EINVAL, "%s: %s%s%s is a single value: it has no key '%s'", st->origin, open,
                   what, close, st->steps[i].text);
}

static vs_err_t no_list(const setter_t *st, const char *key, const char *selector)
{
    char sel[sizeof st->steps[0].text], *parts[3];
    snprintf(sel, sizeof sel, "%s", selector);
    size_t n = split_selector(sel, parts);
    vs_err_t err = n <= 3 ? from_topology(st, key, parts, n) : VS_OK;
    if (err)
        return err;
    bool made = strcmp(key, "physical_routers") == 0 || strcmp(key, "links") == 0 ||
                strcmp(key, "virtual_routers") == 0 || strcmp(key, "virtual_links") == 0;
    const char *topo = topology_file(st);
    return vs_fail(VS_EINVAL, "%s: the scenario has no '%s' list to select from (set the whole list: "
                              "%s=[...])%s%s%s", st->origin, key, key,
                   made && topo ? "; what the topology file (topology: " : "", made && topo ? topo : "",
                   made && topo ? ") makes is not written in the scenario: a path cannot reach it" : "");
}

/* Replaces, along the path, every node by a copy of its own (aliases elsewhere stay as they
 * are), then puts value (NULL: removes) at the path's end. */
static vs_err_t apply(setter_t *st, const vs_ynode_t *value)
{
    vs_ynode_t *cur = vs_ynode_dup(st->doc, st->root);
    const char *lname = "";
    vs_err_t err;
    if (!cur)
        return oom();
    vs_ydoc_set_root(st->doc, cur);
    for (size_t i = 0; i < st->n_steps; i++) {
        const step_t *s = &st->steps[i];
        bool last = i + 1 == st->n_steps;
        const vs_ynode_t *child;
        size_t idx = 0;
        if (cur->kind != (s->item ? VS_Y_SEQ : VS_Y_MAP))
            return wrong_kind(st, i, cur, s->item ? VS_Y_SEQ : VS_Y_MAP);
        if (!s->item) {
            if (last && !value)
                vs_ymap_remove(cur, s->text);
            if (last)
                return value ? vs_ymap_put(st->doc, cur, s->text, st->origin, value) : VS_OK;
            lname = s->text;
            if (!(child = vs_ynode_get(cur, s->text)) && st->steps[i + 1].item)
                return no_list(st, s->text, st->steps[i + 1].text);
        } else {
            if ((err = select_item(st, cur, lname, s->text, &idx)))
                return err;
            if (last) {
                vs_yseq_put(cur, idx, value);
                return VS_OK;
            }
            child = cur->vals[idx];
        }
        /* A key the file does not write yet starts as an empty mapping (ospf.dead where
         * ospf is absent); the loader then says whether the key may be there. */
        vs_ynode_t *next = child ? vs_ynode_dup(st->doc, child) : vs_ynode_new_map(st->doc, st->origin);
        if (!next)
            return oom();
        if (s->item)
            vs_yseq_put(cur, idx, next);
        else if ((err = vs_ymap_put(st->doc, cur, s->text, st->origin, next)))
            return err;
        cur = next;
    }
    return VS_OK;
}

/* Applies one "PATH=VALUE" to doc. */
static vs_err_t apply_set(vs_ydoc_t *doc, const scn_t *base, const char *set)
{
    vs_err_t err = VS_OK;
    setter_t *st = calloc(1, sizeof *st);
    size_t len = strlen(set);
    char *origin = malloc(len + sizeof "--set "), *path = malloc(len + 1);
    const vs_ynode_t *value = NULL;
    if (!st || !origin || !path) {
        err = oom();
        goto out;
    }
    snprintf(origin, len + sizeof "--set ", "--set %s", set);
    *st = (setter_t){.doc = doc, .base = base, .origin = origin, .root = vs_ydoc_root(doc)};
    const char *eq = split_at_equals(set);
    if (!eq) {
        err = vs_fail(VS_EINVAL, "%s: expected PATH=VALUE", origin);
        goto out;
    }
    snprintf(path, len + 1, "%.*s", (int)(eq - set), set);
    VS_TRY(parse_path(st, path));
    const char *text = eq + 1;
    if (!*text)
        err = vs_fail(VS_EINVAL, "%s: no value after '=' (write '' for empty text, ~ to remove the key)",
                      origin);
    else if (strcmp(text, "~") != 0 && strcmp(text, "null") != 0)
        err = vs_ydoc_parse_value(doc, origin, text, &value);
    if (!err)
        err = apply(st, value);
out:
    free(path);
    free(origin);
    free(st);
    return err;
}

/* A failure of the whole at a value of the file: says which settings led to it. */
static vs_err_t with_settings(vs_err_t err, const char *const *sets, size_t n)
{
    if (strncmp(vs_errmsg(), "--set ", 6) == 0 || n == 0)
        return err;
    char msg[1024], list[1024] = "";
    size_t used = 0;
    snprintf(msg, sizeof msg, "%s", vs_errmsg());
    for (size_t i = 0; i < n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s--set %s", i ? ", " : "", sets[i]);
    return vs_fail(err, "%s (with %s)", msg, list);
}

vs_err_t scn_derive(const scn_t *base, const char *const *sets, size_t n_sets, const scn_t **out)
{
    const scn__source_t *src = scn__source(base);
    size_t n = src->n_sets + n_sets;
    const char **all = malloc((n ? n : 1) * sizeof *all);
    vs_ydoc_t *doc = NULL;
    vs_err_t err;
    *out = NULL;
    if (!all)
        return oom();
    for (size_t i = 0; i < n; i++)
        all[i] = i < src->n_sets ? src->sets[i] : sets[i - src->n_sets];
    VS_TRY(vs_ydoc_load_string(src->name, src->text, src->len, &doc));
    for (size_t i = 0; i < n; i++)
        VS_TRY(apply_set(doc, base, all[i]));
    err = scn__load_doc(doc, all, n, out);
    doc = NULL; /* taken over */
    if (err)
        err = with_settings(err, all, n);
out:
    vs_ydoc_free(doc);
    free(all);
    return err;
}
