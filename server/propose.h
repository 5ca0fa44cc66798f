/*
 * propose.h - pairing.propose: the solver run by the server (propose.c).
 */
#ifndef RP_PROPOSE_H
#define RP_PROPOSE_H

#include <stddef.h>

#include <jansson.h>

/*
 * On a worker thread: read the tier's inputs in one snapshot over a
 * connection of its own (conninfo: the application role), as the caller
 * who[] = {session hash, certificate fingerprint, request id, peer} - the
 * database checks that caller again - with the request args; solve; check
 * the certificate; add args.solution.  Returns 0, or -1 with the status and
 * the message for the caller.
 */
int propose_solve(const char *conninfo, const char *const who[4], json_t *args, int *status, char *msg,
                  size_t msgsz);

#endif
