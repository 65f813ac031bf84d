import { z } from "zod";

/** The graph's registered name: the control itself is never paused, so it is left out of `settings.automations`. */
export const AUTOMATION_CONTROL_GRAPH = "automation-control";

/** A pause or resume, from `/shopfloor pause|resume`, a button on the App Home or the circuit breaker's Resume button. */
export const automationControlInput = z.object({
  action: z.enum(["pause", "resume"]),
  automation: z.string().min(1).max(100),
  user: z.string().min(1),
  /**
   * A command, or a click on a message (the circuit breaker's alert), answers privately through its response_url; a
   * Home click answers by republishing the clicker's Home.
   */
  via: z.enum(["command", "home", "card"]),
  channel: z.string().min(1).optional(),
  responseUrl: z.url().optional(),
  reason: z.string().max(500).optional(),
});
export type AutomationControlInput = z.infer<typeof automationControlInput>;

/**
 * `build waits for the release` → `{ automation: "build", reason: "waits for the release" }`; null without a name.
 * The edge and the router read a command's arguments with this one function, so they never disagree.
 */
export function controlArgs(args: string): { automation: string; reason?: string } | null {
  const [first, ...rest] = args.trim().split(/\s+/);
  // People paste names as they see them on the Home tab (`*build*`) or in code (`build`).
  const automation = (first ?? "").replace(/^[*`_]+|[*`_.,;:!?]+$/g, "").toLowerCase();
  if (!automation) return null;
  const reason = rest.join(" ").trim();
  return reason ? { automation, reason: reason.slice(0, 500) } : { automation };
}
