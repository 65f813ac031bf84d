/**
 * How a chat completion request says which task it serves: the standard `user` field carries
 * `shopfloor:<task>` (e.g. `shopfloor:triage.classify`). `user` is accepted by OpenAI and by the common
 * OpenAI-compatible servers (vLLM, Ollama, LiteLLM), unlike `metadata`, which OpenAI only accepts together
 * with `store: true`. It holds no personal data: only the task name. The sandbox's fake model server reads
 * it back to answer by task.
 */
const PREFIX = "shopfloor:";

export function taskTag(task: string): string {
  return `${PREFIX}${task}`;
}

export function taskFromTag(user: unknown): string | undefined {
  return typeof user === "string" && user.startsWith(PREFIX) && user.length > PREFIX.length ? user.slice(PREFIX.length) : undefined;
}
