/*
 * log.h - one line per event on standard error:
 *   2026-11-27T08:00:00.123Z INFO  conn=12 req=7 org=3 user=5 method=org.list status=OK ms=1.8
 * Callers never pass passwords, session tokens or personal numbers; the
 * request line (log_request) is built from fixed fields only.
 */
#ifndef RP_LOG_H
#define RP_LOG_H

#include <stdint.h>

/* NOTICE (start, ready, stop) is printed whatever the level. */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_NOTICE };

void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_info(c, ...) log_msg(LOG_INFO, c, __VA_ARGS__)
#define log_warn(c, ...) log_msg(LOG_WARN, c, __VA_ARGS__)
#define log_error(c, ...) log_msg(LOG_ERROR, c, __VA_ARGS__)
#define log_debug(c, ...) log_msg(LOG_DEBUG, c, __VA_ARGS__)
#define log_notice(c, ...) log_msg(LOG_NOTICE, c, __VA_ARGS__)

#endif
