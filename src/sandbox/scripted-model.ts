import { classifyByRules } from "../../graphs/triage/rules/classify-by-rules.js";
import type { FakeChatRequest, FakeReply } from "./fake-openai/fake-openai-server.js";

/**
 * The sandbox's model when no real one is configured. It answers by task (the adapter names the task in
 * every request: `user: "shopfloor:<task>"`) with deterministic, plausible answers, so the demo and the
 * end-to-end tests exercise the model path (prompt, structured output, validation, run ledger) for real.
 * An unknown task gets the fake's 500, so a missing script shows up as a clear model error.
 */
const answers: Record<string, (request: FakeChatRequest) => FakeReply> = {
  "triage.classify": (request) => {
    const report = untrusted(request, "report");
    const areas = [...(systemText(request).match(/area: one of these names, or "unknown": (.*)/)?.[1] ?? "").matchAll(/([a-z0-9-]+) \(([^)]*)\)/g)].map((m) => ({
      name: m[1]!,
      description: m[2]!,
      paths: [],
    }));
    const { method: _m, fallbackReason: _f, ...classification } = classifyByRules({ text: report }, areas, "scripted");
    return { json: classification };
  },
  "triage.check-duplicates": () => ({ json: { duplicateOf: null, reason: "the scripted model never confirms duplicates; similarity shows them" } }),
  "triage.answer-question": () => ({ json: { canAnswer: false, answer: "" } }),
};

export function scriptedModel(request: FakeChatRequest): FakeReply | undefined {
  return request.task ? answers[request.task]?.(request) : undefined;
}

const text = (content: unknown) => (typeof content === "string" ? content : "");

function systemText(request: FakeChatRequest): string {
  return text(request.messages.find((m) => m.role === "system")?.content);
}

/** The text of an `<untrusted name="…">` block the prompt loader fenced. */
function untrusted(request: FakeChatRequest, name: string): string {
  const all = request.messages.map((m) => text(m.content)).join("\n");
  const match = new RegExp(`<untrusted name="${name}">\\n?([\\s\\S]*?)\\n?</untrusted>`).exec(all);
  return match?.[1] ?? all;
}
