/*
 * valid.h - validation of the identifiers the program depends on, each with
 * its published check digit (../docs/internals/validation.md):
 *   GB 11643-1999 resident identity numbers,
 *   GB 32100-2015 unified social credit codes (and GB 11714 organisation codes),
 *   mainland mobile numbers,
 * plus masking for display and the password complexity rule.
 *
 * Every valid_* function returns 1 when valid, 0 when not, and never reads
 * past the NUL.
 */
#ifndef RP_VALID_H
#define RP_VALID_H

#include <stddef.h>

int valid_id_number(const char *s);
int valid_credit_code(const char *s);
int valid_mobile(const char *s);

/*
 * Password rule: 10 to 128 bytes, at least three of: lower case, upper case,
 * digit, other.  Returns 1 when acceptable.
 */
int valid_password(const char *s);

/*
 * Mask for display: mobiles keep 3 + last 4 ("138****1234"), identity
 * numbers keep 4 + last 4 ("1101**********002X").  Writes at most outsz
 * bytes including the NUL; returns 0, or RP_EINVAL for an input it cannot
 * mask (shorter than 8 bytes).
 */
int valid_mask(const char *s, char *out, size_t outsz);

#endif
