#include "vs_arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} chunk_t;

struct vs_arena {
    chunk_t *head;
    size_t chunk_size;
    size_t used;
};

vs_arena_t *vs_arena_create(size_t chunk_size)
{
    vs_arena_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    return a;
}

void vs_arena_destroy(vs_arena_t *arena)
{
    if (!arena)
        return;
    chunk_t *c = arena->head;
    while (c) {
        chunk_t *next = c->next;
        free(c);
        c = next;
    }
    free(arena);
}

void *vs_arena_alloc(vs_arena_t *arena, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    chunk_t *c = arena->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > arena->chunk_size ? size : arena->chunk_size;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->size = cap;
        c->used = 0;
        /* A chunk bigger than the default goes behind the current head so the head keeps
         * its free space for small allocations. */
        if (arena->head && cap > arena->chunk_size) {
            c->next = arena->head->next;
            arena->head->next = c;
        } else {
            c->next = arena->head;
            arena->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    arena->used += size;
    memset(p, 0, size);
    return p;
}

char *vs_arena_strndup(vs_arena_t *arena, const char *s, size_t n)
{
    char *p = vs_arena_alloc(arena, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *vs_arena_strdup(vs_arena_t *arena, const char *s)
{
    return vs_arena_strndup(arena, s, strlen(s));
}

size_t vs_arena_used(const vs_arena_t *arena)
{
    return arena->used;
}
