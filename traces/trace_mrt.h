/* trace_mrt — a streaming reader for MRT files (RFC 6396): BGP update streams (BGP4MP,
 * BGP4MP_ET) and RIB dumps (TABLE_DUMP, TABLE_DUMP_V2), gzip or plain, one event per prefix
 * in file order, so a simulation can feed updates in time order without loading the file. */
#ifndef TRACE_MRT_H
#define TRACE_MRT_H

#include <stddef.h>
#include <stdint.h>

#include "hw_prefix.h"
#include "vs_error.h"

typedef struct trace_mrt trace_mrt_t;

typedef enum {
    TRACE_MRT_ANNOUNCE = 1, /* a prefix in an UPDATE's NLRI or MP_REACH_NLRI */
    TRACE_MRT_WITHDRAW,     /* a prefix in withdrawn routes or MP_UNREACH_NLRI */
    TRACE_MRT_RIB,          /* one (prefix, peer) entry of a RIB dump */
    TRACE_MRT_STATE,        /* a peer's BGP FSM state change (old_state -> new_state) */
    TRACE_MRT_MESSAGE,      /* OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH (bgp_type) */
} trace_mrt_kind_t;

/* AS_PATH segment types (RFC 4271 4.3, RFC 5065). */
enum { TRACE_MRT_AS_SET = 1, TRACE_MRT_AS_SEQUENCE = 2, TRACE_MRT_AS_CONFED_SEQUENCE = 3,
       TRACE_MRT_AS_CONFED_SET = 4 };

/* One event. Pointers point into the reader and stay valid until the next trace_mrt_next or
 * trace_mrt_close. */
typedef struct {
    trace_mrt_kind_t kind;
    int64_t time_ns;      /* record time, ns since the Unix epoch (µs resolution for _ET) */
    uint64_t offset;      /* byte offset of the record in the uncompressed stream */
    uint16_t mrt_type, mrt_subtype;
    hw_prefix_t peer;     /* peer address as a host route */
    uint32_t peer_as;
    hw_prefix_t prefix;   /* ANNOUNCE, WITHDRAW, RIB */
    uint32_t path_id;     /* ADD-PATH identifier (RFC 8050), else 0 */
    uint8_t safi;         /* 1 unicast, 2 multicast, 3 both (RFC 4760; bgpdump reports all) */
    /* ANNOUNCE and RIB: the route's attributes. next_hop.family is 0 when absent; origin is
     * 0 IGP, 1 EGP, 2 INCOMPLETE, -1 absent. as_path[i] is an ASN; as_seg[i] its segment type,
     * with 0x80 set on the first ASN of each segment. A 2-byte AS_PATH is merged with its
     * AS4_PATH (RFC 6793 4.2.3). */
    hw_prefix_t next_hop;
    int origin;
    const uint32_t *as_path;
    const uint8_t *as_seg;
    size_t as_path_len;
    uint16_t old_state, new_state; /* STATE (1 Idle .. 6 Established) */
    uint8_t bgp_type;              /* MESSAGE: 1 OPEN, 3 NOTIFICATION, 4 KEEPALIVE, 5 REFRESH */
} trace_mrt_event_t;

/* Running counts of what the reader has consumed so far. */
typedef struct {
    size_t records;         /* all records, skipped ones too */
    size_t bgp4mp, bgp4mp_et, table_dump, table_dump_v2;
    size_t skipped_type;    /* records of other MRT types (OSPF, ISIS, ...), skipped */
    size_t skipped_subtype; /* known types, subtypes not read (RIB_GENERIC, multicast, ...) */
    size_t state_changes;
    size_t bgp_msgs[6];     /* BGP messages by type 1..5; [0] other types */
    size_t mp_skipped;      /* MP_(UN)REACH_NLRI of an AFI/SAFI other than IPv4/IPv6 SAFI 1..3 */
    size_t peer_table_peers;/* peers in the last TABLE_DUMP_V2 PEER_INDEX_TABLE */
    size_t buffer_bytes;    /* the record buffer: at least 4 KiB, at most twice the largest
                               record's bytes; nothing else the reader holds grows */
} trace_mrt_counts_t;

/* Opens PATH (gzip or plain, through zlib). Fails with VS_ENOTFOUND or VS_EIO naming the file. The caller
 * owns *out and closes it with trace_mrt_close. */
vs_err_t trace_mrt_open(const char *path, trace_mrt_t **out);
/* The next event into *ev; *done = 1 (and ev untouched) at the end of the file. A truncated or
 * malformed record fails with VS_EPARSE and a message naming the file, the record's byte
 * offset and what was wrong; the reader is unusable afterwards. A record longer than
 * $VROOMSIM_MAX_MRT_RECORD (default 64 MiB) fails with VS_ERANGE naming the limit. No
 * allocation except to grow the record buffer to the largest record seen, as its bytes
 * arrive: memory does not depend on the file's size, nor on what a length field claims. */
vs_err_t trace_mrt_next(trace_mrt_t *r, trace_mrt_event_t *ev, int *done);
const trace_mrt_counts_t *trace_mrt_counts(const trace_mrt_t *r);
/* Progress of the read on stderr from now until trace_mrt_close (base/vs_progress.h), for a
 * program that reads the whole file without output of its own. */
vs_err_t trace_mrt_show_progress(trace_mrt_t *r);
void trace_mrt_close(trace_mrt_t *r);

/* Writes the AS path as bgpdump does ("1 2 {3,4}", confederations in "( )" and "[ ]") into
 * buf (truncated to len); returns buf. */
char *trace_mrt_aspath_fmt(const trace_mrt_event_t *ev, char *buf, size_t len);

/* The event as one line of `bgpdump -m` up to the next hop ("BGP4MP|1470931200|A|peer|peer AS|
 * prefix|AS path|IGP|next hop"; W, STATE and TABLE_DUMP(2) "B" lines likewise; a MESSAGE event,
 * which bgpdump does not print, as "TYPE|time|KEEPALIVE|peer|peer AS"), truncated to len.
 * Returns buf. */
#define TRACE_MRT_LINE 4608
char *trace_mrt_event_fmt(const trace_mrt_event_t *ev, char *buf, size_t len);

/* 1 if the first bytes of PATH (after gunzip) are an MRT header of a known type, 0 if not
 * (e.g. a prefix list). VS_ENOTFOUND or VS_EIO when it cannot be opened or read. */
vs_err_t trace_mrt_sniff(const char *path, int *is_mrt);

/* A whole-file summary, as `vroomsim traffic bgp` prints. */
typedef struct {
    trace_mrt_counts_t counts;
    size_t announce4, announce6, withdraw4, withdraw6, rib4, rib6;
    size_t peers;                      /* distinct (address, ASN) in any record */
    size_t peers_routes;               /* ... of them with an announcement, withdrawal or RIB entry */
    int64_t first_ns, last_ns;         /* record time span (0, 0 if no record) */
    int64_t busiest_s;                 /* the second (Unix time) with most prefix updates */
    size_t busiest_updates;            /* announcements + withdrawals in it */
    size_t unique4, unique6;           /* distinct prefixes of RIB entries */
    size_t hist4[33], hist6[129];      /* distinct RIB prefixes per length */
} trace_mrt_summary_t;

/* Reads PATH to the end. O(events) time; memory O(distinct RIB prefixes + peers + seconds). */
vs_err_t trace_mrt_summarize(const char *path, trace_mrt_summary_t *out);

#endif
