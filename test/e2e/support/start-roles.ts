import type { E2EWorld } from "./e2e-world.js";
import { spawnShopfloor, type ShopfloorProcess } from "./shopfloor-process.js";

export interface StartedRoles {
  web: ShopfloorProcess;
  worker: ShopfloorProcess;
  /** `http://127.0.0.1:<port>` of the web process. */
  baseUrl: string;
  /** Where the fake Slack delivers events, commands and clicks. */
  slackUrl: string;
  /** The environment both processes were started with: the world's, plus `opts.env`. */
  env: Record<string, string>;
}

/**
 * Starts `shopfloor web`, then `shopfloor worker`, each as its own process, and resolves once both say they are up.
 * With `githubEvents`, the fake GitHub then delivers those events to the web process, signed, like a repository
 * webhook. The worker starts after the web process is listening, so the two never race to load the app on a busy
 * machine. If either fails to come up, both are stopped before the error is rethrown: a failed set-up leaves no
 * process behind for the next test file.
 */
export async function startWebAndWorker(world: E2EWorld, opts: { env?: Record<string, string>; githubEvents?: string[] } = {}): Promise<StartedRoles> {
  const env = { ...world.env, ...opts.env };
  const web = spawnShopfloor("web", env);
  let worker: ShopfloorProcess | undefined;
  try {
    const listening = await web.waitForLog((l) => l.msg === "web listening");
    worker = spawnShopfloor("worker", env);
    await worker.waitForLog((l) => l.msg === "shopfloor started");
    const baseUrl = `http://127.0.0.1:${String(listening.port)}`;
    if (opts.githubEvents) world.sandbox.github.subscribe(`${baseUrl}/github/webhooks`, env.GITHUB_WEBHOOK_SECRET!, { events: opts.githubEvents });
    return { web, worker, baseUrl, slackUrl: `${baseUrl}/slack/events`, env };
  } catch (err) {
    await Promise.all([web.stop(), worker?.stop()]);
    throw err;
  }
}
