/*
 * config.c - parse rongpeid's configuration (see config.h).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp.h"

#define S(f) offsetof(config, f), sizeof(((config *) 0)->f)
#define I(f) offsetof(config, f), 0

static const struct {
    const char *name;
    size_t off;
    size_t size;    /* 0 = int */
} keys[] = {
    {"listen_host", S(listen_host)},
    {"port", I(port)},
    {"cert", S(cert)},
    {"key", S(key)},
    {"ca", S(ca)},
    {"ca_key", S(ca_key)},
    {"pii_key", S(pii_key)},
    {"database", S(database)},
    {"owner_database", S(owner_database)},
    {"sql_dir", S(sql_dir)},
    {"db_pool", I(db_pool)},
    {"db_queue", I(db_queue)},
    {"max_conns", I(max_conns)},
    {"max_in_flight", I(max_in_flight)},
    {"max_frame", I(max_frame)},
    {"max_frame_anon", I(max_frame_anon)},
    {"idle_timeout_s", I(idle_timeout_s)},
    {"handshake_timeout_s", I(handshake_timeout_s)},
    {"shutdown_timeout_s", I(shutdown_timeout_s)},
    {"cert_refresh_ms", I(cert_refresh_ms)},
    {"write_high_water", I(write_high_water)},
    {"argon2_t_cost", I(argon2_t_cost)},
    {"argon2_m_kib", I(argon2_m_kib)},
    {"log_level", S(log_level)},
    {"strict_replies", I(strict_replies)},
};

static int
set_key(config *cfg, const char *name, const char *value, char *err, int errsz)
{
    size_t i;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char *field = (char *) cfg + keys[i].off;

        if (strcmp(keys[i].name, name) != 0)
            continue;
        if (keys[i].size == 0) {
            char *end;
            long v;

            errno = 0;
            v = strtol(value, &end, 10);
            if (errno != 0 || end == value || *end != '\0' || v < 0 || v > 1000000000) {
                snprintf(err, (size_t) errsz, "%s: not a non-negative integer: \"%s\"", name, value);
                return RP_ECONFIG;
            }
            *(int *) field = (int) v;
        } else {
            if (strlen(value) >= keys[i].size) {
                snprintf(err, (size_t) errsz, "%s: value too long", name);
                return RP_ECONFIG;
            }
            memcpy(field, value, strlen(value) + 1);
        }
        return 0;
    }
    snprintf(err, (size_t) errsz, "unknown setting \"%s\"", name);
    return RP_ECONFIG;
}

static char *
trim(char *s)
{
    char *e;

    while (isspace((unsigned char) *s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char) e[-1]))
        *--e = '\0';
    return s;
}

int
config_load(config *cfg, const char *path, char *err, int errsz)
{
    char line[1200];
    char msg[256];
    int lineno = 0;
    size_t i;
    FILE *f;

    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->listen_host, sizeof(cfg->listen_host), "127.0.0.1");
    cfg->port = 7443;
    snprintf(cfg->database, sizeof(cfg->database), "dbname=rongpei user=rongpei_app");
    snprintf(cfg->owner_database, sizeof(cfg->owner_database), "dbname=rongpei");
    snprintf(cfg->sql_dir, sizeof(cfg->sql_dir), "sql");
    snprintf(cfg->log_level, sizeof(cfg->log_level), "info");
    cfg->db_pool = 4;
    cfg->db_queue = 4096;
    cfg->max_conns = 10000;
    cfg->max_in_flight = 16;
    cfg->max_frame = (int) RP_MAX_FRAME;
    cfg->max_frame_anon = (int) RP_MAX_FRAME_ANON;
    cfg->idle_timeout_s = 300;
    cfg->handshake_timeout_s = 10;
    cfg->shutdown_timeout_s = 10;
    cfg->cert_refresh_ms = 2000;
    cfg->write_high_water = 1 << 20;
    cfg->argon2_t_cost = 2;
    cfg->argon2_m_kib = 19456;

    if (path != NULL) {
        f = fopen(path, "r");
        if (f == NULL) {
            snprintf(err, (size_t) errsz, "cannot open %s: %s", path, strerror(errno));
            return RP_ECONFIG;
        }
        while (fgets(line, sizeof(line), f) != NULL) {
            char *eq, *k, *v;

            lineno++;
            k = trim(line);
            if (*k == '\0' || *k == '#')
                continue;
            eq = strchr(k, '=');
            if (eq == NULL) {
                snprintf(err, (size_t) errsz, "%s:%d: expected key = value", path, lineno);
                fclose(f);
                return RP_ECONFIG;
            }
            *eq = '\0';
            k = trim(k);
            v = trim(eq + 1);
            if (set_key(cfg, k, v, msg, sizeof(msg)) != 0) {
                snprintf(err, (size_t) errsz, "%s:%d: %s", path, lineno, msg);
                fclose(f);
                return RP_ECONFIG;
            }
        }
        fclose(f);
    }
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char env[64];
        size_t j;
        const char *v;

        snprintf(env, sizeof(env), "RONGPEID_%s", keys[i].name);
        for (j = 9; env[j]; j++)
            env[j] = (char) toupper((unsigned char) env[j]);
        v = getenv(env);
        if (v != NULL && set_key(cfg, keys[i].name, v, msg, sizeof(msg)) != 0) {
            snprintf(err, (size_t) errsz, "environment %s: %s", env, msg);
            return RP_ECONFIG;
        }
    }
    if (cfg->max_frame_anon > cfg->max_frame || cfg->max_frame < 1024 ||
        cfg->max_in_flight < 1 || cfg->db_pool < 1 || cfg->db_pool > 64 || cfg->cert_refresh_ms < 100) {
        snprintf(err, (size_t) errsz, "limits out of range (max_frame >= 1024, "
                 "max_frame_anon <= max_frame, max_in_flight >= 1, db_pool 1..64, cert_refresh_ms >= 100)");
        return RP_ECONFIG;
    }
    return 0;
}
