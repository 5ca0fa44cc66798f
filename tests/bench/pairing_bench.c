/*
 * pairing_bench.c - the pairing solver (common/pairing.c) on a generated
 * instance with realistic factors, timed, its peak memory taken, and its
 * objective checked against an independent LP solution of the same
 * instance by glpsol (glpk-utils): the bipartite constraint matrix is
 * totally unimodular, so the LP optimum is the integer optimum.
 *
 *   pairing_bench ADVISORS ENTERPRISES SEED LPFILE|-
 *
 * Prints one line: advisors=… enterprises=… candidates=… ms=… rss_kb=…
 * objective=… complete=… certificate=holds|BROKEN check_ms=…; the
 * certificate is the solver's potentials checked by pairing_check (every
 * residual arc of non-negative reduced cost: optimal).  The LP goes to
 * LPFILE for glpsol unless it is "-".
 *
 * The instance: 8 prefectures; each advisor serves its home prefecture and
 * up to two more, has 2–4 of the 10 specialisms and knows 2–5 of the 20
 * industry sections; each enterprise is in one prefecture and section with
 * 1–3 of the 6 difficulties; 1 % of the pairs are excluded as conflicts;
 * score = 5 × specialisms meeting a difficulty + 3 × industry known + 2 ×
 * same prefecture as the advisor's institution (the defaults of
 * pairing.inputs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "pairing.h"

/* difficulty -> specialisms that meet it (sql/024_pairing.sql) */
static const int meets[6][5] = {
    {0, 1, 2, 4, 3},    /* financing: credit bonds equity guarantee insurance */
    {2, 1, -1, -1, -1}, /* capital markets: equity bonds */
    {7, 9, -1, -1, -1}, /* management: governance policy */
    {6, -1, -1, -1, -1},/* financial discipline: accounting */
    {8, 5, -1, -1, -1}, /* risk: risk law */
    {0, 5, -1, -1, -1}, /* credit: credit law */
};

static double
ms(struct timespec a, struct timespec b)
{
    return (double) (b.tv_sec - a.tv_sec) * 1e3 + (double) (b.tv_nsec - a.tv_nsec) / 1e6;
}

/* The LP rows of each enterprise (= 1) or each advisor (1..2). */
static void
constraints(FILE *lp, const pairing_edge *ed, int n_ed, int n, int advisors)
{
    int *cnt = calloc((size_t) n + 1, sizeof(int)), *at = malloc(sizeof(int) * ((size_t) n_ed + 1)), *pos, i, k;

    pos = calloc((size_t) n + 1, sizeof(int));
    for (k = 0; k < n_ed; k++)
        cnt[(advisors ? ed[k].advisor : ed[k].enterprise) + 1]++;
    for (i = 0; i < n; i++)
        cnt[i + 1] += cnt[i];
    memcpy(pos, cnt, sizeof(int) * (size_t) n);
    for (k = 0; k < n_ed; k++)
        at[pos[advisors ? ed[k].advisor : ed[k].enterprise]++] = k;
    for (i = 0; i < n; i++) {
        int pass;

        for (pass = 0; pass < (advisors ? 2 : 1); pass++) {
            fprintf(lp, " %c%d:", advisors ? "ab"[pass] : 'e', i);
            for (k = cnt[i]; k < cnt[i + 1]; k++)
                fprintf(lp, " + x%d", at[k]);
            fprintf(lp, "%s %s\n", cnt[i] < cnt[i + 1] ? "" : " 0 x0",
                    !advisors ? "= 1" : pass == 0 ? ">= 1" : "<= 2");
        }
    }
    free(cnt);
    free(at);
    free(pos);
}

int
main(int argc, char **argv)
{
    int n_a, n_e, i, j, k, cap = 0, n_ed = 0;
    unsigned seed;
    int *a_home, *a_pref, *a_spec, *a_sec, *e_pref, *e_sec, *e_diff;
    pairing_edge *ed = NULL;
    pairing_result r;
    struct timespec t0, t1, t2, t3;
    long bad;
    struct rusage ru;
    FILE *lp;

    if (argc != 5) {
        fprintf(stderr, "usage: pairing_bench ADVISORS ENTERPRISES SEED LPFILE\n");
        return 2;
    }
    n_a = atoi(argv[1]);
    n_e = atoi(argv[2]);
    seed = (unsigned) strtoul(argv[3], NULL, 10);
    a_home = malloc(sizeof(int) * (size_t) n_a);
    a_pref = malloc(sizeof(int) * (size_t) n_a);     /* bit mask of 8 */
    a_spec = malloc(sizeof(int) * (size_t) n_a);     /* bit mask of 10 */
    a_sec = malloc(sizeof(int) * (size_t) n_a);      /* bit mask of 20 */
    e_pref = malloc(sizeof(int) * (size_t) n_e);
    e_sec = malloc(sizeof(int) * (size_t) n_e);
    e_diff = malloc(sizeof(int) * (size_t) n_e);     /* bit mask of 6 */
    for (i = 0; i < n_a; i++) {
        int extra = (int) (rand_r(&seed) % 3), ns = 2 + (int) (rand_r(&seed) % 3), nk = 2 + (int) (rand_r(&seed) % 4);

        a_home[i] = (int) (rand_r(&seed) % 8);
        a_pref[i] = 1 << a_home[i];
        for (k = 0; k < extra; k++)
            a_pref[i] |= 1 << (rand_r(&seed) % 8);
        a_spec[i] = 0;
        for (k = 0; k < ns; k++)
            a_spec[i] |= 1 << (rand_r(&seed) % 10);
        a_sec[i] = 0;
        for (k = 0; k < nk; k++)
            a_sec[i] |= 1 << (rand_r(&seed) % 20);
    }
    for (j = 0; j < n_e; j++) {
        int nd = 1 + (int) (rand_r(&seed) % 3);

        e_pref[j] = (int) (rand_r(&seed) % 8);
        e_sec[j] = (int) (rand_r(&seed) % 20);
        e_diff[j] = 0;
        for (k = 0; k < nd; k++)
            e_diff[j] |= 1 << (rand_r(&seed) % 6);
    }
    for (j = 0; j < n_e; j++)
        for (i = 0; i < n_a; i++) {
            int spec = 0, s, d;

            if (!(a_pref[i] & (1 << e_pref[j])) || rand_r(&seed) % 100 == 0)
                continue;
            for (s = 0; s < 10; s++) {
                int hit = 0;

                if (!(a_spec[i] & (1 << s)))
                    continue;
                for (d = 0; d < 6; d++)
                    if (e_diff[j] & (1 << d))
                        for (k = 0; k < 5; k++)
                            hit |= meets[d][k] == s;
                spec += hit;
            }
            if (n_ed == cap) {
                cap = cap ? cap * 2 : 1 << 16;
                ed = realloc(ed, sizeof(*ed) * (size_t) cap);
            }
            ed[n_ed].advisor = i;
            ed[n_ed].enterprise = j;
            ed[n_ed].score = 5 * spec + 3 * ((a_sec[i] >> e_sec[j]) & 1) + 2 * (a_home[i] == e_pref[j]);
            n_ed++;
        }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (pairing_solve(n_a, n_e, ed, n_ed, 2, &r) != 0) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_SELF, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    bad = pairing_check(n_a, n_e, ed, n_ed, 2, &r);
    clock_gettime(CLOCK_MONOTONIC, &t3);
    printf("advisors=%d enterprises=%d candidates=%d ms=%.0f rss_kb=%ld objective=%ld complete=%d "
           "certificate=%s check_ms=%.0f\n", n_a, n_e, n_ed, ms(t0, t1), ru.ru_maxrss, r.objective, r.complete,
           bad == 0 ? "holds" : "BROKEN", ms(t2, t3));
    pairing_result_free(&r);
    free(a_home), free(a_pref), free(a_spec), free(a_sec), free(e_pref), free(e_sec), free(e_diff);
    if (strcmp(argv[4], "-") == 0) {
        free(ed);
        return bad == 0 ? 0 : 1;
    }
    /* the same instance as an LP for glpsol */
    lp = fopen(argv[4], "w");
    if (lp == NULL)
        return 1;
    fprintf(lp, "Maximize\n obj:");
    for (k = 0; k < n_ed; k++)
        fprintf(lp, " + %ld x%d", ed[k].score, k);
    fprintf(lp, "\nSubject To\n");
    constraints(lp, ed, n_ed, n_e, 0);
    constraints(lp, ed, n_ed, n_a, 1);
    fprintf(lp, "Bounds\n");
    for (k = 0; k < n_ed; k++)
        fprintf(lp, " 0 <= x%d <= 1\n", k);
    fprintf(lp, "End\n");
    fclose(lp);
    free(ed);
    return bad == 0 ? 0 : 1;
}
