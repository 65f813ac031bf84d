import { z } from "zod";

/**
 * The automations a person can ask about by name ("why did the review of #123 fail?"). Each is the name of its
 * graph, so the runs of the run ledger are found by it.
 */
export const RUN_AUTOMATIONS = ["review", "build", "triage", "verify", "merge", "shepherd", "incident", "recap", "audit"] as const;
export type RunAutomation = (typeof RUN_AUTOMATIONS)[number];

/** Who asked about which PR (or which automation's run on it), and where the answer goes. */
export const explainInput = z
  .object({
    /** A slash command answers through its response_url; a mention answers in its thread. */
    via: z.enum(["command", "mention"]),
    number: z.number().int().positive(),
    /** owner/name when the PR was given as a GitHub link: a link to another repository is answered, not followed. */
    repository: z.string().min(1).optional(),
    /** What is asked about: why the PR is stuck (the default), or why a run of `automation` on it failed. */
    about: z.enum(["pr", "run"]).optional(),
    automation: z.enum(RUN_AUTOMATIONS).optional(),
    user: z.string().min(1),
    channel: z.string().min(1),
    /** The mention message (for reactions) and the thread to reply in. */
    messageTs: z.string().optional(),
    threadTs: z.string().optional(),
    responseUrl: z.url().optional(),
  })
  .refine((i) => i.about !== "run" || i.automation !== undefined, { message: "a question about a run names its automation", path: ["automation"] });
export type ExplainInput = z.infer<typeof explainInput>;
