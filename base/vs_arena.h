/* vs_arena — a bump allocator that owns everything allocated from it until vs_arena_destroy.
 * Configurations are parsed into one and are immutable afterwards; runs use their own. */
#ifndef VS_ARENA_H
#define VS_ARENA_H

#include <stddef.h>

typedef struct vs_arena vs_arena_t;

/* Returns NULL when out of memory. chunk_size 0 picks a default (64 KiB). */
vs_arena_t *vs_arena_create(size_t chunk_size);
void vs_arena_destroy(vs_arena_t *arena);
/* Zeroed memory aligned for any type, owned by the arena; NULL when out of memory. */
void *vs_arena_alloc(vs_arena_t *arena, size_t size);
/* Copies of strings owned by the arena; NULL when out of memory. */
char *vs_arena_strdup(vs_arena_t *arena, const char *s);
char *vs_arena_strndup(vs_arena_t *arena, const char *s, size_t n);
/* Bytes handed out so far (for statistics). */
size_t vs_arena_used(const vs_arena_t *arena);

#endif
