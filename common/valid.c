/*
 * valid.c - check digits and masking (see valid.h; the facts come from
 * docs/internals/validation.md, our copy of the reference).
 */
#include "valid.h"

#include <string.h>

#include "rp.h"

int
valid_id_number(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int sum = 0;
    int i;

    if (strlen(s) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        sum += (s[i] - '0') * w[i];
    }
    /* month 01-12, day 01-31: a cheap sanity check on the birth date */
    {
        int m = (s[10] - '0') * 10 + (s[11] - '0');
        int d = (s[12] - '0') * 10 + (s[13] - '0');

        if (m < 1 || m > 12 || d < 1 || d > 31)
            return 0;
    }
    return s[17] == check[sum % 11];
}

static int
credit_value(char c)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const char *p;

    if (c == '\0')
        return -1;
    p = strchr(set, c);
    return p ? (int) (p - set) : -1;
}

int
valid_credit_code(const char *s)
{
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int sum = 0;
    int osum = 0;
    int i;
    int v;
    int oc;
    char ocheck;

    if (strlen(s) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        v = credit_value(s[i]);
        if (v < 0)
            return 0;
        sum += v * w[i];
    }
    if (s[17] != set[(31 - sum % 31) % 31])
        return 0;
    /* positions 3-8 are a GB/T 2260 area code: digits */
    for (i = 2; i < 8; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    /* organisation code (positions 9-17) has its own check at 17 */
    for (i = 0; i < 8; i++) {
        char c = s[8 + i];

        /* GB 11714 values letters A=10 .. Z=35, unlike GB 32100 */
        v = c <= '9' ? c - '0' : c - 'A' + 10;
        osum += v * ow[i];
    }
    oc = 11 - osum % 11;
    ocheck = oc == 10 ? 'X' : oc == 11 ? '0' : (char) ('0' + oc);
    return s[16] == ocheck;
}

int
valid_mobile(const char *s)
{
    int i;

    if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
        return 0;
    for (i = 2; i < 11; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int
valid_password(const char *s)
{
    size_t n = strlen(s);
    int lower = 0, upper = 0, digit = 0, other = 0;
    size_t i;

    if (n < 10 || n > 128)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];

        if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else
            other = 1;
    }
    return lower + upper + digit + other >= 3;
}

int
valid_mask(const char *s, char *out, size_t outsz)
{
    size_t n = strlen(s);
    size_t keep = n == 11 ? 3 : 4;
    size_t i;

    if (n < 8 || outsz < n + 1)
        return RP_EINVAL;
    for (i = 0; i < n; i++)
        out[i] = (i < keep || i >= n - 4) ? s[i] : '*';
    out[n] = '\0';
    return 0;
}
