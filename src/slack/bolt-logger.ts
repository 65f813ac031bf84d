import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../core/logger.js";

/** Bolt logs through our pino logger, so its lines carry the same bindings and redaction. */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: "bolt" });
  const text = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  let level = LogLevel.INFO;
  return {
    debug: (...m) => log.debug({}, text(m)),
    info: (...m) => log.info({}, text(m)),
    warn: (...m) => log.warn({}, text(m)),
    error: (...m) => log.error({}, text(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
