/** Memoise a successful async answer for `ttlMs`; failures are not cached, so the next call tries again. */
export function cached<T>(ttlMs: number, fn: () => Promise<T>): () => Promise<T> {
  let value: { at: number; v: T } | null = null;
  return async () => {
    if (value && Date.now() - value.at < ttlMs) return value.v;
    const v = await fn();
    value = { at: Date.now(), v };
    return v;
  };
}
