/*
 * pairing.c - minimum-cost flow for the advisor-enterprise pairing (see
 * pairing.h): successive shortest paths with Dijkstra on reduced costs.
 */
#include "pairing.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef long long cost_t;
#define INF LLONG_MAX

typedef struct arc {
    int to;
    int cap;
    cost_t cost;
    int next;           /* next arc out of the same node, or -1 */
} arc;

typedef struct graph {
    int n;
    int *head;
    arc *arcs;
    int n_arcs, cap_arcs;
} graph;

static int
add_arc(graph *g, int from, int to, int cap, cost_t cost)
{
    arc *a;

    if (g->n_arcs + 2 > g->cap_arcs) {
        int nc = g->cap_arcs ? g->cap_arcs * 2 : 256;
        arc *p = realloc(g->arcs, (size_t) nc * sizeof(arc));

        if (p == NULL)
            return -1;
        g->arcs = p;
        g->cap_arcs = nc;
    }
    a = &g->arcs[g->n_arcs];
    a->to = to, a->cap = cap, a->cost = cost, a->next = g->head[from];
    g->head[from] = g->n_arcs++;
    a = &g->arcs[g->n_arcs];
    a->to = from, a->cap = 0, a->cost = -cost, a->next = g->head[to];
    g->head[to] = g->n_arcs++;
    return g->n_arcs - 2;   /* the forward arc; its reverse is the next one */
}

/* A binary heap of (distance, node), smallest first, ties by node. */
typedef struct heap {
    cost_t *d;
    int *v;
    int n;
} heap;

static int
heap_less(const heap *h, int i, int j)
{
    return h->d[i] < h->d[j] || (h->d[i] == h->d[j] && h->v[i] < h->v[j]);
}

static void
heap_swap(heap *h, int i, int j)
{
    cost_t td = h->d[i];
    int tv = h->v[i];

    h->d[i] = h->d[j], h->v[i] = h->v[j];
    h->d[j] = td, h->v[j] = tv;
}

static void
heap_push(heap *h, cost_t d, int v)
{
    int i = h->n++;

    h->d[i] = d, h->v[i] = v;
    while (i > 0 && heap_less(h, i, (i - 1) / 2)) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void
heap_pop(heap *h, cost_t *d, int *v)
{
    int i = 0;

    *d = h->d[0], *v = h->v[0];
    h->n--;
    h->d[0] = h->d[h->n], h->v[0] = h->v[h->n];
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;

        if (l < h->n && heap_less(h, l, m))
            m = l;
        if (r < h->n && heap_less(h, r, m))
            m = r;
        if (m == i)
            break;
        heap_swap(h, i, m);
        i = m;
    }
}

/* One unit from u to t along admissible arcs not on the path already
 * (onpath), each arc tried once per sweep (iter); 1 or 0. */
static int
augment(graph *g, int u, int t, int *onpath, int *iter, const cost_t *pot)
{
    if (u == t)
        return 1;
    onpath[u] = 1;
    for (; iter[u] >= 0; iter[u] = g->arcs[iter[u]].next) {
        arc *x = &g->arcs[iter[u]];

        if (x->cap > 0 && !onpath[x->to] && x->cost + pot[u] - pot[x->to] == 0 &&
            augment(g, x->to, t, onpath, iter, pot)) {
            x->cap -= 1;
            g->arcs[iter[u] ^ 1].cap += 1;
            onpath[u] = 0;
            return 1;
        }
    }
    onpath[u] = 0;
    return 0;
}

void
pairing_result_free(pairing_result *r)
{
    free(r->assigned);
    free(r->witness_e);
    free(r->witness_a);
    memset(r, 0, sizeof(*r));
}

int
pairing_solve(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
              pairing_result *r)
{
    graph g = {0, NULL, NULL, 0, 0};
    int S = 0, T = n_a + n_e + 1, n = n_a + n_e + 2;
    int *edge_arc = NULL, *prev_arc = NULL, *load = NULL, *seen = NULL, *level = NULL, *iter = NULL, *queue = NULL;
    cost_t *pot = NULL, *dist = NULL, big = 1;
    heap h = {NULL, NULL, 0};
    int i, flow = 0, rc = -1;

    memset(r, 0, sizeof(*r));
    r->uncovered = r->idle = -1;
    for (i = 0; i < n_edges; i++)
        big += edges[i].score > 0 ? edges[i].score : 0;
    g.n = n;
    g.head = malloc((size_t) n * sizeof(int));
    edge_arc = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(int));
    prev_arc = malloc((size_t) n * sizeof(int));
    pot = calloc((size_t) n, sizeof(cost_t));
    dist = malloc((size_t) n * sizeof(cost_t));
    load = calloc((size_t) (n_a ? n_a : 1), sizeof(int));
    seen = calloc((size_t) n, sizeof(int));
    level = malloc((size_t) n * sizeof(int));
    iter = malloc((size_t) n * sizeof(int));
    queue = malloc((size_t) n * sizeof(int));
    r->assigned = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
    h.d = malloc(((size_t) n_edges * 2 + (size_t) n * 4 + 4) * sizeof(cost_t));
    h.v = malloc(((size_t) n_edges * 2 + (size_t) n * 4 + 4) * sizeof(int));
    if (!g.head || !edge_arc || !prev_arc || !pot || !dist || !load || !seen || !level || !iter || !queue ||
        !r->assigned || !h.d || !h.v)
        goto out;
    for (i = 0; i < n; i++)
        g.head[i] = -1;
    /* added in reverse so that the arc lists run in input order */
    for (i = n_a - 1; i >= 0; i--) {
        if (max_per_advisor > 1 && add_arc(&g, S, 1 + i, max_per_advisor - 1, 0) < 0)
            goto out;
        if (add_arc(&g, S, 1 + i, 1, -big) < 0)
            goto out;
    }
    for (i = n_edges - 1; i >= 0; i--)
        if ((edge_arc[i] = add_arc(&g, 1 + edges[i].advisor, 1 + n_a + edges[i].enterprise, 1,
                                   -(cost_t) edges[i].score)) < 0)
            goto out;
    for (i = n_e - 1; i >= 0; i--)
        if (add_arc(&g, 1 + n_a + i, T, 1, 0) < 0)
            goto out;

    /* initial potentials: shortest distances in the acyclic graph */
    for (i = 0; i < n; i++)
        pot[i] = INF;
    pot[S] = 0;
    for (i = 1; i <= n_a; i++)
        pot[i] = -big;
    for (i = 0; i < n_edges; i++) {
        int e = 1 + n_a + edges[i].enterprise;
        cost_t d = -big - edges[i].score;

        if (d < pot[e])
            pot[e] = d;
    }
    for (i = 1 + n_a; i <= n_a + n_e; i++)
        if (pot[i] != INF && pot[i] < pot[T])
            pot[T] = pot[i];
    for (i = 0; i < n; i++)
        if (pot[i] == INF)
            pot[i] = 0;

    for (;;) {
        cost_t d, dmax = 0;
        int v, a;

        for (i = 0; i < n; i++)
            dist[i] = INF, prev_arc[i] = -1;
        dist[S] = 0;
        h.n = 0;
        heap_push(&h, 0, S);
        while (h.n > 0) {
            heap_pop(&h, &d, &v);
            if (d > dist[v])
                continue;
            for (a = g.head[v]; a >= 0; a = g.arcs[a].next) {
                arc *x = &g.arcs[a];
                cost_t nd;

                if (x->cap <= 0)
                    continue;
                nd = d + x->cost + pot[v] - pot[x->to];
                if (nd < dist[x->to]) {
                    dist[x->to] = nd;
                    prev_arc[x->to] = a;
                    heap_push(&h, nd, x->to);
                }
            }
        }
        if (dist[T] == INF)
            break;
        for (i = 0; i < n; i++)
            if (dist[i] != INF && dist[i] > dmax)
                dmax = dist[i];
        for (i = 0; i < n; i++)
            pot[i] += dist[i] != INF ? dist[i] : dmax;
        /*
         * Every shortest path of this length that one sweep finds: depth
         * first along the admissible arcs (reduced cost 0 under the new
         * potentials), each arc tried once per sweep.  A path a sweep misses
         * is found by the next Dijkstra at the same length; a sweep that
         * finds none takes Dijkstra's own path, so every phase augments.
         */
        {
            int pushed = 0;

            for (i = 0; i < n; i++)
                iter[i] = g.head[i], level[i] = 0;     /* level: on the current path */
            while (augment(&g, S, T, level, iter, pot))
                pushed++;
            if (pushed == 0) {
                for (v = T; v != S; v = g.arcs[prev_arc[v] ^ 1].to) {
                    g.arcs[prev_arc[v]].cap -= 1;
                    g.arcs[prev_arc[v] ^ 1].cap += 1;
                }
                pushed = 1;
            }
            flow += pushed;
        }
    }

    /* read the pairing off the advisor -> enterprise arcs */
    for (i = 0; i < n_e; i++)
        r->assigned[i] = -1;
    for (i = 0; i < n_edges; i++)
        if (g.arcs[edge_arc[i]].cap == 0) {
            r->assigned[edges[i].enterprise] = i;
            r->objective += edges[i].score;
            load[edges[i].advisor]++;
        }
    r->complete = flow == n_e;
    for (i = 0; i < n_e && r->uncovered < 0; i++)
        if (r->assigned[i] < 0)
            r->uncovered = i;
    for (i = 0; i < n_a && r->idle < 0; i++)
        if (load[i] == 0)
            r->idle = i;
    if (r->idle >= 0)
        r->complete = 0;
    if (r->uncovered >= 0) {
        /*
         * The witness: from the uncovered enterprise, every advisor who could
         * serve it (all full, or the flow would have grown), the enterprises
         * they serve, the advisors who could serve those, and so on.
         */
        int *frontier = malloc((size_t) (n_e ? n_e : 1) * sizeof(int)), qh = 0, qt = 0, k;

        r->witness_e = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
        r->witness_a = malloc((size_t) (n_a ? n_a : 1) * sizeof(int));
        if (frontier == NULL || r->witness_e == NULL || r->witness_a == NULL) {
            free(frontier);
            goto out;
        }
        memset(seen, 0, (size_t) n * sizeof(int));
        frontier[qt++] = r->uncovered;
        seen[1 + n_a + r->uncovered] = 1;
        while (qh < qt) {
            int e = frontier[qh++];

            r->witness_e[r->n_witness_e++] = e;
            for (k = 0; k < n_edges; k++) {
                int adv = edges[k].advisor, j;

                if (edges[k].enterprise != e || seen[1 + adv])
                    continue;
                seen[1 + adv] = 1;
                r->witness_a[r->n_witness_a++] = adv;
                for (j = 0; j < n_edges; j++)
                    if (edges[j].advisor == adv && r->assigned[edges[j].enterprise] == j &&
                        !seen[1 + n_a + edges[j].enterprise]) {
                        seen[1 + n_a + edges[j].enterprise] = 1;
                        frontier[qt++] = edges[j].enterprise;
                    }
            }
        }
        free(frontier);
    }
    rc = 0;
out:
    free(g.head);
    free(g.arcs);
    free(edge_arc);
    free(prev_arc);
    free(pot);
    free(dist);
    free(load);
    free(seen);
    free(level);
    free(iter);
    free(queue);
    free(h.d);
    free(h.v);
    if (rc != 0)
        pairing_result_free(r);
    return rc;
}
