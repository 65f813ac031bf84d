import { describe, expect, it } from "vitest";
import { explainBlocks, type ExplainReason } from "../../../src/blocks/explain-blocks.js";
import { agoPhrase as ago } from "../../../src/core/ago.js";

const now = "2026-01-15T10:00:00.000Z";
const subject = { kind: "pr" as const, number: 7, title: "Add <!channel> coupons & more", url: "https://github.com/acme/shop/pull/7", author: "alice", state: "open" as const, merged: false, draft: false };

const sectionTexts = (blocks: Record<string, unknown>[]) => blocks.flatMap((b) => (b.type === "section" ? [(b.text as { text: string }).text] : []));

describe("explain blocks", () => {
  it("stays within Slack's limits however much is in the way", () => {
    const reasons: ExplainReason[] = Array.from({ length: 40 }, (_, i) => ({
      summary: `reason ${i}`,
      evidence: Array.from({ length: 20 }, () => "x".repeat(400)),
      next: "do it",
      owner: "@alice",
    }));
    const timeline = Array.from({ length: 30 }, (_, i) => ({ event: "commented", actor: "bob", at: now, detail: `comment ${i} ${"y".repeat(500)}` }));
    const { text, blocks } = explainBlocks({ subject, reasons, timeline, now, paragraph: "p".repeat(600) });
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const t of sectionTexts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(sectionTexts(blocks)).toContain("…and 30 more.");
    // Only the last eight events are shown.
    expect(sectionTexts(blocks).join("\n")).toContain("comment 29");
    expect(sectionTexts(blocks).join("\n")).not.toContain("comment 21 ");
  });

  it("escapes text from GitHub and the model, so it cannot ping a channel or forge a link", () => {
    const { blocks } = explainBlocks({ subject, reasons: [], timeline: [], now, paragraph: "Ping <!here> and <https://evil.test|click>" });
    const all = sectionTexts(blocks).join("\n");
    expect(all).toContain("Add &lt;!channel&gt; coupons &amp; more");
    expect(all).toContain("Ping &lt;!here&gt; and &lt;https://evil.test|click&gt;");
    expect(all).not.toContain("<!");
  });

  it("words times the way the diagnosis does", () => {
    expect(ago("2026-01-15T09:59:30.000Z", now)).toBe("just now");
    expect(ago("2026-01-15T09:48:00.000Z", now)).toBe("12 min ago");
    expect(ago("2026-01-15T05:00:00.000Z", now)).toBe("5 h ago");
    expect(ago("2026-01-14T09:00:00.000Z", now)).toBe("1 day ago");
    expect(ago("2026-01-12T10:00:00.000Z", now)).toBe("3 days ago");
  });
});
