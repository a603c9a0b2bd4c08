/* emu_probe — timestamped UDP probes through the emulated network: a sender in one namespace
 * sends a datagram every interval (sequence number, send time), a reflector in another
 * echoes it back; one thread of vroomsim does both, so every time is read from the one
 * CLOCK_MONOTONIC: one-way delays as well as round trips. Per probe it records when it was
 * sent, reached the far end and came back; statistics are taken over any window of send
 * times. */
#ifndef EMU_PROBE_H
#define EMU_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vs_error.h"

typedef struct emu_probe emu_probe_t;

typedef struct {
    int64_t sent;          /* probes sent in the window */
    int64_t lost_forward;  /* never reached the far end */
    int64_t lost_back;     /* reached it, the echo never came back */
    int64_t rtt_min, rtt_max, rtt_mean, rtt_p99; /* ns, over the echoes that came back; -1: none */
    int64_t owd_max;       /* largest one-way delay to the far end, ns; -1: none */
    double owd_mean, owd_sd; /* one-way delay's mean and standard deviation, ns (NAN: none) */
    double ipdv;           /* mean |difference| of consecutive arrivals' one-way delays, ns
                            * (RFC 3393's IPDV as D-ITG reports it; NAN: fewer than two) */
    int64_t longest_gap;   /* longest run of lost probes, in ns of send time (0: none) */
} emu_probe_stats_t;

typedef struct {
    const char *src_ns, *dst_ns;
    uint32_t src_ip, dst_ip;  /* network byte order */
    int64_t interval_ns;      /* between two probes */
    int payload;              /* UDP payload bytes (16 to 1472; 0: 64, as ping's) */
    bool echo;                /* the far end echoes each probe (round trips) */
    int64_t max_probes;
} emu_probe_config_t;

/* Starts probing from src_ip (in namespace src_ns) to dst_ip (in dst_ns), UDP port 9, one
 * probe each interval (paced with nanosecond timers; a late sender catches up, as a real
 * one does), for at most max_probes. *out owned by the caller: emu_probe_free (after
 * emu_probe_stop). */
vs_err_t emu_probe_start(const emu_probe_config_t *cfg, emu_probe_t **out);
/* Stops sending, waits linger_ns for the last echoes, stops the thread. */
void emu_probe_stop(emu_probe_t *p, int64_t linger_ns);
/* Statistics of the probes sent in [from, to) (emu_now() times). O(probes in the window). */
void emu_probe_stats(const emu_probe_t *p, int64_t from, int64_t to, emu_probe_stats_t *out);
/* Writes one line per probe to f: "seq,sent_s,there_s,back_s" with times from t0 (seconds,
 * empty when it never arrived). */
void emu_probe_csv(const emu_probe_t *p, int64_t t0, FILE *f);
void emu_probe_free(emu_probe_t *p);

#endif
