/*
 * run.c - the runner of the command table (see cmdtab.h): find the row,
 * parse its options with getopt_long, fill the request from them through
 * the message descriptors, call (every page of a list with --all) and
 * print the reply from the row's columns.  Usage and --help come from the
 * rows; nothing here knows any particular command.
 */
#include "cmdtab.h"
#include "roster.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "methods.h"
#include "rongpei.pb-c.h"
#include "pbjson.h"
#include "rp.h"

#define FIELD_AT(m, off) ((void *) ((char *) (m) + (off)))

/* ------------------------------------------------------------------ arguments */

static int
opt_index(const command *k, const char *name)
{
    int i;

    for (i = 0; k->opts[i].name; i++)
        if (strcmp(k->opts[i].name, name) == 0)
            return i;
    return -1;
}

const char *
arg_str(const cmd_args *a, const char *name)
{
    int i = opt_index(a->k, name);

    return i >= 0 && a->nval[i] > 0 ? a->val[i][a->nval[i] - 1] : NULL;
}

int
arg_flag(const cmd_args *a, const char *name)
{
    int i = opt_index(a->k, name);

    return i >= 0 && a->nval[i] > 0;
}

int
arg_count(const cmd_args *a, const char *name)
{
    int i = opt_index(a->k, name);

    return i >= 0 ? a->nval[i] : 0;
}

const char *
arg_nth(const cmd_args *a, const char *name, int n)
{
    int i = opt_index(a->k, name);

    return i >= 0 && n < a->nval[i] ? a->val[i][n] : NULL;
}

/* ------------------------------------------------------------------ names for ids */

/*
 * Officials know names, not ids: an option whose placeholder names a kind
 * of thing takes its name (or code) as well as its id, and the server
 * turns it into the id (ref.resolve), refusing with every candidate when
 * a name is ambiguous.  Digits alone (fewer than 16) are an id.
 */
static const struct {
    const char *placeholder, *kind, *hint;
} name_kinds[] = {
    {"机构", "org", "机构名称、简称、统一社会信用代码或编号"},
    {"用户", "user", "用户名、姓名或编号"},
    {"网点", "office", "网点名称或编号"},
    {"顾问", "advisor", "顾问姓名（重名时写“姓名（机构）”）或编号"},
    {"企业", "enterprise", "企业名称、统一社会信用代码或编号"},
    {"轮次", "round", "轮次标题、“年度 标题”或编号"},
    {"小组", "group", "小组名称或编号"},
    {"提名", "nomination", "候选人姓名或提名编号"},
    {"推荐", "recommendation", "企业名称、统一社会信用代码或推荐编号"},
    {"市州", "division", "名称（西宁市、海西州）或代码"},
    {"区划", "division", "名称或代码"},
};

static cli *run_cli;            /* the invocation, for ref.resolve */
static const char *run_method;  /* the method the ids are for */
static int run_resolve_rc;      /* a resolution failed: its exit code (the server's words are printed) */

/* The kind of thing placeholder ph names ("机构", or "机构:名额"'s left part), or NULL. */
static int
name_kind(const char *ph)
{
    size_t i, n = ph ? strcspn(ph, ":") : 0;

    for (i = 0; ph && i < sizeof(name_kinds) / sizeof(name_kinds[0]); i++)
        if (strlen(name_kinds[i].placeholder) == n && strncmp(ph, name_kinds[i].placeholder, n) == 0)
            return (int) i;
    return -1;
}

static int
looks_like_id(const char *s)
{
    size_t n = strspn(s, "0123456789");

    return n > 0 && n < 16 && s[n] == '\0';
}

/* A year (2000-2099) where a round is asked for: the round of that year,
 * not the round numbered 2026. */
static int
is_year(const char *s)
{
    return strlen(s) == 4 && s[0] == '2' && s[1] == '0' && strspn(s, "0123456789") == 4;
}

/*
 * The name of a division code for tables ("630100" -> "西宁市"), from
 * ref.divisions read once when a table first needs one; NULL when unknown
 * or the server cannot be asked.
 */
const char *
cmd_division_name(const char *code)
{
    static cmd_pages p;
    static int loaded;
    size_t i;

    if (!loaded && run_cli != NULL && run_cli->r != NULL) {
        Rongpei__DivisionListRequest rq = RONGPEI__DIVISION_LIST_REQUEST__INIT;

        loaded = 1;
        if (cmd_call_pages(run_cli, "ref.divisions", &rq.base, "divisions", 1, 1000, &p) != 0)
            memset(&p, 0, sizeof(p));
    }
    for (i = 0; i < p.nrows; i++) {
        const Rongpei__Division *d = (const Rongpei__Division *) p.rows[i];

        if (strcmp(d->code, code) == 0)
            return d->name;
    }
    return NULL;
}

/* The id (or, want_code, the code) the server finds for text; 0 and
 * run_resolve_rc set when it finds none or several (it said which). */
static long long
resolve_name(int kind, const char *text, int want_code, char *code, size_t codesz, arena *ar)
{
    Rongpei__ResolveRequest rq = RONGPEI__RESOLVE_REQUEST__INIT;
    rpc_result res;
    long long id = 0;
    int rc;

    rq.kind = (char *) name_kinds[kind].kind;
    rq.text = (char *) text;
    rq.method = (char *) (run_method ? run_method : "");
    if (run_cli == NULL || (rc = cli_call(run_cli, "ref.resolve", &rq.base, &res)) != 0) {
        run_resolve_rc = run_cli ? rc : EX_FAIL;
        if (run_cli)
            rpc_result_free(&res);
        return 0;
    }
    id = ((Rongpei__ResolveReply *) res.reply)->id;
    if (want_code && code != NULL)
        snprintf(code, codesz, "%s", ((Rongpei__ResolveReply *) res.reply)->code);
    (void) ar;
    rpc_result_free(&res);
    return want_code ? 1 : id;
}

/* ------------------------------------------------------------------ usage and help */

static const ProtobufCMessageDescriptor *
request_of(const command *k)
{
    const method *m = k->method ? method_find(k->method) : NULL;

    return m ? m->request : NULL;
}

/* A list method reads pages: its request has limit and after, its reply next. */
static int
pageable(const char *name)
{
    const method *m = name ? method_find(name) : NULL;

    return m != NULL && protobuf_c_message_descriptor_get_field_by_name(m->request, "after") != NULL &&
           protobuf_c_message_descriptor_get_field_by_name(m->request, "limit") != NULL &&
           protobuf_c_message_descriptor_get_field_by_name(m->reply, "next") != NULL;
}

/* A flag giving a field one of its values (CHOICE, CHOICE1). */
static int
is_choice(const cmd_opt *o)
{
    return o->arg == NULL && o->set != NULL && !(o->flags & (O_POS | O_FIXED));
}

static int
same_field(const cmd_opt *a, const cmd_opt *b)
{
    return a->field == b->field || (a->field && b->field && strcmp(a->field, b->field) == 0);
}

static void
usage_line(FILE *f, const command *k)
{
    int i, j;

    fprintf(f, "rongpei %s", k->words);
    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];

        if (o->flags & O_POS)
            fprintf(f, (o->flags & O_REQ) ? " %s%s" : " [%s%s]", o->name, (o->flags & O_MULTI) ? "..." : "");
    }
    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];

        if (o->flags & (O_POS | O_FIXED))
            continue;
        if (is_choice(o)) {
            /* the flags of one field side by side: (--accept|--reject) */
            for (j = i + 1; k->opts[j].name && is_choice(&k->opts[j]) && same_field(o, &k->opts[j]); j++)
                ;
            if (j > i + 1) {
                int first = i;

                fputs((o->flags & O_REQ) ? " (" : " [", f);
                for (; i < j; i++)
                    fprintf(f, "%s--%s", i > first ? "|" : "", k->opts[i].name);
                fputs((o->flags & O_REQ) ? ")" : "]", f);
                i--;
                continue;
            }
        }
        fprintf(f, " %s--%s%s%s%s%s", (o->flags & O_REQ) ? "" : "[", o->name, o->arg ? " " : "",
                o->arg ? o->arg : "", (o->flags & O_REQ) ? "" : "]", (o->flags & O_MULTI) ? "..." : "");
    }
    if (pageable(k->method))
        fprintf(f, " [--limit 条数] [--all]%s", opt_index(k, "xlsx") < 0 ? " [--xlsx 文件]" : "");
    fputc('\n', f);
}

static void
help_item(FILE *f, const char *left, const char *help, const char *note)
{
    int w = table_width(left);

    fprintf(f, "  %s", left);
    while (w++ < 26)
        fputc(' ', f);
    fprintf(f, " %s%s\n", help ? help : "", note);
}

/* What help says of option i: required, one of a choice, repeatable. */
static const char *
help_note(const command *k, int i)
{
    const cmd_opt *o = &k->opts[i];
    int grouped = is_choice(o) && ((k->opts[i + 1].name && is_choice(&k->opts[i + 1]) &&
                                    same_field(o, &k->opts[i + 1])) ||
                                   (i > 0 && is_choice(&k->opts[i - 1]) && same_field(o, &k->opts[i - 1])));

    if (grouped)
        return (o->flags & O_REQ) ? "（与同组选项必选其一）" : "（与同组选项至多选一）";
    if (o->flags & O_EACH)
        return "（必填；可给多个：12 13、12-20，名称用、分隔；逐个办理，逐个报告结果）";
    if ((o->flags & O_REQ) && (o->flags & O_MULTI))
        return "（必填，可重复）";
    return (o->flags & O_REQ) ? "（必填）" : (o->flags & O_MULTI) ? "（可重复）" : "";
}

/*
 * Each line of a command's help through emit(f, left, help, note): its
 * arguments and options (and paging), or with columns the columns of the
 * file it reads.  --help and the man page say the same.
 */
typedef void (*item_fn)(FILE *f, const char *left, const char *help, const char *note);

static void
each_item(FILE *f, const command *k, item_fn emit, int columns)
{
    char left[160];
    int i;

    if (columns) {
        for (i = 0; k->columns && k->columns[i].name; i++)
            if (k->columns[i].column != NULL)
                emit(f, k->columns[i].column, k->columns[i].help, (k->columns[i].flags & O_REQ) ? "（必填）" : "");
        return;
    }
    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];

        if (o->flags & O_FIXED)
            continue;
        int kind = name_kind(o->arg);
        char help[1400], vocab[1024];
        const char *last = o->field ? strrchr(o->field, '.') : NULL;

        if (o->flags & O_POS)
            snprintf(left, sizeof(left), "%s", o->name);
        else
            snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        /* a name people know serves as well as an id */
        const char *hint = kind < 0 ? NULL : name_kinds[kind].hint;

        if (hint != NULL && strcmp(name_kinds[kind].kind, "round") == 0 && k->method != NULL &&
            (strncmp(k->method, "keylist.", 8) == 0 || strncmp(k->method, "recommendation.", 15) == 0))
            hint = "推荐轮次的年度（如 2026、2026 西宁市）或编号";
        if (hint == NULL)
            snprintf(help, sizeof(help), "%s", o->help ? o->help : "");
        else if (o->help == NULL || strcmp(o->help, o->arg) == 0)
            snprintf(help, sizeof(help), "%s", hint);
        else
            snprintf(help, sizeof(help), "%s：%s", o->help, hint);
        /* a closed list: its values, unless the help names them already */
        if (o->field != NULL && cmd_vocabulary(last ? last + 1 : o->field, vocab, sizeof(vocab))) {
            char first[64];

            snprintf(first, sizeof(first), "%.*s", (int) strcspn(vocab, " "), vocab);
            if (strstr(help, first) == NULL)
                snprintf(help + strlen(help), sizeof(help) - strlen(help), "：%s", vocab);
        }
        emit(f, left, help, help_note(k, i));
    }
    if (pageable(k->method)) {
        emit(f, "--limit 条数", "每页条数，默认 100，至多 1000", "");
        emit(f, "--all", "读取全部页（条数多时显示进度）", "");
        if (opt_index(k, "xlsx") < 0)
            emit(f, "--xlsx 文件", "另写出 Excel 文件（全部页，列与表格相同）", "");
    }
}

void
cmd_help(FILE *f, const command *k)
{
    fprintf(f, "用法：");
    usage_line(f, k);
    fprintf(f, "\n%s\n", k->help);
    if (k->opts[0].name || pageable(k->method))
        fprintf(f, "\n参数与选项：\n");
    each_item(f, k, help_item, 0);
    if (k->columns != NULL) {
        fprintf(f, "\n文件的列：\n");
        each_item(f, k, help_item, 1);
    }
    if (k->more)
        fprintf(f, "\n%s\n", k->more);
    fprintf(f, "\n通用选项：--json 输出 JSON；--idempotency-key 键 为修改类命令指定幂等键（重试时沿用）。"
               "\n退出码见 rongpei --help。\n");
}

/* Text for troff: hyphens as \-, backslashes as \e, a line never
 * starting with a control character. */
static void
troff_text(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '-')
            fputs("\\-", f);
        else if (*s == '\\')
            fputs("\\e", f);
        else
            fputc(*s, f);
    }
}

static void
troff_item(FILE *f, const char *left, const char *help, const char *note)
{
    fputs(".TP 28\n", f);
    troff_text(f, left);
    fputc('\n', f);
    troff_text(f, help ? help : "");
    troff_text(f, note);
    fputc('\n', f);
}

void
cmd_man(FILE *f)
{
    int i;

    for (i = 0; i < commands_count; i++) {
        const command *k = &commands[i];
        char *line = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&line, &len);

        if (m == NULL)
            return;
        usage_line(m, k);
        fclose(m);
        line[strcspn(line, "\n")] = '\0';
        fputs(".TP\n\\fB", f);
        troff_text(f, line);
        fputs("\\fR\n", f);
        free(line);
        troff_text(f, k->help);
        fputc('\n', f);
        if (!k->opts[0].name && !pageable(k->method) && k->columns == NULL)
            continue;
        fputs(".RS\n.PD 0\n", f);
        each_item(f, k, troff_item, 0);
        each_item(f, k, troff_item, 1);
        fputs(".PD\n.RE\n", f);
    }
}

void
cmd_usage(FILE *f)
{
    int i;

    fprintf(f,
            "用法：rongpei [--json] 命令 [子命令] [参数与选项]\n"
            "\n"
            "融培——青海省民营和小微企业融资培育工程管理系统客户端。\n"
            "连接参数取自环境变量 RONGPEI_SERVER（主机:端口）、RONGPEI_CA、RONGPEI_CERT、\n"
            "RONGPEI_KEY、RONGPEI_USER；演示环境可执行 . var/demo/<账户>.env 准备。\n"
            "\n命令：\n");
    for (i = 0; i < commands_count; i++) {
        int w = table_width(commands[i].words);

        fprintf(f, "  %s", commands[i].words);
        while (w++ < 26)
            fputc(' ', f);
        fprintf(f, " %s\n", commands[i].help);
    }
    fprintf(f,
            "\n每个命令都接受 --help，列出它的全部参数与选项（及文件的列）。--json 输出机器可读的 JSON。\n"
            "列表命令每次显示一页（默认 100 条），--all 读取全部。\n"
            "\n退出码：\n"
            "  0  成功\n"
            "  1  其他错误（服务器内部错误等）\n"
            "  2  用法错误（命令或选项不正确）\n"
            "  3  未登录、会话已过期或登录失败\n"
            "  4  被拒绝：超出角色或所属机构的权限范围\n"
            "  5  输入无效（字段不符合规则、超过限制）\n"
            "  6  对象不存在\n"
            "  7  冲突（重复、状态已变化）\n"
            "  8  连接、TLS 或证书失败，或协议版本不兼容\n"
            "  9  服务器或数据库暂不可用，可稍后重试\n"
            " 10  须先修改密码（rongpei passwd）\n");
}

static int
usage_error(const command *k, const char *fmt, const char *x, const char *y)
{
    fprintf(stderr, "rongpei: ");
    fprintf(stderr, fmt, x, y);
    fprintf(stderr, "\n用法：");
    usage_line(stderr, k);
    fprintf(stderr, "（rongpei %s --help 列出全部选项）\n", k->words);
    return EX_USAGE_;
}

/* ------------------------------------------------------------------ filling the request */

static int
is_int(ProtobufCType t)
{
    return t == PROTOBUF_C_TYPE_INT32 || t == PROTOBUF_C_TYPE_SINT32 || t == PROTOBUF_C_TYPE_SFIXED32 ||
           t == PROTOBUF_C_TYPE_UINT32 || t == PROTOBUF_C_TYPE_FIXED32 || t == PROTOBUF_C_TYPE_INT64 ||
           t == PROTOBUF_C_TYPE_SINT64 || t == PROTOBUF_C_TYPE_SFIXED64 || t == PROTOBUF_C_TYPE_UINT64 ||
           t == PROTOBUF_C_TYPE_FIXED64;
}

static void
store_int(const ProtobufCFieldDescriptor *f, void *p, long long v)
{
    if (pbjson_type_size(f->type) == 8)
        *(int64_t *) p = (int64_t) v;
    else
        *(int32_t *) p = (int32_t) v;
}

/* What a message about option o calls it: "--year（年度）", a positional
 * argument by its placeholder, a file's cell by its column. */
static const char *
opt_label(const cmd_opt *o, int file, char *buf, size_t n)
{
    if (file && o->column)
        snprintf(buf, n, "%s", o->column);
    else if (o->flags & O_POS)
        snprintf(buf, n, "%s", o->name);
    else if (o->arg != NULL)
        snprintf(buf, n, "--%s（%s）", o->name, o->arg);
    else
        snprintf(buf, n, "--%s", o->name);
    return buf;
}

/* One scalar value of field f at p from text s; 0 or -1 with err. */
static int
set_scalar(const ProtobufCFieldDescriptor *f, void *p, const char *s, const cmd_opt *o, int file, arena *ar,
           char *err, size_t errsz)
{
    char lb[128];
    char *end;

    int kind = file ? -1 : name_kind(o->arg);

    if (is_int(f->type)) {
        long long v;

        if (kind >= 0 && *s && strcmp(s, "0") != 0 &&
            (!looks_like_id(s) || (strcmp(name_kinds[kind].kind, "round") == 0 && is_year(s)))) {
            if ((v = resolve_name(kind, s, 0, NULL, 0, ar)) == 0) {
                err[0] = '\0';     /* the server's answer was printed */
                return -1;
            }
            store_int(f, p, v);
            return 0;
        }
        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno || end == s || *end) {
            snprintf(err, errsz, "%s应为整数，而不是“%s”", opt_label(o, file, lb, sizeof(lb)), s);
            return -1;
        }
        store_int(f, p, v);
        return 0;
    }
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *code = cmd_code(f->name, s);
        char dc[16], vocab[1024];

        /* a closed list (roles, specialisms, grounds...): a value outside it is named, with the list */
        if (!file && o->arg != NULL && *s && cmd_vocabulary(f->name, vocab, sizeof(vocab)) &&
            cmd_label(f->name, code) == NULL) {
            snprintf(err, errsz, "%s“%s”无法识别；可用：%s", opt_label(o, file, lb, sizeof(lb)), s, vocab);
            return -1;
        }

        if (kind >= 0 && strcmp(name_kinds[kind].kind, "division") == 0 && *s && strspn(s, "0123456789") != strlen(s)) {
            if (resolve_name(kind, s, 1, dc, sizeof(dc), ar) == 0) {
                err[0] = '\0';
                return -1;
            }
            code = dc;
        }

        *(char **) p = arena_strndup(ar, code, strlen(code));
        return *(char **) p ? 0 : -1;
    }
    case PROTOBUF_C_TYPE_DOUBLE:
    case PROTOBUF_C_TYPE_FLOAT: {
        double v;

        errno = 0;
        v = strtod(s, &end);
        if (errno || end == s || *end) {
            snprintf(err, errsz, "%s应为数字，而不是“%s”", opt_label(o, file, lb, sizeof(lb)), s);
            return -1;
        }
        if (f->type == PROTOBUF_C_TYPE_DOUBLE)
            *(double *) p = v;
        else
            *(float *) p = (float) v;
        return 0;
    }
    case PROTOBUF_C_TYPE_BOOL:
        *(protobuf_c_boolean *) p = strcmp(s, "false") != 0 && strcmp(s, "否") != 0 && strcmp(s, "0") != 0;
        return 0;
    default:
        snprintf(err, errsz, "%s：字段 %s 的类型不能从文本填写", opt_label(o, file, lb, sizeof(lb)), f->name);
        return -1;
    }
}

/* Append s to the arena array *v of *k texts (room for *cap); 0 or -1. */
static int
push_text(const char ***v, size_t *k, size_t *cap, const char *s, arena *ar)
{
    if (*k == *cap) {
        const char **nv = arena_alloc(ar, 2 * *cap * sizeof(char *));

        if (nv == NULL)
            return -1;
        memcpy(nv, *v, *cap * sizeof(char *));
        *v = nv;
        *cap *= 2;
    }
    (*v)[(*k)++] = s;
    return 0;
}

/* Split the values of a repeated option: strings at 、;；, ids at "," with
 * ranges "12-20"; into a new array of texts. */
static int
split_values(const ProtobufCFieldDescriptor *f, const char *const *vals, int n, const char ***out, size_t *nout,
             arena *ar, const cmd_opt *o, int file, char *err, size_t errsz)
{
    char lb[128];
    size_t cap = 16, k = 0;
    const char **v = arena_alloc(ar, cap * sizeof(char *));
    int i;

    for (i = 0; v != NULL && i < n; i++) {
        char *copy = arena_strndup(ar, vals[i], strlen(vals[i]));
        char *p = copy;

        while (p != NULL && *p) {
            size_t len;
            char *one;

            if (is_int(f->type) && name_kind(o->arg) >= 0 && !file) {
                /* ids or names: 12,13 12-20 李青、王海 */
                char *a1 = strstr(p, "、"), *b1 = strpbrk(p, ",;"), *c1 = strstr(p, "；");
                char *cut = NULL;

                if (a1 && (!cut || a1 < cut))
                    cut = a1;
                if (b1 && (!cut || b1 < cut))
                    cut = b1;
                if (c1 && (!cut || c1 < cut))
                    cut = c1;
                len = cut ? (size_t) (cut - p) : strlen(p);
            } else if (is_int(f->type)) {
                len = strcspn(p, ",");
            } else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
                len = strlen(p);
            } else {
                char *a = strstr(p, "、"), *b = strpbrk(p, ";"), *c = strstr(p, "；");
                char *cut = NULL;

                if (a && (!cut || a < cut))
                    cut = a;
                if (b && (!cut || b < cut))
                    cut = b;
                if (c && (!cut || c < cut))
                    cut = c;
                len = cut ? (size_t) (cut - p) : strlen(p);
            }
            one = arena_strndup(ar, p, len);
            if (is_int(f->type) && strchr(one, '-') != NULL && one[0] != '-' && isdigit((unsigned char) one[0])) {
                char *e1, *e2;
                long long lo = strtoll(one, &e1, 10), hi = *e1 == '-' ? strtoll(e1 + 1, &e2, 10) : -1, x;

                if (*e1 != '-' || *e2 || hi < lo || hi - lo > 100000) {
                    snprintf(err, errsz, "%s应为编号，如 12、12,13 或 12-20，而不是“%s”",
                             opt_label(o, file, lb, sizeof(lb)), one);
                    return -1;
                }
                for (x = lo; x <= hi; x++) {
                    char num[32];

                    snprintf(num, sizeof(num), "%lld", x);
                    if (push_text(&v, &k, &cap, arena_strndup(ar, num, strlen(num)), ar) != 0)
                        return -1;
                }
            } else if (*one && push_text(&v, &k, &cap, one, ar) != 0) {
                return -1;
            }
            p += len;
            if (*p == ',' || *p == ';')
                p++;
            else if (strncmp(p, "、", 3) == 0 || strncmp(p, "；", 3) == 0)
                p += 3;
        }
    }
    if (v == NULL)
        return -1;
    *out = v;
    *nout = k;
    return 0;
}

/* A repeated message field from 名称:数字 values (o->set names the two
 * sub-fields, "name:weight"). */
static int
set_pairs(const ProtobufCFieldDescriptor *f, void *p, size_t *count, const char *const *vals, size_t n,
          const cmd_opt *o, int file, arena *ar, char *err, size_t errsz)
{
    char lb[128];

    ProtobufCMessage **arr = arena_alloc(ar, (n ? n : 1) * sizeof(ProtobufCMessage *));
    char left[48], right[48];
    const char *colon = strchr(o->set, ':');
    size_t i;

    if (arr == NULL || colon == NULL)
        return -1;
    snprintf(left, sizeof(left), "%.*s", (int) (colon - o->set), o->set);
    snprintf(right, sizeof(right), "%s", colon + 1);
    for (i = 0; i < n; i++) {
        const char *v = vals[i], *sep = strrchr(v, ':');
        const ProtobufCFieldDescriptor *fl, *fr;
        ProtobufCMessage *e = arena_alloc(ar, ((const ProtobufCMessageDescriptor *) f->descriptor)->sizeof_message);
        char *name;

        if (e == NULL)
            return -1;
        protobuf_c_message_init(f->descriptor, e);
        fl = protobuf_c_message_descriptor_get_field_by_name(f->descriptor, left);
        fr = protobuf_c_message_descriptor_get_field_by_name(f->descriptor, right);
        if (sep == NULL || sep == v || sep[1] == '\0' || fl == NULL || fr == NULL) {
            snprintf(err, errsz, "%s的值“%s”应写作 %s", opt_label(o, file, lb, sizeof(lb)), v, o->arg);
            return -1;
        }
        name = arena_strndup(ar, v, (size_t) (sep - v));
        /* a part's own complaint (not in the list, not a number) says more than the form */
        if (set_scalar(fl, FIELD_AT(e, fl->offset), name, o, file, ar, err, errsz) != 0 ||
            set_scalar(fr, FIELD_AT(e, fr->offset), sep + 1, o, file, ar, err, errsz) != 0) {
            if (err[0] != '\0')
                snprintf(err + strlen(err), errsz - strlen(err), "（%s的值应写作 %s）", opt_label(o, file, lb, sizeof(lb)),
                         o->arg);
            return -1;
        }
        arr[i] = e;
    }
    *(ProtobufCMessage ***) p = arr;
    *count = n;
    return 0;
}

/*
 * Set option o's field in m from its values (nval of them; a flag's value
 * is its set or true).  file: the values come from a file's cells, and
 * messages name o's column.
 */
static int
set_values(ProtobufCMessage *m, const cmd_opt *o, const char *const *vals, int nval, int file, arena *ar,
           char *err, size_t errsz)
{
    const ProtobufCFieldDescriptor *f;
    ProtobufCMessage *holder = pbjson_path(m, o->field, ar, &f);
    void *p;

    if (holder == NULL) {
        snprintf(err, errsz, "命令表错误：%s 没有字段 %s", m->descriptor->name, o->field);
        return -1;
    }
    m = holder;
    p = FIELD_AT(m, f->offset);
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t *count = FIELD_AT(m, f->quantifier_offset);
        const char **v;
        size_t n, j, sz = pbjson_type_size(f->type);
        char *arr;

        if (split_values(f, vals, nval, &v, &n, ar, o, file, err, errsz) != 0)
            return -1;
        if (f->type == PROTOBUF_C_TYPE_MESSAGE)
            return set_pairs(f, p, count, v, n, o, file, ar, err, errsz);
        arr = arena_alloc(ar, (n ? n : 1) * sz);
        if (arr == NULL)
            return -1;
        memset(arr, 0, (n ? n : 1) * sz);
        for (j = 0; j < n; j++)
            if (set_scalar(f, arr + j * sz, v[j], o, file, ar, err, errsz) != 0)
                return -1;
        *(char **) p = arr;
        *count = n;
        return 0;
    }
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        *(uint32_t *) FIELD_AT(m, f->quantifier_offset) = f->id;
    if (o->arg == NULL)
        return set_scalar(f, p, o->set ? o->set : "true", o, file, ar, err, errsz);
    return set_scalar(f, p, vals[nval - 1], o, file, ar, err, errsz);
}

int
cmd_set_text(ProtobufCMessage *m, const cmd_opt *o, const char *text, arena *ar, char *err, size_t errsz)
{
    const char *v[1] = {text};

    if (o->field == NULL || text == NULL || *text == '\0')
        return 0;
    return set_values(m, o, v, 1, 1, ar, err, errsz);
}

/* Set the request's fields from the parsed options, but option skip. */
static int
fill(cmd_args *a, int skip, char *err, size_t errsz)
{
    const command *k = a->k;
    int i;

    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];

        if (i == skip || o->field == NULL || (a->nval[i] == 0 && !(o->flags & O_FIXED)))
            continue;
        if (set_values(a->req, o, a->val[i], a->nval[i], 0, &a->a, err, errsz) != 0)
            return -1;
    }
    return 0;
}

/* Flags giving one field its value: at most one of them, and one of them
 * when any is required. */
static int
check_choices(const cmd_args *a)
{
    const command *k = a->k;
    int i, j;

    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];
        char names[256] = "";
        int given = 0, required = 0, first = 1;

        if (o->arg != NULL || o->set == NULL || o->field == NULL || (o->flags & O_FIXED))
            continue;
        for (j = 0; j < i; j++)
            if (k->opts[j].arg == NULL && k->opts[j].set && k->opts[j].field &&
                strcmp(k->opts[j].field, o->field) == 0)
                break;
        if (j < i)
            continue;               /* the group was checked at its first member */
        for (j = i; k->opts[j].name; j++) {
            const cmd_opt *x = &k->opts[j];

            if (x->arg != NULL || x->set == NULL || x->field == NULL || (x->flags & O_FIXED) ||
                strcmp(x->field, o->field) != 0)
                continue;
            given += a->nval[j] > 0;
            required |= (x->flags & O_REQ) != 0;
            snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s--%s", first ? "" : "、", x->name);
            first = 0;
        }
        if (given > 1)
            return usage_error(k, "%s 只能选一个%s", names, "");
        if (required && given == 0)
            return usage_error(k, "请选择 %s 之一%s", names, "");
    }
    return 0;
}

/* ------------------------------------------------------------------ calling and printing */

void
cmd_pages_free(cmd_pages *p)
{
    int i;

    for (i = 0; i < p->n; i++) {
        rpc_result_free(p->res[i]);
        free(p->res[i]);
    }
    free(p->res);
    free(p->rows);
    memset(p, 0, sizeof(*p));
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
cmd_call_pages(cli *c, const char *name, ProtobufCMessage *req, const char *list, int all, int limit,
               cmd_pages *pages)
{
    const ProtobufCFieldDescriptor *fa = NULL, *fl = NULL, *fn = NULL, *fr = NULL;
    const method *m = method_find(name);
    double t0 = now_s();
    int progress = getenv("RONGPEI_PROGRESS") != NULL, shown = 0;
    int paged = pageable(name) && list != NULL;
    int i, rc;

    memset(pages, 0, sizeof(*pages));
    if (paged) {
        fa = protobuf_c_message_descriptor_get_field_by_name(req->descriptor, "after");
        fl = protobuf_c_message_descriptor_get_field_by_name(req->descriptor, "limit");
        fn = protobuf_c_message_descriptor_get_field_by_name(m->reply, "next");
        if (limit > 0)
            *(int32_t *) FIELD_AT(req, fl->offset) = limit;
    }
    if (list != NULL) {
        fr = protobuf_c_message_descriptor_get_field_by_name(m->reply, list);
        if (fr == NULL || fr->label != PROTOBUF_C_LABEL_REPEATED || fr->type != PROTOBUF_C_TYPE_MESSAGE) {
            fprintf(stderr, "rongpei: 命令表错误：%s 没有列表字段 %s\n", m->reply->name, list);
            return EX_FAIL;
        }
    }
    for (;;) {
        /* each result stays where it is: its arena points at itself */
        rpc_result **more = realloc(pages->res, (size_t) (pages->n + 1) * sizeof(*more));
        rpc_result *r;
        const char *next;

        if (more == NULL || (more[pages->n] = r = malloc(sizeof(*r))) == NULL) {
            if (more != NULL)
                pages->res = more;
            cmd_pages_free(pages);
            return EX_FAIL;
        }
        pages->res = more;
        rc = cli_call(c, name, req, r);
        if (rc != 0) {
            rpc_result_free(r);
            free(r);
            cmd_pages_free(pages);
            if (shown)
                fputc('\n', stderr);
            return rc;
        }
        pages->n++;
        if (fr != NULL)
            pages->nrows += *(size_t *) FIELD_AT(pages->res[pages->n - 1]->reply, fr->quantifier_offset);
        if (!paged)
            break;
        next = *(char **) FIELD_AT(pages->res[pages->n - 1]->reply, fn->offset);
        if (next == NULL || *next == '\0')
            break;
        if (!all) {
            pages->more = 1;
            break;
        }
        *(const char **) FIELD_AT(req, fa->offset) = next;   /* lives in that page's result */
        if (progress || (isatty(STDERR_FILENO) && now_s() - t0 > 1.0)) {
            fprintf(stderr, "\r已读取 %zu 条（%d 页）…", pages->nrows, pages->n);
            shown = 1;
        }
    }
    if (shown)
        fprintf(stderr, "\r已读取 %zu 条（%d 页），用时 %.1f 秒\n", pages->nrows, pages->n, now_s() - t0);
    if (fr != NULL) {
        size_t k = 0, j;

        pages->rows = malloc((pages->nrows + 1) * sizeof(ProtobufCMessage *));
        if (pages->rows == NULL) {
            cmd_pages_free(pages);
            return EX_FAIL;
        }
        for (i = 0; i < pages->n; i++) {
            ProtobufCMessage *r = pages->res[i]->reply;
            size_t n = *(size_t *) FIELD_AT(r, fr->quantifier_offset);
            ProtobufCMessage **rows = *(ProtobufCMessage ***) FIELD_AT(r, fr->offset);

            for (j = 0; j < n; j++)
                pages->rows[k++] = rows[j];
        }
    }
    return 0;
}

static size_t
ncols(const col *cols)
{
    size_t n = 0;

    while (cols && cols[n].field)
        n++;
    return n;
}

void
cmd_print(cli *c, const ProtobufCMessage *m, const char *list, const col *cols)
{
    cli_print(c, m, list, cols, ncols(cols));
}

void
cmd_table(ProtobufCMessage *const *rows, size_t n, const col *cols)
{
    table_print(stdout, rows, n, cols, ncols(cols));
}

void
cmd_pages_note(const cmd_pages *p)
{
    fflush(stdout);     /* after the rows, not inside them */
    if (p->more)
        fprintf(stderr, "（仅显示前 %zu 条；--all 读取全部，--limit 改变每页条数）\n", p->nrows);
}

void
cmd_pages_json(const cmd_pages *p, const char *list)
{
    json_t *j = pbjson_from_msg(p->res[0]->reply), *rows = json_object_get(j, list);
    char *s;
    int i;

    for (i = 1; j != NULL && i < p->n; i++) {
        json_t *more = pbjson_from_msg(p->res[i]->reply);

        json_array_extend(rows, json_object_get(more, list));
        json_object_set(j, "next", json_object_get(more, "next"));
        json_decref(more);
    }
    s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    printf("%s\n", s ? s : "{}");
    free(s);
    json_decref(j);
}

/* A list as a workbook: the table's columns and cells, every row. */
static int
write_list_xlsx(const char *path, const command *k, ProtobufCMessage *const *rows, size_t n)
{
    size_t nc = ncols(k->cols), i, j;
    const char **heads = calloc(nc + 1, sizeof(char *));
    char **cells = calloc(n * nc + 1, sizeof(char *));
    int rc = -1;

    if (access(path, F_OK) == 0) {
        fprintf(stderr, "rongpei: %s 已存在，未覆盖\n", path);
    } else if (heads != NULL && cells != NULL) {
        for (j = 0; j < nc; j++)
            heads[j] = k->cols[j].header;
        for (i = 0; i < n; i++)
            for (j = 0; j < nc; j++)
                cells[i * nc + j] = table_field_fmt(rows[i], k->cols[j].field, k->cols[j].fmt);
        rc = xlsx_write_table(path, "列表", k->help, NULL, heads, nc, cells, n);
        if (rc != 0)
            fprintf(stderr, "rongpei: 无法写入 %s\n", path);
    }
    for (i = 0; cells != NULL && i < n * nc; i++)
        free(cells[i]);
    free(cells);
    free(heads);
    return rc;
}

int
cmd_run(cli *c, cmd_args *a)
{
    const command *k = a->k;
    cmd_pages p;
    int rc = cmd_call_pages(c, k->method, a->req, k->list, a->all, a->limit, &p);

    if (rc != 0)
        return rc;
    if (a->xlsx != NULL && k->list != NULL && k->cols != NULL) {
        if (write_list_xlsx(a->xlsx, k, p.rows, p.nrows) != 0) {
            cmd_pages_free(&p);
            return EX_FAIL;
        }
        fprintf(stderr, "已写出 %s（%zu 条）\n", a->xlsx, p.nrows);
    }
    if (c->json && k->list != NULL && p.n > 1)
        cmd_pages_json(&p, k->list);
    else if (c->json)
        cli_print(c, p.res[0]->reply, NULL, NULL, 0);
    else if (k->list != NULL && k->cols != NULL)
        table_print(stdout, p.rows, p.nrows, k->cols, ncols(k->cols));
    else if (k->cols != NULL)
        table_print_record(stdout, p.res[0]->reply, k->cols, ncols(k->cols));
    cmd_pages_note(&p);
    cmd_pages_free(&p);
    return 0;
}

/* ------------------------------------------------------------------ one call for each */

/* The option of k that may name many (O_EACH), or -1. */
static int
each_of(const command *k)
{
    int i;

    for (i = 0; k->opts[i].name; i++)
        if (k->opts[i].flags & O_EACH)
            return i;
    return -1;
}

/* What a reply says of its object in a word: its status, in Chinese. */
static const char *
reply_state(const ProtobufCMessage *m)
{
    static const char *const fields[] = {"decision_status", "status"};
    size_t i;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
                                                                                          fields[i]);
        const char *v, *l;

        if (f == NULL || f->type != PROTOBUF_C_TYPE_STRING || f->label == PROTOBUF_C_LABEL_REPEATED)
            continue;
        v = *(const char *const *) FIELD_AT(m, f->offset);
        if (v == NULL || *v == '\0')
            continue;
        l = cmd_label(fields[i], v);
        return l ? l : v;
    }
    return "";
}

/*
 * The method once for each of items (option each's values): every call its
 * own transaction and idempotency key (with --idempotency-key K, K-1, K-2,
 * ... so that the same command retried does nothing twice), each reported
 * on its own row: done, with the object's state, or refused, with the
 * server's words.  The exit status is 0 when all were done, else that of
 * the first refusal.
 */
static int
run_each(cli *c, cmd_args *a, int each, const char *const *items, size_t n)
{
    const command *k = a->k;
    const ProtobufCMessageDescriptor *d = request_of(k);
    const char *headers[3] = {k->opts[each].name, "结果", "说明"};
    const char *idem = c->idem;
    char **cells = calloc(n * 3, sizeof(char *));
    json_t *out = json_array();
    size_t i, done = 0;
    int first_rc = 0;

    if (cells == NULL || out == NULL) {
        free(cells);
        json_decref(out);
        return EX_FAIL;
    }
    for (i = 0; i < n; i++) {
        ProtobufCMessage *req = arena_alloc(&a->a, d->sizeof_message);
        char err[512], key[160];
        rpc_result res;
        int rc;

        memset(&res, 0, sizeof(res));
        if (req == NULL)
            break;
        protobuf_c_message_init(d, req);
        a->req = req;
        run_resolve_rc = 0;
        err[0] = '\0';
        if (fill(a, each, err, sizeof(err)) != 0 || set_values(req, &k->opts[each], &items[i], 1, 0, &a->a,
                                                            err, sizeof(err)) != 0) {
            rc = run_resolve_rc ? run_resolve_rc : EX_USAGE_;
            cells[i * 3 + 2] = strdup(err);
        } else {
            if (idem != NULL) {
                snprintf(key, sizeof(key), "%s-%zu", idem, i + 1);
                c->idem = key;
            }
            c->quiet = 1;
            rc = cli_call(c, k->method, req, &res);
            c->quiet = 0;
            c->idem = idem;
            if (rc == 0) {
                cells[i * 3 + 2] = strdup(reply_state(res.reply));
                json_array_append_new(out, json_pack("{s:s, s:s, s:o}", "item", items[i], "status", "OK",
                                                     "reply", pbjson_from_msg(res.reply)));
                done++;
            } else {
                cells[i * 3 + 2] = strdup(res.message && res.message[0] ? res.message : "");
                json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "item", items[i], "status",
                                                     rp_status_name(res.status), "message",
                                                     res.message ? res.message : ""));
            }
            rpc_result_free(&res);
        }
        if (rc != 0 && first_rc == 0)
            first_rc = rc;
        cells[i * 3] = strdup(items[i]);
        cells[i * 3 + 1] = strdup(rc == 0 ? "已办理" : "未办理");
        if (rc == EX_CONNECT || rc == EX_AUTH) {
            n = i + 1;      /* the rest would fail the same way */
            break;
        }
    }
    if (c->json) {
        char *s = json_dumps(out, JSON_INDENT(2));

        printf("%s\n", s ? s : "[]");
        free(s);
    } else {
        table_print_text(stdout, headers, 3, cells, n);
        printf("共 %zu 项：已办理 %zu，未办理 %zu\n", n, done, n - done);
    }
    for (i = 0; i < n * 3; i++)
        free(cells[i]);
    free(cells);
    json_decref(out);
    return first_rc;
}

/* ------------------------------------------------------------------ the entry */

/* How many of the command's words argv starts with (all of them), or 0. */
static int
words_match(const char *words, int argc, char **argv)
{
    const char *p = words;
    int n = 0;

    while (*p) {
        size_t len = strcspn(p, " ");

        if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], p, len) != 0)
            return 0;
        n++;
        p += len + (p[len] == ' ');
    }
    return n;
}

static int
parse(cmd_args *a, int argc, char **argv)
{
    const command *k = a->k;
    struct option lo[CMD_OPTS_MAX + 4];
    char **nargv = calloc((size_t) argc + 2, sizeof(char *));
    int n = 0, i, c, pos = 0, rc = 0;

    if (nargv == NULL)
        return EX_FAIL;
    for (i = 0; k->opts[i].name; i++) {
        if (k->opts[i].flags & (O_POS | O_FIXED))
            continue;
        lo[n].name = k->opts[i].name;
        lo[n].has_arg = k->opts[i].arg ? required_argument : no_argument;
        lo[n].flag = NULL;
        lo[n].val = 1000 + i;
        n++;
    }
    lo[n++] = (struct option) {"help", no_argument, NULL, 'h'};
    if (pageable(k->method)) {
        lo[n++] = (struct option) {"all", no_argument, NULL, 'A'};
        lo[n++] = (struct option) {"limit", required_argument, NULL, 'L'};
        if (opt_index(k, "xlsx") < 0)
            lo[n++] = (struct option) {"xlsx", required_argument, NULL, 'X'};
    }
    lo[n] = (struct option) {NULL, 0, NULL, 0};
    nargv[0] = "rongpei";
    for (i = 0; i < argc; i++)
        nargv[i + 1] = argv[i];
    for (i = 0; k->opts[i].name; i++)
        a->val[i] = calloc((size_t) argc + 1, sizeof(char *));
    optind = 0;                 /* a fresh scan (GNU) */
    opterr = 0;
    while ((c = getopt_long(argc + 1, nargv, "h", lo, NULL)) != -1) {
        if (c == 'h') {
            cmd_help(stdout, k);
            rc = -1;
            goto out;
        }
        if (c == 'A') {
            a->all = 1;
        } else if (c == 'X') {
            a->xlsx = optarg;
            a->all = 1;
        } else if (c == 'L') {
            char *end;
            long v = strtol(optarg, &end, 10);

            if (*end || v < 1 || v > 1000) {
                rc = usage_error(k, "--limit 应为 1 至 1000 的整数，而不是“%s”%s", optarg, "");
                goto out;
            }
            a->limit = (int) v;
        } else if (c >= 1000) {
            i = c - 1000;
            a->val[i][a->nval[i]++] = optarg;
        } else if (optopt >= 1000) {
            rc = usage_error(k, "选项 --%s 需要一个值%s", k->opts[optopt - 1000].name, "");
            goto out;
        } else {
            rc = usage_error(k, "未知选项 %s%s", nargv[optind - 1], "");
            goto out;
        }
    }
    for (; optind < argc + 1; optind++) {
        while (k->opts[pos].name && !(k->opts[pos].flags & O_POS))
            pos++;
        if (!k->opts[pos].name) {
            rc = usage_error(k, "多余的参数“%s”%s", nargv[optind], "");
            goto out;
        }
        a->val[pos][a->nval[pos]++] = nargv[optind];
        if (!(k->opts[pos].flags & O_MULTI))
            pos++;
    }
    for (i = 0; k->opts[i].name; i++) {
        const cmd_opt *o = &k->opts[i];

        if ((o->flags & O_REQ) && a->nval[i] == 0 && !(o->arg == NULL && o->set != NULL) &&
            !(o->flags & O_FIXED)) {
            if (o->flags & O_POS)
                rc = usage_error(k, "缺少 %s%s", o->name, "");
            else
                rc = usage_error(k, "缺少 --%s%s", o->name, "");
            goto out;
        }
        if (!(o->flags & O_MULTI) && a->nval[i] > 1 && o->arg != NULL) {
            rc = usage_error(k, "--%s 只能给一次%s", o->name, "");
            goto out;
        }
    }
    rc = check_choices(a);
out:
    free(nargv);
    return rc;
}

int
cmd_main(cli *c, int argc, char **argv)
{
    const command *k = NULL;
    cmd_args a;
    char err[512];
    const char **items = NULL;
    size_t nitems = 0;
    int i, best = 0, rc, each, mutating;

    table_set_labels(cmd_label);
    for (i = 0; i < commands_count; i++) {
        int n = words_match(commands[i].words, argc, argv);

        if (n > best) {
            best = n;
            k = &commands[i];
        }
    }
    if (k == NULL) {
        size_t len = strlen(argv[0]);
        int group = 0;

        for (i = 0; i < commands_count; i++)
            if (strncmp(commands[i].words, argv[0], len) == 0 && commands[i].words[len] == ' ') {
                if (!group)
                    fprintf(stderr, "rongpei %s 的子命令：\n", argv[0]);
                fprintf(stderr, "  %-22s %s\n", commands[i].words + len + 1, commands[i].help);
                group = 1;
            }
        if (group)
            return argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? 0 : EX_USAGE_;
        fprintf(stderr, "rongpei: 未知命令“%s”\n\n", argv[0]);
        cmd_usage(stderr);
        return EX_USAGE_;
    }
    memset(&a, 0, sizeof(a));
    a.k = k;
    arena_init(&a.a, 0);
    rc = parse(&a, argc - best, argv + best);
    {
        const method *m = k->method ? method_find(k->method) : NULL;

        mutating = m != NULL && (m->flags & M_MUTATING);
    }
    if (rc == 0 && c->offline && !c->sending) {
        /* kept as typed, names and all: resolved when it is sent */
        rc = mutating ? outbox_queue(c, argc, argv, "") : usage_error(k, "--offline 只用于修改类命令%s", "", "");
        goto done;
    }
    if (rc == 0 && k->method != NULL) {
        const ProtobufCMessageDescriptor *d = request_of(k);

        a.req = d ? arena_alloc(&a.a, d->sizeof_message) : NULL;
        if (a.req == NULL) {
            fprintf(stderr, "rongpei: 命令表错误：未知方法 %s\n", k->method);
            rc = EX_FAIL;
        } else {
            protobuf_c_message_init(d, a.req);
            run_cli = c;
            run_method = k->method;
            run_resolve_rc = 0;
            if ((each = each_of(k)) >= 0 && !k->fn &&
                split_values(pbjson_path_field(d, k->opts[each].field), a.val[each], a.nval[each],
                             &items, &nitems, &a.a, &k->opts[each], 0, err, sizeof(err)) != 0)
                rc = usage_error(k, "%s%s", err, "");
            else if (nitems > 1)
                rc = run_each(c, &a, each, items, nitems);
            else if (fill(&a, -1, err, sizeof(err)) != 0)
                rc = run_resolve_rc ? run_resolve_rc : usage_error(k, "%s%s", err, "");
            else
                rc = k->fn ? k->fn(c, &a) : cmd_run(c, &a);
            if (rc == EX_CONNECT && mutating && !c->sending && outbox_field_work(k->method) &&
                c->open_code == RPC_ECONNECT)
                rc = outbox_queue(c, argc, argv, "无法连接服务器：");
            goto done;
        }
    }
    if (rc == 0)
        rc = k->fn ? k->fn(c, &a) : cmd_run(c, &a);
    else if (rc == -1)
        rc = 0;                 /* --help */
    /* field work where the server cannot be reached: kept, not lost */
    if (rc == EX_CONNECT && mutating && !c->sending && outbox_field_work(k->method) && c->open_code == RPC_ECONNECT)
        rc = outbox_queue(c, argc, argv, "无法连接服务器：");
done:
    for (i = 0; k->opts[i].name; i++)
        free(a.val[i]);
    arena_reset(&a.a);
    return rc;
}
