/*
 * enterprise.h - the codes of an enterprise's profile (enterprise.c); its
 * commands are declared in cmdtab.h.
 */
#ifndef RP_ENTERPRISE_H
#define RP_ENTERPRISE_H

/* Chinese words for the profile's codes (ownership, urgency, difficulties),
 * and back; the value itself when it is none of them. */
const char *enterprise_label(const char *field, const char *value);
const char *enterprise_code(const char *field, const char *word);

#endif
