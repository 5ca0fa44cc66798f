/*
 * pairing.c - minimum-cost flow for the advisor-enterprise pairing (see
 * pairing.h): the primal-dual method, Dijkstra on reduced costs for each
 * round's path length, depth-first sweeps on the arcs of that length.
 */
#include "pairing.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef long long cost_t;
#define INF LLONG_MAX

/*
 * The residual graph in compressed rows: the arcs out of node v are
 * first[v] .. first[v + 1] - 1, in input order; rev[a] is the arc opposite
 * a.  Kept in separate arrays so that a scan touches only what it reads.
 */
typedef struct graph {
    int n, m;
    int *first;
    int *to, *cap, *rev;
    cost_t *cost;
} graph;

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

/* Is arc a admissible: residual capacity and reduced cost 0? */
#define ADMISSIBLE(g, pot, v, a) ((g)->cap[a] > 0 && (g)->cost[a] + (pot)[v] - (pot)[(g)->to[a]] == 0)

/*
 * One unit from u to t along admissible arcs, depth first, never through a
 * node already on the path (onpath), each arc tried once per sweep (iter,
 * so a sweep is one pass over the arcs however many paths it finds); 1 or
 * 0.  A sweep can miss a path; the next one, or the next Dijkstra (at the
 * same length), finds it.
 */
static int
sweep(graph *g, int u, int t, int *onpath, int *iter, const cost_t *pot)
{
    if (u == t)
        return 1;
    onpath[u] = 1;
    for (; iter[u] < g->first[u + 1]; iter[u]++) {
        int a = iter[u], w = g->to[a];

        if (!onpath[w] && ADMISSIBLE(g, pot, u, a) && sweep(g, w, t, onpath, iter, pot)) {
            g->cap[a] -= 1;
            g->cap[g->rev[a]] += 1;
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

/*
 * Lay out the network's arcs (see pairing.h) in g: with pos == NULL only
 * count each node's arcs into g->first[v + 1]; else place each arc and its
 * opposite at pos[tail]++ and note the arcs of the edges in edge_arc.
 */
static void
lay_out(graph *g, int *pos, int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
        cost_t big, int *edge_arc)
{
    int S = 0, T = n_a + n_e + 1, i, u, v, cap, k;
    cost_t c;

    for (k = 0; k < 2 * n_a + n_edges + n_e; k++) {
        if (k < 2 * n_a) {              /* source -> advisor: first unit, second unit */
            i = k / 2;
            u = S, v = 1 + i, cap = k % 2 ? max_per_advisor - 1 : 1, c = k % 2 ? 0 : -big;
            if (cap <= 0)
                continue;
        } else if (k < 2 * n_a + n_edges) {
            i = k - 2 * n_a;
            u = 1 + edges[i].advisor, v = 1 + n_a + edges[i].enterprise, cap = 1, c = -(cost_t) edges[i].score;
        } else {
            i = k - 2 * n_a - n_edges;
            u = 1 + n_a + i, v = T, cap = 1, c = 0;
        }
        if (pos == NULL) {
            g->first[u + 1]++, g->first[v + 1]++;
        } else {
            int a = pos[u]++, b = pos[v]++;

            g->to[a] = v, g->cap[a] = cap, g->cost[a] = c, g->rev[a] = b;
            g->to[b] = u, g->cap[b] = 0, g->cost[b] = -c, g->rev[b] = a;
            if (k >= 2 * n_a && k < 2 * n_a + n_edges)
                edge_arc[k - 2 * n_a] = a;
        }
    }
}

int
pairing_solve(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
              pairing_result *r)
{
    graph g = {0, 0, NULL, NULL, NULL, NULL, NULL};
    int S = 0, T = n_a + n_e + 1, n = n_a + n_e + 2;
    int *edge_arc = NULL, *pos = NULL, *load = NULL, *seen = NULL, *onpath = NULL, *iter = NULL;
    cost_t *pot = NULL, *dist = NULL, big = 1, top = 0;
    heap h = {NULL, NULL, 0};
    int i, flow = 0, rc = -1;

    memset(r, 0, sizeof(*r));
    r->uncovered = r->idle = -1;
    /* any pairing's total is at most n_e times the best score */
    for (i = 0; i < n_edges; i++)
        if (edges[i].score > top)
            top = edges[i].score;
    big += (cost_t) n_e * top;
    g.n = n;
    g.first = calloc((size_t) n + 1, sizeof(int));
    pos = malloc((size_t) n * sizeof(int));
    if (g.first == NULL || pos == NULL)
        goto out;
    lay_out(&g, NULL, n_a, n_e, edges, n_edges, max_per_advisor, big, NULL);
    for (i = 0; i < n; i++)
        g.first[i + 1] += g.first[i];
    g.m = g.first[n];
    g.to = malloc((size_t) (g.m ? g.m : 1) * sizeof(int));
    g.cap = malloc((size_t) (g.m ? g.m : 1) * sizeof(int));
    g.rev = malloc((size_t) (g.m ? g.m : 1) * sizeof(int));
    g.cost = malloc((size_t) (g.m ? g.m : 1) * sizeof(cost_t));
    edge_arc = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(int));
    pot = calloc((size_t) n, sizeof(cost_t));
    dist = malloc((size_t) n * sizeof(cost_t));
    load = calloc((size_t) (n_a ? n_a : 1), sizeof(int));
    seen = calloc((size_t) n, sizeof(int));
    onpath = malloc((size_t) n * sizeof(int));
    iter = malloc((size_t) n * sizeof(int));
    r->assigned = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
    h.d = malloc(((size_t) g.m + (size_t) n + 4) * sizeof(cost_t));
    h.v = malloc(((size_t) g.m + (size_t) n + 4) * sizeof(int));
    if (!g.to || !g.cap || !g.rev || !g.cost || !edge_arc || !pot || !dist || !load || !seen || !onpath ||
        !iter || !r->assigned || !h.d || !h.v)
        goto out;
    memcpy(pos, g.first, (size_t) n * sizeof(int));
    lay_out(&g, pos, n_a, n_e, edges, n_edges, max_per_advisor, big, edge_arc);

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

    /*
     * Primal-dual: Dijkstra on reduced costs (stopping at t) gives the
     * length of the shortest augmenting paths and new potentials; then
     * sweeps over the arcs of reduced cost 0 send paths of that length
     * until a sweep finds none.  Every augmenting path is a shortest one,
     * so the flow stays of least cost; the rounds are few because the
     * scores are small integers.
     */
    for (;;) {
        cost_t d;
        int v, a;

        for (i = 0; i < n; i++)
            dist[i] = INF;
        dist[S] = 0;
        h.n = 0;
        heap_push(&h, 0, S);
        while (h.n > 0) {
            heap_pop(&h, &d, &v);
            if (d > dist[v])
                continue;
            if (v == T)
                break;
            for (a = g.first[v]; a < g.first[v + 1]; a++) {
                cost_t nd;

                if (g.cap[a] <= 0)
                    continue;
                nd = d + g.cost[a] + pot[v] - pot[g.to[a]];
                if (nd < dist[g.to[a]]) {
                    dist[g.to[a]] = nd;
                    heap_push(&h, nd, g.to[a]);
                }
            }
        }
        if (dist[T] == INF)
            break;
        /* nodes farther than t move by t's distance: reduced costs stay >= 0 */
        for (i = 0; i < n; i++)
            pot[i] += dist[i] < dist[T] ? dist[i] : dist[T];
        for (;;) {
            int pushed = 0;

            memcpy(iter, g.first, (size_t) n * sizeof(int));
            memset(onpath, 0, (size_t) n * sizeof(int));
            while (sweep(&g, S, T, onpath, iter, pot))
                pushed++;
            flow += pushed;
            if (pushed == 0)
                break;
        }
    }

    /* read the pairing off the advisor -> enterprise arcs */
    for (i = 0; i < n_e; i++)
        r->assigned[i] = -1;
    for (i = 0; i < n_edges; i++)
        if (g.cap[edge_arc[i]] == 0) {
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
    free(g.first);
    free(g.to);
    free(g.cap);
    free(g.rev);
    free(g.cost);
    free(pos);
    free(edge_arc);
    free(pot);
    free(dist);
    free(load);
    free(seen);
    free(onpath);
    free(iter);
    free(h.d);
    free(h.v);
    if (rc != 0)
        pairing_result_free(r);
    return rc;
}
