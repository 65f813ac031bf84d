import { afterEach, describe, expect, it } from "vitest";
import { createSlackWebClient, createWebChatAdapter } from "../../../src/adapters/slack/web-chat-adapter.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { ChatPort } from "../../../src/core/ports/chat-port.js";
import { DEFAULT_BOT_SCOPES, startFakeSlack, type FakeSlack } from "../../../src/sandbox/fake-slack/index.js";
import { caughtAppError } from "../../support/caught.js";

const BOT_TOKEN = "xoxb-user-groups-test";

describe("Slack ChatPort adapter: members of a user group (approver checks)", () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  async function start(scopes?: string[]): Promise<{ slack: FakeSlack; chat: ChatPort }> {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "secret", channels: ["merges"], ...(scopes ? { scopes } : {}) });
    const chat = createWebChatAdapter({ client: createSlackWebClient({ token: BOT_TOKEN, apiUrl: slack.apiUrl, retries: 0 }), logger: silentLogger });
    return { slack, chat };
  }

  it("lists the user ids of a group's members", async () => {
    const { slack, chat } = await start();
    const approvers = slack.workspace.addUserGroup({ handle: "approvers", users: ["alice", "@carol"] });
    slack.workspace.addUserGroup({ handle: "oncall", users: ["bob"] });

    expect(approvers.id).toBe("S0APPROVERS");
    expect(await chat.listUserGroupMembers(approvers.id)).toEqual(["U0ALICE", "U0CAROL"]);
    expect(slack.workspace.callLog.filter((c) => c.method === "usergroups.users.list").map((c) => c.args.usergroup)).toEqual(["S0APPROVERS"]);
  });

  it("reports an unknown group as Slack's no_such_subteam, not as an empty group", async () => {
    const { chat } = await start();
    const error = await caughtAppError(chat.listUserGroupMembers("S0NOBODY"));
    expect(error).toMatchObject({ code: ErrorCode.SlackApi, retryable: false, details: { method: "usergroups.users.list", slackError: "no_such_subteam" } });
  });

  it("says which scope is missing when the app was installed without usergroups:read", async () => {
    const { slack, chat } = await start(DEFAULT_BOT_SCOPES.filter((s) => s !== "usergroups:read"));
    const group = slack.workspace.addUserGroup({ handle: "approvers", users: ["alice"] });
    const error = await caughtAppError(chat.listUserGroupMembers(group.id));
    expect(error.details.slackError).toBe("missing_scope");
  });

  it("passes Slack's rate limit on with the wait it asked for", async () => {
    const { slack, chat } = await start();
    const group = slack.workspace.addUserGroup({ handle: "approvers", users: ["alice"] });
    slack.faults.rateLimitNext("usergroups.users.list", 3);
    const error = await caughtAppError(chat.listUserGroupMembers(group.id));
    expect(error).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 3000 });
    expect(await chat.listUserGroupMembers(group.id)).toEqual(["U0ALICE"]);
  });
});
