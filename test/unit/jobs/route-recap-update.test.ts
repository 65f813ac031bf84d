import { describe, expect, it } from "vitest";
import { encodeButtonValue } from "../../../src/core/button-value.js";
import type { IngressJob } from "../../../src/jobs/job-schemas.js";
import { routeIngress } from "../../../src/jobs/route-ingress.js";

const ctx = { botUserId: "U0SHOPBOT", bugChannels: ["C0BUGS"], typeLabels: ["type:bug"], triageGithubIssues: true };
const THREAD = "recap:weekly:2031-03-17T08:00:00.000Z";

const submission = (viewId: string, text: string | null, privateMetadata: string): IngressJob => ({
  source: "slack",
  type: "interaction",
  teamId: "T1",
  user: "U0CAROL",
  kind: "view_submission",
  id: viewId,
  payload: {
    type: "view_submission",
    view: { id: viewId, callback_id: "recap_edit_update", private_metadata: privateMetadata, state: { values: { text: { text: { type: "plain_text_input", value: text } } } } },
  },
});

describe("routing the public update's Edit form", () => {
  const target = encodeButtonValue({ graph: "recap", threadId: THREAD, interruptId: "slot:update-1", choice: "edit" });

  it("signals the recap run that posted the card with the new text, the card's slot and who edited", () => {
    const route = routeIngress(submission("V1", "  Faster search.\nFewer checkout errors. ", target), ctx);
    expect(route).toEqual({
      kind: "graph",
      jobId: expect.any(String),
      job: { type: "signal", graph: "recap", threadId: THREAD, value: { choice: "edit", text: "Faster search.\nFewer checkout errors.", slot: "slot:update-1", user: "U0CAROL" } },
    });
  });

  it("collapses a resubmission of the same form, and keeps two forms apart", () => {
    const jobIdOf = (viewId: string) => {
      const route = routeIngress(submission(viewId, "Faster search this week.", target), ctx);
      return route.kind === "graph" ? route.jobId : null;
    };
    expect(jobIdOf("V1")).toBe(jobIdOf("V1"));
    expect(jobIdOf("V1")).not.toBe(jobIdOf("V2"));
  });

  it("ignores a form that names no run", () => {
    expect(routeIngress(submission("V1", "Faster search.", "not a target"), ctx)).toMatchObject({ kind: "ignore" });
  });
});
