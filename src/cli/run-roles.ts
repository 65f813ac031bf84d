import { migrate, pendingMigrations } from "../adapters/postgres/migrate.js";
import type { Config } from "../config/load-config.js";
import { createContainer } from "../container.js";
import { AppError, ErrorCode } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { runScheduler } from "../roles/run-scheduler.js";
import { runWeb } from "../roles/run-web.js";
import { runWorker } from "../roles/run-worker.js";
import { waitForDependencies } from "../roles/wait-for-dependencies.js";

export type Role = "web" | "worker" | "scheduler";

/**
 * Starts the given roles in this process and runs until SIGTERM/SIGINT. Shutdown order: stop accepting
 * requests, let running jobs finish within the grace period, release the scheduler lease, close
 * connections. A second signal exits at once.
 */
export async function runRoles(config: Config, logger: Logger, roles: Role[], opts: { migrate: boolean }): Promise<void> {
  const abort = new AbortController();
  const c = await createContainer(config, { logger, metrics: createMetrics() });
  const stopping = new Promise<string>((resolve) => {
    let signalled = false;
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      process.on(sig, () => {
        if (signalled) process.exit(130);
        signalled = true;
        abort.abort();
        resolve(sig);
      });
    }
  });

  await waitForDependencies(c, { signal: abort.signal });
  if (opts.migrate) {
    await migrate({ databaseUrl: config.database.url, log: (m) => logger.debug({}, m) });
  } else {
    const pending = await pendingMigrations(c.pool);
    if (pending.length) {
      throw new AppError(ErrorCode.DatabaseUnavailable, `the database schema is behind (${pending.join(", ")}); run \`shopfloor migrate\` first`);
    }
  }

  const web = roles.includes("web") ? await runWeb(c) : null;
  const workers = roles.includes("worker") ? runWorker(c) : null;
  const scheduler = roles.includes("scheduler") ? runScheduler(c) : null;
  logger.info({ roles, dryRun: config.dryRun }, "shopfloor started");

  const signal = await stopping;
  logger.info({ signal }, "shutting down");
  await web?.stop().catch((e) => logger.warn({ err: String(e) }, "web stop failed"));
  await workers?.close();
  await scheduler?.stop();
  await c.close();
  logger.info({}, "stopped");
}
