import { z } from "zod";

/**
 * What a Block Kit button carries so a click can resume the graph that is waiting for it: the graph, its
 * thread and the pending interrupt's id, plus the choice. Slack shows `value` to nobody but sends it back
 * verbatim (≤ 2,000 characters); it holds ids only, never a secret. Who clicked is checked by the graph.
 */
const buttonValue = z.object({
  g: z.string().min(1),
  t: z.string().min(1),
  i: z.string().min(1),
  c: z.string().max(200),
});

export interface ResumeTarget {
  graph: string;
  threadId: string;
  interruptId: string;
  /** The choice the button stands for ("approve", "snooze-1h", …). */
  choice: string;
}

export function encodeButtonValue(target: ResumeTarget): string {
  const value = JSON.stringify({ g: target.graph, t: target.threadId, i: target.interruptId, c: target.choice });
  if (value.length > 2000) throw new Error("button value longer than Slack's 2,000 characters");
  return value;
}

/** null for buttons that do not resume a graph (links, or values from elsewhere). */
export function decodeButtonValue(value: string | undefined): ResumeTarget | null {
  if (!value) return null;
  try {
    const parsed = buttonValue.safeParse(JSON.parse(value));
    return parsed.success ? { graph: parsed.data.g, threadId: parsed.data.t, interruptId: parsed.data.i, choice: parsed.data.c } : null;
  } catch {
    return null;
  }
}
