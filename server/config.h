/*
 * config.h - rongpeid configuration: a file of `key = value` lines (see
 * docs/rongpeid.conf.example), then RONGPEID_<KEY> environment variables
 * override single keys.
 */
#ifndef RP_CONFIG_H
#define RP_CONFIG_H

typedef struct config {
    char listen_host[64];
    int port;
    char cert[512], key[512], ca[512];   /* server certificate, key, client CA */
    char ca_key[512];                    /* CA key for cert.issue; empty = none */
    char pii_key[512];                   /* master key for personal numbers */
    char database[1024];                 /* libpq conninfo for the application role */
    char owner_database[1024];           /* conninfo of the schema owner: migrate, adduser */
    char sql_dir[512];                   /* migrations, for `rongpeid migrate` */
    int db_pool;                         /* connections */
    int db_queue;                        /* queued calls before "unavailable" */
    int max_conns;
    int max_in_flight;
    int max_frame;
    int max_frame_anon;
    int idle_timeout_s;
    int handshake_timeout_s;
    int shutdown_timeout_s;
    int cert_refresh_ms;                 /* how often the handshake's refused-certificate set is reloaded */
    int write_high_water;                /* bytes queued before reads pause */
    int argon2_t_cost, argon2_m_kib;
    char log_level[16];
    int strict_replies;                  /* a reply key that is no field of its message is an error (tests) */
} config;

/* Defaults, then the file (if path is not NULL), then the environment.
 * Returns 0, or RP_ECONFIG with a message naming the line in err. */
int config_load(config *cfg, const char *path, char *err, int errsz);

#endif
