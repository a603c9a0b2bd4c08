/* vs_progress — progress of a long read on stderr, so that no input leaves the user minutes
 * without output. On a terminal, a read that lasts over 2 s gets one line rewritten twice a
 * second; elsewhere (a log), a read that lasts over 30 s gets a line every 30 s and one at
 * the end. $VROOMSIM_PROGRESS=SECONDS asks for the first line after that many seconds
 * wherever stderr goes. -q (log level error) silences it. Results never depend on it. */
#ifndef VS_PROGRESS_H
#define VS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *what;     /* "reading big.mrt"; not owned, must outlive the progress */
    uint64_t total;       /* bytes (or units) expected; 0 = unknown */
    const char *unit;     /* NULL: bytes; else what is counted ("sources"), set after start */
    uint64_t done;
    double start, next;   /* monotonic seconds: start, and when the next line is due */
    unsigned countdown;   /* updates until the clock is read again */
    bool tty, shown, off;
} vs_progress_t;

/* Starts reporting on what, total bytes expected (0 unknown). O(1). */
void vs_progress_start(vs_progress_t *p, const char *what, uint64_t total);
/* done bytes so far. Cheap enough to call per record: the clock is read every 256 calls. */
void vs_progress_update(vs_progress_t *p, uint64_t done);
/* Ends the line if one was shown (a final figure on a terminal, a last line elsewhere). */
void vs_progress_end(vs_progress_t *p);
/* The size of the regular file at path, 0 when unknown (a pipe, a device). */
uint64_t vs_progress_file_size(const char *path);

#endif
