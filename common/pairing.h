/*
 * pairing.h - the advisor-enterprise pairing as a minimum-cost flow (P8).
 *
 * Every enterprise gets exactly one advisor; every advisor gets at most two
 * enterprises, and as many advisors as can have one get one (all of them
 * when there are enough enterprises); only the candidate pairs given (those
 * the hard constraints allow: tier, prefectures served, no conflict of
 * interest) may be used; among those pairings the total score is the
 * largest possible.
 *
 * Solved exactly by the primal-dual method (Dijkstra with potentials for
 * the length of the shortest augmenting paths, then depth-first sweeps over
 * the arcs of reduced cost 0 until none is left) on
 *   source -> advisor (a first unit with a bonus larger than any total
 *   score, so lower bounds come first, and a second unit)
 *   advisor -> enterprise (capacity 1, cost -score)  enterprise -> sink,
 * kept implicitly: a few bytes per candidate edge (see pairing.c).  The
 * final potentials come with the result as a certificate of optimality
 * that pairing_check verifies on its own.
 * Deterministic for the same input: ties break by input order.
 *
 * When no complete pairing exists, pairing_solve says why with a smallest
 * witness it finds: an uncovered enterprise and the set of enterprises that
 * can only be served by advisors who are all full (more than twice as many
 * enterprises as advisors able to serve them), or an advisor who has no
 * enterprise left.
 */
#ifndef RP_PAIRING_H
#define RP_PAIRING_H

#include <stddef.h>

typedef struct pairing_edge {
    int advisor;        /* index into advisors */
    int enterprise;     /* index into enterprises */
    long score;         /* >= 0 */
} pairing_edge;

typedef struct pairing_result {
    int *assigned;      /* per enterprise: the edge index used, or -1 */
    long objective;     /* total score of the edges used */
    int covers;         /* every enterprise covered (advisors may be left without one) */
    int complete;       /* covers, and every advisor has 1..2 */
    /* when not complete: */
    int uncovered;      /* an enterprise left without an advisor, or -1 */
    int *witness_e;     /* enterprises that only the advisors in witness_a can serve */
    int n_witness_e;
    int *witness_a;     /* those advisors, all full */
    int n_witness_a;
    int idle;           /* an advisor left without an enterprise, or -1 */
    /*
     * A certificate of optimality: the potentials of the network's nodes
     * (source 0, advisors 1..n_a, enterprises n_a+1..n_a+n_e, sink last)
     * and the bonus on an advisor's first unit, under which every residual
     * arc has non-negative reduced cost (see pairing_check).
     */
    long long *potential;
    long long bonus;
} pairing_result;

/*
 * Solve for n_a advisors (capacity max_per_advisor, at least 1 each) and
 * n_e enterprises over the candidate edges.  Returns 0 (see r->complete) or
 * -1 when out of memory.  Free r with pairing_result_free.
 */
int pairing_solve(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
                  pairing_result *r);
void pairing_result_free(pairing_result *r);

/*
 * Check r's certificate against the instance: every residual arc of the
 * flow r->assigned describes (source -> advisor units with the bonus on the
 * first, advisor -> enterprise at -score, enterprise -> sink, and the
 * reverse of each used arc) has cost + p[tail] - p[head] >= 0.  Then no
 * negative cycle exists, so no flow of the same size costs less: with
 * every advisor's first unit used, no pairing scores more.  Reads only the
 * instance, the assignment and the potentials, not the solver's state.
 * Returns the number of arcs that break it: 0 proves r optimal; -1 when
 * there is no certificate.
 */
long pairing_check(int n_a, int n_e, const pairing_edge *edges, int n_edges, int max_per_advisor,
                   const pairing_result *r);

#endif
