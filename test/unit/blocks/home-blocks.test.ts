import { describe, expect, it } from "vitest";
import { parseView } from "../../../src/sandbox/fake-slack/validation.js";
import { failureRate, homeBlocks, pendingApprovals, prOfThread, type HomeFacts } from "../../../src/blocks/home-blocks.js";

const NOW = "2026-01-15T10:00:00.000Z";
const base: HomeFacts = { repository: "acme/shop", now: NOW, windowDays: 7, approver: true, automations: [], queues: [], runsInFlight: [], escalations: [], dryRun: false };

describe("the Home tab's blocks", () => {
  it("stays within Slack's limits however much there is to show", () => {
    const blocks = homeBlocks({
      ...base,
      notice: "n".repeat(5000),
      automations: Array.from({ length: 150 }, (_, i) => ({
        name: `automation-with-a-long-name-${i}`,
        paused: i % 2 === 0,
        pausedBy: "U0CAROL",
        pausedReason: "r".repeat(4000),
        runs: 10,
        failed: 3,
        lastRunAt: NOW,
        lastStatus: "failed",
        lastErrorCode: "GITHUB_API",
      })),
      queues: Array.from({ length: 80 }, (_, i) => ({ name: `shopfloor-graph-${i}`, waiting: 1, active: 0, delayed: 0, failed: 0 })),
      runsInFlight: Array.from({ length: 200 }, (_, i) => ({ graph: i % 3 ? `g${i}` : "merge", threadId: `gh-pr:acme/shop#${i + 1}:merge:abc`, status: "waiting" as const, startedAt: NOW })),
      escalations: Array.from({ length: 50 }, (_, i) => ({ repository: "acme/shop", prNumber: i + 1, owner: "@dave", ownerSlack: null, reasons: ["x".repeat(500)], since: NOW })),
    });
    // The sandbox's Slack checks a view the way views.publish does.
    expect(() => parseView({ type: "home", blocks }, "home")).not.toThrow();
    expect(blocks.length).toBeLessThanOrEqual(100);
    for (const b of blocks) {
      const text = (b.text as { text?: string } | undefined)?.text ?? "";
      expect(text.length).toBeLessThanOrEqual(b.type === "header" ? 150 : 3000);
      const confirm = (b.accessory as { confirm?: { title: { text: string } } } | undefined)?.confirm;
      if (confirm) expect(confirm.title.text.length).toBeLessThanOrEqual(24);
    }
    expect(JSON.stringify(blocks)).toContain("…and 90 more");
  });

  it("escapes what people and GitHub wrote", () => {
    const blocks = homeBlocks({
      ...base,
      automations: [{ name: "build", paused: true, pausedBy: "U0CAROL", pausedReason: "<!channel> see <http://x|here>", runs: 0, failed: 0, lastRunAt: null, lastStatus: null, lastErrorCode: null }],
      escalations: [{ repository: "acme/shop", prNumber: 3, owner: "<!here>", ownerSlack: null, reasons: ["<@U0EVE>"], since: NOW }],
    });
    const json = JSON.stringify(blocks);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<!here>");
    expect(json).not.toContain("<@U0EVE>");
  });

  it("reads failure rates and the PR of a merge run", () => {
    expect(failureRate({ runs: 4, failed: 1 }, 7)).toBe("1 of 4 runs failed in the last 7 days (25%)");
    expect(failureRate({ runs: 1, failed: 0 }, 7)).toBe("1 run in the last 7 days, none failed");
    expect(failureRate({ runs: 0, failed: 0 }, 1)).toBe("no runs in the last 1 day");
    expect(prOfThread("gh-pr:acme/shop#12:merge:abcdef123456")).toEqual({ repository: "acme/shop", number: 12 });
    expect(prOfThread("slack-req:T1:abc")).toBeNull();
    expect(
      pendingApprovals([
        { graph: "merge", threadId: "gh-pr:acme/shop#9:merge:b", status: "waiting", startedAt: "2026-01-15T09:00:00.000Z" },
        { graph: "merge", threadId: "gh-pr:acme/shop#7:merge:a", status: "waiting", startedAt: "2026-01-14T09:00:00.000Z" },
        { graph: "merge", threadId: "gh-pr:acme/shop#8:merge:c", status: "running", startedAt: "2026-01-13T09:00:00.000Z" },
        { graph: "review", threadId: "gh-pr:acme/shop#6", status: "waiting", startedAt: "2026-01-13T09:00:00.000Z" },
      ]).map((p) => p.number),
    ).toEqual([7, 9]);
  });
});
