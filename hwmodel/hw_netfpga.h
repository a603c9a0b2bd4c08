/* hw_netfpga — the netfpga backend's extras: access to its register emulator (tests and
 * benchmarks look up packets in it). The backend itself is opened through hw_backend.h. */
#ifndef HW_NETFPGA_H
#define HW_NETFPGA_H

#include "hw_backend.h"
#include "hw_nfemu.h"

/* The emulator behind b, or NULL (a real card, or not a netfpga backend). Owned by b. */
hw_nfemu_t *hw_netfpga_emulator(hw_backend_t *b);

#endif
