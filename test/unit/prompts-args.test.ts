import { describe, expect, it } from "vitest";
import { promptsArgs } from "../../graphs/prompts/prompts-input.js";

describe("promptsArgs: the text after /shopfloor prompts", () => {
  it("lists without arguments or with `list`", () => {
    expect(promptsArgs("")).toEqual({ action: "list" });
    expect(promptsArgs("   ")).toEqual({ action: "list" });
    expect(promptsArgs("list")).toEqual({ action: "list" });
    expect(promptsArgs("LIST")).toEqual({ action: "list" });
  });

  it("reads history and rollback with a prompt name", () => {
    expect(promptsArgs("history review/tests")).toEqual({ action: "history", name: "review/tests" });
    expect(promptsArgs("rollback review/tests")).toEqual({ action: "rollback", name: "review/tests" });
    expect(promptsArgs("  Rollback   triage/check-duplicates ")).toEqual({ action: "rollback", name: "triage/check-duplicates" });
  });

  it("normalises names as people write them", () => {
    expect(promptsArgs("rollback review.tests")).toEqual({ action: "rollback", name: "review/tests" });
    expect(promptsArgs("history `review/tests`")).toEqual({ action: "history", name: "review/tests" });
    expect(promptsArgs("history *review/tests*")).toEqual({ action: "history", name: "review/tests" });
    expect(promptsArgs("history `review.tests`")).toEqual({ action: "history", name: "review/tests" });
    expect(promptsArgs("history Review/Tests.")).toEqual({ action: "history", name: "review/tests" });
    expect(promptsArgs("history prompts/review/tests.prompt.yml")).toEqual({ action: "history", name: "review/tests" });
  });

  it("refuses anything else", () => {
    expect(promptsArgs("history")).toBeNull();
    expect(promptsArgs("rollback")).toBeNull();
    expect(promptsArgs("list review/tests")).toBeNull();
    expect(promptsArgs("rollback review/tests now")).toBeNull();
    expect(promptsArgs("rollback review")).toBeNull();
    expect(promptsArgs("rollback a.b.c")).toBeNull();
    expect(promptsArgs("rollback review/tests/extra")).toBeNull();
    expect(promptsArgs("rollback <@U123>")).toBeNull();
    expect(promptsArgs("adopt review/tests")).toBeNull();
    expect(promptsArgs("review/tests")).toBeNull();
  });
});
