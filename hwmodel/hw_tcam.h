/* hw_tcam — the entry-move model of a TCAM FIB kept in prefix-length order.
 *
 * Longest-prefix match in a TCAM takes the first matching entry, so entries are stored in
 * blocks of equal prefix length, longest first, free space at the end:
 *     [ /32 block ][ /31 block ] ... [ /0 block ][ free ]
 * Only the table's shape matters for the cost, so the state is the size of each block.
 *   insert /L: the new entry goes at the end of block L; every non-empty block of a shorter
 *     length shifts down by one slot, which takes ONE move (its first entry is rewritten
 *     past its last). Moves = number of non-empty blocks shorter than L.
 *   remove /L: the table stays compact: the hole is filled by block L's last entry (one
 *     move unless the block held only that entry - the position of the removed entry is not
 *     tracked, so it is counted as not the last), then every non-empty shorter block moves
 *     its last entry up into the slot freed before it (one move each).
 * A write (the entry itself) is not a move; callers charge (1 + moves) writes. */
#ifndef HW_TCAM_H
#define HW_TCAM_H

#include <stdint.h>

#include "vs_error.h"

typedef struct hw_tcam hw_tcam_t;

/* width_bits 32 or 128; capacity in entries, 0 = unlimited. *out freed by hw_tcam_destroy. */
vs_err_t hw_tcam_create(int width_bits, int64_t capacity, hw_tcam_t **out);
void hw_tcam_destroy(hw_tcam_t *t);
/* Fails with VS_ERANGE when full or len is out of range; *moves gets the entry moves. O(width). */
vs_err_t hw_tcam_insert(hw_tcam_t *t, int len, int64_t *moves);
/* Fails with VS_ENOTFOUND when block len is empty. O(width). */
vs_err_t hw_tcam_remove(hw_tcam_t *t, int len, int64_t *moves);
int64_t hw_tcam_entries(const hw_tcam_t *t);
int64_t hw_tcam_block(const hw_tcam_t *t, int len);
/* Moves counted since creation. */
int64_t hw_tcam_total_moves(const hw_tcam_t *t);

#endif
