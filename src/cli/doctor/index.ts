/** `shopfloor doctor`: build the checks from the running configuration and clients, run them, print the table. */
export { buildDoctorChecks, type DoctorDeps } from "./checks.js";
export { openDoctorConnections, type DoctorConnections } from "./connections.js";
export type { DoctorPg, DoctorRedis } from "./infra-checks.js";
export { secretsOf } from "./redact.js";
export { doctorExitCode, formatDoctorTable, runDoctor, type RunDoctorOptions } from "./run-doctor.js";
export { MIGRATIONS_DIR, shippedMigrations } from "../../adapters/postgres/migrate.js";
export type { CheckResult, CheckStatus, DoctorCheck, DoctorResult } from "./types.js";
