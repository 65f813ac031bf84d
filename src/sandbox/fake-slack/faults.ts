/**
 * Fault injection for the fake Web API, in Slack's real formats:
 * - `failNext`: HTTP 200 `{ ok: false, error }` and the call has no effect;
 * - `rateLimitNext`: HTTP 429 with `Retry-After` and no effect;
 * - `hold`: the call takes effect, but its HTTP response waits until `release()` — the window where Slack
 *   accepted a write and the caller has not recorded it yet.
 */
export interface HeldCall {
  /** Resolves once the call arrived and its effect is applied to the workspace. */
  arrived: Promise<void>;
  /** Send the held response. */
  release(): void;
}

export type Fault =
  | { kind: "fail"; error: string; extra?: Record<string, unknown> }
  | { kind: "rateLimit"; retryAfterSeconds: number };

interface PendingHold {
  arrived: () => void;
  released: Promise<void>;
  release: () => void;
  /** Only calls whose arguments match are held; others pass. */
  when?: (args: Record<string, unknown>) => boolean;
}

export class FaultInjector {
  private readonly queued = new Map<string, Fault[]>();
  private readonly holds = new Map<string, PendingHold[]>();
  private readonly live = new Set<() => void>();

  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, opts: { error: string; times?: number; extra?: Record<string, unknown> }): void {
    for (let i = 0; i < (opts.times ?? 1); i++) {
      this.enqueue(method, { kind: "fail", error: opts.error, ...(opts.extra ? { extra: opts.extra } : {}) });
    }
  }

  /** The next `times` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(method: string, retryAfterSeconds: number, times = 1): void {
    for (let i = 0; i < times; i++) this.enqueue(method, { kind: "rateLimit", retryAfterSeconds });
  }

  /**
   * Hold the HTTP response of the next call of `method` (the call itself takes effect); with `when`, the next
   * call whose arguments match.
   */
  hold(method: string, when?: (args: Record<string, unknown>) => boolean): HeldCall {
    let arrived!: () => void;
    const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const pending: PendingHold = { arrived, released, release, ...(when ? { when } : {}) };
    const list = this.holds.get(method) ?? [];
    list.push(pending);
    this.holds.set(method, list);
    this.live.add(release);
    return {
      arrived: arrivedPromise,
      release: () => {
        this.live.delete(release);
        release();
      },
    };
  }

  /** Forget queued faults and let every held response go. */
  clear(): void {
    this.queued.clear();
    this.holds.clear();
    this.releaseAll();
  }

  releaseAll(): void {
    for (const release of this.live) release();
    this.live.clear();
  }

  /** @internal Take the fault for this call, if any. */
  takeFault(method: string): Fault | undefined {
    const list = this.queued.get(method);
    const fault = list?.shift();
    if (list && list.length === 0) this.queued.delete(method);
    return fault;
  }

  /** @internal Take the hold for this call, if any: tell the test it arrived, and wait for release. */
  takeHold(method: string, args: Record<string, unknown>): { arrived(): void; released: Promise<void> } | undefined {
    const list = this.holds.get(method);
    const index = list?.findIndex((h) => !h.when || h.when(args)) ?? -1;
    if (!list || index < 0) return undefined;
    const [hold] = list.splice(index, 1);
    if (list.length === 0) this.holds.delete(method);
    return hold;
  }

  private enqueue(method: string, fault: Fault): void {
    const list = this.queued.get(method) ?? [];
    list.push(fault);
    this.queued.set(method, list);
  }
}
