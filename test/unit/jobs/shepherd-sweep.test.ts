import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.js";
import type { GraphJob } from "../../../src/jobs/job-schemas.js";
import { createShepherdSweepProcessor } from "../../../src/jobs/processors/process-shepherd-sweep.js";
import { FakeForge } from "../../fakes/fake-ports.js";

describe("the hourly shepherd sweep", () => {
  it("looks after the factory's PRs on the configured branch prefix, not people's", async () => {
    const forge = new FakeForge();
    const factory = forge.addPullRequest({ title: "Fix the cart", headRef: "bot/12-fix-the-cart", headSha: "a".repeat(40) });
    forge.addPullRequest({ title: "Dark mode", headRef: "feature/dark-mode", headSha: "b".repeat(40), author: "dave" });
    const started: GraphJob[] = [];
    const sweep = createShepherdSweepProcessor({
      forge,
      repository: "acme/shop",
      labels: { riskPrefix: "risk:", needsHuman: "factory:needs-human" },
      branchPrefix: "bot/",
      allPullRequests: false,
      enqueue: async (job) => void started.push(job),
      logger: silentLogger,
      now: () => new Date("2026-01-15T10:00:00.000Z"),
    });
    expect(await sweep({} as never)).toEqual({ handed: 1, open: 2 });
    expect(started).toEqual([expect.objectContaining({ graph: "shepherd", threadId: `gh-pr:acme/shop#${factory.number}:shepherd` })]);
  });
});
