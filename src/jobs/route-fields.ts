/**
 * Reading a delivery's payload in the routes. A payload is whatever JSON its sender sent: any field may hold any type,
 * and even turning an object into text can throw (`{"toString": 1}` has no callable toString), so the routes read
 * text, numbers and objects through these and never put a payload value into a string unchecked.
 */
export const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A PR or issue number: a positive whole number. */
export const positiveInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : undefined);

export const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
