import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config/load-config.js";
import { toAppError } from "../core/errors.js";
import { createLogger } from "../observability/create-logger.js";
import { reportError } from "../observability/report-error.js";
import { runDemo } from "../demo/run-demo.js";
import { runDoctorCommand } from "./doctor-command.js";
import { runManifestCommand } from "./manifest-command.js";
import { runMigrateCommand } from "./migrate-command.js";
import { runRoles, type Role } from "./run-roles.js";

const USAGE = `Usage: shopfloor <command> [options]

Commands:
  start        web + worker + scheduler in one process (applies migrations first)
  web          Slack, GitHub and Sentry ingress, health and metrics (HTTP on $PORT)
  worker       runs the automations (scale out: as many as you like)
  scheduler    owns the job schedules (run one; extra ones stand by)
  migrate      create the database if needed and apply migrations
  doctor       check configuration and every connection; non-zero exit when something is wrong
               (--fix also creates the repository's missing labels)
  manifest     print the Slack app manifest:  --url https://your.host  |  --socket
  demo         play a bug report through Shopfloor against a local sandbox

Configuration: environment variables (README § Configuration) and shopfloor.yml ($SHOPFLOOR_CONFIG).`;

/** The third place errors are mapped (DESIGN §6): the process top level. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === "manifest") return runManifestCommand(rest);
  if (command === "demo") return runDemo(process.env, parseArgs({ args: rest, options: { verbose: { type: "boolean" } } }).values);

  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const logger = createLogger({ level: config.logLevel });
  switch (command) {
    case "migrate":
      return runMigrateCommand(config);
    case "doctor":
      return runDoctorCommand(config, parseArgs({ args: rest, options: { fix: { type: "boolean" } } }).values);
    case "start":
    case "web":
    case "worker":
    case "scheduler": {
      const roles: Role[] = command === "start" ? ["web", "worker", "scheduler"] : [command];
      await runRoles(config, logger, roles, { migrate: command === "start" });
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (e: unknown) => {
    const err = toAppError(e);
    reportError(err, { role: process.argv[2] ?? "cli" });
    console.error(`shopfloor: ${event}: ${err.code}: ${err.message}`);
    process.exit(1);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = toAppError(e);
    reportError(err, { role: process.argv[2] ?? "cli" });
    console.error(`shopfloor: ${err.code}: ${err.message}`);
    process.exitCode = 1;
  },
);
