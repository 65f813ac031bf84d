import { createOpenAIClient, createOpenAIModelAdapter } from "../src/adapters/llm/openai-model-adapter.js";
import { silentLogger } from "../src/core/logger.js";
import { createFakeOpenAI } from "../src/sandbox/fake-openai/fake-openai-server.js";
import { scriptedModel } from "../src/sandbox/scripted-model.js";
import { buildWorld } from "../test/support/build-world.js";
import { log } from "./support/bench-env.js";
import { summarize } from "./support/stats.js";

/**
 * One build of the demo's issue, end to end but for Slack and the GitHub API: the real build graph and prompts, the
 * OpenAI adapter talking to the sandbox's scripted model over HTTP (tokens as the fake counts them: characters / 4),
 * real git clones of the sandbox's shop and every command in the real bubblewrap sandbox. Prints the wall time per
 * build and what it spent; the model's own thinking time is not in it, so with a real model add its latency per step.
 */
export async function buildRun(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 5;
  const server = await createFakeOpenAI({ apiKey: "sk-bench" });
  server.respond(scriptedModel);
  const model = createOpenAIModelAdapter({
    client: createOpenAIClient({ apiKey: "sk-bench", baseUrl: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 }),
    config: { tasks: {}, fallback: {}, pricing: {}, timeoutMs: 10_000, defaultModel: "gpt-4.1-mini" },
    logger: silentLogger,
  });
  const times: number[] = [];
  let last: { steps: number; tokens: number; commands: number } | null = null;
  try {
    for (let i = 0; i < runs; i++) {
      const world = await buildWorld({ model, build: { testCommand: "node --test" } });
      try {
        const issue = world.forge.addIssue({ title: "The checkout button crashes on Safari", body: "Click Pay: TypeError, prices is undefined.", labels: ["type:bug", "factory:ready"] });
        const started = performance.now();
        await world.harness.start({ mode: "build", issue: issue.number, trigger: { kind: "schedule", id: `bench-${i}` } });
        times.push(performance.now() - started);
        const state = (await world.harness.state()) as { spend?: { steps: number; tokens: number }; commands?: unknown[]; pr?: unknown };
        if (!state.pr) throw new Error("the benchmark build opened no PR");
        last = { steps: state.spend?.steps ?? 0, tokens: state.spend?.tokens ?? 0, commands: state.commands?.length ?? 0 };
      } finally {
        await world.close();
      }
    }
  } finally {
    await server.close();
  }
  const result = { runs, wallMs: summarize(times), perBuild: last };
  log(`build: p50 ${result.wallMs.p50} ms per build, ${last?.tokens} tokens in ${last?.steps} steps`);
  return result;
}
