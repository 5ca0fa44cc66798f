/*
 * team.h - rongpei team export|sync|outbox|conflicts|resolve: a prefecture
 * office (or the bureau) keeps its advisor team in a CSV file, changes it
 * offline and synchronises (docs/protocol.md "Team sync", man rongpei).
 *
 * Local state lives in one directory per user ($RONGPEI_STATE_DIR, else
 * ~/.rongpei/team-USER), whichever address the server is reached by:
 *   base.json       the team as last downloaded, and the file it was written to
 *   outbox.json     changes not yet answered by the server, each with its
 *                   change id; "attempted" once it has been sent
 *   conflicts.json  changes the server refused to apply because the record
 *                   had changed there: both sides, until resolved
 * Every write goes to a temporary file, is fsync'd and renamed.
 */
#ifndef RP_TEAM_H
#define RP_TEAM_H

#include "cli.h"

int cmd_team_export(cli *c, int argc, char **argv);
int cmd_team_sync(cli *c, int argc, char **argv);
int cmd_team_outbox(cli *c, int argc, char **argv);
int cmd_team_conflicts(cli *c, int argc, char **argv);
int cmd_team_resolve(cli *c, int argc, char **argv);

#endif
