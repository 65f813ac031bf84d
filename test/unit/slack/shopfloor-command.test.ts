import { describe, expect, it } from "vitest";
import { helpBlocks } from "../../../src/blocks/help-blocks.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { shopfloorCommand } from "../../../src/slack/listeners/shopfloor-command.js";

const AUTOMATIONS = ["triage", "review", "build", "merge"];

/** Runs the real listener on a typed command, recording the ack and what was enqueued. */
async function command(text: string, automations: readonly string[] | null = AUTOMATIONS) {
  const enqueued: IngressJob[] = [];
  const acks: unknown[] = [];
  const listener = shopfloorCommand({ enqueue: async (job) => void enqueued.push(job), logger: silentLogger, ...(automations ? { automations } : {}) });
  await listener({
    command: { text, team_id: "T1", channel_id: "C0GEN", user_id: "U0CAROL", command: "/shopfloor", response_url: "https://hooks.slack.test/cmd/1", trigger_id: "trig.1" },
    body: { team_id: "T1" },
    ack: async (a?: unknown) => void acks.push(a),
  } as never);
  return { enqueued, ack: acks[0] as { response_type?: string; text?: string } | undefined };
}

describe("/shopfloor pause and resume at the edge", () => {
  it("enqueues a known automation and says it is on it", async () => {
    const { enqueued, ack } = await command("pause build release freeze");
    expect(enqueued).toEqual([expect.objectContaining({ subcommand: "pause", args: "build release freeze", user: "U0CAROL" })]);
    expect(ack).toEqual({ response_type: "ephemeral", text: "Asked to pause build — approvers only; the answer follows." });
    expect((await command("resume Build")).ack?.text).toBe("Asked to resume build — approvers only; the answer follows.");
  });

  it("answers a missing name with the usage and the automations, and enqueues nothing", async () => {
    const { enqueued, ack } = await command("pause");
    expect(enqueued).toEqual([]);
    expect(ack?.text).toBe("Which automation? Usage: `/shopfloor pause <automation> [reason]`, e.g. `/shopfloor pause build`. Automations: `triage`, `review`, `build`, `merge`.");
  });

  it("answers an unknown name with the automations there are", async () => {
    const { enqueued, ack } = await command("resume biuld");
    expect(enqueued).toEqual([]);
    expect(ack?.text).toBe("There is no automation called `biuld`. Automations: `triage`, `review`, `build`, `merge`. Usage: `/shopfloor resume <automation>`.");
  });

  it("leaves the check to the graph when the edge was not given the names", async () => {
    const { enqueued } = await command("pause biuld", null);
    expect(enqueued).toHaveLength(1);
  });
});

describe("/shopfloor recap at the edge", () => {
  it("enqueues daily and weekly recaps and says where they go", async () => {
    const daily = await command("recap");
    expect(daily.enqueued).toEqual([expect.objectContaining({ subcommand: "recap", args: "" })]);
    expect(daily.ack).toEqual({ response_type: "ephemeral", text: "Working on the daily recap — it will be posted in this channel." });
    expect((await command("recap weekly")).ack?.text).toBe("Working on the weekly recap — it will be posted in this channel.");
  });

  it("answers any other word with the usage", async () => {
    const { enqueued, ack } = await command("recap monthly");
    expect(enqueued).toEqual([]);
    expect(ack?.text).toContain("Usage: `/shopfloor recap [daily|weekly]`");
  });
});

describe("what is installed", () => {
  it("runs the audit, the planner and the prompts commands; prompts with other words get their usage", async () => {
    for (const text of ["audit", "audit log 12", "plan", "prompts", "prompts history review/tests", "prompts rollback review.tests"]) {
      expect((await command(text)).enqueued, text).toHaveLength(1);
    }
    expect((await command("audit")).ack?.text).toContain("Auditing the last week's runs");
    const wrong = await command("prompts delete review/tests");
    expect(wrong.enqueued).toEqual([]);
    expect(wrong.ack?.text).toContain("/shopfloor prompts");
  });

  it("help lists every command as working, and the run timeline question", () => {
    const { text } = helpBlocks();
    const line = (usage: string) => text.split("\n").find((l) => l.includes(`\`/shopfloor ${usage}\``)) ?? "";
    for (const usage of ["recap [daily|weekly]", "pause <automation>", "resume <automation>", "audit [log [PR number]]", "prompts [history|rollback <prompt>]", "plan"]) {
      expect(line(usage)).not.toBe("");
      expect(line(usage)).not.toContain("not installed");
    }
    expect(text).toContain("why did the review of #123 fail?");
    expect(text).toContain("Home tab");
  });
});
