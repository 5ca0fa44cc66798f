/*
 * agreement.h - service agreements (agreement.c).
 */
#ifndef RP_AGREEMENT_H
#define RP_AGREEMENT_H

#include "cli.h"

int cmd_agreement_template(cli *c, int argc, char **argv);
int cmd_agreement_template_save(cli *c, int argc, char **argv);
int cmd_agreement_draft(cli *c, int argc, char **argv);
int cmd_agreement_list(cli *c, int argc, char **argv);
int cmd_agreement_show(cli *c, int argc, char **argv);
int cmd_agreement_sign(cli *c, int argc, char **argv);
int cmd_agreement_file(cli *c, int argc, char **argv);
int cmd_agreement_return(cli *c, int argc, char **argv);
int cmd_agreement_end(cli *c, int argc, char **argv);
int cmd_agreement_renew(cli *c, int argc, char **argv);
int cmd_agreement_pdf(cli *c, int argc, char **argv);

#endif
