/*
 * pairing_cmd.h - advisor-enterprise pairing commands (pairing_cmd.c).
 */
#ifndef RP_PAIRING_CMD_H
#define RP_PAIRING_CMD_H

#include "cli.h"

int cmd_pairing_propose(cli *c, int argc, char **argv);
int cmd_pairing_list(cli *c, int argc, char **argv);
int cmd_pairing_change(cli *c, int argc, char **argv);
int cmd_pairing_add(cli *c, int argc, char **argv);
int cmd_pairing_succeed(cli *c, int argc, char **argv);
int cmd_pairing_conflict(cli *c, int argc, char **argv);

#endif
