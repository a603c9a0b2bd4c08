/* emu_tcp — a real TCP bulk transfer between two namespaces, timed to the last byte's
 * arrival: a sender (the calling thread) writes the bytes, at most at the application's
 * rate, and closes; a receiver thread reads to the end. The congestion control is the
 * namespaces' (emu_netns_add sets Reno) and the socket asks for it by name too. iperf3 is no
 * substitute: it stops when the sender has written the bytes into its socket buffer (up to
 * megabytes before they arrive) and reports the receiver's bytes up to then. */
#ifndef EMU_TCP_H
#define EMU_TCP_H

#include <stdint.h>

#include "vs_error.h"

typedef struct {
    const char *src_ns, *dst_ns;
    uint32_t src_ip, dst_ip;  /* network byte order */
    int64_t bytes;
    double app_bps;           /* the application's ceiling, payload bits/s; 0: none */
    const char *cc;           /* congestion control, e.g. "reno" */
    int64_t timeout_ns;       /* give up (VS_EIO) when the last byte has not arrived by then */
} emu_tcp_config_t;

typedef struct {
    int64_t start, end;       /* emu_now(): connect() called, last byte read */
    int64_t received;         /* bytes the receiver read */
    uint32_t retransmits;     /* the sender's TCP_INFO tcpi_total_retrans */
    uint32_t dsack_dups;      /* ... tcpi_dsack_dups: retransmissions the receiver already had
                               * (D-SACK, RFC 2883): the spurious ones */
    int timeouts;             /* retransmission timeouts (tcpi_total_rto, Linux >= 6.7; -1:
                               * the kernel does not say) */
    char cc[16];              /* the congestion control the socket ran */
} emu_tcp_result_t;

/* Runs the transfer to its end (or until SIGINT/SIGTERM or the timeout: VS_EIO). O(bytes). */
vs_err_t emu_tcp_transfer(const emu_tcp_config_t *cfg, emu_tcp_result_t *out);

#endif
