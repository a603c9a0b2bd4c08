/* vs_paths — where the data vroomsim ships (hardware profiles, examples, topologies) is
 * found: $VROOMSIM_DATA if set, else the source tree the binary was built from (so a build
 * runs without installing), else the installed share/vroomsim. */
#ifndef VS_PATHS_H
#define VS_PATHS_H

#include <stddef.h>

#include "vs_error.h"

typedef enum { VS_DATA_PROFILES, VS_DATA_EXAMPLES, VS_DATA_TOPOLOGIES } vs_data_kind_t;

/* Writes the directory holding that kind of data into buf. Fails with VS_ENOTFOUND (status
 * 3: an installation problem) when none of the places exists. */
vs_err_t vs_data_dir(vs_data_kind_t kind, char *buf, size_t len);
/* Directory joined with name. */
vs_err_t vs_data_file(vs_data_kind_t kind, const char *name, char *buf, size_t len);

#endif
