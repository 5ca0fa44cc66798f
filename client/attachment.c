/*
 * attachment.c - rongpei attachment add|get: a photo or document read from
 * a file and sent base64 (the server tells its type from its bytes, checks
 * its size and keeps its SM3 digest), and one fetched back into a file,
 * its SM3 digest checked against the one the server keeps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cmdtab.h"
#include "csv.h"
#include "digest.h"
#include "rongpei.pb-c.h"
#include "rp.h"

/* What fits in one frame once base64-encoded: larger is refused here,
 * before it is sent (the server's own limit, attachment_max_bytes, is lower). */
#define ATTACH_READ_MAX ((RP_MAX_FRAME - 65536u) / 4 * 3)

int
cmd_attachment_add(cli *c, cmd_args *a)
{
    Rongpei__AttachmentAddRequest *rq = (Rongpei__AttachmentAddRequest *) a->req;
    const char *path = arg_str(a, "file"), *base = strrchr(path, '/');
    char err[256];
    size_t len = 0;
    char *data = file_slurp(path, &len, err, sizeof(err));
    char *b64;

    if (data == NULL) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_USAGE_;
    }
    if (len == 0 || len > ATTACH_READ_MAX) {
        fprintf(stderr, "rongpei: %s %s\n", path, len == 0 ? "是空文件" : "太大：附件至多 2 MB");
        free(data);
        return EX_USAGE_;
    }
    b64 = arena_alloc(&a->a, 4 * ((len + 2) / 3) + 1);
    if (b64 == NULL) {
        free(data);
        return EX_FAIL;
    }
    EVP_EncodeBlock((unsigned char *) b64, (const unsigned char *) data, (int) len);
    free(data);
    rq->name = arena_strndup(&a->a, base ? base + 1 : path, strlen(base ? base + 1 : path));
    rq->content_base64 = b64;
    return cmd_run(c, a);
}

int
cmd_attachment_get(cli *c, cmd_args *a)
{
    const char *out = arg_str(a, "out");
    rpc_result res;
    int rc;

    if (access(out, F_OK) == 0) {
        fprintf(stderr, "rongpei: %s 已存在，未覆盖\n", out);
        return EX_FAIL;
    }
    rc = cli_call(c, "attachment.get", a->req, &res);

    if (rc == 0) {
        Rongpei__Attachment *t = (Rongpei__Attachment *) res.reply;
        size_t n = strlen(t->content_base64);
        unsigned char *bytes = malloc(n / 4 * 3 + 3);
        int len = bytes ? EVP_DecodeBlock(bytes, (const unsigned char *) t->content_base64, (int) n) : -1;
        char sm3[65];
        int fd;

        /* EVP_DecodeBlock counts the padding's bytes too */
        if (len >= 0 && n >= 1 && t->content_base64[n - 1] == '=')
            len -= 1 + (n >= 2 && t->content_base64[n - 2] == '=');
        if (len < 0 || (int64_t) len != t->size) {
            fprintf(stderr, "rongpei: 收到的附件内容不完整\n");
            rc = EX_FAIL;
        } else if (rp_sm3_hex(bytes, (size_t) len, NULL, 0, NULL, 0, sm3) != 0 || strcmp(sm3, t->sm3) != 0) {
            fprintf(stderr, "rongpei: 附件的 SM3 摘要与服务器所存的不符，未保存\n");
            rc = EX_FAIL;
        } else if ((fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
            fprintf(stderr, "rongpei: 无法写入 %s（%s）\n", out, errno == EEXIST ? "文件已存在，未覆盖" : "目录不可写");
            rc = EX_FAIL;
        } else {
            ssize_t w = write(fd, bytes, (size_t) len);

            if (close(fd) != 0 || w != (ssize_t) len) {
                fprintf(stderr, "rongpei: 写入 %s 失败\n", out);
                rc = EX_FAIL;
            } else if (c->json) {
                t->content_base64[0] = '\0';     /* the bytes are in the file */
                cli_print(c, res.reply, NULL, NULL, 0);
            } else {
                printf("已保存 %s（%s，%lld 字节，SM3 %s 核对一致）\n", out, t->name, (long long) t->size, sm3);
            }
        }
        free(bytes);
    }
    rpc_result_free(&res);
    return rc;
}
