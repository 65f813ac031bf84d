import type { FakeChatRequest, FakeReply } from "./fake-openai/fake-openai-server.js";

/**
 * Answers by task (the adapter names the task in every request: `user: "shopfloor:<task>"`). Each
 * automation registers the answers its prompts need for the demo scenario. An unknown task gets the fake's
 * 500, so a missing script shows up as a clear model error instead of a made-up answer.
 */
const answers: Record<string, (request: FakeChatRequest) => FakeReply> = {};

export function scriptedModel(request: FakeChatRequest): FakeReply | undefined {
  return request.task ? answers[request.task]?.(request) : undefined;
}
