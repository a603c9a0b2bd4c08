#include "topo_xml.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo_internal.h"
#include "vs_progress.h"

/* The file as libxml2 reads it, with the progress of a long read (a topology file of the
 * default limit takes about 10 s to become a tree, docs/limits.md). */
typedef struct {
    FILE *f;
    uint64_t done;
    vs_progress_t progress;
} xml_src_t;

static int xml_src_read(void *ctx, char *buf, int len)
{
    xml_src_t *x = ctx;
    size_t n = fread(buf, 1, (size_t)len, x->f);
    if (n == 0 && ferror(x->f))
        return -1;
    vs_progress_update(&x->progress, x->done += n);
    return (int)n;
}

vs_err_t topo__xml_read(const char *path, xmlDocPtr *doc)
{
    *doc = NULL;
    vs_err_t err = topo__check_size(path);
    if (err)
        return err;
    xml_src_t x = {.f = fopen(path, "rb")};
    if (!x.f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    char what[300];
    snprintf(what, sizeof what, "reading %s", path);
    vs_progress_start(&x.progress, what, vs_progress_file_size(path));
    xmlResetLastError();
    *doc = xmlReadIO(xml_src_read, NULL, &x, path, NULL,
                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                         XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS);
    vs_progress_end(&x.progress);
    fclose(x.f);
    if (*doc)
        return VS_OK;
    const xmlError *e = xmlGetLastError();
    if (!e)
        return vs_fail(VS_EPARSE, "%s: not well-formed XML", path);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "not well-formed XML");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (e->domain == XML_FROM_IO)
        return vs_fail(VS_EIO, "%s: cannot read: %s", path, msg);
    return vs_fail(VS_EPARSE, "%s:%d: malformed XML: %s", path, e->line, msg);
}

xmlNodePtr topo__xml_next(xmlNodePtr node)
{
    for (node = node ? node->next : NULL; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE)
            return node;
    return NULL;
}

xmlNodePtr topo__xml_first(xmlNodePtr parent)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

int topo__xml_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name);
}

xmlNodePtr topo__xml_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr n = topo__xml_first(parent); n; n = topo__xml_next(n))
        if (topo__xml_is(n, name))
            return n;
    return NULL;
}

static void trim_into(const char *s, char *buf, size_t len)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

char *topo__xml_text(xmlNodePtr node, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!node)
        return buf;
    /* Fast path: a single text child (the common case) needs no allocation. */
    xmlNodePtr c = node->children;
    if (c && !c->next && c->type == XML_TEXT_NODE && c->content) {
        trim_into((const char *)c->content, buf, len);
        return buf;
    }
    xmlChar *t = xmlNodeGetContent(node);
    if (t) {
        trim_into((const char *)t, buf, len);
        xmlFree(t);
    }
    return buf;
}

char *topo__xml_attr(xmlNodePtr node, const char *name, char *buf, size_t len)
{
    xmlAttrPtr a = xmlHasProp(node, (const xmlChar *)name);
    if (!a)
        return NULL;
    if (a->children && !a->children->next && a->children->content) {
        trim_into((const char *)a->children->content, buf, len);
        return buf;
    }
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v)
        return NULL;
    trim_into((const char *)v, buf, len);
    xmlFree(v);
    return buf;
}

long topo__xml_line(xmlNodePtr node)
{
    return node ? xmlGetLineNo(node) : 0;
}

vs_err_t topo__xml_double(const char *path, xmlNodePtr node, const char *what, double *out)
{
    char buf[128], *end;
    topo__xml_text(node, buf, sizeof buf);
    double v = strtod(buf, &end);
    if (!buf[0] || *end || !isfinite(v))
        return vs_fail(VS_EPARSE, "%s:%ld: %s '%s' is not a number", path, topo__xml_line(node),
                       what, buf);
    *out = v;
    return VS_OK;
}
