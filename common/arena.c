/*
 * arena.c - bump allocator in chunks, with a byte budget (see arena.h).
 * Individual frees are no-ops; arena_reset releases everything.
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 4096

struct arena_chunk {
    arena_chunk *next;
    size_t size;
    size_t off;
    _Alignas(16) unsigned char data[];
};

static void *
pb_alloc(void *data, size_t n)
{
    return arena_alloc(data, n);
}

static void
pb_free(void *data, void *p)
{
    (void) data;
    (void) p;
}

void
arena_init(arena *a, size_t budget)
{
    a->head = NULL;
    a->used = 0;
    a->budget = budget;
    a->over_budget = 0;
    a->pb.alloc = pb_alloc;
    a->pb.free = pb_free;
    a->pb.allocator_data = a;
}

void *
arena_alloc(arena *a, size_t n)
{
    arena_chunk *c = a->head;
    size_t need = (n + 15) & ~(size_t) 15;
    void *p;

    if (need < n)
        return NULL;
    if (a->budget && (need > a->budget || a->used > a->budget - need)) {
        a->over_budget = 1;
        return NULL;
    }
    if (c == NULL || c->size - c->off < need) {
        size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;

        c = malloc(sizeof(*c) + size);
        if (c == NULL)
            return NULL;
        c->size = size;
        c->off = 0;
        c->next = a->head;
        a->head = c;
    }
    p = c->data + c->off;
    c->off += need;
    a->used += need;
    return p;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void
arena_reset(arena *a)
{
    arena_chunk *c = a->head;

    while (c != NULL) {
        arena_chunk *next = c->next;

        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
}
