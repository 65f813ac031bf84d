import type { FakeChatMessage, FakeChatRequest, FakeReply, FakeToolCall } from "./fake-openai/fake-openai-server.js";

/**
 * The sandbox's coding agent when no real model is configured: a deterministic policy over the real tools, so the
 * demo and the end-to-end tests drive the whole build path (tool calls, sandboxed commands, git, the PR) for real.
 *
 * It knows one kind of bug, the one the sandbox's shop has: a function that reduces over a list a caller may leave
 * undefined. A build makes the quick fix a hurried developer makes (catch the crash and return 0, no test); fix mode
 * then answers the review threads properly: an explicit check instead of the empty catch, and a test.
 */

/** What the conversation so far tells the policy: the tool calls made, in order, and their answers. */
interface Turn {
  name: string;
  args: Record<string, unknown>;
  answer: string;
}

function turnsOf(messages: readonly FakeChatMessage[]): Turn[] {
  const answers = new Map(messages.filter((m) => m.role === "tool").map((m) => [m.tool_call_id ?? "", m.content ?? ""]));
  return messages.flatMap((m) =>
    (m.tool_calls ?? []).map((c) => {
      let args: Record<string, unknown> = {};
      try {
        args = JSON.parse(c.function.arguments) as Record<string, unknown>;
      } catch {
        // A malformed call of our own would be a bug in this policy; the empty args make it visible in the answer.
      }
      return { name: c.function.name, args, answer: answers.get(c.id) ?? "" };
    }),
  );
}

const call = (name: string, args: Record<string, unknown>): FakeReply => ({ toolCalls: [{ name, arguments: args } satisfies FakeToolCall] });
const text = (m: FakeChatMessage | undefined) => (typeof m?.content === "string" ? m.content : "");

/** read_file answers are numbered (`   12  code`): the file's text without the numbers. */
function fileText(answer: string): string {
  const body = answer.replace(/^<untrusted[^>]*>\n?|\n?<\/untrusted>$/g, "").split("\n").slice(1);
  return body
    .filter((l) => /^\s*\d+ {2}/.test(l))
    .map((l) => l.replace(/^\s*\d+ {2}/, ""))
    .join("\n");
}

/** `return prices.reduce(…);` — the line to guard, and the list's name. */
function reduceLine(source: string): { line: string; list: string } | null {
  const m = /^([ \t]*)return ([A-Za-z_$][\w$]*)\.reduce\((.*)\);[ \t]*$/m.exec(source);
  return m ? { line: m[0], list: m[2]! } : null;
}

export function scriptedPlan(request: FakeChatRequest): FakeReply {
  const user = text(request.messages.find((m) => m.role === "user"));
  const fix = /Mode: fix/.test(user);
  return {
    json: fix
      ? { summary: "Address the review threads", steps: ["Read the files the threads point at", "Change the code each thread is right about", "Run the tests", "Answer each thread"], filesToRead: [], testStrategy: "Run the test command." }
      : {
          summary: "Stop the crash when the list is missing",
          steps: ["Find the code that reduces over the list", "Handle a missing list", "Run the tests"],
          filesToRead: [],
          testStrategy: "Run the test command; the existing tests must still pass.",
        },
  };
}

export function scriptedAgent(request: FakeChatRequest): FakeReply {
  const system = text(request.messages.find((m) => m.role === "system"));
  const task = text(request.messages.find((m) => m.role === "user"));
  const turns = turnsOf(request.messages);
  return /Mode: fix/.test(system) ? fixPolicy(task, turns) : buildPolicy(turns);
}

function buildPolicy(turns: Turn[]): FakeReply {
  const found = turns.find((t) => t.name === "search");
  if (!found) return call("search", { pattern: "\\.reduce\\(" });
  const path = /^(?:<untrusted[^>]*>\n)?([^\s:]+):\d+:/m.exec(found.answer.split("\n").filter((l) => !/(^|\/)(test|tests)\//.test(l)).join("\n"))?.[1];
  const read = turns.find((t) => t.name === "read_file");
  if (!read) return path ? call("read_file", { path }) : call("ask_for_help", { question: "Where is the code that crashes? I found no list being reduced." });
  if (!turns.some((t) => t.name === "edit_file")) {
    const target = reduceLine(fileText(read.answer));
    if (!target) return call("ask_for_help", { question: `Which code crashes? ${String(read.args.path)} has no reduce over a list.` });
    const indent = /^[ \t]*/.exec(target.line)![0];
    const body = target.line.trimStart();
    return call("edit_file", { path: read.args.path, oldText: target.line, newText: `${indent}try {\n${indent}  ${body}\n${indent}} catch (e) {}\n${indent}return 0;` });
  }
  if (!turns.some((t) => t.name === "run_tests")) return call("run_tests", {});
  return call("finish", {
    summary: `The code in ${String(read.args.path)} threw when it was called without a list; it now returns 0 instead.`,
    testing: `The test command ${/exited 0/.test(turns.find((t) => t.name === "run_tests")!.answer) ? "passed" : "failed"}.`,
    risk: "Low: one function; callers that passed a list see no difference.",
  });
}

function fixPolicy(task: string, turns: Turn[]): FakeReply {
  const threads = [...task.matchAll(/\[thread ([^\]]+)\] ([^\s:]+)(?::\d+)?\n((?: {2}.*\n?)*)/g)].map((m) => ({ id: m[1]!, path: m[2]!, talk: m[3]! }));
  const swallowed = threads.find((t) => /empty catch|swallowed/i.test(t.talk));
  const untested = threads.find((t) => /no test/i.test(t.talk));
  const path = (swallowed ?? untested ?? threads[0])?.path;
  if (!path) return call("finish", { summary: "No review thread named a file to change.", threadReplies: [] });
  const read = turns.find((t) => t.name === "read_file");
  if (!read) return call("read_file", { path });
  const source = fileText(read.answer);
  const replies: Array<{ threadId: string; reply: string }> = [];
  const guarded = /^([ \t]*)try \{\n[ \t]*return ([A-Za-z_$][\w$]*)\.reduce\((.*)\);\n[ \t]*\} catch \([^)]*\) \{\}\n[ \t]*return 0;/m.exec(source);
  if (swallowed && guarded && !turns.some((t) => t.name === "edit_file")) {
    const [block, indent, list, rest] = guarded;
    return call("edit_file", { path, oldText: block, newText: `${indent}if (!${list}) return 0;\n${indent}return ${list}.reduce(${rest});` });
  }
  const fn = /export function ([A-Za-z_$][\w$]*)\(/.exec(source)?.[1];
  const testFile = `test/${path.split("/").pop()!.replace(/\.[cm]?[jt]s$/, "")}-missing-list.test.js`;
  if (untested && fn && !turns.some((t) => t.name === "write_file")) {
    const from = `../${path}`;
    return call("write_file", {
      path: testFile,
      content: `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${fn} } from "${from}";\n\ntest("${fn} of a missing list is 0", () => {\n  assert.equal(${fn}(undefined), 0);\n});\n`,
    });
  }
  if (!turns.some((t) => t.name === "run_tests")) return call("run_tests", {});
  if (swallowed) replies.push({ threadId: swallowed.id, reply: "Replaced the empty catch with an explicit check for a missing list, so other errors are no longer hidden." });
  if (untested && fn) replies.push({ threadId: untested.id, reply: `Added ${testFile}, which checks that ${fn} of a missing list is 0.` });
  return call("finish", {
    summary: "Addressed the review: an explicit check for a missing list instead of catching every error, and a test for it.",
    testing: `The test command ${/exited 0/.test(turns.find((t) => t.name === "run_tests")!.answer) ? "passed" : "failed"}.`,
    risk: "Low.",
    threadReplies: replies,
  });
}
