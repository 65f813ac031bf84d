import { describe, expect, it } from "vitest";
import { planRun } from "../../../src/runtime/plan-run.js";

const fresh = { hasCheckpoint: false, next: [], pending: [] };
const waiting = { hasCheckpoint: true, next: ["ask"], pending: [{ id: "i1" }] };
const unfinished = { hasCheckpoint: true, next: ["act"], pending: [] };
const finished = { hasCheckpoint: true, next: [], pending: [] };
const start = { type: "start" as const, graph: "g", threadId: "t", input: {} };
const resume = (interruptId: string) => ({ type: "resume" as const, graph: "g", threadId: "t", interruptId, value: "yes" });
const signal = { type: "signal" as const, graph: "g", threadId: "t", value: { kind: "reply" } };

describe("what a command does to a thread", () => {
  it("starts fresh and finished threads, continues unfinished ones, and leaves waiting ones alone", () => {
    expect(planRun(start, fresh)).toEqual({ action: "start" });
    expect(planRun(start, finished)).toEqual({ action: "start" });
    expect(planRun(start, unfinished)).toMatchObject({ action: "continue" });
    expect(planRun(start, waiting)).toMatchObject({ action: "ignore", reason: "already waiting for an answer" });
  });

  it("answers the pending interrupt: by id for a resume, whichever waits for a signal", () => {
    expect(planRun(resume("i1"), waiting)).toEqual({ action: "resume", interruptId: "i1", value: "yes" });
    expect(planRun(signal, waiting)).toEqual({ action: "resume", interruptId: "i1", value: { kind: "reply" } });
  });

  it("ignores stale answers", () => {
    expect(planRun(resume("old"), waiting)).toMatchObject({ action: "ignore", reason: "that question was already answered or has expired" });
    expect(planRun(resume("i1"), finished)).toMatchObject({ action: "ignore" });
    expect(planRun(signal, finished)).toMatchObject({ action: "ignore", reason: "nothing is waiting for this" });
    expect(planRun(signal, fresh)).toMatchObject({ action: "ignore" });
  });

  it("finishes a run whose answer was consumed by an attempt that then failed, for resumes and signals alike", () => {
    expect(planRun(resume("i1"), unfinished)).toMatchObject({ action: "continue" });
    expect(planRun(signal, unfinished)).toMatchObject({ action: "continue" });
  });
});
