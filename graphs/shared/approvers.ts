import type { GraphDeps } from "../../src/core/graph-deps.js";

/**
 * An approver is a configured Slack user or a member of a configured user group. Groups are asked fresh at every
 * decision, so someone taken out of a group loses the right at once (merges, pauses and resumes alike).
 */
export async function isApprover(deps: Pick<GraphDeps, "chat" | "settings">, user: string): Promise<boolean> {
  const { slackUsers, slackGroups } = deps.settings.approvers;
  if (slackUsers.includes(user)) return true;
  for (const group of slackGroups) {
    if ((await deps.chat.listUserGroupMembers(group)).includes(user)) return true;
  }
  return false;
}
