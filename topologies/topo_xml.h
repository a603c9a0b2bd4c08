/* topo_xml — the libxml2 helpers the XML topology readers share (internal to topologies/).
 * Parsing never touches the network and never prints; errors come back as vs_fail messages
 * "file:line: reason". */
#ifndef TOPO_XML_H
#define TOPO_XML_H

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vs_error.h"

/* Parses path; *doc owned by the caller (xmlFreeDoc). Malformed XML → VS_EPARSE naming
 * file:line and libxml2's reason. */
vs_err_t topo__xml_read(const char *path, xmlDocPtr *doc);
/* Element children only. */
xmlNodePtr topo__xml_first(xmlNodePtr parent);
xmlNodePtr topo__xml_next(xmlNodePtr node);
/* First element child named name, or NULL. */
xmlNodePtr topo__xml_child(xmlNodePtr parent, const char *name);
int topo__xml_is(xmlNodePtr node, const char *name);
/* Text content trimmed of blanks, in buf (always terminated); returns buf. */
char *topo__xml_text(xmlNodePtr node, char *buf, size_t len);
/* Attribute into buf; returns NULL when absent. */
char *topo__xml_attr(xmlNodePtr node, const char *name, char *buf, size_t len);
long topo__xml_line(xmlNodePtr node);
/* Parses the whole trimmed text as a finite double; VS_EPARSE naming path:line and what
 * when it is not one. */
vs_err_t topo__xml_double(const char *path, xmlNodePtr node, const char *what, double *out);

#endif
