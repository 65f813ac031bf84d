import { describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { classifyFailure } from "../../src/core/failure-class.js";

describe("classifyFailure", () => {
  it("calls outages, rate limits and time-outs infrastructure", () => {
    expect(classifyFailure(new AppError(ErrorCode.GithubApi, "502", { retryable: true }))).toBe("infrastructure");
    expect(classifyFailure(new AppError(ErrorCode.RateLimited, "429", { retryable: true, retryAfterMs: 1000 }))).toBe("infrastructure");
    expect(classifyFailure(new AppError(ErrorCode.ModelTimeout, "no answer in 60 s"))).toBe("infrastructure");
    expect(classifyFailure(new AppError(ErrorCode.DatabaseUnavailable, "ECONNREFUSED"))).toBe("infrastructure");
  });

  it("calls model output that stayed invalid semantic", () => {
    expect(classifyFailure(new AppError(ErrorCode.ModelInvalidOutput, "invalid twice"))).toBe("semantic");
  });

  it("calls our own defects and refused writes logic", () => {
    expect(classifyFailure(new AppError(ErrorCode.Internal, "state missing"))).toBe("logic");
    expect(classifyFailure(new AppError(ErrorCode.PromptVariables, "unused variable"))).toBe("logic");
    expect(classifyFailure(new AppError(ErrorCode.Forbidden, "403 resource not accessible"))).toBe("logic");
    expect(classifyFailure(new AppError(ErrorCode.SlackApi, "message_not_found", { retryable: false }))).toBe("logic");
  });

  it("takes the thrower's word when it declares a class", () => {
    expect(classifyFailure(new AppError(ErrorCode.Workspace, "token budget spent", { details: { failureClass: "semantic" } }))).toBe("semantic");
  });
});
