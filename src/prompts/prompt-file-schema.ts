import { z } from "zod";

/**
 * One prompt file, `prompts/<graph>/<node>.prompt.yml`, in the GitHub Models prompt format
 * (https://docs.github.com/github-models/use-github-models/storing-prompts-in-github-repositories) so the
 * same file can be evaluated with `gh models eval`. `untrusted` is Shopfloor's own key: the variables
 * whose values come from outside (reports, PRs, logs) and are fenced when rendered.
 */
export const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

const message = z
  .object({
    role: z.enum(["system", "user", "assistant"]),
    content: z.string().min(1, "must not be empty"),
  })
  .strict();

export const promptFileSchema = z
  .object({
    name: z.string().min(1, "must not be empty"),
    description: z.string().optional(),
    model: z.string().min(1).optional(),
    modelParameters: z
      .object({
        temperature: z.number().min(0).max(2).optional(),
        max_tokens: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    untrusted: z
      .array(z.string().regex(variableName, "must be a variable name such as report or pr_diff"))
      .default([]),
    messages: z.array(message).min(1, "needs at least one message"),
    // GitHub Models keys kept for `gh models eval`; the zod schema in code stays the authority at run time.
    responseFormat: z.enum(["text", "json_object", "json_schema"]).optional(),
    jsonSchema: z.unknown().optional(),
    testData: z.array(z.record(z.string(), z.unknown())).optional(),
    evaluators: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

export type PromptFile = z.output<typeof promptFileSchema>;
