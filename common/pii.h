/*
 * pii.h - encryption of personal numbers (identity number, mobile).
 *
 * Encrypt-then-MAC: SM4-CTR with a random 16-byte IV, then HMAC-SM3 over
 * version || IV || ciphertext (OpenSSL 3.0 has no SM4-GCM).  The three keys
 * (encryption, MAC, blind index) are derived with HMAC-SM3 from one 32-byte
 * master key kept in a file outside the database (docs/security.md).
 *
 * Sealed form, hex-encoded for transport to SQL:
 *   0x01 | IV(16) | ciphertext(n) | tag(32)
 * The blind index is HMAC-SM3(index key, plaintext): equal plaintexts give
 * equal indexes, so uniqueness can be enforced without decrypting.
 */
#ifndef RP_PII_H
#define RP_PII_H

#include <stddef.h>
#include <stdint.h>

typedef struct pii_keys {
    uint8_t enc[16];
    uint8_t mac[32];
    uint8_t idx[32];
} pii_keys;

/*
 * Read a master key file: 64 hex digits (whitespace around them allowed).
 * Returns 0, RP_EIO when the file cannot be read, RP_ECONFIG when malformed.
 */
int pii_keys_load(const char *path, pii_keys *k);

/* Derive the three keys from a 32-byte master key. */
int pii_keys_derive(const uint8_t master[32], pii_keys *k);

/* Seal plaintext; *hex is malloc'd and NUL-terminated. */
int pii_seal(const pii_keys *k, const char *plain, char **hex);

/*
 * Open a sealed hex string; *plain is malloc'd.  RP_EAUTH when the tag does
 * not match (tampered or wrong key), RP_EINVAL when malformed.
 */
int pii_open(const pii_keys *k, const char *hex, char **plain);

/* Blind index as 64 hex digits plus NUL in out[65]. */
int pii_index(const pii_keys *k, const char *plain, char out[65]);

#endif
