export type * from "./chat-port.js";
export type * from "./forge-port.js";
export type * from "./model-port.js";
export type * from "./error-tracker-port.js";
export type * from "./ops-port.js";
export type { ClockPort } from "./clock-port.js";
export { systemClock } from "./clock-port.js";
export type * from "./run-starter.js";
export type * from "./probe-port.js";
