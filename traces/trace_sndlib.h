/* trace_sndlib — SNDlib dynamic traffic matrices (one XML file per interval, as in SNDlib's
 * "directed-abilene-zhang-5min" and "directed-geant-uhlig-15min" sets). SNDlib data is under
 * the ZIB Academic License: vroomsim reads it from the user's path and ships none. */
#ifndef TRACE_SNDLIB_H
#define TRACE_SNDLIB_H

#include "trace_tm.h"

/* path: a directory of demandMatrix-*.xml files, a .tar.gz/.tgz/.tar of them (read as a
 * stream through libarchive, nothing unpacked to disk), or one .xml file. Every file must
 * name the same nodes as the first (in time order); demands are converted from the file's
 * <unit> (MBITPERSEC, KBITPERSEC, GBITPERSEC, BITSPERSEC) to bits/s; the interval is the
 * <granularity> ("5min", "15min", ...); times ("20040301-0000") are UTC. Errors name the file
 * (archive member) and line: malformed XML, a demand naming a node <nodes> lacks, negative or
 * non-numeric demands, two files for one time. *out owned by the caller. */
vs_err_t trace_sndlib_load(const char *path, trace_tm_t **out);

#endif
