import type { Config } from "../config/load-config.js";
import { createPorts } from "../container.js";
import { silentLogger } from "../core/logger.js";
import {
  buildDoctorChecks,
  doctorExitCode,
  formatDoctorTable,
  openDoctorConnections,
  runDoctor,
  shippedMigrations,
} from "./doctor/index.js";

/** `shopfloor doctor`: the same clients the running Shopfloor would build, checked one by one. */
export async function runDoctorCommand(config: Config): Promise<number> {
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
      }),
    );
    console.log(formatDoctorTable(results));
    return doctorExitCode(results);
  } finally {
    await connections.close();
  }
}
