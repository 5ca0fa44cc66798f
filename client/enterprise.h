/*
 * enterprise.h - enterprises and the key-enterprise list (enterprise.c).
 */
#ifndef RP_ENTERPRISE_H
#define RP_ENTERPRISE_H

#include "cli.h"

int cmd_enterprise_save(cli *c, int argc, char **argv);
int cmd_enterprise_show(cli *c, int argc, char **argv);
int cmd_enterprise_history(cli *c, int argc, char **argv);
int cmd_enterprise_consent(cli *c, int argc, char **argv);
int cmd_keylist_open(cli *c, int argc, char **argv);
int cmd_keylist_rounds(cli *c, int argc, char **argv);
int cmd_keylist_list(cli *c, int argc, char **argv);
int cmd_keylist_stats(cli *c, int argc, char **argv);
int cmd_keylist_diff(cli *c, int argc, char **argv);
int cmd_recommend(cli *c, int argc, char **argv);
int cmd_recommend_import(cli *c, int argc, char **argv);
int cmd_recommendation_list(cli *c, int argc, char **argv);
int cmd_recommendation_decide(cli *c, int argc, char **argv);
int cmd_recommendation_correct(cli *c, int argc, char **argv);
int cmd_removal_apply(cli *c, int argc, char **argv);
int cmd_removal_decide(cli *c, int argc, char **argv);
int cmd_removal_list(cli *c, int argc, char **argv);

/* Chinese words for the profile's codes (ownership, urgency, difficulties). */
const char *enterprise_label(const char *field, const char *value);

#endif
