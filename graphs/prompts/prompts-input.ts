import { z } from "zod";
import { promptsUsageText } from "../../src/blocks/prompt-version-blocks.js";

/** The graph's registered name. */
export const PROMPTS_GRAPH = "prompts";

/** The edge's answer when promptsArgs cannot read the arguments. */
export const PROMPTS_USAGE = promptsUsageText();

/** `/shopfloor prompts [list | history <name> | rollback <name>]`. */
export const promptsInput = z.object({
  action: z.enum(["list", "history", "rollback"]),
  /** `<graph>/<node>`, as promptsArgs normalised it. */
  name: z.string().min(1).max(200).optional(),
  user: z.string().min(1),
  channel: z.string().min(1).optional(),
  responseUrl: z.url().optional(),
});
export type PromptsInput = z.infer<typeof promptsInput>;

const promptId = /^[a-z0-9][a-z0-9_-]*\/[a-z0-9][a-z0-9_-]*$/;

/**
 * A prompt name as people type it: `review/tests`, `review.tests`, `` `review/tests` ``, `*review/tests*`, or the
 * file's path `prompts/review/tests.prompt.yml`. Null when it cannot be a prompt id.
 */
function promptName(raw: string): string | null {
  let name = raw
    .trim()
    .replace(/^[*`]+|[*`.,;:!?]+$/g, "")
    .toLowerCase()
    .replace(/^prompts\//, "")
    .replace(/\.prompt\.ya?ml$/, "");
  if (!name.includes("/") && name.split(".").length === 2) name = name.replace(".", "/");
  return promptId.test(name) ? name : null;
}

/**
 * The text after `/shopfloor prompts`: "" or "list", "history <name>", "rollback <name>"; null for anything else.
 * The edge and the router read a command's arguments with this one function, so they never disagree.
 */
export function promptsArgs(args: string): { action: "list" } | { action: "history" | "rollback"; name: string } | null {
  const [verb = "list", ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const action = verb.toLowerCase();
  if (action === "list") return rest.length === 0 ? { action } : null;
  if (action !== "history" && action !== "rollback") return null;
  if (rest.length !== 1) return null;
  const name = promptName(rest[0] as string);
  return name ? { action, name } : null;
}
