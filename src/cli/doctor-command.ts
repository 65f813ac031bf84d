import type { Config } from "../config/load-config.js";
import { createPorts } from "../container.js";
import { silentLogger } from "../core/logger.js";
import { configuredLabels } from "./doctor/configured-labels.js";
import {
  buildDoctorChecks,
  doctorExitCode,
  formatDoctorTable,
  openDoctorConnections,
  runDoctor,
  shippedMigrations,
} from "./doctor/index.js";

/**
 * `shopfloor doctor`: the same clients the running Shopfloor would build, checked one by one. With `--fix`
 * it also creates the labels of the convention that the repository lacks.
 */
export async function runDoctorCommand(config: Config, opts: { fix?: boolean } = {}): Promise<number> {
  const connections = openDoctorConnections(config);
  const ports = createPorts(config, silentLogger);
  try {
    const results = await runDoctor(
      buildDoctorChecks({
        config,
        pg: connections.pg,
        redis: connections.redis,
        expectedMigrations: await shippedMigrations(),
        ...(config.slack.botToken ? { chat: ports.chat } : {}),
        ...(config.github.auth.kind !== "none" && config.github.repository ? { forge: ports.forge } : {}),
        ...(config.model.apiKey || config.model.baseUrl ? { model: ports.model } : {}),
        ...(ports.errorTracker ? { errorTracker: ports.errorTracker } : {}),
        workspaces: ports.workspaces,
      }),
    );
    console.log(formatDoctorTable(results));
    if (opts.fix) {
      if (config.github.auth.kind === "none" || !config.github.repository) {
        console.log("\n--fix: GitHub is not configured, no labels created.");
      } else {
        const created = await ports.forge.ensureLabels(configuredLabels(config));
        console.log(created.length ? `\n--fix: created labels ${created.join(", ")}.` : "\n--fix: every label already exists.");
      }
    }
    return doctorExitCode(results);
  } finally {
    await connections.close();
  }
}
