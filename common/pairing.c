/*
 * pairing.c - minimum-cost flow for the advisor-enterprise pairing (see
 * pairing.h): the primal-dual method, Dijkstra on reduced costs for each
 * round's path length, depth-first sweeps on the arcs of that length.
 *
 * The network is not built arc by arc.  Its residual arcs follow from a
 * few facts kept per node, because an enterprise takes one unit and an
 * advisor at most max_per_advisor:
 *
 *   source -> advisor a     the first unit (cost -big) while a has none,
 *                           else the next (cost 0) while a has room;
 *   advisor -> enterprise   each candidate edge not in use (cost -score),
 *                           in compressed rows by advisor, input order;
 *   enterprise -> advisor   back along the edge e is matched by, if any
 *                           (cost +score);
 *   enterprise -> sink      while e is unmatched (cost 0).
 *
 * The arcs into the source and out of the sink never lie on a shortest
 * augmenting path from source to sink and are left out.  The result is a
 * few bytes per candidate edge, read in order.
 */
#include "pairing.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef long long cost_t;
#define INF LLONG_MAX

typedef struct row {
    int ent;                    /* the enterprise */
    int score;
} row;

typedef struct net {
    int n_a, n_e, n;            /* nodes: 0 source, 1..n_a advisors, then enterprises, then sink */
    int cap;                    /* max_per_advisor */
    cost_t big;
    int *first;                 /* per advisor: its rows are first[a] .. first[a + 1] - 1 */
    row *rows;                  /* the candidate edges by advisor, input order within each */
    int *orig;                  /* per row: the index in the caller's edges */
    unsigned char *used;        /* per row: the edge carries a unit */
    int *load;                  /* per advisor: units taken */
    int *match;                 /* per enterprise: the row it is matched by, or -1 */
    int *match_adv;             /* per enterprise: that row's advisor */
    int *adm_first;             /* per advisor: this round's rows of reduced cost 0 are */
    int *adm;                   /* adm[adm_first[a] .. adm_first[a + 1] - 1] */
} net;

#define NODE_A(a) (1 + (a))
#define NODE_E(nt, e) (1 + (nt)->n_a + (e))
#define SINK(nt) (1 + (nt)->n_a + (nt)->n_e)

/* The cost of the source's next arc to advisor a, or INF when a is full. */
static cost_t
source_cost(const net *nt, int a)
{
    if (nt->load[a] == 0)
        return -nt->big;
    return nt->load[a] < nt->cap ? 0 : INF;
}

/* An indexed binary heap of nodes by distance, ties by node. */
typedef struct heap {
    int *v;         /* heap order */
    int *at;        /* node -> position, or -1 */
    const cost_t *d;
    int n;
} heap;

static int
heap_less(const heap *h, int i, int j)
{
    cost_t a = h->d[h->v[i]], b = h->d[h->v[j]];

    return a < b || (a == b && h->v[i] < h->v[j]);
}

static void
heap_swap(heap *h, int i, int j)
{
    int t = h->v[i];

    h->v[i] = h->v[j], h->v[j] = t;
    h->at[h->v[i]] = i, h->at[h->v[j]] = j;
}

static void
heap_up(heap *h, int i)
{
    while (i > 0 && heap_less(h, i, (i - 1) / 2)) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

/* Insert v or move it up after its distance fell. */
static void
heap_set(heap *h, int v)
{
    if (h->at[v] < 0) {
        h->v[h->n] = v;
        h->at[v] = h->n++;
    }
    heap_up(h, h->at[v]);
}

static int
heap_pop(heap *h)
{
    int top = h->v[0], i = 0;

    h->n--;
    h->at[top] = -1;
    if (h->n > 0) {
        h->v[0] = h->v[h->n];
        h->at[h->v[0]] = 0;
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
    return top;
}

static void
relax(heap *h, cost_t *dist, int v, cost_t nd)
{
    if (nd < dist[v]) {
        dist[v] = nd;
        heap_set(h, v);
    }
}

/*
 * Shortest distances from the source on reduced costs, stopping when the
 * sink is settled; dist[] of nodes not settled are upper bounds or INF.
 */
static void
dijkstra(const net *nt, const cost_t *pot, cost_t *dist, heap *h)
{
    int S = 0, T = SINK(nt), i, k;

    for (i = 0; i < nt->n; i++)
        dist[i] = INF;
    h->n = 0;
    dist[S] = 0;
    heap_set(h, S);
    while (h->n > 0) {
        int v = heap_pop(h);
        cost_t d = dist[v];

        if (v == T)
            break;
        if (v == S) {
            for (i = 0; i < nt->n_a; i++) {
                cost_t c = source_cost(nt, i);

                if (c != INF)
                    relax(h, dist, NODE_A(i), d + c + pot[S] - pot[NODE_A(i)]);
            }
        } else if (v <= nt->n_a) {
            int a = v - 1;

            for (k = nt->first[a]; k < nt->first[a + 1]; k++)
                if (!nt->used[k]) {
                    int w = NODE_E(nt, nt->rows[k].ent);

                    relax(h, dist, w, d - nt->rows[k].score + pot[v] - pot[w]);
                }
        } else {
            int e = v - 1 - nt->n_a, m = nt->match[e];

            if (m < 0) {
                relax(h, dist, T, d + pot[v] - pot[T]);
            } else {
                int w = NODE_A(nt->match_adv[e]);

                relax(h, dist, w, d + nt->rows[m].score + pot[v] - pot[w]);
            }
        }
    }
    while (h->n > 0)            /* stopped at the sink: empty the heap */
        h->at[h->v[--h->n]] = -1;
}

typedef struct sweep_state {
    net *nt;
    const cost_t *pot;
    int *iter;                  /* per advisor: the next row to try; per enterprise: tried or not */
    unsigned char *onpath;
} sweep_state;

static int sweep_advisor(sweep_state *s, int a);

/*
 * From enterprise e, reached by row k: on to the sink if e is unmatched,
 * else back to the advisor of its match and on from there.  Each is
 * tried once per sweep.  On success e is matched by k.
 */
static int
sweep_enterprise(sweep_state *s, int e, int k, int from)
{
    net *nt = s->nt;
    int v = NODE_E(nt, e), m = nt->match[e];

    if (s->iter[v])
        return 0;
    s->iter[v] = 1;
    if (m < 0) {
        if (s->pot[v] - s->pot[SINK(nt)] != 0)
            return 0;
    } else {
        int a = nt->match_adv[e], w = NODE_A(a);

        if (s->onpath[w] || nt->rows[m].score + s->pot[v] - s->pot[w] != 0 || !sweep_advisor(s, a))
            return 0;
        nt->used[m] = 0;
        s->iter[v] = 0;     /* e may be passed again, now matched by k */
    }
    nt->match[e] = k;
    nt->match_adv[e] = from;
    return 1;
}

/* From advisor a along its unused rows of reduced cost 0 (this round's
 * list), each tried once per sweep; on success the row taken is in use. */
static int
sweep_advisor(sweep_state *s, int a)
{
    net *nt = s->nt;
    int v = NODE_A(a);

    s->onpath[v] = 1;
    for (; s->iter[v] < nt->adm_first[a + 1]; s->iter[v]++) {
        int k = nt->adm[s->iter[v]], w = NODE_E(nt, nt->rows[k].ent);

        if (!nt->used[k] && !s->onpath[w]) {
            s->onpath[w] = 1;
            if (sweep_enterprise(s, nt->rows[k].ent, k, a)) {
                s->onpath[w] = 0;
                s->onpath[v] = 0;
                nt->used[k] = 1;
                s->iter[v]++;
                return 1;
            }
            s->onpath[w] = 0;
        }
    }
    s->onpath[v] = 0;
    return 0;
}

/*
 * One sweep: from the source to every advisor whose next unit has reduced
 * cost 0, as many units as that advisor's paths carry.  Returns the units
 * sent.
 */
static int
sweep(sweep_state *s)
{
    net *nt = s->nt;
    int a, sent = 0;

    for (a = 0; a < nt->n_a; a++)
        s->iter[NODE_A(a)] = nt->adm_first[a];
    for (a = nt->n_e - 1; a >= 0; a--)
        s->iter[NODE_E(nt, a)] = 0;
    for (a = 0; a < nt->n_a; a++) {
        for (;;) {
            cost_t c = source_cost(nt, a);

            if (c == INF || c + s->pot[0] - s->pot[NODE_A(a)] != 0 || !sweep_advisor(s, a))
                break;
            nt->load[a]++;
            sent++;
        }
    }
    return sent;
}

/*
 * This round's rows of reduced cost 0 per advisor.  Potentials hold still
 * through a round's sweeps, so a row's reduced cost does too; only whether
 * it is in use changes.
 */
static void
admissible(net *nt, const cost_t *pot)
{
    int a, k, n = 0;

    for (a = 0; a < nt->n_a; a++) {
        cost_t pa = pot[NODE_A(a)];

        nt->adm_first[a] = n;
        for (k = nt->first[a]; k < nt->first[a + 1]; k++)
            if (-nt->rows[k].score + pa - pot[NODE_E(nt, nt->rows[k].ent)] == 0)
                nt->adm[n++] = k;
    }
    nt->adm_first[nt->n_a] = n;
}

void
pairing_result_free(pairing_result *r)
{
    free(r->assigned);
    free(r->witness_e);
    free(r->witness_a);
    free(r->potential);
    memset(r, 0, sizeof(*r));
}

long
pairing_check(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
              const pairing_result *r)
{
    const long long *p = r->potential;
    long long big = r->bonus, ps, pt;
    int *load, a, e, i;
    long bad = 0;

    if (p == NULL || (load = calloc((size_t) (n_a ? n_a : 1), sizeof(int))) == NULL)
        return -1;
    ps = p[0], pt = p[n_a + n_e + 1];
    for (e = 0; e < n_e; e++) {
        if (r->assigned[e] >= 0)
            load[edges[r->assigned[e]].advisor]++;
        /* enterprise -> sink, or its reverse once used */
        bad += r->assigned[e] >= 0 ? pt - p[1 + n_a + e] < 0 : p[1 + n_a + e] - pt < 0;
    }
    for (a = 0; a < n_a; a++) {
        int second = load[a] > 0 ? load[a] - 1 : 0;
        long long pa = p[1 + a];

        bad += load[a] == 0 ? -big + ps - pa < 0 : big + pa - ps < 0;
        if (second < max_per_advisor - 1)
            bad += ps - pa < 0;
        if (second > 0)
            bad += pa - ps < 0;
    }
    for (i = 0; i < n_edges; i++) {
        long long pa = p[1 + edges[i].advisor], pe = p[1 + n_a + edges[i].enterprise];

        bad += r->assigned[edges[i].enterprise] == i ? edges[i].score + pe - pa < 0
                                                     : -edges[i].score + pa - pe < 0;
    }
    free(load);
    return bad;
}

int
pairing_solve(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
              pairing_result *r)
{
    net nt;
    int n = n_a + n_e + 2, S = 0, T, i, k, flow = 0, rc = -1;
    int *pos = NULL, *iter = NULL, *seen = NULL;
    unsigned char *onpath = NULL;
    cost_t *pot = NULL, *dist = NULL, top = 0;
    heap h = {NULL, NULL, NULL, 0};
    sweep_state ss;

    memset(r, 0, sizeof(*r));
    memset(&nt, 0, sizeof(nt));
    r->uncovered = r->idle = -1;
    nt.n_a = n_a, nt.n_e = n_e, nt.n = n, nt.cap = max_per_advisor;
    T = SINK(&nt);
    nt.first = calloc((size_t) n_a + 1, sizeof(int));
    nt.rows = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(row));
    nt.orig = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(int));
    nt.adm = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(int));
    nt.adm_first = malloc((size_t) (n_a + 1) * sizeof(int));
    nt.used = calloc((size_t) (n_edges ? n_edges : 1), 1);
    nt.load = calloc((size_t) (n_a ? n_a : 1), sizeof(int));
    nt.match = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
    nt.match_adv = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
    pos = malloc((size_t) (n_a ? n_a : 1) * sizeof(int));
    iter = malloc((size_t) n * sizeof(int));
    seen = calloc((size_t) n, sizeof(int));
    onpath = calloc((size_t) n, 1);
    pot = calloc((size_t) n, sizeof(cost_t));
    dist = malloc((size_t) n * sizeof(cost_t));
    h.v = malloc((size_t) n * sizeof(int));
    h.at = malloc((size_t) n * sizeof(int));
    r->assigned = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
    if (!nt.first || !nt.rows || !nt.orig || !nt.adm || !nt.adm_first || !nt.used || !nt.load || !nt.match ||
        !nt.match_adv ||
        !pos || !iter || !seen || !onpath || !pot || !dist || !h.v || !h.at || !r->assigned)
        goto out;
    /* the rows: edges grouped by advisor, in input order within each;
     * any pairing's total is at most n_e times the best score */
    for (i = 0; i < n_edges; i++) {
        nt.first[edges[i].advisor + 1]++;
        if (edges[i].score > top)
            top = edges[i].score;
    }
    if (top > INT_MAX)          /* scores are small (weights up to 9999); refuse what does not fit */
        goto out;
    nt.big = 1 + (cost_t) n_e * top;
    for (i = 0; i < n_a; i++)
        nt.first[i + 1] += nt.first[i];
    memcpy(pos, nt.first, (size_t) n_a * sizeof(int));
    for (i = 0; i < n_edges; i++) {
        k = pos[edges[i].advisor]++;
        nt.rows[k].ent = edges[i].enterprise;
        nt.rows[k].score = (int) edges[i].score;
        nt.orig[k] = i;
    }
    for (i = 0; i < n_e; i++)
        nt.match[i] = -1;
    for (i = 0; i < n; i++)
        h.at[i] = -1;
    h.d = dist;

    /* initial potentials: shortest distances in the acyclic network */
    for (i = 0; i < n; i++)
        pot[i] = INF;
    pot[S] = 0;
    for (i = 0; i < n_a; i++)
        pot[NODE_A(i)] = -nt.big;
    for (i = 0; i < n_edges; i++) {
        int e = NODE_E(&nt, edges[i].enterprise);
        cost_t d = -nt.big - edges[i].score;

        if (d < pot[e])
            pot[e] = d;
    }
    for (i = 0; i < n_e; i++)
        if (pot[NODE_E(&nt, i)] != INF && pot[NODE_E(&nt, i)] < pot[T])
            pot[T] = pot[NODE_E(&nt, i)];
    for (i = 0; i < n; i++)
        if (pot[i] == INF)
            pot[i] = 0;

    /*
     * Primal-dual: Dijkstra on reduced costs (stopping at the sink) gives
     * the length of the shortest augmenting paths and new potentials; then
     * sweeps over the arcs of reduced cost 0 send paths of that length
     * until a sweep finds none.  Every augmenting path is a shortest one,
     * so the flow stays of least cost; the rounds are few because the
     * scores are small integers.  A sweep may miss a path; the next
     * Dijkstra finds it at the same length.
     */
    ss.nt = &nt, ss.pot = pot, ss.iter = iter, ss.onpath = onpath;
    for (;;) {
        int sent;

        dijkstra(&nt, pot, dist, &h);
        if (dist[T] == INF)
            break;
        /* nodes farther than the sink move by its distance: reduced costs stay >= 0 */
        for (i = 0; i < n; i++)
            pot[i] += dist[i] < dist[T] ? dist[i] : dist[T];
        admissible(&nt, pot);
        do {
            sent = sweep(&ss);
            flow += sent;
        } while (sent > 0);
    }

    /* the certificate, then the pairing read off the matches */
    if ((r->potential = malloc((size_t) n * sizeof(long long))) == NULL)
        goto out;
    memcpy(r->potential, pot, (size_t) n * sizeof(long long));
    r->bonus = nt.big;
    for (i = 0; i < n_e; i++) {
        r->assigned[i] = nt.match[i] < 0 ? -1 : nt.orig[nt.match[i]];
        if (nt.match[i] >= 0)
            r->objective += nt.rows[nt.match[i]].score;
    }
    r->covers = r->complete = flow == n_e;
    for (i = 0; i < n_e && r->uncovered < 0; i++)
        if (r->assigned[i] < 0)
            r->uncovered = i;
    for (i = 0; i < n_a && r->idle < 0; i++)
        if (nt.load[i] == 0)
            r->idle = i;
    if (r->idle >= 0)
        r->complete = 0;
    if (r->uncovered >= 0) {
        /*
         * The witness: from the uncovered enterprise, every advisor who could
         * serve it (all full, or the flow would have grown), the enterprises
         * they serve, the advisors who could serve those, and so on.  Who
         * can serve an enterprise comes from its edges, grouped here by
         * enterprise.
         */
        int *frontier = malloc((size_t) (n_e ? n_e : 1) * sizeof(int)), qh = 0, qt = 0;
        int *by_e = calloc((size_t) n_e + 1, sizeof(int)), *fill = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
        int *who = malloc((size_t) (n_edges ? n_edges : 1) * sizeof(int));

        r->witness_e = malloc((size_t) (n_e ? n_e : 1) * sizeof(int));
        r->witness_a = malloc((size_t) (n_a ? n_a : 1) * sizeof(int));
        if (!frontier || !by_e || !fill || !who || !r->witness_e || !r->witness_a) {
            free(frontier), free(by_e), free(fill), free(who);
            goto out;
        }
        for (k = 0; k < n_edges; k++)
            by_e[edges[k].enterprise + 1]++;
        for (i = 0; i < n_e; i++)
            by_e[i + 1] += by_e[i];
        memcpy(fill, by_e, (size_t) n_e * sizeof(int));
        for (k = 0; k < n_edges; k++)
            who[fill[edges[k].enterprise]++] = edges[k].advisor;
        frontier[qt++] = r->uncovered;
        seen[NODE_E(&nt, r->uncovered)] = 1;
        while (qh < qt) {
            int e = frontier[qh++], x;

            r->witness_e[r->n_witness_e++] = e;
            for (x = by_e[e]; x < by_e[e + 1]; x++) {
                int adv = who[x], j;

                if (seen[NODE_A(adv)])
                    continue;
                seen[NODE_A(adv)] = 1;
                r->witness_a[r->n_witness_a++] = adv;
                for (j = nt.first[adv]; j < nt.first[adv + 1]; j++)
                    if (nt.used[j] && !seen[NODE_E(&nt, nt.rows[j].ent)]) {
                        seen[NODE_E(&nt, nt.rows[j].ent)] = 1;
                        frontier[qt++] = nt.rows[j].ent;
                    }
            }
        }
        free(frontier), free(by_e), free(fill), free(who);
    }
    rc = 0;
out:
    free(nt.first);
    free(nt.rows);
    free(nt.orig);
    free(nt.adm);
    free(nt.adm_first);
    free(nt.match_adv);
    free(nt.used);
    free(nt.load);
    free(nt.match);
    free(pos);
    free(iter);
    free(seen);
    free(onpath);
    free(pot);
    free(dist);
    free(h.v);
    free(h.at);
    if (rc != 0)
        pairing_result_free(r);
    return rc;
}
