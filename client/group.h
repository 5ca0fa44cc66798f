/*
 * group.h - service groups (group.c).
 */
#ifndef RP_GROUP_H
#define RP_GROUP_H

#include "cli.h"

int cmd_group_propose(cli *c, int argc, char **argv);
int cmd_group_list(cli *c, int argc, char **argv);
int cmd_group_move(cli *c, int argc, char **argv);
int cmd_group_leader(cli *c, int argc, char **argv);
int cmd_group_history(cli *c, int argc, char **argv);

#endif
