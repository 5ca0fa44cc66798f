/*
 * cutproxy.c - a TCP relay that drops the link on purpose, for the team
 * sync tests: the real client talks real TLS to the real server through
 * it, and the link fails the way a prefecture's line does.
 *
 *   cutproxy LISTEN_PORT UPSTREAM_PORT MODE_FILE LOG_FILE
 *
 * MODE_FILE is read at every new connection and holds one of:
 *   pass      relay both ways
 *   cut N     close both sides once N bytes have gone upstream: the request
 *             is cut off mid-upload and never reaches the server whole
 *   drop N    once N bytes have gone upstream, relay the rest of the upload
 *             but close both sides at the first byte of the answer: the
 *             server did the work, the client never hears of it
 * Every connection appends "up=BYTES down=BYTES mode=MODE" to LOG_FILE.
 * Connections are served one at a time, as one rongpei process makes them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
listen_on(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (fd < 0 || bind(fd, (struct sockaddr *) &a, sizeof(a)) != 0 || listen(fd, 16) != 0) {
        perror("cutproxy: listen");
        exit(1);
    }
    return fd;
}

static int
connect_to(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *) &a, sizeof(a)) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

static int
write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static void
serve(int cfd, int upstream, const char *mode_file, const char *log_file)
{
    char mode[64] = "pass", buf[16384];
    long limit = 0, up = 0, down = 0;
    FILE *f = fopen(mode_file, "r");
    int sfd;

    if (f != NULL) {
        if (fgets(mode, sizeof(mode), f) == NULL)
            snprintf(mode, sizeof(mode), "pass");
        fclose(f);
    }
    mode[strcspn(mode, "\r\n")] = '\0';
    if (strncmp(mode, "cut ", 4) == 0 || strncmp(mode, "drop ", 5) == 0)
        limit = strtol(strchr(mode, ' ') + 1, NULL, 10);
    sfd = connect_to(upstream);
    if (sfd < 0) {
        close(cfd);
        return;
    }
    for (;;) {
        struct pollfd p[2] = {{cfd, POLLIN, 0}, {sfd, POLLIN, 0}};
        ssize_t n;

        if (poll(p, 2, 30000) <= 0)
            break;
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            n = read(cfd, buf, sizeof(buf));
            if (n <= 0)
                break;
            if (mode[0] == 'c' && up + n >= limit) {
                write_all(sfd, buf, (size_t) (limit - up));
                up = limit;
                break;
            }
            if (write_all(sfd, buf, (size_t) n) != 0)
                break;
            up += n;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            n = read(sfd, buf, sizeof(buf));
            if (n <= 0)
                break;
            if (mode[0] == 'd' && up >= limit)
                break;
            if (write_all(cfd, buf, (size_t) n) != 0)
                break;
            down += n;
        }
    }
    close(cfd);
    close(sfd);
    f = fopen(log_file, "a");
    if (f != NULL) {
        fprintf(f, "up=%ld down=%ld mode=%s\n", up, down, mode);
        fclose(f);
    }
}

int
main(int argc, char **argv)
{
    int lfd;

    if (argc != 5) {
        fprintf(stderr, "usage: cutproxy LISTEN_PORT UPSTREAM_PORT MODE_FILE LOG_FILE\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    lfd = listen_on(atoi(argv[1]));
    {
        /* the test waits for this line before it uses the relay */
        FILE *log = fopen(argv[4], "a");

        if (log != NULL) {
            fprintf(log, "listening\n");
            fclose(log);
        }
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);

        if (cfd < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        serve(cfd, atoi(argv[2]), argv[3], argv[4]);
    }
}
