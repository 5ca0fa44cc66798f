/*
 * arena.h - a per-request memory arena with a byte budget.
 *
 * Everything decoded for one request lives in one arena and is released at
 * once when the reply has been written (PostgreSQL memory contexts, H2O
 * pools).  The arena doubles as a ProtobufCAllocator so protobuf-c's unpack
 * can never allocate more than the budget, whatever the input claims.
 */
#ifndef RP_ARENA_H
#define RP_ARENA_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    size_t used;        /* bytes handed out, for the budget */
    size_t budget;      /* 0 = unlimited */
    int over_budget;    /* an allocation was refused for the budget */
    ProtobufCAllocator pb;  /* allocator_data points back at the arena */
} arena;

/* Initialise an empty arena that refuses to hand out more than budget bytes. */
void arena_init(arena *a, size_t budget);

/* 16-byte aligned memory, or NULL when the budget or malloc fails. */
void *arena_alloc(arena *a, size_t n);

/* Copy of the n bytes at s plus a NUL; NULL on failure. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Release every chunk; the arena may be reused after arena_init. */
void arena_reset(arena *a);

#endif
