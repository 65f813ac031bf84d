import { Writable } from "node:stream";
import type { Logger } from "../../../src/core/logger.js";
import { createLogger } from "../../../src/observability/create-logger.js";

/**
 * Shopfloor's own pino logger (redaction and token masking included), writing into memory, so a test can read what an
 * operator would read in the logs.
 */
export function capturedLog(): { logger: Logger; mark(): number; since(mark: number): string; all(): string } {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  return {
    logger,
    mark: () => lines.length,
    since: (mark) => lines.slice(mark).join(""),
    all: () => lines.join(""),
  };
}
