/*
 * ca.h - signing client certificates for cert.issue.
 *
 * The client makes its own key and a PKCS#10 request; the key never leaves
 * it.  The server signs with the deployment CA's key (config ca_key) a
 * certificate whose subject it chooses itself (the request's subject is
 * ignored: organisations are identified by fingerprint, never by name),
 * for client authentication only.
 */
#ifndef RP_CA_H
#define RP_CA_H

#include <stddef.h>
#include <stdint.h>

typedef struct ca ca;

typedef struct ca_issued {
    char *cert_pem;         /* malloc'd */
    char fingerprint[65];
    char serial[41];
    char subject[128];
    char not_before[32];    /* ISO 8601 UTC */
    char not_after[32];
} ca_issued;

/* Load the CA certificate and key; NULL with a message in err on failure. */
ca *ca_load(const char *cert_file, const char *key_file, char *err, size_t errsz);
void ca_free(ca *a);

/* The CA certificate in PEM (owned by a). */
const char *ca_pem(const ca *a);

/*
 * Sign csr_pem for organisation org_id, valid for days.  Returns 0 and
 * fills out (free out->cert_pem), or RP_EINVAL with a reason in err when the
 * request does not parse or its signature does not verify.  Safe to call
 * from worker threads.
 */
int ca_sign(const ca *a, const char *csr_pem, int64_t org_id, int days,
            ca_issued *out, char *err, size_t errsz);

#endif
